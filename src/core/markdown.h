// Sheaf core: Markdown body -> MarkdownTree, using md4c (GitHub dialect).
//
// Tree conventions (see also document.h, [SECTION] Markdown tree):
// - nodes[0] is the Document; its range is [body_begin, text.size()).
// - Block ranges cover whole lines: from the first byte of the block's first
//   line (list markers, '>' and indentation included) to just after the '\n'
//   of its last line (or the end of the text). Fenced code includes both
//   fences, setext headings their underline, tables their delimiter row.
//   Exception: table cells, which share a line, cover their trimmed content
//   (an empty cell is an empty range just after its opening '|').
// - Inline ranges cover their delimiters: "**b**", "[t](u \"x\")", "`c`",
//   "<http://a>"; a Text node covers exactly its bytes (an entity node covers
//   "&amp;"); a SoftBreak covers the line ending; a HardBreak covers the
//   trailing spaces or backslash plus the line ending, or the "<br>" tag.
// - A child's range lies inside its parent's; siblings do not overlap and
//   come in source order.
// - Text/CodeSpan/HtmlInline/HtmlBlock/CodeBlock carry text (MarkdownTree::text).
//   Text is zero-copy into the file when md4c hands a pointer into it; decoded
//   entities, U+FFFD for NUL, and code/HTML lines that are not contiguous in
//   the file (indentation or '>' removed) live in the pool.
// - Raw "<br>" ("<br/>", "<br />", any case) becomes a HardBreak (flags=1);
//   an HTML block made only of <br> tags and text is re-parsed as Markdown
//   (so "<br>\ntext" is a paragraph with a line break). Both can be turned off.
#pragma once
#include "core/document.h"

namespace sheaf {

struct MarkdownOptions {
  // md4c parser flags; the default is the GitHub dialect with raw HTML kept.
  unsigned flags = 0xffffffffu;  // 0xffffffff = default_markdown_flags()
  // Turn raw <br> into HardBreak nodes (inline and in <br>-only HTML blocks).
  bool br_as_break = true;
  // A top-level block that is exactly this text becomes an ExcerptBreak
  // (Jekyll's excerpt_separator; the site model may set another). Empty: none.
  std::string excerpt_separator = "<!--more-->";
};

unsigned default_markdown_flags();

// Parses text[body_begin..] into `tree`. Source ranges in the tree index into
// `text` (the whole file). Never recurses on the document's nesting depth.
void parse_markdown(std::string_view text, size_t body_begin, MarkdownTree& tree);
void parse_markdown(std::string_view text, size_t body_begin, MarkdownTree& tree, const MarkdownOptions& options);

// Parses text[body_begin, end) as if the Markdown ended at `end` (same
// conventions; the root covers [body_begin, end)), the way a parse from
// `align_to` (the real body start, at or before body_begin) would see it.
// Ranges may look at the text up to `view_end`, as a full parse looks past a
// block (a list item with no text yet takes the next non-blank line). The
// incremental re-parse uses it for the blocks around an edit.
void parse_markdown_range(std::string_view text, size_t body_begin, size_t end, size_t view_end, size_t align_to,
                          MarkdownTree& tree);
void parse_markdown_range(std::string_view text, size_t body_begin, size_t end, size_t view_end, size_t align_to,
                          MarkdownTree& tree, const MarkdownOptions& options);

// md4c's "list item starting with two blank lines" check can come out
// differently for a list that moves or is parsed alone (see the comment at
// the definition). True when the lines text[b, e) may reach it.
bool may_hit_list_check(std::string_view text, size_t b, size_t e);
// That test for the k-th top-level block of `tree` (tree.top filled): false
// unless a list or quote; its lines run to the next block's first line.
bool top_block_may_hit_list_check(const MarkdownTree& tree, std::string_view text, size_t k);

// Fills doc.headings (with unique GitHub-style anchors) and doc.word_count from doc.tree.
void collect_outline(Document& doc);
// The word count's words in `s`: runs of bytes other than ASCII white space.
// `in_word` carries a word from one node to the next ("**굵게**입니다" is one).
size_t count_words(std::string_view s, bool& in_word);

}  // namespace sheaf
