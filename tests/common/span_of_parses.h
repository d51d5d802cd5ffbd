// Test helper: the ReparseSpan between two full parses, found by comparing
// their top-level blocks, so layout updates are tested without depending on
// the incremental parser. The longest common prefix of identical top-level
// subtrees, then the longest common suffix of subtrees identical once moved
// by the size difference, not overlapping the prefix.
#pragma once
#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/incremental.h"

namespace sheaf::test {

inline std::vector<uint32_t> top_blocks(const Document& d) {
  std::vector<uint32_t> v;
  if (!d.tree.nodes.empty())
    for (uint32_t c = d.tree.nodes[0].first_child; c != kNoNode; c = d.tree.nodes[c].next_sibling) v.push_back(c);
  return v;
}

// Top-level subtrees are contiguous in pre-order: [tops[i], end_of(i)).
inline uint32_t subtree_end(const Document& d, const std::vector<uint32_t>& tops, size_t i) {
  return i + 1 < tops.size() ? tops[i + 1] : uint32_t(d.tree.nodes.size());
}

// Subtree `a` of `x` equals subtree `b` of `y` moved by `dbyte` (source
// offsets) and by `b - a` (node links), every field and every text; the
// top node's sibling is another block's business.
inline bool same_subtree(const Document& x, uint32_t a, uint32_t a_end, const Document& y, uint32_t b, uint32_t b_end,
                         int64_t dbyte) {
  if (a_end - a != b_end - b) return false;
  const int64_t dn = int64_t(b) - int64_t(a);
  auto link = [&](uint32_t v, uint32_t w, bool is_parent) {
    if (v == kNoNode || w == kNoNode) return v == w;
    if (is_parent && v == 0) return w == 0;
    return int64_t(v) + dn == int64_t(w);
  };
  auto src = [&](uint32_t v, uint32_t w) { return int64_t(v) + dbyte == int64_t(w); };
  for (uint32_t i = 0; i < a_end - a; i++) {
    const Node& n = x.tree.nodes[a + i];
    const Node& m = y.tree.nodes[b + i];
    if (n.type != m.type || n.level != m.level || n.task != m.task || n.align != m.align || n.tight != m.tight ||
        n.mark != m.mark || n.start != m.start || n.flags != m.flags || n.text_in_pool != m.text_in_pool)
      return false;
    if (!link(n.parent, m.parent, true) || !link(n.first_child, m.first_child, false) ||
        !link(n.last_child, m.last_child, false) || (i > 0 && !link(n.next_sibling, m.next_sibling, false)))
      return false;
    if (!src(n.src_begin, m.src_begin) || !src(n.src_end, m.src_end)) return false;
    if (n.task && !src(n.task_mark_offset, m.task_mark_offset)) return false;
    if (!n.text_in_pool && n.text_len && !src(n.text_begin, m.text_begin)) return false;
    if (x.tree.text(n, x.text) != y.tree.text(m, y.text) || x.tree.href(n) != y.tree.href(m) ||
        x.tree.title(n) != y.tree.title(m))
      return false;
  }
  const Node& n = x.tree.nodes[a];
  const Node& m = y.tree.nodes[b];
  return std::string_view(x.text).substr(n.src_begin, n.src_end - n.src_begin) ==
         std::string_view(y.text).substr(m.src_begin, m.src_end - m.src_begin);
}

inline ReparseSpan span_of_parses(const Document& old_doc, const Document& new_doc) {
  ReparseSpan s;
  const std::vector<uint32_t> ot = top_blocks(old_doc), nt = top_blocks(new_doc);
  if (old_doc.tree.nodes.empty() || new_doc.tree.nodes.empty()) return s;  // full
  const int64_t dbyte = int64_t(new_doc.text.size()) - int64_t(old_doc.text.size());
  size_t pre = 0;
  while (pre < ot.size() && pre < nt.size() && ot[pre] == nt[pre] &&
         same_subtree(old_doc, ot[pre], subtree_end(old_doc, ot, pre), new_doc, nt[pre], subtree_end(new_doc, nt, pre), 0))
    pre++;
  size_t suf = 0;
  while (suf < ot.size() - pre && suf < nt.size() - pre) {
    const size_t i = ot.size() - 1 - suf, j = nt.size() - 1 - suf;
    if (!same_subtree(old_doc, ot[i], subtree_end(old_doc, ot, i), new_doc, nt[j], subtree_end(new_doc, nt, j), dbyte))
      break;
    suf++;
  }
  s.full = false;
  s.old_first = uint32_t(pre);
  s.old_count = uint32_t(ot.size() - pre - suf);
  s.new_count = uint32_t(nt.size() - pre - suf);
  s.node_begin = pre < ot.size() ? ot[pre] : uint32_t(old_doc.tree.nodes.size());
  s.old_node_end = suf ? ot[ot.size() - suf] : uint32_t(old_doc.tree.nodes.size());
  s.new_node_end = suf ? nt[nt.size() - suf] : uint32_t(new_doc.tree.nodes.size());
  s.old_byte_end = suf ? old_doc.tree.nodes[ot[ot.size() - suf]].src_begin : uint32_t(old_doc.text.size());
  s.new_byte_end = suf ? new_doc.tree.nodes[nt[nt.size() - suf]].src_begin : uint32_t(new_doc.text.size());
  s.byte_begin = pre ? old_doc.tree.nodes[ot[pre - 1]].src_end : uint32_t(old_doc.front_matter.body_begin);
  s.byte_begin = std::min(s.byte_begin, std::min(s.old_byte_end, s.new_byte_end));
  return s;
}

}  // namespace sheaf::test
