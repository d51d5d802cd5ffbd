// Sheaf core: the library index. Holds what search and the sidebar need from
// every document (metadata, flattened properties, case-folded text) under a
// stable id, and keeps facet counts and posting lists up to date one
// document at a time: adding, updating or removing a post touches only that
// post's entries.
//
// Index of this header:
// [SECTION] Entries
// [SECTION] Facets
// [SECTION] Search results
// [SECTION] Library

#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/query.h"

namespace sheaf {

struct Document;
struct Site;

using DocId = uint32_t;
constexpr DocId kNoDoc = 0xffffffffu;

//-----------------------------------------------------------------------------
// [SECTION] Entries
//-----------------------------------------------------------------------------

// One front-matter key, flattened: scalars give one value, lists give one per
// scalar item (nested lists flattened), maps and nulls give none.
struct FlatProperty {
  std::string key;
  std::vector<std::string> values;
};

// What the index keeps of one document. Everything except the search text can
// be rebuilt from the index cache without parsing the file.
struct LibraryEntry {
  std::string path;
  std::string title;
  std::string date;      // ISO, as Document::date
  int64_t date_key = 0;  // seconds, as Document::date_key
  int32_t day = 0;       // yyyymmdd of the date as written (0 when undated)
  int64_t modified = 0;  // ms since 1970 (from storage)
  uint64_t version = 0;
  uint64_t hash = 0;     // content_hash() of the file bytes
  uint32_t body_begin = 0;
  bool has_errors = false;
  std::vector<std::string> tags, categories;
  std::vector<FlatProperty> properties;

  // Set by the library when a site's rules (core/site.h) changed this entry:
  // the file's own values, so the rules can be taken off or applied again
  // and the index cache keeps only what the file says. Properties past
  // own->properties are inherited from the site's defaults; inherited_from
  // says where each comes from.
  struct Own {
    std::string date;
    int64_t date_key = 0;
    int32_t day = 0;
    std::vector<std::string> tags, categories;
    size_t properties = 0;
  };
  std::shared_ptr<const Own> own;
  std::vector<std::string> inherited_from;
  uint8_t publish = 0;  // PublishFlags (core/site.h); 0 without a site

  // Search text: title + '\n' + body, case-folded. `upper` lists the byte
  // offsets whose original byte was an upper-case letter (original = folded
  // - 0x20), so snippets show the text as written without a second copy.
  // While `body_pending`, only the title part is there (warm start); the
  // library folds the body from its TextSource when a text query needs it.
  std::string folded;
  std::vector<uint32_t> upper;
  bool body_pending = false;

  std::string original(size_t begin, size_t end) const;  // folded[begin,end) with case restored
  size_t title_size() const { return title.size(); }
};

// Fast 64-bit hash of file bytes (not cryptographic), used to spot changed files.
uint64_t content_hash(std::string_view bytes);

// Builds an entry from a parsed document. `modified`/`version` come from storage.
LibraryEntry make_entry(const Document& doc, int64_t modified = 0, uint64_t version = 0);
// The same without folding the body (it stays pending: the library folds it
// from its TextSource when a text query needs it, or an idle caller does).
// `hash` is content_hash(doc.text), known to the caller. For keystrokes.
LibraryEntry make_entry_body_pending(const Document& doc, int64_t modified, uint64_t version, uint64_t hash);

// Fills the search text (folded, upper) of `e` from its title and
// the file bytes from e.body_begin on. make_entry calls it; the index cache
// calls it for entries it restores without parsing.
void set_entry_text(LibraryEntry& e, std::string_view file_bytes);
// Only the title part of the search text; marks the body pending.
void set_entry_title_text(LibraryEntry& e);

// Jekyll's publishing state, for the marks in the list and the viewer (one
// mark: a draft first, then unpublished, then scheduled). `now` in seconds.
enum class PostState : uint8_t { Normal, Draft, Unpublished, Scheduled };
PostState post_state(const LibraryEntry& e, int64_t now);
const char* post_state_label(PostState s);  // "Draft", "Unpublished", "Scheduled", ""
bool is_future(const LibraryEntry& e, int64_t now);  // dated after now on a site that leaves such posts out

//-----------------------------------------------------------------------------
// [SECTION] Facets
//-----------------------------------------------------------------------------

enum class FacetKind : uint8_t { Tags, Categories, Years, Months, Keys };

// One facet value. Grouping is case-insensitive; `name` is the most common
// spelling. For hierarchical tags ("lang/cpp") every ancestor ("lang") is a
// value too, counting each document once.
struct FacetValue {
  std::string name;
  std::string folded;
  uint32_t count = 0;   // documents
  int depth = 0;        // number of '/' in the name (tags and categories)
  int32_t parent = -1;  // index of the ancestor value, -1 at the top
};

// A snapshot of a facet, for listing. Values with count 0 are left out.
struct FacetList {
  std::vector<FacetValue> values;  // sorted by folded name (a parent before its children)
};

//-----------------------------------------------------------------------------
// [SECTION] Search results
//-----------------------------------------------------------------------------

enum class SortKey : uint8_t { Date, Title, Modified };

struct SearchOptions {
  SortKey sort = SortKey::Date;
  bool reverse = false;         // natural order: newest first (Date, Modified), A→Z (Title)
  size_t snippet_count = 200;   // hits that get a snippet (the rest can ask later via snippet())
  size_t snippet_bytes = 160;   // approximate window size
};

struct Snippet {
  std::string text;                                   // one line, UTF-8 boundaries, newlines as spaces
  std::vector<std::pair<uint32_t, uint32_t>> ranges;  // [begin, end) byte ranges to highlight in text
  uint32_t doc_offset = 0;  // where text starts in the file bytes (title-only snippets: 0)
  bool in_title = false;
};

struct SearchHit {
  DocId id = kNoDoc;
  Snippet snippet;  // empty when beyond snippet_count or the query has no text term
};

struct SearchResults {
  QueryError error;  // failed() -> hits is empty and the message explains why
  std::vector<SearchHit> hits;
  double elapsed_ms = 0;
};

//-----------------------------------------------------------------------------
// [SECTION] Library
//-----------------------------------------------------------------------------

struct LibraryImpl;

class Library {
 public:
  Library();
  ~Library();
  Library(Library&&) noexcept;
  Library& operator=(Library&&) noexcept;

  // Adds a document, or replaces the one with the same path (same id).
  DocId put(const Document& doc, int64_t modified = 0, uint64_t version = 0);
  DocId put(LibraryEntry entry);
  bool remove(std::string_view path);
  void clear();

  DocId find(std::string_view path) const;
  const LibraryEntry* entry(DocId id) const;  // nullptr for free slots
  size_t size() const;                        // live documents
  size_t slot_count() const;                  // ids are < slot_count()
  std::vector<DocId> ids() const;             // live ids in slot order

  // Facets.
  FacetList facet(FacetKind kind) const;
  // Distinct values of one front-matter key (case-insensitive key).
  FacetList property_values(std::string_view key) const;
  // Count of one value; 0 when absent.
  uint32_t facet_count(FacetKind kind, std::string_view name) const;

  // Queries.
  SearchResults search(std::string_view query, const SearchOptions& options = {}) const;
  std::vector<DocId> match(const Query& q) const;  // unsorted, slot order
  void sort(std::vector<DocId>& ids, SortKey key, bool reverse = false) const;
  Snippet snippet(DocId id, const Query& q, size_t bytes = 160) const;

  // Builds what the first text query would otherwise build on demand (the
  // bigram index of the search text) and the cached sort orders, e.g. while
  // the app is idle after loading. Results never depend on it. Queries fill
  // these caches, so a Library must not be queried from two threads at once.
  void prepare_text_search() const;

  // Where the file bytes of a document are, for search text built later. With
  // a source set, load_library restores entries from the index cache without
  // folding their bodies (the biggest cost of a warm start); the first text
  // query, snippet or prepare_text_search folds what is missing, and an idle
  // caller can do it a few documents at a time with build_pending_text. The
  // source returns the bytes the entry was indexed from (an unchanged file),
  // or nullptr while they are not available yet: such entries stay pending
  // and text queries see only their titles until then. clear() keeps it.
  using TextSource = std::function<const std::string*(DocId id, const LibraryEntry& entry)>;
  void set_text_source(TextSource source);
  bool has_text_source() const;
  size_t pending_text() const;                                   // entries whose body is not folded yet
  size_t build_pending_text(size_t max_docs = SIZE_MAX) const;  // returns how many remain

  // A Jekyll site's rules (core/site.h) for every entry, now and as they
  // are put; nullptr (or a Site that is not present) takes them off. The
  // entries' own values are kept, so this can change at any time.
  void set_site(std::shared_ptr<const Site> site);
  const Site* site() const;  // nullptr without a present site
  // The current time for is:future (seconds since 1970); the system clock by default.
  void set_clock(std::function<int64_t()> now_seconds);
  int64_t now() const;

  // Tells views to re-run their queries although no entry changed (texts
  // that were pending became available).
  void touch();

  // Bumped by every put/remove/clear, so views know when to re-run a query.
  uint64_t generation() const;

  // Memory held by the index (approximate, bytes), for the benchmark.
  size_t memory_bytes() const;

 private:
  std::unique_ptr<LibraryImpl> impl_;
};

}  // namespace sheaf
