// Library benchmark: cold load, warm start, filters, full text and memory over
// generated notebooks of 1k, 10k and 50k posts (~3 KB each, Zipf-distributed
// tags, Korean and English bodies, deterministic). Prints one table.
//
//   bench_library [N...]      default: 1000 10000 50000
//
// Index of this file:
// [SECTION] Allocation counter
// [SECTION] Timing helpers
// [SECTION] Measurements
// [SECTION] Main

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "core/document.h"
#include "core/frontmatter.h"
#include "core/index_cache.h"
#include "core/library.h"
#include "core/properties.h"
#include "corpus_gen.h"

//-----------------------------------------------------------------------------
// [SECTION] Allocation counter
//-----------------------------------------------------------------------------

// Live heap bytes, counted by replacing the global allocation functions. A
// size header in front of each block lets delete subtract what new added.
static size_t g_live_bytes = 0;

static void* counted_alloc(size_t n) {
  void* p = std::malloc(n + 16);
  if (!p) throw std::bad_alloc();
  *static_cast<size_t*>(p) = n;
  g_live_bytes += n;
  return static_cast<char*>(p) + 16;
}
static void counted_free(void* p) noexcept {
  if (!p) return;
  char* b = static_cast<char*>(p) - 16;
  g_live_bytes -= *reinterpret_cast<size_t*>(b);
  std::free(b);
}
void* operator new(size_t n) { return counted_alloc(n); }
void* operator new[](size_t n) { return counted_alloc(n); }
void operator delete(void* p) noexcept { counted_free(p); }
void operator delete[](void* p) noexcept { counted_free(p); }
void operator delete(void* p, size_t) noexcept { counted_free(p); }
void operator delete[](void* p, size_t) noexcept { counted_free(p); }

//-----------------------------------------------------------------------------
// [SECTION] Timing helpers
//-----------------------------------------------------------------------------

namespace {

using namespace sheaf;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

struct Percentiles {
  double p50 = 0, p95 = 0;
};
Percentiles percentiles(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  Percentiles p;
  if (v.empty()) return p;
  p.p50 = v[v.size() / 2];
  p.p95 = v[std::min(v.size() - 1, size_t(double(v.size()) * 0.95))];
  return p;
}

//-----------------------------------------------------------------------------
// [SECTION] Measurements
//-----------------------------------------------------------------------------

struct Row {
  size_t n = 0;
  double corpus_mb = 0;
  double cold_ms = 0, parse_ms = 0, fm_ms = 0, warm_ms = 0;
  size_t cache_bytes = 0;
  Percentiles filter, text;
  double mem_ratio = 0, mem_ratio_text = 0;
  double text_index_ms = 0;
  size_t hits_text = 0;
  LibraryLoadStats warm_phases;
};

Percentiles time_queries(const Library& lib, const std::vector<std::string>& queries, int rounds, size_t* hits) {
  std::vector<double> t;
  SearchOptions o;
  o.snippet_count = 50;  // what a results list shows first
  // SHEAF_BENCH_VERBOSE=1 prints each query's median time and hit count.
  static const bool verbose = std::getenv("SHEAF_BENCH_VERBOSE") != nullptr;
  std::vector<std::vector<double>> per(queries.size());
  std::vector<size_t> per_hits(queries.size());
  for (int r = 0; r < rounds; r++)
    for (size_t i = 0; i < queries.size(); i++) {
      auto t0 = Clock::now();
      SearchResults res = lib.search(queries[i], o);
      double ms = ms_since(t0);
      t.push_back(ms);
      per[i].push_back(ms);
      per_hits[i] = res.hits.size();
      if (res.error.failed()) std::fprintf(stderr, "query error: %s\n", res.error.message.c_str());
      if (hits) *hits += res.hits.size();
    }
  if (verbose)
    for (size_t i = 0; i < queries.size(); i++)
      std::printf("    %-28s p50 %8.3f ms  %6zu hits\n", queries[i].c_str(), percentiles(per[i]).p50, per_hits[i]);
  return percentiles(t);
}

Row run(size_t n) {
  Row row;
  row.n = n;
  // One blog template's front matter, all of it in the YAML fast path, as
  // when the README's library figures were taken; bench_core measures the
  // varied kind.
  test::PostOptions posts;
  posts.varied_front_matter = false;
  test::PostGenerator gen(0x5eedf00dull + n, posts);
  std::vector<StoredFile> files(n);
  size_t corpus = 0;
  for (size_t i = 0; i < n; i++) {
    files[i].path = "_posts/post-" + std::to_string(i) + ".md";
    files[i].text = gen.post(i);
    files[i].modified = int64_t(1600000000000ll + int64_t(i) * 1000);
    files[i].version = 1;
    corpus += files[i].text.size();
  }
  row.corpus_mb = double(corpus) / 1e6;

  // Front matter alone (detection + YAML), to show its share of the cold load.
  auto t0 = Clock::now();
  for (const StoredFile& f : files) {
    std::vector<Property> props;
    std::vector<Diagnostic> diags;
    FrontMatter fm = detect_front_matter(f.text, &diags);
    parse_properties(f.text, fm, props, diags);
  }
  row.fm_ms = ms_since(t0);

  size_t before = g_live_bytes;
  auto cold_lib = std::make_unique<Library>();
  LibraryLoadStats cold = load_library(*cold_lib, files);
  row.cold_ms = cold.total_ms;
  row.parse_ms = cold.parse_ms;
  row.mem_ratio = double(g_live_bytes - before) / double(corpus);
  const std::string blob = save_index_cache(*cold_lib);
  row.cache_bytes = blob.size();

  // The warm start as the app does it: entries from the cache, bodies folded
  // from the file bytes only when a text query first needs them. The cold
  // library stays alive meanwhile, so the warm one gets fresh memory, as in a
  // new page (no reuse of what the cold load freed).
  const size_t before_warm = g_live_bytes;
  Library lib;
  lib.set_text_source([&](DocId, const LibraryEntry& e) -> const std::string* {
    size_t i = std::strtoul(e.path.c_str() + 12, nullptr, 10);  // "_posts/post-<i>.md"
    return i < files.size() ? &files[i].text : nullptr;
  });
  LibraryLoadStats w = load_library(lib, files, blob);
  row.warm_ms = w.total_ms;
  row.warm_phases = w;
  if (w.reused != n) std::fprintf(stderr, "warm start reused %zu of %zu\n", w.reused, n);
  const size_t warm_bytes = g_live_bytes - before_warm;
  cold_lib.reset();

  std::vector<std::string> filters = {"tag:ai", "tag:docker", "tag:lang", "tag:topic-250", "cat:boostcamp",
                                      "cat:dev -tag:ai", "after:2020 before:2021", "date:2022-03",
                                      "has:draft", "layout:single tag:python", "tag:회고 OR tag:논문"};
  // Filters need no search text: time them before it exists.
  row.filter = time_queries(lib, filters, n >= 50000 ? 5 : 20, nullptr);
  // The search text and text index are built once, on the first text query
  // or ahead of it (the app does it while idle); timed on their own so the
  // query figures show steady state.
  const size_t before_text = g_live_bytes;
  auto ti = Clock::now();
  lib.prepare_text_search();
  row.text_index_ms = ms_since(ti);
  row.mem_ratio_text = double(warm_bytes + (g_live_bytes - before_text)) / double(corpus);

  std::vector<std::string> texts = {"컨테이너", "학습률", "알고리즘 정렬", "\"model training\"", "docker",
                                    "deploy server", "느낀점 tag:ai", "부스트캠프 -tag:회고", "zzzz", "회고"};
  row.text = time_queries(lib, texts, n >= 50000 ? 2 : 5, &row.hits_text);
  return row;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Main
//-----------------------------------------------------------------------------

int main(int argc, char** argv) {
  std::vector<size_t> sizes;
  for (int i = 1; i < argc; i++) sizes.push_back(size_t(std::strtoul(argv[i], nullptr, 10)));
  if (sizes.empty()) sizes = {1000, 10000, 50000};
#ifdef __EMSCRIPTEN__
  const char* where = "wasm";
#else
  const char* where = "native";
#endif
  std::printf("sheaf library benchmark (%s)\n", where);
  std::printf("%7s %8s | %9s %9s %8s | %8s %8s | %7s %7s | %7s %7s %7s | %6s %6s\n", "posts", "corpus", "cold ms",
              "parse ms", "fm ms", "warm ms", "cache", "filt p50", "p95", "tidx ms", "text p50", "p95", "mem x",
              "+tidx");
  std::vector<Row> rows;
  for (size_t n : sizes) {
    Row r = run(n);
    rows.push_back(r);
    std::printf("%7zu %6.1fMB | %9.1f %9.1f %8.1f | %8.1f %6.1fMB | %7.3f %7.3f | %7.1f %7.2f %7.2f | %6.2f %6.2f\n",
                r.n, r.corpus_mb, r.cold_ms, r.parse_ms, r.fm_ms, r.warm_ms, double(r.cache_bytes) / 1e6, r.filter.p50,
                r.filter.p95, r.text_index_ms, r.text.p50, r.text.p95, r.mem_ratio, r.mem_ratio_text);
    std::fflush(stdout);
  }
  std::printf("cold = parse_document + index; parse = inside parse_document; fm = front matter alone (detect + YAML);\n"
              "warm = index rebuilt from the cache + file bytes; filters/text = Library::search incl. sort and 50 snippets;\n"
              "tidx = one-time search text (folded bodies) + bigram index + sort orders (prepare_text_search,\n"
              "       else paid by the first text query);\n"
              "mem x = heap held by the index / corpus bytes; +tidx = the same with the text index built.\n");
  std::printf("\nwarm start phases (ms)\n%7s | %8s %8s %8s %8s\n", "posts", "read", "hash", "text", "index");
  for (const Row& r : rows)
    std::printf("%7zu | %8.1f %8.1f %8.1f %8.1f\n", r.n, r.warm_phases.cache_read_ms, r.warm_phases.hash_ms,
                r.warm_phases.text_ms, r.warm_phases.index_ms);
  std::printf("read = decoding the cache blob; hash = checking each file's bytes; text = the folded search text;\n"
              "index = facets and postings.\n");
  return 0;
}
