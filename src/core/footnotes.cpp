// Sheaf core: footnotes (see footnotes.h).
#include "core/footnotes.h"

#include <algorithm>
#include <unordered_map>

namespace sheaf {

size_t footnote_mark_len(std::string_view s) {
  if (s.size() < 4 || s[0] != '[' || s[1] != '^') return 0;
  size_t i = 2;
  for (; i < s.size() && s[i] != ']'; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c <= ' ' || c == '[' || c == 0x7F) return 0;
    if (i - 2 >= 200) return 0;
  }
  if (i >= s.size() || i == 2) return 0;
  return i - 2;
}

static int lookup(const std::vector<std::pair<uint32_t, int>>& v, uint32_t node) {
  auto it = std::lower_bound(v.begin(), v.end(), std::make_pair(node, -2));
  return it != v.end() && it->first == node ? it->second : -1;
}

int Footnotes::note_of_ref(uint32_t node) const { return lookup(ref_index, node); }
int Footnotes::note_of_def(uint32_t node) const { return lookup(def_index, node); }

Footnotes collect_footnotes(const MarkdownTree& tree, std::string_view text) {
  Footnotes f;
  std::unordered_map<std::string_view, uint32_t> def_of;  // id -> first definition node
  std::vector<uint32_t> refs;
  for (uint32_t i = 0; i < tree.nodes.size(); i++) {
    const Node& n = tree.nodes[i];
    if (n.type == NodeType::FootnoteDef) def_of.emplace(tree.text(n, text), i);
    else if (n.type == NodeType::FootnoteRef) refs.push_back(i);
  }
  if (def_of.empty()) return f;
  std::unordered_map<std::string_view, int> note_of;  // id -> index in notes
  for (uint32_t r : refs) {
    std::string_view id = tree.text(tree.nodes[r], text);
    auto d = def_of.find(id);
    if (d == def_of.end()) continue;  // no definition: stays text
    auto it = note_of.find(id);
    int k;
    if (it == note_of.end()) {
      k = int(f.notes.size());
      note_of.emplace(id, k);
      FootnoteInfo info;
      info.id = std::string(id);
      info.number = k + 1;
      info.def = d->second;
      f.notes.push_back(std::move(info));
    } else {
      k = it->second;
    }
    f.notes[size_t(k)].refs.push_back(r);
    f.ref_index.push_back({r, k});
  }
  // Definitions nobody refers to still show, after the others, so nothing
  // written is hidden; they get the next numbers.
  for (uint32_t i = 0; i < tree.nodes.size(); i++) {
    const Node& n = tree.nodes[i];
    if (n.type != NodeType::FootnoteDef) continue;
    std::string_view id = tree.text(n, text);
    if (def_of[id] != i) continue;  // a duplicate: the first one wins
    auto it = note_of.find(id);
    if (it == note_of.end()) {
      int k = int(f.notes.size());
      note_of.emplace(id, k);
      FootnoteInfo info;
      info.id = std::string(id);
      info.number = k + 1;
      info.def = i;
      f.notes.push_back(std::move(info));
      f.def_index.push_back({i, k});
    } else {
      f.def_index.push_back({i, it->second});
    }
  }
  std::sort(f.def_index.begin(), f.def_index.end());
  return f;
}

}  // namespace sheaf
