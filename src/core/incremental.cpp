// Sheaf core: incremental re-parse (see incremental.h).
#include "core/incremental.h"

#include <utility>

namespace sheaf {

ReparseSpan reparse_after_edit(Document& doc, std::string new_text, uint32_t, uint32_t, uint32_t) {
  std::string path = doc.path;
  doc = parse_document(std::move(path), std::move(new_text));
  return ReparseSpan{};
}

}  // namespace sheaf
