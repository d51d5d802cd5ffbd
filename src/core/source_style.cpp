// Sheaf source style: flags per byte from the front matter, the Markdown tree
// and the diagnostics, folded into runs.
//
// [SECTION] Painting
// [SECTION] Front matter
// [SECTION] Markdown nodes
// [SECTION] Styler
#include "core/source_style.h"

#include <algorithm>
#include <cstring>
#include <string_view>

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Painting
//-----------------------------------------------------------------------------

namespace {

// Flags for text[base, base + f.size()), painted by OR over clipped ranges.
struct Canvas {
  std::string_view text;
  uint32_t base = 0;
  std::vector<uint16_t> f;

  uint32_t end() const { return base + uint32_t(f.size()); }
  void paint(uint32_t a, uint32_t b, uint16_t flags) {
    a = std::max(a, base);
    b = std::min(b, end());
    for (uint32_t i = a; i < b; i++) f[i - base] |= flags;
  }
};

bool is_space(char c) { return c == ' ' || c == '\t'; }

uint32_t line_end(std::string_view t, uint32_t i) {
  const void* nl = i < t.size() ? memchr(t.data() + i, '\n', t.size() - i) : nullptr;
  return nl ? uint32_t(static_cast<const char*>(nl) - t.data()) : uint32_t(t.size());
}

// Past one list marker at i ("-", "*", "+", "12.", "3)") and the space after
// it; i itself when there is none.
uint32_t skip_list_marker(std::string_view t, uint32_t i, uint32_t eol) {
  uint32_t j = i;
  if (j < eol && (t[j] == '-' || t[j] == '*' || t[j] == '+')) {
    j++;
  } else {
    while (j < eol && j - i < 9 && t[j] >= '0' && t[j] <= '9') j++;
    if (j == i || j >= eol || (t[j] != '.' && t[j] != ')')) return i;
    j++;
  }
  if (j < eol && !is_space(t[j])) return i;
  while (j < eol && is_space(t[j])) j++;
  return j;
}

// The container prefix of a line: indentation, quote markers and list
// markers, as many as there are ("> - " or "  1. ").
uint32_t skip_prefix(std::string_view t, uint32_t i, uint32_t eol, bool lists) {
  for (;;) {
    while (i < eol && is_space(t[i])) i++;
    if (i < eol && t[i] == '>') {
      i++;
      continue;
    }
    if (!lists) return i;
    uint32_t j = skip_list_marker(t, i, eol);
    if (j == i) return i;
    i = j;
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Front matter
//-----------------------------------------------------------------------------

// Keys ("title:", "  nested:", "- key:") and comments of YAML; "key =" of TOML.
void paint_front_matter(Canvas& c, const FrontMatter& fm) {
  if (fm.format == FrontMatterFormat::None) return;
  const std::string_view t = c.text;
  c.paint(uint32_t(fm.begin), uint32_t(fm.end), Src_FrontMatter);
  if (fm.format != FrontMatterFormat::Json) {
    c.paint(uint32_t(fm.begin), uint32_t(fm.content_begin), Src_Marker);
    c.paint(uint32_t(fm.content_end), uint32_t(fm.end), Src_Marker);
  }
  uint32_t i = std::max(uint32_t(fm.content_begin), c.base);
  // Start at a line start: back up to the line holding the canvas start.
  while (i > fm.content_begin && t[i - 1] != '\n') i--;
  const uint32_t stop = std::min(uint32_t(fm.content_end), c.end());
  while (i < stop) {
    const uint32_t eol = line_end(t, i);
    uint32_t k = i;
    while (k < eol && is_space(t[k])) k++;
    if (fm.format == FrontMatterFormat::Yaml && k + 1 < eol && t[k] == '-' && t[k + 1] == ' ') k += 2;
    if (k < eol && t[k] == '#') {
      c.paint(k, eol, Src_Marker);
    } else if (fm.format == FrontMatterFormat::Yaml) {
      // key: the first ": " (or ':' at the end) outside quotes.
      char quote = 0;
      for (uint32_t j = k; j < eol; j++) {
        const char ch = t[j];
        if (quote) {
          if (ch == quote) quote = 0;
        } else if ((ch == '"' || ch == '\'') && j == k) {
          quote = ch;
        } else if (ch == ':' && (j + 1 == eol || is_space(t[j + 1]) || t[j + 1] == '\r')) {
          if (j > k) c.paint(k, j, Src_Key);
          c.paint(j, j + 1, Src_Marker);
          break;
        } else if (ch == '#' && j > k && is_space(t[j - 1])) {
          break;
        }
      }
    } else if (fm.format == FrontMatterFormat::Toml) {
      for (uint32_t j = k; j < eol; j++)
        if (t[j] == '=') {
          uint32_t e = j;
          while (e > k && is_space(t[e - 1])) e--;
          if (e > k) c.paint(k, e, Src_Key);
          break;
        } else if (t[j] == '[' && j == k) {
          c.paint(k, eol, Src_Key);  // a table header
          break;
        }
    }
    i = eol + 1;
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Markdown nodes
//-----------------------------------------------------------------------------

// Length of the run of `ch` at i (at most `max`).
uint32_t run_at(std::string_view t, uint32_t i, uint32_t end, char ch, uint32_t max) {
  uint32_t n = 0;
  while (i + n < end && n < max && t[i + n] == ch) n++;
  return n;
}
uint32_t run_before(std::string_view t, uint32_t begin, uint32_t i, char ch, uint32_t max) {
  uint32_t n = 0;
  while (i - n > begin && n < max && t[i - n - 1] == ch) n++;
  return n;
}

// Muted delimiters at both ends of an inline node: up to `max` of its
// opening character, and as many of the same at the end.
void paint_delimiters(Canvas& c, const Node& n, uint32_t max) {
  const std::string_view t = c.text;
  if (n.src_end <= n.src_begin) return;
  const char ch = t[n.src_begin];
  if (ch != '*' && ch != '_' && ch != '~' && ch != '`' && ch != '=') return;
  const uint32_t open = run_at(t, n.src_begin, n.src_end, ch, max);
  const uint32_t close = run_before(t, n.src_begin + open, n.src_end, ch, open);
  c.paint(n.src_begin, n.src_begin + open, Src_Marker);
  c.paint(n.src_end - close, n.src_end, Src_Marker);
}

// Each line of [begin, end), with its end (before '\n').
template <class F>
void for_lines(const Canvas& c, uint32_t begin, uint32_t end, F&& f) {
  uint32_t i = std::max(begin, c.base);
  while (i > begin && c.text[i - 1] != '\n') i--;
  const uint32_t stop = std::min(end, c.end());
  while (i < stop) {
    const uint32_t eol = std::min(line_end(c.text, i), end);
    f(i, eol);
    i = eol + 1;
  }
}

void paint_node(Canvas& c, const MarkdownTree& tree, const Node& n) {
  const std::string_view t = c.text;
  switch (n.type) {
    case NodeType::Heading: {
      c.paint(n.src_begin, n.src_end, uint16_t(std::min<int>(n.level, 6) << Src_HeadingShift));
      const uint32_t eol = line_end(t, n.src_begin);
      const uint32_t k = skip_prefix(t, n.src_begin, eol, true);
      if (k < eol && t[k] == '#') {
        uint32_t j = k + run_at(t, k, eol, '#', 6);
        while (j < eol && is_space(t[j])) j++;
        c.paint(n.src_begin, j, Src_Marker);
      } else {
        // Setext: the underline is the last line.
        uint32_t last = n.src_end;
        if (last > n.src_begin && t[last - 1] == '\n') last--;
        uint32_t ls = last;
        while (ls > n.src_begin && t[ls - 1] != '\n') ls--;
        if (ls > n.src_begin) c.paint(ls, last, Src_Marker);
      }
      break;
    }
    case NodeType::CodeBlock: {
      c.paint(n.src_begin, n.src_end, Src_Code | Src_CodeBlock);
      if (n.mark != '`' && n.mark != '~') break;
      c.paint(n.src_begin, line_end(t, n.src_begin), Src_Marker);
      uint32_t last = n.src_end;
      if (last > n.src_begin && t[last - 1] == '\n') last--;
      uint32_t ls = last;
      while (ls > n.src_begin && t[ls - 1] != '\n') ls--;
      if (ls > n.src_begin) {
        const uint32_t k = skip_prefix(t, ls, last, false);
        if (run_at(t, k, last, n.mark, 3) == 3) c.paint(ls, last, Src_Marker);
      }
      break;
    }
    case NodeType::HtmlBlock:
      c.paint(n.src_begin, n.src_end, Src_Html);
      break;
    case NodeType::Quote:
      for_lines(c, n.src_begin, n.src_end, [&](uint32_t b, uint32_t e) {
        const uint32_t k = skip_prefix(t, b, e, true);
        for (uint32_t j = b; j < k; j++)
          if (t[j] == '>') c.paint(j, j + 1, Src_Marker);
      });
      break;
    case NodeType::ListItem: {
      const uint32_t eol = line_end(t, n.src_begin);
      c.paint(n.src_begin, skip_prefix(t, n.src_begin, eol, true), Src_Marker);
      if (n.task && n.task_mark_offset > 0) c.paint(n.task_mark_offset - 1, n.task_mark_offset + 2, Src_Marker);
      break;
    }
    case NodeType::ThematicBreak:
      c.paint(n.src_begin, n.src_end, Src_Marker);
      break;
    case NodeType::Table: {
      const uint32_t delim = line_end(t, n.src_begin) + 1;  // the delimiter row is the second line
      for_lines(c, n.src_begin, n.src_end, [&](uint32_t b, uint32_t e) {
        if (b == delim) {
          c.paint(b, e, Src_Marker);
          return;
        }
        for (uint32_t j = b; j < e; j++)
          if (t[j] == '|') c.paint(j, j + 1, Src_Marker);
      });
      break;
    }
    case NodeType::TableHeaderCell:
      c.paint(n.src_begin, n.src_end, Src_Strong);
      break;
    case NodeType::Strong:
      c.paint(n.src_begin, n.src_end, Src_Strong);
      paint_delimiters(c, n, 2);
      break;
    case NodeType::Emphasis:
    case NodeType::Underline:
      c.paint(n.src_begin, n.src_end, Src_Emphasis);
      paint_delimiters(c, n, 1);
      break;
    case NodeType::Strikethrough:
      c.paint(n.src_begin, n.src_end, Src_Strike);
      paint_delimiters(c, n, 2);
      break;
    case NodeType::CodeSpan:
      c.paint(n.src_begin, n.src_end, Src_Code);
      paint_delimiters(c, n, UINT32_MAX);
      break;
    case NodeType::LatexMath:
      c.paint(n.src_begin, n.src_end, Src_Code);
      break;
    case NodeType::Link:
    case NodeType::Image:
    case NodeType::WikiLink: {
      if (n.type == NodeType::Link && (n.flags & 1)) {
        c.paint(n.src_begin, n.src_end, Src_LinkText);
        if (t[n.src_begin] == '<') {
          c.paint(n.src_begin, n.src_begin + 1, Src_Marker);
          c.paint(n.src_end - 1, n.src_end, Src_Marker);
        }
        break;
      }
      if (n.first_child == kNoNode) {
        c.paint(n.src_begin, n.src_end, Src_Url);
        break;
      }
      const uint32_t a = tree.nodes[n.first_child].src_begin, b = tree.nodes[n.last_child].src_end;
      c.paint(n.src_begin, a, Src_Marker);
      c.paint(a, b, Src_LinkText);
      c.paint(b, n.src_end, n.type == NodeType::WikiLink ? uint16_t(Src_Marker) : uint16_t(Src_Url));
      break;
    }
    case NodeType::HtmlInline:
      c.paint(n.src_begin, n.src_end, Src_Html);
      break;
    case NodeType::HardBreak:
      c.paint(n.src_begin, n.src_end, (n.flags & 1) ? uint16_t(Src_Html) : uint16_t(Src_Marker));
      break;
    default:
      break;
  }
}

// Every node of the subtree at `root` whose range meets the canvas, parents
// first, without recursion.
void paint_subtree(Canvas& c, const MarkdownTree& tree, uint32_t root) {
  uint32_t i = root;
  while (i != kNoNode) {
    const Node& n = tree.nodes[i];
    const bool meets = n.src_end > c.base && n.src_begin < c.end();
    if (meets) paint_node(c, tree, n);
    if (meets && n.first_child != kNoNode) {
      i = n.first_child;
      continue;
    }
    while (i != root && tree.nodes[i].next_sibling == kNoNode) i = tree.nodes[i].parent;
    if (i == root) break;
    i = tree.nodes[i].next_sibling;
  }
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Styler
//-----------------------------------------------------------------------------

void SourceStyler::prepare(const Document& doc) {
  doc_ = &doc;
  blocks_.clear();
  errors_.clear();
  longest_error_ = 0;
  // The parse keeps the root's children; only a hand-built tree needs the walk.
  tree_top_ = !doc.tree.top.empty();
  if (!tree_top_ && !doc.tree.nodes.empty())
    for (uint32_t k = doc.tree.nodes[0].first_child; k != kNoNode; k = doc.tree.nodes[k].next_sibling)
      blocks_.push_back(k);
  // The scan below goes from line 1 to each diagnostic's line: linear in the
  // text up to the last one, but only when there are located diagnostics.
  // Diagnostics: from their column to the end of the token (the whole line
  // when no column is given). One pass over the line starts.
  std::vector<std::pair<int, int>> want;  // (line, column)
  for (const Diagnostic& d : doc.diagnostics)
    if (d.line > 0) want.emplace_back(d.line, d.column);
  std::sort(want.begin(), want.end());
  const std::string_view t = doc.text;
  int line = 1;
  uint32_t ls = 0;
  for (const auto& [dl, dc] : want) {
    while (line < dl && ls < t.size()) {
      const uint32_t e = line_end(t, ls);
      if (e >= t.size()) {
        ls = uint32_t(t.size());
        break;
      }
      ls = e + 1;
      line++;
    }
    if (line != dl) break;
    const uint32_t eol = line_end(t, ls);
    uint32_t a = ls, b = eol;
    if (b > a && t[b - 1] == '\r') b--;
    if (dc > 0) {
      a = std::min(ls + uint32_t(dc - 1), b);
      uint32_t e = a;
      while (e < b && !is_space(t[e])) e++;
      if (e == a) e = std::min(b, a + 1);
      if (e == a && a > ls) a--;  // at the end of the line: the character before it
      b = e;
    }
    if (b > a) errors_.emplace_back(a, b);
  }
  std::sort(errors_.begin(), errors_.end());
  longest_error_ = 0;
  for (const auto& [a, b] : errors_) longest_error_ = std::max(longest_error_, b - a);
}

void SourceStyler::style(uint32_t begin, uint32_t end, std::vector<SourceRun>& out) const {
  if (!doc_) return;
  const std::string_view t = doc_->text;
  end = std::min<uint32_t>(end, uint32_t(t.size()));
  if (begin >= end) return;
  Canvas c;
  c.text = t;
  c.base = begin;
  c.f.assign(end - begin, 0);
  paint_front_matter(c, doc_->front_matter);
  const MarkdownTree& tree = doc_->tree;
  // The first top-level block that may reach `begin`: blocks are in order
  // and do not overlap, so their ends are sorted too.
  const std::vector<uint32_t>& blocks = tree_top_ ? tree.top : blocks_;
  auto it = std::upper_bound(blocks.begin(), blocks.end(), begin,
                             [&](uint32_t v, uint32_t k) { return v < tree.nodes[k].src_end; });
  for (; it != blocks.end() && tree.nodes[*it].src_begin < end; ++it) paint_subtree(c, tree, *it);
  // Diagnostic ranges lie within a line and are sorted by start: those that
  // can reach `begin` start at most longest_error_ bytes before it.
  auto e = std::lower_bound(errors_.begin(), errors_.end(), begin - std::min(begin, longest_error_),
                            [](const std::pair<uint32_t, uint32_t>& x, uint32_t v) { return x.first < v; });
  for (; e != errors_.end() && e->first < end; ++e) c.paint(e->first, e->second, Src_Error);
  // Fold into runs.
  uint32_t i = 0;
  const uint32_t n = uint32_t(c.f.size());
  while (i < n) {
    uint32_t j = i + 1;
    while (j < n && c.f[j] == c.f[i]) j++;
    out.push_back({begin + i, begin + j, c.f[i]});
    i = j;
  }
}

std::vector<SourceRun> style_source(const Document& doc) {
  SourceStyler s;
  s.prepare(doc);
  std::vector<SourceRun> out;
  s.style(0, uint32_t(doc.text.size()), out);
  return out;
}

}  // namespace sheaf
