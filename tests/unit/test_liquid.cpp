// Liquid in the tree: highlight blocks, raw, tags and outputs as chips,
// the excerpt break; every range exact, nothing executed, nothing rewritten.
#include <doctest/doctest.h>

#include "core/liquid.h"
#include "core/markdown.h"
#include "liquid_check.h"

using namespace sheaf;
using namespace liquid_test;

TEST_CASE("liquid: a highlight block is a code block in its language, its Markdown-looking lines verbatim") {
  std::string body = "앞 문단\n\n{% highlight python linenos %}\n# not a heading\n- not a list\n**not bold**\n{% endhighlight %}\n\n뒤 문단\n";
  Document d = parse(body);
  CHECK(check_ranges(d.tree, d.text, d.front_matter.body_begin) == "");
  auto code = all_of(d, NodeType::CodeBlock);
  REQUIRE(code.size() == 1);
  const Node& c = d.tree.nodes[code[0]];
  CHECK(d.tree.lang(c) == "python");
  CHECK(d.tree.info(c) == "python linenos");
  CHECK(text_of(d, code[0]) == "# not a heading\n- not a list\n**not bold**\n");
  CHECK(src_of(d, code[0]) == "{% highlight python linenos %}\n# not a heading\n- not a list\n**not bold**\n{% endhighlight %}\n");
  CHECK(all_of(d, NodeType::Heading).empty());
  CHECK(all_of(d, NodeType::BulletList).empty());
  CHECK(all_of(d, NodeType::Paragraph).size() == 2);
}

TEST_CASE("liquid: highlight with trims, a fence inside, and without a language") {
  Document d = parse("{%- highlight js -%}\n```\nlet a = 1;\n```\n{%- endhighlight -%}\n");
  auto code = all_of(d, NodeType::CodeBlock);
  REQUIRE(code.size() == 1);
  CHECK(d.tree.lang(d.tree.nodes[code[0]]) == "js");
  CHECK(text_of(d, code[0]) == "```\nlet a = 1;\n```\n");
  // No language: not a highlight block, a chip in a paragraph.
  Document e = parse("{% highlight %}\nx\n{% endhighlight %}\n");
  CHECK(all_of(e, NodeType::CodeBlock).empty());
  CHECK(all_of(e, NodeType::LiquidTag).size() == 2);
}

TEST_CASE("liquid: an unclosed highlight runs to the end like an unclosed fence, a lone endhighlight is a chip") {
  Document d = parse("{% highlight sh %}\nls\n\n# 제목 아님\n");
  auto code = all_of(d, NodeType::CodeBlock);
  REQUIRE(code.size() == 1);
  CHECK(text_of(d, code[0]) == "ls\n\n# 제목 아님\n");
  Document e = parse("글\n\n{% endhighlight %}\n\n# 제목\n");
  CHECK(all_of(e, NodeType::CodeBlock).empty());
  CHECK(all_of(e, NodeType::Heading).size() == 1);
  REQUIRE(all_of(e, NodeType::LiquidTag).size() == 1);
}

TEST_CASE("liquid: tags and outputs are chips showing their source, in text, lists and tables") {
  std::string body = "제목은 {{ page.title }}, {% include note.html text=\"한글 | 막대\" %} 끝.\n\n- {{ site.url }}{{ site.baseurl }}\n\n| a | b |\n|---|---|\n| {{ x | upcase }} | y |\n";
  Document d = parse(body);
  CHECK(check_ranges(d.tree, d.text, d.front_matter.body_begin) == "");
  auto chips = all_of(d, NodeType::LiquidTag);
  REQUIRE(chips.size() == 5);
  CHECK(text_of(d, chips[0]) == "{{ page.title }}");
  CHECK(d.tree.nodes[chips[0]].level == 2);
  CHECK(text_of(d, chips[1]) == "{% include note.html text=\"한글 | 막대\" %}");
  CHECK(d.tree.nodes[chips[1]].level == 1);
  CHECK(text_of(d, chips[2]) == "{{ site.url }}");
  CHECK(text_of(d, chips[3]) == "{{ site.baseurl }}");
  CHECK(text_of(d, chips[4]) == "{{ x | upcase }}");  // the '|' does not split the cell
  CHECK(d.tree.nodes[d.tree.nodes[chips[4]].parent].type == NodeType::TableCell);
  for (uint32_t c : chips) CHECK(src_of(d, c) == text_of(d, c));
  CHECK(all_of(d, NodeType::TableCell).size() == 2);
}

TEST_CASE("liquid: a link to a post_url keeps the tag as its destination") {
  Document d = parse("[지난 글]({% post_url 2024-01-01-hello %}) 과 [b]({{ site.url }}/b)\n");
  auto links = all_of(d, NodeType::Link);
  REQUIRE(links.size() == 2);
  CHECK(d.tree.href(d.tree.nodes[links[0]]) == "{% post_url 2024-01-01-hello %}");
  CHECK(d.tree.href(d.tree.nodes[links[1]]) == "{{ site.url }}/b");
}

TEST_CASE("liquid: unterminated tags and tags across a line break stay text") {
  Document d = parse("열린 {% 태그\n그리고 {{ 출력\n}} 끝 %}\n");
  CHECK(all_of(d, NodeType::LiquidTag).empty());
  std::string all;
  for (uint32_t t : all_of(d, NodeType::Text)) all += text_of(d, t);
  CHECK(all == "열린 {% 태그그리고 {{ 출력}} 끝 %}");
}

TEST_CASE("liquid: code spans keep Liquid as code") {
  Document d = parse("`{{ page.title }}` 와 {{ x }}\n");
  auto spans = all_of(d, NodeType::CodeSpan);
  REQUIRE(spans.size() == 1);
  CHECK(text_of(d, spans[0]) == "{{ page.title }}");
  CHECK(all_of(d, NodeType::LiquidTag).size() == 1);
}

TEST_CASE("liquid: raw shows its content as written, the raw tags are muted chips") {
  Document d = parse("{% raw %}{{ 칩 아님 }} {% if x %}{% endraw %} 그리고 {{ 칩 }}\n");
  auto chips = all_of(d, NodeType::LiquidTag);
  REQUIRE(chips.size() == 3);
  CHECK(text_of(d, chips[0]) == "{% raw %}");
  CHECK(d.tree.nodes[chips[0]].flags == 1);
  CHECK(text_of(d, chips[1]) == "{% endraw %}");
  CHECK(d.tree.nodes[chips[1]].flags == 1);
  CHECK(text_of(d, chips[2]) == "{{ 칩 }}");
  CHECK(d.tree.nodes[chips[2]].flags == 0);
  bool found = false;
  for (uint32_t t : all_of(d, NodeType::Text)) found |= text_of(d, t) == "{{ 칩 아님 }} {% if x %}";
  CHECK(found);
}

TEST_CASE("liquid: nested raw tags and raw across lines of one paragraph") {
  Document d = parse("{% raw %}\n{% raw %} {{ a }}\n{% endraw %} {{ b }}\n");
  auto chips = all_of(d, NodeType::LiquidTag);
  // The second "{% raw %}" is text inside the first; "{{ b }}" after endraw is a chip.
  REQUIRE(chips.size() == 3);
  CHECK(text_of(d, chips[0]) == "{% raw %}");
  CHECK(text_of(d, chips[1]) == "{% endraw %}");
  CHECK(text_of(d, chips[2]) == "{{ b }}");
  // raw ends with its top-level block at most.
  Document e = parse("{% raw %} {{ a }}\n\n{{ b }}\n");
  CHECK(all_of(e, NodeType::LiquidTag).size() == 2);
}

TEST_CASE("liquid: the excerpt separator alone is an excerpt break, the site's separator too") {
  Document d = parse("요약 문단\n\n<!--more-->\n\n본문\n");
  auto br = all_of(d, NodeType::ExcerptBreak);
  REQUIRE(br.size() == 1);
  CHECK(src_of(d, br[0]) == "<!--more-->\n");
  CHECK(all_of(d, NodeType::HtmlBlock).empty());
  // Inside a sentence it is not a break.
  Document e = parse("글 <!--more--> 글\n");
  CHECK(all_of(e, NodeType::ExcerptBreak).empty());
  // A site separator that is text.
  Document f = parse_document("p.md", "요약\n\n[[더보기]]\n\n본문\n", "[[더보기]]");
  REQUIRE(all_of(f, NodeType::ExcerptBreak).size() == 1);
  CHECK(f.tree.nodes[all_of(f, NodeType::ExcerptBreak)[0]].first_child == kNoNode);
  CHECK(check_ranges(f.tree, f.text, f.front_matter.body_begin) == "");
  Document g = parse_document("p.md", "요약\n\n<!--more-->\n", "");
  CHECK(all_of(g, NodeType::ExcerptBreak).empty());
}

TEST_CASE("liquid: parsing changes no byte and a body without Liquid parses as before") {
  std::string body = "# 제목\n\n{% highlight c %}\nint main;\n{% endhighlight %}\n\n{{ x }}\n";
  std::string file = "---\ntitle: t\n---\n" + body;
  Document d = parse_document("p.md", file);
  CHECK(d.text == file);
  BodyMask m;
  mask_body("plain [text](x) and {braces}\n", 0, 29, m);
  CHECK_FALSE(m.active());
  mask_body(file, d.front_matter.body_begin, file.size(), m);
  REQUIRE(m.active());
  CHECK(m.text.size() == file.size());
}

TEST_CASE("liquid: incremental edits that open or close a highlight block equal a full parse") {
  std::string body = "첫 문단 {{ a }}\n\n{% highlight ruby %}\n# 주석\nputs 1\n{% endhighlight %}\n\n# 제목\n\n끝 문단 {% include x.html %}\n";
  Document d = parse(body);
  CHECK(edit_matches_full(d, "{% endhighlight %}", "{% endhighlightx %}") == "");  // the block now runs to the end
  CHECK(all_of(d, NodeType::Heading).empty());
  CHECK(edit_matches_full(d, "{% endhighlightx %}", "{% endhighlight %}") == "");
  CHECK(all_of(d, NodeType::Heading).size() == 1);
  CHECK(edit_matches_full(d, "{% highlight ruby %}", "{% highlight %}") == "");  // no longer a block
  CHECK(edit_matches_full(d, "{% highlight %}", "{% highlight go %}") == "");
  CHECK(edit_matches_full(d, "끝 문단", "끝 {{ b }} 문단") == "");
  CHECK(edit_matches_full(d, "{{ a }}", "{{ a ") == "");
  CHECK(edit_matches_full(d, "{{ a ", "{% raw %}{{ a }}") == "");
}

TEST_CASE("liquid: random Liquid and footnote edits re-parse incrementally as a full parse does") {
  const char* const snippets[] = {"{% highlight ruby %}\n", "{% endhighlight %}\n", "{{ x }}", "{% raw %}", "{% endraw %}",
                                  "[^1]", "\n[^1]: 각주\n", "<!--more-->\n", "\n\n", "{%", "%}", "}}", "```\n", "- ", "한글"};
  std::string body = "# 제목\n\n첫 {{ page.title }} 문단[^1].\n\n{% highlight c %}\nint x;\n{% endhighlight %}\n\n- 목록 {% include a %}\n\n"
                     "| a | b |\n|---|---|\n| {{ y | z }} | [^2] |\n\n<!--more-->\n\n[^1]: 하나\n[^2]: 둘\n";
  Document d = parse(body);
  uint64_t r = 12345;
  auto next = [&]() { r = r * 6364136223846793005ull + 1442695040888963407ull; return uint32_t(r >> 33); };
  size_t fast = 0;
  for (int step = 0; step < 600; step++) {
    std::string text = d.text;
    uint32_t body_begin = uint32_t(d.front_matter.body_begin);
    uint32_t at = body_begin + next() % uint32_t(text.size() - body_begin + 1);
    uint32_t removed = next() % 3 == 0 ? std::min<uint32_t>(uint32_t(text.size()) - at, 1 + next() % 6) : 0;
    std::string ins = next() % 4 == 0 ? std::string() : snippets[next() % (sizeof snippets / sizeof *snippets)];
    std::string nt = text.substr(0, at) + ins + text.substr(at + removed);
    ReparseSpan span = reparse_after_edit(d, nt, at, removed, uint32_t(ins.size()));
    fast += !span.full;
    Document want = parse_document("p.md", nt);
    std::string diff = tree_diff(d, want);
    if (!diff.empty()) {
      FAIL_CHECK("step ", step, " at ", at, " removed ", removed, " inserted '", ins, "': ", diff);
      break;
    }
    CHECK(check_ranges(d.tree, d.text, d.front_matter.body_begin) == "");
  }
  MESSAGE("incremental re-parses: ", fast, " of 600");
}
