// Sheaf core: the library index (see library.h).
//
// Index of this file:
// [SECTION] Hashing and entries
// [SECTION] Text search primitives
// [SECTION] Facet index
// [SECTION] Library state
// [SECTION] Adding and removing
// [SECTION] Facet listing
// [SECTION] Query evaluation
// [SECTION] Sorting and snippets

#include "core/library.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <climits>
#include <functional>
#include <cstring>

#include "core/document.h"
#include "core/metadata.h"
#include "core/site.h"
#include "core/utf8.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Hashing and entries
//-----------------------------------------------------------------------------

static inline uint64_t mix64(uint64_t x) {
  x ^= x >> 32;
  x *= 0xd6e8feb86659fd93ull;
  x ^= x >> 32;
  x *= 0xd6e8feb86659fd93ull;
  x ^= x >> 32;
  return x;
}

uint64_t content_hash(std::string_view s) {
  // Eight bytes per step; fast enough to hash a whole notebook on warm start.
  uint64_t h = 0x9e3779b97f4a7c15ull ^ (s.size() * 0xff51afd7ed558ccdull);
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ mix64(w + i)) * 0x9fb21c651e98df25ull;
    h = (h << 27) | (h >> 37);
  }
  uint64_t tail = 0;
  for (size_t k = 0; i + k < s.size(); k++) tail |= uint64_t(static_cast<unsigned char>(s[i + k])) << (8 * k);
  return mix64(h ^ mix64(tail ^ 0x2545f4914f6cdd1dull));
}

std::string LibraryEntry::original(size_t begin, size_t end) const {
  end = std::min(end, folded.size());
  begin = std::min(begin, end);
  std::string s = folded.substr(begin, end - begin);
  auto it = std::lower_bound(upper.begin(), upper.end(), uint32_t(begin));
  for (; it != upper.end() && *it < end; ++it) s[*it - begin] = char(s[*it - begin] - 0x20);
  return s;
}

static void flatten_value(const Value& v, std::vector<std::string>& out) {
  if (v.kind == Value::Kind::Null || v.kind == Value::Kind::Map) return;
  if (v.is_scalar()) {
    out.push_back(v.scalar);
    return;
  }
  std::vector<std::pair<const Value*, size_t>> todo{{&v, 0}};
  while (!todo.empty()) {
    auto& [list, idx] = todo.back();
    if (idx >= list->items.size()) {
      todo.pop_back();
      continue;
    }
    const Value& item = list->items[idx++];
    if (item.kind == Value::Kind::List) todo.push_back({&item, 0});
    else if (item.is_scalar() && item.kind != Value::Kind::Null) out.push_back(item.scalar);
  }
}

static int32_t day_of(std::string_view iso) {
  int32_t first = 0, end = 0;
  if (iso.size() >= 10 && parse_period(iso.substr(0, 10), &first, &end)) return first;
  return 0;
}

void set_entry_text(LibraryEntry& e, std::string_view bytes) {
  std::string_view body = e.body_begin <= bytes.size() ? bytes.substr(e.body_begin) : std::string_view();
  e.folded.clear();
  e.upper.clear();
  e.folded.reserve(e.title.size() + 1 + body.size());
  fold_append(e.folded, e.title, &e.upper, 0);
  e.folded += '\n';
  fold_append(e.folded, body, &e.upper, uint32_t(e.title.size() + 1));
  e.upper.shrink_to_fit();
  e.body_pending = false;
}

void set_entry_title_text(LibraryEntry& e) {
  e.folded.clear();
  e.upper.clear();
  fold_append(e.folded, e.title, &e.upper, 0);
  e.folded += '\n';
  e.body_pending = true;
}

// Appends the folded body after the title part set_entry_title_text left.
static void finish_entry_text(LibraryEntry& e, std::string_view bytes) {
  std::string_view body = e.body_begin <= bytes.size() ? bytes.substr(e.body_begin) : std::string_view();
  if (e.folded.size() != e.title.size() + 1) return set_entry_text(e, bytes);
  e.folded.reserve(e.folded.size() + body.size());
  fold_append(e.folded, body, &e.upper, uint32_t(e.title.size() + 1));
  e.upper.shrink_to_fit();
  e.body_pending = false;
}

// Everything but the hash and the search text.
static LibraryEntry entry_fields(const Document& doc, int64_t modified, uint64_t version) {
  LibraryEntry e;
  e.path = doc.path;
  e.title = doc.title;
  e.date = doc.date;
  e.date_key = doc.date_key;
  e.day = day_of(doc.date);
  e.modified = modified;
  e.version = version;
  e.body_begin = uint32_t(std::min(doc.front_matter.body_begin, doc.text.size()));
  e.has_errors = doc.has_errors();
  e.tags = doc.tags;
  e.categories = doc.categories;
  e.properties.reserve(doc.properties.size());
  for (const Property& p : doc.properties) {
    FlatProperty fp;
    fp.key = p.key;
    flatten_value(p.value, fp.values);
    e.properties.push_back(std::move(fp));
  }
  return e;
}

LibraryEntry make_entry(const Document& doc, int64_t modified, uint64_t version) {
  LibraryEntry e = entry_fields(doc, modified, version);
  e.hash = content_hash(doc.text);
  set_entry_text(e, doc.text);
  return e;
}

LibraryEntry make_entry_body_pending(const Document& doc, int64_t modified, uint64_t version, uint64_t hash) {
  LibraryEntry e = entry_fields(doc, modified, version);
  e.hash = hash;
  set_entry_title_text(e);
  return e;
}

//-----------------------------------------------------------------------------
// [SECTION] Text search primitives
//-----------------------------------------------------------------------------

// Text is cut into units for the bigram index by the shape of UTF-8 alone: a
// lead byte followed by the right number of continuation bytes is one unit,
// any other byte is a unit by itself. Because a valid needle starts on a
// non-continuation byte, wherever it occurs in a text the text's units line
// up with the needle's, so every bigram of the needle is a bigram of the text.
static inline size_t next_unit(const unsigned char* s, size_t i, size_t n, uint32_t* unit) {
  unsigned char c = s[i];
  size_t len = c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF8 ? 4 : 1;
  if (len > 1) {
    if (i + len > n) len = 1;
    for (size_t k = 1; k < len; k++)
      if ((s[i + k] & 0xC0) != 0x80) {
        len = 1;
        break;
      }
  }
  uint32_t v = c;
  for (size_t k = 1; k < len; k++) v = (v << 8) | s[i + k];
  *unit = v;
  return len;
}

constexpr uint32_t kTextBucketBits = 16;
static inline uint32_t bigram_bucket(uint32_t a, uint32_t b) {
  return ((a * 0x9E3779B1u) ^ (b + 0x7F4A7C15u)) * 0x85EBCA77u >> (32 - kTextBucketBits);
}

// A folded needle prepared for Horspool search plus its bigram hashes.
struct Needle {
  std::string text;
  size_t shift[256];
  std::vector<uint32_t> buckets;  // distinct bigram buckets; empty when the index cannot answer

  explicit Needle(std::string t) : text(std::move(t)) {
    const size_t m = text.size();
    for (size_t& s : shift) s = m;
    for (size_t i = 0; i + 1 < m; i++) shift[static_cast<unsigned char>(text[i])] = m - 1 - i;
    // Only a valid UTF-8 needle of two units or more can use the index.
    if (!utf8_valid(text)) return;
    const unsigned char* p = reinterpret_cast<const unsigned char*>(text.data());
    uint32_t prev = 0, unit = 0;
    for (size_t i = 0; i < m;) {
      size_t len = next_unit(p, i, m, &unit);
      if (i) buckets.push_back(bigram_bucket(prev, unit));
      prev = unit;
      i += len;
    }
    std::sort(buckets.begin(), buckets.end());
    buckets.erase(std::unique(buckets.begin(), buckets.end()), buckets.end());
  }

  size_t find(std::string_view hay, size_t from = 0) const {
    const size_t m = text.size(), n = hay.size();
    if (m == 0) return from <= n ? from : std::string_view::npos;
    if (m > n || from > n - m) return std::string_view::npos;
    const unsigned char* h = reinterpret_cast<const unsigned char*>(hay.data());
    if (m == 1) {
      const void* p = std::memchr(h + from, text[0], n - from);
      return p ? size_t(static_cast<const unsigned char*>(p) - h) : std::string_view::npos;
    }
    const unsigned char last = static_cast<unsigned char>(text[m - 1]);
    const char* pat = text.data();
    for (size_t i = from; i + m <= n;) {
      unsigned char c = h[i + m - 1];
      if (c == last && std::memcmp(h + i, pat, m - 1) == 0) return i;
      i += shift[c];
    }
    return std::string_view::npos;
  }
};

//-----------------------------------------------------------------------------
// [SECTION] Facet index
//-----------------------------------------------------------------------------

namespace {

struct FacetSlot {
  std::string folded;
  std::vector<std::pair<std::string, uint32_t>> spellings;  // spelling -> documents using it
  uint32_t count = 0;
  int depth = 0;
  int32_t parent = -1;
  std::vector<DocId> docs;  // sorted

  const std::string& display() const {
    size_t best = 0;
    for (size_t i = 1; i < spellings.size(); i++)
      if (spellings[i].second > spellings[best].second) best = i;
    return spellings[best].first;
  }
};

struct FacetIndex {
  explicit FacetIndex(bool hier = false) : hierarchical(hier) {}
  bool hierarchical = false;
  std::unordered_map<std::string, uint32_t> by_folded;
  std::vector<FacetSlot> slots;

  const FacetSlot* find(std::string_view folded) const {
    auto it = by_folded.find(std::string(folded));
    return it == by_folded.end() ? nullptr : &slots[it->second];
  }

  uint32_t intern(const std::string& folded, std::string_view spelling) {
    auto [it, inserted] = by_folded.try_emplace(folded, uint32_t(slots.size()));
    if (inserted) {
      FacetSlot s;
      s.folded = folded;
      s.spellings.push_back({std::string(spelling), 0});
      if (hierarchical) {
        s.depth = int(std::count(folded.begin(), folded.end(), '/'));
        size_t slash = folded.rfind('/');
        if (slash != std::string::npos && slash > 0) {
          auto p = by_folded.find(folded.substr(0, slash));
          if (p != by_folded.end()) s.parent = int32_t(p->second);
        }
      }
      slots.push_back(std::move(s));
    }
    return it->second;
  }

  // The (folded, spelling) pairs a document contributes, ancestors first, each
  // once. Written into scratch_ (reused, so loading allocates no temporaries);
  // returns how many entries are valid.
  size_t expand(const std::vector<std::string>& names) {
    size_t used = 0;
    auto push = [&](std::string_view spelling) {
      if (used == scratch_.size()) scratch_.emplace_back();
      std::string& f = scratch_[used].first;
      f.clear();
      fold_append(f, spelling);
      for (size_t i = 0; i < used; i++)
        if (scratch_[i].first == f) return;
      scratch_[used++].second = spelling;
    };
    for (const std::string& n : names) {
      if (hierarchical) {
        for (size_t slash = n.find('/'); slash != std::string::npos; slash = n.find('/', slash + 1))
          if (slash > 0) push(std::string_view(n).substr(0, slash));
      }
      push(n);
    }
    return used;
  }
  std::vector<std::pair<std::string, std::string_view>> scratch_;

  void add(DocId id, const std::vector<std::string>& names) {
    for (size_t k = 0, n = expand(names); k < n; k++) {
      const std::string& f = scratch_[k].first;
      std::string_view spelling = scratch_[k].second;
      FacetSlot& s = slots[intern(f, spelling)];
      auto pos = std::lower_bound(s.docs.begin(), s.docs.end(), id);
      if (pos != s.docs.end() && *pos == id) continue;
      s.docs.insert(pos, id);
      s.count++;
      bool found = false;
      for (auto& sp : s.spellings)
        if (sp.first == spelling) {
          sp.second++;
          found = true;
          break;
        }
      if (!found) s.spellings.push_back({std::string(spelling), 1});
    }
  }

  void remove(DocId id, const std::vector<std::string>& names) {
    for (size_t k = 0, n = expand(names); k < n; k++) {
      const std::string& f = scratch_[k].first;
      std::string_view spelling = scratch_[k].second;
      auto it = by_folded.find(f);
      if (it == by_folded.end()) continue;
      FacetSlot& s = slots[it->second];
      auto pos = std::lower_bound(s.docs.begin(), s.docs.end(), id);
      if (pos == s.docs.end() || *pos != id) continue;
      s.docs.erase(pos);
      s.count--;
      for (auto& sp : s.spellings)
        if (sp.first == spelling && sp.second > 0) {
          sp.second--;
          break;
        }
      // Keep at least one spelling so the slot can still be displayed later.
      if (s.spellings.size() > 1)
        s.spellings.erase(std::remove_if(s.spellings.begin(), s.spellings.end(),
                                         [](auto& sp) { return sp.second == 0; }),
                          s.spellings.end());
      if (s.spellings.empty()) s.spellings.push_back({std::string(spelling), 0});
    }
  }

  FacetList list() const {
    FacetList out;
    for (const FacetSlot& s : slots) {
      if (!s.count) continue;
      FacetValue v;
      v.name = s.display();
      v.folded = s.folded;
      v.count = s.count;
      v.depth = s.depth;
      out.values.push_back(std::move(v));
    }
    // '/' sorts before every other byte so children follow their parent
    // directly ("lang", "lang/cpp", "lang-x"): the listing is a depth-first tree.
    auto key = [](const std::string& f) {
      std::string k = f;
      std::replace(k.begin(), k.end(), '/', '\x01');
      return k;
    };
    std::vector<std::pair<std::string, size_t>> order;
    for (size_t i = 0; i < out.values.size(); i++) order.push_back({key(out.values[i].folded), i});
    std::sort(order.begin(), order.end());
    std::vector<FacetValue> sorted;
    sorted.reserve(order.size());
    for (auto& o : order) sorted.push_back(std::move(out.values[o.second]));
    out.values = std::move(sorted);
    // Parents are resolved on the listing (indices into it), ancestors sort first.
    if (hierarchical) {
      std::unordered_map<std::string_view, int32_t> at;
      for (size_t i = 0; i < out.values.size(); i++) {
        const std::string& f = out.values[i].folded;
        size_t slash = f.rfind('/');
        if (slash != std::string::npos && slash > 0) {
          auto p = at.find(std::string_view(f).substr(0, slash));
          if (p != at.end()) out.values[i].parent = p->second;
        }
        at[f] = int32_t(i);
      }
    }
    return out;
  }

  size_t memory() const {
    size_t m = slots.capacity() * sizeof(FacetSlot) + by_folded.size() * 64;
    for (const FacetSlot& s : slots) {
      m += s.folded.capacity() + s.docs.capacity() * sizeof(DocId) + s.spellings.capacity() * 40;
      for (auto& sp : s.spellings) m += sp.first.capacity();
    }
    return m;
  }
};

using Bits = std::vector<uint64_t>;

// Which documents contain which character bigrams, hashed into 64K buckets:
// a superset of the true answer, so a text term only verifies its candidates.
// Built on the first text query (or by prepare_text_search), not at load
// time. Documents changed after the build are "dirty": always verified
// directly until enough of them pile up to rebuild.
struct TextIndex {
  static constexpr uint32_t kBuckets = 1u << kTextBucketBits;
  bool built = false;
  std::vector<std::vector<uint8_t>> postings;  // bucket -> doc ids + 1, delta varints
  std::vector<uint32_t> last;                  // bucket -> last doc id + 1 written (0: none)
  Bits dirty;
  size_t dirty_count = 0;

  void build(const std::vector<LibraryEntry>& entries, const std::vector<uint8_t>& live) {
    postings.assign(kBuckets, {});
    last.assign(kBuckets, 0);
    dirty.assign((entries.size() + 63) / 64, 0);
    dirty_count = 0;
    for (size_t id = 0; id < entries.size(); id++) {
      if (!live[id]) continue;
      const std::string& t = entries[id].folded;
      const unsigned char* p = reinterpret_cast<const unsigned char*>(t.data());
      const size_t n = t.size();
      const uint32_t doc = uint32_t(id) + 1;
      uint32_t prev = 0, unit = 0;
      for (size_t i = 0; i < n;) {
        size_t len = p[i] < 0x80 ? (unit = p[i], 1) : next_unit(p, i, n, &unit);
        if (i) {
          uint32_t b = bigram_bucket(prev, unit);
          if (last[b] != doc) {
            std::vector<uint8_t>& out = postings[b];
            for (uint32_t d = doc - last[b]; ; d >>= 7) {
              if (d < 0x80) {
                out.push_back(uint8_t(d));
                break;
              }
              out.push_back(uint8_t(d | 0x80));
            }
            last[b] = doc;
          }
        }
        prev = unit;
        i += len;
      }
    }
    built = true;
  }

  void touch(DocId id) {
    if (!built) return;
    if (dirty.size() * 64 <= id) dirty.resize(id / 64 + 1, 0);
    if (!(dirty[id >> 6] & (1ull << (id & 63)))) {
      dirty[id >> 6] |= 1ull << (id & 63);
      dirty_count++;
    }
  }

  // Candidates for a needle inside `mask`: docs in every bucket, plus dirty ones.
  Bits candidates(const Needle& nd, const Bits& mask) const {
    Bits cand = mask;
    Bits one(mask.size());
    for (uint32_t b : nd.buckets) {
      std::fill(one.begin(), one.end(), 0);
      const std::vector<uint8_t>& post = postings[b];
      uint32_t doc = 0;
      for (size_t i = 0; i < post.size();) {
        uint32_t d = 0;
        for (int shift = 0;; shift += 7) {
          uint8_t x = post[i++];
          d |= uint32_t(x & 0x7f) << shift;
          if (!(x & 0x80)) break;
        }
        doc += d;
        size_t id = doc - 1;
        if (id < one.size() * 64) one[id >> 6] |= 1ull << (id & 63);
      }
      bool any = false;
      for (size_t w = 0; w < cand.size(); w++) {
        uint64_t dirt = w < dirty.size() ? dirty[w] : ~0ull;
        cand[w] &= one[w] | dirt;
        any |= cand[w] != 0;
      }
      if (!any) break;
    }
    return cand;
  }

  size_t memory() const {
    size_t m = postings.capacity() * sizeof(std::vector<uint8_t>) + last.capacity() * 4 + dirty.capacity() * 8;
    for (const auto& p : postings) m += p.capacity();
    return m;
  }
};

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Library state
//-----------------------------------------------------------------------------

static void sort_by_comparator(const LibraryImpl& L, std::vector<DocId>& ids, SortKey key);

//-----------------------------------------------------------------------------
// [SECTION] Site rules
//-----------------------------------------------------------------------------

// Puts back what the file itself says (undoes apply_site).
static void take_site_off(LibraryEntry& e) {
  if (!e.own) return;
  const LibraryEntry::Own& o = *e.own;
  e.date = o.date;
  e.date_key = o.date_key;
  e.day = o.day;
  e.tags = o.tags;
  e.categories = o.categories;
  if (e.properties.size() > o.properties) e.properties.resize(o.properties);
  e.inherited_from.clear();
  e.publish = 0;
  e.own.reset();
}

static const FlatProperty* find_flat(const std::vector<FlatProperty>& props, size_t n, std::string_view key) {
  for (size_t i = n; i-- > 0;)
    if (props[i].key == key) return &props[i];
  return nullptr;
}

// Jekyll's reading of a post on a site: defaults under the post's own keys,
// categories from the folders above _posts before its own, the date in the
// site's zone, and the publishing state.
static void apply_site(LibraryEntry& e, const Site& site) {
  auto own = std::make_shared<LibraryEntry::Own>();
  own->date = e.date;
  own->date_key = e.date_key;
  own->day = e.day;
  own->tags = e.tags;
  own->categories = e.categories;
  own->properties = e.properties.size();
  std::vector<std::string> keys;
  keys.reserve(e.properties.size());
  for (const FlatProperty& p : e.properties) keys.push_back(p.key);
  std::vector<InheritedProperty> inherited = site_defaults(site, e.path, keys);
  auto has_own = [&](std::string_view k) { return find_flat(e.properties, own->properties, k) != nullptr; };
  std::vector<std::string> default_tags, default_cats;
  for (InheritedProperty& ip : inherited) {
    FlatProperty fp;
    fp.key = ip.property.key;
    flatten_value(ip.property.value, fp.values);
    const std::string& k = ip.property.key;
    if ((k == "tags" || k == "tag") && !has_own("tags") && !has_own("tag"))
      collect_names(ip.property.value, k == "tags", default_tags);
    if ((k == "categories" || k == "category") && !has_own("categories") && !has_own("category"))
      collect_names(ip.property.value, k == "categories", default_cats);
    e.properties.push_back(std::move(fp));
    e.inherited_from.push_back(std::move(ip.from));
  }
  for (std::string& t : default_tags) {
    bool seen = false;
    for (const std::string& x : e.tags) seen |= x == t;
    if (!seen) e.tags.push_back(std::move(t));
  }
  std::vector<std::string> cats = path_categories(site, e.path);
  for (std::vector<std::string>* list : {&e.categories, &default_cats})
    for (const std::string& c : *list) {
      bool seen = false;
      for (const std::string& x : cats) seen |= x == c;
      if (!seen) cats.push_back(c);
    }
  e.categories = std::move(cats);
  std::string iso;
  int64_t key = 0;
  int32_t day = 0;
  if (site_date(site, e.date, &iso, &key, &day)) {
    e.date = std::move(iso);
    e.date_key = key;
    e.day = day;
  }
  e.publish = 0;
  if (site_type(site, e.path) == "drafts") e.publish |= kPublishDraft;
  const FlatProperty* pub = find_flat(e.properties, e.properties.size(), "published");
  if (const FlatProperty* o = find_flat(e.properties, own->properties, "published")) pub = o;
  if (pub && pub->values.size() == 1 && (pub->values[0] == "false" || pub->values[0] == "False")) e.publish |= kPublishUnpublished;
  if (!site.future) e.publish |= kPublishHidesFuture;
  e.own = std::move(own);
}

bool is_future(const LibraryEntry& e, int64_t now) {
  return (e.publish & kPublishHidesFuture) && !e.date.empty() && e.date_key > now;
}

PostState post_state(const LibraryEntry& e, int64_t now) {
  if (e.publish & kPublishDraft) return PostState::Draft;
  if (e.publish & kPublishUnpublished) return PostState::Unpublished;
  if (is_future(e, now)) return PostState::Scheduled;
  return PostState::Normal;
}

const char* post_state_label(PostState s) {
  switch (s) {
    case PostState::Draft: return "Draft";
    case PostState::Unpublished: return "Unpublished";
    case PostState::Scheduled: return "Scheduled";
    case PostState::Normal: break;
  }
  return "";
}


struct LibraryImpl {
  std::vector<LibraryEntry> entries;  // by DocId
  std::vector<uint8_t> live;
  std::vector<DocId> free_ids;
  std::unordered_map<std::string, DocId> by_path;
  size_t live_count = 0;
  uint64_t generation = 1;
  // Dense per-slot copies of the sort and date keys: scans and sorts stay in cache.
  std::vector<int32_t> days;
  std::vector<int64_t> date_keys, modified;

  FacetIndex tags{true}, categories{true}, years, months, keys;
  std::unordered_map<std::string, FacetIndex> values;  // folded key -> its values

  // Lazy caches filled by const queries (a Library is used from one thread).
  Library::TextSource source;
  std::shared_ptr<const Site> site;         // present sites only
  std::function<int64_t()> clock;           // is:future's "now"; system clock when empty
  mutable size_t pending = 0;  // live entries with body_pending
  mutable TextIndex text;

  // Folds pending bodies (all, or up to max_docs) whose bytes the source has.
  // Entries change in place through a const Library: the search text is a
  // cache of the file bytes.
  size_t build_pending(size_t max_docs) const {
    if (!pending || !source) return pending;
    auto& E = const_cast<std::vector<LibraryEntry>&>(entries);
    size_t left = pending;
    for (size_t id = 0; id < E.size() && left && max_docs; id++) {
      if (!live[id] || !E[id].body_pending) continue;
      left--;
      const std::string* bytes = source(DocId(id), E[id]);
      if (!bytes) continue;  // not loaded yet: stays pending
      finish_entry_text(E[id], *bytes);
      text.touch(DocId(id));  // an index built meanwhile saw only the title
      pending--;
      max_docs--;
    }
    return pending;
  }
  void ensure_text() const {
    if (pending) build_pending(SIZE_MAX);
  }
  mutable std::vector<uint32_t> rank[3];     // by SortKey: position of each slot in the natural order
  mutable std::vector<DocId> order[3];       // by SortKey: live slots in the natural order
  mutable uint64_t rank_generation[3] = {0, 0, 0};

  const TextIndex& text_index() const {
    ensure_text();
    // Rebuild once dirty documents would make scans cost more than the index saves.
    if (!text.built || text.dirty_count > 256 + live_count / 8) text.build(entries, live);
    return text;
  }

  // The natural order of every live slot for one sort key, cached per generation.
  const std::vector<uint32_t>& ranks(SortKey key) const {
    size_t k = size_t(key);
    if (rank_generation[k] != generation || rank[k].size() != entries.size()) {
      std::vector<DocId> ids;
      ids.reserve(live_count);
      for (size_t i = 0; i < entries.size(); i++)
        if (live[i]) ids.push_back(DocId(i));
      sort_by_comparator(*this, ids, key);
      rank[k].assign(entries.size(), UINT32_MAX);
      for (size_t i = 0; i < ids.size(); i++) rank[k][ids[i]] = uint32_t(i);
      order[k] = std::move(ids);
      rank_generation[k] = generation;
    }
    return rank[k];
  }
  const std::vector<DocId>& ordered(SortKey key) const {
    ranks(key);
    return order[size_t(key)];
  }

  // Called on every change of a slot.
  void changed(DocId id) { text.touch(id); }

  // Scratch buffers of index(), kept so loading a notebook reuses them.
  std::vector<std::string> names_, one_;
  std::string folded_key_;

  void index(DocId id, const LibraryEntry& e, bool add) {
    auto apply = [&](FacetIndex& f, const std::vector<std::string>& names) {
      if (add) f.add(id, names);
      else f.remove(id, names);
    };
    apply(tags, e.tags);
    apply(categories, e.categories);
    if (e.day) {
      char y[8], m[12];
      std::snprintf(y, sizeof y, "%04d", e.day / 10000);
      std::snprintf(m, sizeof m, "%04d-%02d", e.day / 10000, e.day / 100 % 100);
      one_.resize(1);
      one_[0].assign(y);
      apply(years, one_);
      one_[0].assign(m);
      apply(months, one_);
    }
    names_.resize(e.properties.size());
    for (size_t i = 0; i < e.properties.size(); i++) names_[i].assign(e.properties[i].key);
    apply(keys, names_);
    for (const FlatProperty& p : e.properties) {
      if (p.values.empty()) continue;
      folded_key_.clear();
      fold_append(folded_key_, p.key);
      apply(values[folded_key_], p.values);
    }
  }

  Bits all_live() const {
    Bits b((entries.size() + 63) / 64, 0);
    for (size_t i = 0; i < entries.size(); i++)
      if (live[i]) b[i >> 6] |= 1ull << (i & 63);
    return b;
  }
};

static int64_t impl_now(const LibraryImpl& L) {
  if (L.clock) return L.clock();
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

Library::Library() : impl_(std::make_unique<LibraryImpl>()) {}
Library::~Library() = default;
Library::Library(Library&&) noexcept = default;
Library& Library::operator=(Library&&) noexcept = default;

//-----------------------------------------------------------------------------
// [SECTION] Adding and removing
//-----------------------------------------------------------------------------

DocId Library::put(const Document& doc, int64_t modified, uint64_t version) {
  return put(make_entry(doc, modified, version));
}

DocId Library::put(LibraryEntry e) {
  LibraryImpl& L = *impl_;
  take_site_off(e);
  if (L.site) apply_site(e, *L.site);
  DocId id;
  auto it = L.by_path.find(e.path);
  if (it != L.by_path.end()) {
    id = it->second;
    L.index(id, L.entries[id], false);
    if (L.entries[id].body_pending) L.pending--;
  } else {
    if (!L.free_ids.empty()) {
      id = L.free_ids.back();
      L.free_ids.pop_back();
    } else {
      id = DocId(L.entries.size());
      L.entries.emplace_back();
      L.live.push_back(0);
    }
    L.by_path.emplace(e.path, id);
    L.live[id] = 1;
    L.live_count++;
  }
  if (e.body_pending) L.pending++;
  L.entries[id] = std::move(e);
  L.index(id, L.entries[id], true);
  if (L.days.size() < L.entries.size()) {
    L.days.resize(L.entries.size());
    L.date_keys.resize(L.entries.size());
    L.modified.resize(L.entries.size());
  }
  L.days[id] = L.entries[id].day;
  L.date_keys[id] = L.entries[id].date.empty() ? INT64_MIN : L.entries[id].date_key;
  L.modified[id] = L.entries[id].modified;
  L.changed(id);
  L.generation++;
  return id;
}

bool Library::remove(std::string_view path) {
  LibraryImpl& L = *impl_;
  auto it = L.by_path.find(std::string(path));
  if (it == L.by_path.end()) return false;
  DocId id = it->second;
  L.index(id, L.entries[id], false);
  if (L.entries[id].body_pending) L.pending--;
  L.by_path.erase(it);
  L.entries[id] = LibraryEntry{};
  L.live[id] = 0;
  L.free_ids.push_back(id);
  L.live_count--;
  L.days[id] = 0;
  L.changed(id);
  L.generation++;
  return true;
}

void Library::clear() {
  uint64_t g = impl_->generation + 1;
  TextSource source = std::move(impl_->source);
  std::shared_ptr<const Site> site = std::move(impl_->site);
  std::function<int64_t()> clock = std::move(impl_->clock);
  impl_ = std::make_unique<LibraryImpl>();
  impl_->generation = g;
  impl_->source = std::move(source);
  impl_->site = std::move(site);
  impl_->clock = std::move(clock);
}

void Library::set_text_source(TextSource source) { impl_->source = std::move(source); }

void Library::set_site(std::shared_ptr<const Site> site) {
  LibraryImpl& L = *impl_;
  if (site && !site->present) site.reset();
  if (!site && !L.site) return;
  L.site = std::move(site);
  for (size_t id = 0; id < L.entries.size(); id++) {
    if (!L.live[id]) continue;
    LibraryEntry& e = L.entries[id];
    L.index(DocId(id), e, false);
    take_site_off(e);
    if (L.site) apply_site(e, *L.site);
    L.index(DocId(id), e, true);
    L.days[id] = e.day;
    L.date_keys[id] = e.date.empty() ? INT64_MIN : e.date_key;
  }
  L.generation++;
}

const Site* Library::site() const { return impl_->site.get(); }
void Library::set_clock(std::function<int64_t()> now_seconds) { impl_->clock = std::move(now_seconds); }
int64_t Library::now() const { return impl_now(*impl_); }
bool Library::has_text_source() const { return bool(impl_->source); }
size_t Library::pending_text() const { return impl_->pending; }
size_t Library::build_pending_text(size_t max_docs) const { return impl_->build_pending(max_docs); }
void Library::touch() { impl_->generation++; }

uint64_t Library::generation() const { return impl_->generation; }

void Library::prepare_text_search() const {
  impl_->text_index();  // folds pending bodies first
  impl_->ranks(SortKey::Date);
}

DocId Library::find(std::string_view path) const {
  auto it = impl_->by_path.find(std::string(path));
  return it == impl_->by_path.end() ? kNoDoc : it->second;
}

const LibraryEntry* Library::entry(DocId id) const {
  if (id >= impl_->entries.size() || !impl_->live[id]) return nullptr;
  return &impl_->entries[id];
}

size_t Library::size() const { return impl_->live_count; }
size_t Library::slot_count() const { return impl_->entries.size(); }

std::vector<DocId> Library::ids() const {
  std::vector<DocId> out;
  out.reserve(impl_->live_count);
  for (size_t i = 0; i < impl_->entries.size(); i++)
    if (impl_->live[i]) out.push_back(DocId(i));
  return out;
}

size_t Library::memory_bytes() const {
  const LibraryImpl& L = *impl_;
  size_t m = L.entries.capacity() * sizeof(LibraryEntry) + L.by_path.size() * 64;
  for (const LibraryEntry& e : L.entries) {
    m += e.path.capacity() + e.title.capacity() + e.date.capacity() + e.folded.capacity() +
         e.upper.capacity() * 4;
    for (auto& t : e.tags) m += sizeof(std::string) + t.capacity();
    for (auto& t : e.categories) m += sizeof(std::string) + t.capacity();
    for (auto& p : e.properties) {
      m += sizeof(FlatProperty) + p.key.capacity();
      for (auto& v : p.values) m += sizeof(std::string) + v.capacity();
    }
  }
  m += L.tags.memory() + L.categories.memory() + L.years.memory() + L.months.memory() + L.keys.memory();
  for (auto& [k, f] : L.values) m += k.capacity() + f.memory();
  m += L.text.memory();
  for (const auto& r : L.rank) m += r.capacity() * 4;
  return m;
}

//-----------------------------------------------------------------------------
// [SECTION] Facet listing
//-----------------------------------------------------------------------------

static const FacetIndex& facet_of(const LibraryImpl& L, FacetKind k) {
  switch (k) {
    case FacetKind::Tags: return L.tags;
    case FacetKind::Categories: return L.categories;
    case FacetKind::Years: return L.years;
    case FacetKind::Months: return L.months;
    case FacetKind::Keys: break;
  }
  return L.keys;
}

FacetList Library::facet(FacetKind kind) const { return facet_of(*impl_, kind).list(); }

FacetList Library::property_values(std::string_view key) const {
  auto it = impl_->values.find(fold(key));
  return it == impl_->values.end() ? FacetList{} : it->second.list();
}

uint32_t Library::facet_count(FacetKind kind, std::string_view name) const {
  const FacetSlot* s = facet_of(*impl_, kind).find(fold(name));
  return s ? s->count : 0;
}

//-----------------------------------------------------------------------------
// [SECTION] Query evaluation
//-----------------------------------------------------------------------------


namespace {

struct Evaluator {
  const LibraryImpl& L;
  const Query& q;
  std::vector<std::unique_ptr<Needle>> needles;  // by node index, Text nodes only

  int64_t now = 0;  // for is:future

  Evaluator(const LibraryImpl& lib, const Query& query) : L(lib), q(query), needles(query.nodes.size()) {}

  static bool any(const Bits& b) {
    for (uint64_t w : b)
      if (w) return true;
    return false;
  }

  Bits from_postings(const FacetSlot* s, const Bits& mask) const {
    Bits out(mask.size(), 0);
    if (!s) return out;
    for (DocId id : s->docs) out[id >> 6] |= 1ull << (id & 63);
    for (size_t i = 0; i < out.size(); i++) out[i] &= mask[i];
    return out;
  }

  template <class Pred>
  Bits scan(const Bits& mask, Pred pred) const {
    Bits out(mask.size(), 0);
    for (size_t w = 0; w < mask.size(); w++) {
      for (uint64_t m = mask[w]; m; m &= m - 1) {
        size_t id = w * 64 + size_t(__builtin_ctzll(m));
        if (pred(id)) out[w] |= 1ull << (id & 63);
      }
    }
    return out;
  }

  // Cheap terms (posting lists, dates) run first so text scans see fewer documents.
  bool costly(uint32_t i) const {
    const QueryNode& n = q.nodes[i];
    if (n.op == QueryOp::Text) return true;
    for (uint32_t c : n.children)
      if (costly(c)) return true;
    return false;
  }

  // Recursion depth follows the query tree, which the parser bounds.
  Bits eval(uint32_t i, const Bits& mask) {
    const QueryNode& n = q.nodes[i];
    switch (n.op) {
      case QueryOp::All: return mask;
      case QueryOp::And: {
        std::vector<uint32_t> order = n.children;
        std::stable_partition(order.begin(), order.end(), [&](uint32_t c) { return !costly(c); });
        Bits cur = mask;
        for (uint32_t c : order) {
          if (!any(cur)) break;
          cur = eval(c, cur);
        }
        return cur;
      }
      case QueryOp::Or: {
        Bits result(mask.size(), 0), rest = mask;
        for (uint32_t c : n.children) {
          if (!any(rest)) break;
          Bits r = eval(c, rest);
          for (size_t w = 0; w < rest.size(); w++) {
            result[w] |= r[w];
            rest[w] &= ~r[w];
          }
        }
        return result;
      }
      case QueryOp::Not: {
        Bits r = eval(n.children[0], mask);
        for (size_t w = 0; w < r.size(); w++) r[w] = mask[w] & ~r[w];
        return r;
      }
      case QueryOp::Tag: return from_postings(L.tags.find(n.value), mask);
      case QueryOp::Category: return from_postings(L.categories.find(n.value), mask);
      case QueryOp::Has: return from_postings(L.keys.find(n.value), mask);
      case QueryOp::Property: {
        auto it = L.values.find(n.key);
        return from_postings(it == L.values.end() ? nullptr : it->second.find(n.value), mask);
      }
      case QueryOp::After: return scan(mask, [&](size_t id) { return L.days[id] && L.days[id] >= n.lo; });
      case QueryOp::Before: return scan(mask, [&](size_t id) { return L.days[id] && L.days[id] < n.lo; });
      case QueryOp::InPeriod:
        return scan(mask, [&](size_t id) { return L.days[id] >= n.lo && L.days[id] < n.hi; });
      case QueryOp::Is: {
        if (n.value == "future") {
          int64_t t = now;
          return scan(mask, [&](size_t id) { return is_future(L.entries[id], t); });
        }
        uint8_t bit = n.value == "draft" ? kPublishDraft : kPublishUnpublished;
        return scan(mask, [&](size_t id) { return (L.entries[id].publish & bit) != 0; });
      }
      case QueryOp::Text: {
        if (!needles[i]) needles[i] = std::make_unique<Needle>(n.value);
        const Needle& nd = *needles[i];
        L.ensure_text();
        Bits cand = nd.buckets.empty() ? mask : L.text_index().candidates(nd, mask);
        return scan(cand, [&](size_t id) { return nd.find(L.entries[id].folded) != std::string_view::npos; });
      }
    }
    return Bits(mask.size(), 0);
  }
};

}  // namespace

static Bits evaluate(const LibraryImpl& L, const Query& q) {
  Bits mask = L.all_live();
  if (!q.empty()) {
    Evaluator ev(L, q);
    ev.now = impl_now(L);
    mask = ev.eval(q.root, mask);
  }
  return mask;
}

std::vector<DocId> Library::match(const Query& q) const {
  std::vector<DocId> out;
  Bits mask = evaluate(*impl_, q);
  for (size_t w = 0; w < mask.size(); w++)
    for (uint64_t m = mask[w]; m; m &= m - 1) out.push_back(DocId(w * 64 + size_t(__builtin_ctzll(m))));
  return out;
}

SearchResults Library::search(std::string_view text, const SearchOptions& opt) const {
  auto t0 = std::chrono::steady_clock::now();
  SearchResults r;
  Query q;
  if (!parse_query(text, q, r.error)) return r;
  const LibraryImpl& L = *impl_;
  Bits mask = evaluate(L, q);
  size_t count = 0;
  for (uint64_t w : mask) count += size_t(__builtin_popcountll(w));
  std::vector<DocId> ids;
  ids.reserve(count);
  if (count >= 256 && count * 16 >= L.live_count) {
    // Many hits: walking the cached natural order is linear, where sorting
    // the hits would be n log n with a cache miss per comparison.
    for (DocId id : L.ordered(opt.sort))
      if (mask[id >> 6] & (1ull << (id & 63))) ids.push_back(id);
    if (opt.reverse) std::reverse(ids.begin(), ids.end());
  } else {
    for (size_t w = 0; w < mask.size(); w++)
      for (uint64_t m = mask[w]; m; m &= m - 1) ids.push_back(DocId(w * 64 + size_t(__builtin_ctzll(m))));
    sort(ids, opt.sort, opt.reverse);
  }
  r.hits.resize(ids.size());
  for (size_t i = 0; i < ids.size(); i++) {
    r.hits[i].id = ids[i];
    if (i < opt.snippet_count && !q.text_terms.empty()) r.hits[i].snippet = snippet(ids[i], q, opt.snippet_bytes);
  }
  r.elapsed_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

//-----------------------------------------------------------------------------
// [SECTION] Sorting and snippets
//-----------------------------------------------------------------------------

void Library::sort(std::vector<DocId>& ids, SortKey key, bool reverse) const {
  const LibraryImpl& L = *impl_;
  // Long lists use the cached order of the whole library (the comparator
  // below is a total order on live documents, so the result is the same).
  bool all_live = ids.size() >= 256;
  for (size_t i = 0; all_live && i < ids.size(); i++) all_live = ids[i] < L.entries.size() && L.live[ids[i]];
  if (all_live) {
    const std::vector<uint32_t>& r = L.ranks(key);
    std::sort(ids.begin(), ids.end(), [&](DocId a, DocId b) { return r[a] < r[b]; });
  } else {
    sort_by_comparator(L, ids, key);
  }
  if (reverse) std::reverse(ids.begin(), ids.end());
}

static void sort_by_comparator(const LibraryImpl& L, std::vector<DocId>& ids, SortKey key) {
  const auto& E = L.entries;
  auto title_less = [&](DocId a, DocId b) {
    // Compare the folded titles (the head of the search text) so case does not split the order.
    std::string_view ta = std::string_view(E[a].folded).substr(0, E[a].title.size());
    std::string_view tb = std::string_view(E[b].folded).substr(0, E[b].title.size());
    if (ta != tb) return ta < tb;
    return E[a].path < E[b].path;
  };
  if (key == SortKey::Title) {
    std::sort(ids.begin(), ids.end(), title_less);
  } else {
    // Newest first on a dense key; undated posts (INT64_MIN) fall to the end.
    const std::vector<int64_t>& k = key == SortKey::Date ? L.date_keys : L.modified;
    std::sort(ids.begin(), ids.end(), [&](DocId a, DocId b) {
      if (k[a] != k[b]) return k[a] > k[b];
      return title_less(a, b);
    });
  }
}

Snippet Library::snippet(DocId id, const Query& q, size_t bytes) const {
  Snippet s;
  const LibraryEntry* e = entry(id);
  if (!e) return s;
  impl_->ensure_text();
  const std::string_view text = e->folded;
  const size_t body = e->title.size() + 1;
  std::vector<Needle> needles;
  for (const std::string& t : q.text_terms) needles.emplace_back(t);

  size_t first = std::string_view::npos;
  bool title_hit = false;
  for (const Needle& nd : needles) {
    size_t p = nd.find(text);
    if (p != std::string_view::npos && p < body) title_hit = true;
    if (p != std::string_view::npos && p < body) p = nd.find(text, body);
    if (p != std::string_view::npos) first = std::min(first, p);
  }
  s.in_title = title_hit;

  auto is_cont = [&](size_t i) { return i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80; };
  size_t begin = body, end;
  if (first != std::string_view::npos && first > body + bytes / 3) {
    begin = first - bytes / 3;
    while (begin > body && is_cont(begin)) begin--;
  }
  end = std::min(text.size(), begin + bytes);
  while (end > begin && end < text.size() && is_cont(end)) end--;

  s.text = e->original(begin, end);
  for (char& c : s.text)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  s.doc_offset = e->body_begin + uint32_t(begin - body);
  for (const Needle& nd : needles) {
    if (nd.text.empty()) continue;
    for (size_t p = nd.find(text, begin); p != std::string_view::npos && p < end; p = nd.find(text, p + nd.text.size())) {
      size_t stop = std::min(end, p + nd.text.size());
      s.ranges.push_back({uint32_t(p - begin), uint32_t(stop - begin)});
    }
  }
  std::sort(s.ranges.begin(), s.ranges.end());
  return s;
}

}  // namespace sheaf
