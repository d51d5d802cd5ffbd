// Shared by the Liquid and footnote tests: a parse's nodes in order, and
// an incremental re-parse compared with a full one.
#pragma once
#include <string>
#include <vector>

#include "core/document.h"
#include "core/incremental.h"
#include "tree_check.h"

namespace liquid_test {
using namespace sheaf;

inline Document parse(const std::string& body) { return parse_document("p.md", "---\ntitle: t\n---\n" + body); }

// Indices of the nodes of one type, in document order.
inline std::vector<uint32_t> all_of(const Document& d, NodeType t) {
  std::vector<uint32_t> out;
  for (uint32_t i = 0; i < d.tree.nodes.size(); i++)
    if (d.tree.nodes[i].type == t) out.push_back(i);
  return out;
}

inline std::string text_of(const Document& d, uint32_t i) { return std::string(d.tree.text(d.tree.nodes[i], d.text)); }
inline std::string src_of(const Document& d, uint32_t i) {
  const Node& n = d.tree.nodes[i];
  return d.text.substr(n.src_begin, n.src_end - n.src_begin);
}

// "" when the two trees are the same, field for field.
inline std::string tree_diff(const Document& a, const Document& b) {
  if (a.tree.nodes.size() != b.tree.nodes.size())
    return "node count " + std::to_string(a.tree.nodes.size()) + " vs " + std::to_string(b.tree.nodes.size());
  for (size_t i = 0; i < a.tree.nodes.size(); i++) {
    const Node &x = a.tree.nodes[i], &y = b.tree.nodes[i];
    if (x.type != y.type || x.level != y.level || x.flags != y.flags || x.parent != y.parent ||
        x.first_child != y.first_child || x.last_child != y.last_child || x.next_sibling != y.next_sibling ||
        x.src_begin != y.src_begin || x.src_end != y.src_end || a.tree.text(x, a.text) != b.tree.text(y, b.text))
      return "node " + std::to_string(i) + " " + node_type_name(y.type);
    if ((x.type == NodeType::CodeBlock || x.type == NodeType::Link) &&
        (a.tree.href(x) != b.tree.href(y) || a.tree.title(x) != b.tree.title(y)))
      return "node " + std::to_string(i) + " attributes";
  }
  if (a.tree.top != b.tree.top) return "top";
  return "";
}

// Replaces `from` (first occurrence) with `to` incrementally; "" when the
// result equals a full parse of the new text.
inline std::string edit_matches_full(Document& d, const std::string& from, const std::string& to) {
  size_t at = d.text.find(from);
  if (at == std::string::npos) return "no '" + from + "' in the text";
  std::string next = d.text.substr(0, at) + to + d.text.substr(at + from.size());
  reparse_after_edit(d, next, uint32_t(at), uint32_t(from.size()), uint32_t(to.size()));
  Document want = parse_document("p.md", next);
  if (std::string r = check_ranges(d.tree, d.text, d.front_matter.body_begin); !r.empty()) return "ranges: " + r;
  return tree_diff(d, want);
}

}  // namespace liquid_test
