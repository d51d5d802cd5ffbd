// Sheaf core: Markdown body -> MarkdownTree. See markdown.h for the tree
// conventions.
//
// md4c reports blocks and spans through enter/leave callbacks and text through
// pointers, mostly into the input. We append one Node per callback to a flat
// vector and keep the open nodes on an explicit stack, so nothing here
// recurses on nesting depth. md4c gives no offsets for blocks or spans: each
// node's range starts as the union of its descendants' text ranges and is
// completed when the node closes (whole lines for blocks, delimiters for
// spans), using a line index of the file and a few small source scans.
//
// Index of this file:
// [SECTION] Node types
// [SECTION] Line index and line tests
// [SECTION] Builder: state and node creation
// [SECTION] Builder: limits
// [SECTION] Builder: text
// [SECTION] Builder: block ranges
// [SECTION] Builder: span ranges
// [SECTION] Builder: <br> HTML blocks
// [SECTION] Builder: md4c callbacks
// [SECTION] Public API
// [SECTION] Outline

#include "core/markdown.h"

#include <algorithm>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "core/footnotes.h"
#include "core/limits.h"
#include "core/liquid.h"
#include "core/text.h"

extern "C" {
#include "md4c.h"
}

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Node types
//-----------------------------------------------------------------------------

bool is_block(NodeType t) { return t <= NodeType::AttributeLine; }

const char* node_type_name(NodeType t) {
  switch (t) {
    case NodeType::Document: return "Document";
    case NodeType::Quote: return "Quote";
    case NodeType::BulletList: return "BulletList";
    case NodeType::OrderedList: return "OrderedList";
    case NodeType::ListItem: return "ListItem";
    case NodeType::ThematicBreak: return "ThematicBreak";
    case NodeType::Heading: return "Heading";
    case NodeType::CodeBlock: return "CodeBlock";
    case NodeType::HtmlBlock: return "HtmlBlock";
    case NodeType::Paragraph: return "Paragraph";
    case NodeType::Table: return "Table";
    case NodeType::TableHead: return "TableHead";
    case NodeType::TableBody: return "TableBody";
    case NodeType::TableRow: return "TableRow";
    case NodeType::TableHeaderCell: return "TableHeaderCell";
    case NodeType::TableCell: return "TableCell";
    case NodeType::Callout: return "Callout";
    case NodeType::FootnoteDef: return "FootnoteDef";
    case NodeType::TocBlock: return "TocBlock";
    case NodeType::ExcerptBreak: return "ExcerptBreak";
    case NodeType::AttributeLine: return "AttributeLine";
    case NodeType::Text: return "Text";
    case NodeType::SoftBreak: return "SoftBreak";
    case NodeType::HardBreak: return "HardBreak";
    case NodeType::Emphasis: return "Emphasis";
    case NodeType::Strong: return "Strong";
    case NodeType::Strikethrough: return "Strikethrough";
    case NodeType::Underline: return "Underline";
    case NodeType::Link: return "Link";
    case NodeType::Image: return "Image";
    case NodeType::CodeSpan: return "CodeSpan";
    case NodeType::HtmlInline: return "HtmlInline";
    case NodeType::LatexMath: return "LatexMath";
    case NodeType::WikiLink: return "WikiLink";
    case NodeType::FootnoteRef: return "FootnoteRef";
    case NodeType::LiquidTag: return "LiquidTag";
  }
  return "?";
}

unsigned default_markdown_flags() { return MD_DIALECT_GITHUB; }

namespace {

constexpr uint32_t kUnset = 0xffffffffu;

//-----------------------------------------------------------------------------
// [SECTION] Line index and line tests
//-----------------------------------------------------------------------------

// Start offsets of the lines of text[body_begin..]; "\n", "\r\n" and a lone
// "\r" end a line, as in md4c.
struct Lines {
  std::string_view src;
  std::vector<uint32_t> starts;

  void build(std::string_view text, uint32_t body_begin) {
    src = text;
    starts.clear();
    starts.reserve((text.size() - std::min<size_t>(body_begin, text.size())) / 32 + 4);
    starts.push_back(body_begin);
    const char* p = text.data();
    uint32_t n = uint32_t(text.size());
    for (uint32_t i = body_begin; i < n; i++) {
      if (p[i] == '\n' || (p[i] == '\r' && (i + 1 >= n || p[i + 1] != '\n'))) {
        if (i + 1 < n) starts.push_back(i + 1);
      }
    }
  }
  uint32_t count() const { return uint32_t(starts.size()); }
  // Index of the line containing pos (pos == size maps to the last line).
  uint32_t of(uint32_t pos) const {
    auto it = std::upper_bound(starts.begin(), starts.end(), pos);
    return it == starts.begin() ? 0 : uint32_t(it - starts.begin() - 1);
  }
  uint32_t begin(uint32_t li) const { return starts[li]; }
  // End of the line including its line ending.
  uint32_t end(uint32_t li) const { return li + 1 < starts.size() ? starts[li + 1] : uint32_t(src.size()); }
  // End of the line's content, before its line ending.
  uint32_t content_end(uint32_t li) const {
    uint32_t e = end(li), b = starts[li];
    if (e > b && src[e - 1] == '\n') e--;
    if (e > b && src[e - 1] == '\r') e--;
    return e;
  }
};

inline bool is_ws(char c) { return c == ' ' || c == '\t'; }

// Skips spaces, tabs and up to `quotes` '>' markers from line `li`.
uint32_t skip_prefix(const Lines& L, uint32_t li, int quotes) {
  uint32_t p = L.begin(li), e = L.content_end(li);
  for (;;) {
    while (p < e && is_ws(L.src[p])) p++;
    if (quotes > 0 && p < e && L.src[p] == '>') { p++; quotes--; continue; }
    return p;
  }
}

// Length of a list marker ("-", "*", "+", "12." or "3)") at p followed by
// whitespace or the line end; 0 when there is none.
uint32_t list_marker_len(const Lines& L, uint32_t p, uint32_t e) {
  if (p >= e) return 0;
  char c = L.src[p];
  uint32_t q = p;
  if (c == '-' || c == '*' || c == '+') q = p + 1;
  else {
    while (q < e && q - p < 9 && L.src[q] >= '0' && L.src[q] <= '9') q++;
    if (q == p || q >= e || (L.src[q] != '.' && L.src[q] != ')')) return 0;
    q++;
  }
  if (q < e && !is_ws(L.src[q])) return 0;
  return q - p;
}

// Skips whitespace, '>' markers and list markers (any number of each).
uint32_t skip_containers(const Lines& L, uint32_t li) {
  uint32_t p = L.begin(li), e = L.content_end(li);
  for (;;) {
    while (p < e && is_ws(L.src[p])) p++;
    if (p < e && L.src[p] == '>') { p++; continue; }
    uint32_t m = list_marker_len(L, p, e);
    if (m) {
      // "- - -" and "* * *" are thematic breaks, not markers.
      char c = L.src[p];
      if (c == '-' || c == '*') {
        uint32_t q = p, count = 0;
        while (q < e && (L.src[q] == c || is_ws(L.src[q]))) { count += L.src[q] == c; q++; }
        if (q == e && count >= 3) return p;
      }
      p += m;
      continue;
    }
    return p;
  }
}

bool is_blank_line(const Lines& L, uint32_t li, int quotes) { return skip_prefix(L, li, quotes) >= L.content_end(li); }

// The line holds only list markers, '>' and whitespace (an item whose content
// starts on the next line).
bool is_marker_only_line(const Lines& L, uint32_t li) {
  uint32_t p = L.begin(li), e = L.content_end(li);
  bool marker = false;
  for (;;) {
    while (p < e && is_ws(L.src[p])) p++;
    if (p < e && L.src[p] == '>') { p++; continue; }
    uint32_t m = list_marker_len(L, p, e);
    if (!m) break;
    p += m;
    marker = true;
  }
  return marker && p >= e;
}

bool is_quote_only_line(const Lines& L, uint32_t li) {
  uint32_t p = L.begin(li), e = L.content_end(li);
  bool quote = false;
  for (; p < e; p++) {
    if (L.src[p] == '>') quote = true;
    else if (!is_ws(L.src[p])) return false;
  }
  return quote;
}

// Length of the code fence run of `fence` at the start of the line's content.
uint32_t fence_len(const Lines& L, uint32_t li, char fence) {
  uint32_t p = skip_containers(L, li), e = L.content_end(li), q = p;
  while (q < e && L.src[q] == fence) q++;
  return q - p >= 3 ? q - p : 0;
}

bool is_closing_fence(const Lines& L, uint32_t li, char fence, uint32_t min_len) {
  uint32_t p = skip_prefix(L, li, 1 << 30), e = L.content_end(li), q = p;
  while (q < e && L.src[q] == fence) q++;
  if (q - p < min_len || q - p < 3) return false;
  while (q < e && is_ws(L.src[q])) q++;
  return q == e;
}

bool is_setext_underline(const Lines& L, uint32_t li) {
  uint32_t p = skip_prefix(L, li, 1 << 30), e = L.content_end(li);
  if (p >= e || (L.src[p] != '=' && L.src[p] != '-')) return false;
  char c = L.src[p];
  while (p < e && L.src[p] == c) p++;
  while (p < e && is_ws(L.src[p])) p++;
  return p == e;
}

//-----------------------------------------------------------------------------
// [SECTION] Builder: state and node creation
//-----------------------------------------------------------------------------

// Maps an offset in md4c's input buffer to an offset in the file. The main
// parse has one piece (the body); re-parsed HTML blocks have one per line.
struct Piece {
  uint32_t in_off, src_off, len;
};

struct Open {
  uint32_t node = 0;
  uint32_t block_cursor = 0;   // Builder::block_cursor when the node was entered
  uint32_t inline_cursor = 0;  // Builder::inline_cursor when the node was entered
  uint32_t prev_last = kNoNode;  // the sibling before the node's last child
  uint32_t code_lines = 0;     // CodeBlock: line endings received
  int quotes = 0;              // Quote ancestors of the node
};

struct HtmlPiece {
  uint32_t text_off, src_off, len;  // text_off: offset in the node's text
};

// What the tree may still take (core/limits.h). Shared with the builders that
// re-parse HTML blocks, since they add to the same tree.
struct Budget {
  size_t max_nodes = limits::kMaxTreeNodes;
  bool capped = false;  // the node ceiling was reached: nothing more is added
};

// How each block md4c entered was taken, so its leave undoes the same.
enum class Entered : uint8_t { Pushed, Flattened, Skipped };

// The table being built: cells kept, and rows left out past the cell limit.
struct TableCount {
  uint32_t node = kNoNode;
  size_t cells = 0, skipped_cells = 0;
  uint32_t skipped_rows = 0;
};

struct Builder {
  // src: what md4c parses (the masked copy when Liquid or footnotes were
  // masked, core/liquid.h); orig: the file's bytes, same offsets, which
  // every text the tree keeps in its pool is copied from.
  std::string_view src, orig;
  const std::vector<InlineMark>* marks = nullptr;  // sorted; null without a mask
  const std::vector<uint32_t>* defs = nullptr;     // footnote definition lines
  std::string_view excerpt;                        // the excerpt separator ("" = none)
  bool in_raw = false;                             // after "{% raw %}" in this top-level block
  uint32_t body_begin = 0;
  MarkdownTree* t = nullptr;
  const Lines* lines = nullptr;
  const char* in = nullptr;
  uint32_t in_size = 0;
  std::vector<Piece> pieces;
  std::vector<Open> stack;
  uint32_t block_cursor = 0;   // end of the last finished block (a line start)
  uint32_t inline_cursor = 0;  // end of the last inline content seen
  unsigned flags = 0;
  bool br_as_break = true;
  bool sub = false;  // re-parsing an HTML block: ignore md4c's DOC block
  std::vector<HtmlPiece> html_pieces;  // pieces of the open HtmlBlock
  Budget* budget = nullptr;
  std::vector<Entered> entered;  // one per md4c block entered and not yet left
  uint32_t skip = 0;             // > 0 inside a block left out of the tree
  int containers = 0;            // open quotes, lists and list items
  int spans = 0;                 // open spans in the tree
  int flat_spans = 0;            // open spans past kMaxSpanNesting (not in the tree)
  TableCount table;
  bool deep_reported = false, spans_reported = false;

  std::vector<Node>& nodes() { return t->nodes; }
  Node& node(uint32_t i) { return t->nodes[i]; }

  bool map(const char* p, size_t n, uint32_t& off) const {
    uintptr_t a = reinterpret_cast<uintptr_t>(p), b = reinterpret_cast<uintptr_t>(in);
    if (a < b || a + n > b + in_size) return false;
    uint32_t rel = uint32_t(a - b);
    size_t k = 0;
    if (pieces.size() > 1) {
      auto it = std::upper_bound(pieces.begin(), pieces.end(), rel, [](uint32_t v, const Piece& pc) { return v < pc.in_off; });
      if (it == pieces.begin()) return false;
      k = size_t(it - pieces.begin() - 1);
    }
    const Piece& pc = pieces[k];
    if (rel < pc.in_off || rel + n > pc.in_off + pc.len) return false;
    off = pc.src_off + (rel - pc.in_off);
    return true;
  }

  void grow(uint32_t i, uint32_t b, uint32_t e) {
    Node& n = node(i);
    if (n.src_begin == kUnset) { n.src_begin = b; n.src_end = e; return; }
    n.src_begin = std::min(n.src_begin, b);
    n.src_end = std::max(n.src_end, e);
  }

  uint32_t add_node(NodeType type) {
    uint32_t idx = uint32_t(nodes().size());
    Open& top = stack.back();
    nodes().emplace_back();
    Node& n = nodes().back();
    n.type = type;
    n.src_begin = kUnset;
    n.src_end = 0;
    n.parent = top.node;
    Node& p = node(top.node);
    if (p.last_child == kNoNode) p.first_child = idx;
    else node(p.last_child).next_sibling = idx;
    top.prev_last = p.last_child;
    p.last_child = idx;
    return idx;
  }

  void push(uint32_t idx) {
    Open o;
    const Open& parent = stack.back();
    o.node = idx;
    o.block_cursor = block_cursor;
    o.inline_cursor = inline_cursor;
    o.quotes = parent.quotes + (node(parent.node).type == NodeType::Quote ? 1 : 0);
    stack.push_back(o);
  }

  // A finished leaf or span: its range joins its parent's.
  void close_inline(uint32_t idx) {
    Node& n = node(idx);
    if (n.src_begin == kUnset) n.src_begin = n.src_end = inline_cursor;
    // A link's tail is found by scanning; "[foo](not a link)" with [foo]
    // defined is a shortcut link followed by text: cut the overshoot.
    uint32_t prev = stack.back().prev_last;
    if (prev != kNoNode && prev != idx && node(prev).src_end > n.src_begin)
      node(prev).src_end = std::max(node(prev).src_begin, n.src_begin);
    inline_cursor = std::max(inline_cursor, n.src_end);
    grow(n.parent, n.src_begin, n.src_end);
  }

  //---------------------------------------------------------------------------
  // [SECTION] Builder: limits
  //---------------------------------------------------------------------------

  static std::string with_commas(size_t v) {
    std::string d = std::to_string(v), out;
    for (size_t i = 0; i < d.size(); i++) {
      if (i && (d.size() - i) % 3 == 0) out += ',';
      out += d[i];
    }
    return out;
  }

  void cut(TreeCut::Kind kind, uint32_t offset, std::string message) {
    t->cuts.push_back({kind, std::min<uint32_t>(offset, uint32_t(src.size())), std::move(message)});
  }

  // True once the tree holds kMaxTreeNodes: from here on md4c's events are
  // read and dropped, so the parse stays linear and bounded.
  bool full() {
    if (budget->capped) return true;
    if (nodes().size() < budget->max_nodes) return false;
    budget->capped = true;
    uint32_t at = std::max(block_cursor, inline_cursor);
    cut(TreeCut::Kind::Nodes, at, "more than " + with_commas(budget->max_nodes) +
                " Markdown elements; the viewer shows the post up to here and the source has the rest");
    return true;
  }

  static bool is_container(MD_BLOCKTYPE type) {
    return type == MD_BLOCK_QUOTE || type == MD_BLOCK_UL || type == MD_BLOCK_OL || type == MD_BLOCK_LI;
  }

  // The table's range also covers the rows left out: each GitHub table row
  // is exactly one line, so they are the lines right after the last row kept.
  void finish_table_count(uint32_t idx) {
    if (table.node != idx || !table.skipped_rows) return;
    const Lines& L = *lines;
    Node& n = node(idx);
    uint32_t last = std::min(L.of(n.src_end > n.src_begin ? n.src_end - 1 : n.src_begin) + table.skipped_rows,
                             L.count() - 1);
    n.src_end = std::max(n.src_end, L.end(last));
    block_cursor = std::max(block_cursor, n.src_end);
    inline_cursor = std::max(inline_cursor, n.src_end);
    if (n.parent != kNoNode) grow(n.parent, n.src_begin, n.src_end);
    size_t total = table.cells + table.skipped_cells;
    size_t kept_rows = 0;
    for (uint32_t part = n.first_child; part != kNoNode; part = node(part).next_sibling)
      for (uint32_t r = node(part).first_child; r != kNoNode; r = node(r).next_sibling) kept_rows++;
    cut(TreeCut::Kind::TableRows, n.src_begin, "table of " + with_commas(total) + " cells, over the " + with_commas(limits::kMaxTableCells) +
                         " the viewer lays out; showing its first " + with_commas(kept_rows) + " rows");
    table = TableCount();
  }

  //---------------------------------------------------------------------------
  // [SECTION] Builder: text
  //---------------------------------------------------------------------------

  // Appends a piece to the text of a leaf (code, HTML): zero-copy while the
  // pieces are contiguous in the file, else everything moves to the pool.
  void leaf_append(uint32_t idx, const char* p, uint32_t n, bool record_html = false) {
    Node& nd = node(idx);
    std::string& pool = t->pool;
    uint32_t off = 0;
    bool mapped = map(p, n, off);
    bool real = mapped;
    if (!mapped && !nd.text_in_pool && nd.text_len > 0) {
      // md4c's own "\n" (or indentation) equal to the file's bytes right after.
      uint32_t at = nd.text_begin + nd.text_len;
      if (at + n <= src.size() && std::memcmp(src.data() + at, p, n) == 0) { mapped = true; off = at; }
    }
    if (record_html && real) html_pieces.push_back({nd.text_len, off, n});
    if (!nd.text_in_pool && nd.text_len == 0 && mapped) {
      nd.text_begin = off;
      nd.text_len = n;
    } else if (!nd.text_in_pool && mapped && off == nd.text_begin + nd.text_len) {
      nd.text_len += n;
    } else {
      if (!nd.text_in_pool || nd.text_begin + nd.text_len != pool.size()) {
        std::string_view old = t->text(nd, orig);
        std::string copy(old);
        nd.text_begin = uint32_t(pool.size());
        pool += copy;
        nd.text_in_pool = true;
      }
      if (real) pool.append(orig.data() + off, n);
      else pool.append(p, n);
      nd.text_len += n;
    }
    if (real) grow(idx, off, off + n);
  }

  // Text md4c gave may hold masked Liquid tags and footnote references
  // (core/liquid.h): each becomes its own inline between the text around it.
  void add_plain_text(const char* p, uint32_t n) {
    uint32_t off;
    if (marks && !marks->empty() && map(p, n, off)) {
      auto it = std::lower_bound(marks->begin(), marks->end(), off,
                                 [](const InlineMark& m, uint32_t v) { return m.end <= v; });
      if (it != marks->end() && it->begin < off + n) {
        uint32_t at = off;
        for (; it != marks->end() && it->begin < off + n; ++it) {
          if (it->begin < at || it->end > off + n) continue;  // not wholly here: plain text
          if (it->begin > at) add_text_piece(p + (at - off), it->begin - at);
          add_mark(*it, p + (it->begin - off));
          at = it->end;
        }
        if (at < off + n) add_text_piece(p + (at - off), off + n - at);
        return;
      }
    }
    add_text_piece(p, n);
  }

  void add_mark(const InlineMark& m, const char* p) {
    uint32_t len = m.end - m.begin;
    bool raw_tag = m.kind == InlineMarkKind::RawOpen || m.kind == InlineMarkKind::RawClose;
    if (in_raw && m.kind != InlineMarkKind::RawClose && m.kind != InlineMarkKind::FootnoteRef) {
      add_text_piece(p, len);  // "{% raw %}" shows what follows as written
      return;
    }
    if (m.kind == InlineMarkKind::RawOpen) in_raw = true;
    if (m.kind == InlineMarkKind::RawClose) in_raw = false;
    uint32_t idx = add_node(m.kind == InlineMarkKind::FootnoteRef ? NodeType::FootnoteRef : NodeType::LiquidTag);
    Node& nd = node(idx);
    nd.src_begin = m.begin;
    nd.src_end = m.end;
    if (m.kind == InlineMarkKind::FootnoteRef) {  // the text is the id
      nd.text_begin = m.begin + 2;
      nd.text_len = len - 3;
    } else {
      nd.text_begin = m.begin;
      nd.text_len = len;
      nd.level = m.kind == InlineMarkKind::LiquidOutput ? 2 : 1;
      nd.flags = raw_tag ? 1 : 0;
    }
    close_inline(idx);
  }

  void add_text_piece(const char* p, uint32_t n) {
    uint32_t off;
    bool mapped = map(p, n, off);
    Node& parent = node(stack.back().node);
    if (mapped && parent.last_child != kNoNode) {
      Node& last = node(parent.last_child);
      if (last.type == NodeType::Text && !last.text_in_pool && last.text_begin + last.text_len == off && last.src_end == off) {
        last.text_len += n;
        last.src_end = off + n;
        inline_cursor = std::max(inline_cursor, off + n);
        grow(last.parent, last.src_begin, last.src_end);
        return;
      }
    }
    uint32_t idx = add_node(NodeType::Text);
    Node& nd = node(idx);
    if (mapped) {
      nd.text_begin = off;
      nd.text_len = n;
      nd.src_begin = off;
      nd.src_end = off + n;
    } else {
      nd.text_begin = uint32_t(t->pool.size());
      nd.text_len = n;
      nd.text_in_pool = true;
      t->pool.append(p, n);
    }
    close_inline(idx);
  }

  void add_entity(const char* p, uint32_t n) {
    std::string& pool = t->pool;
    size_t at = pool.size();
    if (!decode_entity(std::string_view(p, n), pool)) {  // "&bogus;" stays text
      add_plain_text(p, n);
      return;
    }
    uint32_t off;
    bool mapped = map(p, n, off);
    uint32_t idx = add_node(NodeType::Text);
    Node& nd = node(idx);
    nd.text_begin = uint32_t(at);
    nd.text_len = uint32_t(pool.size() - at);
    nd.text_in_pool = true;
    if (mapped) { nd.src_begin = off; nd.src_end = off + n; }
    close_inline(idx);
  }

  void add_nullchar() {
    uint32_t idx = add_node(NodeType::Text);
    Node& nd = node(idx);
    nd.text_begin = uint32_t(t->pool.size());
    nd.text_len = 3;
    nd.text_in_pool = true;
    t->pool += "\xEF\xBF\xBD";
    const void* z = std::memchr(src.data() + inline_cursor, 0, src.size() - inline_cursor);
    if (z) {
      uint32_t at = uint32_t(static_cast<const char*>(z) - src.data());
      nd.src_begin = at;
      nd.src_end = at + 1;
    }
    close_inline(idx);
  }

  // The line ending after `from` when only spaces, tabs or a backslash come
  // before it: [begin, end) of "\n", "\r\n" or "\r".
  bool find_line_end(uint32_t from, uint32_t& b, uint32_t& e) const {
    for (uint32_t i = from; i < src.size(); i++) {
      if (src[i] == '\n') { b = i; e = i + 1; return true; }
      if (src[i] == '\r') { b = i; e = (i + 1 < src.size() && src[i + 1] == '\n') ? i + 2 : i + 1; return true; }
      if (src[i] != ' ' && src[i] != '\t' && src[i] != '\\') return false;
    }
    return false;
  }

  void add_break(bool hard) {
    uint32_t idx = add_node(hard ? NodeType::HardBreak : NodeType::SoftBreak);
    uint32_t b, e;
    if (find_line_end(inline_cursor, b, e)) {
      Node& nd = node(idx);
      nd.src_begin = hard ? inline_cursor : b;
      nd.src_end = e;
    }
    close_inline(idx);
  }

  static bool is_br_tag(std::string_view s) {
    if (s.size() < 4 || s[0] != '<' || (s[1] | 0x20) != 'b' || (s[2] | 0x20) != 'r') return false;
    size_t i = 3;
    while (i < s.size() && (is_ws(s[i]) || s[i] == '\n' || s[i] == '\r')) i++;
    if (i < s.size() && s[i] == '/') i++;
    return i + 1 == s.size() && s[i] == '>';
  }

  void add_inline_html(const char* p, uint32_t n) {
    Node& parent = node(stack.back().node);
    bool starts_tag = n > 0 && p[0] == '<';
    if (!starts_tag && parent.last_child != kNoNode && node(parent.last_child).type == NodeType::HtmlInline) {
      uint32_t last = parent.last_child;
      leaf_append(last, p, n);
      Node& nd = node(last);
      if (nd.src_begin != kUnset) {
        inline_cursor = std::max(inline_cursor, nd.src_end);
        grow(nd.parent, nd.src_begin, nd.src_end);
      }
      return;
    }
    if (br_as_break && is_br_tag(std::string_view(p, n))) {
      uint32_t idx = add_node(NodeType::HardBreak);
      uint32_t off;
      if (map(p, n, off)) { node(idx).src_begin = off; node(idx).src_end = off + n; }
      node(idx).flags = 1;
      close_inline(idx);
      return;
    }
    uint32_t idx = add_node(NodeType::HtmlInline);
    leaf_append(idx, p, n);
    close_inline(idx);
  }

  //---------------------------------------------------------------------------
  // [SECTION] Builder: block ranges
  //---------------------------------------------------------------------------

  // First non-blank line at or after `pos` (a line start), or kUnset.
  uint32_t first_nonblank_line(uint32_t pos, int quotes) const {
    if (pos >= src.size()) return kUnset;
    const Lines& L = *lines;
    for (uint32_t li = L.of(pos); li < L.count(); li++)
      if (!is_blank_line(L, li, quotes)) return li;
    return kUnset;
  }

  void finish_table_row(uint32_t row) {
    const Lines& L = *lines;
    Node& r = node(row);
    uint32_t li = L.of(r.src_begin);
    uint32_t prev = r.src_begin, line_end = L.content_end(li);
    for (uint32_t c = r.first_child; c != kNoNode; c = node(c).next_sibling) {
      Node& cell = node(c);
      if (cell.src_begin != kUnset) { prev = std::max(prev, cell.src_end); continue; }
      uint32_t p = prev;
      while (p < line_end && is_ws(src[p])) p++;
      if (p < line_end && src[p] == '|') p++;
      p = std::min(std::max(p, prev), line_end);
      cell.src_begin = cell.src_end = p;
      prev = p;
    }
  }

  void finish_block(const Open& o) {
    const Lines& L = *lines;
    uint32_t idx = o.node;
    Node& n = node(idx);
    NodeType type = n.type;
    if (type == NodeType::Document) {
      n.src_begin = body_begin;
      n.src_end = uint32_t(src.size());
      return;
    }
    if (type == NodeType::TableHeaderCell || type == NodeType::TableCell) {
      if (n.src_begin != kUnset) grow(n.parent, n.src_begin, n.src_end);
      return;  // empty cells are placed by finish_table_row
    }
    uint32_t first = first_nonblank_line(o.block_cursor, o.quotes);
    uint32_t lb, le;
    if (n.src_begin == kUnset) {
      lb = first != kUnset ? first : L.of(std::min<uint32_t>(o.block_cursor, uint32_t(src.size())));
      le = lb;
    } else {
      lb = L.of(n.src_begin);
      le = L.of(n.src_end > n.src_begin ? n.src_end - 1 : n.src_begin);
      if (first != kUnset && first < lb) {
        if ((type == NodeType::ListItem && is_marker_only_line(L, first)) ||
            (type == NodeType::Quote && is_quote_only_line(L, first)))
          lb = first;
      }
    }
    if (type == NodeType::CodeBlock && n.mark) {
      // Fenced: the opening fence line, one line per line ending received,
      // then the closing fence when there is one.
      uint32_t f = first != kUnset ? first : lb;
      uint32_t limit = n.src_begin == kUnset ? L.count() : std::min(lb + 1, L.count());
      uint32_t open_len = 0;
      for (uint32_t li = f; li < limit; li++)
        if ((open_len = fence_len(L, li, n.mark)) != 0) { f = li; break; }
      if (open_len) {
        lb = std::min(lb, f);
        uint32_t last = std::min(f + o.code_lines, L.count() - 1);
        if (last + 1 < L.count() && is_closing_fence(L, last + 1, n.mark, open_len)) last++;
        le = std::max(le, last);
      }
    } else if (type == NodeType::Heading && n.src_begin != kUnset) {
      uint32_t p = skip_containers(L, lb);
      bool atx = p < L.content_end(lb) && src[p] == '#';
      if (!atx && le + 1 < L.count() && is_setext_underline(L, le + 1)) le++;
    } else if (type == NodeType::Table && n.first_child != kNoNode) {
      Node& head = node(n.first_child);
      if (head.src_end < src.size()) le = std::max(le, L.of(head.src_end));
    }
    n.src_begin = L.begin(lb);
    n.src_end = L.end(le);
    if (type == NodeType::TableRow) finish_table_row(idx);
    block_cursor = std::max(block_cursor, n.src_end);
    // The delimiter row belongs to no row: an empty first body row starts after it.
    if (type == NodeType::TableHead && le + 1 < L.count()) block_cursor = std::max(block_cursor, L.end(le + 1));
    inline_cursor = std::max(inline_cursor, n.src_end);
    if (n.parent != kNoNode) grow(n.parent, n.src_begin, n.src_end);
  }

  //---------------------------------------------------------------------------
  // [SECTION] Builder: span ranges
  //---------------------------------------------------------------------------

  // End of a link's "](dest "title")", "][ref]" or "]" after its text.
  uint32_t link_tail_end(uint32_t p) const {
    uint32_t n = uint32_t(src.size());
    uint32_t q = p;
    while (q < n && q - p < 16 && src[q] != ']') q += src[q] == '\\' ? 2 : 1;
    if (q >= n || src[q] != ']') return p;
    q++;
    if (q < n && src[q] == '(') {
      int depth = 0;
      char quote = 0;
      bool after_space = false, in_angle = false;
      uint32_t i = q + 1, limit = std::min(n, q + 65536);
      while (i < limit) {
        if (src[i] == '\n' && i + 1 < n) {  // a link never spans a blank line
          uint32_t j = i + 1;
          while (j < n && is_ws(src[j])) j++;
          if (j >= n || src[j] == '\n' || src[j] == '\r') break;
        }
        char c = src[i];
        if (c == '\\') { i += 2; after_space = false; continue; }
        if (quote) {
          if (c == quote) quote = 0;
        } else if (in_angle) {
          if (c == '>') in_angle = false;
        } else if (c == '<' && i == q + 1) {
          in_angle = true;
        } else if ((c == '"' || c == '\'') && after_space) {
          quote = c;
        } else if (c == '(') {
          if (after_space) quote = ')';
          else depth++;
        } else if (c == ')') {
          if (depth == 0) return i + 1;
          depth--;
        }
        after_space = is_ws(c) || c == '\n' || c == '\r';
        i++;
      }
      return q;
    }
    if (q < n && src[q] == '[') {
      uint32_t i = q + 1;
      while (i < n && src[i] != ']') i += src[i] == '\\' ? 2 : 1;
      if (i < n) return i + 1;
    }
    return q;
  }

  void finish_span(const Open& o, bool autolink) {
    uint32_t idx = o.node;
    Node& n = node(idx);
    uint32_t lo = o.inline_cursor, size = uint32_t(src.size());
    bool has = n.src_begin != kUnset;
    uint32_t cb = has ? n.src_begin : lo, ce = has ? n.src_end : lo;
    uint32_t b = cb, e = ce;
    auto delim = [&](char c) {
      switch (n.type) {
        case NodeType::Emphasis:
        case NodeType::Strong: return c == '*' || c == '_';
        case NodeType::Strikethrough: return c == '~';
        case NodeType::Underline: return c == '_';
        case NodeType::LatexMath: return c == '$';
        default: return false;
      }
    };
    switch (n.type) {
      case NodeType::Emphasis:
      case NodeType::Strong:
      case NodeType::Strikethrough:
      case NodeType::Underline:
      case NodeType::LatexMath: {
        uint32_t k = n.type == NodeType::Strong ? 2 : (n.type == NodeType::Emphasis || n.type == NodeType::Underline) ? 1 : 2;
        // Opening run right before the content (or before an escaped first char).
        if (!(b > lo && delim(src[b - 1]))) {
          uint32_t q = b;
          while (q > lo && !delim(src[q - 1])) q--;
          if (q > lo) b = q;
        }
        for (uint32_t j = 0; j < k && b > lo && delim(src[b - 1]); j++) b--;
        uint32_t f = e;
        while (f < size && f - e < 2 && !delim(src[f])) f++;
        if (f < size && delim(src[f])) {
          e = f;
          for (uint32_t j = 0; j < k && e < size && delim(src[e]); j++) e++;
        }
        break;
      }
      case NodeType::CodeSpan: {
        if (!has) {
          uint32_t q = lo;
          while (q < size && src[q] != '`') q++;
          b = e = q;
        }
        while (b > lo && (src[b - 1] == ' ' || src[b - 1] == '\n' || src[b - 1] == '\r')) b--;
        uint32_t ticks = 0;
        while (b > 0 && src[b - 1] == '`') { b--; ticks++; }
        while (e < size && (src[e] == ' ' || src[e] == '\n' || src[e] == '\r')) e++;
        for (uint32_t j = 0; j < ticks && e < size && src[e] == '`'; j++) e++;
        break;
      }
      case NodeType::Link:
      case NodeType::Image:
      case NodeType::WikiLink: {
        if (autolink) {
          if (b > 0 && src[b - 1] == '<' && e < size && src[e] == '>') { b--; e++; }
          break;
        }
        if (!has) {
          uint32_t q = lo;
          while (q < size && src[q] != '[' && src[q] != '\n') q++;
          if (q < size && src[q] == '[') b = e = cb = ce = q + 1;
        }
        uint32_t q = b;
        while (q > lo && src[q - 1] != '[') q--;
        if (q > 0 && src[q - 1] == '[') b = q - 1;
        if (n.type == NodeType::WikiLink && b > 0 && src[b - 1] == '[') b--;
        if (n.type == NodeType::Image && b > 0 && src[b - 1] == '!') b--;
        e = link_tail_end(ce);
        if (n.type == NodeType::WikiLink && e < size && src[e] == ']') e++;
        break;
      }
      default: break;
    }
    n.src_begin = b;
    n.src_end = std::max(e, b);
    close_inline(idx);
  }

  //---------------------------------------------------------------------------
  // [SECTION] Builder: <br> HTML blocks
  //---------------------------------------------------------------------------

  // True when `s` has at least one <br> tag and no other tag, comment or
  // declaration: such a block is text the author broke with <br>.
  static bool only_breaks_and_text(std::string_view s) {
    bool br = false;
    for (size_t i = s.find('<'); i != std::string_view::npos; i = s.find('<', i + 1)) {
      char c = i + 1 < s.size() ? s[i + 1] : 0;
      bool tagish = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '/' || c == '!' || c == '?';
      if (!tagish) continue;
      size_t close = s.find('>', i);
      if (close == std::string_view::npos || !is_br_tag(s.substr(i, close - i + 1))) return false;
      br = true;
    }
    return br;
  }

  void reparse_html_block(const Open& o);

  //---------------------------------------------------------------------------
  // [SECTION] Builder: excerpt breaks and footnote definitions
  //---------------------------------------------------------------------------

  static std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (is_ws(s.front()) || s.front() == '\n' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (is_ws(s.back()) || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
    return s;
  }

  // A top-level paragraph or HTML block just finished (it is the last subtree).
  void jekyll_block(uint32_t idx) {
    Node& n = node(idx);
    if (n.src_begin >= n.src_end || n.src_end > orig.size()) return;
    std::string_view whole = orig.substr(n.src_begin, n.src_end - n.src_begin);
    if (!excerpt.empty() && trimmed(whole) == trimmed(excerpt) && is_excerpt_candidate(idx)) {
      // The excerpt separator alone: a thin marker, its text the source.
      n.type = NodeType::ExcerptBreak;
      n.first_child = n.last_child = kNoNode;
      nodes().resize(idx + 1);
      n.text_in_pool = false;
      n.text_begin = n.src_begin;
      n.text_len = n.src_end - n.src_begin;
      return;
    }
    if (n.type == NodeType::Paragraph && defs && !defs->empty()) {
      auto it = std::lower_bound(defs->begin(), defs->end(), n.src_begin);
      if (it == defs->end() || *it >= n.src_end) return;
      split_footnote_defs(idx);
    }
  }

  // Definitions on consecutive lines make one paragraph for md4c (lazy
  // continuation): cut it at each line that starts a definition, dropping
  // the line break there, and make each piece that starts with "[^id]:" a
  // FootnoteDef. One pass over the paragraph's nodes (the last subtree).
  void split_footnote_defs(uint32_t idx) {
    const uint32_t end = uint32_t(nodes().size());
    std::vector<uint32_t> kids, cuts;  // cuts: indices into kids of the breaks cut at
    for (uint32_t c = node(idx).first_child; c != kNoNode; c = node(c).next_sibling) {
      const Node& k = node(c);
      if ((k.type == NodeType::SoftBreak || k.type == NodeType::HardBreak) &&
          std::binary_search(defs->begin(), defs->end(), k.src_end))
        cuts.push_back(uint32_t(kids.size()));
      kids.push_back(c);
    }
    if (!cuts.empty()) {
      std::vector<Node> old(nodes().begin() + idx, nodes().end());
      nodes().resize(idx);
      std::vector<uint32_t> where(end - idx, kNoNode);  // old offset -> new index
      const uint32_t root = old[0].parent;
      const uint32_t old_end = old[0].src_end;
      std::vector<uint32_t> blocks;
      size_t k = 0;
      for (size_t piece = 0; piece <= cuts.size(); piece++) {
        size_t stop = piece < cuts.size() ? cuts[piece] : kids.size();
        uint32_t bidx = uint32_t(nodes().size());
        Node blk = piece == 0 ? old[0] : Node();
        blk.type = piece == 0 ? old[0].type : NodeType::Paragraph;
        blk.parent = root;
        blk.first_child = blk.last_child = blk.next_sibling = kNoNode;
        blk.src_begin = piece == 0 ? old[0].src_begin : old[kids[cuts[piece - 1]] - idx].src_end;
        blk.src_end = piece < cuts.size() ? old[kids[cuts[piece]] - idx].src_end : old_end;
        if (piece == 0) where[0] = bidx;
        nodes().push_back(blk);
        blocks.push_back(bidx);
        uint32_t prev_kid = kNoNode;
        for (; k < stop; k++) {
          uint32_t kb = kids[k] - idx, ke = k + 1 < kids.size() ? kids[k + 1] - idx : end - idx;
          uint32_t first_new = uint32_t(nodes().size());
          for (uint32_t o = kb; o < ke; o++) where[o] = first_new + (o - kb);
          for (uint32_t o = kb; o < ke; o++) nodes().push_back(old[o]);
          node(first_new).parent = bidx;
          if (prev_kid == kNoNode) node(bidx).first_child = first_new;
          else node(prev_kid).next_sibling = first_new;
          node(bidx).last_child = first_new;
          prev_kid = first_new;
        }
        if (prev_kid != kNoNode) node(prev_kid).next_sibling = kNoNode;
        if (piece < cuts.size()) k++;  // the break cut at is dropped
      }
      // Links inside the copied subtrees (the pieces and their children are set), then the root's.
      auto remap = [&](uint32_t v) { return v == kNoNode || v < idx || v >= end ? v : where[v - idx]; };
      std::vector<uint8_t> role(nodes().size() - idx, 0);  // 1 piece, 2 child of a piece
      for (uint32_t b : blocks) {
        role[b - idx] = 1;
        for (uint32_t c = node(b).first_child; c != kNoNode; c = node(c).next_sibling) role[c - idx] = 2;
      }
      for (uint32_t d = idx; d < nodes().size(); d++) {
        if (role[d - idx] == 1) continue;
        Node& x = node(d);
        if (role[d - idx] == 0) {
          x.parent = remap(x.parent);
          x.next_sibling = remap(x.next_sibling);
        }
        x.first_child = remap(x.first_child);
        x.last_child = remap(x.last_child);
      }
      for (size_t i = 0; i + 1 < blocks.size(); i++) node(blocks[i]).next_sibling = blocks[i + 1];
      node(root).last_child = blocks.back();
      stack.back().prev_last = blocks.size() > 1 ? blocks[blocks.size() - 2] : stack.back().prev_last;
    }
    // Each piece that starts with a definition becomes one.
    for (uint32_t b = idx; b != kNoNode; b = node(b).next_sibling) {
      if (std::binary_search(defs->begin(), defs->end(), node(b).src_begin)) make_footnote_def(b);
    }
  }

  void make_footnote_def(uint32_t idx) {
    Node& n = node(idx);
    std::string_view whole = orig.substr(n.src_begin, n.src_end - n.src_begin);
    {
      size_t len = footnote_mark_len(whole);
      if (!len || whole.size() < len + 4 || whole[len + 3] != ':') return;
      n.type = NodeType::FootnoteDef;
      n.text_in_pool = false;
      n.text_begin = n.src_begin + 2;
      n.text_len = uint32_t(len);
      // The first text starts with the masked "[^id]:": it keeps what follows.
      uint32_t c = n.first_child;
      if (c == kNoNode || node(c).type != NodeType::Text || node(c).text_in_pool || node(c).src_begin != n.src_begin) return;
      Node& tx = node(c);
      uint32_t cut = n.src_begin + uint32_t(len) + 4;
      while (cut < tx.src_end && is_ws(orig[cut])) cut++;
      cut = std::min(cut, tx.src_end);
      tx.text_len -= cut - tx.text_begin;
      tx.text_begin = cut;
      tx.src_begin = cut;
    }
  }

  // Only plain text (no pool bytes to leave behind) or an HTML comment.
  bool is_excerpt_candidate(uint32_t idx) {
    const Node& n = node(idx);
    if (n.type == NodeType::HtmlBlock) return true;
    for (uint32_t i = idx + 1; i < nodes().size(); i++) {
      const Node& c = node(i);
      if (c.type != NodeType::Text && c.type != NodeType::SoftBreak) return false;
      if (c.text_in_pool) return false;
    }
    return true;
  }

  //---------------------------------------------------------------------------
  // [SECTION] Builder: md4c callbacks
  //---------------------------------------------------------------------------

  static std::string_view attr_text(const MD_ATTRIBUTE& a) { return std::string_view(a.text ? a.text : "", a.size); }

  // Appends an md4c attribute to the pool with entities decoded.
  // Returns false when md4c gave no attribute at all (no title, as opposed to "").
  bool pool_attr(const MD_ATTRIBUTE& a, uint32_t& begin, uint32_t& len) {
    std::string& pool = t->pool;
    begin = uint32_t(pool.size());
    if (a.text && a.size) {
      uint32_t off;
      if (orig.data() != src.data() && map(a.text, a.size, off)) {
        // Masked input: the attribute's real bytes (a link to "{{ site.url }}/a").
        std::string copy(orig.substr(off, a.size));
        bool entities = false;
        if (a.substr_offsets)
          for (int i = 0; a.substr_offsets[i] < a.size; i++) entities |= a.substr_types[i] != MD_TEXT_NORMAL;
        if (!entities) { pool += copy; len = uint32_t(pool.size() - begin); return true; }
      }
      if (!a.substr_offsets) {
        pool.append(a.text, a.size);
      } else {
        for (int i = 0; a.substr_offsets[i] < a.size; i++) {
          MD_OFFSET b = a.substr_offsets[i], e = a.substr_offsets[i + 1];
          std::string_view piece(a.text + b, e - b);
          if (a.substr_types[i] == MD_TEXT_ENTITY) {
            if (!decode_entity(piece, pool)) pool += piece;
          } else if (a.substr_types[i] == MD_TEXT_NULLCHAR) {
            pool += "\xEF\xBF\xBD";
          } else {
            pool += piece;
          }
        }
      }
    }
    len = uint32_t(pool.size() - begin);
    return a.text != nullptr;
  }

  int enter_block(MD_BLOCKTYPE type, void* detail) {
    if (type == MD_BLOCK_DOC) return 0;  // the root exists already
    if (skip) {
      skip++;
      if ((type == MD_BLOCK_TD || type == MD_BLOCK_TH) && skip == 2) table.skipped_cells++;
      entered.push_back(Entered::Skipped);
      return 0;
    }
    if (type == MD_BLOCK_TR && table.node != kNoNode && table.cells >= limits::kMaxTableCells) {
      table.skipped_rows++;
      skip = 1;
      entered.push_back(Entered::Skipped);
      return 0;
    }
    if (full()) {
      skip = 1;
      entered.push_back(Entered::Skipped);
      return 0;
    }
    if (is_container(type) && containers >= limits::kMaxBlockNesting) {
      if (!deep_reported) {
        deep_reported = true;
        cut(TreeCut::Kind::Nesting, block_cursor, "quotes or lists nested more than " + std::to_string(limits::kMaxBlockNesting) +
                              " deep; the deeper levels are shown at that depth");
      }
      entered.push_back(Entered::Flattened);
      return 0;
    }
    entered.push_back(Entered::Pushed);
    if (stack.size() == 1 && !sub) in_raw = false;  // "{% raw %}" reaches to the end of its block at most
    if (is_container(type)) containers++;
    flat_spans = 0;
    static const NodeType map_type[] = {
        NodeType::Document, NodeType::Quote, NodeType::BulletList, NodeType::OrderedList, NodeType::ListItem,
        NodeType::ThematicBreak, NodeType::Heading, NodeType::CodeBlock, NodeType::HtmlBlock, NodeType::Paragraph,
        NodeType::Table, NodeType::TableHead, NodeType::TableBody, NodeType::TableRow, NodeType::TableHeaderCell,
        NodeType::TableCell};
    uint32_t idx = add_node(map_type[type]);
    Node& n = node(idx);
    switch (type) {
      case MD_BLOCK_UL: {
        auto* d = static_cast<MD_BLOCK_UL_DETAIL*>(detail);
        n.tight = d->is_tight != 0;
        n.mark = d->mark;
        break;
      }
      case MD_BLOCK_OL: {
        auto* d = static_cast<MD_BLOCK_OL_DETAIL*>(detail);
        n.tight = d->is_tight != 0;
        n.mark = d->mark_delimiter;
        n.start = d->start;
        break;
      }
      case MD_BLOCK_LI: {
        auto* d = static_cast<MD_BLOCK_LI_DETAIL*>(detail);
        if (d->is_task) {
          n.task = (d->task_mark == 'x' || d->task_mark == 'X') ? 2 : 1;
          uint32_t off;
          if (map(in + d->task_mark_offset, 1, off)) n.task_mark_offset = off;
        }
        break;
      }
      case MD_BLOCK_H: n.level = uint8_t(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level); break;
      case MD_BLOCK_CODE: {
        auto* d = static_cast<MD_BLOCK_CODE_DETAIL*>(detail);
        n.mark = d->fence_char;
        pool_attr(d->info, n.href_begin, n.href_len);
        pool_attr(d->lang, n.title_begin, n.title_len);
        break;
      }
      case MD_BLOCK_TABLE:
        if (table.node == kNoNode) table = TableCount{idx, 0, 0, 0};  // tables never nest in GFM
        break;
      case MD_BLOCK_TH:
      case MD_BLOCK_TD: {
        if (table.node != kNoNode) table.cells++;
        MD_ALIGN a = static_cast<MD_BLOCK_TD_DETAIL*>(detail)->align;
        n.align = a == MD_ALIGN_LEFT ? Align::Left : a == MD_ALIGN_CENTER ? Align::Center : a == MD_ALIGN_RIGHT ? Align::Right : Align::Default;
        break;
      }
      case MD_BLOCK_HTML: html_pieces.clear(); break;
      default: break;
    }
    push(idx);
    if (type != MD_BLOCK_TH && type != MD_BLOCK_TD) inline_cursor = block_cursor;
    return 0;
  }

  int leave_block(MD_BLOCKTYPE type) {
    if (type == MD_BLOCK_DOC) return 0;
    Entered how = Entered::Pushed;
    if (!entered.empty()) {
      how = entered.back();
      entered.pop_back();
    }
    if (how == Entered::Skipped) {
      if (skip) skip--;
      return 0;
    }
    if (how == Entered::Flattened) return 0;
    if (is_container(type)) containers--;
    // Spans md4c left open end with their block; a leave with nothing open
    // (md4c can emit one too many, see leave_span) is ignored.
    while (stack.size() > 1 && !is_block(node(stack.back().node).type)) {
      Open s = stack.back();
      stack.pop_back();
      finish_span(s, false);
      spans = std::max(0, spans - 1);
    }
    flat_spans = 0;  // no span outlives its block
    if (stack.size() <= 1) return 0;
    Open o = stack.back();
    stack.pop_back();
    if (type == MD_BLOCK_HTML && br_as_break && !sub && only_breaks_and_text(t->text(node(o.node), src))) {
      reparse_html_block(o);
      return 0;
    }
    finish_block(o);
    if (stack.size() == 1 && !sub && (type == MD_BLOCK_P || type == MD_BLOCK_HTML)) jekyll_block(o.node);
    if (type == MD_BLOCK_TABLE) finish_table_count(o.node);
    if (table.node == o.node) table = TableCount();
    return 0;
  }

  int enter_span(MD_SPANTYPE type, void* detail) {
    if (skip) return 0;
    if (flat_spans || spans >= limits::kMaxSpanNesting || full()) {
      if (!spans_reported && !budget->capped) {
        spans_reported = true;
        cut(TreeCut::Kind::Spans, inline_cursor, "emphasis or links nested more than " + std::to_string(limits::kMaxSpanNesting) +
                               " deep; the deeper ones are shown as plain text");
      }
      flat_spans++;
      return 0;
    }
    spans++;
    NodeType nt;
    switch (type) {
      case MD_SPAN_EM: nt = NodeType::Emphasis; break;
      case MD_SPAN_STRONG: nt = NodeType::Strong; break;
      case MD_SPAN_A: nt = NodeType::Link; break;
      case MD_SPAN_IMG: nt = NodeType::Image; break;
      case MD_SPAN_CODE: nt = NodeType::CodeSpan; break;
      case MD_SPAN_DEL: nt = NodeType::Strikethrough; break;
      case MD_SPAN_LATEXMATH:
      case MD_SPAN_LATEXMATH_DISPLAY: nt = NodeType::LatexMath; break;
      case MD_SPAN_WIKILINK: nt = NodeType::WikiLink; break;
      case MD_SPAN_U: nt = NodeType::Underline; break;
      default: nt = NodeType::Emphasis; break;
    }
    uint32_t idx = add_node(nt);
    Node& n = node(idx);
    if (type == MD_SPAN_A) {
      auto* d = static_cast<MD_SPAN_A_DETAIL*>(detail);
      pool_attr(d->href, n.href_begin, n.href_len);
      n.flags = d->is_autolink ? 1 : 0;
      if (pool_attr(d->title, n.title_begin, n.title_len)) n.flags |= 2;
    } else if (type == MD_SPAN_IMG) {
      auto* d = static_cast<MD_SPAN_IMG_DETAIL*>(detail);
      pool_attr(d->src, n.href_begin, n.href_len);
      if (pool_attr(d->title, n.title_begin, n.title_len)) n.flags |= 2;
    } else if (type == MD_SPAN_WIKILINK) {
      auto* d = static_cast<MD_SPAN_WIKILINK_DETAIL*>(detail);
      pool_attr(d->target, n.href_begin, n.href_len);
    } else if (type == MD_SPAN_LATEXMATH_DISPLAY) {
      n.level = 2;  // display math
    }
    push(idx);
    return 0;
  }

  int leave_span(MD_SPANTYPE) {
    if (skip) return 0;
    if (flat_spans) {  // the innermost spans are the flattened ones
      flat_spans--;
      return 0;
    }
    // md4c 0.5 can close a link span twice on fuzzed input: a leave that
    // finds its block on top has no span to close.
    if (stack.size() <= 1 || is_block(node(stack.back().node).type)) return 0;
    spans = std::max(0, spans - 1);
    Open o = stack.back();
    stack.pop_back();
    finish_span(o, node(o.node).type == NodeType::Link && (node(o.node).flags & 1));
    return 0;
  }

  int text(MD_TEXTTYPE type, const char* p, MD_SIZE size) {
    if (skip || full()) return 0;
    Open& top = stack.back();
    NodeType tt = node(top.node).type;
    if (tt == NodeType::CodeBlock || tt == NodeType::HtmlBlock || tt == NodeType::CodeSpan || tt == NodeType::LatexMath) {
      if (tt == NodeType::CodeBlock && size == 1 && p[0] == '\n') top.code_lines++;
      if (type == MD_TEXT_NULLCHAR) { p = "\xEF\xBF\xBD"; size = 3; }
      leaf_append(top.node, p, size, tt == NodeType::HtmlBlock);
      if (tt == NodeType::CodeSpan || tt == NodeType::LatexMath) {
        Node& n = node(top.node);
        if (n.src_begin != kUnset) inline_cursor = std::max(inline_cursor, n.src_end);
      }
      return 0;
    }
    switch (type) {
      case MD_TEXT_NORMAL:
      case MD_TEXT_CODE:
      case MD_TEXT_LATEXMATH: add_plain_text(p, size); break;
      case MD_TEXT_NULLCHAR: add_nullchar(); break;
      case MD_TEXT_BR: add_break(true); break;
      case MD_TEXT_SOFTBR: add_break(false); break;
      case MD_TEXT_ENTITY: add_entity(p, size); break;
      case MD_TEXT_HTML: add_inline_html(p, size); break;
    }
    return 0;
  }

  void run(const char* input, uint32_t size) {
    in = input;
    in_size = size;
    MD_PARSER parser = {};
    parser.abi_version = 0;
    parser.flags = flags;
    parser.enter_block = [](MD_BLOCKTYPE ty, void* d, void* u) { return static_cast<Builder*>(u)->enter_block(ty, d); };
    parser.leave_block = [](MD_BLOCKTYPE ty, void*, void* u) { return static_cast<Builder*>(u)->leave_block(ty); };
    parser.enter_span = [](MD_SPANTYPE ty, void* d, void* u) { return static_cast<Builder*>(u)->enter_span(ty, d); };
    parser.leave_span = [](MD_SPANTYPE ty, void*, void* u) { return static_cast<Builder*>(u)->leave_span(ty); };
    parser.text = [](MD_TEXTTYPE ty, const MD_CHAR* p, MD_SIZE n, void* u) { return static_cast<Builder*>(u)->text(ty, p, n); };
    md_parse(input, size, &parser, this);
    // md4c stops early only on allocation failure; close whatever is open.
    while (stack.size() > 1) {
      Open o = stack.back();
      stack.pop_back();
      if (is_block(node(o.node).type)) finish_block(o);
      else finish_span(o, false);
    }
  }
};

// The HTML block is the last node (a leaf just closed): unlink it and parse
// its text again, raw HTML blocks off, so "<br>" lines become paragraphs with
// hard breaks. Offsets map back to the file line by line.
void Builder::reparse_html_block(const Open& o) {
  uint32_t idx = o.node;
  Node hb = node(idx);
  std::string text(t->text(hb, src));
  Open& parent_open = stack.back();
  Node& parent = node(parent_open.node);
  if (parent_open.prev_last == kNoNode) parent.first_child = kNoNode;
  else node(parent_open.prev_last).next_sibling = kNoNode;
  parent.last_child = parent_open.prev_last;
  nodes().pop_back();

  Builder sb;
  sb.src = src;
  sb.orig = orig;
  sb.marks = marks;
  sb.defs = defs;
  sb.in_raw = in_raw;
  sb.body_begin = body_begin;
  sb.t = t;
  sb.lines = lines;
  sb.flags = flags | MD_FLAG_NOHTMLBLOCKS;
  sb.br_as_break = true;
  sb.sub = true;
  sb.budget = budget;
  sb.containers = containers;
  if (!hb.text_in_pool) {
    sb.pieces.push_back({0, hb.text_begin, hb.text_len});
  } else {
    for (const HtmlPiece& hp : html_pieces) sb.pieces.push_back({hp.text_off, hp.src_off, hp.len});
  }
  if (sb.pieces.empty()) sb.pieces.push_back({0, 0, 0});
  sb.stack.push_back(parent_open);
  uint32_t start = hb.src_begin != kUnset ? lines->begin(lines->of(hb.src_begin)) : o.block_cursor;
  sb.block_cursor = start;
  sb.inline_cursor = start;
  sb.run(text.data(), uint32_t(text.size()));
  parent_open.prev_last = sb.stack.front().prev_last;
  block_cursor = std::max(block_cursor, sb.block_cursor);
  inline_cursor = std::max(inline_cursor, sb.block_cursor);
  in_raw = sb.in_raw;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Public API
//-----------------------------------------------------------------------------

static void parse_markdown_impl(std::string_view text, size_t body_begin, size_t end, size_t align_to, MarkdownTree& tree,
                                const MarkdownOptions& options, bool whole);

void parse_markdown(std::string_view text, size_t body_begin, MarkdownTree& tree) {
  parse_markdown(text, body_begin, tree, MarkdownOptions{});
}

void parse_markdown(std::string_view text, size_t body_begin, MarkdownTree& tree, const MarkdownOptions& options) {
  parse_markdown_impl(text, body_begin, text.size(), body_begin, tree, options, true);
}

void parse_markdown_range(std::string_view text, size_t body_begin, size_t end, size_t view_end, size_t align_to,
                          MarkdownTree& tree) {
  parse_markdown_range(text, body_begin, end, view_end, align_to, tree, MarkdownOptions{});
}

void parse_markdown_range(std::string_view text, size_t body_begin, size_t end, size_t view_end, size_t align_to,
                          MarkdownTree& tree, const MarkdownOptions& options) {
  // The builder's scans stop at the end of the view.
  parse_markdown_impl(text.substr(0, std::max(end, std::min(view_end, text.size()))), body_begin, end, align_to, tree,
                      options, false);
}

// `align_to`: md4c's input offsets are made equal, modulo 256, to offsets
// from there (blank lines are put in front). md4c's check for a list item
// that starts with two blank lines can read a line offset's low byte as a
// block type, so a range parse starts as the full parse would see it. (That
// check depends on more than this; core/incremental.cpp avoids the lists
// that can reach it.)
static void parse_markdown_impl(std::string_view text, size_t body_begin, size_t end, size_t align_to, MarkdownTree& tree,
                                const MarkdownOptions& options, bool whole) {
  tree.nodes.clear();
  tree.pool.clear();
  tree.cuts.clear();
  tree.top.clear();
  tree.risky_lists.clear();
  if (text.size() >= 0xffffffffu) text = text.substr(0, 0xfffffffeu);  // offsets are 32-bit
  end = std::min(end, text.size());
  body_begin = std::min(body_begin, end);
  tree.nodes.reserve(std::min(text.size() / 24, limits::kMaxTreeNodes) + 16);

  // Liquid and footnotes: md4c parses a masked copy (core/liquid.h); the
  // tree's ranges index both, its text is read from the real bytes.
  std::string_view real = text;
  BodyMask mask;
  mask_body(text, body_begin, text.size(), mask);
  if (mask.active()) text = mask.text;

  Lines lines;
  lines.build(text, uint32_t(body_begin));

  Node root;
  root.type = NodeType::Document;
  root.src_begin = uint32_t(body_begin);
  root.src_end = uint32_t(end);
  tree.nodes.push_back(root);

  Builder b;
  b.src = text;
  b.orig = real;
  if (mask.active()) {
    b.marks = &mask.marks;
    b.defs = &mask.defs;
  }
  b.excerpt = options.excerpt_separator;
  b.body_begin = uint32_t(body_begin);
  b.t = &tree;
  b.lines = &lines;
  b.flags = options.flags == 0xffffffffu ? default_markdown_flags() : options.flags;
  b.br_as_break = options.br_as_break;
  Budget budget;
  b.budget = &budget;
  uint32_t pad = align_to <= body_begin ? uint32_t((body_begin - align_to) % 256) : 0;
  pad = pad ? 256 - pad : 0;
  b.pieces.push_back({pad, uint32_t(body_begin), uint32_t(end - body_begin)});
  Open root_open;
  root_open.node = 0;
  b.stack.reserve(64);
  b.stack.push_back(root_open);
  b.block_cursor = b.inline_cursor = uint32_t(body_begin);
  if (!pad) {
    b.run(text.data() + body_begin, uint32_t(end - body_begin));
  } else {
    std::string input(pad, '\n');
    input.append(text.data() + body_begin, end - body_begin);
    b.run(input.data(), uint32_t(input.size()));
  }
  tree.nodes[0].src_begin = uint32_t(body_begin);
  tree.nodes[0].src_end = uint32_t(end);
  // One walk here spares every later reader (and every keystroke) its own.
  for (uint32_t c = tree.nodes[0].first_child; c != kNoNode; c = tree.nodes[c].next_sibling) tree.top.push_back(c);
  if (whole)
    for (size_t k = 0; k < tree.top.size(); k++)
      if (top_block_may_hit_list_check(tree, real, k)) tree.risky_lists.push_back(tree.top[k]);
}

// md4c's "list item starting with two blank lines" check reads the top of
// its block buffer as a block even when the item already has content (a
// blank line inside a list after a closed block), so its outcome depends on
// line offsets and on what came before. Blocks after the edit move, and the
// region is parsed alone, so such a check may come out differently there.
// True when the lines text[b, e) (a list or quote, the gap after it and the
// next block's first line) hold a blank line after a line that is blank or
// may close a block by itself (heading, fence, rule, HTML end, marker only),
// then an indented line.
bool may_hit_list_check(std::string_view text, size_t b, size_t e) {
  bool prev_closing = false, armed = false;
  for (size_t pos = b; pos < e;) {
    const void* nl = std::memchr(text.data() + pos, '\n', e - pos);
    size_t le = nl ? size_t(static_cast<const char*>(nl) - text.data()) : e;
    // The check only changes the outcome when the next non-blank line would
    // stay in the item, which takes indentation (after any quote marks).
    if (armed) {
      size_t q = pos, ws = 0;
      while (q < le && (text[q] == ' ' || text[q] == '\t' || text[q] == '>' || text[q] == '\r')) {
        if (text[q] == '\t') ws += 4;
        else if (text[q] == ' ') ws++;
        q++;
      }
      if (q < le) {
        if (ws >= 2) return true;
        armed = false;
      }
    }
    size_t p = pos;
    // Past indentation, quote marks and list markers.
    for (;;) {
      while (p < le && (text[p] == ' ' || text[p] == '\t' || text[p] == '>' || text[p] == '\r')) p++;
      size_t q = p;
      while (q < le && q - p < 9 && text[q] >= '0' && text[q] <= '9') q++;
      if (q > p && q < le && (text[q] == '.' || text[q] == ')') && (q + 1 >= le || text[q + 1] == ' ' || text[q + 1] == '\t')) { p = q + 1; continue; }
      if (p < le && (text[p] == '-' || text[p] == '+' || text[p] == '*') && (p + 1 >= le || text[p + 1] == ' ' || text[p + 1] == '\t')) {
        p++;
        continue;
      }
      break;
    }
    bool blank = p >= le;
    if (blank && prev_closing) armed = true;
    // Lines md4c closes a block on: ATX heading, fence, rule or setext
    // underline, the end of an HTML block (any line with a '>').
    std::string_view line = text.substr(p, le - p);
    bool rule = !blank && line.find_first_not_of("-*_= \t\r") == std::string_view::npos;
    prev_closing = blank || rule || line[0] == '#' || line.substr(0, 3) == "```" || line.substr(0, 3) == "~~~" ||
                   line.find('>') != std::string_view::npos;
    if (!nl) break;
    pos = le + 1;
  }
  return false;
}


bool top_block_may_hit_list_check(const MarkdownTree& tree, std::string_view text, size_t k) {
  const Node& n = tree.nodes[tree.top[k]];
  // Callouts and {:toc} blocks (core/jekyll_blocks.h) were lists, quotes or may hold one.
  if (n.type != NodeType::BulletList && n.type != NodeType::OrderedList && n.type != NodeType::Quote &&
      n.type != NodeType::Callout && n.type != NodeType::TocBlock)
    return false;
  size_t next = k + 1 < tree.top.size() ? tree.nodes[tree.top[k + 1]].src_begin : text.size();
  size_t e = std::min(std::max<size_t>(next, n.src_end), text.size());
  const void* nl = std::memchr(text.data() + e, '\n', text.size() - e);
  e = nl ? size_t(static_cast<const char*>(nl) - text.data()) + 1 : text.size();
  return may_hit_list_check(text, n.src_begin, e);
}

//-----------------------------------------------------------------------------
// [SECTION] Outline
//-----------------------------------------------------------------------------

size_t count_words(std::string_view s, bool& in_word) {
  size_t words = 0;
  for (size_t k = 0; k < s.size(); k++) {
    const unsigned char c = (unsigned char)s[k];
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    if (space) in_word = false;
    else if (!in_word) {
      in_word = true;
      words++;
    }
  }
  return words;
}

void collect_outline(Document& doc) {
  doc.headings.clear();
  doc.word_count = 0;
  const MarkdownTree& tree = doc.tree;
  if (tree.nodes.empty()) return;
  std::string_view src = doc.text;
  std::unordered_set<std::string> used;
  // Next suffix to try per slug, so n repeats of one heading cost n lookups, not n²/2.
  std::unordered_map<std::string, int> next_suffix;
  size_t words = 0;
  bool in_word = false;
  walk_tree(tree, 0, [&](uint32_t i, bool entering) {
    const Node& n = tree.nodes[i];
    if (!entering) {
      if (is_block(n.type)) in_word = false;
      return true;
    }
    if (is_block(n.type)) in_word = false;
    switch (n.type) {
      case NodeType::Heading: {
        Heading h;
        h.level = n.level;
        h.text = plain_text(tree, src, i);
        h.node = i;
        h.src_begin = n.src_begin;
        std::string base = slugify(h.text);
        std::string anchor = base;
        if (used.count(anchor)) {
          int& k = next_suffix[base];
          do anchor = base + "-" + std::to_string(++k);
          while (used.count(anchor));
        }
        used.insert(anchor);
        h.anchor = std::move(anchor);
        doc.headings.push_back(std::move(h));
        return true;
      }
      case NodeType::Text:
      case NodeType::CodeSpan: {
        // Words may continue across nodes ("**굵게**입니다" is one eojeol).
        words += count_words(tree.text(n, src), in_word);
        return false;
      }
      case NodeType::SoftBreak:
      case NodeType::HardBreak:
        in_word = false;
        return false;
      case NodeType::CodeBlock:
      case NodeType::HtmlBlock:
      case NodeType::HtmlInline:
        return false;
      default:
        return true;
    }
  });
  doc.word_count = words;
}

}  // namespace sheaf
