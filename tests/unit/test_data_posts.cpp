// The project's own test posts (tests/data/posts), read from disk, with exact
// metadata: the odd front matter shapes real blogs have (an empty flow list
// under the singular key, a nested `defaults:` mapping, "- []", a flow list
// inside a block item, quoted keys, dates with times and zones, a
// whitespace-separated tag string) and a post with no front matter.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/document.h"

using namespace sheaf;
using Names = std::vector<std::string>;

namespace {

Document post(const char* name) {
  std::string path = std::string(SHEAF_TEST_POSTS) + "/" + name;
  std::ifstream f(path, std::ios::binary);
  REQUIRE_MESSAGE(f.good(), "missing test post ", path);
  std::stringstream ss;
  ss << f.rdbuf();
  std::string text = ss.str();
  Document d = parse_document(name, text);
  CHECK(d.text == text);  // parsing never rewrites
  return d;
}

}  // namespace

TEST_CASE("posts: the folder holds the seven test posts, all clean") {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(SHEAF_TEST_POSTS)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  CHECK(names == Names{"01-spring-retro.md", "02-experiment-notes.md", "03-todo-memo.md", "04-study-review.md",
                       "05-meetup-log.md", "06-emoji-and-keys.md", "07-long-essay.md"});
  for (const auto& n : names) {
    CAPTURE(n);
    Document d = post(n.c_str());
    CHECK(d.diagnostics.empty());
    CHECK(!d.title.empty());
    CHECK(d.word_count > 50);
  }
}

TEST_CASE("posts: 01 flow categories in quotes, an empty list under the singular 'tag'") {
  Document d = post("01-spring-retro.md");
  CHECK(d.front_matter.format == FrontMatterFormat::Yaml);
  CHECK(d.title == "[회고] 2024-03-09 봄맞이 주간 돌아보기");
  CHECK(d.title_source == TitleSource::FrontMatter);
  CHECK(d.categories == Names{"일상", "회고"});
  CHECK(d.tags.empty());
  CHECK(d.date.empty());  // the date in the title is not a date property
  CHECK(d.properties.size() == 6);
  CHECK(d.property("toc")->value.kind == Value::Kind::Bool);
  REQUIRE(d.property("tag"));
  CHECK(d.property("tag")->line == 7);
  CHECK(d.property("tag")->value.kind == Value::Kind::List);
  CHECK(d.property("tag")->value.items.empty());
}

TEST_CASE("posts: 02 block lists of tags and categories, an image first") {
  Document d = post("02-experiment-notes.md");
  CHECK(d.title == "[스터디] 추천 모델 3주차 정리 & 회고");
  CHECK(d.tags == Names{"스터디", "ML", "Recommender System", "Docker", "데이터 시각화", "Linux"});
  CHECK(d.categories == Names{"Study"});
  CHECK(d.property("tags")->line == 6);
  CHECK(d.text.substr(d.front_matter.body_begin, 8) == "![표지");
  CHECK(d.headings.size() == 4);
  CHECK(d.headings[0].text == "✏️ 학습 정리");
}

TEST_CASE("posts: 03 has no front matter, its title from the first heading") {
  Document d = post("03-todo-memo.md");
  CHECK(d.front_matter.format == FrontMatterFormat::None);
  CHECK(d.front_matter.body_begin == 0);
  CHECK(d.properties.empty());
  CHECK(d.title == "이번 주 안에 끝낼 일");
  CHECK(d.title_source == TitleSource::Heading);
  CHECK(d.tags.empty());
  CHECK(d.categories.empty());
  CHECK(d.date.empty());
  CHECK(d.date_key == 0);
}

TEST_CASE("posts: 04 a flow list inside a block item, a date with a time and a zone") {
  Document d = post("04-study-review.md");
  CHECK(d.title == "[후기] 오픈소스 스터디 6기 마무리 후기");
  CHECK(d.tags == Names{"opensource", "스터디", "review"});
  CHECK(d.categories == Names{"study"});
  CHECK(d.date == "2024-02-25T21:30:00+09:00");
  CHECK(d.date_key == 1708864200);  // 12:30 UTC
  REQUIRE(d.property("date"));
  CHECK(d.property("date")->line == 15);
  CHECK(d.property("date")->value.kind == Value::Kind::Date);
  CHECK(d.property("last_modified_at")->value.scalar == "2024-02-26");
  CHECK(d.property("permalink")->value.scalar == "/study/opensource-review/");
  CHECK(d.property("excerpt")->value.scalar == "함께 읽고 함께 고친 여덟 주");
}

TEST_CASE("posts: 05 a nested defaults mapping, '- []' tags") {
  Document d = post("05-meetup-log.md");
  CHECK(d.title == "[모임] 5회차 기록_그림책읽기");
  CHECK(d.tags.empty());
  CHECK(d.categories == Names{"daily"});
  CHECK(d.date == "2021-08-06");
  CHECK(d.date_key == 1628208000);
  const Value& defaults = d.property("defaults")->value;
  REQUIRE(defaults.kind == Value::Kind::List);
  REQUIRE(defaults.items.size() == 1);
  const Value* values = defaults.items[0].find("values");
  REQUIRE(values);
  CHECK(values->entries.size() == 5);
  CHECK(values->find("layout")->scalar == "single");
  CHECK(values->find("author_profile")->kind == Value::Kind::Bool);
  CHECK(defaults.items[0].find("scope")->find("type")->scalar == "posts");
  CHECK(defaults.items[0].find("scope")->find("path")->scalar == "");
  CHECK(d.property("title")->line == 13);
  CHECK(d.property("toc_label")->value.scalar == "차례");
  // The heading keeps its emoji, the ZWJ family whole.
  REQUIRE(d.headings.size() >= 2);
  CHECK(d.headings[1].text == "함께한 사람들 👨‍👩‍👧‍👦 👩‍👩‍👦");
}

TEST_CASE("posts: 06 quoted keys, unquoted flow categories, an ISO date with an offset") {
  Document d = post("06-emoji-and-keys.md");
  CHECK(d.title == "이모지와 따옴표 키 시험 🔬");
  CHECK(d.title_source == TitleSource::FrontMatter);
  CHECK(d.categories == Names{"실험", "유니코드"});
  CHECK(d.tags == Names{"emoji", "한글 태그", "테스트"});
  CHECK(d.date == "2023-07-14T09:05:00+09:00");
  CHECK(d.date_key == 1689293100);
  REQUIRE(d.property("summary key"));
  CHECK(d.property("summary key")->value.scalar == "가족 👨‍👩‍👧‍👦 과 국기 🇰🇷 를 한 줄에 쓴다");
  REQUIRE(d.property("숫자 키"));
  CHECK(d.property("숫자 키")->value.kind == Value::Kind::Number);
  CHECK(d.property("숫자 키")->value.scalar == "42");
  CHECK(d.property("draft")->value.kind == Value::Kind::Bool);
  CHECK(d.properties.size() == 7);
}

TEST_CASE("posts: 07 a tag string split on spaces, a date with a time and no zone") {
  Document d = post("07-long-essay.md");
  CHECK(d.title == "오래 걷는 사람의 메모");
  CHECK(d.tags == Names{"산책", "기록", "겨울"});
  CHECK(d.categories.empty());
  CHECK(d.date == "2020-01-01T07:30:00");
  CHECK(d.date_key == 1577863800);  // taken as UTC
  REQUIRE(d.headings.size() == 6);
  CHECK(d.headings[4].level == 4);
  CHECK(d.word_count > 250);  // words between spaces: 288
}
