// Shared by the Markdown unit tests: the source-range invariants of a tree.
#pragma once
#include <string>
#include <string_view>
#include "core/document.h"

namespace sheaf_test {
using namespace sheaf;

// The range invariants every tree must satisfy; returns "" or a description.
inline std::string check_ranges(const MarkdownTree& t, std::string_view text, size_t body) {
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

}  // namespace sheaf_test
using sheaf_test::check_ranges;
