// Sheaf core: footnotes, kramdown and GFM style.
//
// "[^id]" is a reference and a line starting "[^id]:" (column 0) a
// definition; the definition's text runs on its lazy continuation lines.
// The tree keeps both where they are written (FootnoteRef inline, its text
// the id; FootnoteDef block holding the definition's inlines, its text the
// id), so an edit re-parses only the blocks it touches. Numbering (by first
// reference), which references have a definition, and the list drawn at the
// end of the post are worked out from the tree by collect_footnotes.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"

namespace sheaf {

// Length of an id after "[^" at s[0]: the "[^id]" is s[0, 3 + len). 0 when
// s does not start with a footnote mark. Ids have no spaces and no brackets.
size_t footnote_mark_len(std::string_view s);

struct FootnoteInfo {
  std::string id;
  int number = 0;          // 1-based, by first reference; 0: defined, never referenced
  uint32_t def = kNoNode;  // the first FootnoteDef with this id (later ones are duplicates)
  std::vector<uint32_t> refs;  // FootnoteRef nodes, in document order
};

struct Footnotes {
  std::vector<FootnoteInfo> notes;  // numbered ones first (by number), then unreferenced definitions
  // For a FootnoteRef node: its note's index in `notes`, or -1 when no
  // definition has its id (the reference is drawn as the text it is).
  int note_of_ref(uint32_t node) const;
  int note_of_def(uint32_t node) const;  // -1 for a duplicate definition
  std::vector<std::pair<uint32_t, int>> ref_index, def_index;  // sorted by node
};

// Linear in the tree. Only references with a definition get numbers.
Footnotes collect_footnotes(const MarkdownTree& tree, std::string_view text);

}  // namespace sheaf
