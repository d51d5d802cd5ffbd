// Sheaf core: kramdown attribute lines, notices, {:toc}, markdown="1" blocks,
// GitHub alerts and Obsidian callouts (see jekyll_blocks.h).
//
// The pass reads the flat tree into child lists, reshapes those, and writes
// the tree again in pre-order, so each top-level block's subtree stays one
// contiguous index range (the incremental re-parse relies on it). Dropped
// inline nodes leave their pool bytes unused; new nodes use no pool.
//
// Index of this file:
// [SECTION] Callout kinds
// [SECTION] Attributes
// [SECTION] Tree editing
// [SECTION] Paragraph lines
// [SECTION] markdown="1" blocks
// [SECTION] The pass

#include "core/jekyll_blocks.h"

#include <algorithm>
#include <cstring>

#include "core/markdown.h"
#include "core/utf8.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Callout kinds
//-----------------------------------------------------------------------------

namespace {
struct KindInfo {
  const char* name;
  const char* label;
  const char* colour;
};
const KindInfo kKinds[] = {
    {"note", "Note", "note"},
    {"tip", "Tip", "tip"},
    {"important", "Important", "important"},
    {"warning", "Warning", "warning"},
    {"caution", "Caution", "caution"},
    {"notice", "Notice", "plain"},
    {"notice--primary", "Primary", "important"},
    {"notice--info", "Info", "note"},
    {"notice--warning", "Warning", "warning"},
    {"notice--success", "Success", "tip"},
    {"notice--danger", "Danger", "caution"},
    {"question", "Question", "warning"},
    {"example", "Example", "important"},
    {"quote", "Quote", "plain"},
    {"abstract", "Abstract", "note"},
    {"todo", "Todo", "note"},
    {"bug", "Bug", "caution"},
    {"info", "Info", "note"},
    {"success", "Success", "tip"},
    {"danger", "Danger", "caution"},
};
static_assert(sizeof kKinds / sizeof kKinds[0] == size_t(CalloutKind::Count), "one entry per kind");

bool ieq(std::string_view a, const char* b) {
  size_t n = std::strlen(b);
  if (a.size() != n) return false;
  for (size_t i = 0; i < n; i++) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    if (c != b[i]) return false;
  }
  return true;
}
}  // namespace

const char* callout_kind_name(CalloutKind k) { return kKinds[size_t(k) < size_t(CalloutKind::Count) ? size_t(k) : 0].name; }
const char* callout_label(CalloutKind k) { return kKinds[size_t(k) < size_t(CalloutKind::Count) ? size_t(k) : 0].label; }
const char* callout_colour(CalloutKind k) { return kKinds[size_t(k) < size_t(CalloutKind::Count) ? size_t(k) : 0].colour; }
bool callout_is_notice(CalloutKind k) { return k >= CalloutKind::Notice && k <= CalloutKind::Danger; }

CalloutKind callout_kind_from_word(std::string_view w) {
  struct Alias {
    const char* word;
    CalloutKind kind;
  };
  static const Alias kAliases[] = {
      {"note", CalloutKind::Note},         {"tip", CalloutKind::Tip},           {"hint", CalloutKind::Tip},
      {"important", CalloutKind::Important}, {"warning", CalloutKind::Warning}, {"attention", CalloutKind::Warning},
      {"caution", CalloutKind::Caution},   {"info", CalloutKind::InfoCallout},         {"success", CalloutKind::SuccessCallout},
      {"check", CalloutKind::SuccessCallout},     {"done", CalloutKind::SuccessCallout},      {"danger", CalloutKind::DangerCallout},
      {"error", CalloutKind::DangerCallout},      {"failure", CalloutKind::DangerCallout},    {"fail", CalloutKind::DangerCallout},
      {"missing", CalloutKind::DangerCallout},    {"question", CalloutKind::Question}, {"help", CalloutKind::Question},
      {"faq", CalloutKind::Question},      {"example", CalloutKind::Example},   {"quote", CalloutKind::Quote},
      {"cite", CalloutKind::Quote},        {"abstract", CalloutKind::Abstract}, {"summary", CalloutKind::Abstract},
      {"tldr", CalloutKind::Abstract},     {"todo", CalloutKind::Todo},         {"bug", CalloutKind::Bug},
  };
  for (const Alias& a : kAliases)
    if (ieq(w, a.word)) return a.kind;
  return CalloutKind::Note;
}

bool notice_kind_from_class(std::string_view cls, CalloutKind& out) {
  if (cls == "notice") { out = CalloutKind::Notice; return true; }
  if (cls.substr(0, 8) != "notice--") return false;
  std::string_view v = cls.substr(8);
  if (v == "primary") out = CalloutKind::Primary;
  else if (v == "info") out = CalloutKind::Info;
  else if (v == "warning") out = CalloutKind::NoticeWarning;
  else if (v == "danger") out = CalloutKind::Danger;
  else if (v == "success") out = CalloutKind::Success;
  else return false;
  return true;
}

//-----------------------------------------------------------------------------
// [SECTION] Attributes
//-----------------------------------------------------------------------------

namespace {

inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// The value part of a name: letters, digits, '-', '_', ':' and non-ASCII.
inline bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == ':' ||
         (unsigned char)c >= 0x80;
}

// The attribute list inside "{: ... }": .class #id key="v" key='v' key=v ref.
bool parse_attr_list(std::string_view s, KramdownAttrs* out) {
  size_t i = 0;
  while (i < s.size()) {
    if (is_space(s[i])) { i++; continue; }
    char c = s[i];
    if (c == '.' || c == '#') {
      size_t b = ++i;
      while (i < s.size() && name_char(s[i])) i++;
      if (i == b) return false;
      if (out) {
        if (c == '.') out->classes.emplace_back(s.substr(b, i - b));
        else out->id = std::string(s.substr(b, i - b));
      }
      continue;
    }
    size_t b = i;
    while (i < s.size() && name_char(s[i])) i++;
    if (i == b) return false;
    std::string_view key = s.substr(b, i - b);
    if (i < s.size() && s[i] == '=') {
      i++;
      std::string value;
      if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
        char q = s[i++];
        size_t vb = i;
        while (i < s.size() && s[i] != q) {
          if (s[i] == '\\' && i + 1 < s.size()) i++;
          i++;
        }
        if (i >= s.size()) return false;  // unterminated quote
        value = std::string(s.substr(vb, i - vb));
        i++;
      } else {
        size_t vb = i;
        while (i < s.size() && !is_space(s[i])) i++;
        value = std::string(s.substr(vb, i - vb));
      }
      if (out) {
        out->pairs.emplace_back(std::string(key), value);
        out->unknown.push_back(std::string(key) + "=\"" + value + "\"");
      }
      continue;
    }
    if (out) {
      if (key == "toc") out->toc = true;
      else out->unknown.push_back(std::string(key));  // a reference to an ALD
    }
  }
  return true;
}

}  // namespace

bool parse_attribute_line(std::string_view line, KramdownAttrs* out) {
  line = trim(line);
  if (line.size() < 3 || line[0] != '{' || line[1] != ':' || line.back() != '}') return false;
  std::string_view inner = line.substr(2, line.size() - 3);
  if (inner.find('}') != std::string_view::npos && inner.substr(0, 1) != ":") return false;
  if (!inner.empty() && inner[0] == ':') {  // extension "{::name ... /}" or "{::name}"
    size_t i = 1;
    while (i < inner.size() && name_char(inner[i])) i++;
    if (i == 1) return false;
    if (out) out->unknown.emplace_back(line);
    return true;
  }
  // ALD "{:ref: attrs}": a name right after "{:" followed by ':'.
  {
    size_t i = 0;
    while (i < inner.size() && (name_char(inner[i]) && inner[i] != ':')) i++;
    if (i > 0 && i < inner.size() && inner[i] == ':' && (inner[0] != '.' && inner[0] != '#')) {
      if (!parse_attr_list(inner.substr(i + 1), nullptr)) return false;
      if (out) out->unknown.emplace_back(line);
      return true;
    }
  }
  KramdownAttrs tmp;
  if (!parse_attr_list(inner, out ? &tmp : nullptr)) return false;
  if (out) {
    for (std::string& c : tmp.classes) out->classes.push_back(std::move(c));
    if (!tmp.id.empty()) out->id = std::move(tmp.id);
    for (auto& p : tmp.pairs) out->pairs.push_back(std::move(p));
    out->toc = out->toc || tmp.toc;
    for (std::string& u : tmp.unknown) out->unknown.push_back(std::move(u));
  }
  return true;
}

namespace {

// The opening tag of a markdown="1" block: its tag name, class and id.
bool parse_markdown_tag(std::string_view line, std::string* tag, KramdownAttrs* out);

// A quote or list item line's own text: past its '>' marks and indentation.
std::string_view strip_container_prefix(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '>')) i++;
  return line.substr(i);
}

}  // namespace

KramdownAttrs attributes_of_line_node(const MarkdownTree& tree, std::string_view text, uint32_t node) {
  KramdownAttrs a;
  if (node >= tree.nodes.size()) return a;
  const Node& n = tree.nodes[node];
  std::string_view s = tree.text(n, text);
  if (!s.empty() && s[0] == '<') {
    parse_markdown_tag(s, nullptr, &a);
    return a;
  }
  for (size_t b = 0; b < s.size();) {
    size_t e = s.find('\n', b);
    if (e == std::string_view::npos) e = s.size();
    parse_attribute_line(strip_container_prefix(s.substr(b, e - b)), &a);
    b = e + 1;
  }
  return a;
}

namespace {
// No blank line between the end of one block and the start of the next.
bool adjacent(std::string_view text, uint32_t end, uint32_t begin) {
  if (begin < end) return false;
  return std::memchr(text.data() + end, '\n', begin - end) == nullptr;
}
uint32_t prev_sibling(const MarkdownTree& t, uint32_t node) {
  const Node& n = t.nodes[node];
  if (n.parent == kNoNode) return kNoNode;
  uint32_t c = t.nodes[n.parent].first_child, prev = kNoNode;
  while (c != kNoNode && c != node) { prev = c; c = t.nodes[c].next_sibling; }
  return c == node ? prev : kNoNode;
}
}  // namespace

uint32_t attribute_line_for(const MarkdownTree& t, std::string_view text, uint32_t node) {
  if (node == 0 || node >= t.nodes.size()) return kNoNode;
  const Node& n = t.nodes[node];
  if (n.type == NodeType::AttributeLine) return kNoNode;
  uint32_t next = n.next_sibling;
  if (next != kNoNode && t.nodes[next].type == NodeType::AttributeLine && adjacent(text, n.src_end, t.nodes[next].src_begin)) {
    std::string_view s = t.text(t.nodes[next], text);
    if (s.empty() || s[0] != '<') return next;
  }
  uint32_t prev = prev_sibling(t, node);
  if (prev != kNoNode && t.nodes[prev].type == NodeType::AttributeLine && adjacent(text, t.nodes[prev].src_end, n.src_begin)) {
    // Not when it already applies to the block before it.
    uint32_t pp = prev_sibling(t, prev);
    bool taken = pp != kNoNode && t.nodes[pp].type != NodeType::AttributeLine &&
                 adjacent(text, t.nodes[pp].src_end, t.nodes[prev].src_begin);
    std::string_view s = t.text(t.nodes[prev], text);
    if (!taken && (s.empty() || s[0] != '<')) return prev;
  }
  return kNoNode;
}

KramdownAttrs block_attributes(const MarkdownTree& t, std::string_view text, uint32_t node) {
  uint32_t al = attribute_line_for(t, text, node);
  return al == kNoNode ? KramdownAttrs{} : attributes_of_line_node(t, text, al);
}

bool heading_has_no_toc(const MarkdownTree& t, std::string_view text, uint32_t node) {
  KramdownAttrs a = block_attributes(t, text, node);
  return std::find(a.classes.begin(), a.classes.end(), "no_toc") != a.classes.end();
}

//-----------------------------------------------------------------------------
// [SECTION] Tree editing
//-----------------------------------------------------------------------------

namespace {

struct Editor {
  std::string_view text;
  MarkdownTree& t;
  std::vector<std::vector<uint32_t>> kids;  // per node (old and new), in order
  std::vector<uint32_t> parent;
  bool changed = false;
  bool pool_reordered = false;  // nodes from a sub-parse hold pool bytes out of node order

  // The pool again in node order (the incremental re-parse finds a region's
  // pool bytes between its neighbours'), with the ranges core/incremental.cpp reads.
  void rebuild_pool() {
    std::string pool;
    pool.reserve(t.pool.size());
    for (Node& n : t.nodes) {
      const bool href = n.type == NodeType::Link || n.type == NodeType::Image || n.type == NodeType::WikiLink ||
                        n.type == NodeType::CodeBlock;
      const bool title = n.type == NodeType::Link || n.type == NodeType::Image || n.type == NodeType::CodeBlock;
      if (n.text_in_pool) {
        uint32_t b = uint32_t(pool.size());
        pool.append(t.pool, n.text_begin, n.text_len);
        n.text_begin = b;
      }
      if (href) {
        uint32_t b = uint32_t(pool.size());
        pool.append(t.pool, n.href_begin, n.href_len);
        n.href_begin = b;
      }
      if (title) {
        uint32_t b = uint32_t(pool.size());
        pool.append(t.pool, n.title_begin, n.title_len);
        n.title_begin = b;
      }
    }
    t.pool = std::move(pool);
  }

  Editor(std::string_view s, MarkdownTree& tree) : text(s), t(tree) {
    kids.resize(t.nodes.size());
    parent.resize(t.nodes.size(), kNoNode);
    for (uint32_t i = 0; i < t.nodes.size(); i++) {
      parent[i] = t.nodes[i].parent;
      for (uint32_t c = t.nodes[i].first_child; c != kNoNode; c = t.nodes[c].next_sibling) kids[i].push_back(c);
    }
  }

  uint32_t add(const Node& n, uint32_t par) {
    changed = true;
    t.nodes.push_back(n);
    kids.emplace_back();
    parent.push_back(par);
    return uint32_t(t.nodes.size() - 1);
  }

  size_t pos_in_parent(uint32_t node) {
    auto& ks = kids[parent[node]];
    return size_t(std::find(ks.begin(), ks.end(), node) - ks.begin());
  }

  // Replaces siblings [first, last] (positions in the parent's list) with a
  // new node holding them.
  uint32_t wrap(uint32_t par, size_t first, size_t last, Node w) {
    auto& ks = kids[par];
    w.src_begin = t.nodes[ks[first]].src_begin;
    w.src_end = t.nodes[ks[last]].src_end;
    std::vector<uint32_t> inner(ks.begin() + first, ks.begin() + last + 1);
    uint32_t id = add(w, par);
    auto& ks2 = kids[par];  // add() may move the lists
    ks2.erase(ks2.begin() + first, ks2.begin() + last + 1);
    ks2.insert(ks2.begin() + first, id);
    for (uint32_t c : inner) parent[c] = id;
    kids[id] = std::move(inner);
    return id;
  }

  // Writes the tree again, in pre-order from the root, with fresh links.
  void write() {
    std::vector<Node> out;
    out.reserve(t.nodes.size());
    std::vector<uint32_t> new_index(t.nodes.size(), kNoNode);
    struct Frame {
      uint32_t node;
      size_t next;
    };
    std::vector<Frame> stack;
    auto emit = [&](uint32_t old, uint32_t new_parent) {
      Node n = t.nodes[old];
      n.parent = new_parent;
      n.first_child = n.last_child = n.next_sibling = kNoNode;
      new_index[old] = uint32_t(out.size());
      out.push_back(n);
    };
    emit(0, kNoNode);
    stack.push_back({0, 0});
    while (!stack.empty()) {
      Frame& f = stack.back();
      if (f.next >= kids[f.node].size()) { stack.pop_back(); continue; }
      uint32_t c = kids[f.node][f.next++];
      uint32_t np = new_index[f.node];
      emit(c, np);
      uint32_t ni = new_index[c];
      Node& pn = out[np];
      if (pn.first_child == kNoNode) pn.first_child = ni;
      else out[pn.last_child].next_sibling = ni;
      pn.last_child = ni;
      stack.push_back({c, 0});
    }
    t.nodes = std::move(out);
    if (pool_reordered) rebuild_pool();
    t.top.clear();
    for (uint32_t c = t.nodes[0].first_child; c != kNoNode; c = t.nodes[c].next_sibling) t.top.push_back(c);
  }
};

//-----------------------------------------------------------------------------
// [SECTION] Paragraph lines
//-----------------------------------------------------------------------------

struct Line {
  size_t first = 0, end = 0;  // the line's nodes: kids positions [first, end)
  bool plain = true;          // only Text nodes
};

// A paragraph's lines, split at its top-level soft and hard breaks.
std::vector<Line> lines_of(const Editor& ed, uint32_t p, size_t limit = size_t(-1)) {
  std::vector<Line> ls;
  const auto& ks = ed.kids[p];
  const size_t n = std::min(limit, ks.size());
  Line cur;
  for (size_t k = 0; k < n; k++) {
    NodeType ty = ed.t.nodes[ks[k]].type;
    if (ty == NodeType::SoftBreak || ty == NodeType::HardBreak) {
      cur.end = k;
      ls.push_back(cur);
      cur = Line();
      cur.first = k + 1;
      continue;
    }
    if (ty != NodeType::Text) cur.plain = false;
  }
  cur.end = n;
  ls.push_back(cur);
  return ls;
}

// A line's source bytes (from its first node to the end of its last).
bool line_source(const Editor& ed, uint32_t p, const Line& l, uint32_t& b, uint32_t& e) {
  if (l.first >= l.end) return false;
  b = ed.t.nodes[ed.kids[p][l.first]].src_begin;
  e = ed.t.nodes[ed.kids[p][l.end - 1]].src_end;
  return e >= b;
}

bool is_attr_line(const Editor& ed, uint32_t p, const Line& l, uint32_t& b, uint32_t& e) {
  if (!l.plain || !line_source(ed, p, l, b, e)) return false;
  return parse_attribute_line(ed.text.substr(b, e - b), nullptr);
}

Node line_node(NodeType type, uint32_t src_b, uint32_t src_e, uint32_t text_b, uint32_t text_e) {
  Node n;
  n.type = type;
  n.src_begin = src_b;
  n.src_end = src_e;
  n.text_begin = text_b;
  n.text_len = text_e - text_b;
  return n;
}

// One paragraph: attribute lines out of it, {:toc} lists.
void do_paragraph(Editor& ed, uint32_t p) {
  std::vector<Line> ls = lines_of(ed, p);
  uint32_t b = 0, e = 0;
  size_t n_attr = 0;
  for (const Line& l : ls) n_attr += is_attr_line(ed, p, l, b, e);
  if (n_attr == 0) return;
  auto& ks = ed.kids[p];
  Node& pn = ed.t.nodes[p];
  if (n_attr == ls.size()) {
    uint32_t b0, e0, b1, e1;
    line_source(ed, p, ls.front(), b0, e0);
    line_source(ed, p, ls.back(), b1, e1);
    ed.changed = true;
    pn.type = NodeType::AttributeLine;
    pn.text_begin = b0;
    pn.text_len = e1 - b0;
    pn.text_in_pool = false;
    ks.clear();
    return;
  }
  // Last line.
  uint32_t lb, le;
  if (ls.size() > 1 && is_attr_line(ed, p, ls.back(), lb, le)) {
    const Line& last = ls.back();
    uint32_t brk = ks[last.first - 1];
    uint32_t line_start = ed.t.nodes[brk].src_end;
    KramdownAttrs a;
    parse_attribute_line(ed.text.substr(lb, le - lb), &a);
    uint32_t par = ed.parent[p];
    const Node& parn = ed.t.nodes[par];
    // "* TOC\n{:toc}": the list whose last item ends here becomes the outline.
    if (a.toc && parn.type == NodeType::ListItem && ed.kids[par].back() == p) {
      uint32_t list = ed.parent[par];
      if (list != kNoNode && ed.kids[list].back() == par) {
        Node& ln = ed.t.nodes[list];
        ed.changed = true;
        ln.type = NodeType::TocBlock;
        ln.level = 0;
        ln.start = 0;
        ln.tight = false;
        ln.mark = 0;
        ln.text_begin = lb;
        ln.text_len = le - lb;
        ln.text_in_pool = false;
        ed.kids[list].clear();
        return;
      }
    }
    uint32_t old_end = pn.src_end;
    ks.erase(ks.begin() + long(last.first - 1), ks.end());
    ed.t.nodes[p].src_end = line_start;
    uint32_t al = ed.add(line_node(NodeType::AttributeLine, line_start, old_end, lb, le), par);
    auto& pk = ed.kids[par];
    pk.insert(pk.begin() + long(ed.pos_in_parent(p)) + 1, al);
    ls = lines_of(ed, p);
  }
  // First line.
  uint32_t fb, fe;
  if (ls.size() > 1 && is_attr_line(ed, p, ls.front(), fb, fe)) {
    auto& k2 = ed.kids[p];
    uint32_t brk = k2[ls.front().end];
    uint32_t next_line = ed.t.nodes[brk].src_end;
    uint32_t old_begin = ed.t.nodes[p].src_begin;
    k2.erase(k2.begin(), k2.begin() + long(ls.front().end) + 1);
    ed.t.nodes[p].src_begin = next_line;
    uint32_t par = ed.parent[p];
    uint32_t al = ed.add(line_node(NodeType::AttributeLine, old_begin, next_line, fb, fe), par);
    auto& pk = ed.kids[par];
    pk.insert(pk.begin() + long(ed.pos_in_parent(p)), al);
  }
}

uint32_t line_after(std::string_view text, uint32_t pos, uint32_t limit);

// A tight list item holds its text as inlines: its last line may be an
// attribute line ("- TOC\n{:toc}", "- item\n  {: .x}").
void do_tight_item(Editor& ed, uint32_t li) {
  auto& ks = ed.kids[li];
  size_t run = 0;
  while (run < ks.size() && !is_block(ed.t.nodes[ks[run]].type)) run++;
  if (run == 0) return;
  std::vector<Line> ls = lines_of(ed, li, run);
  uint32_t lb, le;
  if (ls.size() < 2 || !is_attr_line(ed, li, ls.back(), lb, le)) return;
  const Line last = ls.back();
  KramdownAttrs a;
  parse_attribute_line(ed.text.substr(lb, le - lb), &a);
  uint32_t list = ed.parent[li];
  if (a.toc && run == ks.size() && list != kNoNode && ed.kids[list].back() == li) {
    Node& ln = ed.t.nodes[list];
    ed.changed = true;
    ln.type = NodeType::TocBlock;
    ln.level = 0;
    ln.start = 0;
    ln.tight = false;
    ln.mark = 0;
    ln.text_begin = lb;
    ln.text_len = le - lb;
    ln.text_in_pool = false;
    ed.kids[list].clear();
    return;
  }
  uint32_t brk = ks[last.first - 1];
  uint32_t line_start = ed.t.nodes[brk].src_end;
  uint32_t line_end = line_after(ed.text, le, ed.t.nodes[li].src_end);
  ks.erase(ks.begin() + long(last.first - 1), ks.begin() + long(last.end));
  size_t at = last.first - 1;
  uint32_t al = ed.add(line_node(NodeType::AttributeLine, line_start, line_end, lb, le), li);
  auto& k2 = ed.kids[li];
  k2.insert(k2.begin() + long(at), al);
}

// "> [!NOTE]" / "> [!info]- Title": the quote becomes a Callout.
void do_quote(Editor& ed, uint32_t q) {
  auto& qk = ed.kids[q];
  if (qk.empty()) return;
  uint32_t p = qk.front();
  if (ed.t.nodes[p].type != NodeType::Paragraph || ed.kids[p].empty()) return;
  std::vector<Line> ls = lines_of(ed, p);
  uint32_t b, e;
  if (!line_source(ed, p, ls.front(), b, e)) return;
  std::string_view line = ed.text.substr(b, e - b);
  if (line.size() < 4 || line[0] != '[' || line[1] != '!') return;
  size_t i = 2;
  while (i < line.size() && ((line[i] >= 'a' && line[i] <= 'z') || (line[i] >= 'A' && line[i] <= 'Z') || line[i] == '-' || line[i] == '_')) i++;
  if (i == 2 || i >= line.size() || line[i] != ']') return;
  std::string_view word = line.substr(2, i - 2);
  i++;
  if (i < line.size() && (line[i] == '-' || line[i] == '+')) i++;  // foldable: shown open
  if (i < line.size() && line[i] != ' ' && line[i] != '\t') return;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) i++;
  // The whole first line's nodes go; an inline that runs past it (emphasis
  // over two lines) leaves the quote as it is.
  if (ls.size() > 1) {
    uint32_t brk = ed.kids[p][ls.front().end];
    if (ed.t.nodes[ed.kids[p][ls.front().end - 1]].src_end > ed.t.nodes[brk].src_begin) return;
  }
  Node& qn = ed.t.nodes[q];
  ed.changed = true;
  qn.type = NodeType::Callout;
  qn.level = uint8_t(callout_kind_from_word(word));
  uint32_t tb = uint32_t(b + i), te = e;
  if (te > tb) {
    qn.text_begin = tb;
    qn.text_len = te - tb;
  } else {
    qn.text_begin = 0;
    qn.text_len = 0;
  }
  qn.text_in_pool = false;
  auto& pk = ed.kids[p];
  if (ls.size() == 1) {
    qk.erase(qk.begin());
    return;
  }
  uint32_t brk = pk[ls.front().end];
  uint32_t next_line = ed.t.nodes[brk].src_end;
  pk.erase(pk.begin(), pk.begin() + long(ls.front().end) + 1);
  ed.t.nodes[p].src_begin = next_line;
}

// Notice classes: wrap the block an AttributeLine applies to.
void do_notices(Editor& ed, uint32_t par) {
  for (size_t k = 0; k < ed.kids[par].size(); k++) {
    uint32_t al = ed.kids[par][k];
    const Node& an = ed.t.nodes[al];
    if (an.type != NodeType::AttributeLine) continue;
    std::string_view s = an.text_in_pool ? std::string_view() : ed.text.substr(an.text_begin, an.text_len);
    if (s.empty() || s[0] == '<') continue;
    KramdownAttrs a;
    for (size_t b = 0; b < s.size();) {
      size_t e = s.find('\n', b);
      if (e == std::string_view::npos) e = s.size();
      parse_attribute_line(strip_container_prefix(s.substr(b, e - b)), &a);
      b = e + 1;
    }
    CalloutKind kind;
    bool notice = false;
    for (const std::string& c : a.classes)
      if (notice_kind_from_class(c, kind)) notice = true;
    if (!notice) continue;
    auto& ks2 = ed.kids[par];
    auto usable = [&](uint32_t n) {
      NodeType ty = ed.t.nodes[n].type;
      return is_block(ty) && ty != NodeType::AttributeLine && ty != NodeType::Callout;
    };
    Node w;
    w.type = NodeType::Callout;
    w.level = uint8_t(kind);
    if (k > 0 && usable(ks2[k - 1]) && adjacent(ed.text, ed.t.nodes[ks2[k - 1]].src_end, an.src_begin)) {
      ed.wrap(par, k - 1, k, w);
      k--;
    } else if (k + 1 < ks2.size() && usable(ks2[k + 1]) && adjacent(ed.text, an.src_end, ed.t.nodes[ks2[k + 1]].src_begin)) {
      ed.wrap(par, k, k + 1, w);
    }
  }
}

//-----------------------------------------------------------------------------
// [SECTION] markdown="1" blocks
//-----------------------------------------------------------------------------

bool parse_markdown_tag(std::string_view line, std::string* tag, KramdownAttrs* out) {
  size_t nl = line.find('\n');
  if (nl != std::string_view::npos) line = line.substr(0, nl);
  line = trim(line);
  if (line.size() < 3 || line[0] != '<' || line.back() != '>') return false;
  size_t i = 1;
  while (i < line.size() && ((line[i] >= 'a' && line[i] <= 'z') || (line[i] >= 'A' && line[i] <= 'Z') || (line[i] >= '0' && line[i] <= '9'))) i++;
  if (i == 1) return false;
  if (tag) *tag = std::string(line.substr(1, i - 1));
  bool md = false;
  std::string_view rest = line.substr(i, line.size() - 1 - i);
  if (!rest.empty() && rest.back() == '/') return false;  // self-closing: nothing inside
  size_t j = 0;
  while (j < rest.size()) {
    while (j < rest.size() && is_space(rest[j])) j++;
    size_t nb = j;
    while (j < rest.size() && !is_space(rest[j]) && rest[j] != '=') j++;
    std::string_view name = rest.substr(nb, j - nb);
    if (name.empty()) { j++; continue; }
    std::string_view value;
    if (j < rest.size() && rest[j] == '=') {
      j++;
      if (j < rest.size() && (rest[j] == '"' || rest[j] == '\'')) {
        char q = rest[j++];
        size_t vb = j;
        while (j < rest.size() && rest[j] != q) j++;
        value = rest.substr(vb, j - vb);
        j++;
      } else {
        size_t vb = j;
        while (j < rest.size() && !is_space(rest[j])) j++;
        value = rest.substr(vb, j - vb);
      }
    }
    if (name == "markdown") md = value == "1" || value == "block" || value == "span";
    else if (out && name == "class") {
      for (size_t c = 0; c < value.size();) {
        while (c < value.size() && is_space(value[c])) c++;
        size_t cb = c;
        while (c < value.size() && !is_space(value[c])) c++;
        if (c > cb) out->classes.emplace_back(value.substr(cb, c - cb));
      }
    } else if (out && name == "id") out->id = std::string(value);
  }
  return md;
}

// Is the HTML block's text only "</tag>" (and blank lines)?
bool is_closing_tag(std::string_view s, const std::string& tag) {
  s = trim(s);
  return s.size() == tag.size() + 3 && s.substr(0, 2) == "</" && s.substr(2, tag.size()) == tag && s.back() == '>';
}

// The first line's end in the file (after its '\n').
uint32_t line_after(std::string_view text, uint32_t pos, uint32_t limit) {
  const void* nl = std::memchr(text.data() + pos, '\n', limit - pos);
  return nl ? uint32_t(static_cast<const char*>(nl) - text.data()) + 1 : limit;
}

void do_markdown_blocks(Editor& ed, uint32_t par) {
  for (size_t k = 0; k < ed.kids[par].size(); k++) {
    uint32_t h = ed.kids[par][k];
    if (ed.t.nodes[h].type != NodeType::HtmlBlock) continue;
    std::string tag;
    KramdownAttrs a;
    std::string_view ht = ed.t.text(ed.t.nodes[h], ed.text);
    if (!parse_markdown_tag(ht, &tag, &a)) continue;
    CalloutKind kind = CalloutKind::Notice;
    bool notice = false;
    for (const std::string& c : a.classes)
      if (notice_kind_from_class(c, kind)) notice = true;
    const Node hn = ed.t.nodes[h];
    uint32_t open_end = line_after(ed.text, hn.src_begin, hn.src_end);
    size_t first_line_len = ht.find('\n');
    bool alone = first_line_len == std::string_view::npos || trim(ht.substr(first_line_len)).empty();
    auto make_line = [&](uint32_t node, uint32_t b, uint32_t e) {
      Node& n = ed.t.nodes[node];
      ed.changed = true;
      uint32_t tb = b;
      while (tb < e && (ed.text[tb] == ' ' || ed.text[tb] == '\t' || ed.text[tb] == '>')) tb++;
      uint32_t te = e;
      while (te > tb && is_space(ed.text[te - 1])) te--;
      n.type = NodeType::AttributeLine;
      n.text_begin = tb;
      n.text_len = te - tb;
      n.text_in_pool = false;
      n.src_begin = b;
      n.src_end = e;
    };
    if (alone) {
      // Blank lines inside: md4c ended the block at the first one, and the
      // content is already Markdown. Find the closing tag among the siblings.
      size_t close = k + 1;
      for (; close < ed.kids[par].size(); close++) {
        uint32_t c = ed.kids[par][close];
        if (ed.t.nodes[c].type == NodeType::HtmlBlock && is_closing_tag(ed.t.text(ed.t.nodes[c], ed.text), tag)) break;
      }
      if (close >= ed.kids[par].size()) continue;
      uint32_t c = ed.kids[par][close];
      make_line(h, hn.src_begin, hn.src_end);
      make_line(c, ed.t.nodes[c].src_begin, ed.t.nodes[c].src_end);
      if (notice) {
        Node w;
        w.type = NodeType::Callout;
        w.level = uint8_t(kind);
        ed.wrap(par, k, close, w);
      } else {
        k = close;
      }
      continue;
    }
    // One block: parse what is between the tag lines as Markdown. Only for
    // blocks whose text is the file's own bytes (not inside a quote).
    if (hn.text_in_pool || par != 0) continue;
    uint32_t last_b = hn.src_end;
    {
      // The last non-blank line.
      uint32_t e = hn.src_end;
      while (e > open_end && is_space(ed.text[e - 1])) e--;
      uint32_t lb = e;
      while (lb > open_end && ed.text[lb - 1] != '\n') lb--;
      if (!is_closing_tag(ed.text.substr(lb, e - lb), tag)) continue;
      last_b = lb;
    }
    MarkdownTree sub;
    parse_markdown_range(ed.text, open_end, last_b, last_b, ed.t.nodes[0].src_begin, sub);
    if (!sub.cuts.empty()) continue;
    // Their pool bytes go after the tree's.
    const uint32_t pool_shift = uint32_t(ed.t.pool.size());
    ed.t.pool += sub.pool;
    ed.pool_reordered = true;
    const uint32_t base = uint32_t(ed.t.nodes.size());
    std::vector<uint32_t> sub_top;
    for (uint32_t i = 1; i < sub.nodes.size(); i++) {
      Node n = sub.nodes[i];
      if (n.text_in_pool) n.text_begin += pool_shift;
      if (n.href_len || n.type == NodeType::Link || n.type == NodeType::Image || n.type == NodeType::WikiLink ||
          n.type == NodeType::CodeBlock) {
        n.href_begin += pool_shift;
        n.title_begin += pool_shift;
      }
      uint32_t par_new = n.parent == 0 ? kNoNode : n.parent - 1 + base;
      ed.add(n, par_new);
      if (n.parent == 0) sub_top.push_back(base + i - 1);
    }
    for (uint32_t i = 1; i < sub.nodes.size(); i++)
      for (uint32_t c = sub.nodes[i].first_child; c != kNoNode; c = sub.nodes[c].next_sibling) ed.kids[base + i - 1].push_back(c - 1 + base);
    const uint32_t old_end = hn.src_end;
    make_line(h, hn.src_begin, open_end);
    Node closing;
    uint32_t cl = ed.add(closing, par);
    make_line(cl, last_b, old_end);
    std::vector<uint32_t> seq;
    seq.push_back(h);
    for (uint32_t s : sub_top) {
      ed.parent[s] = par;
      seq.push_back(s);
    }
    seq.push_back(cl);
    auto& pk = ed.kids[par];
    pk.erase(pk.begin() + long(k));
    pk.insert(pk.begin() + long(k), seq.begin(), seq.end());
    if (notice) {
      Node w;
      w.type = NodeType::Callout;
      w.level = uint8_t(kind);
      ed.wrap(par, k, k + seq.size() - 1, w);
    } else {
      k += seq.size() - 1;
    }
  }
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] The pass
//-----------------------------------------------------------------------------

void apply_jekyll_blocks(std::string_view text, MarkdownTree& tree, bool whole) {
  if (tree.nodes.empty()) return;
  const Node& root = tree.nodes[0];
  if (root.src_end > text.size() || root.src_begin > root.src_end) return;
  std::string_view body = text.substr(root.src_begin, root.src_end - root.src_begin);
  const bool any_attr = body.find("{:") != std::string_view::npos;
  const bool any_alert = body.find("[!") != std::string_view::npos;
  const bool any_md = body.find("markdown=") != std::string_view::npos;
  if (!any_attr && !any_alert && !any_md) return;

  Editor ed(text, tree);
  const uint32_t n0 = uint32_t(tree.nodes.size());
  if (any_md) {
    // Block containers first, so what a markdown="1" block holds gets the rest.
    for (uint32_t i = 0; i < n0; i++) {
      NodeType ty = tree.nodes[i].type;
      if (ty == NodeType::Document || ty == NodeType::Quote || ty == NodeType::ListItem) do_markdown_blocks(ed, i);
    }
  }
  const uint32_t n1 = uint32_t(tree.nodes.size());
  // Quotes before paragraphs: "[!NOTE]" is looked for in the quote's first
  // paragraph as md4c made it.
  if (any_alert)
    for (uint32_t i = 0; i < n1; i++)
      if (tree.nodes[i].type == NodeType::Quote) do_quote(ed, i);
  if (any_attr) {
    for (uint32_t i = 0; i < n1; i++)
      if (tree.nodes[i].type == NodeType::Paragraph) do_paragraph(ed, i);
      else if (tree.nodes[i].type == NodeType::ListItem) do_tight_item(ed, i);
    const uint32_t n2 = uint32_t(tree.nodes.size());
    for (uint32_t i = 0; i < n2; i++) {
      NodeType ty = tree.nodes[i].type;
      if (ty == NodeType::Document || ty == NodeType::Quote || ty == NodeType::ListItem || ty == NodeType::Callout)
        do_notices(ed, i);
    }
  }
  if (!ed.changed) return;
  ed.write();
  if (whole) {
    tree.risky_lists.clear();
    for (size_t k = 0; k < tree.top.size(); k++)
      if (top_block_may_hit_list_check(tree, text, k)) tree.risky_lists.push_back(tree.top[k]);
  }
}

void collect_unknown_attributes(Document& doc) {
  doc.unknown_attributes.clear();
  const MarkdownTree& t = doc.tree;
  for (uint32_t i = 0; i < t.nodes.size(); i++) {
    const Node& n = t.nodes[i];
    if (n.type != NodeType::AttributeLine && n.type != NodeType::TocBlock) continue;
    KramdownAttrs a = attributes_of_line_node(t, doc.text, i);
    for (std::string& u : a.unknown) {
      int line = line_col_at(doc.text, n.text_begin).line;
      doc.unknown_attributes.emplace_back(line, std::move(u));
    }
  }
}

}  // namespace sheaf
