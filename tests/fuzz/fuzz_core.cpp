// libFuzzer target over the whole path a file takes: detection and parsing
// (parse_document), HTML export in both modes, the lossless edits (checking
// their promise: bytes outside the edited range stay identical), and the
// viewer's layout at a wide and a narrow column, checking its geometry.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/edit.h"
#include "core/highlight.h"
#include "core/html.h"
#include "imgui.h"
#include "ui/fonts.h"
#include "ui/layout.h"

using namespace sheaf;

static void check_edit(std::string_view input, const EditResult& r) {
  if (!r.ok || !r.changed) return;
  // Everything before `begin` and after the old/new ends is untouched.
  if (r.begin > input.size() || r.old_end > input.size() || r.new_end > r.text.size() || r.begin > r.old_end ||
      r.begin > r.new_end)
    std::abort();
  if (input.substr(0, r.begin) != std::string_view(r.text).substr(0, r.begin)) std::abort();
  if (input.substr(r.old_end) != std::string_view(r.text).substr(r.new_end)) std::abort();
}

// One ImGui context with the real fonts for the whole run; a frame is kept
// open (baked fonts are valid only inside one) and renewed now and then so
// ImGui's per-frame memory does not grow.
static void layout_frame() {
  static int inputs = 0;
  if (!ImGui::GetCurrentContext()) {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.BackendFlags |= ImGuiBackendFlags_RendererHasTextures;
    io.DisplaySize = ImVec2(1280, 800);
    io.IniFilename = nullptr;
    if (!load_fonts("").ok) std::abort();  // the fuzz run must lay out with real glyphs
    io.DeltaTime = 1.0f / 60.0f;
    ImGui::NewFrame();
  } else if (++inputs % 64 == 0) {
    ImGui::Render();
    ImGui::NewFrame();
  }
}

static bool finite(float v) { return std::isfinite(v); }

// The promises DocLayout makes to the viewer: finite geometry, every index
// and byte range inside what it points into, and bottom_max a running max
// (first_visible binary-searches it). Any break aborts, so libFuzzer keeps it.
static void check_layout(const Document& doc, const DocLayout& l) {
  if (l.bottom_max.size() != l.blocks.size() || !finite(l.height)) std::abort();
  float prev_bottom = -1e30f;
  for (size_t i = 0; i < l.blocks.size(); i++) {
    const Block& b = l.blocks[i];
    if (!finite(b.x) || !finite(b.y) || !finite(b.w) || !finite(b.h) || !finite(b.text_x) || !finite(b.text_y) ||
        !finite(b.ext_top) || !finite(b.ext_bottom) || b.w < 0 || b.h < 0)
      std::abort();
    if (l.bottom_max[i] < prev_bottom || l.bottom_max[i] < b.ext_bottom) std::abort();
    prev_bottom = l.bottom_max[i];
    if (b.src_begin > b.src_end || b.src_end > doc.text.size()) std::abort();
    const size_t n = b.text.text.size();
    for (const Span& sp : b.text.spans) {
      if (sp.begin > sp.end || sp.end > n || sp.src > sp.src_end || sp.src_end > doc.text.size()) std::abort();
      if (sp.link >= 0 && size_t(sp.link) >= l.links.size()) std::abort();
      if (sp.object >= 0 && size_t(sp.object) >= b.text.objects.size()) std::abort();
    }
    for (const Line& ln : b.layout.lines) {
      if (ln.begin > ln.end || ln.end > n || ln.piece_begin > ln.piece_end || ln.piece_end > b.layout.pieces.size()) std::abort();
      if (!finite(ln.y) || !finite(ln.h) || !finite(ln.w)) std::abort();
    }
    for (const Piece& pc : b.layout.pieces)
      if (pc.begin > pc.end || pc.end > n || pc.span >= b.text.spans.size() || !finite(pc.x) || !finite(pc.w)) std::abort();
    for (const InlineObject& o : b.text.objects)
      if (o.image < 0 || size_t(o.image) >= l.images.size()) std::abort();
    for (const Deco& d : b.decos) {
      if (!finite(d.a.x) || !finite(d.a.y) || !finite(d.b.x) || !finite(d.b.y)) std::abort();
      if (d.kind == Deco::Label && size_t(d.label_begin) + d.label_len > l.labels.size()) std::abort();
      if (d.kind == Deco::CopyButton && d.label_begin >= l.blocks.size()) std::abort();
    }
  }
  for (const ImageRef& im : l.images)
    if (im.block >= l.blocks.size() || im.object >= l.blocks[im.block].text.objects.size()) std::abort();
  for (const AnchorPos& a : l.anchors)
    if (a.block >= l.blocks.size() || !finite(a.y)) std::abort();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  Document doc = parse_document("_posts/2024-01-02-fuzz.md", text);
  if (doc.text != text) std::abort();  // parsing never rewrites bytes

  HtmlOptions safe;
  std::string html = to_html(doc, safe);
  HtmlOptions unsafe;
  unsafe.safe = false;
  (void)to_html(doc, unsafe);
  // Safe mode never lets a script element through.
  if (html.find("<script") != std::string::npos) std::abort();
  HtmlOptions coloured;
  coloured.highlight_code = true;
  if (to_html(doc, coloured).find("<script") != std::string::npos) std::abort();

  // The input as a code block in every language: spans in order, inside the
  // text, never on a continuation byte.
  std::vector<HlSpan> spans;
  for (int l = 0; l < int(HlLang::Count); l++) {
    highlight(HlLang(l), text, spans);
    size_t prev = 0;
    for (const HlSpan& h : spans) {
      const size_t end = size_t(h.begin) + h.len;
      if (h.begin < prev || h.len == 0 || end > text.size() || h.cls == HlClass::Plain) std::abort();
      if ((uint8_t(text[h.begin]) & 0xC0) == 0x80 || (end < text.size() && (uint8_t(text[end]) & 0xC0) == 0x80)) std::abort();
      prev = end;
    }
  }

  Value v;
  v.kind = Value::Kind::String;
  v.scalar = "값: \"quoted\" #1";
  EditResult e1 = set_property(text, "title", v);
  check_edit(text, e1);
  if (e1.ok) {
    Document again = parse_document("_posts/2024-01-02-fuzz.md", e1.text);
    (void)again;
  }
  check_edit(text, add_tag(text, "tags", "새 태그"));
  check_edit(text, remove_tag(text, "tags", "a"));
  check_edit(text, rename_tag(text, "categories", "a", "b c"));
  check_edit(text, remove_property(text, "date"));

  layout_frame();
  for (float width : {640.0f, 90.0f}) {
    Metrics m;
    LayoutParams p;
    p.width = width;
    p.font_size = 16;
    DocLayout l;
    layout_document(doc, p, m, l);
    check_layout(doc, l);
  }
  return 0;
}
