// Sheaf core: the index cache (see index_cache.h).
//
// Layout: "SHEAFIX" + format byte, then a varint count, then the entries.
// Strings are varint length + bytes; integers are varints (signed ones
// zigzagged); the hash is 8 little-endian bytes. Lists are a varint count
// followed by their items.
//
// Index of this file:
// [SECTION] Writer
// [SECTION] Reader
// [SECTION] Loading a notebook

#include "core/index_cache.h"

#include <algorithm>

#include <chrono>
#include <cstring>
#include <unordered_map>

#include "core/document.h"

namespace sheaf {

static constexpr char kMagic[8] = {'S', 'H', 'E', 'A', 'F', 'I', 'X', 1};

//-----------------------------------------------------------------------------
// [SECTION] Writer
//-----------------------------------------------------------------------------

namespace {

struct Out {
  std::string s;
  void u(uint64_t v) {
    while (v >= 0x80) {
      s += char(uint8_t(v) | 0x80);
      v >>= 7;
    }
    s += char(uint8_t(v));
  }
  void i(int64_t v) { u((uint64_t(v) << 1) ^ uint64_t(v >> 63)); }
  void str(std::string_view v) {
    u(v.size());
    s.append(v.data(), v.size());
  }
  void strs(const std::vector<std::string>& v) {
    u(v.size());
    for (const std::string& x : v) str(x);
  }
  void fixed64(uint64_t v) {
    for (int k = 0; k < 8; k++) s += char(uint8_t(v >> (8 * k)));
  }
};

struct In {
  const char* p;
  const char* end;
  bool ok = true;
  uint64_t u() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p >= end) return ok = false, 0;
      uint8_t b = uint8_t(*p++);
      v |= uint64_t(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    return ok = false, 0;
  }
  int64_t i() {
    uint64_t v = u();
    return int64_t(v >> 1) ^ -int64_t(v & 1);
  }
  void str(std::string& out) {
    uint64_t n = u();
    if (!ok || n > uint64_t(end - p)) {
      ok = false;
      return;
    }
    out.assign(p, size_t(n));
    p += n;
  }
  void strs(std::vector<std::string>& out) {
    uint64_t n = u();
    if (!ok || n > uint64_t(end - p)) {  // each item takes at least one byte
      ok = false;
      return;
    }
    out.resize(size_t(n));
    for (std::string& s : out) str(s);
  }
  uint64_t fixed64() {
    if (end - p < 8) return ok = false, 0;
    uint64_t v = 0;
    for (int k = 0; k < 8; k++) v |= uint64_t(uint8_t(p[k])) << (8 * k);
    p += 8;
    return v;
  }
};

}  // namespace

std::string save_index_cache(const Library& lib) {
  Out o;
  o.s.append(kMagic, sizeof kMagic);
  std::vector<DocId> ids = lib.ids();
  o.u(ids.size());
  for (DocId id : ids) {
    const LibraryEntry& e = *lib.entry(id);
    // Only what the file says: a site's rules are applied again on restore.
    const LibraryEntry::Own* own = e.own.get();
    size_t np = own ? std::min(own->properties, e.properties.size()) : e.properties.size();
    o.str(e.path);
    o.str(e.title);
    o.str(own ? own->date : e.date);
    o.i(own ? own->date_key : e.date_key);
    o.i(e.modified);
    o.u(e.version);
    o.fixed64(e.hash);
    o.u(e.body_begin);
    o.u(e.has_errors ? 1 : 0);
    o.strs(own ? own->tags : e.tags);
    o.strs(own ? own->categories : e.categories);
    o.u(np);
    for (size_t k = 0; k < np; k++) {
      const FlatProperty& p = e.properties[k];
      o.str(p.key);
      o.strs(p.values);
    }
  }
  return std::move(o.s);
}

//-----------------------------------------------------------------------------
// [SECTION] Reader
//-----------------------------------------------------------------------------

bool read_index_cache(std::string_view blob, std::vector<LibraryEntry>& out) {
  out.clear();
  if (blob.size() < sizeof kMagic || std::memcmp(blob.data(), kMagic, sizeof kMagic) != 0) return false;
  In in{blob.data() + sizeof kMagic, blob.data() + blob.size()};
  uint64_t n = in.u();
  if (!in.ok || n > blob.size()) return false;
  out.resize(size_t(n));
  for (LibraryEntry& e : out) {
    in.str(e.path);
    in.str(e.title);
    in.str(e.date);
    e.date_key = in.i();
    e.modified = in.i();
    e.version = in.u();
    e.hash = in.fixed64();
    e.body_begin = uint32_t(in.u());
    e.has_errors = in.u() != 0;
    in.strs(e.tags);
    in.strs(e.categories);
    uint64_t np = in.u();
    if (!in.ok || np > uint64_t(in.end - in.p)) return out.clear(), false;
    e.properties.resize(size_t(np));
    for (FlatProperty& p : e.properties) {
      in.str(p.key);
      in.strs(p.values);
    }
    if (!in.ok) return out.clear(), false;
    int32_t first = 0, end = 0;
    e.day = e.date.size() >= 10 && parse_period(std::string_view(e.date).substr(0, 10), &first, &end) ? first : 0;
  }
  if (in.p != in.end) return out.clear(), false;
  return true;
}

//-----------------------------------------------------------------------------
// [SECTION] Loading a notebook
//-----------------------------------------------------------------------------

LibraryLoadStats load_library(Library& lib, const std::vector<StoredFile>& files, std::string_view cache) {
  using clock = std::chrono::steady_clock;
  auto t0 = clock::now();
  LibraryLoadStats st;
  st.files = files.size();
  std::vector<LibraryEntry> cached;
  std::unordered_map<std::string_view, size_t> by_path;
  auto since = [](clock::time_point t) { return std::chrono::duration<double, std::milli>(clock::now() - t).count(); };
  bool read_ok = !cache.empty() && read_index_cache(cache, cached);
  st.cache_read_ms = since(t0);
  if (read_ok) {
    st.cache_used = true;
    by_path.reserve(cached.size());
    for (size_t i = 0; i < cached.size(); i++) by_path.emplace(cached[i].path, i);
  }
  lib.clear();
  const bool lazy_text = lib.has_text_source();
  double parse_s = 0;
  for (const StoredFile& f : files) {
    auto it = by_path.find(f.path);
    if (it != by_path.end()) {
      LibraryEntry& e = cached[it->second];
      by_path.erase(it);  // the key views e.path, which is about to move
      auto h0 = clock::now();
      const bool same = e.hash == content_hash(f.text) && e.body_begin <= f.text.size();
      st.hash_ms += since(h0);
      if (same) {
        e.modified = f.modified;
        e.version = f.version;
        auto x0 = clock::now();
        if (lazy_text) set_entry_title_text(e);  // the body is folded when a text query needs it
        else set_entry_text(e, f.text);
        st.text_ms += since(x0);
        auto i0 = clock::now();
        lib.put(std::move(e));
        st.index_ms += since(i0);
        st.reused++;
        continue;
      }
    }
    auto p0 = clock::now();
    Document d = parse_document_for_index(f.path, f.text);
    parse_s += std::chrono::duration<double>(clock::now() - p0).count();
    lib.put(d, f.modified, f.version);
    st.parsed++;
  }
  st.parse_ms = parse_s * 1000;
  st.total_ms = std::chrono::duration<double, std::milli>(clock::now() - t0).count();
  return st;
}

bool restore_library(Library& lib, std::string_view cache, LibraryLoadStats* stats) {
  using clock = std::chrono::steady_clock;
  auto t0 = clock::now();
  std::vector<LibraryEntry> cached;
  if (!lib.has_text_source() || cache.empty() || !read_index_cache(cache, cached)) return false;
  const double read_ms = std::chrono::duration<double, std::milli>(clock::now() - t0).count();
  lib.clear();
  for (LibraryEntry& e : cached) {
    set_entry_title_text(e);
    lib.put(std::move(e));
  }
  if (stats) {
    *stats = LibraryLoadStats{};
    stats->files = stats->reused = lib.size();
    stats->cache_used = true;
    stats->cache_read_ms = read_ms;
    stats->total_ms = std::chrono::duration<double, std::milli>(clock::now() - t0).count();
    stats->index_ms = stats->total_ms - read_ms;
  }
  return true;
}

LibraryLoadStats reconcile_library(Library& lib, const std::vector<StoredFile>& files) {
  using clock = std::chrono::steady_clock;
  auto t0 = clock::now();
  LibraryLoadStats st;
  st.files = files.size();
  st.cache_used = true;
  std::vector<uint8_t> seen(lib.slot_count(), 0);
  double parse_s = 0;
  for (const StoredFile& f : files) {
    DocId id = lib.find(f.path);
    const LibraryEntry* e = lib.entry(id);
    if (e && e->hash == content_hash(f.text) && e->body_begin <= f.text.size()) {
      seen[id] = 1;
      st.reused++;
      if (e->modified != f.modified || e->version != f.version) {
        LibraryEntry copy = *e;  // same bytes, newer storage stamps (the sort by modification uses them)
        copy.modified = f.modified;
        copy.version = f.version;
        lib.put(std::move(copy));
      }
      continue;
    }
    auto p0 = clock::now();
    Document d = parse_document_for_index(f.path, f.text);
    parse_s += std::chrono::duration<double>(clock::now() - p0).count();
    id = lib.put(d, f.modified, f.version);
    if (id >= seen.size()) seen.resize(id + 1, 0);
    seen[id] = 1;
    st.parsed++;
  }
  for (DocId id : lib.ids())
    if (id >= seen.size() || !seen[id]) {
      std::string gone = lib.entry(id)->path;
      lib.remove(gone);
    }
  lib.touch();  // bodies that were pending can now be folded: queries must run again
  st.parse_ms = parse_s * 1000;
  st.total_ms = std::chrono::duration<double, std::milli>(clock::now() - t0).count();
  return st;
}

}  // namespace sheaf
