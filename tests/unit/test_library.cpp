// Library index: ids, facets, incremental updates.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/document.h"
#include "core/library.h"

using namespace sheaf;

namespace {

Value sval(std::string s) {
  Value v;
  v.kind = Value::Kind::String;
  v.scalar = std::move(s);
  return v;
}

Document doc(std::string path, std::vector<std::string> tags, std::vector<std::string> cats = {},
             std::string date = "", std::string body = "body") {
  Document d;
  d.path = path;
  d.text = body;
  d.title = path;
  d.date = date;
  d.date_key = date.empty() ? 0 : std::stoll(date.substr(0, 4)) * 1000 + std::stoll(date.substr(5, 2));
  d.tags = std::move(tags);
  d.categories = std::move(cats);
  d.properties.push_back(Property{"layout", sval(path[0] == 'a' ? "post" : "Post"), 0});
  return d;
}

const FacetValue* find(const FacetList& f, std::string_view name) {
  for (const FacetValue& v : f.values)
    if (v.name == name) return &v;
  return nullptr;
}

uint32_t count(const FacetList& f, std::string_view name) {
  const FacetValue* v = find(f, name);
  return v ? v->count : 0;
}

}  // namespace

TEST_CASE("library: ids are stable, paths map to ids, slots are reused") {
  Library lib;
  DocId a = lib.put(doc("a.md", {"x"}));
  DocId b = lib.put(doc("b.md", {"y"}));
  CHECK(a != b);
  CHECK(lib.size() == 2);
  CHECK(lib.find("b.md") == b);
  CHECK(lib.find("zz.md") == kNoDoc);
  CHECK(lib.put(doc("a.md", {"z"})) == a);  // update keeps the id
  CHECK(lib.size() == 2);
  CHECK(lib.remove("a.md"));
  CHECK_FALSE(lib.remove("a.md"));
  CHECK(lib.entry(a) == nullptr);
  CHECK(lib.size() == 1);
  DocId c = lib.put(doc("c.md", {"x"}));
  CHECK(c == a);  // freed slot reused
  CHECK(lib.entry(c)->path == "c.md");
  CHECK(lib.ids() == std::vector<DocId>{a, b});
}

TEST_CASE("library: tag facets group case-insensitively under the most common spelling") {
  Library lib;
  lib.put(doc("a.md", {"AI", "Docker"}));
  lib.put(doc("b.md", {"ai"}));
  lib.put(doc("c.md", {"ai", "docker"}));
  lib.put(doc("d.md", {"Docker"}));
  FacetList tags = lib.facet(FacetKind::Tags);
  REQUIRE(tags.values.size() == 2);
  CHECK(count(tags, "ai") == 3);
  CHECK(count(tags, "Docker") == 3);
  CHECK(find(tags, "AI") == nullptr);
  CHECK(lib.facet_count(FacetKind::Tags, "Ai") == 3);
  // Documents keep their own spelling.
  CHECK(lib.entry(lib.find("a.md"))->tags[0] == "AI");
}

TEST_CASE("library: hierarchical tags count under their ancestors once per document") {
  Library lib;
  lib.put(doc("a.md", {"lang/cpp", "lang"}));
  lib.put(doc("b.md", {"lang/rust/async"}));
  lib.put(doc("c.md", {"Lang/CPP"}));
  FacetList tags = lib.facet(FacetKind::Tags);
  CHECK(count(tags, "lang") == 3);
  CHECK(count(tags, "lang/cpp") == 2);
  CHECK(count(tags, "lang/rust") == 1);
  CHECK(count(tags, "lang/rust/async") == 1);
  // Listing order puts parents before children and links them.
  const FacetValue* cpp = find(tags, "lang/cpp");
  REQUIRE(cpp);
  CHECK(cpp->depth == 1);
  REQUIRE(cpp->parent >= 0);
  CHECK(tags.values[size_t(cpp->parent)].name == "lang");
  const FacetValue* async = find(tags, "lang/rust/async");
  REQUIRE(async);
  CHECK(tags.values[size_t(async->parent)].name == "lang/rust");
}

TEST_CASE("library: categories, years, months and property values") {
  Library lib;
  lib.put(doc("a.md", {}, {"Dev"}, "2021-05-03"));
  lib.put(doc("b.md", {}, {"dev", "Life"}, "2022-02-23"));
  lib.put(doc("c.md", {}, {}, "2022-02-01T10:00:00+09:00"));
  lib.put(doc("d.md", {}, {}));
  CHECK(count(lib.facet(FacetKind::Categories), "Dev") == 2);  // tie: first spelling seen
  CHECK(count(lib.facet(FacetKind::Categories), "Life") == 1);
  FacetList years = lib.facet(FacetKind::Years);
  REQUIRE(years.values.size() == 2);
  CHECK(count(years, "2021") == 1);
  CHECK(count(years, "2022") == 2);
  CHECK(count(lib.facet(FacetKind::Months), "2022-02") == 2);
  FacetList layout = lib.property_values("layout");
  CHECK(count(layout, "post") + count(layout, "Post") == 4);
  CHECK(layout.values.size() == 1);
  CHECK(count(lib.facet(FacetKind::Keys), "layout") == 4);
}

TEST_CASE("library: updating one document changes only its facet entries") {
  Library lib;
  lib.put(doc("a.md", {"x", "y"}, {}, "2020-01-01"));
  lib.put(doc("b.md", {"y"}, {}, "2021-01-01"));
  const LibraryEntry* before_b = lib.entry(lib.find("b.md"));
  std::string b_text = before_b->folded;

  lib.put(doc("a.md", {"z"}, {}, "2021-06-01"));
  FacetList tags = lib.facet(FacetKind::Tags);
  CHECK(count(tags, "x") == 0);
  CHECK(find(tags, "x") == nullptr);  // zero counts are not listed
  CHECK(count(tags, "y") == 1);
  CHECK(count(tags, "z") == 1);
  CHECK(count(lib.facet(FacetKind::Years), "2020") == 0);
  CHECK(count(lib.facet(FacetKind::Years), "2021") == 2);
  // The other document's entry is the same object with the same content.
  CHECK(lib.entry(lib.find("b.md")) == before_b);
  CHECK(before_b->folded == b_text);

  lib.remove("b.md");
  CHECK(count(lib.facet(FacetKind::Tags), "y") == 0);
  CHECK(count(lib.facet(FacetKind::Years), "2021") == 1);

  // The display spelling follows the counts as documents change.
  lib.put(doc("c.md", {"Z"}));
  lib.put(doc("d.md", {"Z"}));
  CHECK(count(lib.facet(FacetKind::Tags), "Z") == 3);
  lib.remove("c.md");
  lib.remove("d.md");
  CHECK(count(lib.facet(FacetKind::Tags), "z") == 1);

  Query q;
  QueryError e;
  REQUIRE(parse_query("tag:y", q, e));
  CHECK(lib.match(q).empty());
  REQUIRE(parse_query("tag:z", q, e));
  CHECK(lib.match(q).size() == 1);
}

TEST_CASE("library: content hash and case restoration") {
  CHECK(content_hash("abc") == content_hash("abc"));
  CHECK(content_hash("abc") != content_hash("abd"));
  CHECK(content_hash("12345678abc") != content_hash("12345678abd"));
  CHECK(content_hash("") != content_hash(std::string(1, '\0')));
  Library lib;
  Document d = doc("a.md", {});
  d.title = "Hello ÉCOLE";
  d.text = "Body With Caps 한글";
  DocId id = lib.put(d);
  const LibraryEntry* e = lib.entry(id);
  CHECK(e->folded == "hello école\nbody with caps 한글");
  CHECK(e->original(0, e->folded.size()) == "Hello ÉCOLE\nBody With Caps 한글");
  CHECK(e->original(6, 9) == "ÉC");
}

#include "core/index_cache.h"

TEST_CASE("library: index cache round trip reuses unchanged files and re-parses changed ones") {
  std::vector<StoredFile> files = {
      {"a.md", "---\ntitle: Alpha\ndate: 2022-03-01\ntags: [AI, lang/cpp]\nlayout: post\n---\n본문 알파 Docker\n", 10, 1},
      {"b.md", "---\ntitle: Beta\ncategories: Dev\naliases: [x, y]\n---\nBeta body\n", 20, 1},
      {"c.md", "# Gamma heading\nno front matter\n", 30, 1},
  };
  Library cold;
  LibraryLoadStats s0 = load_library(cold, files);
  CHECK(s0.parsed == 3);
  CHECK_FALSE(s0.cache_used);
  std::string blob = save_index_cache(cold);

  files[1].text = "---\ntitle: Beta 2\ncategories: Life\n---\nBeta body changed\n";
  files[2].modified = 99;
  Library warm;
  LibraryLoadStats s1 = load_library(warm, files, blob);
  CHECK(s1.cache_used);
  CHECK(s1.reused == 2);
  CHECK(s1.parsed == 1);
  const LibraryEntry* a = warm.entry(warm.find("a.md"));
  const LibraryEntry* ca = cold.entry(cold.find("a.md"));
  REQUIRE(a);
  CHECK(a->title == ca->title);
  CHECK(a->date == ca->date);
  CHECK(a->day == 20220301);
  CHECK(a->tags == ca->tags);
  CHECK(a->folded == ca->folded);
  CHECK(a->hash == ca->hash);
  CHECK(warm.entry(warm.find("c.md"))->title == "Gamma heading");
  CHECK(warm.entry(warm.find("c.md"))->modified == 99);
  CHECK(warm.facet_count(FacetKind::Tags, "lang") == 1);
  CHECK(warm.facet_count(FacetKind::Categories, "life") == 1);
  CHECK(warm.facet_count(FacetKind::Categories, "dev") == 0);
  CHECK(warm.search("docker layout:post after:2022").hits.size() == 1);
  CHECK(warm.search("aliases:x").hits.empty());  // b.md changed and lost its aliases

  // Damaged blobs are ignored whole: everything is parsed.
  for (size_t cut : {size_t(0), size_t(5), blob.size() / 2, blob.size() - 1}) {
    Library l;
    LibraryLoadStats s = load_library(l, files, std::string_view(blob).substr(0, cut));
    CHECK_FALSE(s.cache_used);
    CHECK(s.parsed == 3);
  }
  std::string bad = blob;
  bad[9] = char(0xff);
  std::vector<LibraryEntry> out;
  (void)read_index_cache(bad, out);  // must not crash, whatever it says
}

// A text source over files that are (or will be) in `files`, found by path.
static Library::TextSource text_in(const std::vector<StoredFile>& files) {
  return [&files](DocId, const LibraryEntry& e) -> const std::string* {
    for (const StoredFile& f : files)
      if (f.path == e.path) return &f.text;
    return nullptr;
  };
}

TEST_CASE("library: with a text source, a warm start folds bodies only when a text query needs them") {
  std::vector<StoredFile> files = {
      {"a.md", "---\ntitle: Alpha Docker\ntags: [ai]\n---\n본문 알파 Kubernetes\n", 10, 1},
      {"b.md", "---\ntitle: Beta\ntags: [AI]\n---\nBeta body 컨테이너\n", 20, 1},
      {"c.md", "# Gamma\nno front matter\n", 30, 1},
  };
  Library cold;
  load_library(cold, files);
  const std::string blob = save_index_cache(cold);

  Library warm;
  int asked = 0;
  warm.set_text_source([&](DocId id, const LibraryEntry& e) {
    asked++;
    return text_in(files)(id, e);
  });
  LibraryLoadStats s = load_library(warm, files, blob);
  REQUIRE(s.reused == 3);
  CHECK(warm.has_text_source());  // load_library's clear() keeps the source
  CHECK(warm.pending_text() == 3);
  CHECK(asked == 0);
  // Facets, filters and title sorting work without the bodies.
  CHECK(warm.facet_count(FacetKind::Tags, "ai") == 2);
  CHECK(warm.search("tag:ai").hits.size() == 2);
  SearchOptions by_title;
  by_title.sort = SortKey::Title;
  SearchResults titled = warm.search("", by_title);
  REQUIRE(titled.hits.size() == 3);
  CHECK(warm.entry(titled.hits[0].id)->path == "a.md");
  CHECK(warm.entry(titled.hits[2].id)->path == "c.md");
  CHECK(asked == 0);

  // An idle caller can fold a few at a time.
  CHECK(warm.build_pending_text(1) == 2);
  CHECK(asked == 1);
  // The first text query folds the rest, and finds words in bodies.
  SearchResults r = warm.search("컨테이너");
  CHECK(asked == 3);
  CHECK(warm.pending_text() == 0);
  REQUIRE(r.hits.size() == 1);
  CHECK(warm.entry(r.hits[0].id)->path == "b.md");
  CHECK(r.hits[0].snippet.text.find("컨테이너") != std::string::npos);
  for (const StoredFile& f : files) {
    const LibraryEntry* w = warm.entry(warm.find(f.path));
    const LibraryEntry* c = cold.entry(cold.find(f.path));
    CHECK(w->folded == c->folded);
    CHECK(w->upper == c->upper);
  }
  CHECK(warm.search("kubernetes").hits.size() == 1);

  // Replacing or removing a pending entry keeps the count right.
  Library w2;
  w2.set_text_source(text_in(files));
  load_library(w2, files, blob);
  CHECK(w2.pending_text() == 3);
  w2.put(parse_document("a.md", "---\ntitle: Alpha 2\n---\nnew words\n"));
  CHECK(w2.pending_text() == 2);
  CHECK(w2.remove("b.md"));
  CHECK(w2.pending_text() == 1);
  CHECK(w2.search("new").hits.size() == 1);
  CHECK(w2.pending_text() == 0);
}

TEST_CASE("library: a two-step warm start lists from the cache at once and reconciles when the files arrive") {
  std::vector<StoredFile> files = {
      {"a.md", "---\ntitle: Alpha\ntags: [ai]\n---\n알파 본문 kubernetes\n", 10, 1},
      {"b.md", "---\ntitle: Beta\ntags: [AI, go]\n---\nbeta body\n", 20, 1},
      {"c.md", "# Gamma\n감마 본문\n", 30, 1},
  };
  Library cold;
  load_library(cold, files);
  const std::string blob = save_index_cache(cold);

  // What storage holds now differs from the cache: b changed, c is gone, d is new.
  std::vector<StoredFile> now = files;
  now[1].text = "---\ntitle: Beta two\ntags: [go]\n---\nchanged body\n";
  now[1].version = 2;
  now.erase(now.begin() + 2);
  now.push_back({"d.md", "---\ntitle: Delta\ntags: [ai]\n---\n델타\n", 40, 1});

  Library lib;
  CHECK_FALSE(restore_library(lib, blob));  // no text source: refused
  std::vector<StoredFile> loaded;  // what has arrived from storage so far
  lib.set_text_source(text_in(loaded));
  CHECK_FALSE(restore_library(lib, std::string_view(blob).substr(0, blob.size() / 2)));
  LibraryLoadStats rs;
  REQUIRE(restore_library(lib, blob, &rs));
  CHECK(rs.reused == 3);
  // Step one: the cache's view, titles searchable, bodies not yet.
  CHECK(lib.size() == 3);
  CHECK(lib.facet_count(FacetKind::Tags, "ai") == 2);
  CHECK(lib.search("gamma").hits.size() == 1);
  CHECK(lib.search("kubernetes").hits.empty());
  CHECK(lib.pending_text() == 3);
  const uint64_t g = lib.generation();

  // Step two: the files arrive.
  loaded = now;
  LibraryLoadStats st = reconcile_library(lib, now);
  CHECK(st.reused == 1);  // a
  CHECK(st.parsed == 2);  // b changed, d new
  CHECK(lib.generation() != g);
  CHECK(lib.size() == 3);
  CHECK(lib.find("c.md") == kNoDoc);
  CHECK(lib.entry(lib.find("b.md"))->title == "Beta two");
  CHECK(lib.entry(lib.find("b.md"))->version == 2);
  CHECK(lib.facet_count(FacetKind::Tags, "ai") == 2);  // a and d
  CHECK(lib.facet_count(FacetKind::Tags, "go") == 1);
  CHECK(lib.search("kubernetes").hits.size() == 1);  // a's body, folded now
  CHECK(lib.search("감마").hits.empty());
  CHECK(lib.search("델타").hits.size() == 1);
  CHECK(lib.pending_text() == 0);

  // The result is the same library a full load of the new files gives.
  Library fresh;
  load_library(fresh, now);
  for (const StoredFile& f : now) {
    const LibraryEntry* x = lib.entry(lib.find(f.path));
    const LibraryEntry* y = fresh.entry(fresh.find(f.path));
    REQUIRE(x);
    REQUIRE(y);
    CHECK(x->title == y->title);
    CHECK(x->tags == y->tags);
    CHECK(x->hash == y->hash);
    CHECK(x->folded == y->folded);
    CHECK(x->upper == y->upper);
  }
}

TEST_CASE("library: a text index built while bodies were missing learns them when they arrive") {
  std::vector<StoredFile> files;
  for (int i = 0; i < 300; i++)
    files.push_back({"p" + std::to_string(i) + ".md", "---\ntitle: Post " + std::to_string(i) + "\n---\nfiller words " +
                                                           (i == 123 ? "unicorn\n" : "\n"), 1, 1});
  Library cold;
  load_library(cold, files);
  const std::string blob = save_index_cache(cold);
  bool available = false;
  Library lib;
  lib.set_text_source([&](DocId id, const LibraryEntry& e) { return available ? text_in(files)(id, e) : nullptr; });
  REQUIRE(restore_library(lib, blob));
  CHECK(lib.search("unicorn").hits.empty());  // builds the text index from titles
  available = true;
  reconcile_library(lib, files);
  SearchResults r = lib.search("unicorn");
  REQUIRE(r.hits.size() == 1);
  CHECK(lib.entry(r.hits[0].id)->path == "p123.md");
}
