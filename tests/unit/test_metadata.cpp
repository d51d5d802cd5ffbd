// Normalized metadata with Jekyll semantics: title, date, tags, categories.
#include <doctest/doctest.h>

#include "core/document.h"
#include "core/metadata.h"

using namespace sheaf;
using Names = std::vector<std::string>;

static Document parse(std::string text, std::string path = "note.md") { return parse_document(std::move(path), std::move(text)); }

TEST_CASE("metadata: title from front matter, then first heading, then file name") {
  Document a = parse("---\ntitle: \"[AI] 회고\"\n---\n# Other\n");
  CHECK(a.title == "[AI] 회고");
  CHECK(a.title_source == TitleSource::FrontMatter);

  Document b = parse("---\nlayout: post\n---\n\ntext\n\n## 첫 제목\n# second\n");
  CHECK(b.title == "첫 제목");
  CHECK(b.title_source == TitleSource::Heading);

  Document c = parse("just text\n", "_posts/2024-02-25-hello-world_again.md");
  CHECK(c.title == "Hello World again");  // Jekyll capitalizes the '-' words only
  CHECK(c.title_source == TitleSource::FileName);

  Document e = parse("---\ntitle:\n---\n", "notes/my-note.markdown");
  CHECK(e.title == "My Note");
  CHECK(e.title_source == TitleSource::FileName);
}

TEST_CASE("metadata: title helpers on file names") {
  CHECK(title_from_file_name("2024-02-25-a-b.md") == "A B");
  CHECK(title_from_file_name("dir/sub/plain_name.txt") == "Plain name");
  CHECK(title_from_file_name("2024-13-01-bad-date.md") == "2024 13 01 Bad Date");
  CHECK(title_from_file_name("noext") == "Noext");
  // As Jekyll's titleize_slug: each word capitalized, the rest lower case; Hangul unchanged.
  CHECK(title_from_file_name("_posts/2010-01-09-i-dont-like-ZEROES.md") == "I Dont Like Zeroes");
  CHECK(title_from_file_name("_posts/2024-03-01-젠킨스-설치-guide.md") == "젠킨스 설치 Guide");
}

TEST_CASE("metadata: unpadded file-name dates, as Jekyll reads them") {
  DateTime d;
  REQUIRE(date_from_file_name("_posts/2017-2-5-title.md", &d));
  CHECK(d.year == 2017);
  CHECK(d.month == 2);
  CHECK(d.day == 5);
  CHECK(title_from_file_name("_posts/2017-2-5-title.md") == "Title");
  REQUIRE(date_from_file_name("2017-12-5-x.md", &d));
  CHECK(d.day == 5);
  CHECK_FALSE(date_from_file_name("2017-2-30-x.md", &d));  // no such day
  CHECK_FALSE(date_from_file_name("2017-2-5.md", &d));     // a date with no slug after it
  CHECK_FALSE(date_from_file_name("17-2-5-x.md", &d));
  CHECK_FALSE(date_from_file_name("2017-123-5-x.md", &d));
  Document doc = parse("body\n", "_posts/2017-2-5-title.md");
  CHECK(doc.date == "2017-02-05");
}

TEST_CASE("metadata: every YAML date form") {
  struct Case { const char* in; const char* iso; int64_t key; };
  const Case cases[] = {
      {"2024-02-25", "2024-02-25", 1708819200},
      {"2024-02-25 10:00:00", "2024-02-25T10:00:00", 1708855200},
      {"2024-02-25T10:00:00+09:00", "2024-02-25T10:00:00+09:00", 1708822800},
      {"2024-02-25 10:00:00 +0900", "2024-02-25T10:00:00+09:00", 1708822800},
      {"2024-02-25 10:00:00 -05:30", "2024-02-25T10:00:00-05:30", 1708875000},
      {"2024-02-25t10:00:00.25Z", "2024-02-25T10:00:00.25Z", 1708855200},
      {"2024-02-25 10:00:00.5 +9", "2024-02-25T10:00:00.5+09:00", 1708822800},
      {"2024-02-25 7:05", "2024-02-25T07:05:00", 1708844700},
      {"2024-2-5", "2024-02-05", 1707091200},
      {"1969-12-31", "1969-12-31", -86400},
      {"2024-02-29", "2024-02-29", 1709164800},
  };
  for (const Case& c : cases) {
    CAPTURE(c.in);
    Document d = parse(std::string("---\ndate: ") + c.in + "\n---\n");
    CHECK(d.date == c.iso);
    CHECK(d.date_key == c.key);
    CHECK(d.diagnostics.empty());
  }
  // Quoted dates are strings in YAML but Jekyll still reads them as dates.
  Document q = parse("---\ndate: \"2024-02-25 10:00:00 +0900\"\n---\n");
  CHECK(q.property("date")->value.kind == Value::Kind::String);
  CHECK(q.date == "2024-02-25T10:00:00+09:00");
}

TEST_CASE("metadata: bad dates warn at the key's line and fall back to the file name") {
  const char* bad[] = {"2023-02-29", "2024-13-01", "tomorrow", "2024-02-25 25:00:00", "2024-02-25 10:00:00 +99", "2024"};
  for (const char* b : bad) {
    CAPTURE(b);
    Document d = parse(std::string("---\ntitle: x\n\ndate: ") + b + "\n---\n", "_posts/2021-08-06-post.md");
    REQUIRE(d.diagnostics.size() == 1);
    CHECK(d.diagnostics[0].severity == Severity::Warning);
    CHECK(d.diagnostics[0].line == 4);
    CHECK(d.diagnostics[0].message.rfind("date:", 0) == 0);
    CHECK(d.date == "2021-08-06");
  }
  Document l = parse("---\ndate: [2024-01-01]\n---\n");
  REQUIRE(l.diagnostics.size() == 1);
  CHECK(l.diagnostics[0].line == 2);
  CHECK(l.date.empty());
  CHECK(l.date_key == 0);
}

TEST_CASE("metadata: date from the file name prefix") {
  Document d = parse("body\n", "_posts/2022-02-23-retro.md");
  CHECK(d.date == "2022-02-23");
  CHECK(d.date_key == 1645574400);
  Document unpadded = parse("body\n", "_posts/2022-2-23-retro.md");
  CHECK(unpadded.date == "2022-02-23");  // Jekyll's \d{1,2} month and day
  Document none = parse("body\n", "_posts/22-2-23-retro.md");
  CHECK(none.date.empty());
  Document bad = parse("body\n", "_posts/2022-02-30-retro.md");
  CHECK(bad.date.empty());
  // Front matter wins over the file name.
  Document fm = parse("---\ndate: 2024-02-25\n---\n", "2022-02-23-retro.md");
  CHECK(fm.date == "2024-02-25");
}

TEST_CASE("metadata: tags and categories, Jekyll style") {
  Document a = parse("---\ntags: foo bar  baz foo\ncategories: [x, y, x]\n---\n");
  CHECK(a.tags == Names{"foo", "bar", "baz"});
  CHECK(a.categories == Names{"x", "y"});

  Document b = parse("---\ntags:\n  - [a, b]\n  - ~\n  - ''\n  - '  '\n  - [[c], a]\n  - 2024\n  - Deep Learning\ncategory: Dev Ops\n---\n");
  CHECK(b.tags == Names{"a", "b", "c", "2024", "Deep Learning"});
  // The singular key is one name, not split (Jekyll's pluralized_array_from_hash).
  CHECK(b.categories == Names{"Dev Ops"});

  Document c = parse("---\ntag: []\ntags: [a]\n---\n");
  CHECK(c.tags.empty());  // a present singular key wins, even when empty

  Document d = parse("---\ntag:\ntags: [a, A, a]\n---\n");
  CHECK(d.tags == Names{"a", "A"});  // a null singular key falls back; exact-match duplicates only

  Document e = parse("---\ntags: {a: 1}\n---\n");
  CHECK(e.tags.empty());
}

TEST_CASE("metadata: parse_date rejects malformed text") {
  CHECK_FALSE(parse_date("2024-02-25x", nullptr));
  CHECK_FALSE(parse_date("24-02-25", nullptr));
  CHECK_FALSE(parse_date("2024-02-25T", nullptr));
  CHECK_FALSE(parse_date("2024-02-25 10", nullptr));
  CHECK_FALSE(parse_date("2024-02-25 10:0", nullptr));
  CHECK_FALSE(parse_date("2024-02-25 10:00:00.", nullptr));
  CHECK_FALSE(parse_date("2024-02-25 10:00:00 +123", nullptr));
  CHECK(parse_date(" 2024-02-25 ", nullptr));
}
