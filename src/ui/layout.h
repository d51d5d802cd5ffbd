// Sheaf viewer layout: pure geometry, no drawing.
//
// Two levels:
//  - the inline engine lays out one run of styled text (a paragraph, a
//    heading, a table cell, a code block) into lines of pieces, breaking at
//    opportunities computed over the whole text, never per styled span;
//  - the block layout walks a Document's Markdown tree (without recursion)
//    and places blocks, list markers, quote bars, tables and images.
// The result is cached by the DocView and drawn a visible slice at a time.
//
// [SECTION] Unicode helpers
// [SECTION] Styled text
// [SECTION] Inline layout
// [SECTION] Block layout
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/incremental.h"
#include "core/unicode.h"
#include "imgui.h"
#include "ui/theme.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Unicode helpers
//-----------------------------------------------------------------------------

// decode_utf8, next_cluster, is_invisible, is_wide_breakable and
// is_break_after come from core/unicode.h (included above).
// Older spelling of decode_utf8, kept for callers not yet moved over.
inline uint32_t utf8_decode(std::string_view s, size_t& i) { return decode_utf8(s, i); }

//-----------------------------------------------------------------------------
// [SECTION] Styled text
//-----------------------------------------------------------------------------

enum class Face : uint8_t { Regular, Bold, Italic, BoldItalic, Mono };

// An inline image stands in the text as U+FFFC OBJECT REPLACEMENT CHARACTER.
constexpr uint32_t kObjectCodepoint = 0xFFFC;
constexpr std::string_view kObjectChar = "\xEF\xBF\xBC";

enum SpanFlags : uint8_t {
  SpanFlags_None = 0,
  SpanFlags_Strike = 1 << 0,
  SpanFlags_CodeBg = 1 << 1,    // inline code: a tinted box behind the run
  SpanFlags_Underline = 1 << 2,
  SpanFlags_Error = 1 << 3,      // a diagnostic points here: a wavy underline (the source editor)
  SpanFlags_Chip = 1 << 4,       // a Liquid tag: a rounded muted chip behind the run
};

struct SpanStyle {
  Face face = Face::Regular;
  uint8_t flags = 0;
  Ink ink = Ink::Text;
  float size = 16.0f;  // pixels, whole numbers only
  // Field by field: the padding after `ink` holds whatever was there.
  bool operator==(const SpanStyle& o) const { return face == o.face && flags == o.flags && ink == o.ink && size == o.size; }
  bool operator!=(const SpanStyle& o) const { return !(*this == o); }
};

// A styled range of InlineText::text. `src` maps the range back to the
// Markdown source: when `exact`, byte k of the span is source byte src + k;
// otherwise the span came from decoded or generated text and maps to
// [src, src_end) as a whole.
struct Span {
  uint32_t begin = 0, end = 0;
  SpanStyle style;
  int32_t link = -1;  // index into DocLayout::links
  int32_t object = -1;  // an inline image: index into InlineText::objects (text is one U+FFFC)
  uint32_t src = 0, src_end = 0;
  bool exact = false;
};

// An image inside a run of text, laid out like one wide character whose
// bottom sits on the baseline (as a browser places an <img>).
struct InlineObject {
  float w = 0, h = 0;       // natural size, or the placeholder's while loading or failed
  int32_t image = -1;       // index into DocLayout::images
  bool placeholder = false; // no pixels yet: drawn as a box with the alt text
};

struct InlineText {
  std::string text;  // '\n' is a hard line break
  std::vector<Span> spans;
  std::vector<InlineObject> objects;
  uint32_t line_bytes = 0;    // bytes of the current line so far (for the line limit)
  bool line_clipped = false;  // the current line reached the limit: the rest is dropped

  // Appends a styled run; false when nothing was added (empty, or the rest of
  // a line past limits::kMaxLayoutLineBytes, which shows as one "…").
  bool add(std::string_view s, const SpanStyle& st, int32_t link, uint32_t src, uint32_t src_end, bool exact);
  void add_object(const InlineObject& o, const SpanStyle& st, int32_t link, uint32_t src, uint32_t src_end);
  void hard_break(const SpanStyle& st, uint32_t src);
  void soft_break(const SpanStyle& st, int32_t link, uint32_t src, uint32_t src_end);  // a space; a new source line
  bool empty() const { return text.empty(); }
  int span_at(uint32_t offset) const;  // span holding byte `offset` (last span at the end)

 private:
  void append_span(std::string_view s, const SpanStyle& st, int32_t link, uint32_t src, uint32_t src_end, bool exact);
};

//-----------------------------------------------------------------------------
// [SECTION] Inline layout
//-----------------------------------------------------------------------------

// One drawable run on a line: a single span's bytes with no invisible
// codepoint inside. y is the top of the glyph box relative to the line top,
// which keeps baselines aligned when sizes mix.
struct Piece {
  float x = 0, y = 0, w = 0;
  uint32_t begin = 0, end = 0;
  uint32_t span = 0;
};

struct Line {
  float y = 0, h = 0, baseline = 0;  // y relative to the text block top
  uint32_t begin = 0, end = 0;       // bytes of the text on this line (without the break)
  uint32_t piece_begin = 0, piece_end = 0;
  float w = 0;                       // ink width (trailing spaces excluded)
};

struct TextLayout {
  std::vector<Line> lines;
  std::vector<Piece> pieces;
  std::vector<ImVec2> object_size;  // per InlineText::objects: scaled down to fit the wrap width
  float width = 0, height = 0;  // widest line, total height
};

// Width cache for one layout pass: baked fonts per (face, size) and glyph
// advances. Only valid within one ImGui frame (ImFontBaked pointers are).
struct Metrics {
  struct Entry {
    Face face;
    float size;
    ImFontBaked* baked;
    float ascent, descent;
  };
  std::deque<Entry> entries;  // deque: references stay valid as sizes are added
  const Entry& get(Face f, float size);
  float advance(const Entry& e, uint32_t cp);
};

ImFont* face_font(Face f);  // from sheaf::fonts()

struct InlineOptions {
  float wrap_width = 0;  // <= 0: no wrapping (code blocks)
  float max_object_width = 0;  // > 0: images count at most this wide (measuring table columns)
  float line_spacing = 1.45f;
};

// Lays out `t`. Break opportunities: after spaces, after CJK punctuation,
// between Han/kana characters; a word wider than the line breaks between
// grapheme clusters. Hangul words break only at spaces unless too wide.
void layout_inline(const InlineText& t, const InlineOptions& opt, Metrics& m, TextLayout& out);

// Byte offset nearest to x on a line (for hit-testing and selection).
uint32_t line_offset_at(const InlineText& t, const TextLayout& l, const Line& line, float x, Metrics& m);
// x of byte `offset` on `line`.
float line_x_of(const InlineText& t, const TextLayout& l, const Line& line, uint32_t offset, Metrics& m);

//-----------------------------------------------------------------------------
// [SECTION] Block layout
//-----------------------------------------------------------------------------

enum class BlockKind : uint8_t { Text, Code };

// Decorations: list markers, quote bars, code and table backgrounds, rules.
struct Deco {
  enum Kind : uint8_t { Fill, Frame, Bar, Disc, Circle, Square, CheckOff, CheckOn, HLine, Label, CopyButton };
  Kind kind = Fill;
  Ink ink = Ink::Text;
  ImVec2 a, b;                      // rect (or line ends) in layout coordinates
  uint32_t label_begin = 0, label_len = 0;  // Label: text in DocLayout::labels; CopyButton: block index
  float size = 0;                   // Label: font size
  Face face = Face::Regular;
};

struct Block {
  BlockKind kind = BlockKind::Text;
  float x = 0, y = 0, w = 0, h = 0;  // text origin and box (for Code: the padded box)
  float text_x = 0, text_y = 0;      // origin of `layout` in layout coordinates
  InlineText text;
  TextLayout layout;
  uint32_t node = kNoNode;
  uint32_t src_begin = 0, src_end = 0;
  std::vector<Deco> decos;
  float ext_top = 0, ext_bottom = 0;  // vertical extent including decorations
  uint8_t heading = 0;                // heading level, 0 for others
  std::string language;               // Code: info string's first word
};

struct LinkInfo {
  std::string href, title;
};

struct ImageRef {
  std::string url;  // as written
  std::string alt;
  uint32_t block = 0, object = 0;  // where it is drawn: blocks[block].text.objects[object]
  bool over_limit = false;  // past limits::kMaxImages in its post: never loaded
};

struct AnchorPos {
  std::string anchor;
  float y = 0;
  uint32_t block = 0;
};

struct LayoutParams {
  float width = 600;      // column width in pixels
  float font_size = 16;   // body size (zoom applied, whole number)
  // Natural size of an image once known; (0,0) while loading or failed.
  std::function<ImVec2(std::string_view url)> image_size;
};

// The layout's state just before one top-level block (a child of the tree
// root): where its blocks start in each array and the pen's y. An update
// starts again from the one before an edit and moves those after it.
struct TopCheckpoint {
  uint32_t node = kNoNode;  // the top-level node; kNoNode for the end of the post
  uint32_t block = 0, links = 0, images = 0, labels = 0, anchors = 0;
  float y = 0;
};

struct DocLayout {
  std::vector<Block> blocks;      // in document order, y non-decreasing
  std::string labels;
  std::vector<float> bottom_max;  // running max of ext_bottom: binary search for the first visible block
  std::vector<LinkInfo> links;
  std::vector<ImageRef> images;
  std::vector<AnchorPos> anchors;
  float width = 0, height = 0;
  double build_ms = 0;
  // One per top-level block plus the end; empty when an update cannot
  // follow this layout (a cut tree, a very tall post): it lays out all.
  std::vector<TopCheckpoint> checkpoints;
  float font_size = 0;           // the params it was made with
  uint32_t tree_nodes = 0, text_bytes = 0;  // the post it was made from: a span must lead from it
  uint32_t last_laid_blocks = 0; // blocks the last layout call laid out (not moved): all after a full one
  // The footnotes' numbering (footnote_key in layout.cpp); empty without notes.
  // The notes are drawn after the post; an update that keeps the numbering
  // lays them out again, one that changes it lays out all.
  std::string footnote_key;
  // kramdown's {:toc} draws every heading: an update whose headings differ
  // from these (levels, texts, anchors) lays out all.
  bool has_toc = false;
  std::string toc_key;

  // First block that may be visible at y (binary search on bottom_max).
  size_t first_visible(float y) const;
  const AnchorPos* find_anchor(std::string_view anchor) const;
};

// May throw (std::bad_alloc on a post that outgrows memory despite the
// limits): callers catch at the post, never higher.
void layout_document(const Document& doc, const LayoutParams& p, Metrics& m, DocLayout& out);
// After an incremental re-parse: `out` is the layout of the post before the
// edit, made with the same params, and `span` says which top-level blocks
// changed. Lays out only those (and a next one whose look depends on what
// precedes it) and moves the rest; the result equals a fresh layout_document()
// bit for bit. Lays out all instead on a full span, other width or font size,
// a span that does not fit `out`, a cut tree, or a post taller than 8M px.
// LayoutParams::image_size must answer as it did for `out`.
void layout_document_update(const Document& doc, const ReparseSpan& span, const LayoutParams& p, Metrics& m,
                            DocLayout& out);
// True in the app: code blocks in a known language are highlighted. The
// benchmarks turn it off for a plain reference in the same run.
extern bool g_layout_highlight;
// Test hook, empty in the app: called first by every layout_document, so a
// test can make one throw and check that the viewer stands.
extern std::function<void(const Document&)> g_layout_test_fault;

}  // namespace sheaf
