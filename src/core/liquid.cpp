// Sheaf core: Liquid tags and the body mask (see liquid.h).
//
// [SECTION] Tag lines
// [SECTION] Masking
#include "core/liquid.h"

#include <cstring>

#include "core/footnotes.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Tag lines
//-----------------------------------------------------------------------------

static inline bool is_sp(char c) { return c == ' ' || c == '\t'; }

std::string_view liquid_tag_name(std::string_view tag) {
  if (tag.size() < 2 || tag[0] != '{' || tag[1] != '%') return {};
  size_t p = 2;
  if (p < tag.size() && tag[p] == '-') p++;
  while (p < tag.size() && is_sp(tag[p])) p++;
  size_t b = p;
  while (p < tag.size() && ((tag[p] >= 'a' && tag[p] <= 'z') || (tag[p] >= 'A' && tag[p] <= 'Z') || tag[p] == '_')) p++;
  return tag.substr(b, p - b);
}

// Leading spaces, tabs and quote markers, then "{%", an optional '-', spaces
// and `word`: the position after the word, or npos.
static size_t tag_start(std::string_view line, std::string_view word, size_t& tag_begin) {
  size_t p = 0, n = line.size();
  while (p < n && (is_sp(line[p]) || line[p] == '>')) p++;
  if (p + 2 > n || line[p] != '{' || line[p + 1] != '%') return std::string_view::npos;
  tag_begin = p;
  p += 2;
  if (p < n && line[p] == '-') p++;
  while (p < n && is_sp(line[p])) p++;
  if (line.substr(p, word.size()) != word) return std::string_view::npos;
  return p + word.size();
}

static bool rest_blank(std::string_view line, size_t p) {
  while (p < line.size() && (is_sp(line[p]) || line[p] == '\r')) p++;
  return p == line.size();
}

bool is_highlight_line(std::string_view line, size_t& tag_begin, size_t& lang_begin, size_t& lang_end, size_t& options_end,
                       size_t& tag_end) {
  size_t p = tag_start(line, "highlight", tag_begin), n = line.size();
  if (p == std::string_view::npos || p >= n || !is_sp(line[p])) return false;
  while (p < n && is_sp(line[p])) p++;
  lang_begin = p;
  while (p < n && !is_sp(line[p]) && !(line[p] == '%' && p + 1 < n && line[p + 1] == '}') &&
         !(line[p] == '-' && p + 2 < n && line[p + 1] == '%' && line[p + 2] == '}'))
    p++;
  lang_end = p;
  if (lang_end == lang_begin) return false;
  size_t close = line.find("%}", p);
  if (close == std::string_view::npos) return false;
  size_t q = close;
  if (q > lang_end && line[q - 1] == '-') q--;
  while (q > lang_end && is_sp(line[q - 1])) q--;
  options_end = q;
  tag_end = close + 2;
  return rest_blank(line, tag_end);
}

bool is_endhighlight_line(std::string_view line, size_t& tag_begin, size_t& tag_end) {
  size_t p = tag_start(line, "endhighlight", tag_begin), n = line.size();
  if (p == std::string_view::npos) return false;
  while (p < n && is_sp(line[p])) p++;
  if (p < n && line[p] == '-') p++;
  if (p + 2 > n || line[p] != '%' || line[p + 1] != '}') return false;
  tag_end = p + 2;
  return rest_blank(line, tag_end);
}

//-----------------------------------------------------------------------------
// [SECTION] Masking
//-----------------------------------------------------------------------------

// Anything to mask at all? "{%", "{{" or "[^" somewhere in s.
static bool has_candidates(std::string_view s) {
  for (size_t i = 0; i + 1 < s.size(); i++) {
    char c = s[i], d = s[i + 1];
    if ((c == '{' && (d == '%' || d == '{')) || (c == '[' && d == '^')) return true;
  }
  return false;
}

static void fill(std::string& m, size_t b, size_t e, char c) { std::memset(&m[b], c, e - b); }

// An inline construct's masked bytes: one word md4c reads as text. A digit
// first, so "<" before it never makes a tag; then letters, so it is never a
// list number either.
static void fill_word(std::string& m, size_t b, size_t e) {
  fill(m, b, e, 'x');
  m[b] = '0';
}

static void mask_inline(std::string_view line, size_t ls, BodyMask& out) {
  std::string& m = out.text;
  const size_t n = line.size();
  for (size_t i = 0; i + 1 < n;) {
    char c = line[i], d = line[i + 1];
    if (c == '{' && (d == '%' || d == '{')) {
      size_t close = line.find(d == '%' ? "%}" : "}}", i + 2);
      if (close == std::string_view::npos) { i += 2; continue; }  // unterminated on its line: text
      size_t e = close + 2;
      InlineMark mk;
      mk.begin = uint32_t(ls + i);
      mk.end = uint32_t(ls + e);
      if (d == '{') mk.kind = InlineMarkKind::LiquidOutput;
      else {
        std::string_view name = liquid_tag_name(line.substr(i, e - i));
        mk.kind = name == "raw" ? InlineMarkKind::RawOpen : name == "endraw" ? InlineMarkKind::RawClose : InlineMarkKind::LiquidTag;
      }
      out.marks.push_back(mk);
      fill_word(m, ls + i, ls + e);
      i = e;
      continue;
    }
    if (c == '[' && d == '^') {
      size_t len = footnote_mark_len(line.substr(i));
      if (len) {
        size_t e = i + 3 + len;
        if (i == 0 && e < n && line[e] == ':') {
          // A definition: md4c must not take "[^1]: http://x" for a link
          // reference definition; the paragraph it makes becomes the note.
          out.defs.push_back(uint32_t(ls));
          m[ls] = 'x';
          i = e + 1;
          continue;
        }
        out.marks.push_back({uint32_t(ls + i), uint32_t(ls + e), InlineMarkKind::FootnoteRef});
        fill_word(m, ls + i, ls + e);
        i = e;
        continue;
      }
    }
    i++;
  }
}

void mask_body(std::string_view text, size_t begin, size_t end, BodyMask& out) {
  out.text.clear();
  out.marks.clear();
  out.defs.clear();
  end = std::min(end, text.size());
  if (begin >= end || !has_candidates(text.substr(begin, end - begin))) return;
  out.text.assign(text.data(), text.size());
  std::string& m = out.text;
  bool in_highlight = false;
  for (size_t ls = begin; ls < end;) {
    const void* nl = std::memchr(text.data() + ls, '\n', end - ls);
    size_t le = nl ? size_t(static_cast<const char*>(nl) - text.data()) : end;
    size_t ce = le;
    if (ce > ls && text[ce - 1] == '\r') ce--;
    std::string_view line = text.substr(ls, ce - ls);
    size_t tb, lb, lend, oe, te;
    if (!in_highlight && line.find("{%") != std::string_view::npos && is_highlight_line(line, tb, lb, lend, oe, te)) {
      // A tilde fence md4c reads with the language (and options) as its
      // info string: 12 tildes, spaces up to the language.
      fill(m, ls + tb, ls + tb + 12, '~');
      fill(m, ls + tb + 12, ls + lb, ' ');
      fill(m, ls + oe, ls + te, ' ');
      in_highlight = true;
    } else if (in_highlight && is_endhighlight_line(line, tb, te)) {
      fill(m, ls + tb, ls + te, '~');  // at least 16: closes the 12 above
      in_highlight = false;
    } else {
      // Inside a highlight block too: marks there are never read (code keeps
      // its real bytes), and a mask that never depends on the lines before
      // is what lets a parse of a few blocks agree with a full one.
      mask_inline(line, ls, out);
    }
    ls = le < end ? le + 1 : end;
  }
}

}  // namespace sheaf
