// Front matter -> typed properties: kinds, order, lines, anchors, limits, errors.
#include <doctest/doctest.h>

#include <chrono>

#include "core/document.h"
#include "core/frontmatter.h"
#include "core/properties.h"

using namespace sheaf;
using K = Value::Kind;

static Document parse(std::string text, std::string path = "note.md") { return parse_document(std::move(path), std::move(text)); }

static const Diagnostic* first(const Document& d, Severity s) {
  for (const Diagnostic& x : d.diagnostics)
    if (x.severity == s) return &x;
  return nullptr;
}

TEST_CASE("properties: scalar kinds under the YAML 1.2 core schema") {
  Document d = parse(
      "---\n"
      "s: hello world\n"
      "q: \"123\"\n"
      "sq: 'true'\n"
      "i: 42\n"
      "f: -1.5e3\n"
      "hex: 0x1F\n"
      "b: true\n"
      "B: False\n"
      "yes_is_text: yes\n"
      "n1: null\n"
      "n2: ~\n"
      "n3:\n"
      "d: 2024-02-25\n"
      "dt: 2024-02-25 10:00:00 +0900\n"
      "zero: 007\n"
      "ver: 1.2.3\n"
      "str_tag: !!str 12\n"
      "---\n");
  REQUIRE(d.properties.size() == 17);
  auto kind = [&](const char* k) { return d.property(k)->value.kind; };
  CHECK(kind("s") == K::String);
  CHECK(kind("q") == K::String);
  CHECK(kind("sq") == K::String);
  CHECK(kind("i") == K::Number);
  CHECK(kind("f") == K::Number);
  CHECK(kind("hex") == K::Number);
  CHECK(kind("b") == K::Bool);
  CHECK(kind("B") == K::Bool);
  CHECK(kind("yes_is_text") == K::String);
  CHECK(kind("n1") == K::Null);
  CHECK(kind("n2") == K::Null);
  CHECK(kind("n3") == K::Null);
  CHECK(kind("d") == K::Date);
  CHECK(kind("dt") == K::Date);
  CHECK(kind("zero") == K::Number);
  CHECK(kind("ver") == K::String);
  CHECK(kind("str_tag") == K::String);
  CHECK(d.property("zero")->value.scalar == "007");
  CHECK(d.property("q")->value.scalar == "123");
  CHECK(d.property("dt")->value.scalar == "2024-02-25 10:00:00 +0900");
  CHECK(d.diagnostics.empty());
}

TEST_CASE("properties: keys in file order with their file lines") {
  Document d = parse("---\n# comment\nzeta: 1\nalpha: 2\n\nmid:\n  - x\nlast: 3\n---\nbody\n");
  REQUIRE(d.properties.size() == 4);
  CHECK(d.properties[0].key == "zeta");
  CHECK(d.properties[0].line == 3);
  CHECK(d.properties[1].key == "alpha");
  CHECK(d.properties[1].line == 4);
  CHECK(d.properties[2].key == "mid");
  CHECK(d.properties[2].line == 6);
  CHECK(d.properties[3].key == "last");
  CHECK(d.properties[3].line == 8);
}

TEST_CASE("properties: nested maps and lists are kept whole") {
  Document d = parse("---\ndefaults:\n  - scope:\n      path: \"\"\n      type: posts\n    values:\n      layout: single\n      comments: true\nx: {a: [1, 2], b: c}\n---\n");
  const Value& v = d.property("defaults")->value;
  REQUIRE(v.kind == K::List);
  REQUIRE(v.items.size() == 1);
  const Value& m = v.items[0];
  REQUIRE(m.kind == K::Map);
  REQUIRE(m.entries.size() == 2);
  CHECK(m.entries[0].first == "scope");
  CHECK(m.find("scope")->find("path")->kind == K::String);
  CHECK(m.find("scope")->find("path")->scalar == "");
  CHECK(m.find("scope")->find("type")->scalar == "posts");
  CHECK(m.find("values")->find("comments")->kind == K::Bool);
  const Value& x = d.property("x")->value;
  CHECK(x.kind == K::Map);
  CHECK(x.find("a")->items.size() == 2);
  CHECK(x.find("a")->items[1].scalar == "2");
  CHECK(x.find("b")->scalar == "c");
}

TEST_CASE("properties: anchors, aliases and merge keys resolve") {
  Document d = parse(
      "---\n"
      "base: &b {layout: post, toc: true}\n"
      "other: &o {toc: false, extra: 1}\n"
      "list: &l [a, b]\n"
      "copy: *l\n"
      "page:\n"
      "  <<: [*b, *o]\n"
      "  layout: page\n"
      "---\n");
  REQUIRE(d.diagnostics.empty());
  const Value& copy = d.property("copy")->value;
  REQUIRE(copy.kind == K::List);
  CHECK(copy.items.size() == 2);
  CHECK(copy.items[1].scalar == "b");
  const Value& page = d.property("page")->value;
  REQUIRE(page.kind == K::Map);
  REQUIRE(page.entries.size() == 3);
  // Explicit keys win over merged ones; earlier merged maps win over later ones.
  CHECK(page.find("layout")->scalar == "page");
  CHECK(page.find("toc")->scalar == "true");
  CHECK(page.find("extra")->scalar == "1");
  CHECK(page.find("<<") == nullptr);
}

TEST_CASE("properties: merge key at the top level gives properties") {
  Document d = parse("---\n_d: &d\n  layout: post\n  title: Base\n<<: *d\ntitle: Mine\n---\n");
  REQUIRE(d.property("layout"));
  CHECK(d.property("layout")->value.scalar == "post");
  CHECK(d.property("layout")->line == 5);
  CHECK(d.title == "Mine");
}

TEST_CASE("properties: billion laughs is stopped quickly with an error") {
  std::string t = "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (int i = 1; i < 10; i++) {
    char prev = char('a' + i - 1), cur = char('a' + i);
    t += std::string(1, cur) + ": &" + cur + " [";
    for (int k = 0; k < 9; k++) t += std::string(k ? "," : "") + "*" + prev;
    t += "]\n";
  }
  t += "---\nbody\n";
  auto start = std::chrono::steady_clock::now();
  Document d = parse(t);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  CHECK(ms < 2000);
  const Diagnostic* e = first(d, Severity::Error);
  REQUIRE(e);
  CHECK(e->message.find("too many values") != std::string::npos);
  CHECK(e->line >= 2);
  CHECK(d.properties.empty());
  CHECK(d.front_matter.format == FrontMatterFormat::Yaml);
  CHECK(d.text.substr(d.front_matter.body_begin) == "body\n");
}

TEST_CASE("properties: nested anchors over a big list are bounded too") {
  std::string t = "---\na: ";
  for (int i = 0; i < 200; i++) t += "&x" + std::to_string(i) + " [";
  for (int i = 0; i < 60000; i++) t += "1,";
  t += "2" + std::string(200, ']') + "\n---\nbody\n";
  auto start = std::chrono::steady_clock::now();
  Document d = parse(t);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  CHECK(ms < 3000);
  REQUIRE(first(d, Severity::Error));
  CHECK(first(d, Severity::Error)->message.find("too many values") != std::string::npos);
  CHECK(d.properties.empty());
}

TEST_CASE("properties: deep nesting is bounded with a diagnostic") {
  std::string t = "---\nx: " + std::string(5000, '[') + std::string(5000, ']') + "\n---\n";
  Document d = parse(t);
  const Diagnostic* e = first(d, Severity::Error);
  REQUIRE(e);
  CHECK(e->line == 2);
  CHECK(e->message.find("nested too deeply") != std::string::npos);
  // Block nesting too.
  std::string b = "---\n";
  for (int i = 0; i < 400; i++) b += std::string(size_t(i) * 1, ' ') + "k:\n";
  b += "---\n";
  Document d2 = parse(b);
  REQUIRE(first(d2, Severity::Error));
  CHECK(first(d2, Severity::Error)->message.find("nested too deeply") != std::string::npos);
}

TEST_CASE("properties: invalid YAML reports the line and column in the file, body still parses") {
  Document d = parse("---\ntitle: ok\ntags: [a, b\nx: 1\n---\n# Heading\n");
  const Diagnostic* e = first(d, Severity::Error);
  REQUIRE(e);
  CHECK(e->line == 4);  // where yaml-cpp notices the missing ']'
  CHECK(e->column == 2);
  CHECK(e->message == "YAML front matter: end of sequence flow not found");
  CHECK(d.properties.empty());
  CHECK(d.title == "Heading");
  CHECK(d.title_source == TitleSource::Heading);

  Document d2 = parse("---\na: 1\nb: c: d\n---\nbody\n");
  REQUIRE(first(d2, Severity::Error));
  CHECK(first(d2, Severity::Error)->line == 3);
  CHECK(first(d2, Severity::Error)->column == 5);

  // A wrongly indented key: the error sits exactly where yaml-cpp stops.
  Document d3 = parse("---\na: 1\n  b: 2\n---\n");
  const Diagnostic* e3 = first(d3, Severity::Error);
  REQUIRE(e3);
  CHECK(e3->line == 3);
  CHECK(e3->column == 4);
}

TEST_CASE("properties: a quoted string that is never closed is an error where it opens") {
  // yaml-cpp alone would take the rest of the block as the title.
  Document d = parse("---\ntitle: \"깨진 머리말\ntags: [a, b\n---\n# 본문\n", "2024-01-01-x.md");
  const Diagnostic* e = first(d, Severity::Error);
  REQUIRE(e);
  CHECK(e->line == 2);
  CHECK(e->column == 8);
  CHECK(e->message == "YAML front matter: this quoted string is never closed");
  CHECK(d.properties.empty());
  CHECK(d.title == "본문");
  Document s = parse("---\ntags:\n  - ok\n  - 'never\n---\nbody\n");
  REQUIRE(first(s, Severity::Error));
  CHECK(first(s, Severity::Error)->line == 4);
  // Closed ones, with escapes and across lines, are fine.
  Document ok = parse("---\na: 'it''s'\nb: \"say \\\"hi\\\"\"\nc: \"two\n  lines\"\nd: ['x', \"y\"]\n---\n");
  CHECK(first(ok, Severity::Error) == nullptr);
  REQUIRE(ok.properties.size() == 4);
  CHECK(ok.properties[0].value.scalar == "it's");
  CHECK(ok.properties[1].value.scalar == "say \"hi\"");
  CHECK(ok.properties[2].value.scalar == "two lines");
  CHECK(ok.properties[3].value.items.size() == 2);
}

TEST_CASE("properties: front matter that is not a map is an error") {
  Document d = parse("---\n- a\n- b\n---\n");
  REQUIRE(first(d, Severity::Error));
  CHECK(first(d, Severity::Error)->line == 2);
  CHECK(d.properties.empty());
}

TEST_CASE("properties: TOML front matter in file order") {
  Document d = parse("+++\ntitle = \"Hello\"\ndate = 2024-02-25T10:00:00+09:00\ntags = [\"a\", \"b\"]\ndraft = false\ncount = 3\n[params]\nx = 1.5\n+++\nbody\n");
  REQUIRE(d.diagnostics.empty());
  REQUIRE(d.properties.size() == 6);
  CHECK(d.properties[0].key == "title");
  CHECK(d.properties[0].line == 2);
  CHECK(d.properties[1].key == "date");
  CHECK(d.properties[1].value.kind == K::Date);
  CHECK(d.properties[1].value.scalar == "2024-02-25T10:00:00+09:00");
  CHECK(d.properties[2].key == "tags");
  CHECK(d.properties[3].value.kind == K::Bool);
  CHECK(d.properties[4].value.scalar == "3");
  CHECK(d.properties[5].key == "params");
  CHECK(d.properties[5].line == 7);
  CHECK(d.properties[5].value.find("x")->scalar == "1.5");
  CHECK(d.title == "Hello");
  CHECK(d.tags == std::vector<std::string>{"a", "b"});
  CHECK(d.date == "2024-02-25T10:00:00+09:00");
}

TEST_CASE("properties: invalid TOML is an error at its file line") {
  Document d = parse("+++\ntitle = \"a\"\nbad = = 1\n+++\nbody\n");
  const Diagnostic* e = first(d, Severity::Error);
  REQUIRE(e);
  CHECK(e->line == 3);
  CHECK(e->message.rfind("TOML", 0) == 0);
}

TEST_CASE("properties: JSON front matter") {
  Document d = parse("{\n  \"title\": \"제목\",\n  \"tags\": [\"a\", \"b\"],\n  \"n\": 5\n}\n본문\n");
  REQUIRE(d.diagnostics.empty());
  REQUIRE(d.properties.size() == 3);
  CHECK(d.properties[0].line == 2);
  CHECK(d.properties[2].line == 4);
  CHECK(d.properties[2].value.kind == K::Number);
  CHECK(d.title == "제목");
  CHECK(d.tags == std::vector<std::string>{"a", "b"});
  Document bad = parse("{\n  \"title\": [\"a\",\n}\n");
  REQUIRE(first(bad, Severity::Error));
  CHECK(first(bad, Severity::Error)->line == 3);
  CHECK(first(bad, Severity::Error)->column == 1);
}

TEST_CASE("properties: scalar classification helpers") {
  CHECK(looks_like_number("0"));
  CHECK(looks_like_number("+.5"));
  CHECK(looks_like_number("1."));
  CHECK(looks_like_number("-.inf"));
  CHECK(looks_like_number("0o17"));
  CHECK_FALSE(looks_like_number("."));
  CHECK_FALSE(looks_like_number("1e"));
  CHECK_FALSE(looks_like_number("12a"));
  CHECK(classify_plain_scalar("2024-02-25T10:00:00Z") == K::Date);
  CHECK(classify_plain_scalar("2024-13-45") == K::String);
  CHECK(classify_plain_scalar("~") == K::Null);
  CHECK(classify_plain_scalar("TRUE") == K::Bool);
  CHECK(classify_plain_scalar("tRue") == K::String);
}
