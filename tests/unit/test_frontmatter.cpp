// Front matter detection: Jekyll's rules to the byte, plus Hugo TOML/JSON.
#include <doctest/doctest.h>

#include "core/document.h"
#include "core/frontmatter.h"

using namespace sheaf;

static std::string_view content(std::string_view t, const FrontMatter& fm) {
  return t.substr(fm.content_begin, fm.content_end - fm.content_begin);
}

TEST_CASE("frontmatter: basic YAML block") {
  std::string t = "---\ntitle: a\n---\n# Body\n";
  std::vector<Diagnostic> d;
  FrontMatter fm = detect_front_matter(t, &d);
  CHECK(fm.format == FrontMatterFormat::Yaml);
  CHECK(fm.begin == 0);
  CHECK(fm.content_begin == 4);
  CHECK(content(t, fm) == "title: a\n");
  CHECK(fm.end == 17);
  CHECK(fm.body_begin == 17);
  CHECK(t.substr(fm.body_begin) == "# Body\n");
  CHECK(fm.content_line == 2);
  CHECK_FALSE(fm.crlf);
  CHECK(d.empty());
}

TEST_CASE("frontmatter: BOM before the opening fence") {
  std::string t = "\xEF\xBB\xBF---\ntitle: a\n---\nbody";
  FrontMatter fm = detect_front_matter(t);
  CHECK(fm.format == FrontMatterFormat::Yaml);
  CHECK(fm.begin == 3);
  CHECK(fm.content_begin == 7);
  CHECK(content(t, fm) == "title: a\n");
  CHECK(t.substr(fm.body_begin) == "body");
}

TEST_CASE("frontmatter: BOM without front matter puts the body after the BOM") {
  std::string t = "\xEF\xBB\xBF# Hi\n";
  FrontMatter fm = detect_front_matter(t);
  CHECK(fm.format == FrontMatterFormat::None);
  CHECK(fm.body_begin == 3);
}

TEST_CASE("frontmatter: CRLF line endings") {
  std::string t = "---\r\ntitle: a\r\n---\r\nbody\r\n";
  FrontMatter fm = detect_front_matter(t);
  CHECK(fm.format == FrontMatterFormat::Yaml);
  CHECK(fm.crlf);
  CHECK(content(t, fm) == "title: a\r\n");
  CHECK(t.substr(fm.body_begin) == "body\r\n");
}

TEST_CASE("frontmatter: '...' closes a YAML block") {
  std::string t = "---\na: 1\n...\nbody";
  FrontMatter fm = detect_front_matter(t);
  CHECK(fm.format == FrontMatterFormat::Yaml);
  CHECK(content(t, fm) == "a: 1\n");
  CHECK(t.substr(fm.body_begin) == "body");
}

TEST_CASE("frontmatter: trailing spaces on fences, closing fence at end of file") {
  std::string t = "---  \na: 1\n--- \t";
  FrontMatter fm = detect_front_matter(t);
  CHECK(fm.format == FrontMatterFormat::Yaml);
  CHECK(content(t, fm) == "a: 1\n");
  CHECK(fm.end == t.size());
  CHECK(fm.body_begin == t.size());
}

TEST_CASE("frontmatter: empty block") {
  std::string t = "---\n---\nx";
  FrontMatter fm = detect_front_matter(t);
  CHECK(fm.format == FrontMatterFormat::Yaml);
  CHECK(fm.content_begin == fm.content_end);
  CHECK(t.substr(fm.body_begin) == "x");
}

TEST_CASE("frontmatter: '---' later in the body is not front matter") {
  std::string t = "# Title\n\n---\na: 1\n---\n";
  std::vector<Diagnostic> d;
  FrontMatter fm = detect_front_matter(t, &d);
  CHECK(fm.format == FrontMatterFormat::None);
  CHECK(fm.body_begin == 0);
  CHECK(d.empty());
  // A blank first line also disqualifies it.
  FrontMatter fm2 = detect_front_matter("\n---\na: 1\n---\n");
  CHECK(fm2.format == FrontMatterFormat::None);
}

TEST_CASE("frontmatter: '----' or '--- x' is not a fence") {
  CHECK(detect_front_matter("----\na: 1\n----\n").format == FrontMatterFormat::None);
  CHECK(detect_front_matter("--- x\na: 1\n---\n").format == FrontMatterFormat::None);
  // A closer must be alone too: "---x" does not close.
  std::vector<Diagnostic> d;
  CHECK(detect_front_matter("---\na: 1\n---x\n", &d).format == FrontMatterFormat::None);
  CHECK(d.size() == 1);
}

TEST_CASE("frontmatter: unterminated fence is no front matter plus a warning at line 1") {
  std::string t = "---\ntitle: a\n\nbody text\n";
  std::vector<Diagnostic> d;
  FrontMatter fm = detect_front_matter(t, &d);
  CHECK(fm.format == FrontMatterFormat::None);
  CHECK(fm.body_begin == 0);
  REQUIRE(d.size() == 1);
  CHECK(d[0].severity == Severity::Warning);
  CHECK(d[0].line == 1);
  CHECK(d[0].column == 1);
  CHECK(d[0].message.find("no closing") != std::string::npos);
}

TEST_CASE("frontmatter: a file that is only '---' is Markdown, silently") {
  std::vector<Diagnostic> d;
  CHECK(detect_front_matter("---", &d).format == FrontMatterFormat::None);
  CHECK(d.empty());
}

TEST_CASE("frontmatter: TOML +++ block") {
  std::string t = "+++\ntitle = \"a\"\n+++\nbody";
  FrontMatter fm = detect_front_matter(t);
  CHECK(fm.format == FrontMatterFormat::Toml);
  CHECK(content(t, fm) == "title = \"a\"\n");
  CHECK(t.substr(fm.body_begin) == "body");
  // "---" does not close a TOML block.
  std::vector<Diagnostic> d;
  CHECK(detect_front_matter("+++\na = 1\n---\n", &d).format == FrontMatterFormat::None);
  CHECK(d.size() == 1);
}

TEST_CASE("frontmatter: JSON { } block") {
  std::string t = "{\n  \"title\": \"a\"\n}\nbody";
  FrontMatter fm = detect_front_matter(t);
  CHECK(fm.format == FrontMatterFormat::Json);
  CHECK(fm.begin == 0);
  CHECK(content(t, fm) == "  \"title\": \"a\"\n");
  CHECK(t.substr(fm.body_begin) == "body");
  // "{" with more on the line is Markdown.
  CHECK(detect_front_matter("{ \"a\": 1 }\n").format == FrontMatterFormat::None);
}

//-----------------------------------------------------------------------------
// Document-level diagnostics found while reading the bytes.
//-----------------------------------------------------------------------------

TEST_CASE("document: invalid UTF-8 is reported at its first bad byte, nothing is rewritten") {
  std::string t = "---\ntitle: 좋아\n---\n첫 줄\nab\xC3\x28 and \xFF\n";
  Document d = parse_document("x.md", t);
  CHECK(d.text == t);
  REQUIRE(d.diagnostics.size() == 1);
  CHECK(d.diagnostics[0].severity == Severity::Warning);
  CHECK(d.diagnostics[0].line == 5);
  CHECK(d.diagnostics[0].column == 3);
  CHECK(d.diagnostics[0].message == "invalid UTF-8 (byte 0xC3)");
  CHECK(d.title == "좋아");
  // Overlong, surrogate and truncated sequences are all invalid.
  CHECK(parse_document("a", "\xC0\xAF").diagnostics.size() == 1);
  CHECK(parse_document("a", "\xED\xA0\x80").diagnostics.size() == 1);
  CHECK(parse_document("a", "ok \xEA\xB0").diagnostics.at(0).column == 4);
  CHECK(parse_document("a", "\xF0\x9F\x98\x8A \xEA\xB0\x80").diagnostics.empty());
}

TEST_CASE("document: a NUL byte warns at its position") {
  std::string t = "# title\nline two has a ";
  t.push_back('\0');
  t += " nul and plenty of ordinary text after it so it stays well under one percent of the file size, "
       "which needs a few more words here to be sure of it.\n";
  Document d = parse_document("x.md", t);
  REQUIRE(d.diagnostics.size() == 1);
  CHECK(d.diagnostics[0].severity == Severity::Warning);
  CHECK(d.diagnostics[0].line == 2);
  CHECK(d.diagnostics[0].column == 16);
  CHECK(d.diagnostics[0].message == "NUL byte in the file");
  CHECK(d.title == "title");
}

TEST_CASE("document: binary content is an Error and the file name gives the title") {
  std::string t("\x89PNG\r\n\x1a\n", 8);
  for (int i = 0; i < 200; i++) t.push_back(char(i % 7));
  Document d = parse_document("img/2024-01-02-photo.png", t);
  REQUIRE(d.has_errors());
  CHECK(d.diagnostics[0].severity == Severity::Error);
  CHECK(d.diagnostics[0].line == 0);
  CHECK(d.diagnostics[0].message.rfind("binary file", 0) == 0);
  CHECK(d.text == t);
  CHECK(d.title == "Photo");
  CHECK(d.date == "2024-01-02");
}

TEST_CASE("document: large files are flagged but parsed") {
  std::string line(63, 'a');
  line += '\n';
  std::string t = "---\ntitle: big\n---\n";
  while (t.size() < (9u << 20)) t += line;
  Document d = parse_document("big.md", t);
  REQUIRE(d.diagnostics.size() == 1);
  CHECK(d.diagnostics[0].severity == Severity::Warning);
  CHECK(d.diagnostics[0].message.rfind("large file", 0) == 0);
  CHECK(d.title == "big");
}

TEST_CASE("document: a line longer than the viewer lays out is located") {
  std::string t = "---\ntitle: long\n---\n짧은 줄\n" + std::string(3u << 20, 'a') + "\n" + std::string(300u << 10, 'b') + "\n";
  Document d = parse_document("long.md", t);
  REQUIRE(d.diagnostics.size() == 1);
  CHECK(d.diagnostics[0].severity == Severity::Warning);
  CHECK(d.diagnostics[0].line == 5);
  CHECK(d.diagnostics[0].column == 1);
  CHECK(d.diagnostics[0].message == "line of 3.0 MB, over the 256 KB the viewer lays out; showing its first 256 KB (1 more such lines)");
  CHECK(d.text == t);
}

TEST_CASE("document: unterminated fence warns at line 1 and the whole file is body") {
  Document d = parse_document("x.md", "---\ntitle: a\n\n# Real\n");
  REQUIRE(d.diagnostics.size() == 1);
  CHECK(d.diagnostics[0].line == 1);
  CHECK(d.properties.empty());
  CHECK(d.front_matter.body_begin == 0);
  CHECK(d.title == "Real");
}

TEST_CASE("document: names") {
  CHECK(std::string(severity_name(Severity::Error)) == "error");
  CHECK(std::string(severity_name(Severity::Warning)) == "warning");
  CHECK(std::string(severity_name(Severity::Info)) == "info");
  CHECK(std::string(kind_name(Value::Kind::Date)) == "date");
  CHECK(std::string(kind_name(Value::Kind::Map)) == "map");
}
