// A Jekyll site read from its _config.yml (core/site.h): zones, defaults,
// categories from folders, publishing state and is: queries, on the fixture
// site in tests/data/site.
#include <doctest/doctest.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "core/document.h"
#include "core/index_cache.h"
#include "core/library.h"
#include "core/metadata.h"
#include "core/notebook.h"
#include "core/site.h"
#include "fake_clock.h"
#include "memory_storage.h"

using namespace sheaf;
using Names = std::vector<std::string>;

static const char* kSiteFiles[] = {
    "_posts/2024-03-10-spring-walk.md", "_posts/2099-01-01-letter-to-the-future.md", "_posts/2023-5-7-hidden-notes.md",
    "_drafts/unfinished-idea.md",       "blog/_posts/travel/2008-12-12-winter-trip.md", "_notes/reading-list.md",
    "about.md",
};

static std::string read_fixture(const std::string& rel) {
  std::ifstream in(std::string(SHEAF_SOURCE_DIR) + "/tests/data/site/" + rel, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "missing fixture tests/data/site/" << rel);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

static std::shared_ptr<const Site> fixture_site() {
  return std::make_shared<const Site>(parse_site_config(read_fixture("_config.yml")));
}

static void load_fixture(Library& lib) {
  for (const char* f : kSiteFiles) lib.put(parse_document(f, read_fixture(f)));
}

static const LibraryEntry& entry(const Library& lib, const char* path) {
  DocId id = lib.find(path);
  REQUIRE(id != kNoDoc);
  return *lib.entry(id);
}

static const FlatProperty* prop(const LibraryEntry& e, std::string_view key, bool* inherited = nullptr) {
  for (size_t i = 0; i < e.properties.size(); i++)
    if (e.properties[i].key == key) {
      if (inherited) *inherited = e.own && i >= e.own->properties;
      return &e.properties[i];
    }
  return nullptr;
}

static Names query(const Library& lib, const char* q) {
  Query parsed;
  QueryError err;
  REQUIRE_MESSAGE(parse_query(q, parsed, err), err.message);
  Names out;
  for (DocId id : lib.match(parsed)) out.push_back(lib.entry(id)->path);
  std::sort(out.begin(), out.end());
  return out;
}

static int64_t utc(const char* iso) {
  DateTime d;
  REQUIRE(parse_date(iso, &d));
  return date_seconds(d);
}

TEST_CASE("site: the fixture _config.yml") {
  Site s = parse_site_config(read_fixture("_config.yml"));
  CHECK(s.present);
  CHECK(s.diagnostics.empty());
  CHECK(s.timezone == "Asia/Seoul");
  CHECK(s.has_zone);
  CHECK(s.zone.std_offset == 540);
  CHECK(s.permalink == "/:categories/:year/:month/:day/:title/");
  CHECK(s.excerpt_separator == "<!-- 더보기 -->");
  CHECK_FALSE(s.future);
  CHECK_FALSE(s.show_drafts);
  REQUIRE(s.collections.size() == 1);
  CHECK(s.collections[0].name == "notes");
  CHECK(s.collections[0].output);
  CHECK(s.collections[0].permalink == "/notes/:name/");
  REQUIRE(s.defaults.size() == 4);
  CHECK(s.defaults[1].path == "blog");
  CHECK(s.defaults[1].type == "posts");
  CHECK(s.defaults[0].values[1].key == "author");
  CHECK(s.defaults[0].values[1].value.scalar == "홍길동");
}

TEST_CASE("site: Jekyll's defaults when a setting is left out, and broken YAML") {
  Site empty = parse_site_config("");
  CHECK(empty.present);
  CHECK(empty.excerpt_separator == "<!--more-->");
  CHECK_FALSE(empty.has_zone);

  Site on = parse_site_config("future: true\nshow_drafts: true\nsource: ./src/\n");
  CHECK(on.future);
  CHECK(on.show_drafts);
  CHECK(on.source == "src");

  Site broken = parse_site_config("title: x\ndefaults: [\n  - scope: {path: \"\"\n");
  CHECK_FALSE(broken.present);
  REQUIRE(broken.diagnostics.size() == 1);
  CHECK(broken.diagnostics[0].line > 0);
  CHECK(broken.diagnostics[0].message.find("_config.yml") != std::string::npos);

  Site unknown = parse_site_config("timezone: Mars/Olympus\n");
  CHECK(unknown.present);
  CHECK_FALSE(unknown.has_zone);
  REQUIRE(unknown.diagnostics.size() == 1);
  CHECK(unknown.diagnostics[0].line == 1);
  CHECK(unknown.diagnostics[0].message.find("Mars/Olympus") != std::string::npos);

  Site singular = parse_site_config("defaults:\n  - scope: {type: post}\n    values: {layout: single}\n");
  REQUIRE(singular.defaults.size() == 1);
  CHECK(singular.defaults[0].type == "posts");  // Jekyll's old singular type names
  REQUIRE(site_defaults(singular, "_posts/2024-01-01-x.md", {}).size() == 1);

  Site odd = parse_site_config("defaults: 3\ncollections: 7\n");  // wrong shapes warn, never throw
  CHECK(odd.present);
  CHECK(odd.diagnostics.size() == 2);
}

TEST_CASE("site: zone offsets, with summer time") {
  TimeZone seoul, ny, la, berlin, london, sydney, utc_zone;
  REQUIRE(find_time_zone("Asia/Seoul", &seoul));
  REQUIRE(find_time_zone("America/New_York", &ny));
  REQUIRE(find_time_zone("America/Los_Angeles", &la));
  REQUIRE(find_time_zone("Europe/Berlin", &berlin));
  REQUIRE(find_time_zone("Europe/London", &london));
  REQUIRE(find_time_zone("Australia/Sydney", &sydney));
  REQUIRE(find_time_zone("UTC", &utc_zone));
  CHECK_FALSE(find_time_zone("Nowhere/City", nullptr));

  CHECK(zone_offset_at(seoul, utc("2024-07-01T00:00:00Z")) == 540);
  CHECK(zone_offset_at(utc_zone, utc("2024-07-01T00:00:00Z")) == 0);
  // US 2024: summer from 10 March 02:00 EST (07:00Z) to 3 November 02:00 EDT (06:00Z).
  CHECK(zone_offset_at(ny, utc("2024-03-10T06:59:59Z")) == -300);
  CHECK(zone_offset_at(ny, utc("2024-03-10T07:00:00Z")) == -240);
  CHECK(zone_offset_at(ny, utc("2024-11-03T05:59:59Z")) == -240);
  CHECK(zone_offset_at(ny, utc("2024-11-03T06:00:00Z")) == -300);
  CHECK(zone_offset_at(la, utc("2024-11-03T09:00:00Z")) == -480);
  CHECK(zone_offset_at(la, utc("2024-11-03T08:59:59Z")) == -420);
  // The 1987-2006 US rule: first Sunday of April to the last of October.
  CHECK(zone_offset_at(ny, utc("2005-04-03T07:00:00Z")) == -240);
  CHECK(zone_offset_at(ny, utc("2005-03-20T12:00:00Z")) == -300);
  // EU 2024: 31 March 01:00Z to 27 October 01:00Z.
  CHECK(zone_offset_at(berlin, utc("2024-03-31T00:59:59Z")) == 60);
  CHECK(zone_offset_at(berlin, utc("2024-03-31T01:00:00Z")) == 120);
  CHECK(zone_offset_at(berlin, utc("2024-10-27T01:00:00Z")) == 60);
  CHECK(zone_offset_at(london, utc("2024-06-01T12:00:00Z")) == 60);
  CHECK(zone_offset_at(london, utc("2024-12-01T12:00:00Z")) == 0);
  // The south: summer across the new year.
  CHECK(zone_offset_at(sydney, utc("2024-01-15T00:00:00Z")) == 660);
  CHECK(zone_offset_at(sydney, utc("2024-07-15T00:00:00Z")) == 600);

  DateTime wall;
  REQUIRE(parse_date("2024-07-04 12:00:00", &wall));
  CHECK(zone_local_to_utc(ny, wall) == utc("2024-07-04T16:00:00Z"));
  CHECK(zone_local_to_utc(seoul, wall) == utc("2024-07-04T03:00:00Z"));
  CHECK(format_iso(zone_from_utc(berlin, utc("2024-07-04T10:00:00Z"))) == "2024-07-04T12:00:00+02:00");
  CHECK(format_iso(zone_from_utc(seoul, utc("2008-12-12T18:00:00Z"))) == "2008-12-13T03:00:00+09:00");
}

TEST_CASE("site: types, and categories from the folders above _posts") {
  Site s = parse_site_config(read_fixture("_config.yml"));
  CHECK(site_type(s, "_posts/2024-03-10-spring-walk.md") == "posts");
  CHECK(site_type(s, "blog/_posts/travel/2008-12-12-winter-trip.md") == "posts");
  CHECK(site_type(s, "_drafts/unfinished-idea.md") == "drafts");
  CHECK(site_type(s, "_notes/reading-list.md") == "notes");
  CHECK(site_type(s, "about.md") == "pages");
  CHECK(site_type(s, "_other/x.md") == "pages");  // not a declared collection
  CHECK(path_categories(s, "foo/_posts/bar/2008-12-12-x.md") == Names{"foo"});
  CHECK(path_categories(s, "a/b/_posts/2008-12-12-x.md") == Names{"a", "b"});
  CHECK(path_categories(s, "_posts/2008-12-12-x.md").empty());
  CHECK(path_categories(s, "notes/x.md").empty());
}

TEST_CASE("site: the fixture posts read the way Jekyll builds them") {
  Library lib;
  lib.set_clock([] { return int64_t(1'767'225'600); });  // 2026-01-01
  load_fixture(lib);
  lib.set_site(fixture_site());
  REQUIRE(lib.site());

  // A zone-less time is in the site's zone (Asia/Seoul).
  const LibraryEntry& walk = entry(lib, "_posts/2024-03-10-spring-walk.md");
  CHECK(walk.date == "2024-03-10T09:30:00+09:00");
  CHECK(walk.date_key == utc("2024-03-10T00:30:00Z"));
  CHECK(walk.day == 20240310);
  bool inherited = false;
  REQUIRE(prop(walk, "author", &inherited));
  CHECK(prop(walk, "author")->values == Names{"홍길동"});
  CHECK(inherited);
  CHECK(prop(walk, "layout")->values == Names{"post"});
  CHECK(prop(walk, "share")->values == Names{"true"});
  CHECK(walk.tags == Names{"산책", "봄"});
  CHECK(post_state(walk, lib.now()) == PostState::Normal);

  // A written offset is kept as the instant, and shown in the site's zone; the
  // folder above _posts is a category (before the post's own), the one below is not.
  const LibraryEntry& trip = entry(lib, "blog/_posts/travel/2008-12-12-winter-trip.md");
  CHECK(trip.date == "2008-12-13T03:00:00+09:00");
  CHECK(trip.day == 20081213);
  CHECK(trip.categories == Names{"blog", "photos"});
  CHECK(prop(trip, "author")->values == Names{"Jane Doe"});  // the more specific scope wins
  CHECK(prop(trip, "lang")->values == Names{"en"});
  REQUIRE(trip.inherited_from.size() == trip.properties.size() - trip.own->properties);
  bool named = false;
  for (const std::string& f : trip.inherited_from) named |= f == "_config.yml defaults (path: blog, type: posts)";
  CHECK(named);

  // The post's own value wins over the defaults.
  const LibraryEntry& hidden = entry(lib, "_posts/2023-5-7-hidden-notes.md");
  REQUIRE(prop(hidden, "author", &inherited));
  CHECK(prop(hidden, "author")->values == Names{"김철수"});
  CHECK_FALSE(inherited);
  CHECK(hidden.date == "2023-05-07");
  CHECK(post_state(hidden, lib.now()) == PostState::Unpublished);

  const LibraryEntry& draft = entry(lib, "_drafts/unfinished-idea.md");
  CHECK(post_state(draft, lib.now()) == PostState::Draft);
  CHECK(prop(draft, "layout")->values == Names{"post"});  // type posts covers drafts

  const LibraryEntry& future = entry(lib, "_posts/2099-01-01-letter-to-the-future.md");
  CHECK(post_state(future, lib.now()) == PostState::Scheduled);
  CHECK(std::string(post_state_label(PostState::Scheduled)) == "Scheduled");

  const LibraryEntry& note = entry(lib, "_notes/reading-list.md");
  CHECK(note.tags == Names{"메모"});  // tags from the collection's defaults
  CHECK(prop(note, "layout")->values == Names{"note"});
  const LibraryEntry& about = entry(lib, "about.md");
  CHECK(prop(about, "layout")->values == Names{"page"});
  CHECK(prop(about, "author") == nullptr);  // posts only
  CHECK(prop(about, "share")->values == Names{"true"});
}

TEST_CASE("site: is:draft, is:unpublished, is:future and inherited values in queries") {
  Library lib;
  int64_t now = 1'767'225'600;  // 2026-01-01
  lib.set_clock([&] { return now; });
  lib.set_site(fixture_site());
  load_fixture(lib);  // put after the site: the rules apply as entries come in

  CHECK(query(lib, "is:draft") == Names{"_drafts/unfinished-idea.md"});
  CHECK(query(lib, "is:unpublished") == Names{"_posts/2023-5-7-hidden-notes.md"});
  CHECK(query(lib, "is:future") == Names{"_posts/2099-01-01-letter-to-the-future.md"});
  CHECK(query(lib, "is:scheduled") == Names{"_posts/2099-01-01-letter-to-the-future.md"});
  CHECK(query(lib, "author:\"Jane Doe\"") == Names{"blog/_posts/travel/2008-12-12-winter-trip.md"});
  CHECK(query(lib, "cat:blog") == Names{"blog/_posts/travel/2008-12-12-winter-trip.md"});
  CHECK(query(lib, "cat:travel").empty());
  CHECK(query(lib, "tag:메모") == Names{"_notes/reading-list.md"});
  CHECK(query(lib, "has:comments -is:draft").size() == 4);
  CHECK(query(lib, "date:2008-12-13") == Names{"blog/_posts/travel/2008-12-12-winter-trip.md"});

  now = 4'102'444'800 + 86400;  // 2100-01-02: the letter's day has come
  CHECK(query(lib, "is:future").empty());

  Query q;
  QueryError err;
  CHECK_FALSE(parse_query("is:famous", q, err));
  CHECK(err.message.find("is:famous") != std::string::npos);

  Site keep_future = parse_site_config("future: true\n");
  lib.set_site(std::make_shared<const Site>(keep_future));
  now = 1'767'225'600;
  CHECK(query(lib, "is:future").empty());  // the site publishes future posts
}

TEST_CASE("site: without a _config.yml nothing changes, and the rules come off cleanly") {
  Library plain, sited;
  load_fixture(plain);
  load_fixture(sited);
  sited.set_site(fixture_site());
  sited.set_site(nullptr);
  for (const char* f : kSiteFiles) {
    const LibraryEntry& a = entry(plain, f);
    const LibraryEntry& b = entry(sited, f);
    CHECK(a.date == b.date);
    CHECK(a.date_key == b.date_key);
    CHECK(a.categories == b.categories);
    CHECK(a.tags == b.tags);
    CHECK(a.properties.size() == b.properties.size());
    CHECK(b.publish == 0);
    CHECK_FALSE(b.own);
  }
  CHECK(entry(plain, "_posts/2024-03-10-spring-walk.md").date == "2024-03-10T09:30:00");
  CHECK(entry(plain, "blog/_posts/travel/2008-12-12-winter-trip.md").categories == Names{"photos"});
  CHECK(query(plain, "is:draft").empty());
  CHECK(query(plain, "is:future").empty());

  // A broken _config.yml is no site at all.
  plain.set_site(std::make_shared<const Site>(parse_site_config("a: [\n")));
  CHECK(plain.site() == nullptr);
}

TEST_CASE("site: the index cache keeps only the files' own values") {
  Library lib;
  lib.set_site(fixture_site());
  load_fixture(lib);
  std::string blob = save_index_cache(lib);
  std::vector<LibraryEntry> entries;
  REQUIRE(read_index_cache(blob, entries));
  for (const LibraryEntry& e : entries) {
    if (e.path != "blog/_posts/travel/2008-12-12-winter-trip.md") continue;
    CHECK(e.categories == Names{"photos"});
    CHECK(e.date == "2008-12-12T18:00:00+00:00");
    for (const FlatProperty& p : e.properties) CHECK(p.key != "lang");
  }
  // Restored into a sited library, the rules apply again.
  Library warm;
  warm.set_site(fixture_site());
  for (LibraryEntry& e : entries) warm.put(std::move(e));
  CHECK(entry(warm, "blog/_posts/travel/2008-12-12-winter-trip.md").categories == Names{"blog", "photos"});
  CHECK(query(warm, "is:draft") == Names{"_drafts/unfinished-idea.md"});
}

TEST_CASE("site: the notebook reads _config.yml through its storage and follows changes") {
  test::MemoryBackend storage;
  test::FakeClock fake;  // wall clock 2026-01-01
  for (const char* f : kSiteFiles) storage.files[f] = StoredFile{f, read_fixture(f), 1, 1};
  storage.assets["_config.yml"] = {read_fixture("_config.yml"), 1};
  {
    Notebook nb(storage, fake.clock());
    nb.load();
    storage.run_pending();
    REQUIRE(nb.ready());
    CHECK(nb.site().present);
    CHECK(nb.site().timezone == "Asia/Seoul");
    CHECK(query(nb.library(), "is:draft") == Names{"_drafts/unfinished-idea.md"});
    CHECK(query(nb.library(), "is:future") == Names{"_posts/2099-01-01-letter-to-the-future.md"});
    CHECK(entry(nb.library(), "blog/_posts/travel/2008-12-12-winter-trip.md").categories == Names{"blog", "photos"});
    nb.save_index_cache_now();
    storage.run_pending();

    // The site changes: a rescan reads _config.yml again.
    storage.assets["_config.yml"] = {"timezone: America/New_York\nfuture: true\n", 2};
    nb.rescan();
    storage.run_pending();
    CHECK(nb.site().timezone == "America/New_York");
    CHECK(entry(nb.library(), "_posts/2024-03-10-spring-walk.md").date == "2024-03-10T09:30:00-04:00");
    CHECK(query(nb.library(), "is:future").empty());

    // Broken YAML: a located diagnostic, and the notebook reads as without a site.
    storage.assets["_config.yml"] = {"timezone: [Asia/Seoul\n", 3};
    nb.rescan();
    storage.run_pending();
    CHECK_FALSE(nb.site().present);
    REQUIRE(nb.site().diagnostics.size() == 1);
    CHECK(nb.site().diagnostics[0].line >= 1);
    CHECK(query(nb.library(), "is:draft").empty());
    CHECK(entry(nb.library(), "_posts/2024-03-10-spring-walk.md").date == "2024-03-10T09:30:00");
  }
  // A warm start from the cache written under the first site: the rules
  // come from the _config.yml found now, not from the cache.
  storage.assets.erase("_config.yml");
  Notebook warm(storage, fake.clock());
  warm.load();
  storage.run_pending();
  REQUIRE(warm.ready());
  CHECK_FALSE(warm.site().present);
  CHECK(warm.site_loads() == 1);
  CHECK(entry(warm.library(), "blog/_posts/travel/2008-12-12-winter-trip.md").categories == Names{"photos"});
  CHECK(query(warm.library(), "is:draft").empty());
}

TEST_CASE("site: the file name for a new date") {
  DateTime d;
  REQUIRE(parse_date("2024-04-01 09:30:00", &d));
  CHECK(path_with_date("_posts/2024-03-10-spring-walk.md", d) == "_posts/2024-04-01-spring-walk.md");
  CHECK(path_with_date("blog/_posts/2017-2-5-짧은-글.md", d) == "blog/_posts/2024-04-01-짧은-글.md");
  CHECK(path_with_date("2024-3-1-top.md", d) == "2024-04-01-top.md");
  CHECK(path_with_date("_posts/2024-04-01-same-day.md", d).empty());
  CHECK(path_with_date("_drafts/no-date.md", d).empty());
}

TEST_CASE("site: the notebook parses posts with the site's excerpt_separator") {
  test::MemoryBackend storage;
  test::FakeClock fake;
  const std::string text = "---\ntitle: 요약\n---\n첫 문단.\n\n<!-- cut -->\n\n<!--more-->\n\n나머지.\n";
  storage.files["_posts/2024-01-02-excerpt.md"] = StoredFile{"_posts/2024-01-02-excerpt.md", text, 1, 1};
  auto breaks = [](const Document& d) {
    std::vector<std::string> out;
    for (const Node& n : d.tree.nodes)
      if (n.type == NodeType::ExcerptBreak) out.push_back(d.text.substr(n.src_begin, n.src_end - n.src_begin));
    return out;
  };
  Notebook nb(storage, fake.clock());
  nb.load();
  storage.run_pending();
  REQUIRE(nb.ready());
  DocId id = nb.library().find("_posts/2024-01-02-excerpt.md");
  REQUIRE(id != kNoDoc);
  nb.ensure_parsed(id);
  CHECK(breaks(nb.post(id)->doc) == std::vector<std::string>{"<!--more-->\n"});  // Jekyll's default

  // The site names its own separator: the parsed post is parsed again, its text untouched.
  storage.assets["_config.yml"] = {"excerpt_separator: \"<!-- cut -->\"\n", 1};
  const uint64_t before = nb.post(id)->version;
  nb.rescan();
  storage.run_pending();
  REQUIRE(nb.site().present);
  CHECK(breaks(nb.post(id)->doc) == std::vector<std::string>{"<!-- cut -->\n"});
  CHECK(nb.post(id)->version > before);
  CHECK(nb.post(id)->doc.text == text);
}
