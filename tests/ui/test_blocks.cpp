// Block layout and the DocView on hand-built trees: lists, tables, links,
// selection, the layout cache.
#include <string>
#include <vector>

#include "doctest/doctest.h"
#include "ui/doc_view.h"
#include "ui/fonts.h"
#include "ui/layout.h"
#include "ui_env.h"

using namespace sheaf;

namespace sheaf::test {
extern std::vector<std::string> g_opened_urls;
extern std::string g_clipboard;
}  // namespace sheaf::test

namespace {

DocLayout lay(const Document& d, float width = 600) {
  test::ensure_frame();
  Metrics m;
  LayoutParams p;
  p.width = width;
  p.font_size = 16;
  DocLayout l;
  layout_document(d, p, m, l);
  return l;
}

// Bullet list nested `depth` levels: each item has a paragraph and the next list.
Document nested_list(int depth) {
  Document d;
  test::TreeBuilder tb(d);
  uint32_t parent = 0;
  for (int i = 0; i < depth; i++) {
    uint32_t list = tb.add(parent, NodeType::BulletList);
    d.tree.nodes[list].tight = true;
    uint32_t item = tb.add(list, NodeType::ListItem);
    uint32_t para = tb.add(item, NodeType::Paragraph);
    tb.text(para, "항목 level " + std::to_string(i + 1));
    parent = item;
  }
  return d;
}

const Block* block_with_text(const DocLayout& l, std::string_view s) {
  for (const Block& b : l.blocks)
    if (b.text.text == s) return &b;
  return nullptr;
}

}  // namespace

TEST_CASE("nested lists indent per level and change markers") {
  Document d = nested_list(5);
  DocLayout l = lay(d);
  std::vector<const Block*> items;
  for (int i = 0; i < 5; i++) {
    const Block* b = block_with_text(l, "항목 level " + std::to_string(i + 1));
    REQUIRE(b);
    items.push_back(b);
  }
  for (int i = 1; i < 5; i++) {
    CHECK(items[i]->x > items[i - 1]->x + 10);
    CHECK(items[i]->y > items[i - 1]->y);
  }
  // Markers: disc, circle, square, then again.
  Deco::Kind expect[5] = {Deco::Disc, Deco::Circle, Deco::Square, Deco::Disc, Deco::Circle};
  for (int i = 0; i < 5; i++) {
    REQUIRE(!items[i]->decos.empty());
    CHECK(items[i]->decos[0].kind == expect[i]);
    CHECK(items[i]->decos[0].b.x < items[i]->x);  // marker left of the text
  }
}

TEST_CASE("deep nesting does not recurse") {
  Document d = nested_list(3000);
  DocLayout l = lay(d, 800);
  CHECK(l.blocks.size() == 3000);
}

TEST_CASE("ordered lists keep their start number, tasks get boxes") {
  Document d;
  test::TreeBuilder tb(d);
  uint32_t ol = tb.add(0, NodeType::OrderedList);
  d.tree.nodes[ol].start = 7;
  d.tree.nodes[ol].mark = '.';
  for (int i = 0; i < 2; i++) tb.text(tb.add(tb.add(ol, NodeType::ListItem), NodeType::Paragraph), "step");
  uint32_t ul = tb.add(0, NodeType::BulletList);
  uint32_t t1 = tb.add(ul, NodeType::ListItem);
  d.tree.nodes[t1].task = 2;
  tb.text(tb.add(t1, NodeType::Paragraph), "done");
  DocLayout l = lay(d);
  REQUIRE(l.blocks.size() >= 3);
  std::string labels;
  for (const Block& b : l.blocks)
    for (const Deco& dc : b.decos)
      if (dc.kind == Deco::Label) labels += l.labels.substr(dc.label_begin, dc.label_len) + " ";
  CHECK(labels == "7. 8. ");
  const Block* done = block_with_text(l, "done");
  REQUIRE(done);
  CHECK(done->decos[0].kind == Deco::CheckOn);
}

TEST_CASE("table inside a list item: columns, alignment, wrapping") {
  Document d;
  test::TreeBuilder tb(d);
  uint32_t ul = tb.add(0, NodeType::BulletList);
  uint32_t item = tb.add(ul, NodeType::ListItem);
  tb.text(tb.add(item, NodeType::Paragraph), "표:");
  uint32_t table = tb.add(item, NodeType::Table);
  uint32_t head = tb.add(table, NodeType::TableHead);
  uint32_t hr = tb.add(head, NodeType::TableRow);
  const char* hdr[3] = {"이름", "값", "설명"};
  Align al[3] = {Align::Left, Align::Right, Align::Center};
  for (int c = 0; c < 3; c++) {
    uint32_t cell = tb.add(hr, NodeType::TableHeaderCell);
    d.tree.nodes[cell].align = al[c];
    tb.text(cell, hdr[c]);
  }
  uint32_t body = tb.add(table, NodeType::TableBody);
  uint32_t r = tb.add(body, NodeType::TableRow);
  const char* cells[3] = {"a", "12", "아주 긴 설명이 들어가는 칸이라서 좁은 폭에서는 여러 줄로 나뉘어야 한다 아주 긴 설명이 들어가는 칸"};
  for (int c = 0; c < 3; c++) {
    uint32_t cell = tb.add(r, NodeType::TableCell);
    d.tree.nodes[cell].align = al[c];
    tb.text(cell, cells[c]);
  }
  DocLayout l = lay(d, 400);
  const Block* para = block_with_text(l, "표:");
  const Block* h0 = block_with_text(l, "이름");
  const Block* v = block_with_text(l, "12");
  const Block* h1 = block_with_text(l, "값");
  const Block* longc = block_with_text(l, cells[2]);
  REQUIRE((para && h0 && v && h1 && longc));
  // Inside the list item: indented like the paragraph.
  CHECK(h0->x >= para->x);
  CHECK(longc->x + longc->w <= 400 + 0.5f);
  CHECK(longc->layout.lines.size() > 1);  // wrapped
  CHECK(v->y > h0->y);                    // body row below header
  CHECK(v->x == h1->x);                   // same column
  // Right alignment: the number ends at the column's right edge.
  const Piece& pv = v->layout.pieces[0];
  CHECK(pv.x + pv.w == doctest::Approx(v->layout.lines[0].w + pv.x).epsilon(0.01));
  CHECK(pv.x > 0);
  // Header cells are bold; frames are drawn per cell.
  CHECK(h0->text.spans[0].style.face == Face::Bold);
  int frames = 0;
  for (const Block& b : l.blocks)
    for (const Deco& dc : b.decos) frames += dc.kind == Deco::Frame;
  CHECK(frames == 6);
}

namespace {

Document link_doc() {
  Document d;
  d.path = "posts/a.md";
  test::TreeBuilder tb(d);
  uint32_t h = tb.add(0, NodeType::Heading);
  d.tree.nodes[h].level = 2;
  tb.text(h, "제목");
  d.headings.push_back({2, "제목", "제목", h, 0});
  uint32_t p = tb.add(0, NodeType::Paragraph);
  tb.text(p, "보기 ");
  const char* hrefs[3] = {"https://example.org/", "javascript:alert(1)", "#제목"};
  for (int i = 0; i < 3; i++) {
    uint32_t a = tb.add(p, NodeType::Link);
    d.tree.nodes[a].href_begin = uint32_t(d.tree.pool.size());
    d.tree.pool += hrefs[i];
    d.tree.nodes[a].href_len = uint32_t(std::string_view(hrefs[i]).size());
    tb.text(a, "링크" + std::to_string(i));
    tb.text(p, " ");
  }
  for (int i = 0; i < 80; i++) tb.text(tb.add(0, NodeType::Paragraph), "문단 " + std::to_string(i) + " 내용입니다.");
  return d;
}

}  // namespace

TEST_CASE("links: hit rects, schemes refused, anchors scroll") {
  Document d = link_doc();
  DocView v;
  v.set_document(&d, 1);
  test::ensure_frame();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(800, 600));
  ImGui::Begin("w");
  v.draw(ImVec2(800, 600));
  ImGui::End();
  test::next_frame();
  auto links = v.visible_links();
  REQUIRE(links.size() == 3);
  CHECK(links[0].href == "https://example.org/");
  CHECK(links[0].max.x > links[0].min.x);
  CHECK(links[1].min.x >= links[0].max.x);

  test::g_opened_urls.clear();
  CHECK(v.activate_link("https://example.org/") == DocView::LinkAction::Opened);
  CHECK(v.activate_link("javascript:alert(1)") == DocView::LinkAction::Refused);
  CHECK(v.message().find("javascript") != std::string::npos);
  CHECK(v.activate_link("file:///etc/passwd") == DocView::LinkAction::Refused);
  CHECK(test::g_opened_urls.size() == 1);
  CHECK(v.activate_link("#%EC%A0%9C%EB%AA%A9") == DocView::LinkAction::ScrolledToAnchor);
  CHECK(v.activate_link("#nope") == DocView::LinkAction::AnchorNotFound);
}

TEST_CASE("layout cache: same version and width reuse the layout") {
  Document d = link_doc();
  DocView v;
  v.set_document(&d, 1);
  auto frame = [&](float w) {
    test::next_frame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(w, 600));
    ImGui::Begin("cache");
    v.draw(ImVec2(w, 600));
    ImGui::End();
  };
  frame(800);
  CHECK(v.layout_count() == 1);
  frame(800);
  frame(800);
  CHECK(v.layout_count() == 1);
  v.set_document(&d, 2);  // text changed
  frame(800);
  CHECK(v.layout_count() == 2);
  frame(600);  // narrower column
  CHECK(v.layout_count() == 3);
  CHECK(v.block_count() > 80);

  // Another document at the same version number is laid out anew, not
  // shown with the previous one's layout.
  Document other;
  test::TreeBuilder tb(other);
  tb.text(tb.block(0, NodeType::Paragraph, ""), "다른 글");
  v.set_document(&other, 2);
  frame(600);
  CHECK(v.layout_count() == 4);
  CHECK(v.block_count() == 1);

  // New glyph shapes (a web font slice arrived): the baked glyphs go and the
  // post is measured again, once.
  const unsigned epoch = fonts_epoch();
  test::next_frame([] { fonts_changed(); });
  CHECK(fonts_epoch() == epoch + 1);
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(600, 600));
  ImGui::Begin("cache");
  v.draw(ImVec2(600, 600));
  ImGui::End();
  CHECK(v.layout_count() == 5);
  frame(600);
  CHECK(v.layout_count() == 5);
  CHECK(v.missing_glyphs() == 0);
}

TEST_CASE("selection copies the Markdown source, double-click selects a word") {
  Document d;
  test::TreeBuilder tb(d);
  uint32_t p = tb.block(0, NodeType::Paragraph, "");
  tb.text(p, "앞 ");
  d.text += "**";
  uint32_t st = tb.add(p, NodeType::Strong);
  tb.text(st, "굵게");
  d.text += "**";
  tb.text(p, " 뒤");
  d.tree.nodes[p].src_end = uint32_t(d.text.size());
  uint32_t p2 = tb.block(0, NodeType::Paragraph, "");
  d.text += "\n\n";
  tb.text(p2, "둘째 문단");
  d.tree.nodes[p2].src_end = uint32_t(d.text.size());

  DocView v;
  v.set_document(&d, 1);
  test::next_frame();
  ImGui::Begin("sel");
  v.draw(ImVec2(600, 400));
  ImGui::End();
  REQUIRE(v.layout());
  // Whole first paragraph to the middle of the second: the ** markers come along.
  v.set_selection(0, 0, 1, 6);  // "둘째" is 6 bytes
  CHECK(v.selection_text() == "앞 **굵게** 뒤\n\n둘째");
  CHECK(v.selection_plain() == "앞 굵게 뒤\n둘째");
  CHECK(v.copy_selection());
  CHECK(test::g_clipboard == "앞 **굵게** 뒤\n\n둘째");
  // Double-click inside "굵게".
  const Block& b0 = v.layout()->blocks[0];
  const Piece& bold = b0.layout.pieces[1];
  CHECK(v.select_word_at(ImVec2(b0.text_x + bold.x + 3, b0.text_y + 5)));
  CHECK(v.selection_plain() == "굵게");
}

TEST_CASE("find: case-insensitive Latin, exact Hangul, stepping wraps") {
  Document d;
  test::TreeBuilder tb(d);
  tb.text(tb.add(0, NodeType::Paragraph), "Model과 model, MODEL 그리고 모델");
  tb.text(tb.add(0, NodeType::Paragraph), "모델링 model");
  DocView v;
  v.set_document(&d, 1);
  test::next_frame();
  ImGui::Begin("find");
  v.draw(ImVec2(600, 400));
  ImGui::End();
  v.open_find("model");
  v.set_find_query("model");
  CHECK(v.find_count() == 4);
  CHECK(v.find_current() == 0);
  v.find_step(true);
  CHECK(v.find_current() == 3);
  v.find_step(false);
  CHECK(v.find_current() == 0);
  v.set_find_query("모델");
  CHECK(v.find_count() == 2);
  v.close_find();
  CHECK(!v.find_open());
}

namespace {

DocLayout lay_images(const Document& d, float width, ImVec2 known) {
  test::ensure_frame();
  Metrics m;
  LayoutParams p;
  p.width = width;
  p.font_size = 16;
  // "big.png" is 2000x1000, "badge.png" `known`; anything else has no pixels yet.
  p.image_size = [known](std::string_view url) {
    if (url == "big.png") return ImVec2(2000, 1000);
    if (url == "badge.png") return known;
    return ImVec2(0, 0);
  };
  DocLayout l;
  layout_document(d, p, m, l);
  return l;
}

const Piece* object_piece(const Block& b, const Line** line_out = nullptr) {
  for (const Line& ln : b.layout.lines)
    for (uint32_t k = ln.piece_begin; k < ln.piece_end; k++)
      if (b.text.spans[b.layout.pieces[k].span].object >= 0) {
        if (line_out) *line_out = &ln;
        return &b.layout.pieces[k];
      }
  return nullptr;
}

}  // namespace

TEST_CASE("inline images: inside a sentence on the text line, alone scaled to the column") {
  Document d = parse_document("p.md", "빌드 상태 ![build](badge.png) 배지가 문장 안에 있습니다.\n\n"
                                      "![큰 그림](big.png)\n<br>그림 설명\n\n"
                                      "없는 ![없는 그림](none.png) 그림도 문장을 끊지 않습니다.\n\n"
                                      "![혼자 없는 그림](none2.png)\n\n"
                                      "[![ok](badge.png)](https://example.org/ci)\n");
  DocLayout l = lay_images(d, 600, ImVec2(48, 20));
  REQUIRE(l.images.size() == 5);
  // The sentence stays one block, on one line, with the badge between its words.
  REQUIRE(l.blocks.size() == 5);
  const Block& s = l.blocks[0];
  CHECK(s.layout.lines.size() == 1);
  const Line* ln = nullptr;
  const Piece* badge = object_piece(s, &ln);
  REQUIRE(badge);
  CHECK(badge->w == 48);
  CHECK(badge->x > 0);
  CHECK(badge->y + 20 == doctest::Approx(ln->baseline));  // bottom on the baseline
  CHECK(ln->h >= 20);
  CHECK(l.images[0].block == 0);
  CHECK(l.images[0].object == 0);
  // Alone: 2000x1000 shrinks to the 600 px column, keeping its shape; the <br> line follows.
  const Block& big = l.blocks[1];
  REQUIRE(big.text.objects.size() == 1);
  CHECK(big.layout.object_size[0].x == 600);
  CHECK(big.layout.object_size[0].y == 300);
  CHECK(big.layout.lines.size() == 2);
  CHECK(big.layout.lines[0].h >= 300);
  // Not loaded inside a sentence: a compact chip on the line; alone: a wide notice box.
  const Block& chip = l.blocks[2];
  REQUIRE(chip.text.objects.size() == 1);
  CHECK(chip.layout.object_size[0].y < 16 * 2);
  CHECK(chip.layout.lines.size() == 1);
  const Block& box = l.blocks[3];
  CHECK(box.layout.object_size[0].y >= 16 * 4);
  CHECK(box.layout.object_size[0].x > 300);
  // An image inside a link carries the link.
  const Block& linked = l.blocks[4];
  const Piece* lp = object_piece(linked);
  REQUIRE(lp);
  const Span& sp = linked.text.spans[lp->span];
  REQUIRE(sp.link >= 0);
  CHECK(l.links[sp.link].href == "https://example.org/ci");
  // A narrow column wraps around the image, never through it.
  DocLayout narrow = lay_images(d, 120, ImVec2(48, 20));
  const Block& ns = narrow.blocks[0];
  CHECK(ns.layout.lines.size() > 1);
  for (const Line& nl : ns.layout.lines) CHECK(nl.w <= 120.5f);
}

TEST_CASE("inline images: no missing glyph, selection reads the alt text, copy gives the source") {
  Document d = parse_document("p.md", "앞 ![로고 그림](badge.png) 뒤\n");
  DocView v;
  v.set_document(&d, 1);
  test::draw_view(v);
  CHECK(v.missing_glyphs() == 0);  // U+FFFC stands for the image, it is not a glyph
  v.select_all();
  CHECK(v.selection_plain() == "앞 로고 그림 뒤");
  CHECK(v.selection_text() == "앞 ![로고 그림](badge.png) 뒤");
}

TEST_CASE("inline images in table cells: laid out in their cell, shrunk to the column") {
  Document d = parse_document("t.md", "| 그림 | 설명 |\n|---|---|\n| ![ok](badge.png) | 배지 |\n| ![큰 그림](big.png) | 넓은 그림은 칸에 맞게 줄어듭니다 |\n");
  DocLayout l = lay_images(d, 600, ImVec2(48, 20));
  REQUIRE(l.images.size() == 2);
  for (const ImageRef& r : l.images) {
    REQUIRE(r.block < l.blocks.size());
    const Block& b = l.blocks[r.block];
    REQUIRE(r.object < b.text.objects.size());
    const ImVec2 sz = b.layout.object_size[r.object];
    CHECK(sz.x <= b.w + 0.5f);  // inside its cell
    CHECK(sz.x > 0);
  }
  const Block& badge = l.blocks[l.images[0].block];
  CHECK(badge.layout.object_size[0].x == 48);
  const Block& big = l.blocks[l.images[1].block];
  CHECK(big.layout.object_size[0].x < 600);
  CHECK(big.layout.object_size[0].y == doctest::Approx(big.layout.object_size[0].x / 2).epsilon(0.02));
}

TEST_CASE("inline images in headings sit on the heading's line") {
  Document d = parse_document("h.md", "## 빌드 상태 ![ok](badge.png)\n\n본문\n");
  DocLayout l = lay_images(d, 600, ImVec2(48, 20));
  REQUIRE(l.images.size() == 1);
  const Block& h = l.blocks[l.images[0].block];
  CHECK(h.heading == 2);
  CHECK(h.layout.lines.size() == 1);
  const Piece* p = object_piece(h);
  REQUIRE(p);
  CHECK(p->x > 0);
  CHECK(p->w == 48);
}
