// Sheaf viewer layout: inline line breaking and block placement.
//
// [SECTION] Unicode helpers
// [SECTION] Styled text
// [SECTION] Metrics
// [SECTION] Inline layout
// [SECTION] Hit testing
// [SECTION] Block layout: inline content
// [SECTION] Block layout: tables
// [SECTION] Block layout: walk
#include "ui/layout.h"

#include "core/footnotes.h"
#include "core/highlight.h"
#include "core/jekyll_blocks.h"
#include "core/limits.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cctype>
#include <cstring>

#include "ui/fonts.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Unicode helpers
//-----------------------------------------------------------------------------

// Decoding, clusters and break classes live in core/unicode.h.

namespace {

bool is_space(uint32_t cp) { return cp == ' ' || cp == '\t' || cp == 0x3000; }

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Styled text
//-----------------------------------------------------------------------------

void InlineText::append_span(std::string_view s, const SpanStyle& st, int32_t link, uint32_t src, uint32_t src_end,
                             bool exact) {
  Span sp;
  sp.begin = uint32_t(text.size());
  text.append(s);
  sp.end = uint32_t(text.size());
  sp.style = st;
  sp.link = link;
  sp.src = src;
  sp.src_end = src_end;
  sp.exact = exact;
  // Merge with the previous span when nothing differs: fewer pieces to draw.
  if (!spans.empty()) {
    Span& p = spans.back();
    // Styles compare field by field (SpanStyle::operator==): a memcmp would
    // read the padding byte, and the same text would merge or not by chance.
    if (p.end == sp.begin && p.link == link && p.exact == exact && exact && p.src_end == src && p.style == st) {
      p.end = sp.end;
      p.src_end = src_end;
      return;
    }
  }
  spans.push_back(sp);
}

// Each line keeps at most limits::kMaxLayoutLineBytes; the rest of that line
// becomes one "…" that maps to the bytes left out, so a 5 MB line costs what
// 256 KB do. The common case (no line over the limit) appends `s` whole.
bool InlineText::add(std::string_view s, const SpanStyle& st, int32_t link, uint32_t src, uint32_t src_end, bool exact) {
  if (s.empty()) return false;
  constexpr size_t kMax = limits::kMaxLayoutLineBytes;
  size_t nl = s.find('\n');
  size_t first_line = nl == std::string_view::npos ? s.size() : nl;
  bool fits = !line_clipped && line_bytes + first_line <= kMax;
  if (fits && nl != std::string_view::npos) {  // every later line must fit too
    for (size_t b = nl + 1, e; fits && b <= s.size(); b = e + 1) {
      e = s.find('\n', b);
      if (e == std::string_view::npos) e = s.size();
      fits = e - b <= kMax;
      if (e == s.size()) break;
    }
  }
  if (fits) {
    append_span(s, st, link, src, src_end, exact);
    size_t last = s.rfind('\n');
    line_bytes = last == std::string_view::npos ? line_bytes + s.size() : s.size() - last - 1;
    return true;
  }
  // Slow path, only for text that has an over-long line: piece by piece.
  bool added = false;
  for (size_t b = 0; b < s.size();) {
    size_t e = s.find('\n', b);
    size_t end = e == std::string_view::npos ? s.size() : e;
    if (!line_clipped && end > b) {
      size_t room = kMax - std::min<size_t>(kMax, line_bytes);
      size_t keep = std::min(room, end - b);
      while (keep > 0 && keep < end - b && (uint8_t(s[b + keep]) & 0xC0) == 0x80) keep--;  // whole characters
      if (keep) append_span(s.substr(b, keep), st, link, exact ? src + uint32_t(b) : src, exact ? src + uint32_t(b + keep) : src_end, exact);
      line_bytes += keep;
      added |= keep > 0;
      if (keep < end - b) {
        append_span("\xE2\x80\xA6", st, -1, exact ? src + uint32_t(b + keep) : src, exact ? src + uint32_t(end) : src_end, false);
        line_clipped = true;
        added = true;
      }
    }
    if (e == std::string_view::npos) break;
    append_span("\n", st, link, exact ? src + uint32_t(e) : src, exact ? src + uint32_t(e + 1) : src_end, exact);
    line_bytes = 0;
    line_clipped = false;
    added = true;
    b = e + 1;
  }
  return added;
}

void InlineText::soft_break(const SpanStyle& st, int32_t link, uint32_t src, uint32_t src_end) {
  line_bytes = 0;  // a new source line: it gets its own allowance
  line_clipped = false;
  append_span(" ", st, link, src, src_end, false);
}

void InlineText::hard_break(const SpanStyle& st, uint32_t src) { add("\n", st, -1, src, src, false); }

void InlineText::add_object(const InlineObject& o, const SpanStyle& st, int32_t link, uint32_t src, uint32_t src_end) {
  if (line_clipped) return;  // past the line limit: dropped with the rest of the line
  append_span(kObjectChar, st, link, src, src_end, false);  // not exact, so never merged: a span of its own
  spans.back().object = int32_t(objects.size());
  objects.push_back(o);
}

int InlineText::span_at(uint32_t offset) const {
  if (spans.empty()) return -1;
  size_t lo = 0, hi = spans.size();
  while (lo + 1 < hi) {
    size_t mid = (lo + hi) / 2;
    if (spans[mid].begin <= offset)
      lo = mid;
    else
      hi = mid;
  }
  return int(lo);
}

//-----------------------------------------------------------------------------
// [SECTION] Metrics
//-----------------------------------------------------------------------------

ImFont* face_font(Face f) {
  Fonts& fs = fonts();
  ImFont* font = nullptr;
  switch (f) {
    case Face::Regular: font = fs.regular; break;
    case Face::Bold: font = fs.bold; break;
    case Face::Italic: font = fs.italic; break;
    case Face::BoldItalic: font = fs.bold_italic; break;
    case Face::Mono: font = fs.mono; break;
  }
  if (!font) font = fs.regular;
  if (!font) font = ImGui::GetIO().FontDefault ? ImGui::GetIO().FontDefault : ImGui::GetIO().Fonts->Fonts[0];
  return font;
}

const Metrics::Entry& Metrics::get(Face f, float size) {
  for (const Entry& e : entries)
    if (e.face == f && e.size == size) return e;
  ImFontBaked* b = face_font(f)->GetFontBaked(size);
  entries.push_back({f, size, b, b->Ascent, b->Descent});
  return entries.back();
}

float Metrics::advance(const Entry& e, uint32_t cp) {
  if (cp == '\t') return e.baked->GetCharAdvance(' ') * 4.0f;
  if (is_invisible(cp)) return 0.0f;
  return e.baked->GetCharAdvance(ImWchar(cp));
}

//-----------------------------------------------------------------------------
// [SECTION] Inline layout
//-----------------------------------------------------------------------------

namespace {

// Per-paragraph scratch, indexed by byte offset of each cluster start:
// where the cluster ends, its advance, and whether it hides a codepoint
// that must not be drawn. The break pass fills it, the piece pass reads it,
// so every cluster is decoded and measured once.
struct ClusterScratch {
  std::vector<uint32_t> end;
  std::vector<float> w;
  std::vector<uint8_t> hidden;
  void reserve(size_t n) {
    if (end.size() < n + 1) {
      end.resize(n + 1);
      w.resize(n + 1);
      hidden.resize(n + 1);
    }
  }
};
thread_local ClusterScratch g_clusters;

inline float fast_advance(ImFontBaked* b, uint32_t cp) {
  if (cp < uint32_t(b->IndexAdvanceX.Size)) {
    float a = b->IndexAdvanceX.Data[cp];
    if (a >= 0.0f) return a;  // negative: not loaded yet
  }
  return b->GetCharAdvance(ImWchar(cp));
}

// Measures the cluster [i, j) with `e`; returns its advance, sets `hidden`
// when it holds an invisible codepoint (ZWJ, selectors).
inline float measure_cluster(std::string_view s, uint32_t i, uint32_t j, const Metrics::Entry& e, uint32_t& first_cp,
                             bool& hidden) {
  float w = 0;
  size_t k = i;
  first_cp = decode_utf8(s, k);
  hidden = false;
  auto one = [&](uint32_t cp) {
    if (cp == '\t') {
      w += fast_advance(e.baked, ' ') * 4.0f;
    } else if (cp >= 0x20 && !is_invisible(cp)) {
      w += fast_advance(e.baked, cp);
    } else {
      hidden = true;
    }
  };
  one(first_cp);
  while (k < j) one(decode_utf8(s, k));
  return w;
}

void finish_line(const InlineText& t, Metrics& m, const InlineOptions& opt, uint32_t begin, uint32_t end, float y,
                 TextLayout& out) {
  const ClusterScratch& cs = g_clusters;
  Line line;
  line.y = y;
  line.begin = begin;
  line.end = end;
  line.piece_begin = uint32_t(out.pieces.size());
  float x = 0, ink = 0;
  float max_above = 0, max_below = 0;
  auto account = [&](const Metrics::Entry& e, float size) {
    float lead = (size * opt.line_spacing - (e.ascent - e.descent)) * 0.5f;
    max_above = std::max(max_above, lead + e.ascent);
    max_below = std::max(max_below, lead - e.descent);
  };
  if (!t.spans.empty()) {
    uint32_t at = begin < t.text.size() ? begin : uint32_t(t.text.empty() ? 0 : t.text.size() - 1);
    const SpanStyle& st = t.spans[t.span_at(at)].style;
    account(m.get(st.face, st.size), st.size);
  }
  uint32_t i = begin;
  size_t si = t.spans.empty() ? 0 : size_t(t.span_at(begin));
  while (i < end) {
    while (si + 1 < t.spans.size() && i >= t.spans[si].end) si++;
    const Span& sp = t.spans[si];
    const Metrics::Entry& e = m.get(sp.style.face, sp.style.size);
    if (sp.object >= 0) {
      // Bottom on the baseline; the line grows to hold it.
      const ImVec2 sz = out.object_size[sp.object];
      max_above = std::max(max_above, sz.y);
      Piece p;
      p.x = x;
      p.begin = i;
      p.end = std::min(end, sp.end);
      p.w = sz.x;
      p.span = uint32_t(si);
      out.pieces.push_back(p);
      x += sz.x;
      ink = x;
      i = p.end;
      continue;
    }
    account(e, sp.style.size);
    const uint32_t stop = std::min(end, sp.end);
    Piece p;
    p.x = x;
    p.begin = i;
    p.span = uint32_t(si);
    while (i < stop) {
      const uint32_t j = std::min(cs.end[i], end);
      if (cs.hidden[i]) {
        // Draw around invisible codepoints: split the piece at each one.
        size_t k = i;
        while (k < j) {
          size_t c0 = k;
          uint32_t cp = decode_utf8(t.text, k);
          if (cp != '\t' && (cp < 0x20 || is_invisible(cp))) {
            if (c0 > p.begin) {
              p.end = uint32_t(c0);
              p.w = x - p.x;
              out.pieces.push_back(p);
            }
            p.x = x;
            p.begin = uint32_t(k);
          } else {
            x += cp == '\t' ? fast_advance(e.baked, ' ') * 4.0f : fast_advance(e.baked, cp);
          }
        }
        ink = x;
      } else {
        x += cs.w[i];
        const char c = t.text[i];
        if (c != ' ' && c != '\t' && !(j - i == 3 && (unsigned char)c == 0xE3 && (unsigned char)t.text[i + 1] == 0x80 &&
                                        (unsigned char)t.text[i + 2] == 0x80))
          ink = x;
      }
      i = j;
    }
    if (i > p.begin) {
      p.end = i;
      p.w = x - p.x;
      out.pieces.push_back(p);
    }
    if (i < end && i >= sp.end) continue;
  }
  line.piece_end = uint32_t(out.pieces.size());
  line.baseline = std::floor(max_above + 0.5f);
  line.h = std::floor(max_above + max_below + 0.5f);
  for (uint32_t k = line.piece_begin; k < line.piece_end; k++) {
    Piece& p = out.pieces[k];
    const Span& sp = t.spans[p.span];
    p.y = line.baseline - (sp.object >= 0 ? out.object_size[sp.object].y : m.get(sp.style.face, sp.style.size).ascent);
  }
  line.w = ink;
  out.width = std::max(out.width, ink);
  out.lines.push_back(line);
}

}  // namespace

void layout_inline(const InlineText& t, const InlineOptions& opt, Metrics& m, TextLayout& out) {
  out.lines.clear();
  out.pieces.clear();
  out.width = 0;
  out.height = 0;
  const std::string_view s = t.text;
  const uint32_t n = uint32_t(s.size());
  const bool wrap = opt.wrap_width > 0;
  // Images wider than the line shrink to it, keeping their shape.
  out.object_size.resize(t.objects.size());
  for (size_t k = 0; k < t.objects.size(); k++) {
    const InlineObject& o = t.objects[k];
    float limit = wrap ? opt.wrap_width : 0;
    if (opt.max_object_width > 0 && (limit <= 0 || opt.max_object_width < limit)) limit = opt.max_object_width;
    const float f = limit > 0 && o.w > limit ? limit / o.w : 1.0f;
    out.object_size[k] = ImVec2(std::floor(o.w * f), std::floor(o.h * f));
  }
  ClusterScratch& cs = g_clusters;
  cs.reserve(n);
  float y = 0;
  auto emit = [&](uint32_t b, uint32_t e) {
    finish_line(t, m, opt, b, e, y, out);
    y += out.lines.back().h;
  };
  if (n == 0 || t.spans.empty()) {
    emit(0, 0);
    out.height = y;
    return;
  }

  size_t si = 0;
  const Metrics::Entry* entry = &m.get(t.spans[0].style.face, t.spans[0].style.size);
  uint32_t line_start = 0;
  float x = 0;                 // advance from line_start
  uint32_t brk = UINT32_MAX;   // last break opportunity on this line
  float x_at_brk = 0;
  uint32_t prev_cp = 0;
  bool prev_space = false;
  uint32_t i = 0;
  while (i < n) {
    const unsigned char c = (unsigned char)s[i];
    if (c == '\n') {
      cs.end[i] = i + 1;
      cs.w[i] = 0;
      cs.hidden[i] = 1;
      emit(line_start, i);
      i += 1;
      line_start = i;
      x = 0;
      brk = UINT32_MAX;
      prev_cp = 0;
      prev_space = false;
      continue;
    }
    if (i >= t.spans[si].end || i < t.spans[si].begin) {
      while (si + 1 < t.spans.size() && i >= t.spans[si].end) si++;
      if (i < t.spans[si].begin) si = size_t(t.span_at(i));
      entry = &m.get(t.spans[si].style.face, t.spans[si].style.size);
    }
    // Cluster and its width. ASCII followed by ASCII is a cluster of one.
    uint32_t j, first_cp;
    float w;
    bool hidden = false;
    if (t.spans[si].object >= 0) {
      j = t.spans[si].end;
      first_cp = kObjectCodepoint;
      w = out.object_size[t.spans[si].object].x;
    } else if (c >= 0x20 && c < 0x80 && (i + 1 >= n || (unsigned char)s[i + 1] < 0x80)) {
      j = i + 1;
      first_cp = c;
      w = c == '\t' ? fast_advance(entry->baked, ' ') * 4.0f : fast_advance(entry->baked, c);
    } else if (c >= 0xEA && c <= 0xED && i + 2 < n && ((unsigned char)s[i + 1] & 0xC0) == 0x80 &&
               ((unsigned char)s[i + 2] & 0xC0) == 0x80 &&
               (i + 3 >= n || (unsigned char)s[i + 3] < 0x80 ||
                ((unsigned char)s[i + 3] >= 0xEA && (unsigned char)s[i + 3] <= 0xED)) &&
               (first_cp = ((c & 0x0Fu) << 12) | (((unsigned char)s[i + 1] & 0x3Fu) << 6) |
                           ((unsigned char)s[i + 2] & 0x3Fu)) >= 0xAC00 &&
               first_cp <= 0xD7A3) {
      // A Hangul syllable followed by ASCII or another syllable: nothing can
      // join it (combining marks, selectors and trailing jamo start elsewhere).
      j = i + 3;
      w = fast_advance(entry->baked, first_cp);
    } else {
      j = uint32_t(next_cluster(s, i));
      w = measure_cluster(s, i, j, *entry, first_cp, hidden);
    }
    cs.end[i] = j;
    cs.w[i] = w;
    cs.hidden[i] = hidden;
    const bool space = is_space(first_cp);
    // Break opportunity before this cluster?
    if (i > line_start && !space) {
      // A line may break on either side of an image, as around a Han character.
      bool opp = prev_space || (prev_cp >= 0x80 && is_break_after(prev_cp)) || first_cp == kObjectCodepoint ||
                 prev_cp == kObjectCodepoint ||
                 (first_cp >= 0x3000 && is_wide_breakable(first_cp)) || (prev_cp >= 0x3000 && is_wide_breakable(prev_cp));
      if (opp) {
        brk = i;
        x_at_brk = x;
      }
    }
    if (wrap && !space && i > line_start && x + w > opt.wrap_width) {
      if (brk != UINT32_MAX && brk > line_start) {
        emit(line_start, brk);
        line_start = brk;
        x -= x_at_brk;
      } else {
        emit(line_start, i);  // a word wider than the line: cut between clusters
        line_start = i;
        x = 0;
      }
      brk = UINT32_MAX;
    }
    x += w;
    prev_cp = first_cp;
    prev_space = space;
    i = j;
  }
  // A trailing hard break still ends with an (empty) last line.
  emit(line_start, n);
  out.height = y;
}

//-----------------------------------------------------------------------------
// [SECTION] Hit testing
//-----------------------------------------------------------------------------

uint32_t line_offset_at(const InlineText& t, const TextLayout& l, const Line& line, float x, Metrics& m) {
  if (line.piece_begin == line.piece_end) return line.begin;
  for (uint32_t k = line.piece_begin; k < line.piece_end; k++) {
    const Piece& p = l.pieces[k];
    if (x >= p.x + p.w && k + 1 < line.piece_end) continue;
    if (x <= p.x) return p.begin;
    if (t.spans[p.span].object >= 0) return x < p.x + p.w * 0.5f ? p.begin : p.end;
    const SpanStyle& st = t.spans[p.span].style;
    const Metrics::Entry& e = m.get(st.face, st.size);
    float cx = p.x;
    uint32_t i = p.begin;
    while (i < p.end) {
      uint32_t j = uint32_t(next_cluster(t.text, i));
      float w = 0;
      for (size_t q = i; q < j;) w += m.advance(e, decode_utf8(t.text, q));
      if (x < cx + w * 0.5f) return i;
      cx += w;
      i = std::min(j, p.end);
    }
    if (k + 1 == line.piece_end) return line.end;
  }
  return line.end;
}

float line_x_of(const InlineText& t, const TextLayout& l, const Line& line, uint32_t offset, Metrics& m) {
  float x = 0;
  for (uint32_t k = line.piece_begin; k < line.piece_end; k++) {
    const Piece& p = l.pieces[k];
    if (offset <= p.begin) return p.x;
    const SpanStyle& st = t.spans[p.span].style;
    const Metrics::Entry& e = m.get(st.face, st.size);
    if (offset >= p.end) {
      x = p.x + p.w;
      continue;
    }
    if (t.spans[p.span].object >= 0) return p.x;  // inside the object's bytes: its left edge
    float cx = p.x;
    for (size_t q = p.begin; q < offset;) cx += m.advance(e, decode_utf8(t.text, q));
    return cx;
  }
  return x;
}

//-----------------------------------------------------------------------------
// [SECTION] Block layout: inline content
//-----------------------------------------------------------------------------

namespace {

bool iequals_prefix(std::string_view s, std::string_view p) {
  if (s.size() < p.size()) return false;
  for (size_t i = 0; i < p.size(); i++)
    if (std::tolower((unsigned char)s[i]) != p[i]) return false;
  return true;
}

// "<br>", "<br/>", "<br />" (any case).
bool is_br_tag(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t')) s.remove_suffix(1);
  if (!iequals_prefix(s, "<br")) return false;
  s.remove_prefix(3);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  if (!s.empty() && s.front() == '/') s.remove_prefix(1);
  return s == ">";
}

// An HTML block made only of <br> tags: a spacer, not content.
bool is_br_only(std::string_view s) {
  size_t i = 0;
  bool any = false;
  while (i < s.size()) {
    if (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t') {
      i++;
      continue;
    }
    size_t close = s.find('>', i);
    if (close == std::string_view::npos || !is_br_tag(s.substr(i, close + 1 - i))) return false;
    any = true;
    i = close + 1;
  }
  return any;
}

Face face_of(int bold, int italic) {
  if (bold && italic) return Face::BoldItalic;
  if (bold) return Face::Bold;
  if (italic) return Face::Italic;
  return Face::Regular;
}

float heading_size(float base, int level) {
  static const float k[7] = {1.0f, 2.0f, 1.6f, 1.3f, 1.15f, 1.0f, 0.9f};
  return std::floor(base * k[level < 1 || level > 6 ? 0 : level] + 0.5f);
}

// Vertical offsets snap to half pixels: sums of such values are exact in
// float (below kExactY), so moving a block by the difference of two such
// sums gives the very bits a fresh layout would; layout_document_update
// relies on it. (Unsnapped, 2.4 px gaps drift by an ulp here and there.)
inline float snap(float v) { return std::round(v * 2.0f) * 0.5f; }
constexpr float kExactY = 8.0e6f;  // under 2^23: half pixels are exact

struct Builder {
  const Document& doc;
  const LayoutParams& p;
  Metrics& m;
  DocLayout& out;
  const MarkdownTree& tree;
  float em;

  Builder(const Document& d, const LayoutParams& pp, Metrics& mm, DocLayout& o)
      : doc(d), p(pp), m(mm), out(o), tree(d.tree), em(pp.font_size) {}

  // `out` may hold only a slice of the layout (an update lays the changed
  // blocks into scratch): these are the sizes of the real arrays before it,
  // so every stored index is already the final one.
  uint32_t block_base = 0, link_base = 0, image_base = 0, label_base = 0, anchor_base = 0;
  uint32_t block_index(size_t local) const { return block_base + uint32_t(local); }

  // --- pending list marker: drawn beside the first block of a list item ---
  struct Marker {
    bool pending = false;
    Deco::Kind kind = Deco::Disc;
    std::string label;
    float content_x = 0;
  } marker;

  // Quote bars: opened at quote entry as an empty block holding the bar.
  float y = 0;
  size_t next_heading = 0;  // doc.headings[next_heading] is the next heading to meet
  Footnotes notes;          // numbers of the post's footnotes (core/footnotes.h)
  std::vector<int> ref_seen;                // per note: references laid out so far
  std::vector<std::string> pending_anchors;  // "fnref:…" met in the text being gathered: at its block

  std::string_view node_text(const Node& n) const { return tree.text(n, doc.text); }

  // Applies the pending marker to block b (its first line's baseline).
  void place_marker(Block& b) {
    if (!marker.pending) return;
    marker.pending = false;
    float line_h = b.layout.lines.empty() ? em * 1.45f : b.layout.lines[0].h;
    float base = b.layout.lines.empty() ? snap(em) : b.layout.lines[0].baseline;
    if (b.kind != BlockKind::Text) line_h = em * 1.45f, base = snap(em * 1.1f);
    float top = b.text_y;
    float cx = marker.content_x - em * 0.75f;
    float cy = top + base - snap(em * 0.32f);
    Deco d;
    d.ink = Ink::Text;
    switch (marker.kind) {
      case Deco::Disc:
      case Deco::Circle:
      case Deco::Square: {
        float r = em * 0.17f, ry = snap(r);  // drawn with the x radius: only y needs the grid
        d.kind = marker.kind;
        d.a = ImVec2(cx - r, cy - ry);
        d.b = ImVec2(cx + r, cy + ry);
        break;
      }
      case Deco::CheckOff:
      case Deco::CheckOn: {
        float s = snap(em * 0.8f);
        d.kind = marker.kind;
        d.ink = Ink::CheckBox;
        float x0 = marker.content_x - em * 1.15f;
        float y0 = top + base - snap(s * 0.85f);
        d.a = ImVec2(x0, y0);
        d.b = ImVec2(x0 + s, y0 + s);
        break;
      }
      case Deco::Label: {
        d.kind = Deco::Label;
        d.label_begin = label_base + uint32_t(out.labels.size());
        out.labels += marker.label;
        d.label_len = uint32_t(marker.label.size());
        d.size = em;
        d.face = Face::Regular;
        float w = 0;
        const Metrics::Entry& e = m.get(Face::Regular, em);
        for (size_t q = 0; q < marker.label.size();) w += m.advance(e, decode_utf8(marker.label, q));
        float bx = marker.content_x - em * 0.35f - w;
        float by = top + base - snap(e.ascent);
        d.a = ImVec2(bx, by);
        d.b = ImVec2(bx + w, by + snap(em));
        break;
      }
      default: break;
    }
    (void)line_h;
    b.decos.push_back(d);
    b.ext_top = std::min(b.ext_top, d.a.y);
    b.ext_bottom = std::max(b.ext_bottom, d.b.y);
  }

  Block& push_block(BlockKind kind, float x, float w, uint32_t node) {
    out.blocks.emplace_back();
    Block& b = out.blocks.back();
    b.kind = kind;
    b.x = x;
    b.w = w;
    b.y = y;
    b.node = node;
    b.ext_top = 1e30f;
    b.ext_bottom = -1e30f;
    if (node != kNoNode) {
      b.src_begin = tree.nodes[node].src_begin;
      b.src_end = tree.nodes[node].src_end;
    }
    return b;
  }

  void finish_block(Block& b) {
    b.ext_top = std::min(b.ext_top, b.y);
    b.ext_bottom = std::max(b.ext_bottom, b.y + b.h);
    for (const Deco& d : b.decos) {
      b.ext_top = std::min(b.ext_top, std::min(d.a.y, d.b.y));
      b.ext_bottom = std::max(b.ext_bottom, std::max(d.a.y, d.b.y));
    }
  }

  // Builds inline text from the children of `parent`; images become inline
  // objects (image_object).
  struct InlineFrame {
    uint32_t node;
    bool entered;
  };
  void gather_inlines(uint32_t parent, SpanStyle base, uint32_t block_src_begin, uint32_t block_src_end,
                      InlineText& t) {
    gather_range(tree.nodes[parent].first_child, kNoNode, base, block_src_begin, block_src_end, t);
  }
  // Inline siblings [first, stop): a block's children, or the loose inlines
  // that md4c puts straight into the items of tight lists.
  void gather_range(uint32_t first, uint32_t stop, SpanStyle base, uint32_t block_src_begin, uint32_t block_src_end,
                    InlineText& t) {
    std::vector<InlineFrame> stack;
    int bold = base.face == Face::Bold || base.face == Face::BoldItalic;
    int italic = base.face == Face::Italic || base.face == Face::BoldItalic;
    int strike = 0, underline = 0;
    std::vector<int32_t> links;
    auto style = [&]() {
      SpanStyle s = base;
      s.face = base.face == Face::Mono ? Face::Mono : face_of(bold, italic);
      if (strike) s.flags |= SpanFlags_Strike;
      if (underline) s.flags |= SpanFlags_Underline;
      if (!links.empty()) s.ink = Ink::Link;
      return s;
    };
    auto link = [&]() { return links.empty() ? -1 : links.back(); };
    auto push_children = [&](uint32_t n) {
      // Children pushed in reverse so the first is processed first.
      size_t mark = stack.size();
      for (uint32_t c = tree.nodes[n].first_child; c != kNoNode; c = tree.nodes[c].next_sibling)
        stack.push_back({c, false});
      std::reverse(stack.begin() + mark, stack.end());
    };
    {
      size_t mark = stack.size();
      for (uint32_t c = first; c != stop && c != kNoNode; c = tree.nodes[c].next_sibling) stack.push_back({c, false});
      std::reverse(stack.begin() + mark, stack.end());
    }
    while (!stack.empty()) {
      InlineFrame f = stack.back();
      stack.pop_back();
      const Node& n = tree.nodes[f.node];
      uint32_t sb = n.src_end > n.src_begin ? n.src_begin : block_src_begin;
      uint32_t se = n.src_end > n.src_begin ? n.src_end : block_src_end;
      if (f.entered) {  // leaving a container inline
        switch (n.type) {
          case NodeType::Strong: bold--; break;
          case NodeType::Emphasis: italic--; break;
          case NodeType::Strikethrough: strike--; break;
          case NodeType::Underline: underline--; break;
          case NodeType::Link:
          case NodeType::WikiLink: links.pop_back(); break;
          default: break;
        }
        continue;
      }
      switch (n.type) {
        case NodeType::Text: {
          std::string_view s = node_text(n);
          bool exact = !n.text_in_pool;
          t.add(s, style(), link(), exact ? n.text_begin : sb, exact ? n.text_begin + n.text_len : se, exact);
          break;
        }
        case NodeType::SoftBreak:
          t.soft_break(style(), link(), sb, se);
          break;
        case NodeType::HardBreak:
          t.hard_break(style(), sb);
          break;
        case NodeType::CodeSpan: {
          SpanStyle s = style();
          s.face = Face::Mono;
          s.flags |= SpanFlags_CodeBg;
          if (s.ink == Ink::Text) s.ink = Ink::Code;
          s.size = std::floor(base.size * 0.92f + 0.5f);
          t.add(node_text(n), s, link(), n.text_in_pool ? sb : n.text_begin,
                n.text_in_pool ? se : n.text_begin + n.text_len, !n.text_in_pool);
          break;
        }
        case NodeType::LatexMath: {
          SpanStyle s = style();
          s.face = Face::Mono;
          t.add(node_text(n), s, link(), sb, se, false);
          break;
        }
        case NodeType::HtmlInline: {
          std::string_view s = node_text(n);
          if (is_br_tag(s)) {
            t.hard_break(style(), sb);
          } else {
            SpanStyle st = style();
            st.ink = Ink::Muted;
            t.add(s, st, -1, n.text_in_pool ? sb : n.text_begin, n.text_in_pool ? se : n.text_begin + n.text_len,
                  !n.text_in_pool);
          }
          break;
        }
        case NodeType::Image:
          if (!t.line_clipped) t.add_object(image_object(f.node), style(), link(), sb, se);
          break;
        case NodeType::LiquidTag: {  // never run: a muted chip with the tag's source
          SpanStyle s = style();
          s.face = Face::Mono;
          s.flags |= SpanFlags_Chip;
          s.ink = Ink::Muted;
          s.size = std::floor(base.size * 0.82f + 0.5f);
          t.add(node_text(n), s, link(), n.text_begin, n.text_begin + n.text_len, !n.text_in_pool);
          break;
        }
        case NodeType::FootnoteRef: {
          int k = notes.note_of_ref(f.node);
          if (k < 0) {  // no definition: the text as written
            t.add(doc.text.substr(n.src_begin, n.src_end - n.src_begin), style(), link(), n.src_begin, n.src_end, true);
            break;
          }
          int number = notes.notes[size_t(k)].number;
          if (ref_seen.size() < notes.notes.size()) ref_seen.resize(notes.notes.size(), 0);
          int nth = ref_seen[size_t(k)]++;
          pending_anchors.push_back(note_anchor("fnref:", number, nth));
          LinkInfo li;
          li.href = "#" + note_anchor("fn:", number, 0);
          li.title = "footnote " + std::to_string(number);
          int32_t li_index = int32_t(link_base + out.links.size());
          out.links.push_back(std::move(li));
          SpanStyle s = style();
          s.ink = Ink::Link;
          s.size = std::floor(base.size * 0.72f + 0.5f);
          t.add(std::to_string(number), s, li_index, n.src_begin, n.src_end, false);
          break;
        }
        case NodeType::Strong: bold++; stack.push_back({f.node, true}); push_children(f.node); break;
        case NodeType::Emphasis: italic++; stack.push_back({f.node, true}); push_children(f.node); break;
        case NodeType::Strikethrough: strike++; stack.push_back({f.node, true}); push_children(f.node); break;
        case NodeType::Underline: underline++; stack.push_back({f.node, true}); push_children(f.node); break;
        case NodeType::Link:
        case NodeType::WikiLink: {
          LinkInfo li;
          li.href = std::string(tree.href(n));
          li.title = std::string(tree.title(n));
          links.push_back(int32_t(link_base + out.links.size()));
          out.links.push_back(std::move(li));
          stack.push_back({f.node, true});
          push_children(f.node);
          break;
        }
        default:
          stack.push_back({f.node, true});
          push_children(f.node);
          break;
      }
    }
  }

  std::string plain_text(uint32_t parent) {
    std::string s;
    std::vector<uint32_t> stack;
    for (uint32_t c = tree.nodes[parent].first_child; c != kNoNode; c = tree.nodes[c].next_sibling) stack.push_back(c);
    std::reverse(stack.begin(), stack.end());
    while (!stack.empty()) {
      uint32_t k = stack.back();
      stack.pop_back();
      const Node& n = tree.nodes[k];
      if (n.type == NodeType::Text || n.type == NodeType::CodeSpan) s += node_text(n);
      if (n.type == NodeType::SoftBreak) s += ' ';
      size_t mark = stack.size();
      for (uint32_t c = n.first_child; c != kNoNode; c = tree.nodes[c].next_sibling) stack.push_back(c);
      std::reverse(stack.begin() + mark, stack.end());
    }
    return s;
  }

  static std::string note_anchor(const char* prefix, int number, int nth) {
    std::string a = prefix + std::to_string(number);
    if (nth > 0) a += ":" + std::to_string(nth);
    return a;
  }

  // Lays out `t` as a text block at (x, y) with width w.
  Block& emit_text(InlineText&& t, float x, float w, uint32_t node, float gap_after) {
    for (std::string& a : pending_anchors)  // footnote references: a back link lands on their block
      out.anchors.push_back({std::move(a), y, block_index(out.blocks.size())});
    pending_anchors.clear();
    Block& b = push_block(BlockKind::Text, x, w, node);
    b.text = std::move(t);
    InlineOptions opt;
    opt.wrap_width = w;
    layout_inline(b.text, opt, m, b.layout);
    b.text_x = x;
    b.text_y = y;
    b.h = b.layout.height;
    place_marker(b);
    finish_block(b);
    y += b.h + gap_after;
    return b;
  }

  // A paragraph-like leaf: inline children, images among them.
  // A muted line where the tree was cut (core/limits.h): what is left out,
  // so a reader sees the gap in place and not only in the diagnostics.
  void emit_cut_note(TreeCut::Kind kind, uint32_t node, uint32_t offset, float x, float w, float gap_after) {
    for (const TreeCut& c : tree.cuts) {
      if (c.kind != kind || (kind == TreeCut::Kind::TableRows && c.offset != offset)) continue;
      SpanStyle st;
      st.ink = Ink::Muted;
      st.face = Face::Italic;
      st.size = std::floor(em * 0.9f + 0.5f);
      InlineText t;
      t.add("… " + c.message + ".", st, -1, offset, offset, false);
      emit_text(std::move(t), x, w, node, gap_after);
    }
  }
  void emit_inline_block(uint32_t node, SpanStyle base, float x, float w, float gap_after) {
    emit_inline_run(node, tree.nodes[node].first_child, kNoNode, base, x, w, gap_after);
  }
  void emit_inline_run(uint32_t node, uint32_t first, uint32_t stop, SpanStyle base, float x, float w, float gap_after) {
    const Node& n = tree.nodes[node];
    InlineText t;
    gather_range(first, stop, base, n.src_begin, n.src_end, t);
    trim_trailing(t);
    size_placeholders(t, w);
    note_images(t);
    emit_text(std::move(t), x, w, node, gap_after);
  }

  // An image node as an inline object: its natural size once decoded.
  InlineObject image_object(uint32_t img) {
    ImageRef ref;
    ref.url = std::string(tree.href(tree.nodes[img]));
    ref.alt = plain_text(img);
    InlineObject o;
    o.image = int32_t(image_base + out.images.size());
    // Past limits::kMaxImages an image is never loaded: it stays its alt text.
    ref.over_limit = image_base + out.images.size() >= limits::kMaxImages;
    const ImVec2 nat = p.image_size && !ref.over_limit ? p.image_size(ref.url) : ImVec2(0, 0);
    o.placeholder = !(nat.x > 0 && nat.y > 0);
    o.w = o.placeholder ? 0 : nat.x;
    o.h = o.placeholder ? 0 : nat.y;
    out.images.push_back(std::move(ref));
    return o;
  }
  // Records where the images of `t` are drawn: the block pushed next.
  void note_images(const InlineText& t) {
    for (size_t k = 0; k < t.objects.size(); k++) {
      ImageRef& ref = out.images[t.objects[k].image - image_base];
      ref.block = block_index(out.blocks.size());
      ref.object = uint32_t(k);
    }
  }

  // Images without pixels yet (loading, failed): an image alone on its line
  // gets a box wide enough for a readable notice; one inside a sentence (or a
  // table cell) a compact chip with its alt text, so the text still reads as one.
  void size_placeholders(InlineText& t, float w, bool always_compact = false) {
    bool has_text = always_compact;  // table cells: a chip, never a wide box
    for (const Span& sp : t.spans)
      if (sp.object < 0)
        for (uint32_t i = sp.begin; i < sp.end && !has_text; i++) has_text = t.text[i] != ' ' && t.text[i] != '\n';
    for (InlineObject& o : t.objects) {
      if (!o.placeholder) continue;
      if (!has_text) {
        o.w = std::min(w, std::floor(em * 22.0f));
        o.h = std::floor(em * 4.0f);
        continue;
      }
      const std::string& alt = out.images[o.image - image_base].alt;
      const float fs = std::floor(em * 0.9f);
      const Metrics::Entry& e = m.get(Face::Regular, fs);
      float lw = 0;
      for (size_t q = 0; q < alt.size() && lw < em * 12;) lw += m.advance(e, decode_utf8(alt, q));
      o.w = std::floor(std::min(em * 12, lw) + em * 2.2f);  // room for the mark and padding
      o.h = std::floor(em * 1.3f);
    }
  }

  static void trim_trailing(InlineText& t) {
    while (!t.text.empty() && (t.text.back() == '\n' || t.text.back() == ' ')) {
      t.text.pop_back();
      Span& s = t.spans.back();
      s.end--;
      if (s.end <= s.begin) t.spans.pop_back();
    }
  }

  //---------------------------------------------------------------------------
  // [SECTION] Block layout: tables
  //---------------------------------------------------------------------------

  void emit_table(uint32_t node, float x, float w, float gap_after) {
    float top = y;
    uint32_t first_block = block_index(out.blocks.size());
    emit_table_body(node, x, w, gap_after);
    // References in cells: their back links land on the table.
    for (std::string& a : pending_anchors) out.anchors.push_back({std::move(a), top, first_block});
    pending_anchors.clear();
  }
  void emit_table_body(uint32_t node, float x, float w, float gap_after) {
    struct Cell {
      uint32_t node;
      Align align;
      bool header;
      InlineText text;
      float natural = 0;
    };
    std::vector<std::vector<Cell>> rows;
    size_t ncols = 0;
    for (uint32_t sec = tree.nodes[node].first_child; sec != kNoNode; sec = tree.nodes[sec].next_sibling) {
      for (uint32_t row = tree.nodes[sec].first_child; row != kNoNode; row = tree.nodes[row].next_sibling) {
        if (tree.nodes[row].type != NodeType::TableRow) continue;
        rows.emplace_back();
        for (uint32_t c = tree.nodes[row].first_child; c != kNoNode; c = tree.nodes[c].next_sibling) {
          const Node& cn = tree.nodes[c];
          Cell cell{c, cn.align, cn.type == NodeType::TableHeaderCell, {}, 0};
          SpanStyle st;
          st.size = em;
          st.face = cell.header ? Face::Bold : Face::Regular;
          gather_inlines(c, st, cn.src_begin, cn.src_end, cell.text);
          size_placeholders(cell.text, w, true);
          rows.back().push_back(std::move(cell));
        }
        ncols = std::max(ncols, rows.back().size());
      }
    }
    if (rows.empty() || ncols == 0) return;
    const float pad = std::floor(em * 0.5f);
    // Natural (unwrapped) width per column, then fit into w.
    std::vector<float> natural(ncols, em * 2), colw(ncols, 0);
    TextLayout tmp;
    InlineOptions nowrap;
    // An image can shrink to any width: it asks for a fair column, not its natural size.
    nowrap.max_object_width = std::floor(em * 16);
    for (auto& r : rows)
      for (size_t c = 0; c < r.size(); c++) {
        layout_inline(r[c].text, nowrap, m, tmp);
        natural[c] = std::max(natural[c], tmp.width + 2 * pad + 1);
      }
    float total = 0;
    for (float v : natural) total += v;
    if (total <= w) {
      colw = natural;
    } else {
      // Shrink wide columns first: each column keeps at least min(natural, fair share).
      float fair = w / float(ncols);
      float fixed = 0, flex = 0;
      for (size_t c = 0; c < ncols; c++) {
        if (natural[c] <= fair)
          fixed += natural[c];
        else
          flex += natural[c];
      }
      for (size_t c = 0; c < ncols; c++)
        colw[c] = natural[c] <= fair ? natural[c] : std::floor((w - fixed) * natural[c] / std::max(flex, 1.0f));
    }
    std::vector<float> colx(ncols + 1, x);
    for (size_t c = 0; c < ncols; c++) colx[c + 1] = colx[c] + colw[c];
    const float table_w = colx[ncols] - x;

    bool first_row = true;
    for (auto& r : rows) {
      size_t row_first_block = out.blocks.size();
      float row_h = 0;
      for (size_t c = 0; c < r.size(); c++) {
        Cell& cell = r[c];
        note_images(cell.text);
        // A column narrower than its padding still wraps at one em; the box is
        // as wide as that text, never negative (hit tests use it).
        InlineOptions opt;
        opt.wrap_width = std::max(em, colw[c] - 2 * pad);
        Block& b = push_block(BlockKind::Text, colx[c] + pad, opt.wrap_width, cell.node);
        b.text = std::move(cell.text);
        layout_inline(b.text, opt, m, b.layout);
        // Alignment: shift each line's pieces.
        for (Line& ln : b.layout.lines) {
          float shift = 0;
          if (cell.align == Align::Center) shift = std::floor((opt.wrap_width - ln.w) * 0.5f);
          if (cell.align == Align::Right) shift = std::floor(opt.wrap_width - ln.w);
          if (shift > 0)
            for (uint32_t k = ln.piece_begin; k < ln.piece_end; k++) b.layout.pieces[k].x += shift;
        }
        b.text_x = colx[c] + pad;
        b.text_y = y + snap(pad * 0.6f);
        b.h = b.layout.height + snap(pad * 1.2f);
        row_h = std::max(row_h, b.h);
      }
      if (out.blocks.size() == row_first_block) continue;
      Block& head = out.blocks[row_first_block];
      if (first_row && r[0].header) {
        Deco bg{Deco::Fill, Ink::TableHeaderBg, ImVec2(x, y), ImVec2(x + table_w, y + row_h)};
        head.decos.insert(head.decos.begin(), bg);
      }
      if (first_row && marker.pending) place_marker(head);
      for (size_t c = 0; c < ncols; c++) {
        Deco fr{Deco::Frame, Ink::TableBorder, ImVec2(colx[c], y), ImVec2(colx[c + 1], y + row_h)};
        head.decos.push_back(fr);
      }
      for (size_t k = row_first_block; k < out.blocks.size(); k++) {
        out.blocks[k].h = row_h;
        out.blocks[k].y = y;
        finish_block(out.blocks[k]);
      }
      y += row_h;
      first_row = false;
    }
    y += gap_after;
  }

  static_assert(int(Ink::HlAttribute) - int(Ink::HlKeyword) == int(HlClass::Attribute) - int(HlClass::Keyword) &&
                    int(HlClass::Attribute) + 1 == int(HlClass::Count),
                "one ink per highlight class, in the same order");
  // The code's text, a span per highlighted token (ink from the class), the
  // gaps in the plain code ink. Highlighted once here, per layout, never per frame.
  void add_code_text(Block& b, std::string_view code, const SpanStyle& st, const Node& n) {
    const HlLang lang = g_layout_highlight ? hl_language(b.language) : HlLang::Plain;
    if (lang == HlLang::Plain) {
      b.text.add(code, st, -1, n.src_begin, n.src_end, false);
      return;
    }
    thread_local std::vector<HlSpan> tokens;
    size_t cut = std::min(code.size(), limits::kMaxHighlightBytes);
    while (cut < code.size() && cut > 0 && (uint8_t(code[cut]) & 0xC0) == 0x80) cut--;  // on a character boundary
    highlight(lang, code.substr(0, cut), tokens);
    b.text.spans.reserve(tokens.size() * 2 + 1);
    b.text.text.reserve(code.size());
    SpanStyle tok = st;
    auto put = [&](size_t from, size_t to, Ink ink) {
      if (to <= from) return;
      tok.ink = ink;
      b.text.add(code.substr(from, to - from), tok, -1, n.src_begin, n.src_end, false);
    };
    auto blank = [&](size_t from, size_t to) {
      for (size_t k = from; k < to; k++)
        if (code[k] != ' ' && code[k] != '\n') return false;
      return true;
    };
    // Spaces look alike in any colour: a blank gap joins the token before it
    // (and two tokens of one class with only blanks between become one span),
    // which halves the spans and pieces to lay out and draw.
    size_t at = 0, cur_b = 0, cur_e = 0;
    Ink cur = st.ink;
    bool have = false;
    for (const HlSpan& h : tokens) {
      const size_t hb = h.begin, he = hb + h.len;
      const Ink ink = Ink(int(Ink::HlKeyword) + int(h.cls) - int(HlClass::Keyword));
      if (have && blank(at, hb)) {
        if (ink == cur) {
          cur_e = at = he;
          continue;
        }
        put(cur_b, hb, cur);
      } else {
        if (have) put(cur_b, cur_e, cur);
        put(at, hb, st.ink);
      }
      cur_b = hb;
      cur_e = at = he;
      cur = ink;
      have = true;
    }
    if (have && blank(at, code.size())) at = code.size();
    if (have) put(cur_b, have && at == code.size() ? at : cur_e, cur);
    put(have ? std::max(at, cur_e) : at, code.size(), st.ink);
  }

  void emit_code(uint32_t node, float x, float w, float gap_after) {
    const Node& n = tree.nodes[node];
    Block& b = push_block(BlockKind::Code, x, w, node);
    std::string_view info = tree.href(n);
    size_t sp = info.find_first_of(" \t{");
    b.language = std::string(info.substr(0, sp));
    SpanStyle st;
    st.face = Face::Mono;
    st.ink = Ink::Code;
    st.size = std::floor(em * 0.9f + 0.5f);
    std::string_view code = node_text(n);
    while (!code.empty() && (code.back() == '\n' || code.back() == '\r')) code.remove_suffix(1);
    // Tabs become four spaces: a fixed, predictable indent.
    std::string buf;
    buf.reserve(code.size());
    for (char c : code) {
      if (c == '\t')
        buf += "    ";
      else if (c != '\r')
        buf += c;
    }
    add_code_text(b, buf, st, n);
    InlineOptions opt;
    opt.wrap_width = 0;
    opt.line_spacing = 1.35f;
    layout_inline(b.text, opt, m, b.layout);
    const float pad = std::floor(em * 0.75f);
    // A header strip holds the language label and the copy button, so they
    // never cover the first line of code.
    const float small = std::floor(em * 0.75f + 0.5f);
    const float head = std::floor(small * 1.5f + 8);
    b.text_x = x + pad;
    b.text_y = y + head;
    b.h = b.layout.height + head + pad;
    b.decos.push_back({Deco::Fill, Ink::CodeBg, ImVec2(x, y), ImVec2(x + w, y + b.h)});
    Deco copy{Deco::CopyButton, Ink::Muted, ImVec2(x + w - small * 4.2f, y + 4), ImVec2(x + w - 4, y + 4 + snap(small * 1.5f))};
    copy.label_begin = block_index(out.blocks.size() - 1);
    copy.size = small;
    b.decos.push_back(copy);
    if (!b.language.empty()) {
      Deco lab;
      lab.kind = Deco::Label;
      lab.ink = Ink::Muted;
      lab.label_begin = label_base + uint32_t(out.labels.size());
      out.labels += b.language;
      lab.label_len = uint32_t(b.language.size());
      lab.size = small;
      lab.face = Face::Regular;
      float lw = 0;
      const Metrics::Entry& e = m.get(Face::Regular, small);
      for (size_t q = 0; q < b.language.size();) lw += m.advance(e, decode_utf8(b.language, q));
      lab.a = ImVec2(copy.a.x - lw - small, y + 4 + snap(small * 0.25f));
      lab.b = ImVec2(lab.a.x + lw, lab.a.y + snap(small));
      b.decos.push_back(lab);
    }
    place_marker(b);
    finish_block(b);
    y += b.h + gap_after;
  }

  //---------------------------------------------------------------------------
  // [SECTION] Block layout: walk
  //---------------------------------------------------------------------------

  struct Frame {
    uint32_t node;
    float x, w;
    int list_depth;
    bool tight;
    uint32_t item_number;  // next number in an ordered list
    size_t quote_block;    // for quotes: the block holding the bar
    float start_y;
  };

  std::vector<Frame> walk_frames;
  // Explicit walk_stack of (node, leaving) so nesting depth never grows the C walk_stack.
  std::vector<std::pair<uint32_t, bool>> walk_stack;

  void begin_walk() {
    walk_frames.clear();
    walk_frames.push_back({0, 0, p.width, 0, false, 0, 0, 0});
    walk_stack.clear();
  }

  // The state before a top-level block, with final (not slice) indices.
  TopCheckpoint checkpoint(uint32_t node) const {
    return {node,
            block_base + uint32_t(out.blocks.size()),
            link_base + uint32_t(out.links.size()),
            image_base + uint32_t(out.images.size()),
            label_base + uint32_t(out.labels.size()),
            anchor_base + uint32_t(out.anchors.size()),
            y};
  }

  void run() {
    if (tree.nodes.empty()) return;
    begin_walk();
    const std::vector<Node>& nodes = tree.nodes;
    size_t mark = walk_stack.size();
    for (uint32_t c = nodes[0].first_child; c != kNoNode; c = nodes[c].next_sibling) walk_stack.push_back({c, false});
    std::reverse(walk_stack.begin() + mark, walk_stack.end());
    walk();
    out.checkpoints.push_back(checkpoint(kNoNode));  // the end: the state after the last block
    emit_footnotes();
    emit_cut_note(TreeCut::Kind::Nodes, 0, 0, 0, p.width, 0);  // the tree stopped early: say so at its end
  }

  // The notes after the post: a short rule, then "1." and the definition's
  // text with back links ("↩") to each reference. Anchors "fn:N" at each.
  void emit_footnotes() {
    if (notes.notes.empty()) return;
    const float x = 0, w = p.width;
    y += snap(em * 0.8f);
    {
      Block& b = push_block(BlockKind::Text, x, w, kNoNode);
      b.text_x = x;
      b.text_y = y;
      b.h = std::floor(em * 0.6f);
      b.decos.push_back({Deco::HLine, Ink::Rule, ImVec2(x, y), ImVec2(x + std::floor(w * 0.3f), y)});
      finish_block(b);
      y += b.h;
    }
    SpanStyle st;
    st.size = std::floor(em * 0.88f + 0.5f);
    for (const FootnoteInfo& f : notes.notes) {
      const Node& d = tree.nodes[f.def];
      InlineText t;
      SpanStyle num = st;
      num.ink = Ink::Muted;
      t.add(std::to_string(f.number) + ". ", num, -1, d.src_begin, d.src_begin, false);
      gather_range(d.first_child, kNoNode, st, d.src_begin, d.src_end, t);
      trim_trailing(t);
      for (size_t r = 0; r < f.refs.size(); r++) {
        LinkInfo li;
        li.href = "#" + note_anchor("fnref:", f.number, int(r));
        li.title = "back to the text";
        int32_t idx = int32_t(link_base + out.links.size());
        out.links.push_back(std::move(li));
        SpanStyle back = st;
        back.ink = Ink::Link;
        t.add(" \xE2\x86\xA9", back, idx, d.src_end, d.src_end, false);
      }
      size_placeholders(t, w);
      note_images(t);
      pending_anchors.clear();  // references inside notes do not move the back links
      out.anchors.push_back({note_anchor("fn:", f.number, 0), y, block_index(out.blocks.size())});
      emit_text(std::move(t), x, w, f.def, snap(em * 0.35f));
    }
  }

  // Lays the top-level block `k` alone (an update); the walk is left ready for the next.
  void run_top(uint32_t k) {
    walk_stack.push_back({k, false});
    walk();
  }

  void walk() {
    const std::vector<Node>& nodes = tree.nodes;
    auto push_children = [&](uint32_t n) {
      size_t mark = walk_stack.size();
      for (uint32_t c = nodes[n].first_child; c != kNoNode; c = nodes[c].next_sibling) walk_stack.push_back({c, false});
      std::reverse(walk_stack.begin() + mark, walk_stack.end());
    };
    while (!walk_stack.empty()) {
      auto [k, leaving] = walk_stack.back();
      walk_stack.pop_back();
      const Node& n = nodes[k];
      if (!leaving && n.parent == 0) out.checkpoints.push_back(checkpoint(k));
      Frame& f = walk_frames.back();
      const float gap = f.tight ? snap(em * 0.15f) : snap(em * 0.75f);
      if (leaving) {
        Frame done = walk_frames.back();
        walk_frames.pop_back();
        switch (n.type) {
          case NodeType::Quote: {
            Block& bar_block = out.blocks[done.quote_block];
            float top = bar_block.y;
            float bottom = y - snap(em * 0.75f);
            if (bottom < top + snap(em)) bottom = top + snap(em);
            bar_block.decos.push_back({Deco::Bar, Ink::QuoteBar, ImVec2(done.x - em * 0.9f, top),
                                       ImVec2(done.x - em * 0.9f + std::max(3.0f, std::floor(em * 0.22f)), bottom)});
            finish_block(bar_block);
            y = bottom + snap(em * 0.75f);
            break;
          }
          case NodeType::Callout: {
            // The box: a tinted fill and a coloured bar down its left edge.
            Block& box = out.blocks[done.quote_block];
            float top = box.y;
            float bottom = y - snap(em * 0.75f) + snap(em * 0.6f);
            if (bottom < top + snap(em * 1.6f)) bottom = top + snap(em * 1.6f);
            int fam = callout_family(callout_kind(n));
            float left = done.x - snap(em * 1.0f), right = left + done.w + snap(em * 2.0f);
            box.decos.push_back({Deco::Fill, Ink(int(Ink::CalloutNoteBg) + fam), ImVec2(left, top), ImVec2(right, bottom)});
            box.decos.push_back({Deco::Bar, Ink(int(Ink::CalloutNote) + fam), ImVec2(left, top),
                                 ImVec2(left + std::max(3.0f, std::floor(em * 0.25f)), bottom)});
            finish_block(box);
            y = bottom + snap(em * 0.75f);
            break;
          }
          case NodeType::ListItem:
            if (marker.pending) {  // empty item: still show its marker
              Block& b = push_block(BlockKind::Text, done.x, done.w, k);
              b.text_x = done.x;
              b.text_y = y;
              b.h = std::floor(em * 1.45f);
              place_marker(b);
              finish_block(b);
              y += b.h + gap;
            }
            walk_frames.back().item_number++;
            break;
          case NodeType::BulletList:
          case NodeType::OrderedList:
            // A tight list ends with a paragraph-sized gap, unless it is nested.
            if (done.tight && walk_frames.back().list_depth == 0) y += snap(em * 0.6f);
            break;
          default: break;
        }
        continue;
      }
      switch (n.type) {
        case NodeType::Paragraph: {
          SpanStyle st;
          st.size = em;
          emit_inline_block(k, st, f.x, f.w, gap);
          break;
        }
        case NodeType::Heading: {
          SpanStyle st;
          st.size = heading_size(em, n.level);
          st.face = Face::Bold;
          st.ink = Ink::Heading;
          if (block_base + out.blocks.size() > 0) y += std::floor(em * (n.level <= 2 ? 0.9f : 0.6f));
          float before = y;
          emit_inline_block(k, st, f.x, f.w, snap(em * 0.5f));
          Block& b = out.blocks.back();
          b.heading = n.level;
          // Headings come in node order, as the walk does: a cursor, not a search per heading.
          while (next_heading < doc.headings.size() && doc.headings[next_heading].node < k) next_heading++;
          for (; next_heading < doc.headings.size() && doc.headings[next_heading].node == k; next_heading++)
            out.anchors.push_back({doc.headings[next_heading].anchor, before, block_index(out.blocks.size() - 1)});
          if (n.level <= 2) {
            float ly = b.y + b.h + snap(em * 0.2f);
            b.decos.push_back({Deco::HLine, Ink::Rule, ImVec2(f.x, ly), ImVec2(f.x + f.w, ly)});
            finish_block(b);
            y += snap(em * 0.3f);
          }
          break;
        }
        case NodeType::CodeBlock:
          emit_code(k, f.x, f.w, gap);
          break;
        case NodeType::HtmlBlock: {
          std::string_view s = node_text(n);
          if (is_br_only(s)) {
            y += std::floor(em * 0.8f);
            break;
          }
          SpanStyle st;
          st.face = Face::Mono;
          st.ink = Ink::Muted;
          st.size = std::floor(em * 0.85f + 0.5f);
          InlineText t;
          std::string_view body = s;
          while (!body.empty() && (body.back() == '\n' || body.back() == '\r')) body.remove_suffix(1);
          t.add(body, st, -1, n.text_in_pool ? n.src_begin : n.text_begin,
                n.text_in_pool ? n.src_end : n.text_begin + uint32_t(body.size()), !n.text_in_pool);
          emit_text(std::move(t), f.x, f.w, k, gap);
          break;
        }
        case NodeType::ThematicBreak: {
          Block& b = push_block(BlockKind::Text, f.x, f.w, k);
          b.text_x = f.x;
          b.text_y = y;
          b.h = std::floor(em * 1.2f);
          float ly = y + std::floor(b.h * 0.5f);
          b.decos.push_back({Deco::HLine, Ink::Rule, ImVec2(f.x, ly), ImVec2(f.x + f.w, ly)});
          finish_block(b);
          y += b.h + gap;
          break;
        }
        case NodeType::FootnoteDef: break;  // drawn with the notes at the end of the post
        case NodeType::ExcerptBreak: {
          // A thin rule with a small "excerpt" label: where Jekyll cuts the excerpt.
          Block& b = push_block(BlockKind::Text, f.x, f.w, k);
          b.text_x = f.x;
          b.text_y = y;
          float small = std::floor(em * 0.72f + 0.5f);
          b.h = std::floor(em * 1.2f);
          float ly = y + std::floor(b.h * 0.5f);
          const char* label = "excerpt";
          float lw = 0;
          const Metrics::Entry& e = m.get(Face::Regular, small);
          for (const char* q = label; *q; q++) lw += m.advance(e, uint32_t(*q));
          float lx = f.x + snap(em * 0.5f);
          b.decos.push_back({Deco::HLine, Ink::Rule, ImVec2(f.x, ly), ImVec2(lx - snap(em * 0.3f), ly)});
          b.decos.push_back({Deco::HLine, Ink::Rule, ImVec2(lx + lw + snap(em * 0.3f), ly), ImVec2(f.x + f.w, ly)});
          Deco lab;
          lab.kind = Deco::Label;
          lab.ink = Ink::Muted;
          lab.label_begin = label_base + uint32_t(out.labels.size());
          out.labels += label;
          lab.label_len = uint32_t(std::strlen(label));
          lab.size = small;
          lab.a = ImVec2(lx, ly - std::floor(small * 0.6f));
          lab.b = ImVec2(lx + lw, lab.a.y + small);
          b.decos.push_back(lab);
          finish_block(b);
          y += b.h + gap;
          break;
        }
        case NodeType::Table:
          emit_table(k, f.x, f.w, gap);
          emit_cut_note(TreeCut::Kind::TableRows, k, n.src_begin, f.x, f.w, gap);
          break;
        case NodeType::Quote: {
          Block& b = push_block(BlockKind::Text, f.x, f.w, k);  // holds the bar, no text
          b.h = 0;
          b.text_x = f.x;
          b.text_y = y;
          Frame q = f;
          q.node = k;
          q.x = f.x + em * 1.2f;
          q.w = std::max(em * 4, f.w - em * 1.2f);
          q.quote_block = out.blocks.size() - 1;
          q.start_y = y;
          q.tight = false;
          walk_frames.push_back(q);
          walk_stack.push_back({k, true});
          push_children(k);
          break;
        }
        case NodeType::Callout: {
          Block& b = push_block(BlockKind::Text, f.x, f.w, k);  // holds the box, no text
          b.h = 0;
          b.text_x = f.x;
          b.text_y = y;
          Frame q = f;
          q.node = k;
          q.x = f.x + snap(em * 1.0f);
          q.w = std::max(em * 4, f.w - snap(em * 2.0f));
          q.quote_block = out.blocks.size() - 1;
          q.start_y = y;
          q.tight = false;
          y += snap(em * 0.6f);
          CalloutKind kind = callout_kind(n);
          if (!callout_is_notice(kind)) {
            // Title line: the Obsidian title, or the kind's name.
            SpanStyle st;
            st.size = em;
            st.face = Face::Bold;
            st.ink = Ink(int(Ink::CalloutNote) + callout_family(kind));
            InlineText t;
            if (n.text_len) t.add(node_text(n), st, -1, n.text_begin, n.text_begin + n.text_len, true);
            else t.add(callout_label(kind), st, -1, n.src_begin, n.src_begin, false);
            emit_text(std::move(t), q.x, q.w, k, snap(em * 0.35f));
          }
          walk_frames.push_back(q);
          walk_stack.push_back({k, true});
          push_children(k);
          break;
        }
        case NodeType::TocBlock:
          emit_toc(k, f.x, f.w, gap);
          break;
        case NodeType::AttributeLine:
          break;  // kramdown attributes: in the tree for their range, never drawn
        case NodeType::BulletList:
        case NodeType::OrderedList: {
          Frame l = f;
          l.node = k;
          l.list_depth = f.list_depth + 1;
          l.tight = n.tight;
          l.item_number = n.start;
          l.x = f.x + std::floor(em * 1.6f);
          l.w = std::max(em * 4, f.w - std::floor(em * 1.6f));
          walk_frames.push_back(l);
          walk_stack.push_back({k, true});
          push_children(k);
          break;
        }
        case NodeType::ListItem: {
          marker.pending = true;
          marker.content_x = f.x;
          if (n.task) {
            marker.kind = n.task == 2 ? Deco::CheckOn : Deco::CheckOff;
          } else if (nodes[n.parent].type == NodeType::OrderedList) {
            marker.kind = Deco::Label;
            char mark = nodes[n.parent].mark ? nodes[n.parent].mark : '.';
            marker.label = std::to_string(f.item_number) + mark;
          } else {
            static const Deco::Kind kinds[3] = {Deco::Disc, Deco::Circle, Deco::Square};
            marker.kind = kinds[(f.list_depth - 1) % 3];
          }
          Frame it = f;
          it.node = k;
          walk_frames.push_back(it);
          walk_stack.push_back({k, true});
          push_children(k);
          break;
        }
        default:
          if (!is_block_type(n.type)) {
            // Loose inlines (tight list items): the run of inline siblings
            // is one implicit paragraph. They sit next on the walk_stack.
            uint32_t stop = k;
            while (stop != kNoNode && !is_block_type(nodes[stop].type)) {
              stop = nodes[stop].next_sibling;
              if (stop != kNoNode && !is_block_type(nodes[stop].type)) walk_stack.pop_back();
            }
            SpanStyle st;
            st.size = em;
            emit_inline_run(n.parent, k, stop, st, f.x, f.w, gap);
            break;
          }
          // Containers we do not style (TableHead outside a table etc.): walk through.
          {
            walk_frames.push_back(f);
            walk_stack.push_back({k, true});
            push_children(k);
          }
          break;
      }
    }
  }

  // 0..5: note, tip, important, warning, caution, plain (the Ink order).
  static int callout_family(CalloutKind k) {
    std::string_view c = callout_colour(k);
    if (c == "note") return 0;
    if (c == "tip") return 1;
    if (c == "important") return 2;
    if (c == "warning") return 3;
    if (c == "caution") return 4;
    return 5;
  }

  // kramdown's {:toc}: the post's headings as links, indented by level.
  void emit_toc(uint32_t k, float x, float w, float gap_after) {
    const Node& n = tree.nodes[k];
    int top_level = 7;
    size_t shown = 0;
    for (const Heading& h : doc.headings)
      if (!heading_has_no_toc(tree, doc.text, h.node)) top_level = std::min(top_level, h.level), shown++;
    SpanStyle st;
    st.size = em;
    if (!shown) {
      st.ink = Ink::Muted;
      st.face = Face::Italic;
      InlineText t;
      t.add("(no headings for the table of contents)", st, -1, n.src_begin, n.src_end, false);
      emit_text(std::move(t), x, w, k, gap_after);
      return;
    }
    st.ink = Ink::Link;
    size_t i = 0;
    for (const Heading& h : doc.headings) {
      if (heading_has_no_toc(tree, doc.text, h.node)) continue;
      float indent = std::floor(em * 1.2f) * float(h.level - top_level);
      LinkInfo li;
      li.href = "#" + h.anchor;
      int32_t link = int32_t(link_base + out.links.size());
      out.links.push_back(std::move(li));
      InlineText t;
      t.add(h.text.empty() ? std::string_view("(untitled)") : std::string_view(h.text), st, link, n.src_begin, n.src_end, false);
      emit_text(std::move(t), x + indent, std::max(em * 4, w - indent), k, ++i == shown ? gap_after : snap(em * 0.2f));
    }
  }

  static bool is_block_type(NodeType t) { return is_block(t); }
};

}  // namespace

size_t DocLayout::first_visible(float y) const {
  return size_t(std::lower_bound(bottom_max.begin(), bottom_max.end(), y) - bottom_max.begin());
}

const AnchorPos* DocLayout::find_anchor(std::string_view anchor) const {
  for (const AnchorPos& a : anchors)
    if (a.anchor == anchor) return &a;
  return nullptr;
}

std::function<void(const Document&)> g_layout_test_fault;
bool g_layout_highlight = true;

namespace {

uint32_t count_top_blocks(const MarkdownTree& t) {
  uint32_t n = 0;
  if (!t.nodes.empty())
    for (uint32_t c = t.nodes[0].first_child; c != kNoNode; c = t.nodes[c].next_sibling) n++;
  return n;
}

// Running max of ext_bottom from block `from` on, and the total height.
void finish_extents(DocLayout& out, size_t from, float end_y) {
  out.bottom_max.resize(out.blocks.size());
  float run = from ? out.bottom_max[from - 1] : -1e30f;
  for (size_t i = from; i < out.blocks.size(); i++) {
    run = std::max(run, out.blocks[i].ext_bottom);
    out.bottom_max[i] = run;
  }
  out.height = out.blocks.empty() ? end_y : std::max(end_y, out.bottom_max.back());
}

// Footnote numbers depend on the whole post: the number of every reference
// in order, and the notes' ids. Equal keys: every reference kept its number.
std::string footnote_key(const Footnotes& f) {
  std::string key;
  if (f.notes.empty()) return key;
  for (const auto& r : f.ref_index) { key += std::to_string(r.second); key += ','; }
  key += '|';
  for (const FootnoteInfo& n : f.notes) { key += n.id; key += '\n'; }
  return key;
}

// What a {:toc} shows: each heading's level, text, anchor and no_toc mark.
static std::string toc_key_of(const Document& doc) {
  std::string k;
  for (const Heading& h : doc.headings) {
    k += char('0' + h.level);
    k += heading_has_no_toc(doc.tree, doc.text, h.node) ? '-' : '+';
    k += h.text;
    k += '\0';
    k += h.anchor;
    k += '\0';
  }
  return k;
}

void layout_full(const Document& doc, const LayoutParams& p, Metrics& m, DocLayout& out) {
  out = DocLayout();
  out.width = p.width;
  out.font_size = p.font_size;
  out.tree_nodes = uint32_t(doc.tree.nodes.size());
  out.text_bytes = uint32_t(doc.text.size());
  out.blocks.reserve(doc.tree.nodes.size() / 3 + 16);
  Builder b(doc, p, m, out);
  b.notes = collect_footnotes(doc.tree, doc.text);
  out.footnote_key = footnote_key(b.notes);
  b.run();
  for (const Node& n : doc.tree.nodes)
    if (n.type == NodeType::TocBlock) { out.has_toc = true; break; }
  if (out.has_toc) out.toc_key = toc_key_of(doc);
  // An update restarts at a checkpoint: only when every top-level block has
  // one, nothing was cut (the cut notes hang off the whole tree), and y stays
  // where half pixels add exactly.
  if (!doc.tree.cuts.empty() || out.checkpoints.size() != count_top_blocks(doc.tree) + 1 || b.y >= kExactY)
    out.checkpoints.clear();
  finish_extents(out, 0, b.y);
  out.last_laid_blocks = uint32_t(out.blocks.size());
}

// Replaces v[b, e) with `with`, moving the rest once.
template <class T>
void splice(std::vector<T>& v, size_t b, size_t e, std::vector<T>& with) {
  const size_t old_n = e - b, new_n = with.size();
  if (new_n > old_n) {
    const size_t grow = new_n - old_n, size = v.size();
    v.resize(size + grow);
    std::move_backward(v.begin() + e, v.begin() + size, v.end());
  } else if (new_n < old_n) {
    std::move(v.begin() + e, v.end(), v.begin() + b + new_n);
    v.resize(v.size() - (old_n - new_n));
  }
  std::move(with.begin(), with.end(), v.begin() + b);
}

// What an update adds to every moved block's fields.
struct Shift {
  int64_t block = 0, link = 0, image = 0, label = 0, anchor = 0, node = 0, byte = 0;
  float y = 0;
};

inline uint32_t add(uint32_t v, int64_t d) { return uint32_t(int64_t(v) + d); }

void shift_block(Block& b, const Shift& s) {
  if (s.y != 0) {
    b.y += s.y;
    b.text_y += s.y;
    b.ext_top += s.y;
    b.ext_bottom += s.y;
    for (Deco& d : b.decos) {
      d.a.y += s.y;
      d.b.y += s.y;
    }
  }
  if (s.node && b.node != kNoNode) b.node = add(b.node, s.node);
  if (s.byte) {
    b.src_begin = add(b.src_begin, s.byte);
    b.src_end = add(b.src_end, s.byte);
    for (Span& sp : b.text.spans) {
      sp.src = add(sp.src, s.byte);
      sp.src_end = add(sp.src_end, s.byte);
    }
  }
  if (s.link)
    for (Span& sp : b.text.spans)
      if (sp.link >= 0) sp.link = int32_t(sp.link + s.link);
  if (s.image)
    for (InlineObject& o : b.text.objects)
      if (o.image >= 0) o.image = int32_t(o.image + s.image);
  if (s.label || s.block)
    for (Deco& d : b.decos) {
      if (d.kind == Deco::Label) d.label_begin = add(d.label_begin, s.label);
      if (d.kind == Deco::CopyButton) d.label_begin = add(d.label_begin, s.block);  // a block index there
    }
}

// The update proper; false when it cannot follow (then `out` is laid out
// again in full, so what it changed does not matter).

bool update_in_place(const Document& doc, const ReparseSpan& span, const LayoutParams& p, Metrics& m, DocLayout& out) {
  if (span.full || out.checkpoints.empty() || out.width != p.width || out.font_size != p.font_size) return false;
  const bool had_notes = !out.footnote_key.empty();
  bool region_notes = false;
  for (uint32_t i = span.node_begin; i < span.new_node_end && i < doc.tree.nodes.size() && !region_notes; i++)
    region_notes = doc.tree.nodes[i].type == NodeType::FootnoteDef;
  Footnotes notes;
  if (had_notes || region_notes) {
    notes = collect_footnotes(doc.tree, doc.text);
    if (footnote_key(notes) != out.footnote_key) return false;
  }
  // {:toc} shows headings from anywhere in the post: when they changed, all is laid out.
  bool region_toc = false;
  for (uint32_t i = span.node_begin; i < span.new_node_end && i < doc.tree.nodes.size(); i++)
    region_toc |= doc.tree.nodes[i].type == NodeType::TocBlock;
  std::string new_toc_key;
  if (out.has_toc || region_toc) {
    new_toc_key = toc_key_of(doc);
    if (out.has_toc && new_toc_key != out.toc_key) return false;
  }
  const std::vector<Node>& nodes = doc.tree.nodes;
  if (!doc.tree.cuts.empty() || nodes.empty()) return false;
  const uint32_t old_tops = uint32_t(out.checkpoints.size() - 1);
  if (span.old_first > old_tops || span.old_count > old_tops - span.old_first) return false;
  if (span.old_node_end < span.node_begin || span.new_node_end < span.node_begin) return false;
  if (span.old_byte_end < span.byte_begin || span.new_byte_end < span.byte_begin) return false;
  const TopCheckpoint start = out.checkpoints[span.old_first];
  if (start.node != kNoNode && start.node != span.node_begin) return false;
  const int64_t dnode = int64_t(span.new_node_end) - int64_t(span.old_node_end);
  const int64_t dbyte = int64_t(span.new_byte_end) - int64_t(span.old_byte_end);
  if (int64_t(out.tree_nodes) + dnode != int64_t(nodes.size()) || int64_t(out.text_bytes) + dbyte != int64_t(doc.text.size()))
    return false;  // not the edit of the post `out` shows
  auto moved_node = [&](uint32_t j) {  // old top-level block j's node in the new tree
    const uint32_t n = out.checkpoints[j].node;
    return n == kNoNode ? kNoNode : add(n, dnode);
  };

  // Lay the new top-level blocks into scratch, numbered as they will be.
  DocLayout fresh;
  Builder b(doc, p, m, fresh);
  b.block_base = start.block;
  b.link_base = start.links;
  b.image_base = start.images;
  b.label_base = start.labels;
  b.anchor_base = start.anchors;
  b.y = start.y;
  b.next_heading = size_t(std::lower_bound(doc.headings.begin(), doc.headings.end(), span.node_begin,
                                           [](const Heading& h, uint32_t n) { return h.node < n; }) -
                          doc.headings.begin());
  if (!notes.notes.empty()) {
    b.notes = notes;
    b.ref_seen.assign(notes.notes.size(), 0);
    for (size_t q = 0; q < notes.notes.size(); q++)
      for (uint32_t r : notes.notes[q].refs) b.ref_seen[q] += r < span.node_begin;
  }
  b.begin_walk();
  auto lay = [&](uint32_t k) {
    if (k >= nodes.size() || nodes[k].parent != 0 || !Builder::is_block_type(nodes[k].type)) return false;
    b.run_top(k);
    return !b.marker.pending && b.y < kExactY;
  };
  uint32_t k = span.node_begin < nodes.size() ? span.node_begin : kNoNode;  // the new blocks start there
  for (uint32_t i = 0; i < span.new_count; i++) {
    if (!lay(k)) return false;
    k = nodes[k].next_sibling;
  }
  uint32_t j = span.old_first + span.old_count;  // first old top-level block kept
  if (k != moved_node(j)) return false;
  // The next block may depend on what came before it: the first block of the
  // post gets no heading margin, and images past the limit are never loaded.
  // Lay those again until the old state holds.
  const uint32_t old_images = out.checkpoints[old_tops].images;
  while (j < old_tops) {
    const TopCheckpoint& old = out.checkpoints[j];
    const uint32_t now_blocks = b.block_index(fresh.blocks.size());
    const uint32_t now_images = b.image_base + uint32_t(fresh.images.size());
    const bool first_differs = (old.block == 0) != (now_blocks == 0);
    const bool limit_differs =
        now_images != old.images && std::max(now_images, old.images) + (old_images - old.images) > limits::kMaxImages;
    if (!first_differs && !limit_differs) break;
    if (!lay(k)) return false;
    k = nodes[k].next_sibling;
    j++;
    if (k != moved_node(j)) return false;
  }

  const TopCheckpoint tail = out.checkpoints[j];  // old state at the first kept block
  const TopCheckpoint now = b.checkpoint(k);      // the new state there
  Shift s;
  s.block = int64_t(now.block) - tail.block;
  s.link = int64_t(now.links) - tail.links;
  s.image = int64_t(now.images) - tail.images;
  s.label = int64_t(now.labels) - tail.labels;
  s.anchor = int64_t(now.anchors) - tail.anchors;
  s.node = dnode;
  s.byte = dbyte;
  s.y = now.y - tail.y;  // half pixels: exact
  if (tail.y + s.y >= kExactY || out.checkpoints[old_tops].y + s.y >= kExactY || out.height + s.y >= kExactY)
    return false;

  const uint32_t laid = uint32_t(fresh.blocks.size());
  const size_t laid_tops = fresh.checkpoints.size();
  splice(out.blocks, start.block, tail.block, fresh.blocks);
  splice(out.links, start.links, tail.links, fresh.links);
  splice(out.images, start.images, tail.images, fresh.images);
  splice(out.anchors, start.anchors, tail.anchors, fresh.anchors);
  out.labels.replace(start.labels, tail.labels - start.labels, fresh.labels);
  splice(out.checkpoints, span.old_first, j, fresh.checkpoints);

  // Everything after moves.
  for (size_t i = now.block; i < out.blocks.size(); i++) shift_block(out.blocks[i], s);
  if (s.block)
    for (size_t i = now.images; i < out.images.size(); i++) out.images[i].block = add(out.images[i].block, s.block);
  for (size_t i = span.old_first + laid_tops; i < out.checkpoints.size(); i++) {
    TopCheckpoint& c = out.checkpoints[i];
    if (c.node != kNoNode) c.node = add(c.node, s.node);
    c.block = add(c.block, s.block);
    c.links = add(c.links, s.link);
    c.images = add(c.images, s.image);
    c.labels = add(c.labels, s.label);
    c.anchors = add(c.anchors, s.anchor);
    c.y += s.y;
  }
  // The notes after the post are laid out again (their texts may have changed).
  if (had_notes) {
    const TopCheckpoint& e = out.checkpoints.back();
    out.blocks.resize(e.block);
    out.links.resize(e.links);
    out.images.resize(e.images);
    out.labels.resize(e.labels);
    out.anchors.resize(e.anchors);
  }
  // Anchors move, and their names may change: slugs are made unique in order,
  // so an edited heading renames the later ones that share its slug.
  size_t h = size_t(std::lower_bound(doc.headings.begin(), doc.headings.end(), k == kNoNode ? uint32_t(nodes.size()) : k,
                                     [](const Heading& hd, uint32_t n) { return hd.node < n; }) -
                    doc.headings.begin());
  for (size_t i = now.anchors; i < out.anchors.size(); i++) {
    AnchorPos& a = out.anchors[i];
    a.y += s.y;
    a.block = add(a.block, s.block);
    if (a.anchor.compare(0, 6, "fnref:") == 0) continue;  // a footnote reference's, not a heading's
    const uint32_t node = a.block < out.blocks.size() ? out.blocks[a.block].node : kNoNode;
    while (h < doc.headings.size() && doc.headings[h].node < node) h++;
    if (h == doc.headings.size() || doc.headings[h].node != node) return false;
    if (a.anchor != doc.headings[h].anchor) a.anchor = doc.headings[h].anchor;
    h++;
  }
  float end_y = out.checkpoints.back().y;
  if (had_notes) {
    DocLayout tail_out;
    Builder nb(doc, p, m, tail_out);
    const TopCheckpoint& e = out.checkpoints.back();
    nb.block_base = e.block;
    nb.link_base = e.links;
    nb.image_base = e.images;
    nb.label_base = e.labels;
    nb.anchor_base = e.anchors;
    nb.y = e.y;
    nb.notes = std::move(notes);
    nb.emit_footnotes();
    end_y = nb.y;
    std::move(tail_out.blocks.begin(), tail_out.blocks.end(), std::back_inserter(out.blocks));
    std::move(tail_out.links.begin(), tail_out.links.end(), std::back_inserter(out.links));
    std::move(tail_out.images.begin(), tail_out.images.end(), std::back_inserter(out.images));
    std::move(tail_out.anchors.begin(), tail_out.anchors.end(), std::back_inserter(out.anchors));
    out.labels += tail_out.labels;
  }
  finish_extents(out, start.block, end_y);
  out.tree_nodes = uint32_t(nodes.size());
  out.text_bytes = uint32_t(doc.text.size());
  out.last_laid_blocks = laid;
  if (region_toc) out.has_toc = true;
  if (out.has_toc) out.toc_key = std::move(new_toc_key);
  return true;
}

}  // namespace

void layout_document(const Document& doc, const LayoutParams& p, Metrics& m, DocLayout& out) {
  auto t0 = std::chrono::steady_clock::now();
  if (g_layout_test_fault) g_layout_test_fault(doc);
  layout_full(doc, p, m, out);
  out.build_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

void layout_document_update(const Document& doc, const ReparseSpan& span, const LayoutParams& p, Metrics& m,
                            DocLayout& out) {
  auto t0 = std::chrono::steady_clock::now();
  if (g_layout_test_fault) g_layout_test_fault(doc);
  try {
    if (!update_in_place(doc, span, p, m, out)) layout_full(doc, p, m, out);
  } catch (...) {
    out.checkpoints.clear();  // possibly half spliced: the next call lays out all
    throw;
  }
  out.build_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace sheaf
