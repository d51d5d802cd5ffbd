// Sheaf core: re-parsing after an edit without re-parsing the whole post.
//
// A keystroke changes a few bytes; the Markdown around them is re-parsed and
// the rest of the tree is kept, moved by the edit's size. The result is the
// tree a full parse_document() of the new text gives, field for field (the
// unit tests check that on random edits); where that cannot be assured
// cheaply (the front matter changed, link reference definitions near the
// edit, a limit reached, a block that swallows what follows, a list md4c
// parses differently depending on where it stands) the whole post is
// re-parsed.
//
// The span tells later stages (the preview's layout) which top-level blocks
// are new, so they can keep theirs for the rest.
#pragma once
#include <cstdint>
#include <string>

#include "core/document.h"

namespace sheaf {

struct ReparseSpan {
  bool full = true;  // the whole post was parsed again: nothing below applies
  // Top-level blocks (children of the root, counted in order): the old
  // tree's [old_first, old_first + old_count) became the new tree's
  // [old_first, old_first + new_count). Blocks before are untouched; blocks
  // after are the same blocks, moved.
  uint32_t old_first = 0, old_count = 0, new_count = 0;
  // The same in node indices: old nodes [node_begin, old_node_end) became new
  // nodes [node_begin, new_node_end); later nodes moved by the difference.
  uint32_t node_begin = 0, old_node_end = 0, new_node_end = 0;
  // The same in bytes of Document::text: old [byte_begin, old_byte_end)
  // became new [byte_begin, new_byte_end); later bytes moved by the difference.
  uint32_t byte_begin = 0, old_byte_end = 0, new_byte_end = 0;
};

// `doc` is a parse of the old text. The new text is the old one with bytes
// [at, at + removed) replaced by `inserted` bytes, and `new_text` holds it.
// On return `doc` equals parse_document(doc.path, new_text).
ReparseSpan reparse_after_edit(Document& doc, std::string new_text, uint32_t at, uint32_t removed, uint32_t inserted);

}  // namespace sheaf
