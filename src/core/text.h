// Sheaf core: plain-text helpers over the Markdown tree and UTF-8 text.
//
// Index of this header:
// [SECTION] Entities
// [SECTION] Tree walking
// [SECTION] Plain text, slugs, words

#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include "core/document.h"
#include "core/unicode.h"  // UTF-8 decoding, encoding and sanitizing

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Entities
//-----------------------------------------------------------------------------

// Decodes one entity or numeric character reference, `ent` including '&' and
// ';' ("&amp;", "&#35;", "&#x1F600;"). Appends the UTF-8 result and returns
// true; returns false (appending nothing) when it is not a known reference.
// Numeric references to 0, surrogates or > 0x10FFFF give U+FFFD.
bool decode_entity(std::string_view ent, std::string& out);

// Decodes every reference in `s` (as HTML attribute values are decoded) and
// appends the result.
void append_entity_decoded(std::string& out, std::string_view s);

//-----------------------------------------------------------------------------
// [SECTION] Tree walking
//-----------------------------------------------------------------------------

// Visits the subtree rooted at `root` in document order without recursion
// (the tree links make an explicit stack unnecessary). `fn(index, entering)`
// is called once entering and once leaving each node; returning false when
// entering skips the node's children (the leave call still happens).
template <class Fn>
void walk_tree(const MarkdownTree& tree, uint32_t root, Fn&& fn) {
  if (root >= tree.nodes.size()) return;
  uint32_t n = root;
  bool entering = true;
  for (;;) {
    const Node& node = tree.nodes[n];
    if (entering) {
      bool descend = fn(n, true);
      if (descend && node.first_child != kNoNode) { n = node.first_child; continue; }
      entering = false;
      continue;
    }
    fn(n, false);
    if (n == root) break;
    if (node.next_sibling != kNoNode) { n = node.next_sibling; entering = true; }
    else n = node.parent;
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Plain text, slugs, words
//-----------------------------------------------------------------------------

// Plain text of a subtree: text, code spans and image alt text; soft and hard
// breaks become a space (or '\n' with newlines=true), raw HTML is dropped,
// and blocks are separated by '\n'.
std::string plain_text(const MarkdownTree& tree, std::string_view source, uint32_t node, bool newlines = false);
void append_plain_text(std::string& out, const MarkdownTree& tree, std::string_view source, uint32_t node, bool newlines = false);

// GitHub-style heading anchor: ASCII lowercased, spaces -> '-', punctuation
// and symbols (emoji included) dropped except '-' and '_'; letters of any
// script (Hangul, CJK, Latin, ...) and digits kept.
std::string slugify(std::string_view plain);

// Number of whitespace-separated words (a Korean eojeol counts as one word).
size_t count_words(std::string_view s);

}  // namespace sheaf
