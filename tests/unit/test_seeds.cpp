// The five real posts of the seed corpus, read from disk, with exact values.
// The corpus lives outside the repository, so these cases are in the "seeds"
// suite: skipped by default, run by the ctest entry seeds.unit when the
// corpus is there (tests/CMakeLists.txt). The project's own posts are checked
// the same way in test_data_posts.cpp.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "core/document.h"

using namespace sheaf;
using Names = std::vector<std::string>;

static Document seed(const char* name) {
  std::string path = std::string(SHEAF_SEEDS_DIR) + "/" + name;
  std::ifstream f(path, std::ios::binary);
  REQUIRE_MESSAGE(f.good(), "missing seed ", path);
  std::stringstream ss;
  ss << f.rdbuf();
  std::string text = ss.str();
  Document d = parse_document(name, text);
  CHECK(d.text == text);  // parsing never rewrites
  return d;
}

TEST_SUITE_BEGIN("seeds" * doctest::skip());

TEST_CASE("seeds: 000 retro, flow categories, empty tag list") {
  Document d = seed("000_8b22ae64a6274972.txt");
  CHECK(d.front_matter.format == FrontMatterFormat::Yaml);
  CHECK(d.title == "[AITech] 20220223 - 회고");
  CHECK(d.title_source == TitleSource::FrontMatter);
  CHECK(d.categories == Names{"AI", "AITech"});
  CHECK(d.tags.empty());
  CHECK(d.date.empty());
  CHECK(d.properties.size() == 6);
  CHECK(d.property("toc")->value.kind == Value::Kind::Bool);
  CHECK(d.property("tag")->line == 7);
  CHECK(d.diagnostics.empty());
}

TEST_CASE("seeds: 001 block lists of tags and categories") {
  Document d = seed("001_d1fe5a56455ad83e.txt");
  CHECK(d.title == "[부스트캠프 AI Tech 3기] 5주차 정리 & 회고");
  CHECK(d.tags == Names{"부스트캠프", "AI", "Deep Learning", "MLflow", "Docker", "Data Visualization", "Linux"});
  CHECK(d.categories == Names{"BoostCamp"});
  CHECK(d.property("tags")->line == 6);
  CHECK(d.text.substr(d.front_matter.body_begin, 10) == "![Untitled");
  CHECK(d.diagnostics.empty());
}

TEST_CASE("seeds: 002 has no front matter, title from its first heading") {
  Document d = seed("002_8b0d8305dd27a83b.txt");
  CHECK(d.front_matter.format == FrontMatterFormat::None);
  CHECK(d.front_matter.body_begin == 0);
  CHECK(d.properties.empty());
  CHECK(d.title == "오늘까지 마무리 할 일");
  CHECK(d.title_source == TitleSource::Heading);
  CHECK(d.tags.empty());
  CHECK(d.categories.empty());
  CHECK(d.date.empty());
}

TEST_CASE("seeds: 003 nested flow list of tags, date") {
  Document d = seed("003_66ff2883a83e6e1d.txt");
  CHECK(d.title == "[AI Tech] 부스트캠프 AI Tech 6기 두런두런 후기");
  CHECK(d.tags == Names{"aitech", "naver", "boostcamp"});
  CHECK(d.categories == Names{"boostcamp"});
  CHECK(d.date == "2024-02-25");
  CHECK(d.date_key == 1708819200);
  CHECK(d.property("date")->value.kind == Value::Kind::Date);
  CHECK(d.property("last_modified_at")->value.scalar == "2024-02-26");
  CHECK(d.property("permalink")->value.scalar == "/boostcamp/DorunDorun/");
  CHECK(d.diagnostics.empty());
}

TEST_CASE("seeds: 004 nested defaults, '- []' tags") {
  Document d = seed("004_8723becc0a4425b7.txt");
  CHECK(d.title == "[boostcourse] Day5 학습기록_minibatch28");
  CHECK(d.tags.empty());
  CHECK(d.categories == Names{"daily"});
  CHECK(d.date == "2021-08-06");
  const Value& defaults = d.property("defaults")->value;
  REQUIRE(defaults.kind == Value::Kind::List);
  REQUIRE(defaults.items.size() == 1);
  const Value* values = defaults.items[0].find("values");
  REQUIRE(values);
  CHECK(values->entries.size() == 5);
  CHECK(values->find("layout")->scalar == "single");
  CHECK(values->find("author_profile")->kind == Value::Kind::Bool);
  CHECK(defaults.items[0].find("scope")->find("type")->scalar == "posts");
  CHECK(d.property("title")->line == 13);
  CHECK(d.diagnostics.empty());
}

TEST_SUITE_END();
