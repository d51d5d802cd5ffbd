// The viewer's Liquid chips, excerpt rule and footnotes: drawn, and a click
// on a reference goes to its note and the back link comes back.
#include <string>
#include <vector>

#include "doctest/doctest.h"
#include "imgui.h"
#include "ui/doc_view.h"
#include "ui/layout.h"
#include "ui/test_probe.h"
#include "ui_env.h"

using namespace sheaf;

namespace {

void frame(DocView& v) { test::draw_view(v); }

void click(DocView& v, ImVec2 p) {
  ImGuiIO& io = ImGui::GetIO();
  io.AddMousePosEvent(p.x, p.y);
  frame(v);
  io.AddMouseButtonEvent(0, true);
  frame(v);
  io.AddMouseButtonEvent(0, false);
  frame(v);
}

const DocView::LinkRect* link_to(const std::vector<DocView::LinkRect>& links, const std::string& href) {
  for (const auto& l : links)
    if (l.href == href) return &l;
  return nullptr;
}

std::string long_footnote_post() {
  std::string s = "---\ntitle: 각주\n---\n각주가 있는 첫 문단[^1] 그리고 {{ page.title }} 칩.\n\n<!--more-->\n\n";
  for (int i = 0; i < 80; i++) s += "채우는 문단 " + std::to_string(i) + ": 긴 글이라 각주는 화면 밖에 있다.\n\n";
  s += "[^1]: 각주의 본문. The note's text.\n";
  return s;
}

}  // namespace

TEST_CASE("liquid view: chips, the excerpt rule and the notes are laid out") {
  Document d = parse_document("p.md", long_footnote_post());
  DocView v;
  v.set_document(&d, 1);
  frame(v);
  frame(v);
  const DocLayout* l = v.layout();
  REQUIRE(l);
  bool chip = false, excerpt = false, note = false;
  for (const Block& b : l->blocks) {
    for (const Span& sp : b.text.spans)
      if ((sp.style.flags & SpanFlags_Chip) && b.text.text.substr(sp.begin, sp.end - sp.begin) == "{{ page.title }}") {
        chip = true;
        CHECK(sp.style.ink == Ink::Muted);
        CHECK(sp.style.face == Face::Mono);
      }
    for (const Deco& dc : b.decos)
      if (dc.kind == Deco::Label && l->labels.substr(dc.label_begin, dc.label_len) == "excerpt") excerpt = true;
    if (b.text.text.rfind("1. 각주의 본문", 0) == 0) note = true;
  }
  CHECK(chip);
  CHECK(excerpt);
  CHECK(note);
  REQUIRE(l->find_anchor("fn:1"));
  REQUIRE(l->find_anchor("fnref:1"));
  CHECK(l->find_anchor("fn:1")->y > l->find_anchor("fnref:1")->y + 1000);
}

TEST_CASE("liquid view: clicking a footnote reference scrolls to its note, the back link scrolls back") {
  Document d = parse_document("p.md", long_footnote_post());
  DocView v;
  v.set_document(&d, 1);
  frame(v);
  frame(v);
  const float top = v.scroll_y();
  auto links = v.visible_links();
  const DocView::LinkRect* ref = link_to(links, "#fn:1");
  REQUIRE(ref);
  click(v, ImVec2((ref->min.x + ref->max.x) * 0.5f, (ref->min.y + ref->max.y) * 0.5f));
  frame(v);
  const float note_y = v.layout()->find_anchor("fn:1")->y;
  CHECK(v.scroll_y() > top + 1000);
  CHECK(v.scroll_y() <= v.body_top() + note_y + 1);
  links = v.visible_links();
  const DocView::LinkRect* back = link_to(links, "#fnref:1");
  REQUIRE(back);
  click(v, ImVec2((back->min.x + back->max.x) * 0.5f, (back->min.y + back->max.y) * 0.5f));
  frame(v);
  CHECK(v.scroll_y() < top + 200);
}
