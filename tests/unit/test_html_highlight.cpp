// HTML export of highlighted code: hl-* spans inside <pre><code
// class="language-x">, escaping inside and between spans, unknown languages
// and the option off left as md4c writes them, and the stylesheet.
#include <doctest/doctest.h>

#include <string>

#include "core/document.h"
#include "core/highlight.h"
#include "core/html.h"
#include "core/markdown.h"

using namespace sheaf;

namespace {

std::string html(const std::string& md, bool highlight = true) {
  MarkdownTree t;
  parse_markdown(md, 0, t);
  HtmlOptions o;
  o.highlight_code = highlight;
  return to_html(md, t, o);
}

bool has(const std::string& s, const std::string& needle) { return s.find(needle) != std::string::npos; }

// The text with every tag taken out and the five entities put back: what a browser shows.
std::string shown(const std::string& h) {
  std::string out;
  for (size_t i = 0; i < h.size();) {
    if (h[i] == '<') {
      i = h.find('>', i) + 1;
    } else if (h[i] == '&') {
      size_t e = h.find(';', i);
      std::string ent = h.substr(i, e - i + 1);
      out += ent == "&lt;" ? "<" : ent == "&gt;" ? ">" : ent == "&amp;" ? "&" : ent == "&quot;" ? "\"" : "?";
      i = e + 1;
    } else {
      out += h[i++];
    }
  }
  return out;
}

}  // namespace

TEST_CASE("html highlight: python tokens in hl spans") {
  const std::string h = html("```python\ndef f(x):  # 주석 <b>\n    return \"a<b\" + 1\n```\n");
  CHECK(h ==
        "<pre><code class=\"language-python\"><span class=\"hl-kw\">def</span> <span class=\"hl-fn\">f</span>(x):  "
        "<span class=\"hl-com\"># 주석 &lt;b&gt;</span>\n    <span class=\"hl-kw\">return</span> "
        "<span class=\"hl-str\">&quot;a&lt;b&quot;</span> <span class=\"hl-op\">+</span> "
        "<span class=\"hl-num\">1</span>\n</code></pre>\n");
}

TEST_CASE("html highlight: every class name appears for its language, and the text is kept") {
  struct Case {
    const char* md;
    const char* want;
  } cases[] = {
      {"```bash\necho \"$HOME\" # 홈\n```\n", "<span class=\"hl-fn\">echo</span>"},
      {"```console\n$ ls\n결과\n```\n", "<span class=\"hl-meta\">$</span>"},
      {"```cpp\n#include <x>\nint a;\n```\n", "<span class=\"hl-meta\">#include &lt;x&gt;</span>"},
      {"```java\nclass A {}\n```\n", "<span class=\"hl-kw\">class</span> <span class=\"hl-ty\">A</span>"},
      {"```ts\nlet s: string = `t`;\n```\n", "<span class=\"hl-ty\">string</span>"},
      {"```json\n{\"k\": true}\n```\n", "<span class=\"hl-attr\">&quot;k&quot;</span>"},
      {"```yaml\ntitle: 글\n```\n", "<span class=\"hl-attr\">title</span>"},
      {"```toml\n[x]\n```\n", "<span class=\"hl-ty\">[x]</span>"},
      {"```html\n<a href=\"/\">x</a>\n```\n", "<span class=\"hl-tag\">&lt;a</span> <span class=\"hl-attr\">href</span>"},
      {"```css\np { color: red; }\n```\n", "<span class=\"hl-tag\">p</span>"},
      {"```sql\nSELECT 1;\n```\n", "<span class=\"hl-kw\">SELECT</span>"},
      {"```go\nfunc main() {}\n```\n", "<span class=\"hl-kw\">func</span> <span class=\"hl-fn\">main</span>"},
      {"```rust\nfn main() {}\n```\n", "<span class=\"hl-kw\">fn</span>"},
      {"```diff\n+새 줄\n-옛 줄\n```\n", "<span class=\"hl-add\">+새 줄</span>\n<span class=\"hl-del\">-옛 줄</span>"},
      {"```md\n# 제목\n```\n", "<span class=\"hl-kw\"># 제목</span>"},
  };
  for (const Case& c : cases) {
    const std::string h = html(c.md);
    CHECK_MESSAGE(has(h, c.want), c.md << " gave " << h);
    // What the reader sees is the code as written: the plain export's text.
    CHECK(shown(h) == shown(html(c.md, false)));
  }
}

TEST_CASE("html highlight: unknown languages, no language and the option off stay plain") {
  CHECK(html("```cobol\nDISPLAY 'x'.\n```\n") == "<pre><code class=\"language-cobol\">DISPLAY 'x'.\n</code></pre>\n");
  CHECK(html("```\nint x;\n```\n") == "<pre><code>int x;\n</code></pre>\n");
  CHECK(html("    int x;\n") == "<pre><code>int x;\n</code></pre>\n");
  CHECK(html("```python\nx < 1\n```\n", false) == "<pre><code class=\"language-python\">x &lt; 1\n</code></pre>\n");
  // The default options write md4c's output.
  MarkdownTree t;
  const std::string md = "```python\ndef f(): pass\n```\n";
  parse_markdown(md, 0, t);
  CHECK(to_html(md, t) == "<pre><code class=\"language-python\">def f(): pass\n</code></pre>\n");
}

TEST_CASE("html highlight: bad UTF-8 inside tokens still gives valid UTF-8") {
  const std::string h = html("```python\ns = \"\xC3\x28\" # \xFF\xFE\nx\x80 = 1\n```\n");
  CHECK(has(h, "<span class=\"hl-str\">&quot;\xEF\xBF\xBD(&quot;</span>"));
  CHECK(has(h, "<span class=\"hl-com\"># \xEF\xBF\xBD\xEF\xBF\xBD</span>"));
  for (size_t i = 0; i < h.size(); i++) CHECK((uint8_t(h[i]) != 0xFF && uint8_t(h[i]) != 0xFE));
}

TEST_CASE("html highlight: the stylesheet has a rule per class, light and dark") {
  const std::string css = highlight_css();
  for (int c = int(HlClass::Keyword); c < int(HlClass::Count); c++) {
    const std::string sel = std::string(".hl-") + hl_class_css(HlClass(c));
    const size_t light = css.find(sel), media = css.find("@media (prefers-color-scheme: dark)");
    REQUIRE(media != std::string::npos);
    CHECK_MESSAGE(light < media, sel);
    CHECK_MESSAGE(css.find(sel, media) != std::string::npos, sel << " has no dark rule");
  }
  CHECK(!has(css, "<"));  // safe to put inside <style>
}

TEST_CASE("html highlight: a whole document, Liquid-free, through parse_document") {
  Document d = parse_document("2024-07-01-code.md",
                              "---\ntitle: 코드\n---\n\n본문 text\n\n```yaml\nkey: \"값\" # 설명\n```\n");
  HtmlOptions o;
  o.highlight_code = true;
  const std::string h = to_html(d, o);
  CHECK(has(h, "<p>본문 text</p>"));
  CHECK(has(h, "<pre><code class=\"language-yaml\"><span class=\"hl-attr\">key</span><span class=\"hl-op\">:</span> "
               "<span class=\"hl-str\">&quot;값&quot;</span> <span class=\"hl-com\"># 설명</span>\n</code></pre>"));
}
