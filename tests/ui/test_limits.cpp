// Hostile posts through the whole viewer path: parse, layout and a drawn
// frame. Each must end with a located diagnostic, bounded memory and time,
// and the text unchanged (core/limits.h).
#include <chrono>
#include <ctime>
#include <cstdio>
#include <string>

#include "core/document.h"
#include "core/limits.h"
#include "doctest/doctest.h"
#include "ui/doc_view.h"
#include "ui/layout.h"
#include "app/app.h"
#include "ui_env.h"

#include <map>

using namespace sheaf;

namespace {

double now_ms() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

struct Probe {
  Document doc;
  DocLayout layout;
  double parse_ms = 0, layout_ms = 0, frame_ms = 0;
};

Probe run(const std::string& name, const std::string& text) {
  Probe p;
  double t0 = now_ms();
  p.doc = parse_document(name, text);
  double t1 = now_ms();
  test::ensure_frame();
  Metrics m;
  LayoutParams lp;
  lp.width = 640;
  lp.font_size = 16;
  layout_document(p.doc, lp, m, p.layout);
  double t2 = now_ms();
  DocView view;
  view.set_document(&p.doc, 1);
  test::draw_view(view);
  test::draw_view(view);
  double t3 = now_ms();
  p.parse_ms = t1 - t0;
  p.layout_ms = t2 - t1;
  p.frame_ms = t3 - t2;
  std::printf("probe %-14s %9zu bytes  parse %7.1f ms  layout %7.1f ms  two frames %7.1f ms  %zu blocks\n",
              name.c_str(), text.size(), p.parse_ms, p.layout_ms, p.frame_ms, p.layout.blocks.size());
  CHECK(p.doc.text == text);
  return p;
}

const Diagnostic* find_diag(const Document& d, std::string_view part) {
  for (const Diagnostic& g : d.diagnostics)
    if (g.message.find(part) != std::string::npos) return &g;
  return nullptr;
}

std::string repeat(std::string_view s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; i++) out += s;
  return out;
}

size_t table_cells(const Document& d) {
  size_t n = 0;
  for (const Node& x : d.tree.nodes) n += x.type == NodeType::TableCell || x.type == NodeType::TableHeaderCell;
  return n;
}

}  // namespace

TEST_CASE("a table of millions of padded cells keeps its first rows and says where") {
  // "|" alone is a row of all 128 columns: 100 KB asks for 6.4 million cells.
  std::string text = "---\ntitle: 거대한 표\n---\n\n소개 문단.\n\n|" + repeat("h|", 128) + "\n|" + repeat("-|", 128) + "\n" +
                     repeat("|\n", 50000) + "\n표 다음 문단.\n";
  Probe p = run("huge-table", text);
  const Diagnostic* g = find_diag(p.doc, "table of 6,400,128 cells");
  REQUIRE(g);
  CHECK(g->severity == Severity::Warning);
  CHECK(g->line == 7);
  CHECK(g->column == 1);
  CHECK(g->message.find("over the 100,000") != std::string::npos);
  size_t cells = table_cells(p.doc);
  CHECK(cells <= limits::kMaxTableCells + 128);
  CHECK(cells >= limits::kMaxTableCells);
  // The paragraph after the table is still read.
  bool after = false;
  for (const Block& b : p.layout.blocks) after |= b.text.text == "표 다음 문단.";
  CHECK(after);
  // Right after the kept rows, the viewer says in place what is left out.
  REQUIRE(p.layout.blocks.size() >= 2);
  const Block& note = p.layout.blocks[p.layout.blocks.size() - 2];
  CHECK(note.text.text.rfind("… table of 6,400,128 cells", 0) == 0);
  // The table node covers every line of the table, left-out rows included.
  for (const Node& n : p.doc.tree.nodes)
    if (n.type == NodeType::Table) CHECK(text.substr(n.src_end, 4) == "\n표");
}

TEST_CASE("quotes and lists 10,000 deep are flattened at the nesting limit") {
  std::string quotes = "# 깊은 인용\n\n" + std::string(10000, '>') + " 깊은 곳의 문장\n";
  Probe q = run("deep-quotes", quotes);
  REQUIRE(find_diag(q.doc, "nested more than 64 deep"));
  int depth = 0;
  for (const Node& n : q.doc.tree.nodes) depth += n.type == NodeType::Quote;
  CHECK(depth == limits::kMaxBlockNesting);
  bool text = false;
  for (const Block& b : q.layout.blocks) text |= b.text.text == "깊은 곳의 문장";
  CHECK(text);

  std::string list = "# 깊은 목록\n\n" + repeat("- ", 10000) + "항목\n";
  Probe l = run("deep-list", list);
  REQUIRE(find_diag(l.doc, "nested more than 64 deep"));

  std::string indented;
  for (int i = 0; i < 3000; i++) indented += std::string(size_t(2 * i), ' ') + "- 항목 " + std::to_string(i) + "\n";
  Probe li = run("indented-list", indented);
  REQUIRE(find_diag(li.doc, "nested more than 64 deep"));
  CHECK(li.parse_ms + li.layout_ms < 5000);
}

TEST_CASE("spans nested 10,000 deep keep their text") {
  std::string text = "문단 " + repeat("*a ", 10000) + "x" + std::string(10000, '*') + "\n\n" + std::string(10000, '[') + "x" +
                     std::string(10000, ']') + "\n";
  Probe p = run("deep-spans", text);
  REQUIRE(find_diag(p.doc, "nested more than 64 deep"));
  CHECK(p.parse_ms + p.layout_ms < 5000);
}

TEST_CASE("a 5 MB single line is laid out up to the line limit") {
  std::string line = repeat("한국어 문장 ", 5u * 1024 * 1024 / 17);
  std::string text = "---\ntitle: 긴 줄\n---\n\n" + line + "\n";
  Probe p = run("long-line", text);
  const Diagnostic* g = find_diag(p.doc, "line of 5.0 MB");
  REQUIRE(g);
  CHECK(g->line == 5);
  size_t laid = 0;
  for (const Block& b : p.layout.blocks) laid += b.text.text.size();
  CHECK(laid <= limits::kMaxLayoutLineBytes + 64);
  CHECK(p.layout_ms < 3000);
}

TEST_CASE("a 50 MB post parses, keeps its size warning and lays out") {
  std::string unit = "## 제목\n\n" +
                     repeat("오늘은 모델 학습과 추론에 대한 강의를 들었다. The quick brown fox jumps over the lazy dog.\n", 6) + "\n";
  std::string text = "---\ntitle: 큰 글\n---\n\n" + repeat(unit, 50u * 1024 * 1024 / unit.size() + 1);
  Probe p = run("50mb", text);
  REQUIRE(find_diag(p.doc, "large file (50 MB)"));
  CHECK(p.doc.tree.nodes.size() <= limits::kMaxTreeNodes + 16);
  CHECK(!p.layout.blocks.empty());
}

TEST_CASE("past the node limit the tree stops with a located warning") {
  // Short paragraphs make about 2 nodes per 4 bytes.
  std::string text = repeat("가\n\n", limits::kMaxTreeNodes);
  Probe p = run("many-nodes", text);
  const Diagnostic* g = find_diag(p.doc, "more than 2,000,000 Markdown elements");
  REQUIRE(g);
  CHECK(g->line > 1);
  CHECK(p.doc.tree.nodes.size() <= limits::kMaxTreeNodes + 16);
  REQUIRE(!p.layout.blocks.empty());
  CHECK(p.layout.blocks.back().text.text.find("more than 2,000,000 Markdown elements") != std::string::npos);
}

TEST_CASE("n repeats of one heading get distinct anchors in linear time") {
  std::string text = repeat("## 같은 제목\n\n", 20000);
  double t0 = now_ms();
  Document d = parse_document("repeats.md", text);
  double ms = now_ms() - t0;
  REQUIRE(d.headings.size() == 20000);
  CHECK(d.headings[0].anchor == "같은-제목");
  CHECK(d.headings[1].anchor == "같은-제목-1");
  CHECK(d.headings[19999].anchor == "같은-제목-19999");
  CHECK(ms < 2000);
}

TEST_CASE("a post whose layout throws shows a note in its place and the next post is fine") {
  test::ensure_frame();
  Document bad = parse_document("bad.md", "# 실패하는 글\n\n본문\n");
  Document good = parse_document("good.md", "# 괜찮은 글\n\n본문\n");
  g_layout_test_fault = [](const Document& d) {
    if (d.path == "bad.md" && d.text.find("실패") != std::string::npos) throw std::bad_alloc();
  };
  DocView view;
  view.set_document(&bad, 1);
  test::draw_view(view);
  CHECK(view.probe().layout_error == "std::bad_alloc");
  CHECK(view.layout()->blocks.size() == 1);
  CHECK(view.layout()->blocks[0].text.text.find("could not lay this post out") != std::string::npos);
  CHECK(bad.text == "# 실패하는 글\n\n본문\n");
  view.set_document(&good, 1);
  test::draw_view(view);
  g_layout_test_fault = nullptr;
  CHECK(view.probe().layout_error.empty());
  CHECK(view.layout()->blocks.size() == 2);
}

namespace {

// This thread's CPU time: a ratio of wall times swung from 12x to 33x when
// other programs shared the machine's two cores.
double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

// Imports n small files through the app as a drop does; returns CPU ms.
double import_small_files(int n, size_t& stored) {
  test::MemoryStorage st;
  App app(st, AppOptions{});
  app.start();
  for (int i = 0; i < 3; i++) { test::next_frame(); app.frame(); }
  double t0 = thread_cpu_ms();
  app.import_begin(n);
  for (int i = 0; i < n; i++)
    app.import_file("small-" + std::to_string(i) + ".md",
                    "---\ntitle: 작은 글 " + std::to_string(i) + "\ntags: [작은]\n---\n본문 " + std::to_string(i) + "\n");
  app.import_end();
  for (int f = 0; f < 100000 && app.busy(); f++) { test::next_frame(); app.frame(); }
  double ms = thread_cpu_ms() - t0;
  stored = st.files.size();
  return ms;
}

}  // namespace

TEST_CASE("10,000 dropped files import in time linear in their number") {
  test::ensure_frame();
  size_t a = 0, b = 0;
  double small = import_small_files(1000, a);
  double large = import_small_files(8000, b);
  std::printf("import: 1,000 files %.0f ms, 8,000 files %.0f ms (%.1fx for 8x the files)\n", small, large, large / small);
  CHECK(a == 1000);
  CHECK(b == 8000);
  CHECK(large < small * 16);  // linear is 8x; quadratic would be 64x
}
