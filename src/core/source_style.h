// Sheaf source style: what each byte of a post's source is, read from the
// real parse (the front matter and the Markdown tree with its source ranges),
// so the editor styles exactly what the preview renders: a `**` that md4c did
// not take as strong stays plain in both.
//
// The result is a partition of a byte range into runs of equal flags. The
// editor maps flags to fonts and inks; nothing here knows how they look.
// Work is linear in the bytes styled plus the nodes of the top-level blocks
// that touch them, so styling the rows around an edit costs only their blocks.
//
// [SECTION] Runs
// [SECTION] Styler
#pragma once
#include <cstdint>
#include <utility>
#include <vector>

#include "core/document.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Runs
//-----------------------------------------------------------------------------

enum SourceFlags : uint16_t {
  Src_None = 0,
  Src_Strong = 1 << 0,
  Src_Emphasis = 1 << 1,
  Src_Strike = 1 << 2,
  Src_Code = 1 << 3,         // inline code, code block content, math: the code font
  Src_CodeBlock = 1 << 4,    // inside a fenced or indented code block (the row gets a band)
  Src_Marker = 1 << 5,       // syntax: emphasis and code delimiters, list and quote markers, '#', fences, pipes
  Src_LinkText = 1 << 6,     // the visible text of a link, an autolink, a wiki link
  Src_Url = 1 << 7,          // a link's destination and title (muted)
  Src_FrontMatter = 1 << 8,  // inside the front matter block (fences included)
  Src_Key = 1 << 9,          // a front-matter key
  Src_Error = 1 << 10,       // where a diagnostic points (underlined)
  Src_Html = 1 << 11,        // raw HTML, <br> included
  // Bits 12..14: heading level 1..6 (0: not a heading).
  Src_HeadingShift = 12,
  Src_HeadingMask = 7 << 12,
};

constexpr int source_heading(uint16_t flags) { return (flags & Src_HeadingMask) >> Src_HeadingShift; }

struct SourceRun {
  uint32_t begin = 0, end = 0;
  uint16_t flags = 0;
  bool operator==(const SourceRun& o) const { return begin == o.begin && end == o.end && flags == o.flags; }
};

//-----------------------------------------------------------------------------
// [SECTION] Styler
//-----------------------------------------------------------------------------

// Holds what styling needs besides the tree: the top-level blocks in order
// (for a binary search) and where each diagnostic lands in bytes. Prepared
// once per parse; the Document must outlive it (or prepare() again).
class SourceStyler {
 public:
  void prepare(const Document& doc);
  // Runs covering text[begin, end) exactly (clamped to the text), adjacent
  // runs with different flags, appended to `out`.
  void style(uint32_t begin, uint32_t end, std::vector<SourceRun>& out) const;
  const Document* document() const { return doc_; }

 private:
  const Document* doc_ = nullptr;
  std::vector<uint32_t> blocks_;                         // children of the root, when the tree keeps none
  bool tree_top_ = false;                                // use doc_->tree.top instead (no copy per keystroke)
  std::vector<std::pair<uint32_t, uint32_t>> errors_;    // byte ranges of diagnostics, sorted
  uint32_t longest_error_ = 0;
};

// The whole text at once (tests, the differential check).
std::vector<SourceRun> style_source(const Document& doc);

}  // namespace sheaf
