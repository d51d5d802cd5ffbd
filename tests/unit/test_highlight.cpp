// Syntax highlighting of code blocks: languages, classes, state across
// lines, bad bytes and size.
#include <doctest/doctest.h>

#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "core/highlight.h"

using namespace sheaf;

namespace {

// The class of the `nth` occurrence of `needle` in `code`: the class of the
// span holding all of it, Plain when no span holds it, or Count when a span
// holds only part of it.
HlClass class_of(HlLang lang, std::string_view code, std::string_view needle, int nth = 0) {
  size_t at = code.find(needle);
  for (int k = 0; k < nth && at != std::string_view::npos; k++) at = code.find(needle, at + 1);
  REQUIRE_MESSAGE(at != std::string_view::npos, "not in the fixture: " << needle);
  std::vector<HlSpan> v;
  highlight(lang, code, v);
  for (const HlSpan& s : v) {
    if (s.begin <= at && at < s.begin + s.len) return at + needle.size() <= s.begin + s.len ? s.cls : HlClass::Count;
  }
  return HlClass::Plain;
}

const char* name(HlClass c) { return c == HlClass::Plain ? "plain" : c == HlClass::Count ? "(cut)" : hl_class_css(c); }

#define CHECK_CLASS(lang, code, needle, want) \
  CHECK_MESSAGE(class_of(lang, code, needle) == (want), needle << " is " << name(class_of(lang, code, needle)))

// Every span is in order, inside the text, and starts and ends on a character boundary.
void check_spans(std::string_view code, const std::vector<HlSpan>& v) {
  size_t prev = 0, bad = v.size();
  for (size_t k = 0; k < v.size() && bad == v.size(); k++) {
    const HlSpan& s = v[k];
    const size_t end = size_t(s.begin) + s.len;
    bool ok = s.begin >= prev && s.len > 0 && end <= code.size() && s.cls != HlClass::Plain &&
              (s.begin >= code.size() || (uint8_t(code[s.begin]) & 0xC0) != 0x80) &&
              (end >= code.size() || (uint8_t(code[end]) & 0xC0) != 0x80);
    if (!ok) bad = k;
    prev = end;
  }
  CHECK_MESSAGE(bad == v.size(), "span " << bad << " is out of order, empty or cuts a character");
}

}  // namespace

TEST_CASE("highlight: language names and aliases") {
  CHECK(hl_language("python") == HlLang::Python);
  CHECK(hl_language("PY") == HlLang::Python);
  CHECK(hl_language("bash") == HlLang::Shell);
  CHECK(hl_language("zsh") == HlLang::Shell);
  CHECK(hl_language("sh") == HlLang::Shell);
  CHECK(hl_language("console") == HlLang::Console);
  CHECK(hl_language("c++") == HlLang::C);
  CHECK(hl_language("hpp") == HlLang::C);
  CHECK(hl_language("h") == HlLang::C);
  CHECK(hl_language("tsx") == HlLang::JavaScript);
  CHECK(hl_language("yml") == HlLang::Yaml);
  CHECK(hl_language("svg") == HlLang::Html);
  CHECK(hl_language("scss") == HlLang::Css);
  CHECK(hl_language("rs") == HlLang::Rust);
  CHECK(hl_language("patch") == HlLang::Diff);
  CHECK(hl_language("md") == HlLang::Markdown);
  CHECK(hl_language("cobol") == HlLang::Plain);
  CHECK(hl_language("") == HlLang::Plain);
  CHECK(hl_language("한국어") == HlLang::Plain);
  CHECK(hl_language("a-very-long-language-name") == HlLang::Plain);
  CHECK(std::string(hl_language_name(HlLang::Rust)) == "rust");
}

TEST_CASE("highlight: python") {
  const std::string code =
      "@dataclass\nclass 모델:\n    def train(self, n=10):  # 학습\n        s = \"한국어 문자열\"\n"
      "        doc = \"\"\"여러 줄\n문서 def\n\"\"\"\n        return f'{n}' + 3.5e-2\n";
  CHECK_CLASS(HlLang::Python, code, "@dataclass", HlClass::Meta);
  CHECK(class_of(HlLang::Python, code, "class", 1) == HlClass::Keyword);
  CHECK_CLASS(HlLang::Python, code, "모델", HlClass::Type);
  CHECK_CLASS(HlLang::Python, code, "def", HlClass::Keyword);
  CHECK_CLASS(HlLang::Python, code, "train", HlClass::Name);
  CHECK_CLASS(HlLang::Python, code, "10", HlClass::Number);
  CHECK_CLASS(HlLang::Python, code, "# 학습", HlClass::Comment);
  CHECK_CLASS(HlLang::Python, code, "\"한국어 문자열\"", HlClass::String);
  // The triple-quoted string runs across lines; "def" inside it is string.
  CHECK_CLASS(HlLang::Python, code, "\"\"\"여러 줄\n문서 def\n\"\"\"", HlClass::String);
  CHECK_CLASS(HlLang::Python, code, "f'{n}'", HlClass::String);
  CHECK_CLASS(HlLang::Python, code, "3.5e-2", HlClass::Number);
  CHECK_CLASS(HlLang::Python, code, "return", HlClass::Keyword);
  CHECK_CLASS(HlLang::Python, code, "self", HlClass::Plain);
}

TEST_CASE("highlight: shell and console") {
  const std::string sh =
      "#!/bin/bash\nfor f in *.md; do\n  echo \"파일 $f\" | grep -n 'TODO' > out.txt  # 찾기\ndone\n"
      "NAME=값 exit 3\ncat <<EOF\n본문 if then\nEOF\n";
  CHECK_CLASS(HlLang::Shell, sh, "#!/bin/bash", HlClass::Comment);
  CHECK_CLASS(HlLang::Shell, sh, "for", HlClass::Keyword);
  CHECK_CLASS(HlLang::Shell, sh, "done", HlClass::Keyword);
  CHECK_CLASS(HlLang::Shell, sh, "echo", HlClass::Name);
  CHECK_CLASS(HlLang::Shell, sh, "\"파일 ", HlClass::String);
  CHECK_CLASS(HlLang::Shell, sh, "$f", HlClass::Name);
  CHECK_CLASS(HlLang::Shell, sh, "'TODO'", HlClass::String);
  CHECK_CLASS(HlLang::Shell, sh, "-n", HlClass::Attribute);
  CHECK_CLASS(HlLang::Shell, sh, "# 찾기", HlClass::Comment);
  CHECK_CLASS(HlLang::Shell, sh, "3", HlClass::Number);
  CHECK_CLASS(HlLang::Shell, sh, "|", HlClass::Operator);
  CHECK_CLASS(HlLang::Shell, sh, "본문 if then", HlClass::String);  // the heredoc body
  // A single-quoted string across lines.
  CHECK_CLASS(HlLang::Shell, "echo 'a\nb # not a comment'\n", "'a\nb # not a comment'", HlClass::String);

  const std::string con = "$ ls -la ~/posts # 목록\ntotal 8\nif this were shell 'x'\n# apt-get install jekyll\n";
  CHECK_CLASS(HlLang::Console, con, "ls", HlClass::Name);
  CHECK_CLASS(HlLang::Console, con, "-la", HlClass::Attribute);
  CHECK_CLASS(HlLang::Console, con, "# 목록", HlClass::Comment);
  CHECK_CLASS(HlLang::Console, con, "total 8", HlClass::Plain);  // output
  CHECK_CLASS(HlLang::Console, con, "if", HlClass::Plain);
  CHECK_CLASS(HlLang::Console, con, "'x'", HlClass::Plain);
  CHECK_CLASS(HlLang::Console, con, "apt-get", HlClass::Name);  // a root prompt
  CHECK_CLASS(HlLang::Console, "$ for i in 1; do echo \"$i\"; done\n", "for", HlClass::Keyword);
  CHECK_CLASS(HlLang::Console, "$ echo 'x'\n", "'x'", HlClass::String);
}

TEST_CASE("highlight: c and c++") {
  const std::string code =
      "#include <vector>\n/* 여러 줄\n   주석 int */\nint main(void) {\n  const char* s = \"문자열\\n\";\n"
      "  char c = 'x';  // 한 줄\n  auto r = R\"(raw \" string)\";\n  return 0x1F + 1'000;\n}\n";
  CHECK_CLASS(HlLang::C, code, "#include <vector>", HlClass::Meta);
  CHECK_CLASS(HlLang::C, code, "/* 여러 줄\n   주석 int */", HlClass::Comment);
  CHECK_CLASS(HlLang::C, code, "main", HlClass::Name);
  CHECK_CLASS(HlLang::C, code, "const", HlClass::Keyword);
  CHECK_CLASS(HlLang::C, code, "char", HlClass::Type);
  CHECK_CLASS(HlLang::C, code, "\"문자열\\n\"", HlClass::String);
  CHECK_CLASS(HlLang::C, code, "'x'", HlClass::String);
  CHECK_CLASS(HlLang::C, code, "// 한 줄", HlClass::Comment);
  CHECK_CLASS(HlLang::C, code, "R\"(raw \" string)\"", HlClass::String);
  CHECK_CLASS(HlLang::C, code, "return", HlClass::Keyword);
  CHECK_CLASS(HlLang::C, code, "0x1F", HlClass::Number);
  CHECK_CLASS(HlLang::C, code, "1'000", HlClass::Number);
  CHECK_CLASS(HlLang::C, code, "+", HlClass::Operator);
}

TEST_CASE("highlight: java") {
  const std::string code =
      "@Override\npublic String name() {\n  /** 문서\n   * 주석 */\n  String t = \"\"\"\n    여러 줄 class\n    \"\"\";\n"
      "  return \"자바\" + 42L; // 끝\n}\n";
  CHECK_CLASS(HlLang::Java, code, "@Override", HlClass::Meta);
  CHECK_CLASS(HlLang::Java, code, "public", HlClass::Keyword);
  CHECK_CLASS(HlLang::Java, code, "String", HlClass::Type);
  CHECK_CLASS(HlLang::Java, code, "name", HlClass::Name);
  CHECK_CLASS(HlLang::Java, code, "/** 문서\n   * 주석 */", HlClass::Comment);
  CHECK_CLASS(HlLang::Java, code, "\"\"\"\n    여러 줄 class\n    \"\"\"", HlClass::String);
  CHECK_CLASS(HlLang::Java, code, "\"자바\"", HlClass::String);
  CHECK_CLASS(HlLang::Java, code, "42L", HlClass::Number);
  CHECK_CLASS(HlLang::Java, code, "// 끝", HlClass::Comment);
}

TEST_CASE("highlight: javascript and typescript") {
  const std::string code =
      "import { x } from './x.js';\nconst msg = `안녕 ${name}\n여러 줄 if`;\nfunction add(a: number): number {\n"
      "  return a + 1.5; /* c */ // 주석\n}\nlet $el = 'q';\n";
  CHECK_CLASS(HlLang::JavaScript, code, "import", HlClass::Keyword);
  CHECK_CLASS(HlLang::JavaScript, code, "'./x.js'", HlClass::String);
  CHECK_CLASS(HlLang::JavaScript, code, "`안녕 ${name}\n여러 줄 if`", HlClass::String);
  CHECK_CLASS(HlLang::JavaScript, code, "function", HlClass::Keyword);
  CHECK_CLASS(HlLang::JavaScript, code, "add", HlClass::Name);
  CHECK_CLASS(HlLang::JavaScript, code, "number", HlClass::Type);
  CHECK_CLASS(HlLang::JavaScript, code, "1.5", HlClass::Number);
  CHECK_CLASS(HlLang::JavaScript, code, "// 주석", HlClass::Comment);
  CHECK_CLASS(HlLang::JavaScript, code, "/* c */", HlClass::Comment);
  CHECK_CLASS(HlLang::JavaScript, code, "'q'", HlClass::String);
}

TEST_CASE("highlight: json") {
  const std::string code = "{\n  \"이름\": \"값\",\n  \"n\": -12.5e3,\n  \"ok\": true, // jsonc\n  \"x\": null\n}\n";
  CHECK_CLASS(HlLang::Json, code, "\"이름\"", HlClass::Attribute);
  CHECK_CLASS(HlLang::Json, code, "\"값\"", HlClass::String);
  CHECK_CLASS(HlLang::Json, code, "-12.5e3", HlClass::Number);
  CHECK_CLASS(HlLang::Json, code, "true", HlClass::Keyword);
  CHECK_CLASS(HlLang::Json, code, "null", HlClass::Keyword);
  CHECK_CLASS(HlLang::Json, code, "// jsonc", HlClass::Comment);
}

TEST_CASE("highlight: yaml") {
  const std::string code =
      "---\ntitle: \"제목\"  # 주석\ncount: 42\npublished: true\ntags: [jekyll, 블로그]\n- name: 이름\n"
      "desc: |\n  여러 줄 값\n  key: 아님\nnext: &a 'x'\nref: *a\n";
  CHECK_CLASS(HlLang::Yaml, code, "---", HlClass::Meta);
  CHECK_CLASS(HlLang::Yaml, code, "title", HlClass::Attribute);
  CHECK_CLASS(HlLang::Yaml, code, "\"제목\"", HlClass::String);
  CHECK_CLASS(HlLang::Yaml, code, "# 주석", HlClass::Comment);
  CHECK_CLASS(HlLang::Yaml, code, "42", HlClass::Number);
  CHECK_CLASS(HlLang::Yaml, code, "true", HlClass::Keyword);
  CHECK_CLASS(HlLang::Yaml, code, "블로그", HlClass::String);
  CHECK_CLASS(HlLang::Yaml, code, "name", HlClass::Attribute);
  CHECK_CLASS(HlLang::Yaml, code, "이름", HlClass::String);
  // The block scalar's lines are string, "key:" inside it too.
  CHECK_CLASS(HlLang::Yaml, code, "여러 줄 값", HlClass::String);
  CHECK_CLASS(HlLang::Yaml, code, "key: 아님", HlClass::String);
  CHECK_CLASS(HlLang::Yaml, code, "next", HlClass::Attribute);
  CHECK_CLASS(HlLang::Yaml, code, "&a", HlClass::Meta);
  CHECK_CLASS(HlLang::Yaml, code, "*a", HlClass::Meta);
  // A double-quoted string may run across lines.
  CHECK_CLASS(HlLang::Yaml, "a: \"one\n  two: x\"\nb: 1\n", "\"one\n  two: x\"", HlClass::String);
  CHECK_CLASS(HlLang::Yaml, "a: \"one\n  two: x\"\nb: 1\n", "b", HlClass::Attribute);
}

TEST_CASE("highlight: toml") {
  const std::string code =
      "# 설정\n[package]\nname = \"sheaf\"\nversion = 3\nenabled = false\ndate = 1979-05-27 07:32:00\n"
      "doc = \"\"\"\n여러 줄 [x]\n\"\"\"\n";
  CHECK_CLASS(HlLang::Toml, code, "# 설정", HlClass::Comment);
  CHECK_CLASS(HlLang::Toml, code, "[package]", HlClass::Type);
  CHECK_CLASS(HlLang::Toml, code, "name", HlClass::Attribute);
  CHECK_CLASS(HlLang::Toml, code, "\"sheaf\"", HlClass::String);
  CHECK_CLASS(HlLang::Toml, code, "3", HlClass::Number);
  CHECK_CLASS(HlLang::Toml, code, "false", HlClass::Keyword);
  CHECK_CLASS(HlLang::Toml, code, "1979-05-27 07:32:00", HlClass::Number);
  CHECK_CLASS(HlLang::Toml, code, "\"\"\"\n여러 줄 [x]\n\"\"\"", HlClass::String);
}

TEST_CASE("highlight: html and xml") {
  const std::string code =
      "<!DOCTYPE html>\n<!-- 여러 줄\n<b>주석</b> -->\n<a href=\"/글\" class='x'\n   data-n=1>링크 &amp; 글</a>\n<br/>\n";
  CHECK_CLASS(HlLang::Html, code, "<!DOCTYPE html>", HlClass::Meta);
  CHECK_CLASS(HlLang::Html, code, "<!-- 여러 줄\n<b>주석</b> -->", HlClass::Comment);
  CHECK_CLASS(HlLang::Html, code, "<a", HlClass::Tag);
  CHECK_CLASS(HlLang::Html, code, "href", HlClass::Attribute);
  CHECK_CLASS(HlLang::Html, code, "\"/글\"", HlClass::String);
  CHECK_CLASS(HlLang::Html, code, "data-n", HlClass::Attribute);  // on the tag's second line
  CHECK_CLASS(HlLang::Html, code, "링크", HlClass::Plain);
  CHECK_CLASS(HlLang::Html, code, "&amp;", HlClass::Meta);
  CHECK_CLASS(HlLang::Html, code, "</a", HlClass::Tag);
  CHECK_CLASS(HlLang::Html, "<?xml version=\"1.0\"?>\n<svg width=\"10\"/>", "<?xml version=\"1.0\"?>", HlClass::Meta);
}

TEST_CASE("highlight: css and scss") {
  const std::string code =
      "/* 여러 줄\n 주석 */\n@media (max-width: 600px) {\n  .post a:hover, #main {\n    color: #ff0000 !important;\n"
      "    margin: 1.5em 0;\n    font-family: \"나눔고딕\", sans-serif;\n    background: url(x.png);\n  }\n}\n"
      "$gap: 4px; // scss\n";
  CHECK_CLASS(HlLang::Css, code, "/* 여러 줄\n 주석 */", HlClass::Comment);
  CHECK_CLASS(HlLang::Css, code, "@media", HlClass::Keyword);
  CHECK_CLASS(HlLang::Css, code, ".post", HlClass::Name);
  CHECK_CLASS(HlLang::Css, "article p { color: red; }", "article", HlClass::Tag);
  CHECK_CLASS(HlLang::Css, code, ":hover", HlClass::Meta);
  CHECK_CLASS(HlLang::Css, code, "color", HlClass::Attribute);
  CHECK_CLASS(HlLang::Css, code, "#ff0000", HlClass::Number);
  CHECK_CLASS(HlLang::Css, code, "!important", HlClass::Keyword);
  CHECK_CLASS(HlLang::Css, code, "1.5em", HlClass::Number);
  CHECK_CLASS(HlLang::Css, code, "\"나눔고딕\"", HlClass::String);
  CHECK_CLASS(HlLang::Css, code, "url", HlClass::Name);
  CHECK_CLASS(HlLang::Css, code, "$gap", HlClass::Name);
  CHECK_CLASS(HlLang::Css, code, "// scss", HlClass::Comment);
}

TEST_CASE("highlight: sql") {
  const std::string code =
      "-- 글 목록\nSELECT title, COUNT(*) FROM posts\nWHERE tag = '한국어' /* 여러\n줄 */ AND n > 10\nselect 1;\n";
  CHECK_CLASS(HlLang::Sql, code, "-- 글 목록", HlClass::Comment);
  CHECK_CLASS(HlLang::Sql, code, "SELECT", HlClass::Keyword);
  CHECK_CLASS(HlLang::Sql, code, "select", HlClass::Keyword);
  CHECK_CLASS(HlLang::Sql, code, "FROM", HlClass::Keyword);
  CHECK_CLASS(HlLang::Sql, code, "'한국어'", HlClass::String);
  CHECK_CLASS(HlLang::Sql, code, "/* 여러\n줄 */", HlClass::Comment);
  CHECK_CLASS(HlLang::Sql, code, "10", HlClass::Number);
  CHECK_CLASS(HlLang::Sql, code, "COUNT", HlClass::Name);
}

TEST_CASE("highlight: go") {
  const std::string code =
      "package main\n\nfunc main() {\n\tmsg := `여러 줄\nraw func`\n\tvar r rune = 'é' // 주석\n\tfmt.Println(\"안녕\", 7)\n}\n";
  CHECK_CLASS(HlLang::Go, code, "package", HlClass::Keyword);
  CHECK_CLASS(HlLang::Go, code, "func", HlClass::Keyword);
  CHECK_CLASS(HlLang::Go, code, "main", HlClass::Plain);  // the package name
  CHECK(class_of(HlLang::Go, code, "main", 1) == HlClass::Name);
  CHECK_CLASS(HlLang::Go, code, "`여러 줄\nraw func`", HlClass::String);
  CHECK_CLASS(HlLang::Go, code, "rune", HlClass::Type);
  CHECK_CLASS(HlLang::Go, code, "'é'", HlClass::String);
  CHECK_CLASS(HlLang::Go, code, "// 주석", HlClass::Comment);
  CHECK_CLASS(HlLang::Go, code, "Println", HlClass::Name);
  CHECK_CLASS(HlLang::Go, code, "\"안녕\"", HlClass::String);
  CHECK_CLASS(HlLang::Go, code, "7", HlClass::Number);
}

TEST_CASE("highlight: rust") {
  const std::string code =
      "#[derive(Debug)]\nstruct 점<'a> { x: &'a str }\nfn main() {\n  /* 바깥 /* 안 */ 여전히 주석 */\n"
      "  let s = r#\"raw \"quoted\" fn\"#;\n  let c = '한';\n  println!(\"{}\", 1_000u32); // 끝\n  let v: Option<i32> = None;\n}\n";
  CHECK_CLASS(HlLang::Rust, code, "#[derive(Debug)]", HlClass::Meta);
  CHECK_CLASS(HlLang::Rust, code, "struct", HlClass::Keyword);
  CHECK_CLASS(HlLang::Rust, code, "점", HlClass::Type);
  CHECK_CLASS(HlLang::Rust, code, "'a", HlClass::Meta);  // a lifetime
  CHECK(class_of(HlLang::Rust, code, "str", 1) == HlClass::Type);
  CHECK_CLASS(HlLang::Rust, code, "fn", HlClass::Keyword);
  CHECK_CLASS(HlLang::Rust, code, "/* 바깥 /* 안 */ 여전히 주석 */", HlClass::Comment);  // nested
  CHECK_CLASS(HlLang::Rust, code, "r#\"raw \"quoted\" fn\"#", HlClass::String);
  CHECK_CLASS(HlLang::Rust, code, "'한'", HlClass::String);
  CHECK_CLASS(HlLang::Rust, code, "println!", HlClass::Meta);
  CHECK_CLASS(HlLang::Rust, code, "1_000u32", HlClass::Number);
  CHECK_CLASS(HlLang::Rust, code, "// 끝", HlClass::Comment);
  CHECK_CLASS(HlLang::Rust, code, "Option", HlClass::Type);
}

TEST_CASE("highlight: diff") {
  const std::string code =
      "diff --git a/x.md b/x.md\nindex 1..2 100644\n--- a/x.md\n+++ b/x.md\n@@ -1,2 +1,2 @@\n 그대로\n-지운 줄\n+새 줄\n"
      "-- a removed line\n\\ No newline at end of file\n";
  CHECK_CLASS(HlLang::Diff, code, "diff --git a/x.md b/x.md", HlClass::DiffHeader);
  CHECK_CLASS(HlLang::Diff, code, "--- a/x.md", HlClass::DiffHeader);
  CHECK_CLASS(HlLang::Diff, code, "+++ b/x.md", HlClass::DiffHeader);
  CHECK_CLASS(HlLang::Diff, code, "@@ -1,2 +1,2 @@", HlClass::Meta);
  CHECK_CLASS(HlLang::Diff, code, " 그대로", HlClass::Plain);
  CHECK_CLASS(HlLang::Diff, code, "-지운 줄", HlClass::Removed);
  CHECK_CLASS(HlLang::Diff, code, "+새 줄", HlClass::Added);
  CHECK_CLASS(HlLang::Diff, code, "-- a removed line", HlClass::Removed);
  CHECK_CLASS(HlLang::Diff, code, "\\ No newline", HlClass::Comment);
}

TEST_CASE("highlight: markdown") {
  const std::string code =
      "# 제목\n\n- 항목 `코드`\n1. 번호\n> 인용\n[링크](https://example.org)\n```python\n# 코드 안\n```\n<!-- 여러\n줄 -->\n";
  CHECK_CLASS(HlLang::Markdown, code, "# 제목", HlClass::Keyword);
  CHECK_CLASS(HlLang::Markdown, code, "-", HlClass::Operator);
  CHECK_CLASS(HlLang::Markdown, code, "`코드`", HlClass::String);
  CHECK_CLASS(HlLang::Markdown, code, "1.", HlClass::Operator);
  CHECK_CLASS(HlLang::Markdown, code, ">", HlClass::Operator);
  CHECK_CLASS(HlLang::Markdown, code, "(https://example.org)", HlClass::Attribute);
  CHECK_CLASS(HlLang::Markdown, code, "```python\n# 코드 안\n```", HlClass::String);  // a fence, across lines
  CHECK_CLASS(HlLang::Markdown, code, "<!-- 여러\n줄 -->", HlClass::Comment);
}

TEST_CASE("highlight: unknown languages and plain stay plain") {
  std::vector<HlSpan> v{{0, 1, HlClass::Keyword}};
  highlight(HlLang::Plain, "int main() { return 0; }", v);
  CHECK(v.empty());
  highlight(hl_language("brainfuck"), "if (x) { \"s\" }", v);
  CHECK(v.empty());
  highlight(HlLang::Python, "", v);
  CHECK(v.empty());
}

TEST_CASE("highlight: invalid UTF-8 and binary bytes are safe") {
  // Stray continuation bytes, cut sequences, overlongs, NULs and 0xFF in every language.
  std::string bad = "x = \"\x80\xBF\" # \xC3\n'\xE2\x82' \xF0\x9F\x98 \xC0\xAF\xFF";
  bad += std::string("\0\0if\0", 5);
  bad += "\x80 `\xED\xA0\x80` /* \xF8\x88\x80 */ <\x80 a\xFE=\x80> $\x80 #[\xC2 -\xC2\n+\xC2\n";
  for (int l = 0; l < int(HlLang::Count); l++) {
    std::vector<HlSpan> v;
    highlight(HlLang(l), bad, v);
    check_spans(bad, v);
    // Every prefix too: a block may end anywhere.
    for (size_t cut = 0; cut < bad.size(); cut += 3) {
      highlight(HlLang(l), std::string_view(bad).substr(0, cut), v);
      check_spans(std::string_view(bad).substr(0, cut), v);
    }
  }
  // A Korean identifier stays whole, and no span cuts a character.
  std::vector<HlSpan> v;
  const std::string ko = "변수=\"값\"+'글'#주석\n";
  for (int l = 0; l < int(HlLang::Count); l++) {
    highlight(HlLang(l), ko, v);
    check_spans(ko, v);
  }
}

TEST_CASE("highlight: a 10 MB block takes linear time") {
  // Each language on 1 MB and on 10 MB of its own kind of code, plus
  // unterminated openers (a string, a comment) that must not rescan the rest.
  const char* samples[] = {
      "def f(x):\n    return \"s\" + x  # c\n",                   // python
      "for i in 1 2; do echo \"$i\" 'x' | grep -v y; done # c\n", // shell
      "$ ls -la\noutput line\n",                                 // console
      "int f(int x) { return x + 1; } // c\n/* b */ \"s\" 'c'\n", // c
      "@A public void f() { String s = \"x\"; }\n",               // java
      "const x = `t ${a}` + 'q'; // c\n",                         // js
      "{\"k\": [1, true, null, \"v\"]}\n",                         // json
      "- key: \"v\"  # c\n  n: 1\n",                              // yaml
      "[t]\nk = \"v\" # c\n",                                     // toml
      "<a href=\"x\">t &amp; <!-- c --></a>\n",                   // html
      ".a { color: #fff; margin: 1px; } /* c */\n",               // css
      "SELECT a FROM t WHERE b = 'x'; -- c\n",                    // sql
      "func f() { s := `r` + \"q\" } // c\n",                     // go
      "fn f<'a>() { let s = r#\"x\"#; } // c\n",                  // rust
      "+added\n-removed\n context\n",                            // diff
      "# h\n- `a` [l](u) `` b\n",                                 // markdown
  };
  const HlLang langs[] = {HlLang::Python, HlLang::Shell, HlLang::Console, HlLang::C, HlLang::Java, HlLang::JavaScript,
                          HlLang::Json, HlLang::Yaml, HlLang::Toml, HlLang::Html, HlLang::Css, HlLang::Sql,
                          HlLang::Go, HlLang::Rust, HlLang::Diff, HlLang::Markdown};
  // Thread CPU time: the machine may be shared, and wall time would count the others.
  auto cpu_ms = [] {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
  };
  auto time_of = [&](HlLang l, const std::string& s, std::vector<HlSpan>& v) {
    const double t0 = cpu_ms();
    highlight(l, s, v);
    return cpu_ms() - t0;
  };
  for (size_t k = 0; k < sizeof langs / sizeof langs[0]; k++) {
    std::string small, big;
    while (small.size() < (1u << 20)) small += samples[k];
    // Openers that never close, and runs that look for a partner, on every line of the big one.
    for (int r = 0; r < 10; r++) big += small;
    big += "\"never closed ' /* ` <!-- r#\" R\"(";
    std::vector<HlSpan> v;
    time_of(langs[k], small, v);  // warm
    const double t1 = time_of(langs[k], small, v);
    const double t10 = time_of(langs[k], big, v);
    CHECK_MESSAGE(!v.empty(), std::string(hl_language_name(langs[k])));
    check_spans(big, v);
    // Linear: ten times the text in well under a hundred times the time (some slack for a shared machine).
    CHECK_MESSAGE(t10 < t1 * 30 + 50, std::string(hl_language_name(langs[k])) << ": 1 MB " << t1 << " ms, 10 MB " << t10 << " ms");
    CHECK_MESSAGE(t10 < 3000, std::string(hl_language_name(langs[k])) << ": 10 MB in " << t10 << " ms");
    if (getenv("HL_TIMES")) MESSAGE(std::string(hl_language_name(langs[k])) << ": 1 MB " << t1 << " ms, 10 MB " << t10 << " ms");
  }
  // Pathological lines: one 10 MB line of backtick runs of many lengths, of
  // quotes, of '<' and of R" openers.
  std::string line;
  for (int r = 1; line.size() < (10u << 20); r = r % 40 + 1) line += std::string(size_t(r), '`') + "x";
  std::string quotes(10u << 20, '"');
  std::string lts(10u << 20, '<');
  std::string raws;
  while (raws.size() < (10u << 20)) raws += "R\"ab";
  for (int l = 0; l < int(HlLang::Count); l++) {
    std::vector<HlSpan> v;
    for (const std::string* s : {&line, &quotes, &lts, &raws}) {
      const double t = time_of(HlLang(l), *s, v);
      CHECK_MESSAGE(t < 3000, std::string(hl_language_name(HlLang(l))) << ": a pathological 10 MB line in " << t << " ms");
    }
  }
}
