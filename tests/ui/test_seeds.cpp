// The five real Korean seed posts, parsed by the core and laid out by the viewer.
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

std::vector<std::filesystem::path> seeds() {
  std::vector<std::filesystem::path> out;
  for (auto& e : std::filesystem::directory_iterator(SHEAF_SEEDS_DIR))
    if (e.path().extension() == ".txt") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void draw(DocView& v, float w, float h) {
  test::next_frame();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(w, h));
  ImGui::Begin("seed", nullptr, ImGuiWindowFlags_NoDecoration);
  v.draw(ImVec2(w, h));
  ImGui::End();
}

}  // namespace

TEST_CASE("every seed lays out with no missing glyphs and lines within the column") {
  auto files = seeds();
  REQUIRE(files.size() >= 5);
  for (const auto& path : files) {
    CAPTURE(path.filename().string());
    Document doc = parse_document(path.filename().string(), slurp(path));
    for (float w : {1280.f, 520.f}) {
      DocView v;
      v.set_document(&doc, 1);
      draw(v, w, 800);
      CHECK(v.block_count() > 5);
      CHECK(v.missing_glyphs() == 0);
      const DocLayout* l = v.layout();
      REQUIRE(l);
      for (const Block& b : l->blocks) {
        if (b.kind != BlockKind::Text) continue;
        CHECK(b.x >= 0);
        for (const Line& ln : b.layout.lines) CHECK(ln.w <= b.w + 0.5f);
        CHECK(b.x + b.layout.width <= l->width + 0.5f);
      }
    }
  }
}

TEST_CASE("seed 001: the table inside a list item renders as a table") {
  auto files = seeds();
  auto it = std::find_if(files.begin(), files.end(), [](auto& p) { return p.filename().string().rfind("001_", 0) == 0; });
  REQUIRE(it != files.end());
  Document doc = parse_document(it->filename().string(), slurp(*it));
  DocView v;
  v.set_document(&doc, 1);
  draw(v, 1000, 800);
  const DocLayout* l = v.layout();
  REQUIRE(l);
  int cells = 0;
  float list_x = 1e9f;
  for (const Block& b : l->blocks) {
    NodeType t = doc.tree.nodes[b.node].type;
    if (t == NodeType::TableCell || t == NodeType::TableHeaderCell) {
      cells++;
      list_x = std::min(list_x, b.x);
    }
  }
  CHECK(cells == 9);
  CHECK(list_x > 40);  // indented under its list item
}

TEST_CASE("seed 000: toc: true shows the outline; headings have anchors") {
  auto files = seeds();
  Document doc = parse_document(files[0].filename().string(), slurp(files[0]));
  DocView v;
  v.set_document(&doc, 1);
  draw(v, 1000, 800);
  CHECK(v.outline_visible());
  REQUIRE(!doc.headings.empty());
  CHECK(v.scroll_to_anchor(doc.headings.back().anchor));
  draw(v, 1000, 800);
  draw(v, 1000, 800);
  CHECK(v.scroll_y() > 0);
  CHECK(v.current_heading() >= 1);
}
