// Markdown tree: structure, source ranges, text, outline.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>
#include <filesystem>

#include "core/limits.h"
#include "core/markdown.h"
#include "core/text.h"
#include "tree_check.h"

using namespace sheaf;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Body start after a "---" front matter (the real one is parse_document's job).
size_t body_of(const std::string& s) {
  if (s.rfind("---\n", 0) != 0) return 0;
  size_t e = s.find("\n---\n", 3);
  return e == std::string::npos ? 0 : e + 5;
}

// The posts of a folder (sorted), by extension.
std::vector<std::string> paths_in(const char* dir, const char* ext) {
  std::vector<std::string> out;
  for (auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ext) out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

// A test post of tests/data/posts by its number ("01", "02", ...).
std::string post(const char* prefix) {
  for (auto& p : paths_in(SHEAF_TEST_POSTS, ".md"))
    if (std::filesystem::path(p).filename().string().rfind(prefix, 0) == 0) return read_file(p);
  FAIL("no test post ", prefix);
  return {};
}

void check_range_invariants(const std::vector<std::string>& paths) {
  for (auto& path : paths) {
    std::string s = read_file(path);
    size_t body = body_of(s);
    MarkdownTree t;
    parse_markdown(s, body, t);
    INFO(path);
    CHECK(t.nodes.size() > 10);
    CHECK(check_ranges(t, s, body) == "");
  }
}

// Compact structure dump: Type(child child ...), blocks and inlines alike.
std::string dump(const MarkdownTree& t, uint32_t root = 0) {
  std::string out;
  walk_tree(t, root, [&](uint32_t i, bool entering) {
    const Node& n = t.nodes[i];
    if (entering) {
      if (!out.empty() && out.back() != '(') out += ' ';
      out += node_type_name(n.type);
      if (n.first_child != kNoNode) out += '(';
    } else if (n.first_child != kNoNode) {
      out += ')';
    }
    return true;
  });
  return out;
}

struct Parsed {
  std::string text;
  MarkdownTree tree;
  explicit Parsed(std::string s, size_t body = 0, MarkdownOptions o = {}) : text(std::move(s)) { parse_markdown(text, body, tree, o); }
  const Node& n(uint32_t i) const { return tree.nodes[i]; }
  std::string src(uint32_t i) const { return text.substr(n(i).src_begin, n(i).src_end - n(i).src_begin); }
  std::string txt(uint32_t i) const { return std::string(tree.text(n(i), text)); }
  // First node of a type (in document order) at or after index `from`.
  uint32_t find(NodeType t, uint32_t from = 0) const {
    for (uint32_t i = from; i < tree.nodes.size(); i++) if (tree.nodes[i].type == t) return i;
    return kNoNode;
  }
  std::string d() const { return dump(tree); }
};

}  // namespace

TEST_CASE("markdown: basic structure and ranges") {
  Parsed p("# Title\n\nHello *world* and **strong**.\n\n- a\n- b\n");
  CHECK(p.d() == "Document(Heading(Text) Paragraph(Text Emphasis(Text) Text Strong(Text) Text) BulletList(ListItem(Text) ListItem(Text)))");
  CHECK(check_ranges(p.tree, p.text, 0) == "");
  CHECK(p.src(1) == "# Title\n");
  CHECK(p.n(1).level == 1);
  uint32_t em = p.find(NodeType::Emphasis);
  CHECK(p.src(em) == "*world*");
  CHECK(p.src(p.find(NodeType::Strong)) == "**strong**");
  uint32_t ul = p.find(NodeType::BulletList);
  CHECK(p.src(ul) == "- a\n- b\n");
  CHECK(p.n(ul).mark == '-');
  CHECK(p.n(ul).tight);
  CHECK(p.src(p.find(NodeType::ListItem)) == "- a\n");
}

TEST_CASE("markdown: range invariants on the test posts") {
  auto paths = paths_in(SHEAF_TEST_POSTS, ".md");
  REQUIRE(paths.size() == 7);
  check_range_invariants(paths);
}

TEST_SUITE("seeds" * doctest::skip()) {
TEST_CASE("markdown: range invariants on the seed corpus") {
  auto paths = paths_in(SHEAF_SEEDS_DIR, ".txt");
  REQUIRE(paths.size() >= 5);
  check_range_invariants(paths);
}
}

TEST_CASE("markdown: post 02, a table inside a nested list item") {
  Parsed p(post("02"));
  p.tree.nodes.clear();
  parse_markdown(p.text, body_of(p.text), p.tree);
  REQUIRE(check_ranges(p.tree, p.text, body_of(p.text)) == "");
  uint32_t table = p.find(NodeType::Table);
  REQUIRE(table != kNoNode);
  const Node& tb = p.n(table);
  // Document > BulletList > ListItem > BulletList > ListItem > Table
  CHECK(p.n(tb.parent).type == NodeType::ListItem);
  CHECK(p.n(p.n(tb.parent).parent).type == NodeType::BulletList);
  CHECK(p.n(p.n(p.n(tb.parent).parent).parent).type == NodeType::ListItem);
  CHECK(p.n(p.n(p.n(p.n(p.n(tb.parent).parent).parent).parent).parent).type == NodeType::Document);
  CHECK(dump(p.tree, tb.parent) ==
        "ListItem(Paragraph(Text) Table(TableHead(TableRow(TableHeaderCell TableHeaderCell(Text) TableHeaderCell(Text))) "
        "TableBody(TableRow(TableCell(Text) TableCell(Text) TableCell(Text)) TableRow(TableCell(Text) TableCell(Text) TableCell(Text)))))");
  CHECK(p.txt(p.n(tb.parent).first_child + 1) == "테스트 방법 준비");
  // The table starts at its line (8 spaces of list indentation) and ends after the last row.
  CHECK(p.src(table).rfind("        |  | 배포 전, 오프라인 |", 0) == 0);
  REQUIRE(p.src(table).size() >= 2);
  CHECK(p.src(table).substr(p.src(table).size() - 2) == "|\n");
  CHECK(p.text.substr(p.n(table).src_end).rfind("    - 요구사항에서", 0) == 0);
  // The separator row belongs to the table, between head and body.
  uint32_t head = tb.first_child, body = p.n(head).next_sibling;
  CHECK(p.text.substr(p.n(head).src_end, p.n(body).src_begin - p.n(head).src_end) == "        | --- | --- | --- |\n");
  // The empty first header cell: an empty range right after its '|'.
  uint32_t row = p.n(head).first_child;
  uint32_t c0 = p.n(row).first_child, c1 = p.n(c0).next_sibling;
  CHECK(p.n(c0).src_begin == p.n(c0).src_end);
  CHECK(p.text[p.n(c0).src_begin - 1] == '|');
  CHECK(p.src(c1) == "배포 전, 오프라인");
  CHECK(p.n(c1).align == Align::Default);
  std::string cell_text = plain_text(p.tree, p.text, p.n(p.n(p.n(body).first_child).first_child).first_child);
  CHECK(cell_text == "정량평가");
  // Two fenced blocks with their languages.
  uint32_t code = p.find(NodeType::CodeBlock);
  REQUIRE(code != kNoNode);
  CHECK(p.tree.lang(p.n(code)) == "bash");
  uint32_t code2 = p.find(NodeType::CodeBlock, code + 1);
  REQUIRE(code2 != kNoNode);
  CHECK(p.tree.lang(p.n(code2)) == "python");
  CHECK(p.txt(code2).find("# 점수가 높은 순서로") != std::string::npos);
}

TEST_CASE("markdown: post 03, lists nested with tabs") {
  Parsed p(post("03"));
  REQUIRE(check_ranges(p.tree, p.text, 0) == "");
  uint32_t found = kNoNode;
  for (uint32_t i = 0; i < p.tree.nodes.size(); i++)
    if (p.n(i).type == NodeType::Text && p.txt(i).rfind("성능 숫자 하나보다는", 0) == 0) found = i;
  REQUIRE(found != kNoNode);
  uint32_t li = p.n(found).parent;
  CHECK(p.n(li).type == NodeType::ListItem);
  CHECK(p.src(li).rfind("\t\t- 성능 숫자", 0) == 0);
  int lists = 0;
  for (uint32_t a = li; a != kNoNode; a = p.n(a).parent) lists += p.n(a).type == NodeType::BulletList;
  CHECK(lists == 3);
  // "- 작은 데이터로도..." holds its text, then the tab-indented sublist.
  uint32_t outer = p.n(p.n(p.n(p.n(li).parent).parent).parent).parent;
  CHECK(dump(p.tree, outer) == "ListItem(Text BulletList(ListItem(Text) ListItem(Text) ListItem(Text BulletList(ListItem(Text)))))");
  CHECK(p.src(outer).rfind("- 작은 데이터로도 여러 방법을 시도해 보기\n\t- 같은", 0) == 0);
}

TEST_CASE("markdown: post 04, <br> at line starts is a hard break") {
  Parsed p(post("04"));
  size_t body = body_of(p.text);
  p.tree.nodes.clear();
  parse_markdown(p.text, body, p.tree);
  REQUIRE(check_ranges(p.tree, p.text, body) == "");
  int brs = 0, html = 0;
  for (uint32_t i = 0; i < p.tree.nodes.size(); i++) {
    if (p.n(i).type == NodeType::HardBreak && p.n(i).flags == 1) {
      brs++;
      CHECK(p.src(i) == "<br>");
    }
    if (p.n(i).type == NodeType::HtmlInline || p.n(i).type == NodeType::HtmlBlock) html++;
  }
  CHECK(brs == 21);  // every "<br>" in the file
  CHECK(html == 0);
  // "...\n<br>이어서, ..." : SoftBreak, HardBreak, then the text.
  uint32_t t = kNoNode;
  for (uint32_t i = 0; i < p.tree.nodes.size(); i++)
    if (p.n(i).type == NodeType::Text && p.txt(i).rfind("이어서,", 0) == 0) t = i;
  REQUIRE(t != kNoNode);
  uint32_t para = p.n(t).parent;
  CHECK(p.n(para).type == NodeType::Paragraph);
  uint32_t prev = kNoNode, prev2 = kNoNode;
  for (uint32_t c = p.n(para).first_child; c != t; c = p.n(c).next_sibling) { prev2 = prev; prev = c; }
  REQUIRE(prev2 != kNoNode);
  CHECK(p.n(prev).type == NodeType::HardBreak);
  CHECK(p.n(prev2).type == NodeType::SoftBreak);
  // The figure on a web host, in a paragraph with the <br> caption line after it.
  uint32_t im = p.find(NodeType::Image);
  REQUIRE(im != kNoNode);
  CHECK(p.tree.href(p.n(im)) == "https://img.example.com/study/architecture.png");
  CHECK(p.n(p.n(im).next_sibling).type == NodeType::SoftBreak);
}

TEST_CASE("markdown: lone <br> lines (posts 01, 05) and <br>-only HTML blocks") {
  for (const char* s : {"01", "05"}) {
    CAPTURE(s);
    Parsed p(post(s));
    size_t body = body_of(p.text);
    p.tree.nodes.clear();
    parse_markdown(p.text, body, p.tree);
    CHECK(check_ranges(p.tree, p.text, body) == "");
    CHECK(p.find(NodeType::HtmlBlock) == kNoNode);
    uint32_t br = p.find(NodeType::HardBreak);
    REQUIRE(br != kNoNode);
    CHECK(p.n(p.n(br).parent).type == NodeType::Paragraph);
    CHECK(p.src(p.n(br).parent) == "<br>\n");
  }
  Parsed q("<br>\n다음 줄 **굵게**\n\n<div>x</div>\n");
  CHECK(q.d() == "Document(Paragraph(HardBreak SoftBreak Text Strong(Text)) HtmlBlock)");
  CHECK(check_ranges(q.tree, q.text, 0) == "");
  CHECK(q.src(1) == "<br>\n다음 줄 **굵게**\n");
  CHECK(q.src(q.find(NodeType::Strong)) == "**굵게**");
  // Inside a quote the block's text is not contiguous: offsets still map back.
  Parsed r("> <BR/>\n> 둘째 <br />셋째\n");
  CHECK(r.d() == "Document(Quote(Paragraph(HardBreak SoftBreak Text HardBreak Text)))");
  CHECK(check_ranges(r.tree, r.text, 0) == "");
  CHECK(r.src(r.find(NodeType::Text)) == "둘째 ");
  // The option turns it off.
  MarkdownOptions off;
  off.br_as_break = false;
  Parsed s("<br>\n\na<br>b\n", 0, off);
  CHECK(s.d() == "Document(HtmlBlock Paragraph(Text HtmlInline Text))");
}

TEST_CASE("markdown: task items and their mark offsets") {
  Parsed p("- [ ] 할 일\n- [x] 끝\n- [X] 대문자\n- 보통\n\n1. [ ] 번호\n");
  CHECK(check_ranges(p.tree, p.text, 0) == "");
  std::vector<int> tasks;
  for (uint32_t i = 0; i < p.tree.nodes.size(); i++) {
    const Node& n = p.n(i);
    if (n.type != NodeType::ListItem) continue;
    tasks.push_back(n.task);
    if (n.task == 1) CHECK(p.text[n.task_mark_offset] == ' ');
    if (n.task == 2) CHECK((p.text[n.task_mark_offset] | 0x20) == 'x');
    if (n.task) CHECK(p.text[n.task_mark_offset - 1] == '[');
  }
  CHECK(tasks == std::vector<int>{1, 2, 2, 0, 1});
  uint32_t ol = p.find(NodeType::OrderedList);
  CHECK(p.n(ol).start == 1);
  CHECK(p.n(ol).mark == '.');
  // Offsets are in the whole file, after front matter.
  std::string fm = "---\ntitle: x\n---\n";
  Parsed q(fm + "* [x] done\n", fm.size());
  uint32_t li = q.find(NodeType::ListItem);
  CHECK(q.n(li).task_mark_offset == fm.size() + 3);
  CHECK(check_ranges(q.tree, q.text, fm.size()) == "");
}

TEST_CASE("markdown: entities, escapes and text runs") {
  Parsed p("a &amp; b &#35; &#x1F600; &copy; &bogus; a\\*b\n");
  CHECK(check_ranges(p.tree, p.text, 0) == "");
  std::vector<std::string> texts, srcs;
  for (uint32_t c = p.n(1).first_child; c != kNoNode; c = p.n(c).next_sibling) {
    texts.push_back(p.txt(c));
    srcs.push_back(p.src(c));
  }
  CHECK(texts == std::vector<std::string>{"a ", "&", " b ", "#", " ", "😀", " ", "©", " &bogus; a", "*b"});
  CHECK(srcs[1] == "&amp;");
  CHECK(srcs[5] == "&#x1F600;");
  CHECK(p.n(p.n(1).first_child).text_in_pool == false);
  CHECK(p.n(p.n(p.n(1).first_child).next_sibling).text_in_pool == true);
  CHECK(plain_text(p.tree, p.text, 0) == "a & b # 😀 © &bogus; a*b");
  // Link destinations and titles are decoded into the pool.
  Parsed l("[링크](http://a.b/?x=1&amp;y=2 \"제목 &quot;q&quot;\") ![alt *x*](/img.png)\n");
  uint32_t a = l.find(NodeType::Link), im = l.find(NodeType::Image);
  CHECK(l.tree.href(l.n(a)) == "http://a.b/?x=1&y=2");
  CHECK(l.tree.title(l.n(a)) == "제목 \"q\"");
  CHECK(l.src(a) == "[링크](http://a.b/?x=1&amp;y=2 \"제목 &quot;q&quot;\")");
  CHECK(l.src(im) == "![alt *x*](/img.png)");
  CHECK(l.tree.href(l.n(im)) == "/img.png");
  CHECK(check_ranges(l.tree, l.text, 0) == "");
}

TEST_CASE("markdown: block ranges of fences, setext headings, breaks and empty items") {
  Parsed p("```c++ extra\na\n\n  b\n```\n\nTitle\n=====\n\n***\n\n-\n  under\n- \n> \n> q\n\n    indented\n");
  CHECK(check_ranges(p.tree, p.text, 0) == "");
  uint32_t code = p.find(NodeType::CodeBlock);
  CHECK(p.src(code) == "```c++ extra\na\n\n  b\n```\n");
  CHECK(p.txt(code) == "a\n\n  b\n");
  CHECK(!p.n(code).text_in_pool);
  CHECK(p.tree.info(p.n(code)) == "c++ extra");
  CHECK(p.tree.lang(p.n(code)) == "c++");
  CHECK(p.n(code).mark == '`');
  uint32_t h = p.find(NodeType::Heading);
  CHECK(p.src(h) == "Title\n=====\n");
  CHECK(p.src(p.find(NodeType::ThematicBreak)) == "***\n");
  uint32_t li = p.find(NodeType::ListItem);
  CHECK(p.src(li) == "-\n  under\n");
  CHECK(p.src(p.n(li).next_sibling) == "- \n");
  CHECK(p.src(p.find(NodeType::Quote)) == "> \n> q\n");
  uint32_t ind = p.find(NodeType::CodeBlock, code + 1);
  CHECK(p.src(ind) == "    indented\n");
  CHECK(p.n(ind).mark == 0);
  // Inline ranges include their delimiters.
  Parsed q("`code` <http://x.y> www.a.com ~~del~~ ***both*** [ref]\n\n[ref]: /u\n");
  CHECK(check_ranges(q.tree, q.text, 0) == "");
  CHECK(q.src(q.find(NodeType::CodeSpan)) == "`code`");
  CHECK(q.txt(q.find(NodeType::CodeSpan)) == "code");
  uint32_t a = q.find(NodeType::Link);
  CHECK(q.src(a) == "<http://x.y>");
  CHECK(q.n(a).flags == 1);
  CHECK(q.src(q.find(NodeType::Link, a + 1)) == "www.a.com");
  CHECK(q.tree.href(q.n(q.find(NodeType::Link, a + 1))) == "http://www.a.com");
  CHECK(q.src(q.find(NodeType::Strikethrough)) == "~~del~~");
  CHECK(q.src(q.find(NodeType::Emphasis)) == "***both***");
  CHECK(q.src(q.find(NodeType::Strong)) == "**both**");
  uint32_t ref = q.find(NodeType::Link, q.find(NodeType::Strong));
  CHECK(q.src(ref) == "[ref]");
  CHECK(q.tree.href(q.n(ref)) == "/u");
  // CRLF line endings.
  Parsed c("# 제목\r\n\r\n- a\r\n- b\r\n");
  CHECK(check_ranges(c.tree, c.text, 0) == "");
  CHECK(c.src(1) == "# 제목\r\n");
}

TEST_CASE("markdown: 10,000 nested quotes and lists build without recursion") {
  const int N = 10000;
  std::string quotes(N, '>');
  quotes += " 깊다\n";
  Parsed q(quotes);
  int depth = 0;
  uint32_t i = 0;
  while (q.n(i).first_child != kNoNode) { i = q.n(i).first_child; depth++; }
  // md4c has no nesting limit for block containers; the tree keeps
  // kMaxBlockNesting and flattens the rest, with a cut that says so.
  CHECK(depth == limits::kMaxBlockNesting + 2);  // quotes, the paragraph, the text
  REQUIRE(q.tree.cuts.size() == 1);
  CHECK(q.tree.cuts[0].message.find("nested more than 64 deep") != std::string::npos);
  CHECK(q.txt(i) == "깊다");
  CHECK(check_ranges(q.tree, q.text, 0) == "");
  std::string lists;
  for (int k = 0; k < N; k++) lists += "- ";
  lists += "x\n";
  Parsed l(lists);
  depth = 0;
  i = 0;
  while (l.n(i).first_child != kNoNode) { i = l.n(i).first_child; depth++; }
  CHECK(depth == limits::kMaxBlockNesting + 1);  // lists and items, then the text
  CHECK(check_ranges(l.tree, l.text, 0) == "");
  CHECK(plain_text(l.tree, l.text, 0) == "x");
  // Deep inline nesting too.
  std::string em;
  for (int k = 0; k < 2000; k++) em += "*a ";
  for (int k = 0; k < 2000; k++) em += "b*";
  Parsed e(em + "\n");
  CHECK(check_ranges(e.tree, e.text, 0) == "");
}

TEST_CASE("markdown: a span md4c closes twice leaves the tree whole (fuzz find)") {
  // md4c 0.5.3 reports the end of the link span in "[]([)]()" twice; the
  // builder must not pop the paragraph (or the root) for the extra one.
  Parsed p("[]([)]()\n- g\n");
  CHECK(check_ranges(p.tree, p.text, 0) == "");
  REQUIRE(p.n(0).first_child != kNoNode);
  const Node& para = p.n(p.n(0).first_child);
  CHECK(para.type == NodeType::Paragraph);
  REQUIRE(para.next_sibling != kNoNode);
  CHECK(p.n(para.next_sibling).type == NodeType::BulletList);
  CHECK(plain_text(p.tree, p.text, para.next_sibling) == "g");
}

TEST_CASE("markdown: outline anchors and word count") {
  Document doc;
  doc.text = "# 학습 정리\n\n본문은 **한국어**입니다. Hello, world!\n\n## 학습 정리\n\n## ✏️ C++ & Rust: 소개 (1)\n\n### 학습 정리\n\n```\n코드는 세지 않음\n```\n";
  parse_markdown(doc.text, 0, doc.tree);
  collect_outline(doc);
  REQUIRE(doc.headings.size() == 4);
  CHECK(doc.headings[0].level == 1);
  CHECK(doc.headings[0].text == "학습 정리");
  CHECK(doc.headings[0].anchor == "학습-정리");
  CHECK(doc.headings[1].anchor == "학습-정리-1");
  CHECK(doc.headings[2].text == "✏️ C++ & Rust: 소개 (1)");
  CHECK(doc.headings[2].anchor == "-c--rust-소개-1");
  CHECK(doc.headings[3].anchor == "학습-정리-2");
  for (auto& h : doc.headings) {
    CHECK(doc.tree.nodes[h.node].type == NodeType::Heading);
    CHECK(h.src_begin == doc.tree.nodes[h.node].src_begin);
    CHECK(doc.text[h.src_begin] == '#');
  }
  // 2 + 4 ("본문은", "한국어입니다." across the bold, "Hello,", "world!") + 2 + 6 + 2; code is not counted.
  CHECK(doc.word_count == 16);
  CHECK(count_words("  가 나다\t라\n") == 3);
  CHECK(slugify("Hello World_x-y") == "hello-world_x-y");
}

TEST_CASE("markdown: a table past the cell limit keeps its first rows and covers every line") {
  // "|" alone is a row of all 128 columns (GitHub pads short rows).
  std::string t = "앞 문단\n\n|";
  for (int k = 0; k < 128; k++) t += "h|";
  t += "\n|";
  for (int k = 0; k < 128; k++) t += "-|";
  t += "\n";
  for (int k = 0; k < 1000; k++) t += "|\n";
  t += "\n뒤 문단\n";
  Parsed p(t);
  CHECK(check_ranges(p.tree, p.text, 0) == "");
  size_t cells = 0, rows = 0;
  const Node* table = nullptr;
  for (const Node& n : p.tree.nodes) {
    cells += n.type == NodeType::TableCell || n.type == NodeType::TableHeaderCell;
    rows += n.type == NodeType::TableRow;
    if (n.type == NodeType::Table) table = &n;
  }
  CHECK(cells == 782 * 128);
  CHECK(rows == 782);
  REQUIRE(table);
  CHECK(t.substr(table->src_end) == "\n뒤 문단\n");
  REQUIRE(p.tree.cuts.size() == 1);
  CHECK(p.tree.cuts[0].offset == table->src_begin);
  CHECK(p.tree.cuts[0].message == "table of 128,128 cells, over the 100,000 the viewer lays out; showing its first 782 rows");
  // An empty first body row is the line after the delimiter row, not the delimiter row.
  const Node& body = p.tree.nodes[table->last_child];
  CHECK(t.substr(body.src_begin, 2) == "|\n");
}
