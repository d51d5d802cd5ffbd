// HTML export of the Liquid and footnote nodes (core/html.cpp).
#include <doctest/doctest.h>

#include <string>

#include "core/document.h"
#include "core/html.h"

using namespace sheaf;

namespace {
std::string html_of(const std::string& body) {
  Document d = parse_document("p.md", body);
  return to_html(d);
}
}  // namespace

TEST_CASE("html liquid: chips are escaped code, highlight blocks carry their language") {
  CHECK(html_of("제목 {{ page.title | escape }} <{% include a.html x=\"<b>\" %}>\n") ==
        "<p>제목 <code class=\"liquid\">{{ page.title | escape }}</code> &lt;<code class=\"liquid\">{% include a.html "
        "x=&quot;&lt;b&gt;&quot; %}</code>&gt;</p>\n");
  CHECK(html_of("{% highlight python %}\n# 주석 <x>\nprint(1)\n{% endhighlight %}\n") ==
        "<pre><code class=\"language-python\"># 주석 &lt;x&gt;\nprint(1)\n</code></pre>\n");
}

TEST_CASE("html liquid: raw tags vanish, their content is text, the excerpt break stays a comment") {
  CHECK(html_of("{% raw %}{{ x }}{% endraw %}\n") == "<p>{{ x }}</p>\n");
  CHECK(html_of("요약\n\n<!--more-->\n\n본문\n") == "<p>요약</p>\n<!--more-->\n<p>본문</p>\n");
}

TEST_CASE("html liquid: footnotes as superscript links and a numbered list with back links") {
  std::string h = html_of("가[^b] 나[^a] 다[^b] 라[^없음]\n\n[^a]: 에이\n[^b]: **비**\n");
  CHECK(h ==
        "<p>가<sup id=\"fnref:1\" role=\"doc-noteref\"><a href=\"#fn:1\" class=\"footnote\" rel=\"footnote\">1</a></sup> "
        "나<sup id=\"fnref:2\" role=\"doc-noteref\"><a href=\"#fn:2\" class=\"footnote\" rel=\"footnote\">2</a></sup> "
        "다<sup id=\"fnref:1:1\" role=\"doc-noteref\"><a href=\"#fn:1\" class=\"footnote\" rel=\"footnote\">1</a></sup> "
        "라[^없음]</p>\n"
        "<div class=\"footnotes\" role=\"doc-endnotes\">\n<ol>\n"
        "<li id=\"fn:1\">\n<p><strong>비</strong> <a href=\"#fnref:1\" class=\"reversefootnote\" role=\"doc-backlink\">↩</a> "
        "<a href=\"#fnref:1:1\" class=\"reversefootnote\" role=\"doc-backlink\">↩</a></p>\n</li>\n"
        "<li id=\"fn:2\">\n<p>에이 <a href=\"#fnref:2\" class=\"reversefootnote\" role=\"doc-backlink\">↩</a></p>\n</li>\n"
        "</ol>\n</div>\n");
  // No definitions: no list, references as written.
  CHECK(html_of("글[^1]\n") == "<p>글[^1]</p>\n");
}
