// Core benchmark: where parse_document spends its time on a blog-sized
// corpus. Generates N posts (~3 KB each, default 10,000) with Jekyll/Hugo
// front matter (quoted titles, dates, flow and block lists, comments, now and
// then a nested map or a folded scalar) and Korean + English Markdown bodies
// (headings, lists, tables, code, links), all from a fixed seed
// (tests/common/corpus_gen.h). Then times each phase over the whole corpus
// and prints one table, next to md4c's bare parse of the same body bytes
// (empty callbacks, same flags).
//
//   bench_core [N] [rounds]     default: 10000 3 (best round is reported)
//
// Index of this file:
// [SECTION] Corpus
// [SECTION] Phases
// [SECTION] Main

#include <md4c.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "core/document.h"
#include "core/frontmatter.h"
#include "core/incremental.h"
#include "core/markdown.h"
#include "core/metadata.h"
#include "core/properties.h"
#include "core/yaml_fast.h"
#include "corpus_gen.h"

namespace {

using namespace sheaf;
using Clock = std::chrono::steady_clock;

//-----------------------------------------------------------------------------
// [SECTION] Corpus
//-----------------------------------------------------------------------------

struct Corpus {
  std::vector<std::string> paths, texts;
  size_t bytes = 0;
};

// Varied front matter (the default), so the fast path's share and the
// yaml-cpp fallback are both measured.
Corpus make_corpus(size_t n) {
  Corpus c;
  c.texts = test::generate_posts(n, 0xc0ffee1234567ull);
  for (size_t i = 0; i < n; i++) {
    c.paths.push_back("_posts/2020-01-01-post-" + std::to_string(i) + ".md");
    c.bytes += c.texts[i].size();
  }
  return c;
}

//-----------------------------------------------------------------------------
// [SECTION] Phases
//-----------------------------------------------------------------------------

double best_ms(int rounds, const std::function<void()>& f) {
  double best = 1e300;
  for (int k = 0; k < rounds; k++) {
    auto t0 = Clock::now();
    f();
    best = std::min(best, std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  return best;
}

double median_ms(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

// Bodies of the sample posts (assets/ and tests/data/posts) but `skip`, or
// generated posts when the sources are not at hand (the wasm build).
std::string sample_bodies(const char* skip) {
  std::string out;
#ifdef SHEAF_SOURCE_DIR
  for (const char* dir : {"/assets", "/tests/data/posts"}) {
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (auto it = std::filesystem::recursive_directory_iterator(std::string(SHEAF_SOURCE_DIR) + dir, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
      if (it->path().extension() == ".md" && !(skip && it->path().filename() == skip)) files.push_back(it->path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      std::string t = ss.str();
      out += t.substr(detect_front_matter(t).body_begin) + "\n";
    }
  }
#endif
  if (out.empty())
    for (const std::string& t : test::generate_posts(20, 42)) out += t.substr(detect_front_matter(t).body_begin) + "\n";
  return out;
}

int md_block(MD_BLOCKTYPE, void*, void*) { return 0; }
int md_span(MD_SPANTYPE, void*, void*) { return 0; }
int md_text(MD_TEXTTYPE, const MD_CHAR*, MD_SIZE, void*) { return 0; }

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Main
//-----------------------------------------------------------------------------

int main(int argc, char** argv) {
  size_t n = argc > 1 ? size_t(std::strtoul(argv[1], nullptr, 10)) : 10000;
  int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
  if (rounds < 1) rounds = 1;
#ifdef __EMSCRIPTEN__
  const char* where = "wasm";
#else
  const char* where = "native";
#endif
  Corpus c = make_corpus(n);

  // Prepared state for the per-phase runs: each phase reads what the
  // previous one produced, as parse_document does.
  std::vector<Document> docs(n);
  size_t fm_bytes = 0, body_bytes = 0, fast_hits = 0;
  for (size_t i = 0; i < n; i++) {
    docs[i].path = c.paths[i];
    docs[i].text = c.texts[i];
    docs[i].front_matter = detect_front_matter(docs[i].text);
    fm_bytes += docs[i].front_matter.content_end - docs[i].front_matter.content_begin;
    body_bytes += docs[i].text.size() - docs[i].front_matter.body_begin;
    std::vector<Property> props;
    const FrontMatter& fm = docs[i].front_matter;
    if (fm.format == FrontMatterFormat::Yaml &&
        parse_yaml_fast(std::string_view(docs[i].text).substr(fm.content_begin, fm.content_end - fm.content_begin),
                        fm.content_line, props))
      fast_hits++;
  }

  volatile size_t sink = 0;
  double t_total = best_ms(rounds, [&] {
    for (size_t i = 0; i < n; i++) {
      Document d = parse_document(c.paths[i], c.texts[i]);
      sink = sink + d.tree.nodes.size();
    }
  });
  double t_detect = best_ms(rounds, [&] {
    for (size_t i = 0; i < n; i++) sink = sink + detect_front_matter(c.texts[i]).body_begin;
  });
  auto props_run = [&] {
    for (Document& d : docs) {
      d.diagnostics.clear();
      parse_properties(d.text, d.front_matter, d.properties, d.diagnostics);
    }
  };
  set_yaml_fast_path(false);
  double t_props_slow = best_ms(rounds, props_run);
  set_yaml_fast_path(true);
  double t_props = best_ms(rounds, props_run);
  double t_fast_only = best_ms(rounds, [&] {
    std::vector<Property> props;
    for (Document& d : docs) {
      const FrontMatter& fm = d.front_matter;
      parse_yaml_fast(std::string_view(d.text).substr(fm.content_begin, fm.content_end - fm.content_begin),
                      fm.content_line, props);
    }
  });
  double t_md = best_ms(rounds, [&] {
    for (Document& d : docs) parse_markdown(d.text, d.front_matter.body_begin, d.tree);
  });
  double t_outline = best_ms(rounds, [&] {
    for (Document& d : docs) collect_outline(d);
  });
  double t_meta = best_ms(rounds, [&] {
    for (Document& d : docs) normalize_metadata(d);
  });
  double t_md4c = best_ms(rounds, [&] {
    MD_PARSER p = {};
    p.flags = default_markdown_flags();
    p.enter_block = md_block;
    p.leave_block = md_block;
    p.enter_span = md_span;
    p.leave_span = md_span;
    p.text = md_text;
    for (Document& d : docs) {
      size_t b = d.front_matter.body_begin;
      md_parse(d.text.data() + b, MD_SIZE(d.text.size() - b), &p, nullptr);
    }
  });
  double t_rest = t_total - (t_detect + t_props + t_md + t_outline + t_meta);

  std::printf("sheaf core benchmark (%s): %zu posts, %.1f MB (front matter %.1f MB, body %.1f MB), best of %d\n", where,
              n, double(c.bytes) / 1e6, double(fm_bytes) / 1e6, double(body_bytes) / 1e6, rounds);
  std::printf("%-34s | %9s %6s | %8s | %9s\n", "phase", "ms", "share", "MB/s", "us/post");
  auto row = [&](const char* name, double ms, size_t bytes) {
    double mbs = bytes && ms > 0 ? double(bytes) / 1e6 / (ms / 1000) : 0;
    char rate[16] = "-";
    if (bytes) std::snprintf(rate, sizeof rate, "%.0f", mbs);
    std::printf("%-34s | %9.1f %5.1f%% | %8s | %9.2f\n", name, ms, 100 * ms / t_total, rate, 1000 * ms / double(n));
  };
  row("detect front matter", t_detect, c.bytes);
  row("front matter -> properties", t_props, fm_bytes);
  row("  (yaml-cpp only, fast path off)", t_props_slow, fm_bytes);
  row("metadata (title, date, tags)", t_meta, 0);
  row("Markdown tree", t_md, body_bytes);
  row("outline (headings, words)", t_outline, body_bytes);
  row("other (content checks, copies)", t_rest, c.bytes);
  row("total parse_document", t_total, c.bytes);
  row("md4c bare md_parse (same bytes)", t_md4c, body_bytes);
  std::printf("front matter: %.1f us each (yaml-cpp alone %.1f us); fast path took %zu of %zu (%.0f%%),\n"
              "  %.2f us per front matter it takes (incl. the tries it declines: %.0f ms in all)\n",
              1000 * t_props / double(n), 1000 * t_props_slow / double(n), fast_hits, n,
              100.0 * double(fast_hits) / double(n), 1000 * t_fast_only / double(fast_hits ? fast_hits : 1), t_fast_only);
  std::printf("Markdown tree / md4c bare = %.2fx; parse_document / md4c bare = %.2fx\n", t_md / t_md4c,
              t_total / t_md4c);
  std::printf("phases run one at a time over the whole corpus; MB/s counts the bytes each phase reads\n"
              "(detect: whole files, properties: front matter, tree/outline/md4c: bodies).\n");

  // One post of many repeats of one heading, doubled: the time per MB must
  // stay flat (anchor suffixes and layout anchors were once quadratic here).
  std::printf("\nrepeated headings (one post, \"## 같은 제목\" and a paragraph, repeated)\n");
  std::printf("%-10s | %9s | %11s | %13s | %9s\n", "size", "headings", "parse ms", "md4c bare ms", "ratio");
  for (size_t mb : {2, 4, 8, 16}) {
    std::string post = "---\ntitle: repeats\n---\n";
    const std::string unit = "## 같은 제목\n\n반복되는 문단입니다. The same paragraph again and again for the benchmark.\n\n";
    post.reserve(mb << 20);
    size_t headings = 0;
    while (post.size() < (mb << 20)) { post += unit; headings++; }
    double t_doc = best_ms(rounds, [&] { sink = sink + parse_document("repeats.md", post).headings.size(); });
    double t_bare = best_ms(rounds, [&] {
      MD_PARSER parser = {0, default_markdown_flags(), md_block, md_block, md_span, md_span, md_text, nullptr, nullptr};
      sink = sink + size_t(md_parse(post.data(), MD_SIZE(post.size()), &parser, nullptr));
    });
    std::printf("%7zu MB | %9zu | %11.1f | %13.1f | %8.2fx\n", mb, headings, t_doc, t_bare, t_doc / t_bare);
  }

  // Typing one letter in the middle of a long post: a full parse_document
  // against reparse_after_edit (everything it recomputes included).
  // 02-experiment-notes.md has a list item with two blank lines before more
  // of its content, which md4c parses depending on where it stands: while
  // one is after the edit every edit re-parses the whole post.
  std::printf("\none-character edit in the middle (sample post bodies repeated; median of 20)\n");
  std::printf("%-10s | %-24s | %8s | %14s | %14s | %8s | %s\n", "size", "posts", "nodes", "full parse ms", "reparse ms", "speedup", "path");
  for (const char* skip : {(const char*)nullptr, "02-experiment-notes.md"})
  for (size_t kb : {100, 1000, 10000}) {
    const std::string bodies = sample_bodies(skip);
    std::string post = "---\ntitle: long\n---\n";
    while (post.size() < kb * 1000) post += bodies;
    Document doc = parse_document("long.md", post);
    // A paragraph near the middle with no '[' around (the posts have link
    // definitions; typing next to a link re-parses everything).
    uint32_t at = 0;
    for (uint32_t c = doc.tree.nodes[0].first_child; c != kNoNode; c = doc.tree.nodes[c].next_sibling) {
      const Node& n = doc.tree.nodes[c];
      if (n.src_begin < post.size() / 2 || n.type != NodeType::Paragraph) continue;
      uint32_t nb = n.next_sibling != kNoNode ? doc.tree.nodes[n.next_sibling].src_end : uint32_t(post.size());
      if (post.find('[', n.src_begin > 400 ? n.src_begin - 400 : 0) > nb) {
        at = n.src_begin + 1;
        break;
      }
    }
    if (!at) at = uint32_t(post.size() / 2);
    const std::string with = post.substr(0, at) + "x" + post.substr(at);
    std::vector<double> full, inc;
    bool all_fast = true;
    for (int k = 0; k < 20; k++) {
      std::string copy = k % 2 ? post : with;
      auto t0 = Clock::now();
      Document d = parse_document("long.md", std::move(copy));
      full.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      sink = sink + d.tree.nodes.size();
    }
    for (int k = 0; k < 20; k++) {
      std::string next = k % 2 ? post : with;  // insert, then delete again
      auto t0 = Clock::now();
      ReparseSpan s = k % 2 ? reparse_after_edit(doc, std::move(next), at, 1, 0) : reparse_after_edit(doc, std::move(next), at, 0, 1);
      inc.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      all_fast = all_fast && !s.full;
    }
    double f = median_ms(full), i = median_ms(inc);
    std::printf("%7.1f MB | %-24s | %8zu | %14.2f | %14.3f | %7.0fx | %s\n", double(post.size()) / 1e6,
                skip ? "all but 02-experiment" : "all", doc.tree.nodes.size(), f, i,
                i > 0 ? f / i : 0, all_fast ? "incremental" : "fell back to full");
  }
  return sink == 42 ? 1 : 0;
}
