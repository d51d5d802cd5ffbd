// Sheaf core: Markdown body -> MarkdownTree, using md4c (GitHub dialect).
#pragma once
#include "core/document.h"

namespace sheaf {

// Parses text[body_begin..] into `tree`. Source ranges in the tree index into
// `text` (the whole file). Never recurses on the document's nesting depth.
void parse_markdown(std::string_view text, size_t body_begin, MarkdownTree& tree);

// Fills doc.headings (with unique GitHub-style anchors) and doc.word_count from doc.tree.
void collect_outline(Document& doc);

}  // namespace sheaf
