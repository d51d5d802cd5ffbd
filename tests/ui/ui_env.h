// Shared setup for the GPU-free UI tests: one ImGui context with the real
// fonts, a frame open so baked fonts are valid, and tree-building helpers.
#pragma once
#include <string>
#include <string_view>

#include "core/document.h"
#include "imgui.h"
#include "ui/doc_view.h"

namespace sheaf::test {

// Creates the context and loads fonts once; begins a frame if none is open.
void ensure_frame();
// Ends the current frame and starts the next one.
void next_frame();
// Starts the next frame and draws `v` in a 900x600 window at the origin.
void draw_view(DocView& v);

// Builds a MarkdownTree by hand (until parse_document is on main).
struct TreeBuilder {
  Document& doc;
  explicit TreeBuilder(Document& d);
  uint32_t add(uint32_t parent, NodeType t);
  // Appends `s` to doc.text and adds a Text node pointing at it.
  uint32_t text(uint32_t parent, std::string_view s);
  uint32_t block(uint32_t parent, NodeType t, std::string_view src);
};

}  // namespace sheaf::test
