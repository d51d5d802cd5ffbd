// The source editor's writing aids (core/writing_aids.h).
#include "core/writing_aids.h"

#include <algorithm>
#include <vector>

#include "core/unicode.h"

namespace sheaf {

namespace {

constexpr size_t npos = std::string_view::npos;

bool is_blank(char c) { return c == ' ' || c == '\t'; }

bool all_blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return is_blank(c); });
}

size_t skip_blanks(std::string_view s, size_t p) {
  while (p < s.size() && is_blank(s[p])) ++p;
  return p;
}

// Whitespace that should stay outside markers and links: ASCII plus the
// no-break and ideographic spaces that turn up in Korean text.
bool is_space_cp(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' || cp == 0xA0 ||
         cp == 0x3000;
}

// Clamps to the text and moves back onto a code point boundary.
size_t clamp_offset(std::string_view t, size_t i) { return floor_code_point(t, std::min(i, t.size())); }

void clamp_selection(std::string_view t, size_t& sb, size_t& se) {
  sb = clamp_offset(t, sb);
  se = clamp_offset(t, se);
  if (sb > se) std::swap(sb, se);
}

// [b, e) with whitespace code points dropped from both ends.
void trim_range(std::string_view t, size_t& b, size_t& e) {
  while (b < e) {
    size_t i = b;
    if (!is_space_cp(decode_utf8(t, i))) break;
    b = i;
  }
  while (e > b) {
    size_t p = prev_code_point(t, e);
    size_t i = p;
    if (!is_space_cp(decode_utf8(t, i))) break;
    e = p;
  }
}

struct Line {
  size_t begin = 0, end = 0;  // end excludes the "\n" or "\r\n"
};

Line line_at(std::string_view t, size_t i) {
  Line l;
  size_t nl = i == 0 ? npos : t.rfind('\n', i - 1);
  l.begin = nl == npos ? 0 : nl + 1;
  size_t e = t.find('\n', i);
  if (e == npos) e = t.size();
  if (e > l.begin && t[e - 1] == '\r') --e;
  l.end = e;
  return l;
}

// Start of the line after `l`, or npos for the last line.
size_t next_line_begin(std::string_view t, const Line& l) {
  size_t nl = t.find('\n', l.end);
  return nl == npos ? npos : nl + 1;
}

// "---", "* * *", "___": a rule, never a list item.
bool is_thematic_break(std::string_view s) {
  char mark = 0;
  int count = 0;
  for (char c : s) {
    if (is_blank(c)) continue;
    if (c != '-' && c != '*' && c != '_') return false;
    if (mark && c != mark) return false;
    mark = c;
    ++count;
  }
  return count >= 3;
}

// Width in columns of leading indentation (tabs to the next multiple of 4,
// as CommonMark counts them).
size_t indent_columns(std::string_view line) {
  size_t col = 0;
  for (char c : line) {
    if (c == ' ') ++col;
    else if (c == '\t') col += 4 - col % 4;
    else break;
  }
  return col;
}

// The block prefix of one line; offsets are relative to the line start.
struct Prefix {
  bool quoted = false;
  size_t last_quote = 0;   // offset of the innermost '>'
  size_t quote_end = 0;    // after that '>' and its one optional space
  bool list = false;
  size_t marker = 0, marker_end = 0;  // "-" or "12." / "12)"
  size_t spacing_end = 0;             // after the blanks following the marker
  bool ordered = false;
  bool task = false;
  size_t box_end = 0;  // after "[ ]" / "[x]"
  size_t content = 0;  // where the item's own text starts
};

// Blanks after a marker: CommonMark takes up to four columns; more means the
// content is indented code, so only one of them belongs to the marker.
size_t marker_spacing_end(std::string_view line, size_t p) {
  size_t e = skip_blanks(line, p);
  if (e == line.size()) return e;  // an empty item keeps all its spacing
  return e - p > 4 ? p + 1 : e;
}

// Parses quotes (when allowed) and an optional list marker. A marker must be
// followed by a blank, or by the end of the line when marker_at_eol is set
// ("-" alone under a paragraph is a setext underline, so Enter leaves it).
std::optional<Prefix> parse_prefix(std::string_view line, bool allow_quotes, bool marker_at_eol) {
  Prefix px;
  size_t p = skip_blanks(line, 0);
  if (allow_quotes) {
    while (p < line.size() && line[p] == '>') {
      px.quoted = true;
      px.last_quote = p++;
      if (p < line.size() && is_blank(line[p])) ++p;
      px.quote_end = p;
      p = skip_blanks(line, p);
    }
  }
  px.content = px.quote_end;
  if (is_thematic_break(line.substr(p))) {
    if (px.quoted) return px;
    return std::nullopt;
  }
  size_t m = p;
  if (m < line.size() && (line[m] == '-' || line[m] == '*' || line[m] == '+')) {
    ++m;
  } else {
    while (m < line.size() && m - p < 9 && line[m] >= '0' && line[m] <= '9') ++m;
    if (m == p || m >= line.size() || (line[m] != '.' && line[m] != ')')) m = p;
    else { ++m; px.ordered = true; }
  }
  bool marker_ok = m > p && ((m < line.size() && is_blank(line[m])) || (m == line.size() && marker_at_eol));
  if (!marker_ok) {
    if (px.quoted) return px;
    return std::nullopt;
  }
  px.list = true;
  px.marker = p;
  px.marker_end = m;
  px.spacing_end = marker_spacing_end(line, m);
  px.content = px.spacing_end;
  std::string_view box = line.substr(px.spacing_end, 3);
  if (box == "[ ]" || box == "[x]" || box == "[X]") {
    size_t b = px.spacing_end + 3;
    if (b == line.size() || is_blank(line[b])) {
      px.task = true;
      px.box_end = b;
      px.content = marker_spacing_end(line, b);
    }
  }
  return px;
}

// The marker of the next item: bullets repeat, numbers count up keeping the
// delimiter and any zero padding ("09." gives "10.", "007)" gives "008)").
std::string next_marker(std::string_view marker, bool ordered) {
  if (!ordered) return std::string(marker);
  std::string_view digits = marker.substr(0, marker.size() - 1);
  unsigned long long n = 0;
  for (char c : digits) n = n * 10 + unsigned(c - '0');
  std::string num = std::to_string(n + 1);
  if (digits.size() > 1 && digits[0] == '0' && num.size() < digits.size())
    num.insert(0, digits.size() - num.size(), '0');
  return num + marker.back();
}

// The list item for Tab / Shift+Tab: no quotes, marker at the line's end allowed.
std::optional<Prefix> list_item(std::string_view line) {
  auto px = parse_prefix(line, false, true);
  if (!px || !px->list) return std::nullopt;
  return px;
}

// Marker width including its spacing (at least one column for the space a
// marker at the end of a line will get).
size_t marker_width(const Prefix& px) { return std::max(px.spacing_end, px.marker_end + 1) - px.marker; }

// How far Tab / Shift+Tab moves the item on line `l`: the width of the marker
// it nests under (Tab: the nearest item above at the same indent; Shift+Tab:
// its parent, the nearest item above with less indent), else its own.
size_t indent_step(std::string_view t, const Line& l, const Prefix& own, bool outdent) {
  std::string_view line = t.substr(l.begin, l.end - l.begin);
  size_t col = indent_columns(line);
  Line cur = l;
  // Bounded so a Tab in a huge list stays cheap; the fallback is fine.
  for (int scanned = 0; scanned < 1000 && cur.begin > 0; ++scanned) {
    cur = line_at(t, cur.begin - 1);
    std::string_view up = t.substr(cur.begin, cur.end - cur.begin);
    if (all_blank(up)) continue;
    size_t up_col = indent_columns(up);
    auto px = list_item(up);
    if (!outdent) {
      if (up_col < col) break;
      if (px && up_col == col) return marker_width(*px);
    } else if (up_col < col) {
      if (px) return marker_width(*px);
      break;
    }
  }
  return marker_width(own);
}

}  // namespace

void apply(std::string& t, const Rewrite& r) {
  size_t b = std::min(r.begin, t.size());
  size_t e = std::clamp(r.end, b, t.size());
  t.replace(b, e - b, r.text);
}

std::string_view line_break_at(std::string_view t, size_t i) {
  i = std::min(i, t.size());
  size_t nl = t.find('\n', i);
  if (nl == npos) nl = t.rfind('\n');  // last line: go by the break before it
  if (nl != npos && nl > 0 && t[nl - 1] == '\r') return "\r\n";
  return "\n";
}

std::optional<Rewrite> continue_block_on_enter(std::string_view t, size_t sb, size_t se, bool in_code) {
  if (in_code) return std::nullopt;
  clamp_selection(t, sb, se);
  Line l = line_at(t, sb);
  if (sb > l.end) return std::nullopt;  // between '\r' and '\n'
  std::string_view line = t.substr(l.begin, l.end - l.begin);
  auto px = parse_prefix(line, true, false);
  if (!px) return std::nullopt;
  size_t col = sb - l.begin;
  if (col < px->content) return std::nullopt;

  Rewrite r;
  if (se <= l.end && all_blank(line.substr(px->content))) {
    // An empty item: drop the innermost marker, keep what encloses it.
    size_t keep = px->list ? px->marker : px->last_quote;
    r.begin = l.begin;
    r.end = l.end;
    r.text = std::string(line.substr(0, keep));
  } else {
    r.begin = sb;
    r.end = se;
    r.text = std::string(line_break_at(t, sb));
    if (px->list) {
      r.text += line.substr(0, px->marker);
      r.text += next_marker(line.substr(px->marker, px->marker_end - px->marker), px->ordered);
      r.text += line.substr(px->marker_end, px->spacing_end - px->marker_end);
      if (px->task) {
        r.text += "[ ]";
        std::string_view sp = line.substr(px->box_end, px->content - px->box_end);
        r.text += sp.empty() ? " " : sp;
      }
    } else {
      r.text += line.substr(0, px->quote_end);
    }
  }
  r.sel_anchor = r.sel_caret = r.begin + r.text.size();
  return r;
}

std::optional<Rewrite> indent_list(std::string_view t, size_t sb, size_t se, bool outdent) {
  clamp_selection(t, sb, se);
  Line first = line_at(t, sb);
  Line last = line_at(t, se);
  // A selection ending at the very start of a line does not touch it.
  if (se > sb && se == last.begin && last.begin > first.begin) last = line_at(t, se - 1);

  struct Change {
    Line old;
    size_t new_begin = 0;
    size_t added = 0, removed = 0;
    size_t old_indent = 0, new_indent = 0;  // bytes of leading blanks
  };
  std::vector<Change> changes;
  std::string out;
  bool any_item = false, changed = false;
  Line l = first;
  for (;;) {
    std::string_view line = t.substr(l.begin, l.end - l.begin);
    Change c;
    c.old = l;
    c.new_begin = first.begin + out.size();
    c.old_indent = skip_blanks(line, 0);
    std::string_view rest = line;
    if (!all_blank(line)) {
      auto px = list_item(line);
      if (!px) return std::nullopt;
      any_item = true;
      size_t step = indent_step(t, l, *px, outdent);
      if (!outdent) {
        std::string add = line.empty() || line[0] != '\t' ? std::string(step, ' ') : std::string("\t");
        out += add;
        c.added = add.size();
      } else if (!line.empty() && line[0] == '\t') {
        c.removed = 1;
      } else {
        while (c.removed < step && c.removed < line.size() && line[c.removed] == ' ') ++c.removed;
      }
      rest = line.substr(c.removed);
      changed = changed || c.added || c.removed;
    }
    c.new_indent = c.old_indent + c.added - c.removed;
    out += rest;
    changes.push_back(c);
    if (l.begin >= last.begin) break;
    size_t next = next_line_begin(t, l);
    out += t.substr(l.end, next - l.end);  // the line's own break, as written
    l = line_at(t, next);
  }
  if (!any_item || !changed) return std::nullopt;

  auto map = [&](size_t p) -> size_t {
    if (p > last.end) return p + out.size() - (last.end - first.begin);
    for (size_t k = 0; k < changes.size(); ++k) {
      const Change& c = changes[k];
      size_t col = p - c.old.begin;
      if (p <= c.old.end) {
        if (col == 0) return c.new_begin;
        if (c.removed && col <= c.old_indent) return c.new_begin + c.new_indent;
        return c.new_begin + col + c.added - c.removed;
      }
      if (k + 1 < changes.size() && p < changes[k + 1].old.begin)  // inside a "\r\n"
        return c.new_begin + (c.old.end - c.old.begin) + c.added - c.removed + (p - c.old.end);
    }
    return p;
  };

  Rewrite r;
  r.begin = first.begin;
  r.end = last.end;
  r.sel_anchor = map(sb);  // before `out` moves: map reads its size
  r.sel_caret = map(se);
  r.text = std::move(out);
  return r;
}

Rewrite toggle_wrap(std::string_view t, size_t sb, size_t se, std::string_view marker) {
  clamp_selection(t, sb, se);
  const size_t m = marker.size();
  auto has = [&](size_t at) { return at + m <= t.size() && t.substr(at, m) == marker; };
  Rewrite r;
  if (m == 0) {
    r.begin = r.end = r.sel_anchor = r.sel_caret = sb;
    return r;
  }
  if (sb == se) {
    if (sb >= m && has(sb - m) && has(sb)) {  // an empty pair: take it away
      r.begin = sb - m;
      r.end = sb + m;
      r.sel_anchor = r.sel_caret = sb - m;
    } else {
      r.begin = r.end = sb;
      r.text = std::string(marker) + std::string(marker);
      r.sel_anchor = r.sel_caret = sb + m;
    }
    return r;
  }
  size_t b = sb, e = se;
  trim_range(t, b, e);
  if (b == e) { b = sb; e = se; }  // only whitespace: wrap it as it is
  if (e - b >= 2 * m && has(b) && has(e - m)) {
    r.begin = b;
    r.end = e;
    r.text = std::string(t.substr(b + m, e - b - 2 * m));
    r.sel_anchor = b;
    r.sel_caret = b + r.text.size();
  } else if (b >= m && has(b - m) && has(e)) {
    r.begin = b - m;
    r.end = e + m;
    r.text = std::string(t.substr(b, e - b));
    r.sel_anchor = b - m;
    r.sel_caret = e - m;
  } else {
    r.begin = b;
    r.end = e;
    r.text = std::string(marker) + std::string(t.substr(b, e - b)) + std::string(marker);
    r.sel_anchor = b + m;
    r.sel_caret = e + m;
  }
  return r;
}

Rewrite make_link(std::string_view t, size_t sb, size_t se) {
  clamp_selection(t, sb, se);
  size_t b = sb, e = se;
  trim_range(t, b, e);
  if (b == e) b = e = sb;  // only whitespace selected: leave it, insert at sb
  std::string_view sel = t.substr(b, e - b);
  Rewrite r;
  r.begin = b;
  r.end = e;
  if (sel.empty() || looks_like_url(sel)) {
    r.text = "[](" + std::string(sel.empty() ? "url" : sel) + ")";
    r.sel_anchor = r.sel_caret = b + 1;
  } else {
    r.text = "[" + std::string(sel) + "](url)";
    r.sel_anchor = b + 1 + sel.size() + 2;
    r.sel_caret = r.sel_anchor + 3;
  }
  return r;
}

std::optional<Rewrite> paste_as_link(std::string_view t, size_t sb, size_t se, std::string_view pasted) {
  size_t pb = 0, pe = pasted.size();
  trim_range(pasted, pb, pe);
  std::string_view url = pasted.substr(pb, pe - pb);
  if (!looks_like_url(url)) return std::nullopt;
  clamp_selection(t, sb, se);
  size_t b = sb, e = se;
  trim_range(t, b, e);
  if (b == e) return std::nullopt;
  std::string_view sel = t.substr(b, e - b);
  if (sel.find('\n') != npos || looks_like_url(sel)) return std::nullopt;
  // Replacing the destination of "[text](old)" should just paste.
  if (b >= 2 && t.substr(b - 2, 2) == "](" && e < t.size() && t[e] == ')') return std::nullopt;
  Rewrite r;
  r.begin = b;
  r.end = e;
  r.text = "[" + std::string(sel) + "](" + std::string(url) + ")";
  r.sel_anchor = r.sel_caret = b + r.text.size();
  return r;
}

bool looks_like_url(std::string_view s) {
  auto starts_ci = [&](std::string_view p) {
    if (s.size() < p.size()) return false;
    for (size_t i = 0; i < p.size(); ++i) {
      char c = s[i];
      if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
      if (c != p[i]) return false;
    }
    return true;
  };
  size_t plen = 0;
  for (std::string_view p : {"http://", "https://", "mailto:", "www."})
    if (starts_ci(p)) { plen = p.size(); break; }
  if (plen == 0 || s.size() <= plen) return false;
  for (size_t i = 0; i < s.size();)
    if (is_space_cp(decode_utf8(s, i))) return false;
  return true;
}

}  // namespace sheaf
