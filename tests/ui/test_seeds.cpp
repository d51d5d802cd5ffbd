// Real-looking Korean posts, parsed by the core and laid out by the viewer:
// the project's own test posts (tests/data/posts), and the seed corpus when
// it is there (suite "seeds", run by the ctest entry seeds.ui).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/document.h"
#include "doctest/doctest.h"
#include "ui/doc_view.h"
#include "ui/layout.h"
#include "ui_env.h"

using namespace sheaf;

namespace {

std::vector<std::filesystem::path> posts_in(const char* dir, const char* ext) {
  std::vector<std::filesystem::path> out;
  for (auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ext) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// A test post by its number ("01", ...).
Document test_post(const char* prefix) {
  for (const auto& p : posts_in(SHEAF_TEST_POSTS, ".md"))
    if (p.filename().string().rfind(prefix, 0) == 0) return parse_document(p.filename().string(), slurp(p));
  FAIL("no test post ", prefix);
  return {};
}

void draw(DocView& v, float w, float h) {
  test::next_frame();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(w, h));
  ImGui::Begin("post", nullptr, ImGuiWindowFlags_NoDecoration);
  v.draw(ImVec2(w, h));
  ImGui::End();
}

// Every post at two widths: blocks, every glyph drawn, lines inside the column.
void check_all_lay_out(const std::vector<std::filesystem::path>& files) {
  for (const auto& path : files) {
    CAPTURE(path.filename().string());
    Document doc = parse_document(path.filename().string(), slurp(path));
    for (float w : {1280.f, 520.f}) {
      CAPTURE(w);
      DocView v;
      v.set_document(&doc, 1);
      draw(v, w, 800);
      CHECK(v.block_count() > 5);
      CHECK(v.missing_glyphs() == 0);
      const DocLayout* l = v.layout();
      REQUIRE(l);
      int lines = 0;
      for (const Block& b : l->blocks) {
        if (b.kind != BlockKind::Text) continue;
        CHECK(b.x >= 0);
        for (const Line& ln : b.layout.lines) CHECK(ln.w <= b.w + 0.5f);
        lines += int(b.layout.lines.size());
        CHECK(b.x + b.layout.width <= l->width + 0.5f);
      }
      CHECK(lines > 10);
    }
  }
}

}  // namespace

TEST_CASE("every test post lays out with no missing glyphs and lines within the column") {
  auto files = posts_in(SHEAF_TEST_POSTS, ".md");
  REQUIRE(files.size() == 7);
  check_all_lay_out(files);
}

TEST_SUITE("seeds" * doctest::skip()) {
TEST_CASE("every seed lays out with no missing glyphs and lines within the column") {
  auto files = posts_in(SHEAF_SEEDS_DIR, ".txt");
  REQUIRE(files.size() >= 5);
  check_all_lay_out(files);
}
}

TEST_CASE("post 02: the table inside a list item renders as a table") {
  Document doc = test_post("02");
  DocView v;
  v.set_document(&doc, 1);
  draw(v, 1000, 800);
  const DocLayout* l = v.layout();
  REQUIRE(l);
  int cells = 0;
  float cell_x = 1e9f, para_x = 1e9f;
  for (const Block& b : l->blocks) {
    NodeType t = doc.tree.nodes[b.node].type;
    if (t == NodeType::TableCell || t == NodeType::TableHeaderCell) {
      cells++;
      cell_x = std::min(cell_x, b.x);
    }
    if (t == NodeType::Paragraph) para_x = std::min(para_x, b.x);
  }
  CHECK(cells == 9);
  CHECK(cell_x > 40);          // indented under its list item
  CHECK(cell_x > para_x + 20);  // further in than the post's paragraphs
}

TEST_CASE("post 01: toc: true shows the outline, and headings have anchors") {
  Document doc = test_post("01");
  DocView v;
  v.set_document(&doc, 1);
  draw(v, 1000, 800);
  CHECK(v.outline_visible());
  REQUIRE(doc.headings.size() == 3);
  CHECK(doc.headings[1].text == "이번 주에 한 일");
  CHECK(doc.headings.back().text == "배운 점");
  CHECK(v.scroll_to_anchor(doc.headings[1].anchor));
  draw(v, 1000, 800);
  draw(v, 1000, 800);
  const float y1 = v.scroll_y();
  CHECK(y1 > 0);
  CHECK(v.current_heading() == 1);
  // The last heading is further down (the end of the post may stop the
  // scroll before it reaches the top, so it need not become current).
  CHECK(v.scroll_to_anchor(doc.headings.back().anchor));
  draw(v, 1000, 800);
  draw(v, 1000, 800);
  CHECK(v.scroll_y() > y1);
  CHECK(v.current_heading() >= 1);
  CHECK_FALSE(v.scroll_to_anchor("no-such-heading"));
}

TEST_CASE("post 03: without toc the outline stays hidden") {
  Document doc = test_post("03");
  DocView v;
  v.set_document(&doc, 1);
  draw(v, 1000, 800);
  CHECK_FALSE(v.outline_visible());
  CHECK(doc.title == "이번 주 안에 끝낼 일");
}
