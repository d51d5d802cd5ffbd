// The viewer on kramdown and callout posts (core/jekyll_blocks.h): callout
// boxes with a coloured bar and a title, {:toc} drawn as links that scroll,
// attribute lines never drawn, in both themes.
#include <string>

#include "core/document.h"
#include "doctest/doctest.h"
#include "ui/doc_view.h"
#include "ui/layout.h"
#include "ui/theme.h"
#include "ui_env.h"

using namespace sheaf;

namespace {

DocLayout lay(const Document& d) {
  test::ensure_frame();
  Metrics m;
  LayoutParams p;
  p.width = 600;
  p.font_size = 16;
  DocLayout l;
  layout_document(d, p, m, l);
  return l;
}

bool any_text(const DocLayout& l, std::string_view part) {
  for (const Block& b : l.blocks)
    if (b.text.text.find(part) != std::string::npos) return true;
  return false;
}

const Block* with_text(const DocLayout& l, std::string_view s) {
  for (const Block& b : l.blocks)
    if (b.text.text == s) return &b;
  return nullptr;
}

// The callout boxes: blocks with a Fill and a Bar of a callout ink.
int boxes(const DocLayout& l, Ink bar) {
  int n = 0;
  for (const Block& b : l.blocks) {
    bool fill = false, has_bar = false;
    for (const Deco& d : b.decos) {
      fill |= d.kind == Deco::Fill && int(d.ink) >= int(Ink::CalloutNoteBg) && int(d.ink) <= int(Ink::CalloutPlainBg);
      has_bar |= d.kind == Deco::Bar && d.ink == bar;
    }
    n += fill && has_bar;
  }
  return n;
}

}  // namespace

TEST_CASE("jekyll view: GitHub alerts are boxes with a bar and a title, the marker never drawn") {
  Document d = parse_document("_posts/2024-07-03-a.md",
                              "> [!NOTE]\n> 알아 두세요.\n\n> [!CAUTION]\n> Careful.\n\n> [!faq]- 자주 묻는 질문\n> 답.\n");
  DocLayout l = lay(d);
  CHECK(boxes(l, Ink::CalloutNote) == 1);
  CHECK(boxes(l, Ink::CalloutCaution) == 1);
  CHECK(boxes(l, Ink::CalloutWarning) == 1);  // faq: Obsidian's question colour
  const Block* title = with_text(l, "Note");
  REQUIRE(title);
  REQUIRE(!title->text.spans.empty());
  CHECK(title->text.spans[0].style.ink == Ink::CalloutNote);
  CHECK(with_text(l, "자주 묻는 질문"));
  CHECK_FALSE(any_text(l, "[!"));
  // The box holds its text: the body sits inside the fill.
  const Block* body = with_text(l, "알아 두세요.");
  REQUIRE(body);
  for (const Block& b : l.blocks)
    for (const Deco& dc : b.decos)
      if (dc.kind == Deco::Fill && dc.ink == Ink::CalloutNoteBg) {
        CHECK(dc.a.y < body->y);
        CHECK(dc.b.y > body->y + body->h);
        CHECK(dc.a.x < body->x);
      }
  // Both themes give the bar a colour of its own, unlike the text's.
  set_dark_theme(true);
  ImU32 dark = palette()[Ink::CalloutNote];
  set_dark_theme(false);
  ImU32 light = palette()[Ink::CalloutNote];
  CHECK(dark != light);
  CHECK(light != palette()[Ink::Text]);
}

TEST_CASE("jekyll view: notices are boxes without a title, IAL text takes no space") {
  Document with = parse_document("_posts/2024-07-02-n.md", "첫 문단.\n\n**참고:** 알림.\n{: .notice--info}\n\n끝.\n");
  Document without = parse_document("_posts/2024-07-02-n.md", "첫 문단.\n\n**참고:** 알림.\n\n끝.\n");
  DocLayout l = lay(with);
  CHECK(boxes(l, Ink::CalloutNote) == 1);
  CHECK_FALSE(any_text(l, "{:"));
  CHECK_FALSE(any_text(l, "notice"));
  CHECK(with_text(l, "참고: 알림."));
  // An attribute line outside a notice takes no room at all.
  Document plain = parse_document("_posts/2024-07-02-n.md", "첫 문단.\n{: #x .lead}\n\n끝.\n");
  Document bare = parse_document("_posts/2024-07-02-n.md", "첫 문단.\n\n끝.\n");
  DocLayout lp = lay(plain), lb = lay(bare);
  CHECK_FALSE(any_text(lp, "{:"));
  CHECK(lp.height == lb.height);
  (void)without;
}

TEST_CASE("jekyll view: {:toc} draws the headings as links that scroll to them") {
  Document d = parse_document("_posts/2024-07-02-t.md",
                              "## 목차\n{: .no_toc}\n\n* TOC\n{:toc}\n\n## 첫째\n\n본문.\n\n### Deeper\n\n## Second\n");
  DocLayout l = lay(d);
  const Block* first = with_text(l, "첫째");
  const Block* deeper = with_text(l, "Deeper");
  REQUIRE(first);
  REQUIRE(deeper);
  // The first "첫째" block is the TOC's (a link), before the heading itself.
  CHECK(first->text.spans[0].link >= 0);
  CHECK(deeper->x > first->x);  // indented by level
  CHECK_FALSE(any_text(l, "TOC"));
  bool toc_lists_no_toc = false;
  for (const LinkInfo& li : l.links) toc_lists_no_toc |= li.href == "#목차";
  CHECK_FALSE(toc_lists_no_toc);
  REQUIRE(first->text.spans[0].link < int(l.links.size()));
  CHECK(l.links[size_t(first->text.spans[0].link)].href == "#첫째");

  DocView v;
  v.set_document(&d, 1);
  test::ensure_frame();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(800, 600));
  ImGui::Begin("toc");
  v.draw(ImVec2(800, 600));
  ImGui::End();
  test::next_frame();
  CHECK(v.activate_link("#second") == DocView::LinkAction::ScrolledToAnchor);

  Document none = parse_document("_posts/2024-07-02-t.md", "* TOC\n{:toc}\n\ntext\n");
  CHECK(any_text(lay(none), "no headings"));
}
