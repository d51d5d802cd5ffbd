// kramdown attribute lines, notices, {:toc}, markdown="1" blocks, GitHub
// alerts and Obsidian callouts (core/jekyll_blocks.h), on fixtures written here.
#include <doctest/doctest.h>

#include <string>

#include "core/document.h"
#include "core/incremental.h"
#include "core/jekyll_blocks.h"
#include "core/text.h"
#include "tree_check.h"

using namespace sheaf;

namespace {

// "Type(child,child)" of the body's blocks; inlines shown as their text.
std::string shape(const Document& d, uint32_t i) {
  const Node& n = d.tree.nodes[i];
  std::string s = node_type_name(n.type);
  if (n.type == NodeType::Callout) s += std::string("[") + callout_kind_name(callout_kind(n)) + "]";
  if (!is_block(n.type)) return "'" + std::string(d.tree.text(n, d.text)) + "'";
  if (n.first_child != kNoNode && n.type != NodeType::Paragraph && n.type != NodeType::Heading) {
    s += "(";
    for (uint32_t c = n.first_child; c != kNoNode; c = d.tree.nodes[c].next_sibling) {
      s += shape(d, c);
      if (d.tree.nodes[c].next_sibling != kNoNode) s += ",";
    }
    s += ")";
  }
  return s;
}

std::string shape(const Document& d) {
  std::string s;
  for (uint32_t c = d.tree.nodes[0].first_child; c != kNoNode; c = d.tree.nodes[c].next_sibling) {
    if (!s.empty()) s += " ";
    s += shape(d, c);
  }
  return s;
}

std::string plain(const Document& d) { return plain_text(d.tree, d.text, 0, true); }

Document parse(const std::string& body) {
  Document d = parse_document("_posts/2024-07-02-t.md", body);
  std::string bad = sheaf_test::check_ranges(d.tree, d.text, d.front_matter.body_begin);
  CHECK_MESSAGE(bad.empty(), bad);
  return d;
}

uint32_t first_of(const Document& d, NodeType t) {
  for (uint32_t i = 0; i < d.tree.nodes.size(); i++)
    if (d.tree.nodes[i].type == t) return i;
  return kNoNode;
}

// The incremental re-parse of one edit equals a full parse of the result.
void check_edit(const std::string& before, size_t at, size_t removed, const std::string& ins) {
  Document doc = parse_document("_posts/2024-07-02-t.md", before);
  std::string after = before.substr(0, at) + ins + before.substr(at + removed);
  reparse_after_edit(doc, after, uint32_t(at), uint32_t(removed), uint32_t(ins.size()));
  Document want = parse_document("_posts/2024-07-02-t.md", after);
  REQUIRE(doc.tree.nodes.size() == want.tree.nodes.size());
  CHECK(shape(doc) == shape(want));
  for (size_t i = 0; i < want.tree.nodes.size(); i++) {
    const Node &a = doc.tree.nodes[i], &b = want.tree.nodes[i];
    CHECK(a.type == b.type);
    CHECK(a.level == b.level);
    CHECK(a.src_begin == b.src_begin);
    CHECK(a.src_end == b.src_end);
    CHECK(a.parent == b.parent);
    CHECK(a.next_sibling == b.next_sibling);
    CHECK(doc.tree.text(a, doc.text) == want.tree.text(b, want.text));
  }
  CHECK(doc.tree.top == want.tree.top);
  CHECK(doc.tree.risky_lists == want.tree.risky_lists);
  CHECK(doc.unknown_attributes == want.unknown_attributes);
  CHECK(doc.word_count == want.word_count);
}

}  // namespace

TEST_CASE("kramdown: attribute line syntax") {
  KramdownAttrs a;
  CHECK(parse_attribute_line("{: .notice--info #box data-x=\"1 2\"}", &a));
  REQUIRE(a.classes.size() == 1);
  CHECK(a.classes[0] == "notice--info");
  CHECK(a.id == "box");
  REQUIRE(a.pairs.size() == 1);
  CHECK(a.pairs[0].second == "1 2");
  CHECK(parse_attribute_line("{:.x}", nullptr));
  CHECK(parse_attribute_line("  {:toc}  ", nullptr));
  CHECK(parse_attribute_line("{::options parse_block_html=\"true\" /}", nullptr));
  CHECK(parse_attribute_line("{:refdef: .c title=\"t\"}", nullptr));
  CHECK_FALSE(parse_attribute_line("{: .x", nullptr));          // unterminated
  CHECK_FALSE(parse_attribute_line("{: a=\"open}", nullptr));   // unterminated quote
  CHECK_FALSE(parse_attribute_line("{x}", nullptr));
  CHECK_FALSE(parse_attribute_line("text {: .x}", nullptr));
  CHECK_FALSE(parse_attribute_line("{: .}", nullptr));
}

TEST_CASE("kramdown: an IAL line is never text") {
  SUBCASE("last line of a paragraph") {
    Document d = parse("첫 문단입니다.\n{: .lead #intro}\n");
    CHECK(shape(d) == "Paragraph AttributeLine");
    CHECK(plain(d).find("{:") == std::string::npos);
    KramdownAttrs a = block_attributes(d.tree, d.text, d.tree.nodes[0].first_child);
    CHECK(a.id == "intro");
    CHECK(d.unknown_attributes.empty());
  }
  SUBCASE("alone after a heading") {
    Document d = parse("## Contents\n{: .no_toc}\n\ntext\n");
    CHECK(shape(d) == "Heading AttributeLine Paragraph");
    CHECK(heading_has_no_toc(d.tree, d.text, d.tree.nodes[0].first_child));
  }
  SUBCASE("first line: applies to the paragraph after") {
    Document d = parse("intro\n\n{: #second}\nThe second paragraph.\n");
    CHECK(shape(d) == "Paragraph AttributeLine Paragraph");
    uint32_t p2 = d.tree.top[2];
    CHECK(block_attributes(d.tree, d.text, p2).id == "second");
    CHECK(block_attributes(d.tree, d.text, d.tree.top[0]).id.empty());
  }
  SUBCASE("in a list item and in a quote") {
    Document d = parse("- item one\n- item two\n  {: .x}\n\n> quoted\n> {: .y}\n");
    CHECK(shape(d) == "BulletList(ListItem('item one'),ListItem('item two',AttributeLine)) Quote(Paragraph,AttributeLine)");
    CHECK(plain(d).find("{:") == std::string::npos);
  }
  SUBCASE("unterminated stays text") {
    Document d = parse("text\n{: .broken\n");
    CHECK(shape(d) == "Paragraph");
    CHECK(plain(d).find("{: .broken") != std::string::npos);
  }
  SUBCASE("ALDs and extensions are listed as unknown") {
    Document d = parse("{:refdef: .c}\n{::options parse_block_html=\"true\" /}\n\npara\n{: style=\"color:red\"}\n");
    CHECK(shape(d) == "AttributeLine Paragraph AttributeLine");
    REQUIRE(d.unknown_attributes.size() == 3);
    CHECK(d.unknown_attributes[0].first == 1);
    CHECK(d.unknown_attributes[2].second == "style=\"color:red\"");
    CHECK(d.unknown_attributes[2].first == 5);
  }
  SUBCASE("the text stays as written") {
    std::string src = "---\ntitle: T\n---\npara\n{: .x}\n";
    Document d = parse(src);
    CHECK(d.text == src);
  }
}

TEST_CASE("kramdown: notices become callouts") {
  SUBCASE("IAL after the paragraph") {
    Document d = parse("**참고:** 알림 상자입니다.\n{: .notice--info}\n");
    CHECK(shape(d) == "Callout[notice--info](Paragraph,AttributeLine)");
  }
  SUBCASE("every notice class") {
    const char* kinds[] = {"notice", "notice--primary", "notice--info", "notice--warning", "notice--danger", "notice--success"};
    for (const char* k : kinds) {
      Document d = parse(std::string("text\n{: .") + k + "}\n");
      CAPTURE(k);
      REQUIRE(d.tree.nodes[d.tree.top[0]].type == NodeType::Callout);
      CalloutKind want;
      REQUIRE(notice_kind_from_class(k, want));
      CHECK(callout_kind(d.tree.nodes[d.tree.top[0]]) == want);
    }
  }
  SUBCASE("a heading with a notice") {
    Document d = parse("# Title\n{: .notice--warning}\n");
    CHECK(shape(d) == "Callout[notice--warning](Heading,AttributeLine)");
    CHECK(d.headings.size() == 1);
  }
  SUBCASE("other classes do not") {
    Document d = parse("text\n{: .lead}\n");
    CHECK(shape(d) == "Paragraph AttributeLine");
  }
  SUBCASE("a notice in a list item") {
    Document d = parse("- item\n\n  para\n  {: .notice}\n");
    CHECK(shape(d) == "BulletList(ListItem(Paragraph,Callout[notice](Paragraph,AttributeLine)))");
  }
}

TEST_CASE("kramdown: {:toc} becomes the outline") {
  SUBCASE("bullet") {
    Document d = parse("## 목차\n{: .no_toc}\n\n* TOC\n{:toc}\n\n## 첫째\n\n## Second\n");
    CHECK(shape(d) == "Heading AttributeLine TocBlock Heading Heading");
    CHECK(plain(d).find("TOC") == std::string::npos);
    CHECK(d.headings.size() == 3);
  }
  SUBCASE("ordered") {
    Document d = parse("1. x\n{:toc}\n\n# A\n");
    CHECK(shape(d) == "TocBlock Heading");
  }
  SUBCASE("no headings") {
    Document d = parse("* TOC\n{:toc}\n\nJust text.\n");
    CHECK(shape(d) == "TocBlock Paragraph");
    CHECK(d.headings.empty());
  }
}

TEST_CASE("kramdown: markdown=\"1\" blocks show their Markdown") {
  SUBCASE("no blank lines inside") {
    Document d = parse("<div markdown=\"1\">\n## 안쪽 제목\n**굵게**\n</div>\n");
    CHECK(shape(d) == "AttributeLine Heading Paragraph AttributeLine");
    CHECK(d.headings.size() == 1);
    CHECK(plain(d).find("<div") == std::string::npos);
  }
  SUBCASE("blank lines inside") {
    Document d = parse("<div class=\"notice--success\" markdown=\"1\">\n\nA *paragraph*.\n\n- list\n\n</div>\n\nafter\n");
    CHECK(shape(d) == "Callout[notice--success](AttributeLine,Paragraph,BulletList(ListItem('list')),AttributeLine) Paragraph");
  }
  SUBCASE("block and span") {
    CHECK(shape(parse("<section markdown=\"block\">\n*x*\n</section>\n")) == "AttributeLine Paragraph AttributeLine");
    CHECK(shape(parse("<div markdown=\"span\">\n*x*\n</div>\n")) == "AttributeLine Paragraph AttributeLine");
  }
  SUBCASE("without the attribute it stays HTML") {
    CHECK(shape(parse("<div>\n*x*\n</div>\n")) == "HtmlBlock");
  }
  SUBCASE("no closing tag: left as HTML") {
    CHECK(shape(parse("<div markdown=\"1\">\n\ntext\n")) == "HtmlBlock Paragraph");
  }
}

TEST_CASE("alerts: GitHub alerts and Obsidian callouts") {
  SUBCASE("the five GitHub alerts") {
    const char* words[] = {"NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"};
    const CalloutKind kinds[] = {CalloutKind::Note, CalloutKind::Tip, CalloutKind::Important, CalloutKind::Warning, CalloutKind::Caution};
    for (int i = 0; i < 5; i++) {
      Document d = parse(std::string("> [!") + words[i] + "]\n> Body text.\n");
      CAPTURE(words[i]);
      CHECK(shape(d) == "Callout[" + std::string(callout_kind_name(kinds[i])) + "](Paragraph)");
      CHECK(callout_kind(d.tree.nodes[d.tree.top[0]]) == kinds[i]);
      CHECK(plain(d).find("[!") == std::string::npos);
      CHECK(d.tree.nodes[d.tree.top[0]].text_len == 0);
    }
  }
  SUBCASE("marker alone, then paragraphs") {
    Document d = parse("> [!tip]\n>\n> One.\n>\n> Two.\n");
    CHECK(shape(d) == "Callout[tip](Paragraph,Paragraph)");
  }
  SUBCASE("Obsidian title, foldable, Korean") {
    Document d = parse("> [!faq]- 자주 묻는 질문\n> 답입니다.\n");
    const Node& c = d.tree.nodes[d.tree.top[0]];
    CHECK(shape(d) == "Callout[question](Paragraph)");
    CHECK(d.tree.text(c, d.text) == "자주 묻는 질문");
  }
  SUBCASE("aliases") {
    CHECK(callout_kind_from_word("hint") == CalloutKind::Tip);
    CHECK(callout_kind_from_word("ERROR") == CalloutKind::DangerCallout);
    CHECK_FALSE(callout_is_notice(callout_kind_from_word("info")));  // Obsidian's info has a title line
    CHECK(callout_kind_from_word("tldr") == CalloutKind::Abstract);
    CHECK(callout_kind_from_word("whatever") == CalloutKind::Note);
  }
  SUBCASE("nested") {
    Document d = parse("> [!NOTE]\n> Outer.\n>\n> > [!WARNING] Inner\n> > Careful.\n");
    CHECK(shape(d) == "Callout[note](Paragraph,Callout[warning](Paragraph))");
  }
  SUBCASE("a plain quote stays a quote") {
    CHECK(shape(parse("> [link] text\n")) == "Quote(Paragraph)");
    CHECK(shape(parse("> [!NOTE]text\n")) == "Quote(Paragraph)");
  }
  SUBCASE("the marker alone") {
    Document d = parse("> [!IMPORTANT]\n");
    CHECK(shape(d) == "Callout[important]");
  }
}

TEST_CASE("jekyll blocks: incremental parse equals a full parse") {
  const std::string post =
      "---\ntitle: 편집\n---\n## 목차\n{: .no_toc}\n\n* TOC\n{:toc}\n\n## 하나\n\nText here.\n{: .notice--info}\n\n"
      "> [!NOTE]\n> Alert body.\n\n## 둘\n\nLast paragraph.\n\n- a\n- b\n";
  size_t text_at = post.find("Text here.");
  size_t note_at = post.find("> [!NOTE]");
  size_t last_at = post.find("Last paragraph.") + std::string("Last paragraph.").size();
  SUBCASE("add an IAL") { check_edit(post, last_at, 0, "\n{: .notice--danger}"); }
  SUBCASE("add an unknown attribute") { check_edit(post, last_at, 0, "\n{: style=\"x\"}"); }
  SUBCASE("remove an IAL") {
    size_t b = post.find("\n{: .notice--info}");
    check_edit(post, b, std::string("\n{: .notice--info}").size(), "");
  }
  SUBCASE("break an IAL") { check_edit(post, post.find(".notice--info}") + 13, 1, ""); }
  SUBCASE("add a [!NOTE] line") { check_edit(post, text_at, 0, "> [!TIP]\n> "); }
  SUBCASE("remove a [!NOTE] line") { check_edit(post, note_at, 10, ""); }
  SUBCASE("type inside an alert") { check_edit(post, post.find("Alert body") + 5, 0, "한글 "); }
  SUBCASE("remove {:toc}") { check_edit(post, post.find("{:toc}"), 6, ""); }
  SUBCASE("an IAL before a heading") { check_edit(post, post.find("## 둘"), 0, "{: #two}\n"); }
  SUBCASE("a blank line between IAL and paragraph") { check_edit(post, post.find("{: .notice--info}"), 0, "\n"); }
}

TEST_CASE("jekyll blocks: incremental edits around markdown=\"1\" blocks equal a full parse") {
  const std::string post =
      "---\ntitle: div\n---\nBefore.\n\n<div class=\"notice--info\" markdown=\"1\">\n\nInside *one*.\n\nInside two.\n\n</div>\n\n"
      "<section markdown=\"1\">\n**tight**\n</section>\n\nAfter `code` and <kbd>x</kbd>.\n";
  SUBCASE("type inside") { check_edit(post, post.find("Inside two") + 6, 0, "한글 "); }
  SUBCASE("break the closing tag") { check_edit(post, post.find("</div>") + 2, 1, ""); }
  SUBCASE("add a closing tag") { check_edit(post, post.find("Inside two"), 0, "</div>\n\n"); }
  SUBCASE("remove the attribute") { check_edit(post, post.find(" markdown=\"1\">\n\nInside"), 13, ""); }
  SUBCASE("type after") { check_edit(post, post.find("After") + 2, 0, "x"); }
  SUBCASE("type in the tight block") { check_edit(post, post.find("**tight**") + 3, 0, "y"); }
}
