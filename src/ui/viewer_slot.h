// Temporary body view until the full viewer (ui/doc_view.h) lands.
#pragma once
#include <cstddef>
#include <cstdint>

#include "imgui.h"

namespace sheaf {
struct Document;
class ViewerSlot {
 public:
  void draw(const Document& doc, uint64_t version, ImVec2 size);
  size_t block_count() const { return blocks_; }
  int missing_glyphs() const { return 0; }

 private:
  size_t blocks_ = 0;
};
}  // namespace sheaf
