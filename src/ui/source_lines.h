// Sheaf source lines: the source editor's view model. The text is cut into
// rows (a source line, or a 16 KB slice of a longer one), each styled and
// laid out by the viewer's inline engine at the pane's width, so soft wrap
// breaks where the preview breaks: at spaces, and between syllables only in
// a word wider than the line.
//
// An edit re-cuts and re-lays only the rows it touched; the rest keep their
// layout and move by the edit's size. A restyle (after a re-parse) re-lays a
// row only when its styled spans changed. Geometry is pure: no drawing here,
// so tests measure wrapping and caret motion without a GPU.
//
// [SECTION] Rows
// [SECTION] Positions
#pragma once
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "ui/layout.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Rows
//-----------------------------------------------------------------------------

// What a styler says of a whole row besides its spans.
enum RowFlags : uint8_t {
  RowFlags_None = 0,
  RowFlags_CodeBg = 1 << 0,       // fenced or indented code: a tinted band
  RowFlags_FrontMatter = 1 << 1,  // the front matter block: a tinted band
};

// Fills `out` (empty on entry) with the styled bytes of src[begin, end): the
// text must be exactly those bytes (spans exact), so offsets map one to one.
using RowStyler = std::function<void(std::string_view src, uint32_t begin, uint32_t end, float font_size,
                                     InlineText& out, uint8_t& row_flags)>;

// The styler without Markdown: one body-font span.
void plain_row_style(std::string_view src, uint32_t begin, uint32_t end, float font_size, InlineText& out,
                     uint8_t& row_flags);

struct SourceRow {
  uint32_t begin = 0, end = 0;  // bytes shown on this row (no line break, no '\r' before it)
  uint32_t next = 0;            // where the next row begins (after the line break, if any)
  float y = 0, h = 0;           // content y of the row's top, its height
  uint8_t flags = 0;            // RowFlags
  bool laid = false;            // layout matches text, style and width
  InlineText text;
  TextLayout layout;
};

struct SourceLayoutParams {
  float wrap_width = 600;  // <= 0: no wrap (one visual line per row)
  float font_size = 16;    // body size in pixels (zoom applied)
  float line_spacing = 1.5f;
  unsigned font_epoch = 0;  // fonts_epoch(): new glyph advances lay every row out again
};

class SourceLines {
 public:
  static constexpr uint32_t kRowBytes = 16u << 10;  // longest row; a longer line continues on the next

  void set_styler(RowStyler s) { styler_ = std::move(s); restyle_all(); }
  // A new text: every row cut and laid out afresh.
  void reset(std::string_view text);
  // `text` is the new text after [at, at + removed) of the old one became
  // `inserted` bytes. Re-cuts the rows around the change, keeps the rest.
  void edit(std::string_view text, uint32_t at, uint32_t removed, uint32_t inserted);
  // The styling of bytes [begin, end) may have changed (a re-parse): those
  // rows are styled again and re-laid where their spans differ.
  void restyle(uint32_t begin, uint32_t end);
  void restyle_all() { restyle(0, UINT32_MAX); }
  // Lays out what is stale for `p` (everything when the width or size
  // changed) and recomputes row positions. Cheap when nothing changed.
  void update(const SourceLayoutParams& p, Metrics& m);

  size_t size() const { return rows_.size(); }
  const SourceRow& row(size_t i) const { return rows_[i]; }
  float height() const { return height_; }
  float line_height() const { return line_h_; }  // one body line
  std::string_view text() const { return text_; }
  // The caller's string moved or grew without a change of bytes: point at it again.
  void rebind(std::string_view text) { text_ = text; }
  uint64_t rows_laid() const { return rows_laid_; }  // layouts done so far (for tests and benches)

  size_t row_of_offset(uint32_t off) const;  // the row holding byte `off`
  size_t row_at_y(float y) const;            // the row at content y (clamped)

 private:
  void cut(uint32_t from, uint32_t to, std::vector<SourceRow>& out) const;  // rows of text_[from, to)
  void style_row(SourceRow& r) const;
  void lay_row(SourceRow& r, Metrics& m);
  void place_rows();

  std::string_view text_;
  std::vector<SourceRow> rows_;
  RowStyler styler_ = plain_row_style;
  SourceLayoutParams params_;
  float line_h_ = 16, height_ = 0;
  bool all_stale_ = true, places_stale_ = true;
  uint64_t rows_laid_ = 0;
};

//-----------------------------------------------------------------------------
// [SECTION] Positions
//-----------------------------------------------------------------------------

// A caret position on screen terms: its row, visual line in the row, and
// content coordinates. A byte at a soft-wrap boundary is both the end of one
// visual line and the start of the next; `at_end` picks the first.
struct SourcePos {
  size_t row = 0;
  int line = 0;  // visual line within the row (0 for an empty row)
  float x = 0, y = 0, h = 0;
};

SourcePos locate(const SourceLines& s, uint32_t off, bool at_end, Metrics& m);
// Byte nearest to content (x, y).
uint32_t offset_at_point(const SourceLines& s, float x, float y, Metrics& m);
// Start and end bytes of the visual line holding `off`.
std::pair<uint32_t, uint32_t> visual_line_bounds(const SourceLines& s, uint32_t off, bool at_end, Metrics& m);
// Byte reached by moving `lines` visual lines (negative: up) from `off`,
// aiming at content x `goal_x`.
uint32_t move_visual_lines(const SourceLines& s, uint32_t off, bool at_end, int lines, float goal_x, Metrics& m,
                           bool* lands_at_end = nullptr);

}  // namespace sheaf
