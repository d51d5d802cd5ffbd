// HTML export: rendering, escaping, UTF-8 repair and safe mode.
#include <doctest/doctest.h>

#include <string>

#include "core/html.h"
#include "core/markdown.h"

using namespace sheaf;

namespace {

std::string html(const std::string& md, bool safe = true) {
  MarkdownTree t;
  parse_markdown(md, 0, t);
  HtmlOptions o;
  o.safe = safe;
  return to_html(md, t, o);
}

bool has(const std::string& s, const char* needle) { return s.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("html: rendering of the tree") {
  CHECK(html("# 제목\n\n본문 *강조* **굵게** ~~취소~~ `코드`\n") ==
        "<h1>제목</h1>\n<p>본문 <em>강조</em> <strong>굵게</strong> <del>취소</del> <code>코드</code></p>\n");
  CHECK(html("- [ ] 할 일\n- [x] 끝\n") ==
        "<ul>\n<li class=\"task-list-item\"><input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled>할 일</li>\n"
        "<li class=\"task-list-item\"><input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled checked>끝</li>\n</ul>\n");
  CHECK(html("| a | b |\n|:-|-:|\n| 1 | 2 |\n") ==
        "<table>\n<thead>\n<tr>\n<th align=\"left\">a</th>\n<th align=\"right\">b</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td align=\"left\">1</td>\n<td align=\"right\">2</td>\n</tr>\n</tbody>\n</table>\n");
  CHECK(html("```python\nx < 1\n```\n") == "<pre><code class=\"language-python\">x &lt; 1\n</code></pre>\n");
  CHECK(html("![사진 *a*](/img/사진.png \"t\")\n") == "<p><img src=\"/img/%EC%82%AC%EC%A7%84.png\" alt=\"사진 a\" title=\"t\"></p>\n");
  CHECK(html("a<br>b\n") == "<p>a<br>\nb</p>\n");
  CHECK(html("<br>\n") == "<p><br>\n</p>\n");
  CHECK(html("3. 셋\n4. 넷\n") == "<ol start=\"3\">\n<li>셋</li>\n<li>넷</li>\n</ol>\n");
}

TEST_CASE("html: escaping and invalid UTF-8") {
  CHECK(html("a & b < c > d \" e\n") == "<p>a &amp; b &lt; c &gt; d &quot; e</p>\n");
  std::string bad = "x\xff\xfey \xed\xa0\x80 z\xe2\x82\n";  // stray bytes, a surrogate, a truncated sequence
  std::string out = html(bad);
  CHECK(out == "<p>x\xEF\xBF\xBD\xEF\xBF\xBDy \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD z\xEF\xBF\xBD</p>\n");  // one per maximal subpart
  // Raw HTML is repaired too, in both modes.
  CHECK(html("<div>\xff</div>\n", false) == "<div>\xEF\xBF\xBD</div>\n");
  CHECK(html("<div>\xff</div>\n", true) == "<div>\xEF\xBF\xBD</div>\n");
  std::string nul("a\0b\n", 4);
  CHECK(html(nul) == "<p>a\xEF\xBF\xBD" "b</p>\n");
}

TEST_CASE("html: safe mode drops script-capable markup") {
  // Elements dropped with their content, as blocks and inline.
  CHECK(html("<script>alert(1)</script>\n") == "\n");  // the block's line ending stays
  CHECK(html("a <script>alert(1)</script> b\n") == "<p>a  b</p>\n");
  CHECK(html("<style>body{display:none}</style>\n\nok\n") == "\n<p>ok</p>\n");
  CHECK(!has(html("<iframe src=\"https://evil\"></iframe>\n"), "iframe"));
  CHECK(!has(html("<object data=\"x.swf\"></object>\n"), "object"));
  CHECK(!has(html("x <embed src=\"x.swf\"> y\n"), "embed"));
  CHECK(!has(html("<SCRIPT>alert(1)</SCRIPT>\n"), "alert"));
  // Event handlers and style attributes.
  std::string img = html("<img src=\"a.png\" onerror=\"alert(1)\" ONLOAD=alert(2) style=\"x\" alt=\"사진\">\n");
  CHECK(img == "<img src=\"a.png\" alt=\"사진\">\n");
  CHECK(html("<div onclick='alert(1)' class=\"c\">x</div>\n") == "<div class=\"c\">x</div>\n");
  CHECK(!has(html("a <b onmouseover=alert(1)>b</b>\n"), "onmouseover"));
  // Dangerous URLs in Markdown links and images.
  CHECK(html("[x](javascript:alert(1))\n") == "<p><a>x</a></p>\n");
  CHECK(html("[x](JaVaScRiPt:alert(1))\n") == "<p><a>x</a></p>\n");
  CHECK(html("[x](&#106;avascript:alert(1))\n") == "<p><a>x</a></p>\n");
  CHECK(html("[x](vbscript:msgbox)\n") == "<p><a>x</a></p>\n");
  CHECK(html("[x](data:text/html;base64,PHNjcmlwdD4=)\n") == "<p><a>x</a></p>\n");
  CHECK(html("<javascript:alert(1)>\n") == "<p><a>javascript:alert(1)</a></p>\n");
  CHECK(html("![x](data:image/svg+xml;base64,PHN2Zz4=)\n") == "<p><img alt=\"x\"></p>\n");
  CHECK(html("![x](data:image/png;base64,iVBORw0KGgo=)\n") == "<p><img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"x\"></p>\n");
  CHECK(html("[ok](https://example.com/a?b=1&c=2)\n") == "<p><a href=\"https://example.com/a?b=1&amp;c=2\">ok</a></p>\n");
  // Dangerous URLs in raw HTML, including entity and whitespace tricks.
  CHECK(html("<a href=\"javascript:alert(1)\">x</a>\n") == "<p><a>x</a></p>\n");
  CHECK(html("<a href=\"&#106;avascript:alert(1)\">x</a>\n") == "<p><a>x</a></p>\n");
  CHECK(html("<a href=\" java\tscript:alert(1)\">x</a>\n") == "<p><a>x</a></p>\n");
  CHECK(html("<img src=data:text/html,x>\n") == "<img>\n");
  CHECK(html("<a href=\"/ok\" title='t&quot;'>x</a>\n") == "<p><a href=\"/ok\" title=\"t&quot;\">x</a></p>\n");
  // Comments, declarations and unknown tags go; their text stays.
  CHECK(html("<!-- <script>alert(1)</script> -->\n") == "\n");
  CHECK(html("<custom-tag>글</custom-tag>\n") == "<p>글</p>\n");
  CHECK(html("<form action=\"/x\"><input name=a></form>\n\n텍스트\n") == "\n<p>텍스트</p>\n");
  // The same input unsafe passes raw HTML through.
  CHECK(html("<script>alert(1)</script>\n", false) == "<script>alert(1)</script>\n");
  CHECK(html("[x](javascript:alert(1))\n", false) == "<p><a href=\"javascript:alert(1)\">x</a></p>\n");
}

TEST_CASE("html: URL classification") {
  CHECK(is_dangerous_url("javascript:x", false));
  CHECK(is_dangerous_url("  \x01JAVASCRIPT:x", false));
  CHECK(is_dangerous_url("java\nscript:x", false));
  CHECK(is_dangerous_url("data:image/png;base64,x", false));
  CHECK(!is_dangerous_url("data:image/png;base64,x", true));
  CHECK(is_dangerous_url("data:image/png;base64,x", true, false));
  CHECK(is_dangerous_url("data:image/svg+xml,x", true));
  CHECK(!is_dangerous_url("https://a/javascript:x", false));
  CHECK(!is_dangerous_url("/path:with-colon", false));
  CHECK(!is_dangerous_url("mailto:a@b.c", false));
  CHECK(!is_dangerous_url("relative/javascript:", false));
}

TEST_CASE("html: deep trees export without recursion") {
  std::string md(10000, '>');
  md += " 깊다\n";
  std::string out = html(md);
  // The tree keeps kMaxBlockNesting quotes; the text is inside the deepest.
  std::string open_tags;
  for (int k = 0; k < 64; k++) open_tags += "<blockquote>\n";
  CHECK(has(out, (open_tags + "<p>깊다</p>").c_str()));
  CHECK(!has(out, (open_tags + "<blockquote>").c_str()));
}
