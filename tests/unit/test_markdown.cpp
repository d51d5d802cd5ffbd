// Markdown tree: structure, source ranges, text, outline.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>
#include <filesystem>

#include "core/markdown.h"
#include "core/text.h"

using namespace sheaf;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::vector<std::string> seed_paths() {
  std::vector<std::string> out;
  for (auto& e : std::filesystem::directory_iterator(SHEAF_SEEDS_DIR))
    if (e.path().extension() == ".txt") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string seed(const char* prefix) {
  for (auto& p : seed_paths())
    if (std::filesystem::path(p).filename().string().rfind(prefix, 0) == 0) return read_file(p);
  return {};
}

// Body start after a "---" front matter (the real one is parse_document's job).
size_t body_of(const std::string& s) {
  if (s.rfind("---\n", 0) != 0) return 0;
  size_t e = s.find("\n---\n", 3);
  return e == std::string::npos ? 0 : e + 5;
}

// Compact structure dump: Type(child child ...), blocks and inlines alike.
std::string dump(const MarkdownTree& t, uint32_t root = 0) {
  std::string out;
  walk_tree(t, root, [&](uint32_t i, bool entering) {
    const Node& n = t.nodes[i];
    if (entering) {
      if (!out.empty() && out.back() != '(') out += ' ';
      out += node_type_name(n.type);
      if (n.first_child != kNoNode) out += '(';
    } else if (n.first_child != kNoNode) {
      out += ')';
    }
    return true;
  });
  return out;
}

// The range invariants every tree must satisfy; returns "" or a description.
std::string check_ranges(const MarkdownTree& t, std::string_view text, size_t body) {
  const auto& N = t.nodes;
  if (N.empty()) return "empty tree";
  if (N[0].src_begin != body || N[0].src_end != text.size()) return "root range";
  for (uint32_t i = 0; i < N.size(); i++) {
    const Node& n = N[i];
    std::string id = std::to_string(i) + " " + node_type_name(n.type) + " [" + std::to_string(n.src_begin) + "," + std::to_string(n.src_end) + ")";
    if (n.src_begin > n.src_end || n.src_end > text.size()) return "bad range " + id;
    bool cell = n.type == NodeType::TableCell || n.type == NodeType::TableHeaderCell;
    if (is_block(n.type) && !cell && n.type != NodeType::Document) {
      if (n.src_begin > body && text[n.src_begin - 1] != '\n' && text[n.src_begin - 1] != '\r') return "block not at line start " + id;
      if (n.src_end < text.size() && text[n.src_end - 1] != '\n' && text[n.src_end - 1] != '\r') return "block not at line end " + id;
      if (n.src_begin == n.src_end) return "empty block range " + id;
    }
    if (n.parent != kNoNode) {
      const Node& p = N[n.parent];
      if (n.src_begin < p.src_begin || n.src_end > p.src_end) return "outside parent " + id;
    }
    if (n.next_sibling != kNoNode) {
      const Node& s = N[n.next_sibling];
      if (s.src_begin < n.src_end) return "overlaps next sibling " + id + " next " + std::to_string(s.src_begin);
    }
    if (n.type == NodeType::Text && !n.text_in_pool) {
      if (n.text_begin != n.src_begin || n.text_len != n.src_end - n.src_begin) return "text range " + id;
    }
  }
  return "";
}

struct Parsed {
  std::string text;
  MarkdownTree tree;
  explicit Parsed(std::string s, size_t body = 0, MarkdownOptions o = {}) : text(std::move(s)) { parse_markdown(text, body, tree, o); }
  const Node& n(uint32_t i) const { return tree.nodes[i]; }
  std::string src(uint32_t i) const { return text.substr(n(i).src_begin, n(i).src_end - n(i).src_begin); }
  std::string txt(uint32_t i) const { return std::string(tree.text(n(i), text)); }
  // First node of a type (in document order) at or after index `from`.
  uint32_t find(NodeType t, uint32_t from = 0) const {
    for (uint32_t i = from; i < tree.nodes.size(); i++) if (tree.nodes[i].type == t) return i;
    return kNoNode;
  }
  std::string d() const { return dump(tree); }
};

}  // namespace

TEST_CASE("markdown: basic structure and ranges") {
  Parsed p("# Title\n\nHello *world* and **strong**.\n\n- a\n- b\n");
  CHECK(p.d() == "Document(Heading(Text) Paragraph(Text Emphasis(Text) Text Strong(Text) Text) BulletList(ListItem(Text) ListItem(Text)))");
  CHECK(check_ranges(p.tree, p.text, 0) == "");
  CHECK(p.src(1) == "# Title\n");
  CHECK(p.n(1).level == 1);
  uint32_t em = p.find(NodeType::Emphasis);
  CHECK(p.src(em) == "*world*");
  CHECK(p.src(p.find(NodeType::Strong)) == "**strong**");
  uint32_t ul = p.find(NodeType::BulletList);
  CHECK(p.src(ul) == "- a\n- b\n");
  CHECK(p.n(ul).mark == '-');
  CHECK(p.n(ul).tight);
  CHECK(p.src(p.find(NodeType::ListItem)) == "- a\n");
}
