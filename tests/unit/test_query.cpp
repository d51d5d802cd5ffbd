// Query language: parsing, errors, and every operator evaluated on a small library.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/document.h"
#include "core/library.h"
#include "core/query.h"

using namespace sheaf;

namespace {

Value str(std::string s) {
  Value v;
  v.kind = Value::Kind::String;
  v.scalar = std::move(s);
  return v;
}

Value list(std::vector<std::string> items) {
  Value v;
  v.kind = Value::Kind::List;
  for (auto& s : items) v.items.push_back(str(s));
  return v;
}

// Builds a Document by hand so these tests do not depend on the front-matter parser.
Document make_doc(std::string path, std::string title, std::string date, std::vector<std::string> tags,
                  std::vector<std::string> cats, std::string body,
                  std::vector<std::pair<std::string, Value>> props = {}) {
  Document d;
  d.path = std::move(path);
  std::string fm = "---\n---\n";
  d.text = fm + body;
  d.front_matter.format = FrontMatterFormat::Yaml;
  d.front_matter.body_begin = fm.size();
  d.title = std::move(title);
  d.date = date;
  if (!date.empty()) d.date_key = std::stoll(date.substr(0, 4)) * 400 * 86400 + std::stoll(date.substr(5, 2)) * 31 * 86400 + std::stoll(date.substr(8, 2)) * 86400;
  for (auto& [k, v] : props) d.properties.push_back(Property{k, v, 0});
  if (!tags.empty()) d.properties.push_back(Property{"tags", list(tags), 0});
  if (!cats.empty()) d.properties.push_back(Property{"categories", list(cats), 0});
  d.tags = std::move(tags);
  d.categories = std::move(cats);
  return d;
}

struct Fixture {
  Library lib;
  Fixture() {
    lib.put(make_doc("a.md", "Docker 입문", "2021-05-03", {"Docker", "devops"}, {"Dev"},
                     "컨테이너를 처음 써 보았다. Docker Compose 로 묶는다.", {{"layout", str("post")}, {"draft", str("false")}}));
    lib.put(make_doc("b.md", "딥러닝 회고", "2022-02-23", {"AI", "Deep Learning"}, {"BoostCamp"},
                     "부스트캠프 5주차 회고. 모델 학습과 MLflow.", {{"layout", str("single")}, {"toc", str("true")}}));
    lib.put(make_doc("c.md", "Café notes", "2022-03-10", {"ai", "lang/cpp"}, {"Dev"},
                     "ÉCOLE and café. The quick brown fox.", {{"layout", str("post")}, {"draft", str("true")}}));
    lib.put(make_doc("d.md", "No date here", "", {"lang/rust"}, {},
                     "오늘까지 마무리 할 일. 멘토링 정리.", {{"aliases", list({"old-url", "older-url"})}}));
  }
  std::vector<std::string> q(std::string_view text) {
    Query query;
    QueryError err;
    bool ok = parse_query(text, query, err);
    REQUIRE_MESSAGE(ok, err.message);
    std::vector<std::string> paths;
    for (DocId id : lib.match(query)) paths.push_back(lib.entry(id)->path);
    std::sort(paths.begin(), paths.end());
    return paths;
  }
};

using V = std::vector<std::string>;

QueryError error_of(std::string_view text) {
  Query q;
  QueryError e;
  CHECK_FALSE(parse_query(text, q, e));
  CHECK(q.empty());
  return e;
}

}  // namespace

TEST_CASE("query: folding keeps byte length and leaves Hangul alone") {
  CHECK(fold("ABC Déjà ÀÉÎÕÜ × 한글") == "abc déjà àéîõü × 한글");
  CHECK(fold("ÀÉÎÕÜ").size() == std::string("ÀÉÎÕÜ").size());
}

TEST_CASE("query: periods") {
  int32_t a, b;
  CHECK(parse_period("2022", &a, &b));
  CHECK(a == 20220101);
  CHECK(b == 20230101);
  CHECK(parse_period("2022-12", &a, &b));
  CHECK(a == 20221201);
  CHECK(b == 20230101);
  CHECK(parse_period("2024-02-29", &a, &b));
  CHECK(b == 20240301);
  CHECK_FALSE(parse_period("2023-02-29", &a, &b));
  CHECK_FALSE(parse_period("2022-13", &a, &b));
  CHECK_FALSE(parse_period("22", &a, &b));
  CHECK_FALSE(parse_period("2022-1-1", &a, &b));
}

TEST_CASE("query: empty query matches every document") {
  Fixture f;
  CHECK(f.q("") == V{"a.md", "b.md", "c.md", "d.md"});
  CHECK(f.q("   ") == V{"a.md", "b.md", "c.md", "d.md"});
}

TEST_CASE("query: tag, case-insensitive, quoted, hierarchical") {
  Fixture f;
  CHECK(f.q("tag:docker") == V{"a.md"});
  CHECK(f.q("tag:AI") == V{"b.md", "c.md"});
  CHECK(f.q("tag:\"deep learning\"") == V{"b.md"});
  CHECK(f.q("tag:lang") == V{"c.md", "d.md"});
  CHECK(f.q("tag:lang/cpp") == V{"c.md"});
  CHECK(f.q("tag:nothing").empty());
  CHECK(f.q("tags:devops") == V{"a.md"});
}

TEST_CASE("query: category and negation") {
  Fixture f;
  CHECK(f.q("cat:dev") == V{"a.md", "c.md"});
  CHECK(f.q("category:BoostCamp") == V{"b.md"});
  CHECK(f.q("-cat:dev") == V{"b.md", "d.md"});
  CHECK(f.q("-tag:ai") == V{"a.md", "d.md"});
}

TEST_CASE("query: key:value on scalars and lists, has:") {
  Fixture f;
  CHECK(f.q("layout:post") == V{"a.md", "c.md"});
  CHECK(f.q("layout:POST") == V{"a.md", "c.md"});
  CHECK(f.q("draft:true") == V{"c.md"});
  CHECK(f.q("aliases:older-url") == V{"d.md"});
  CHECK(f.q("has:toc") == V{"b.md"});
  CHECK(f.q("has:draft") == V{"a.md", "c.md"});
  CHECK(f.q("-has:layout") == V{"d.md"});
  CHECK(f.q("unknown:x").empty());
}

TEST_CASE("query: dates") {
  Fixture f;
  CHECK(f.q("after:2022") == V{"b.md", "c.md"});
  CHECK(f.q("after:2022-03") == V{"c.md"});
  CHECK(f.q("after:2022-02-23") == V{"b.md", "c.md"});
  CHECK(f.q("after:2022-02-24") == V{"c.md"});
  CHECK(f.q("before:2022") == V{"a.md"});
  CHECK(f.q("after:2022 before:2022-03") == V{"b.md"});
  CHECK(f.q("date:2022-03") == V{"c.md"});
  CHECK(f.q("date:2021") == V{"a.md"});
  CHECK(f.q("-after:2022") == V{"a.md", "d.md"});  // undated posts satisfy the negation
}

TEST_CASE("query: free words, phrases, Hangul and Latin folding") {
  Fixture f;
  CHECK(f.q("회고") == V{"b.md"});
  CHECK(f.q("컨테이너") == V{"a.md"});
  CHECK(f.q("마무리 멘토링") == V{"d.md"});
  CHECK(f.q("마무리 회고").empty());
  CHECK(f.q("docker") == V{"a.md"});  // title and body
  CHECK(f.q("CAFÉ") == V{"c.md"});
  CHECK(f.q("école") == V{"c.md"});
  CHECK(f.q("\"quick brown\"") == V{"c.md"});
  CHECK(f.q("\"brown quick\"").empty());
  CHECK(f.q("딥러닝") == V{"b.md"});  // title only
  CHECK(f.q("회").size() == 1);      // a single syllable
}

TEST_CASE("query: OR, AND, parentheses and precedence") {
  Fixture f;
  CHECK(f.q("tag:docker OR tag:ai") == V{"a.md", "b.md", "c.md"});
  CHECK(f.q("tag:docker AND cat:dev") == V{"a.md"});
  CHECK(f.q("cat:dev tag:ai OR tag:lang") == V{"c.md", "d.md"});    // (dev ai) OR lang
  CHECK(f.q("cat:dev (tag:ai OR tag:lang)") == V{"c.md"});
  CHECK(f.q("-(tag:ai OR tag:docker)") == V{"d.md"});
  CHECK(f.q("((tag:docker))") == V{"a.md"});
  CHECK(f.q("layout:post -café") == V{"a.md"});
  CHECK(f.q("or") .empty());  // lower-case "or" is a word
}

TEST_CASE("query: highlight terms skip negated words") {
  Query q;
  QueryError e;
  REQUIRE(parse_query("Docker -compose (\"Deep Learning\" OR 회고)", q, e));
  CHECK(q.text_terms == V{"docker", "deep learning", "회고"});
}

TEST_CASE("query: malformed queries point at the bad token") {
  QueryError e = error_of("tag:ai (docker");
  CHECK(e.token == "(");
  CHECK(e.pos == 7);
  CHECK(e.column == 8);
  CHECK(e.message.find("missing ')'") != std::string::npos);

  e = error_of("tag:ai docker)");
  CHECK(e.token == ")");
  CHECK(e.pos == 13);
  CHECK(e.message.find("unexpected ')'") != std::string::npos);

  e = error_of("회고 \"deep learn");
  CHECK(e.token == "\"deep learn");
  CHECK(e.pos == 7);
  CHECK(e.column == 4);  // columns count characters, not bytes
  CHECK(e.message.find("unterminated quote") != std::string::npos);

  e = error_of("tag: docker");
  CHECK(e.token == "tag:");
  CHECK(e.message == "'tag:' needs a value: 'tag:' at column 1");

  e = error_of("after:2022-13");
  CHECK(e.token == "after:2022-13");
  CHECK(e.message.find("not a date") != std::string::npos);

  e = error_of("OR docker");
  CHECK(e.token == "OR");
  e = error_of("docker OR");
  CHECK(e.token == "OR");
  CHECK(e.pos == 7);
  e = error_of("docker OR OR x");
  CHECK(e.pos == 7);
  e = error_of("docker AND");
  CHECK(e.token == "AND");
  e = error_of("docker - x");
  CHECK(e.token == "-");
  CHECK(e.pos == 7);
  e = error_of("()");
  CHECK(e.token == "()");
  CHECK(e.message.find("empty parentheses") != std::string::npos);
  e = error_of("--x");
  CHECK(e.message.find("double negation") != std::string::npos);
  e = error_of("tag:\"\"");
  CHECK(e.message.find("empty value") != std::string::npos);
  e = error_of("\"  \"");
  CHECK(e.message.find("empty phrase") != std::string::npos);
}

TEST_CASE("query: deep nesting is an error, not a stack overflow") {
  std::string deep(100000, '(');
  deep += "x";
  deep += std::string(100000, ')');
  QueryError e = error_of(deep);
  CHECK(e.message.find("nested deeper") != std::string::npos);
  CHECK(e.pos == size_t(kMaxQueryDepth));

  std::string ok(kMaxQueryDepth, '(');
  ok += "x" + std::string(kMaxQueryDepth, ')');
  Query q;
  CHECK(parse_query(ok, q, e));

  // Long flat chains stay flat.
  std::string chain = "a";
  for (int i = 0; i < 5000; i++) chain += " OR b" + std::to_string(i);
  CHECK(parse_query(chain, q, e));
  CHECK(q.nodes[q.root].children.size() == 5001);
}

TEST_CASE("query: colons that are not fields stay text") {
  Query q;
  QueryError e;
  REQUIRE(parse_query("12:30 http://x.y", q, e));
  CHECK(q.text_terms == V{"12:30", "http://x.y"});
  CHECK(quote_query_value("Deep Learning") == "\"Deep Learning\"");
  CHECK(quote_query_value("docker") == "docker");
  CHECK(quote_query_value("OR") == "\"OR\"");
}

TEST_CASE("query: search sorts, snippets and highlights") {
  Fixture f;
  SearchOptions o;
  SearchResults r = f.lib.search("cat:dev", o);
  REQUIRE(r.hits.size() == 2);
  CHECK(f.lib.entry(r.hits[0].id)->path == "c.md");  // newest first
  o.reverse = true;
  r = f.lib.search("cat:dev", o);
  CHECK(f.lib.entry(r.hits[0].id)->path == "a.md");
  o = {};
  o.sort = SortKey::Title;
  r = f.lib.search("", o);
  REQUIRE(r.hits.size() == 4);
  CHECK(f.lib.entry(r.hits[0].id)->path == "c.md");  // "café notes" < "docker 입문" < "no date" < "딥러닝"
  CHECK(f.lib.entry(r.hits[3].id)->path == "b.md");

  r = f.lib.search("compose");
  REQUIRE(r.hits.size() == 1);
  const Snippet& s = r.hits[0].snippet;
  REQUIRE(s.ranges.size() == 1);
  CHECK(s.text.substr(s.ranges[0].first, s.ranges[0].second - s.ranges[0].first) == "Compose");  // original case
  const Document d = make_doc("x", "", "", {}, {}, "");
  (void)d;

  r = f.lib.search("tag:ai (");
  CHECK(r.error.failed());
  CHECK(r.hits.empty());
}

TEST_CASE("query: snippet windows stay on UTF-8 boundaries") {
  Library lib;
  std::string body;
  for (int i = 0; i < 200; i++) body += "가나다라마 ";
  body += "목표단어 입니다";
  for (int i = 0; i < 200; i++) body += " 바사아자차";
  lib.put(make_doc("k.md", "제목", "2020-01-01", {}, {}, body));
  Query q;
  QueryError e;
  REQUIRE(parse_query("목표단어", q, e));
  Snippet s = lib.snippet(lib.find("k.md"), q, 60);
  REQUIRE(s.ranges.size() == 1);
  CHECK(s.text.substr(s.ranges[0].first, s.ranges[0].second - s.ranges[0].first) == "목표단어");
  CHECK(s.text.size() <= 60);
  CHECK((static_cast<unsigned char>(s.text[0]) & 0xC0) != 0x80);
  const std::string& full = lib.entry(lib.find("k.md"))->folded;
  (void)full;
  // doc_offset maps back to the file bytes.
  Document d = make_doc("k.md", "제목", "2020-01-01", {}, {}, body);
  CHECK(d.text.compare(s.doc_offset, s.text.size(), s.text) == 0);
}

TEST_CASE("query: top-level parts for chips, and removing one") {
  std::string q = "회고 tag:\"Deep Learning\" -cat:dev (a OR b) OR after:2022";
  std::vector<QueryPart> p = split_query(q);
  REQUIRE(p.size() == 6);
  CHECK(p[0].field.empty());
  CHECK(p[0].value == "회고");
  CHECK(p[1].field == "tag");
  CHECK(p[1].value == "Deep Learning");
  CHECK(q.substr(p[1].pos, p[1].len) == "tag:\"Deep Learning\"");
  CHECK(p[2].negated);
  CHECK(p[2].field == "cat");
  CHECK(p[3].group);
  CHECK(q.substr(p[3].pos, p[3].len) == "(a OR b)");
  CHECK(p[4].keyword);
  CHECK(p[5].field == "after");
  CHECK(remove_query_part(q, p[1]) == "회고 -cat:dev (a OR b) OR after:2022");
  CHECK(remove_query_part(q, p[0]) == "tag:\"Deep Learning\" -cat:dev (a OR b) OR after:2022");
  CHECK(remove_query_part("tag:x", split_query("tag:x")[0]) == "");
  CHECK(split_query("tag:x (unclosed").size() == 2);
  CHECK(split_query(")").size() == 1);
}

TEST_CASE("query: facet listing is a depth-first tree") {
  Library lib;
  lib.put(make_doc("a.md", "A", "", {"lang-x", "lang/cpp", "lang"}, {}, ""));
  FacetList f = lib.facet(FacetKind::Tags);
  REQUIRE(f.values.size() == 3);
  CHECK(f.values[0].name == "lang");
  CHECK(f.values[1].name == "lang/cpp");
  CHECK(f.values[1].parent == 0);
  CHECK(f.values[2].name == "lang-x");
  uint64_t g = lib.generation();
  lib.put(make_doc("b.md", "B", "", {}, {}, ""));
  CHECK(lib.generation() != g);
}
