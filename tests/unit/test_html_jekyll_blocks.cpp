// HTML export of what the Jekyll pass adds: callouts (alerts, Obsidian,
// notices), {:toc}, kramdown class/id, markdown="1" blocks.
#include <doctest/doctest.h>

#include <string>

#include "core/document.h"
#include "core/html.h"

using namespace sheaf;

namespace {
std::string html(const std::string& body) { return to_html(parse_document("_posts/2024-07-03-x.md", body)); }
bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }
}  // namespace

TEST_CASE("html jekyll: GitHub alerts are callout divs with a title") {
  std::string h = html("> [!WARNING]\n> 조심하세요.\n");
  CHECK(h == "<div class=\"callout callout-warning\">\n<p class=\"callout-title\">Warning</p>\n<p>조심하세요.</p>\n</div>\n");
  CHECK_FALSE(has(h, "[!WARNING]"));
  CHECK_FALSE(has(h, "blockquote"));
}

TEST_CASE("html jekyll: Obsidian titles are escaped, nested callouts nest") {
  std::string h = html("> [!tip] 제목 <b>x</b>\n> 바깥\n>\n> > [!caution]\n> > 안쪽\n");
  CHECK(has(h, "<div class=\"callout callout-tip\">\n<p class=\"callout-title\">제목 &lt;b&gt;x&lt;/b&gt;</p>"));
  CHECK(has(h, "<div class=\"callout callout-caution\">\n<p class=\"callout-title\">Caution</p>\n<p>안쪽</p>\n</div>\n</div>\n"));
}

TEST_CASE("html jekyll: Obsidian info keeps its title") {
  CHECK(html("> [!info] 제목이 있는 알림\n> 본문\n") ==
        "<div class=\"callout callout-info\">\n<p class=\"callout-title\">제목이 있는 알림</p>\n<p>본문</p>\n</div>\n");
}

TEST_CASE("html jekyll: notices keep the theme's class and have no title") {
  std::string h = html("**참고:** 알림입니다.\n{: .notice--info}\n");
  CHECK(h == "<div class=\"callout callout-notice--info notice--info\">\n<p><strong>참고:</strong> 알림입니다.</p>\n</div>\n");
}

TEST_CASE("html jekyll: class and id are applied, other attributes dropped, the line never shown") {
  std::string h = html("문단\n{: .lead #first style=\"color:red\" onclick=\"x()\"}\n");
  CHECK(h == "<p id=\"first\" class=\"lead\">문단</p>\n");
  CHECK(html("{: #quote}\n> q\n") == "<blockquote id=\"quote\">\n<p>q</p>\n</blockquote>\n");
  CHECK(html("- a\n\n{:refdef: .x}\n") == "<ul>\n<li>a</li>\n</ul>\n");
  // An unterminated one is text.
  CHECK(html("text\n{: .open\n") == "<p>text\n{: .open</p>\n");
}

TEST_CASE("html jekyll: {:toc} is a nested list of links to the heading anchors") {
  std::string h = html("# 목차\n{: .no_toc}\n\n* TOC\n{:toc}\n\n## 하나\n\n### 하나의 하나\n\n## Two\n\n## Two\n");
  CHECK(has(h, "<h1 class=\"no_toc\">목차</h1>") == false);  // the heading keeps its anchor id
  CHECK(has(h, "<h1 id=\"목차\" class=\"no_toc\">목차</h1>"));
  CHECK(has(h, "<ul class=\"toc\" id=\"markdown-toc\">\n<li><a href=\"#하나\">하나</a>\n<ul>\n<li><a href=\"#하나의-하나\">하나의 하나</a></li>\n"
               "</ul>\n</li>\n<li><a href=\"#two\">Two</a></li>\n<li><a href=\"#two-1\">Two</a></li>\n</ul>\n"));
  CHECK(has(h, "<h2 id=\"하나\">하나</h2>"));
  CHECK(has(h, "<h2 id=\"two-1\">Two</h2>"));
  CHECK_FALSE(has(h, "TOC"));
  CHECK_FALSE(has(h, "{:"));
}

TEST_CASE("html jekyll: {:toc} with no headings is an empty list, and headings get no id without one") {
  CHECK(html("* TOC\n{:toc}\n\ntext\n") == "<ul class=\"toc\" id=\"markdown-toc\">\n</ul>\n<p>text</p>\n");
  CHECK(html("## A\n") == "<h2>A</h2>\n");
}

TEST_CASE("html jekyll: markdown=\"1\" blocks render their Markdown, tag lines dropped") {
  CHECK(html("<div markdown=\"1\">\n**굵게**\n</div>\n") == "<p><strong>굵게</strong></p>\n");
  std::string h = html("<div class=\"notice--warning\" markdown=\"1\">\n\n*기울임*\n\n</div>\n");
  CHECK(h == "<div class=\"callout callout-notice--warning notice--warning\">\n<p><em>기울임</em></p>\n</div>\n");
}

TEST_CASE("html jekyll: the stylesheet covers every callout colour") {
  std::string css = export_stylesheet_callouts();
  for (const char* c : {".callout-note", ".callout-tip", ".callout-important", ".callout-warning", ".callout-caution",
                        ".callout-notice--info", ".callout-notice--danger", ".callout-title", "#markdown-toc"})
    CHECK_MESSAGE(has(css, c), c);
}
