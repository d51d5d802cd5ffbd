// Sheaf source lines: rows, their styling and layout, and positions on them.
//
// [SECTION] Rows
// [SECTION] Positions
#include "ui/source_lines.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/unicode.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Rows
//-----------------------------------------------------------------------------

void plain_row_style(std::string_view src, uint32_t begin, uint32_t end, float font_size, InlineText& out,
                     uint8_t& row_flags) {
  SpanStyle st;
  st.size = font_size;
  out.add(src.substr(begin, end - begin), st, -1, 0, end - begin, true);
  row_flags = RowFlags_None;
}

// Rows of text_[from, to): `from` starts a line; `to` ends one (just after
// its '\n') or is the end of the text, which then also ends with an empty
// row when the text is empty or ends with a line break.
void SourceLines::cut(uint32_t from, uint32_t to, std::vector<SourceRow>& out) const {
  const char* s = text_.data();
  const uint32_t n = uint32_t(text_.size());
  uint32_t b = from;
  while (b < to) {
    const void* nl = memchr(s + b, '\n', to - b);
    const uint32_t eol = nl ? uint32_t(static_cast<const char*>(nl) - s) : to;
    // A line longer than a row continues on the next row, cut between characters.
    while (eol - b > kRowBytes) {
      uint32_t c = uint32_t(floor_code_point(text_, b + kRowBytes));
      if (c <= b) c = b + kRowBytes;
      SourceRow r;
      r.begin = b;
      r.end = r.next = c;
      out.push_back(std::move(r));
      b = c;
    }
    SourceRow r;
    r.begin = b;
    r.end = eol > b && s[eol - 1] == '\r' && nl ? eol - 1 : eol;
    r.next = nl ? eol + 1 : eol;
    out.push_back(std::move(r));
    b = r.next;
    if (!nl) break;
  }
  if (to == n && (n == 0 || s[n - 1] == '\n')) {
    SourceRow r;
    r.begin = r.end = r.next = n;
    out.push_back(std::move(r));
  }
}

void SourceLines::reset(std::string_view text) {
  text_ = text;
  rows_.clear();
  cut(0, uint32_t(text.size()), rows_);
  for (SourceRow& r : rows_) style_row(r);
  places_stale_ = true;
}

void SourceLines::edit(std::string_view text, uint32_t at, uint32_t removed, uint32_t inserted) {
  if (rows_.empty()) return reset(text);
  const int64_t delta = int64_t(inserted) - int64_t(removed);
  // Old rows the change touches, widened to whole lines (a long line's rows
  // are cut from its start).
  size_t i = row_of_offset(at), j = row_of_offset(at + removed);
  while (i > 0 && rows_[i - 1].next == rows_[i - 1].end && rows_[i - 1].end == rows_[i].begin) i--;
  while (j + 1 < rows_.size() && rows_[j].next == rows_[j].end) j++;
  // The last line's row and the empty row after a final line break are cut together.
  if (rows_[j].next >= text_.size()) j = rows_.size() - 1;
  const uint32_t from = rows_[i].begin;
  const bool to_end = j + 1 == rows_.size();
  text_ = text;
  const uint32_t to = to_end ? uint32_t(text.size()) : uint32_t(int64_t(rows_[j].next) + delta);
  std::vector<SourceRow> fresh;
  cut(from, to, fresh);
  for (SourceRow& r : fresh) style_row(r);
  for (size_t k = j + 1; k < rows_.size(); k++) {
    SourceRow& r = rows_[k];
    r.begin = uint32_t(int64_t(r.begin) + delta);
    r.end = uint32_t(int64_t(r.end) + delta);
    r.next = uint32_t(int64_t(r.next) + delta);
  }
  const size_t old_count = j + 1 - i;
  if (fresh.size() == old_count) {
    std::move(fresh.begin(), fresh.end(), rows_.begin() + ptrdiff_t(i));
  } else {
    rows_.erase(rows_.begin() + ptrdiff_t(i), rows_.begin() + ptrdiff_t(j + 1));
    rows_.insert(rows_.begin() + ptrdiff_t(i), std::make_move_iterator(fresh.begin()), std::make_move_iterator(fresh.end()));
  }
  places_stale_ = true;
}

static bool same_spans(const InlineText& a, const InlineText& b) {
  if (a.text != b.text || a.spans.size() != b.spans.size()) return false;
  for (size_t k = 0; k < a.spans.size(); k++) {
    const Span &x = a.spans[k], &y = b.spans[k];
    if (x.begin != y.begin || x.end != y.end || x.style != y.style) return false;
  }
  return true;
}

void SourceLines::style_row(SourceRow& r) const {
  r.text = InlineText();
  r.flags = 0;
  styler_(text_, r.begin, r.end, params_.font_size, r.text, r.flags);
  r.laid = false;
}

void SourceLines::restyle(uint32_t begin, uint32_t end) {
  if (rows_.empty()) return;
  for (size_t k = row_of_offset(begin); k < rows_.size() && rows_[k].begin <= end; k++) {
    SourceRow& r = rows_[k];
    InlineText t;
    uint8_t flags = 0;
    styler_(text_, r.begin, r.end, params_.font_size, t, flags);
    if (flags == r.flags && same_spans(t, r.text)) continue;
    r.text = std::move(t);
    r.flags = flags;
    r.laid = false;
    places_stale_ = true;
  }
}

void SourceLines::lay_row(SourceRow& r, Metrics& m) {
  InlineOptions opt;
  opt.wrap_width = params_.wrap_width;
  opt.line_spacing = params_.line_spacing;
  layout_inline(r.text, opt, m, r.layout);
  r.h = r.text.empty() || r.layout.lines.empty() ? line_h_ : std::max(r.layout.height, 1.0f);
  r.laid = true;
  rows_laid_++;
}

void SourceLines::place_rows() {
  float y = 0;
  for (SourceRow& r : rows_) {
    r.y = y;
    y += r.h;
  }
  height_ = y;
  places_stale_ = false;
}

void SourceLines::update(const SourceLayoutParams& p, Metrics& m) {
  const bool size_changed = p.font_size != params_.font_size;
  if (all_stale_ || p.wrap_width != params_.wrap_width || size_changed || p.line_spacing != params_.line_spacing ||
      p.font_epoch != params_.font_epoch) {
    params_ = p;
    if (size_changed) {
      for (SourceRow& r : rows_) style_row(r);  // sizes live in the spans
    }
    for (SourceRow& r : rows_) r.laid = false;
    all_stale_ = false;
  }
  line_h_ = std::round(params_.font_size * params_.line_spacing);
  for (SourceRow& r : rows_)
    if (!r.laid) {
      lay_row(r, m);
      places_stale_ = true;
    }
  if (places_stale_) place_rows();
}

size_t SourceLines::row_of_offset(uint32_t off) const {
  auto it = std::upper_bound(rows_.begin(), rows_.end(), off, [](uint32_t v, const SourceRow& r) { return v < r.begin; });
  return it == rows_.begin() ? 0 : size_t(it - rows_.begin()) - 1;
}

size_t SourceLines::row_at_y(float y) const {
  auto it = std::upper_bound(rows_.begin(), rows_.end(), y, [](float v, const SourceRow& r) { return v < r.y; });
  return it == rows_.begin() ? 0 : size_t(it - rows_.begin()) - 1;
}

//-----------------------------------------------------------------------------
// [SECTION] Positions
//-----------------------------------------------------------------------------

// The visual line of row-local byte `local`. At a soft-wrap boundary the
// byte ends one line and starts the next: `at_end` picks the earlier line.
static int line_of_local(const SourceRow& r, uint32_t local, bool at_end) {
  const auto& lines = r.layout.lines;
  if (lines.empty()) return 0;
  auto it = std::upper_bound(lines.begin(), lines.end(), local, [](uint32_t v, const Line& l) { return v < l.begin; });
  int k = it == lines.begin() ? 0 : int(it - lines.begin()) - 1;
  if (at_end && k > 0 && lines[size_t(k)].begin == local) k--;
  return k;
}

SourcePos locate(const SourceLines& s, uint32_t off, bool at_end, Metrics& m) {
  SourcePos p;
  if (s.size() == 0) return p;
  p.row = s.row_of_offset(off);
  const SourceRow& r = s.row(p.row);
  const uint32_t local = std::min(off, r.end) - std::min(off, r.begin);
  p.y = r.y;
  p.h = s.line_height();
  if (r.layout.lines.empty() || r.text.empty()) return p;
  p.line = line_of_local(r, local, at_end);
  const Line& ln = r.layout.lines[size_t(p.line)];
  p.x = line_x_of(r.text, r.layout, ln, local, m);
  p.y = r.y + ln.y;
  p.h = ln.h;
  return p;
}

uint32_t offset_at_point(const SourceLines& s, float x, float y, Metrics& m) {
  if (s.size() == 0) return 0;
  if (y < 0) return 0;
  if (y >= s.height()) return uint32_t(s.text().size());
  const SourceRow& r = s.row(s.row_at_y(y));
  if (r.layout.lines.empty() || r.text.empty()) return r.begin;
  const float ly = y - r.y;
  const auto& lines = r.layout.lines;
  auto it = std::upper_bound(lines.begin(), lines.end(), ly, [](float v, const Line& l) { return v < l.y; });
  const Line& ln = it == lines.begin() ? lines.front() : *(it - 1);
  uint32_t local = line_offset_at(r.text, r.layout, ln, x, m);
  // Past the end of a wrapped line: before its trailing space, not after it,
  // so the caret stays on the clicked line.
  const bool wrapped = &ln != &lines.back();
  if (wrapped && local >= ln.end && ln.end > ln.begin) local = uint32_t(prev_code_point(r.text.text, ln.end));
  return r.begin + local;
}

std::pair<uint32_t, uint32_t> visual_line_bounds(const SourceLines& s, uint32_t off, bool at_end, Metrics& m) {
  const SourcePos p = locate(s, off, at_end, m);
  const SourceRow& r = s.row(p.row);
  if (r.layout.lines.empty() || r.text.empty()) return {r.begin, r.end};
  const Line& ln = r.layout.lines[size_t(p.line)];
  return {r.begin + ln.begin, r.begin + ln.end};
}

uint32_t move_visual_lines(const SourceLines& s, uint32_t off, bool at_end, int lines, float goal_x, Metrics& m,
                           bool* lands_at_end) {
  if (lines == 0 || s.size() == 0) return off;
  SourcePos p = locate(s, off, at_end, m);
  size_t row = p.row;
  int line = p.line;
  auto count = [&](size_t r) { return std::max<int>(1, int(s.row(r).layout.lines.size())); };
  for (int step = 0; step < std::abs(lines); step++) {
    if (lines < 0) {
      if (line > 0) line--;
      else if (row > 0) line = count(--row) - 1;
      else return 0;
    } else {
      if (line + 1 < count(row)) line++;
      else if (row + 1 < s.size()) row++, line = 0;
      else return uint32_t(s.text().size());
    }
  }
  const SourceRow& r = s.row(row);
  if (lands_at_end) *lands_at_end = false;
  if (r.layout.lines.empty() || r.text.empty()) return r.begin;
  const Line& ln = r.layout.lines[size_t(line)];
  uint32_t local = line_offset_at(r.text, r.layout, ln, goal_x, m);
  const bool wrapped = size_t(line) + 1 < r.layout.lines.size();
  if (wrapped && local >= ln.end) {
    // The end of a wrapped line is the start of the next: say which one.
    local = ln.end;
    if (lands_at_end) *lands_at_end = true;
  }
  return r.begin + local;
}

}  // namespace sheaf
