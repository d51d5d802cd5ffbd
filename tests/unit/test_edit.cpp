// Lossless front matter edits: exact bytes for each rule, then random edit
// sequences with a fixed RNG seed over the test posts (tests/data/posts) and
// the sample notebook, and over the seed corpus when it is there.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "core/document.h"
#include "core/edit.h"
#include "core/frontmatter.h"
#include "core/utf8.h"

using namespace sheaf;
using Names = std::vector<std::string>;

static Value str(std::string s) {
  Value v;
  v.kind = Value::Kind::String;
  v.scalar = std::move(s);
  return v;
}
static Value scalar(Value::Kind k, std::string s) {
  Value v;
  v.kind = k;
  v.scalar = std::move(s);
  return v;
}
static Value list(std::initializer_list<const char*> items) {
  Value v;
  v.kind = Value::Kind::List;
  for (const char* i : items) v.items.push_back(str(i));
  return v;
}
static std::string ok_text(const EditResult& r) {
  CHECK_MESSAGE(r.ok, r.error);
  return r.text;
}

//-----------------------------------------------------------------------------
// set_property / remove_property
//-----------------------------------------------------------------------------

TEST_CASE("edit: why_not_editable says what the edits would refuse, up front") {
  CHECK(why_not_editable("---\ntitle: ok\n---\nbody\n") == "");
  CHECK(why_not_editable("no front matter\n") == "");
  CHECK(why_not_editable("+++\ntitle = 'x'\n+++\n").find("TOML") != std::string::npos);
  const std::string broken = why_not_editable("---\ntitle: \"open\ntags: [a]\n---\n");
  CHECK(broken.find("line 2") != std::string::npos);
  CHECK(broken.find("fix it first") != std::string::npos);
  CHECK(why_not_editable("---\ntitle: x\nbody without a closing fence\n").find("never closed") != std::string::npos);
}

TEST_CASE("edit: set a quoted title keeps quotes, comment, CRLF and every other byte") {
  std::string t = "---\r\nlayout: post\r\ntitle: \"Old\" # keep me\r\ntags: [a, b]\r\n---\r\nbody\r\n";
  EditResult r = set_property(t, "title", str("새 제목: 부제"));
  CHECK(ok_text(r) == "---\r\nlayout: post\r\ntitle: \"새 제목: 부제\" # keep me\r\ntags: [a, b]\r\n---\r\nbody\r\n");
  CHECK(r.changed);
  CHECK(r.begin == 19);
  CHECK(t.substr(r.old_end) == r.text.substr(r.new_end));
  CHECK(parse_document("x.md", r.text).title == "새 제목: 부제");
}

TEST_CASE("edit: plain values stay plain unless they need quotes") {
  std::string t = "---\ntitle: old\nn: 1\n---\n";
  CHECK(ok_text(set_property(t, "title", str("new words"))) == "---\ntitle: new words\nn: 1\n---\n");
  CHECK(ok_text(set_property(t, "title", str("123"))) == "---\ntitle: \"123\"\nn: 1\n---\n");
  CHECK(ok_text(set_property(t, "title", str("a: b"))) == "---\ntitle: \"a: b\"\nn: 1\n---\n");
  CHECK(ok_text(set_property(t, "title", str("x #y"))) == "---\ntitle: \"x #y\"\nn: 1\n---\n");
  CHECK(ok_text(set_property(t, "title", str("[AI] \"q\""))) == "---\ntitle: \"[AI] \\\"q\\\"\"\nn: 1\n---\n");
  CHECK(ok_text(set_property(t, "title", str("yes"))) == "---\ntitle: \"yes\"\nn: 1\n---\n");
  CHECK(ok_text(set_property(t, "title", str("2024-02-25"))) == "---\ntitle: \"2024-02-25\"\nn: 1\n---\n");
  CHECK(ok_text(set_property(t, "title", str("line\nbreak"))) == "---\ntitle: \"line\\nbreak\"\nn: 1\n---\n");
  CHECK(ok_text(set_property(t, "n", scalar(Value::Kind::Number, "2.5"))) == "---\ntitle: old\nn: 2.5\n---\n");
  CHECK(ok_text(set_property(t, "n", scalar(Value::Kind::Bool, "false"))) == "---\ntitle: old\nn: false\n---\n");
  CHECK(ok_text(set_property(t, "n", Value())) == "---\ntitle: old\nn:\n---\n");
  CHECK(ok_text(set_property(t, "n", scalar(Value::Kind::Date, "2024-02-25 10:00:00 +0900"))) ==
        "---\ntitle: old\nn: 2024-02-25 10:00:00 +0900\n---\n");
}

TEST_CASE("edit: single quotes are kept with their own escaping") {
  std::string t = "---\ntitle: 'old'\n---\n";
  CHECK(ok_text(set_property(t, "title", str("it's"))) == "---\ntitle: 'it''s'\n---\n");
}

TEST_CASE("edit: a new key goes after the last one, same value is unchanged") {
  std::string t = "---\ntitle: a\n# trailing comment\n---\nbody";
  CHECK(ok_text(set_property(t, "draft", scalar(Value::Kind::Bool, "true"))) == "---\ntitle: a\n# trailing comment\ndraft: true\n---\nbody");
  EditResult same = set_property(t, "title", str("a"));
  CHECK(same.ok);
  CHECK_FALSE(same.changed);
  CHECK(same.text == t);
  CHECK(ok_text(set_property("---\n---\nbody", "k", str("v"))) == "---\nk: v\n---\nbody");
}

TEST_CASE("edit: setting on a file without front matter creates a minimal block") {
  CHECK(ok_text(set_property("# Hi\n", "title", str("제목"))) == "---\ntitle: 제목\n---\n# Hi\n");
  CHECK(ok_text(set_property("\xEF\xBB\xBF# Hi\r\n", "title", str("t"))) == "\xEF\xBB\xBF---\r\ntitle: t\r\n---\r\n# Hi\r\n");
  CHECK(ok_text(set_property("", "tags", list({"a"}))) == "---\ntags: [a]\n---\n");
}

TEST_CASE("edit: lists keep flow or block style and the item indent") {
  std::string block = "---\ntags:\n    -   a\n    -   b\ntitle: t\n---\n";
  CHECK(ok_text(set_property(block, "tags", list({"x", "y: z", "c"}))) ==
        "---\ntags:\n    -   x\n    -   \"y: z\"\n    -   c\ntitle: t\n---\n");
  std::string flow = "---\ntags: ['a', 'b']  # two\ntitle: t\n---\n";
  CHECK(ok_text(set_property(flow, "tags", list({"x", "y"}))) == "---\ntags: ['x', 'y']  # two\ntitle: t\n---\n");
  CHECK(ok_text(set_property("---\ntags: a\n---\n", "tags", list({"a, b", "c"}))) == "---\ntags: [\"a, b\", c]\n---\n");
  Value m;
  m.kind = Value::Kind::Map;
  m.entries.emplace_back("path", str(""));
  m.entries.emplace_back("count", scalar(Value::Kind::Number, "1"));
  CHECK(ok_text(set_property("---\na: 1\n---\n", "scope", m)) == "---\na: 1\nscope: {path: \"\", count: 1}\n---\n");
}

TEST_CASE("edit: a top-level map indented by two spaces gets new keys at that indent") {
  CHECK(ok_text(set_property("---\n  a: 1\n---\n", "b", str("2x"))) == "---\n  a: 1\n  b: 2x\n---\n");
}

TEST_CASE("edit: remove_property drops the key and its value lines only") {
  std::string t = "---\n# about\ntitle: a\ntags:\n  - x\n  - y\n\n# next\ndate: 2024-01-01\n---\nbody\n";
  CHECK(ok_text(remove_property(t, "tags")) == "---\n# about\ntitle: a\n\n# next\ndate: 2024-01-01\n---\nbody\n");
  CHECK(ok_text(remove_property(t, "title")) == "---\n# about\ntags:\n  - x\n  - y\n\n# next\ndate: 2024-01-01\n---\nbody\n");
  CHECK(ok_text(remove_property(t, "date")) == "---\n# about\ntitle: a\ntags:\n  - x\n  - y\n\n# next\n---\nbody\n");
  EditResult none = remove_property(t, "missing");
  CHECK(none.ok);
  CHECK_FALSE(none.changed);
  // Duplicated keys all go, or the first would come back.
  CHECK(ok_text(remove_property("---\na: 1\nb: 2\na: 3\n---\n", "a")) == "---\nb: 2\n---\n");
  std::string multi = "---\ntext: |\n  line one\n\n  line two\nz: 1\n---\n";
  CHECK(ok_text(remove_property(multi, "text")) == "---\nz: 1\n---\n");
}

TEST_CASE("edit: TOML, JSON, broken YAML and unclosed fences are refused untouched") {
  std::string toml = "+++\ntitle = \"a\"\n+++\n";
  EditResult r = set_property(toml, "title", str("b"));
  CHECK_FALSE(r.ok);
  CHECK(r.text == toml);
  CHECK(r.error == "editing TOML front matter is not supported");
  EditResult j = add_tag("{\n\"tags\": []\n}\n", "tags", "x");
  CHECK_FALSE(j.ok);
  CHECK(j.error == "editing JSON front matter is not supported");
  EditResult bad = set_property("---\na: [1\n---\n", "a", str("x"));
  CHECK_FALSE(bad.ok);
  CHECK(bad.error.find("error at line 3") != std::string::npos);
  EditResult open = set_property("---\na: 1\n", "a", str("x"));
  CHECK_FALSE(open.ok);
  CHECK(open.text == "---\na: 1\n");
}

//-----------------------------------------------------------------------------
// Tags and categories
//-----------------------------------------------------------------------------

TEST_CASE("edit: add_tag to flow lists stays flow") {
  CHECK(ok_text(add_tag("---\ntags: [a, b] # c\n---\n", "tags", "새 태그")) == "---\ntags: [a, b, 새 태그] # c\n---\n");
  CHECK(ok_text(add_tag("---\ntags: []\n---\n", "tags", "x")) == "---\ntags: [x]\n---\n");
  // An apostrophe inside a plain item is a letter, not the start of a quoted one.
  CHECK(ok_text(add_tag("---\ncategories: [Deep Learning, it's]\n---\n", "categories", "x")) ==
        "---\ncategories: [Deep Learning, it's, x]\n---\n");
  CHECK(ok_text(add_tag("---\ntags: [ \"a\" ]\n---\n", "tags", "C++, Rust")) == "---\ntags: [ \"a\", \"C++, Rust\" ]\n---\n");
  CHECK(ok_text(add_tag("---\ntags: [a,\n  b]\n---\n", "tags", "c")) == "---\ntags: [a,\n  b, c]\n---\n");
  // A singular key (as in tests/data/posts/01) is the one Jekyll reads, so it is the one edited.
  CHECK(ok_text(add_tag("---\ntag: []\ntoc: true\n---\n", "tags", "AI")) == "---\ntag: [AI]\ntoc: true\n---\n");
  CHECK(ok_text(add_tag("---\ncategories: ['AI', 'AITech']\n---\n", "categories", "ML")) == "---\ncategories: ['AI', 'AITech', 'ML']\n---\n");
}

TEST_CASE("edit: add_tag to block lists keeps indent and dash style") {
  CHECK(ok_text(add_tag("---\ntags:\n  - a\n  - b\n\ntitle: t\n---\n", "tags", "c")) == "---\ntags:\n  - a\n  - b\n  - c\n\ntitle: t\n---\n");
  CHECK(ok_text(add_tag("---\ntags:\n- a\n---\n", "tags", "b")) == "---\ntags:\n- a\n- b\n---\n");
  CHECK(ok_text(add_tag("---\r\ntags:\r\n    - \"a\"\r\n---\r\n", "tags", "b")) == "---\r\ntags:\r\n    - \"a\"\r\n    - \"b\"\r\n---\r\n");
  // "- []" (as in tests/data/posts/05) stays, the new name follows it.
  CHECK(ok_text(add_tag("---\ntags:\n  - []\ndate: 2021-08-06\n---\n", "tags", "x")) == "---\ntags:\n  - []\n  - x\ndate: 2021-08-06\n---\n");
}

TEST_CASE("edit: add_tag on strings, nulls and missing keys") {
  CHECK(ok_text(add_tag("---\ntags: a b\n---\n", "tags", "c")) == "---\ntags: [a, b, c]\n---\n");
  CHECK(ok_text(add_tag("---\ntags:\ntitle: t\n---\n", "tags", "c")) == "---\ntags: [c]\ntitle: t\n---\n");
  CHECK(ok_text(add_tag("---\ntitle: t\n---\n", "categories", "c")) == "---\ntitle: t\ncategories: [c]\n---\n");
  CHECK(ok_text(add_tag("no front matter\n", "tags", "c")) == "---\ntags: [c]\n---\nno front matter\n");
  EditResult dup = add_tag("---\ntags: [a]\n---\n", "tags", "a");
  CHECK(dup.ok);
  CHECK_FALSE(dup.changed);
  CHECK_FALSE(add_tag("---\ntags: {a: 1}\n---\n", "tags", "x").ok);
  CHECK_FALSE(add_tag("---\ntags: []\n---\n", "tags", "  ").ok);
}

TEST_CASE("edit: remove_tag from flow lists") {
  CHECK(ok_text(remove_tag("---\ntags: [a, b, c]\n---\n", "tags", "b")) == "---\ntags: [a, c]\n---\n");
  CHECK(ok_text(remove_tag("---\ntags: [a, b, c]\n---\n", "tags", "a")) == "---\ntags: [b, c]\n---\n");
  CHECK(ok_text(remove_tag("---\ntags: [a, b, c]\n---\n", "tags", "c")) == "---\ntags: [a, b]\n---\n");
  CHECK(ok_text(remove_tag("---\ntags: ['a']\n---\n", "tags", "a")) == "---\ntags: []\n---\n");
  CHECK(ok_text(remove_tag("---\ntags: [a, b, a]\n---\n", "tags", "a")) == "---\ntags: [b]\n---\n");
  CHECK(ok_text(remove_tag("---\ntags: [a, a]\n---\n", "tags", "a")) == "---\ntags: []\n---\n");
}

TEST_CASE("edit: remove_tag from block lists deletes item lines") {
  std::string t = "---\ntags:\n  - a\n  # about b\n  - b\n  - c\ndate: 2024-01-01\n---\n";
  CHECK(ok_text(remove_tag(t, "tags", "a")) == "---\ntags:\n  # about b\n  - b\n  - c\ndate: 2024-01-01\n---\n");
  CHECK(ok_text(remove_tag(t, "tags", "c")) == "---\ntags:\n  - a\n  # about b\n  - b\ndate: 2024-01-01\n---\n");
  CHECK(ok_text(remove_tag("---\ntags:\n  - a\n---\n", "tags", "a")) == "---\ntags: []\n---\n");
  // A flow list inside a block item (as in tests/data/posts/04).
  std::string s3 = "---\ntags:\n  - [aitech, naver, boostcamp]\n\npermalink: /x/\n---\n";
  CHECK(ok_text(remove_tag(s3, "tags", "naver")) == "---\ntags:\n  - [aitech, boostcamp]\n\npermalink: /x/\n---\n");
  EditResult none = remove_tag(s3, "tags", "absent");
  CHECK(none.ok);
  CHECK_FALSE(none.changed);
}

TEST_CASE("edit: remove_tag and rename_tag on whitespace strings") {
  CHECK(ok_text(remove_tag("---\ntags: a b c\n---\n", "tags", "b")) == "---\ntags: a c\n---\n");
  CHECK(ok_text(remove_tag("---\ntags: \"a\"\n---\n", "tags", "a")) == "---\ntags: []\n---\n");
  CHECK(ok_text(rename_tag("---\ntags: a b c # x\n---\n", "tags", "b", "B")) == "---\ntags: a B c # x\n---\n");
  CHECK(ok_text(rename_tag("---\ntags: a b\n---\n", "tags", "b", "two words")) == "---\ntags: [a, two words]\n---\n");
  CHECK(ok_text(remove_tag("---\ncategory: Dev Ops\n---\n", "categories", "Dev Ops")) == "---\ncategory: []\n---\n");
}

TEST_CASE("edit: rename_tag keeps each item's quoting") {
  CHECK(ok_text(rename_tag("---\ntags: [a, 'b', c]\n---\n", "tags", "b", "비")) == "---\ntags: [a, '비', c]\n---\n");
  CHECK(ok_text(rename_tag("---\ntags:\n  - a\n  - b\n---\n", "tags", "a", "x: y")) == "---\ntags:\n  - \"x: y\"\n  - b\n---\n");
  // Renaming onto a name the post already has drops the old item: no twins.
  CHECK(ok_text(rename_tag("---\ncategories: [x, w]\n---\n", "categories", "x", "w")) == "---\ncategories: [w]\n---\n");
  CHECK(ok_text(rename_tag("---\ntags:\n  - a\n  - b\n---\n", "tags", "a", "b")) == "---\ntags:\n  - b\n---\n");
  CHECK(ok_text(rename_tag("---\ntags: a b\n---\n", "tags", "a", "b")) == "---\ntags: b\n---\n");
  // Renaming a name to itself changes nothing.
  CHECK(ok_text(rename_tag("---\ntags: [a, b]\n---\n", "tags", "a", "a")) == "---\ntags: [a, b]\n---\n");
  CHECK(parse_document("x.md", "---\ncategories: [w, w]\n---\n").categories == Names{"w"});
  EditResult r = rename_tag("---\ntags: [a]\n---\n", "tags", "a", "");
  CHECK_FALSE(r.ok);
}

TEST_CASE("edit: quoting rules") {
  CHECK_FALSE(yaml_needs_quotes("부스트캠프", false));
  CHECK_FALSE(yaml_needs_quotes("Deep Learning", false));
  CHECK_FALSE(yaml_needs_quotes("a:b", false));
  CHECK(yaml_needs_quotes("a: b", false));
  CHECK(yaml_needs_quotes("a #b", false));
  CHECK(yaml_needs_quotes("a,b", true));
  CHECK_FALSE(yaml_needs_quotes("a,b", false));
  CHECK(yaml_needs_quotes("- a", false));
  CHECK(yaml_needs_quotes("null", false));
  CHECK(yaml_needs_quotes("~", false));
  CHECK(yaml_needs_quotes("Off", false));
  CHECK(yaml_needs_quotes("1e3", false));
  CHECK(yaml_needs_quotes(" lead", false));
  CHECK(yaml_needs_quotes("", false));
  CHECK(yaml_needs_quotes("...", false));
  CHECK(yaml_scalar("it's", false, '\'') == "'it''s'");
  CHECK(yaml_scalar("tab\there", false) == "\"tab\\there\"");
}

//-----------------------------------------------------------------------------
// Random round trips over real files
//-----------------------------------------------------------------------------

static std::string read_file(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// The posts of `dir` with extension `ext`, and the sample notebook's if asked.
static std::vector<std::pair<std::string, std::string>> corpus(const char* dir, const char* ext, bool with_notebook) {
  namespace fs = std::filesystem;
  std::vector<std::pair<std::string, std::string>> out;
  std::vector<fs::path> paths;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ext) paths.push_back(e.path());
  fs::path nb = fs::path(SHEAF_SOURCE_DIR) / "assets" / "notebook";
  if (with_notebook && fs::exists(nb))
    for (const auto& e : fs::recursive_directory_iterator(nb))
      if (e.is_regular_file() && e.path().extension() == ".md") paths.push_back(e.path());
  std::sort(paths.begin(), paths.end());
  for (const auto& p : paths) out.emplace_back(p.filename().string(), read_file(p));
  return out;
}

// Bytes of `before` outside the lines of `key` (the key line through the line
// before the next key; for a new key, the insertion point) must survive.
static void check_outside_kept(const std::string& before, const std::string& after, std::string_view key) {
  Document d = parse_document("x.md", before);
  size_t lo, hi;
  if (d.front_matter.format == FrontMatterFormat::None) {
    lo = hi = d.front_matter.body_begin;
  } else {
    const Property* p = d.property(key);
    if (!p) {
      lo = hi = d.front_matter.content_end;
    } else {
      lo = line_start(before, p->line);
      hi = d.front_matter.content_end;
      for (const Property& o : d.properties)
        if (o.line > p->line) hi = std::min(hi, line_start(before, o.line));
    }
  }
  REQUIRE(after.size() + hi >= before.size());
  CHECK(after.compare(0, lo, before, 0, lo) == 0);
  CHECK(after.compare(after.size() - (before.size() - hi), std::string::npos, before, hi) == 0);
  Document a = parse_document("x.md", after);
  CHECK(after.substr(a.front_matter.body_begin) == before.substr(d.front_matter.body_begin));
}

// 40 random edits per file, each checked against the parsed result and for
// the bytes it must keep.
static void random_round_trips(std::vector<std::pair<std::string, std::string>> files) {
  std::mt19937 rng(20240225);
  const std::vector<std::string> words = {"부스트캠프", "AI", "Deep Learning", "MLflow", "a: b", "x #y", "123", "true",
                                          "it's", "\"q\"", "[br]", "C++, Rust", "회고 🚀", "- dash", "null", "2024-02-25"};
  const std::vector<std::string> keys = {"title", "excerpt", "layout", "toc", "date", "new_key", "설명", "tags", "categories"};
  auto pick = [&](const auto& v) -> const auto& { return v[rng() % v.size()]; };
  size_t edits = 0;
  for (auto& [name, original] : files) {
    CAPTURE(name);
    std::string text = original;
    FrontMatter fm0 = detect_front_matter(text);
    if (fm0.format == FrontMatterFormat::Toml || fm0.format == FrontMatterFormat::Json) {
      EditResult r = add_tag(text, "tags", "x");
      CHECK_FALSE(r.ok);
      CHECK(r.text == text);
      continue;
    }
    for (int step = 0; step < 40; step++) {
      Document before = parse_document(name, text);
      int op = int(rng() % 5);
      std::string field = rng() % 2 ? "tags" : "categories";
      std::string tag_key = field;
      if (const Property* s = before.property(field == "tags" ? "tag" : "category"); s && s->value.kind != Value::Kind::Null)
        tag_key = s->key;
      const auto& current = field == "tags" ? before.tags : before.categories;
      EditResult r;
      std::string edited_key;
      CAPTURE(step);
      CAPTURE(op);
      CAPTURE(text);
      if (op == 0) {
        edited_key = pick(keys);
        if (edited_key == "tags" || edited_key == "categories") edited_key = "summary";
        Value v = rng() % 3 ? str(pick(words)) : list({"a", "b c", "d: e"});
        if (rng() % 5 == 0) v = scalar(Value::Kind::Number, std::to_string(rng() % 1000));
        r = set_property(text, edited_key, v);
        REQUIRE_MESSAGE(r.ok, r.error);
        Document after = parse_document(name, r.text);
        REQUIRE(after.property(edited_key));
        CHECK(after.property(edited_key)->value.kind == v.kind);
        if (v.is_scalar()) CHECK(after.property(edited_key)->value.scalar == v.scalar);
        else CHECK(after.property(edited_key)->value.items.size() == v.items.size());
      } else if (op == 1) {
        if (before.properties.empty()) continue;
        edited_key = before.properties[rng() % before.properties.size()].key;
        r = remove_property(text, edited_key);
        if (!r.ok) {
          // Only refused when an alias elsewhere needs this key's anchor.
          CHECK(r.error == "cannot remove '" + edited_key + "' cleanly; edit it by hand");
          CHECK(text.find('&') != std::string::npos);
          CHECK(r.text == text);
          continue;
        }
        CHECK(parse_document(name, r.text).property(edited_key) == nullptr);
      } else if (op == 2) {
        std::string w = pick(words);
        edited_key = tag_key;
        r = add_tag(text, field, w);
        REQUIRE_MESSAGE(r.ok, r.error);
        Document after = parse_document(name, r.text);
        const auto& now = field == "tags" ? after.tags : after.categories;
        Names want = current;
        if (std::find(want.begin(), want.end(), w) == want.end()) want.push_back(w);
        CHECK(now == want);
      } else {
        if (current.empty()) continue;
        std::string w = current[rng() % current.size()];
        edited_key = tag_key;
        Names want;
        if (op == 3) {
          r = remove_tag(text, field, w);
          for (const auto& n : current)
            if (n != w) want.push_back(n);
        } else {
          std::string to = pick(words);
          r = rename_tag(text, field, w, to);
          for (const auto& n : current) {
            const std::string& x = n == w ? to : n;
            if (std::find(want.begin(), want.end(), x) == want.end()) want.push_back(x);
          }
        }
        REQUIRE_MESSAGE(r.ok, r.error);
        Document after = parse_document(name, r.text);
        CHECK((field == "tags" ? after.tags : after.categories) == want);
      }
      if (r.changed) check_outside_kept(text, r.text, edited_key);
      if (r.changed) edits++;
      text = r.text;
    }
  }
  // Steps that find nothing to remove or rename change nothing; most change.
  CHECK(edits > files.size() * 20);
}

TEST_CASE("edit: random edit sequences round-trip losslessly (fixed seed)") {
  auto files = corpus(SHEAF_TEST_POSTS, ".md", true);
  REQUIRE(files.size() >= 10);  // seven test posts and the sample notebook
  random_round_trips(std::move(files));
}

TEST_SUITE("seeds" * doctest::skip()) {
TEST_CASE("edit: random edit sequences round-trip losslessly on the seed corpus") {
  auto files = corpus(SHEAF_SEEDS_DIR, ".txt", false);
  REQUIRE(files.size() >= 5);
  random_round_trips(std::move(files));
}
}

TEST_CASE("edit: keys that YAML 1.1 reads as booleans are quoted") {
  CHECK(ok_text(set_property("---\na: 1\n---\n", "n", str("v"))) == "---\na: 1\n\"n\": v\n---\n");
  CHECK(parse_document("x.md", "---\na: 1\n\"n\": v\n---\n").property("n")->value.scalar == "v");
}

TEST_CASE("edit: a flow list whose plain item holds an apostrophe takes a new tag") {
  std::string t = "---\ncategories: [MLflow, it's]\n---\n본문\n";
  EditResult r = add_tag(t, "categories", "회고");
  REQUIRE_MESSAGE(r.ok, r.error);
  CHECK(r.text == "---\ncategories: [MLflow, it's, 회고]\n---\n본문\n");
}
