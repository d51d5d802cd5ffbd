// Library text search and sorting against a brute-force reference: the
// bigram index, the cached sort orders and the dirty-document path must
// never change which documents match or the order they come in.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/document.h"
#include "core/library.h"
#include "core/query.h"
#include "corpus_gen.h"

using namespace sheaf;

namespace {

using test::Rng;

// Pieces chosen to collide: shared prefixes, mixed case, Latin-1, Hangul,
// emoji, and bytes that are not valid UTF-8.
const char* const kPieces[] = {"회고", "회의", "고양이", "학습률", "학", "Docker", "docker", "DOCK", "École", "école",
                               "ÉCOLE", "naïve", "😀", "😀😀", "a", "ab", "abc", "model training", "model",
                               "\xE0", "\xED\x95", "\x80\x80", "\xF0\x9F", " ", "\n", "-", "x y", "zz"};

std::string random_text(Rng& r, size_t pieces) {
  std::string s;
  for (size_t i = 0; i < pieces; i++) {
    s += kPieces[r.below(sizeof kPieces / sizeof *kPieces)];
    if (r.below(3)) s += ' ';
  }
  return s;
}

LibraryEntry random_entry(Rng& r, size_t i) {
  LibraryEntry e;
  e.path = "p/" + std::to_string(i) + ".md";
  e.title = random_text(r, 1 + r.below(3));
  if (r.below(4)) {
    e.date = "2021-0" + std::to_string(1 + r.below(9)) + "-1" + std::to_string(r.below(9));
    e.date_key = int64_t(r.below(5)) * 86400;  // many ties: titles and paths decide
  }
  e.modified = int64_t(r.below(3));
  std::string file = "---\n---\n" + random_text(r, r.below(60));
  e.body_begin = 8;
  set_entry_text(e, file);
  return e;
}

// Reference: every term is a substring of the folded search text.
std::vector<DocId> brute_force(const Library& lib, const std::vector<std::string>& terms) {
  std::vector<DocId> out;
  for (DocId id : lib.ids()) {
    const LibraryEntry* e = lib.entry(id);
    bool all = true;
    for (const std::string& t : terms) all = all && e->folded.find(t) != std::string::npos;
    if (all) out.push_back(id);
  }
  return out;
}

void reference_sort(const Library& lib, std::vector<DocId>& ids) {
  auto key = [&](DocId id) {
    const LibraryEntry* e = lib.entry(id);
    int64_t k = e->date.empty() ? INT64_MIN : e->date_key;
    return std::make_tuple(-(k == INT64_MIN ? INT64_MIN + 1 : k), e->folded.substr(0, e->title.size()), e->path);
  };
  std::sort(ids.begin(), ids.end(), [&](DocId a, DocId b) { return key(a) < key(b); });
}

}  // namespace

TEST_CASE("library search: text matches and order equal a brute-force scan, across edits") {
  Rng r{0x5ea2c4ull};
  Library lib;
  for (size_t i = 0; i < 700; i++) lib.put(random_entry(r, i));
  size_t next_path = 700;
  for (int round = 0; round < 400; round++) {
    // Edits between queries: some after the index exists, so dirty documents are exercised.
    if (round % 7 == 3) {
      for (int k = 0; k < 5; k++) lib.put(random_entry(r, r.below(next_path)));
      lib.remove("p/" + std::to_string(r.below(next_path)) + ".md");
      lib.put(random_entry(r, next_path++));
    }
    if (round == 200) lib.prepare_text_search();
    std::vector<std::string> terms;
    std::string query;
    for (size_t k = 0, n = 1 + r.below(2); k < n; k++) {
      std::string t = kPieces[r.below(sizeof kPieces / sizeof *kPieces)];
      if (r.below(3) == 0) t += kPieces[r.below(sizeof kPieces / sizeof *kPieces)];
      if (t.find_first_of(" \n\"-()") != std::string::npos || t.find(':') != std::string::npos) continue;
      terms.push_back(fold(t));
      query += (query.empty() ? "" : " ") + t;
    }
    if (terms.empty()) continue;
    INFO("query: " << query);
    SearchOptions o;
    o.snippet_count = 3;
    SearchResults res = lib.search(query, o);
    REQUIRE_FALSE(res.error.failed());
    std::vector<DocId> got;
    for (const SearchHit& h : res.hits) got.push_back(h.id);
    std::vector<DocId> want = brute_force(lib, terms);
    reference_sort(lib, want);
    CHECK(got == want);
  }
}

TEST_CASE("library search: long lists sort like the comparator in every key and direction") {
  Rng r{0x77aa11ull};
  Library lib;
  for (size_t i = 0; i < 1200; i++) lib.put(random_entry(r, i));
  for (SortKey key : {SortKey::Date, SortKey::Title, SortKey::Modified})
    for (bool rev : {false, true}) {
      std::vector<DocId> all = lib.ids(), few(all.begin(), all.begin() + 100);
      std::vector<DocId> a = all;
      lib.sort(a, key, rev);
      // The same order through the small-list path, merged piecewise: sort
      // chunks below the cached-order threshold, then compare pairwise.
      for (size_t i = 0; i + 1 < a.size(); i++) {
        std::vector<DocId> pair = {a[i + 1], a[i]};
        lib.sort(pair, key, rev);
        REQUIRE(pair[0] == a[i]);
      }
      lib.sort(few, key, rev);
      std::vector<DocId> few_ref = few;
      std::sort(few_ref.begin(), few_ref.end(), [&](DocId x, DocId y) {
        return std::find(a.begin(), a.end(), x) < std::find(a.begin(), a.end(), y);
      });
      CHECK(few == few_ref);
    }
}

TEST_CASE("library search: the index-only parse gives the same entries as the full parse") {
  auto same = [](const LibraryEntry& a, const LibraryEntry& b) {
    bool props = a.properties.size() == b.properties.size();
    for (size_t i = 0; props && i < a.properties.size(); i++)
      props = a.properties[i].key == b.properties[i].key && a.properties[i].values == b.properties[i].values;
    return props && a.path == b.path && a.title == b.title && a.date == b.date && a.date_key == b.date_key &&
           a.day == b.day && a.tags == b.tags && a.categories == b.categories && a.has_errors == b.has_errors &&
           a.body_begin == b.body_begin && a.hash == b.hash && a.folded == b.folded && a.upper == b.upper;
  };
  const char* const titles[] = {"title: Plain\n", "title: \"  \"\n", "title: ~\n", "title: [a]\n", "title: \" \\t\"\n",
                                "", "title: 0\n", "title: x\ntitle: \"\"\n", "title: \"\"\ntitle: y\n",
                                "title: \"\\u3000\"\n"};
  const char* const bodies[] = {"# Heading *one*\n\ntext\n", "no heading\n", "", "Setext\n===\n", "\n# \n\n## Two\n"};
  for (const char* t : titles)
    for (const char* b : bodies)
      for (int fm = 0; fm < 2; fm++) {
        std::string text = fm ? std::string("---\n") + t + "tags: [a]\n---\n" + b : std::string(b);
        INFO(text);
        LibraryEntry full = make_entry(parse_document("2020-01-02-x.md", text));
        LibraryEntry fast = make_entry(parse_document_for_index("2020-01-02-x.md", text));
        CHECK(same(full, fast));
      }
}
