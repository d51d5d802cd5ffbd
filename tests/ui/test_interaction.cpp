// Mouse interaction through ImGui input events (no GPU), images and paths.
#include <string>
#include <vector>

#include "doctest/doctest.h"
#include "imgui.h"
#include "ui/doc_view.h"
#include "ui/test_probe.h"
#include "ui/image_cache.h"
#include "ui/layout.h"
#include "ui/theme.h"
#include "ui_env.h"

using namespace sheaf;

namespace sheaf::test {
extern std::vector<std::string> g_opened_urls;
extern std::string g_clipboard;
extern std::vector<std::string> g_decode_requests;
}  // namespace sheaf::test

namespace {

void frame(DocView& v) { test::draw_view(v); }

// A document of one fenced code block holding `code`.
Document code_doc(const std::string& code) {
  Document d;
  test::TreeBuilder tb(d);
  Node& n = d.tree.nodes[tb.add(0, NodeType::CodeBlock)];
  n.text_begin = uint32_t(d.text.size());
  d.text += code;
  n.text_len = uint32_t(d.text.size()) - n.text_begin;
  return d;
}

void click(DocView& v, ImVec2 p) {
  ImGuiIO& io = ImGui::GetIO();
  io.AddMousePosEvent(p.x, p.y);
  frame(v);
  io.AddMouseButtonEvent(0, true);
  frame(v);
  io.AddMouseButtonEvent(0, false);
  frame(v);
}

Document two_links() {
  Document d;
  test::TreeBuilder tb(d);
  uint32_t p = tb.add(0, NodeType::Paragraph);
  const char* hrefs[2] = {"https://example.org/a", "javascript:alert(1)"};
  for (int i = 0; i < 2; i++) {
    tb.text(p, "앞글 ");
    uint32_t a = tb.add(p, NodeType::Link);
    d.tree.nodes[a].href_begin = uint32_t(d.tree.pool.size());
    d.tree.pool += hrefs[i];
    d.tree.nodes[a].href_len = uint32_t(std::string_view(hrefs[i]).size());
    tb.text(a, "링크 텍스트");
    tb.text(p, " 뒷글. ");
  }
  tb.text(tb.add(0, NodeType::Paragraph), "두 번째 문단은 선택 테스트용입니다.");
  return d;
}

}  // namespace

TEST_CASE("clicking links opens web links and refuses other schemes") {
  Document d = two_links();
  DocView v;
  v.set_document(&d, 1);
  frame(v);
  frame(v);
  auto links = v.visible_links();
  REQUIRE(links.size() == 2);
  test::g_opened_urls.clear();
  ImVec2 c0((links[0].min.x + links[0].max.x) * 0.5f, (links[0].min.y + links[0].max.y) * 0.5f);
  click(v, c0);
  REQUIRE(test::g_opened_urls.size() == 1);
  CHECK(test::g_opened_urls[0] == "https://example.org/a");
  links = v.visible_links();
  ImVec2 c1((links[1].min.x + links[1].max.x) * 0.5f, (links[1].min.y + links[1].max.y) * 0.5f);
  click(v, c1);
  CHECK(test::g_opened_urls.size() == 1);
  CHECK(v.message().find("javascript") != std::string::npos);
}

TEST_CASE("dragging selects across blocks") {
  Document d = two_links();
  DocView v;
  v.set_document(&d, 1);
  frame(v);
  const DocLayout* l = v.layout();
  REQUIRE(l);
  REQUIRE(l->blocks.size() == 2);
  auto links = v.visible_links();
  REQUIRE(!links.empty());
  // Layout to screen: the first link's rect tells where the text block sits.
  const Block& b0 = l->blocks[0];
  const Block& b1 = l->blocks[1];
  const float ox = links[0].min.x - (b0.text_x + b0.layout.pieces[1].x);
  const float oy = links[0].min.y - (b0.text_y + b0.layout.pieces[1].y);
  ImGuiIO& io = ImGui::GetIO();
  io.AddMousePosEvent(ox + b0.text_x + 1, oy + b0.text_y + 5);
  frame(v);
  io.AddMouseButtonEvent(0, true);
  frame(v);
  io.AddMousePosEvent(ox + b1.text_x + 60, oy + b1.text_y + 5);
  frame(v);
  frame(v);
  io.AddMouseButtonEvent(0, false);
  frame(v);
  std::string sel = v.selection_plain();
  CHECK(sel.rfind("앞글 링크 텍스트", 0) == 0);
  CHECK(sel.find("\n두") != std::string::npos);
}

TEST_CASE("image paths resolve against the notebook root or the post folder") {
  CHECK(resolve_image_path("/assets/img/AITech로고.png", "_posts/2022/a.md", "/nb") == "/nb/assets/img/AITech로고.png");
  CHECK(resolve_image_path("img/x%20y.png", "_posts/2022/a.md", "/nb") == "/nb/_posts/2022/img/x y.png");
  CHECK(resolve_image_path("../up.png", "_posts/a.md", "") == "up.png");
  CHECK(resolve_image_path("https://example.org/a.png", "a.md", "/nb") == "https://example.org/a.png");
  CHECK(resolve_image_path("javascript:alert(1)", "a.md", "/nb") == "");
  CHECK(resolve_image_path("/../../etc/passwd", "a.md", "/nb") == "/nb/etc/passwd");
}

TEST_CASE("image cache: decoded images become 1.92 textures, failures are kept") {
  test::ensure_frame();
  ImageCache cache;
  test::g_decode_requests.clear();
  cache.request("pics/ok.png");
  cache.request("pics/ok.png");
  cache.request("pics/missing.png");
  CHECK(test::g_decode_requests.size() == 2);  // cached by path
  CHECK(cache.update());
  const ImageEntry* ok = cache.find("pics/ok.png");
  const ImageEntry* bad = cache.find("pics/missing.png");
  REQUIRE((ok && bad));
  CHECK(ok->state == ImageEntry::State::Ready);
  CHECK(ok->width == 200);
  REQUIRE(ok->texture);
  CHECK(ok->texture->Status == ImTextureStatus_WantCreate);
  CHECK(bad->state == ImageEntry::State::Failed);
  cache.clear();
}

TEST_CASE("the view's probe reports blocks, glyphs and links, with link rects only while a bridge wants them") {
  Document d = two_links();
  DocView v;
  v.set_document(&d, 1);
  frame(v);
  DocView::Probe p = v.probe();
  CHECK(p.blocks == 2);
  CHECK(p.missing_glyphs == 0);
  REQUIRE(p.links.size() >= 1);
  CHECK(p.links[0].href == "https://example.org/a");
  CHECK(p.links[0].max.x > p.links[0].min.x);
  // A user's frames keep no rects for the bridge.
  test_rects_wanted() = false;
  frame(v);
  CHECK(v.probe().links.empty());
  CHECK(v.probe().blocks == 2);
  test_rects_wanted() = true;
  frame(v);
  CHECK_FALSE(v.probe().links.empty());
}

TEST_CASE("missing glyphs: uncovered codepoints counted, joiners and selectors skipped") {
  Document d;
  test::TreeBuilder tb(d);
  tb.text(tb.add(0, NodeType::Paragraph), "가족 👨\u200d👩\u200d👦 하트 ❤\uFE0F 끝");
  DocView v;
  v.set_document(&d, 1);
  frame(v);
  CHECK(v.missing_glyphs() == 0);
  Document e;
  test::TreeBuilder tb2(e);
  tb2.text(tb2.add(0, NodeType::Paragraph), "사설 영역 \U000F0001 문자");  // a private-use codepoint no face has
  v.set_document(&e, 2);
  frame(v);
  CHECK(v.missing_glyphs() == 1);
}

TEST_CASE("code block: text without the final newline, copy button in a header strip") {
  Document d = code_doc("print('안녕')\n");
  DocView v;
  v.set_document(&d, 1);
  frame(v);
  const DocLayout* l = v.layout();
  REQUIRE(l);
  REQUIRE(l->blocks.size() == 1);
  const Block& b = l->blocks[0];
  const Deco* copy = nullptr;
  for (const Deco& dc : b.decos)
    if (dc.kind == Deco::CopyButton) copy = &dc;
  REQUIRE(copy);
  CHECK(b.text.text == "print('안녕')");
  CHECK(copy->b.y < b.text_y);  // the button sits in the header strip, above the code
}

TEST_CASE("code block wider than its box: the scrollbar drags it sideways, a track press jumps") {
  std::string code = "short\n";
  for (int i = 0; i < 40; i++) code += "긴_줄_long_line_" + std::to_string(i) + " ";
  Document d = code_doc(code + "\n");
  DocView v;
  v.set_document(&d, 1);
  frame(v);
  frame(v);
  const DocLayout* l = v.layout();
  REQUIRE(l);
  REQUIRE(l->blocks.size() == 1);
  const Block& b = l->blocks[0];
  const float pad = b.text_x - b.x, inner = b.w - pad * 2;
  REQUIRE(b.layout.width > inner * 2);  // much wider than the box
  ImGuiIO& io = ImGui::GetIO();
  auto drag = [&](ImVec2 from, ImVec2 to) {
    io.AddMousePosEvent(from.x, from.y);
    frame(v);
    io.AddMouseButtonEvent(0, true);
    frame(v);
    for (int k = 1; k <= 4; k++) {
      io.AddMousePosEvent(from.x + (to.x - from.x) * k / 4, from.y + (to.y - from.y) * k / 4);
      frame(v);
    }
    io.AddMouseButtonEvent(0, false);
    frame(v);
  };
  // The bar sits in the block's bottom padding, below the last line.
  const ImVec2 origin = v.layout_origin();
  const float bar_y = origin.y + b.y + b.h - pad * 0.5f;
  CHECK(v.code_scroll_x(0) == 0.0f);
  // Dragging the thumb right by half the track scrolls about half the overflow.
  const float track = inner, overflow = b.layout.width - inner;
  const float thumb = std::max(12.0f, track * inner / b.layout.width);
  drag(ImVec2(origin.x + b.x + pad + 2, bar_y), ImVec2(origin.x + b.x + pad + 2 + (track - thumb) * 0.5f, bar_y));
  CHECK(v.code_scroll_x(0) == doctest::Approx(overflow * 0.5f).epsilon(0.05));
  CHECK(v.selection_plain().empty());  // a scrollbar drag never selects text
  // A press at the right end of the track jumps to the end.
  drag(ImVec2(origin.x + b.x + b.w - pad - 1, bar_y), ImVec2(origin.x + b.x + b.w - pad - 1, bar_y));
  CHECK(v.code_scroll_x(0) == doctest::Approx(overflow));
  // Dragging far left clamps at 0.
  drag(ImVec2(origin.x + b.x + b.w - pad - 3, bar_y), ImVec2(origin.x - 500, bar_y));
  CHECK(v.code_scroll_x(0) == 0.0f);
}

TEST_CASE("Ctrl+= zooms one step per press even when the app and the viewer both listen") {
  test::ensure_frame();
  ViewSettings& vs = view_settings();
  vs.zoom_step = 0;
  ImGuiIO& io = ImGui::GetIO();
  test::next_frame();
  io.AddKeyEvent(ImGuiMod_Ctrl, true);
  io.AddKeyEvent(ImGuiKey_Equal, true);
  test::next_frame();
  handle_zoom_shortcuts();  // the app
  handle_zoom_shortcuts();  // a focused viewer, same frame
  CHECK(vs.zoom_step == 1);
  io.AddKeyEvent(ImGuiKey_Equal, false);
  io.AddKeyEvent(ImGuiMod_Ctrl, false);
  test::next_frame();
  zoom_by(0);
  CHECK(vs.zoom_step == 0);
}

TEST_CASE("Ctrl+F after a search selects the last query, so typing replaces it") {
  Document d = two_links();
  DocView v;
  v.set_document(&d, 1);
  frame(v);
  click(v, ImVec2(450, 300));  // focus the view
  ImGuiIO& io = ImGui::GetIO();
  auto ctrl_f = [&]() {
    io.AddKeyEvent(ImGuiMod_Ctrl, true);
    io.AddKeyEvent(ImGuiKey_F, true);
    frame(v);
    io.AddKeyEvent(ImGuiKey_F, false);
    io.AddKeyEvent(ImGuiMod_Ctrl, false);
    frame(v);
    frame(v);
  };
  ctrl_f();
  REQUIRE(v.find_open());
  io.AddInputCharactersUTF8("링크");
  frame(v);
  frame(v);
  CHECK(v.find_query() == "링크");
  CHECK(v.find_count() == 2);
  io.AddKeyEvent(ImGuiKey_Escape, true);
  frame(v);
  io.AddKeyEvent(ImGuiKey_Escape, false);
  frame(v);
  REQUIRE(!v.find_open());
  CHECK(v.find_query() == "링크");  // Esc closes the bar but keeps the search
  ctrl_f();
  REQUIRE(v.find_open());
  CHECK(v.find_query() == "링크");  // the last search comes back...
  io.AddInputCharactersUTF8("뒷글");
  frame(v);
  frame(v);
  CHECK(v.find_query() == "뒷글");  // ...selected, so typing replaces it
  v.close_find();
  frame(v);
}
