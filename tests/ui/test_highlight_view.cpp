// Highlighted code in the viewer: the layout gives tokens their class's ink,
// and a frame draws a keyword's glyphs in the theme's keyword colour (light
// and dark), while a block in an unknown language keeps the plain code ink.
#include <string>
#include <vector>

#include "core/document.h"
#include "core/limits.h"
#include "doctest/doctest.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "ui/doc_view.h"
#include "ui/layout.h"
#include "ui/theme.h"
#include "ui_env.h"

using namespace sheaf;

namespace {

const char* kPost =
    "---\ntitle: 코드\n---\n\n파이썬 예제 Python sample:\n\n```python\ndef train(n):  # 주석\n    return \"문자열\" + 42\n```\n\n"
    "모르는 언어 unknown language:\n\n```cobol\nDISPLAY 'def return'.\n```\n";

const Block* code_block(const DocLayout& l, std::string_view lang) {
  for (const Block& b : l.blocks)
    if (b.kind == BlockKind::Code && b.language == lang) return &b;
  return nullptr;
}

// The ink of the span holding the first byte of `needle` in the block's text.
Ink ink_of(const Block& b, std::string_view needle) {
  const size_t at = b.text.text.find(needle);
  REQUIRE(at != std::string::npos);
  const int k = b.text.span_at(uint32_t(at));
  REQUIRE(k >= 0);
  const Span& sp = b.text.spans[size_t(k)];
  CHECK(sp.end >= at + needle.size());  // the whole token in one span
  return sp.style.ink;
}

// Vertices drawn this frame in colour `col`, in every window drawn this frame.
size_t vertices_in(ImU32 col) {
  size_t n = 0;
  for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows) {
    if (!w->Active) continue;
    for (const ImDrawVert& v : w->DrawList->VtxBuffer) n += v.col == col;
  }
  return n;
}

size_t limits_bytes() { return limits::kMaxHighlightBytes; }

}  // namespace

TEST_CASE("highlight view: tokens get their class's ink in the layout") {
  test::ensure_frame();
  Document d = parse_document("2024-07-01-code.md", kPost);
  Metrics m;
  LayoutParams p;
  p.width = 600;
  DocLayout l;
  layout_document(d, p, m, l);
  const Block* py = code_block(l, "python");
  REQUIRE(py);
  CHECK(ink_of(*py, "def") == Ink::HlKeyword);
  CHECK(ink_of(*py, "train") == Ink::HlName);
  CHECK(ink_of(*py, "# 주석") == Ink::HlComment);
  CHECK(ink_of(*py, "\"문자열\"") == Ink::HlString);
  CHECK(ink_of(*py, "42") == Ink::HlNumber);
  CHECK(ink_of(*py, "(n)") == Ink::Code);  // punctuation stays plain
  CHECK(py->text.text == "def train(n):  # 주석\n    return \"문자열\" + 42");  // the text itself is untouched
  const Block* cobol = code_block(l, "cobol");
  REQUIRE(cobol);
  for (const Span& sp : cobol->text.spans) CHECK(sp.style.ink == Ink::Code);

  // The benchmarks' switch: off, the same block is one plain span.
  g_layout_highlight = false;
  DocLayout plain;
  layout_document(d, p, m, plain);
  g_layout_highlight = true;
  const Block* pp = code_block(plain, "python");
  REQUIRE(pp);
  CHECK(pp->text.spans.size() == 1);
  CHECK(pp->text.text == py->text.text);
  CHECK(pp->layout.lines.size() == py->layout.lines.size());
  CHECK(pp->h == py->h);  // colours never move anything
}

TEST_CASE("highlight view: a keyword is drawn in the keyword colour, in both themes") {
  Document d = parse_document("2024-07-01-code.md", kPost);
  Document plain_only = parse_document("plain.md", "```cobol\nDISPLAY 'def return'.\n```\n");
  for (bool dark : {false, true}) {
    set_dark_theme(dark);
    const ImU32 kw = palette()[Ink::HlKeyword];
    const ImU32 str = palette()[Ink::HlString];
    const ImU32 com = palette()[Ink::HlComment];
    REQUIRE(kw != palette()[Ink::Code]);
    DocView v;
    v.set_document(&d, 1);
    test::draw_view(v);
    test::draw_view(v);  // laid out once, drawn again from the cache
    // Glyph quads: four vertices a glyph; "def" and "return" are 9 glyphs.
    CHECK_MESSAGE(vertices_in(kw) >= 9 * 4, (dark ? "dark" : "light"));
    CHECK(vertices_in(str) >= 5 * 4);
    CHECK(vertices_in(com) >= 3 * 4);  // "#", "주", "석" (a space draws nothing)

    DocView v2;
    v2.set_document(&plain_only, 1);
    test::draw_view(v2);
    CHECK_MESSAGE(vertices_in(kw) == 0, "an unknown language draws no keyword colour");
    CHECK(vertices_in(palette()[Ink::Code]) >= 4 * 4);
  }
  set_dark_theme(false);
}

TEST_CASE("highlight view: a block over the highlight limit is coloured up to it, plain after") {
  test::ensure_frame();
  std::string code;
  while (code.size() < limits_bytes() + (512u << 10)) code += "def f(x):  # 주석\n    return \"값\" + 1\n";
  Document d = parse_document("big.md", "```python\n" + code + "```\n");
  Metrics m;
  LayoutParams p;
  p.width = 600;
  DocLayout l;
  layout_document(d, p, m, l);
  const Block* b = code_block(l, "python");
  REQUIRE(b);
  bool coloured_before = false, coloured_after = false;
  for (const Span& sp : b->text.spans) {
    if (sp.style.ink == Ink::Code) continue;
    (sp.begin < limits_bytes() ? coloured_before : coloured_after) = true;
  }
  CHECK(coloured_before);
  CHECK_FALSE(coloured_after);
  CHECK(b->text.text.size() == code.size() - 1);  // the whole text is there (less the last newline)
}
