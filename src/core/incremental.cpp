// Sheaf core: incremental re-parse (see incremental.h).
//
// The tree is a flat pre-order vector in which each top-level block's subtree
// is one contiguous index range, and the pool is filled in the same order. An
// edit re-parses a few top-level blocks around it (the region) on their own;
// their nodes and pool bytes replace the old ones, and everything after is
// moved: indices by the change in node count, bytes by the edit's size, pool
// offsets by the change in pool size. The region is accepted only when its
// last block comes out exactly as the old block there (moved), which shows
// md4c reaches the rest of the text in the state it did before.
//
// Index of this file:
// [SECTION] Scans
// [SECTION] Tree helpers
// [SECTION] Outline
// [SECTION] Content diagnostics
// [SECTION] Incremental step
// [SECTION] Public API

#include "core/incremental.h"

#include <algorithm>
#include <cstring>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/jekyll_blocks.h"
#include "core/limits.h"
#include "core/markdown.h"
#include "core/metadata.h"
#include "core/text.h"
#include "core/utf8.h"

namespace sheaf {

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Scans
//-----------------------------------------------------------------------------

// Branch-free inner loops over fixed chunks, so the compiler vectorizes them;
// the exit test runs once per chunk.
constexpr size_t kChunk = 64;

// Any "]:" in s (link reference definitions resolve across the whole post).
bool has_ref_def_mark(std::string_view s) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size();
  if (n < 2) return false;
  size_t i = 0;
  for (; i + kChunk + 1 <= n; i += kChunk) {
    unsigned char any = 0;
    for (size_t k = 0; k < kChunk; k++) any |= (p[i + k] == ']') & (p[i + k + 1] == ':');
    if (any) return true;
  }
  for (; i + 1 < n; i++)
    if (p[i] == ']' && p[i + 1] == ':') return true;
  return false;
}

// The bytes check_content counts as control characters (all but usual whitespace).
inline unsigned char is_control(unsigned char c) {
  return (c < 9) | ((unsigned char)(c - 14) < 18) | (c == 0x7F);
}

bool has_control(std::string_view s) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  for (; i + kChunk <= n; i += kChunk) {
    unsigned char any = 0;
    for (size_t k = 0; k < kChunk; k++) any |= is_control(p[i + k]);
    if (any) return true;
  }
  for (; i < n; i++)
    if (is_control(p[i])) return true;
  return false;
}

bool is_fence_first_line(std::string_view text, size_t start) {
  size_t eol = text.find('\n', start);
  if (eol == std::string_view::npos) eol = text.size();
  std::string_view line = text.substr(start, eol - start);
  for (std::string_view f : {std::string_view("---"), std::string_view("+++"), std::string_view("{")}) {
    if (line.substr(0, f.size()) != f) continue;
    if (rest_is_blank(text, start + f.size(), eol)) return true;
  }
  return false;
}

//-----------------------------------------------------------------------------
// [SECTION] Tree helpers
//-----------------------------------------------------------------------------

// End of the line starting at `pos`, after its '\n'.
size_t line_end(std::string_view text, size_t pos) {
  size_t nl = text.find('\n', pos);
  return nl == std::string_view::npos ? text.size() : nl + 1;
}

// text[b, e) holds only blank lines (or nothing).
bool gap_is_blank(std::string_view text, size_t b, size_t e) {
  for (size_t i = b; i < e && i < text.size(); i++)
    if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r' && text[i] != '\n') return false;
  return true;
}

// Which pool ranges a node really uses (the others keep their default 0).
inline bool uses_href(const Node& n) {
  return n.type == NodeType::Link || n.type == NodeType::Image || n.type == NodeType::WikiLink || n.type == NodeType::CodeBlock;
}
inline bool uses_title(const Node& n) {
  return n.type == NodeType::Link || n.type == NodeType::Image || n.type == NodeType::CodeBlock;
}
inline bool uses_pool(const Node& n) { return n.text_in_pool || uses_href(n); }

// Smallest and largest pool offsets a node's ranges touch.
inline uint32_t pool_lo(const Node& n) {
  uint32_t lo = 0xffffffffu;
  if (n.text_in_pool) lo = std::min(lo, n.text_begin);
  if (uses_href(n)) lo = std::min(lo, n.href_begin);
  if (uses_title(n)) lo = std::min(lo, n.title_begin);
  return lo;
}
inline uint32_t pool_hi(const Node& n) {
  uint32_t hi = 0;
  if (n.text_in_pool) hi = std::max(hi, n.text_begin + n.text_len);
  if (uses_href(n)) hi = std::max(hi, n.href_begin + n.href_len);
  if (uses_title(n)) hi = std::max(hi, n.title_begin + n.title_len);
  return hi;
}

inline void move_pool(Node& n, int64_t dp) {
  if (n.text_in_pool) n.text_begin = uint32_t(int64_t(n.text_begin) + dp);
  if (uses_href(n)) n.href_begin = uint32_t(int64_t(n.href_begin) + dp);
  if (uses_title(n)) n.title_begin = uint32_t(int64_t(n.title_begin) + dp);
}

// End (exclusive) of the subtree of top-level block `top` (pre-order).
inline uint32_t subtree_end(const MarkdownTree& t, uint32_t top) {
  uint32_t s = t.nodes[top].next_sibling;
  return s != kNoNode ? s : uint32_t(t.nodes.size());
}

// Does the subtree at `nb` in `b` (new, in `bsrc`) equal the one at `na` in
// `a` (old, in `asrc`) moved by `delta` bytes? The top's next_sibling is not
// compared (the region's last block has none). Both are top-level blocks.
bool same_block(const MarkdownTree& a, std::string_view asrc, uint32_t na, const MarkdownTree& b, std::string_view bsrc,
                uint32_t nb, int64_t delta) {
  uint32_t ea = subtree_end(a, na), eb = subtree_end(b, nb);
  if (ea - na != eb - nb) return false;
  auto rel = [](uint32_t v, uint32_t base) { return v == kNoNode ? kNoNode : v - base; };
  for (uint32_t k = 0; k < ea - na; k++) {
    const Node& x = a.nodes[na + k];
    const Node& y = b.nodes[nb + k];
    if (x.type != y.type || x.level != y.level || x.task != y.task || x.align != y.align || x.tight != y.tight ||
        x.mark != y.mark || x.start != y.start || x.flags != y.flags || x.text_in_pool != y.text_in_pool)
      return false;
    if (int64_t(x.src_begin) + delta != y.src_begin || int64_t(x.src_end) + delta != y.src_end) return false;
    if (rel(x.first_child, na) != rel(y.first_child, nb) || rel(x.last_child, na) != rel(y.last_child, nb)) return false;
    if (k && (rel(x.parent, na) != rel(y.parent, nb) || rel(x.next_sibling, na) != rel(y.next_sibling, nb))) return false;
    if (x.text_len != y.text_len || a.text(x, asrc) != b.text(y, bsrc)) return false;
    if (!x.text_in_pool && x.text_begin != 0 && int64_t(x.text_begin) + delta != y.text_begin) return false;
    if (uses_href(x) && a.href(x) != b.href(y)) return false;
    if (uses_title(x) && a.title(x) != b.title(y)) return false;
    if (x.task && int64_t(x.task_mark_offset) + (x.task_mark_offset ? delta : 0) != y.task_mark_offset) return false;
  }
  return true;
}

//-----------------------------------------------------------------------------
// [SECTION] Outline
//-----------------------------------------------------------------------------

// collect_outline's walk over the top-level blocks [first, end) of `t`:
// headings (node indices moved by `node_shift`, anchors not set) and words.
// Each top-level block starts and ends outside any word, so blocks add up.
size_t outline_of_blocks(const MarkdownTree& t, std::string_view src, uint32_t first, uint32_t end, int64_t node_shift,
                         std::vector<Heading>* out) {
  size_t words = 0;
  bool in_word = false;
  for (uint32_t top = first; top < end && top != kNoNode; top = t.nodes[top].next_sibling) {
    walk_tree(t, top, [&](uint32_t i, bool entering) {
      const Node& n = t.nodes[i];
      if (!entering) {
        if (is_block(n.type)) in_word = false;
        return true;
      }
      if (is_block(n.type)) in_word = false;
      switch (n.type) {
        case NodeType::Heading:
          if (out) {
            Heading h;
            h.level = n.level;
            h.text = plain_text(t, src, i);
            h.node = uint32_t(int64_t(i) + node_shift);
            h.src_begin = n.src_begin;
            out->push_back(std::move(h));
          }
          return true;
        case NodeType::Text:
        case NodeType::CodeSpan: {
          words += count_words(t.text(n, src), in_word);
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
  }
  return words;
}

// The anchors collect_outline gives, in order (unique slugs with -1, -2 ...).
void assign_anchors(std::vector<Heading>& hs) {
  std::unordered_set<std::string> used;
  std::unordered_map<std::string, int> next_suffix;
  for (Heading& h : hs) {
    std::string base = slugify(h.text);
    std::string anchor = base;
    if (used.count(anchor)) {
      int& k = next_suffix[base];
      do anchor = base + "-" + std::to_string(++k);
      while (used.count(anchor));
    }
    used.insert(anchor);
    h.anchor = std::move(anchor);
  }
}

bool is_blank(std::string_view s) {
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  return true;
}

//-----------------------------------------------------------------------------
// [SECTION] Content diagnostics
//-----------------------------------------------------------------------------

bool starts_with(const std::string& s, const char* p) { return s.compare(0, std::strlen(p), p) == 0; }

// How many of the first diagnostics came from check_content, and whether any
// of them is more than the size warning.
size_t content_diag_count(const std::vector<Diagnostic>& ds, bool& special, bool& binary) {
  size_t i = 0;
  special = binary = false;
  if (i < ds.size() && ds[i].line == 0 && starts_with(ds[i].message, "large file (")) i++;
  if (i < ds.size() && ds[i].line == 0 && starts_with(ds[i].message, "binary file: ")) { binary = true; return i + 1; }
  if (i < ds.size() && ds[i].message == "NUL byte in the file") { i++; special = true; }
  if (i < ds.size() && starts_with(ds[i].message, "line of ")) { i++; special = true; }
  if (i < ds.size() && starts_with(ds[i].message, "invalid UTF-8 (byte ")) { i++; special = true; }
  return i;
}

// The lines of `text` touching [b, e) are no longer than the viewer lays out.
bool edited_lines_short(std::string_view text, size_t b, size_t e) {
  const size_t lim = limits::kMaxLayoutLineBytes;
  size_t ls = b;
  while (ls > 0 && text[ls - 1] != '\n') {
    if (b - ls > lim) return false;
    ls--;
  }
  for (size_t pos = ls;;) {
    size_t stop = std::min(text.size(), std::max(pos, e) + lim + 1);
    const void* nl = std::memchr(text.data() + pos, '\n', stop - pos);
    size_t le = nl ? size_t(static_cast<const char*>(nl) - text.data()) : stop;
    if (le - pos > lim) return false;
    if (!nl || le >= e) return true;
    pos = le + 1;
  }
}

// check_content's diagnostics for the new text, looking only near the edit
// when the old text had none but the size warning. False: binary.
bool content_diags(const std::string& old_text, const std::string& text, bool old_special, size_t at, size_t removed,
                   size_t inserted, std::vector<Diagnostic>& out) {
  if (!old_special && !has_control(text) && edited_lines_short(text, at, at + inserted)) {
    // The old text was valid UTF-8: check from the character holding `at`
    // to the first character start after the removed bytes.
    size_t s = at;
    while (s > 0 && s < old_text.size() && ((unsigned char)old_text[s] & 0xC0) == 0x80) s--;
    size_t e = at + removed;
    while (e < old_text.size() && ((unsigned char)old_text[e] & 0xC0) == 0x80) e++;
    e = e - removed + inserted;
    if (valid_utf8(std::string_view(text).substr(s, e - s))) {
      check_size(text.size(), out);
      return true;
    }
  }
  return check_content(text, out);
}

//-----------------------------------------------------------------------------
// [SECTION] Incremental step
//-----------------------------------------------------------------------------

// Tries the incremental path. On false `doc` is untouched and `new_text` still
// holds the new text.
bool reparse_region(Document& doc, std::string& new_text, uint32_t at, uint32_t removed, uint32_t inserted, ReparseSpan& span,
                    bool& text_moved) {
  const std::string& old = doc.text;
  MarkdownTree& tree = doc.tree;
  const FrontMatter& fm = doc.front_matter;
  if (tree.nodes.empty() || !tree.cuts.empty()) return false;
  if (size_t(at) + removed > old.size() || new_text.size() != old.size() - removed + inserted) return false;
  if (new_text.size() >= 0xfffffff0u || old.size() >= 0xfffffff0u) return false;
  // The front matter and where the body starts must stay as they are.
  if (fm.format != FrontMatterFormat::None) {
    if (at < fm.end + 1) return false;
  } else {
    size_t first_eol = old.find('\n', fm.body_begin);
    if (first_eol == std::string::npos || at <= first_eol || is_fence_first_line(old, fm.body_begin)) return false;
  }
  const uint32_t body = uint32_t(fm.body_begin);
  if (tree.nodes[0].src_begin != body) return false;
  // Link reference definitions resolve across the post: with any in the new
  // text, the region may hold no '[' (no definition, no reference); a
  // definition the edit broke shows in the old bytes around it.
  const bool defs = has_ref_def_mark(std::string_view(new_text).substr(body));

  {
    size_t wb = at > body ? at - 1 : body, we = std::min(old.size(), size_t(at) + removed + 1);
    if (has_ref_def_mark(std::string_view(old).substr(wb, we - wb))) return false;
  }
  bool cc_special = false, cc_binary = false;
  size_t cc_count = content_diag_count(doc.diagnostics, cc_special, cc_binary);
  if (cc_binary) return false;

  const int64_t delta = int64_t(inserted) - int64_t(removed);
  const uint32_t edit_end = at + removed;  // old coordinates

  // Top-level blocks up to the one holding the edit's end, found by binary
  // search on the kept index (walking 100k+ scattered siblings per keystroke
  // is mostly cache misses). A hand-built tree without one is parsed whole.
  const std::vector<uint32_t>& top = tree.top;
  if (top.empty() && tree.nodes[0].first_child != kNoNode) return false;
  auto starting_by = [&](uint32_t pos) {  // how many blocks start at or before pos
    return uint32_t(std::upper_bound(top.begin(), top.end(), pos,
                                     [&](uint32_t v, uint32_t k) { return v < tree.nodes[k].src_begin; }) -
                    top.begin());
  };
  const uint32_t upto = starting_by(edit_end), upto_at = starting_by(at);
  const uint32_t k0 = upto_at ? upto_at - 1 : 0, k1 = upto ? upto - 1 : 0;
  // The region may take up to 16 later blocks; needing more gives up.
  const uint32_t nfetch = std::min<uint32_t>(uint32_t(top.size()), upto + 16);
  const bool more_after = nfetch < top.size();

  // A block's range may leave out a line md4c gave it ("- [ ]" alone before
  // the item's text): the region starts and ends at gaps of blank lines only.
  // At the start there must be one: right after a paragraph line md4c has
  // rules a fresh parse does not ("\t<div>" is HTML there, code here).
  auto blank_line_before = [&](uint32_t k) {
    uint32_t e = tree.nodes[top[k - 1]].src_end, b = tree.nodes[top[k]].src_begin;
    return e < b && gap_is_blank(old, e, b);
  };
  uint32_t a = k0 > 0 ? k0 - 1 : 0;
  for (int k = 0; a > 0 && !blank_line_before(a); k++, a--)
    if (k == 4) return false;
  // From the end of the block before, where the full parse's builder starts
  // it too (a list item's range may take in the blank lines before it).
  const uint32_t rb = a == 0 ? body : tree.nodes[top[a - 1]].src_end;
  const uint32_t na = nfetch == 0 ? uint32_t(tree.nodes.size()) : top[a];

  MarkdownOptions md_options;
  md_options.excerpt_separator = doc.excerpt_separator;
  MarkdownTree region;
  uint32_t b = 0, re = 0, nb_end = 0;
  bool have_b = false, accepted = false;
  static const uint32_t kExtend[] = {0, 1, 3, 7, 15};
  for (uint32_t ext : kExtend) {
    b = (nfetch == 0 ? 0 : k1) + 1 + ext;
    have_b = b < nfetch;
    if (!have_b && more_after) return false;  // would need more blocks than fetched
    re = have_b ? uint32_t(int64_t(tree.nodes[top[b]].src_end) + delta) : uint32_t(new_text.size());
    if (re < rb) return false;
    if (defs && std::memchr(new_text.data() + rb, '[', re - rb)) return false;
    // The builder may look past the region's last block, as the full parse
    // does: let it see the two blocks after.
    size_t view = b + 2 < nfetch   ? size_t(int64_t(tree.nodes[top[b + 2]].src_end) + delta)
                  : b + 1 < nfetch ? size_t(int64_t(tree.nodes[top[b + 1]].src_end) + delta)
                                       : size_t(re) + 65536;
    parse_markdown_range(new_text, rb, re, std::min(view, new_text.size()), body, region, md_options);
    if (!region.cuts.empty()) return false;
    apply_jekyll_blocks(new_text, region, false);
    if (!have_b) { accepted = true; break; }
    uint32_t last = region.nodes[0].last_child;
    uint32_t after = tree.nodes[top[b]].next_sibling;
    if (after != kNoNode && !gap_is_blank(old, tree.nodes[top[b]].src_end, tree.nodes[after].src_begin)) continue;
    if (last != kNoNode && same_block(tree, old, top[b], region, new_text, last, delta)) { accepted = true; break; }
  }
  if (!accepted) return false;
  // A markdown="1" block's tags pair up across blocks (core/jekyll_blocks.h):
  // a region that holds such a tag or a closing tag, before or after the edit,
  // may pair others outside it differently. Those edits parse the post whole.
  {
    const size_t old_re = have_b ? tree.nodes[top[b]].src_end : old.size();
    std::string_view ob = std::string_view(old).substr(rb, old_re - rb), nb = std::string_view(new_text).substr(rb, re - rb);
    for (std::string_view r : {ob, nb})
      if (r.find("markdown=") != std::string_view::npos) return false;
    // Closing tags matter only in a post that has such blocks (one memmem).
    if (std::string_view(new_text).substr(body).find("markdown=") != std::string_view::npos)
      for (std::string_view r : {ob, nb})
        if (r.find("</") != std::string_view::npos) return false;
  }
  // An HTML block of <br> lines is parsed again as Markdown (markdown.h); a
  // code fence inside it can end where a fresh parse would not. Found by the
  // random differential test; such rare regions parse the post whole.
  {
    const size_t old_re = have_b ? tree.nodes[top[b]].src_end : old.size();
    std::string_view ob = std::string_view(old).substr(rb, old_re - rb), nb = std::string_view(new_text).substr(rb, re - rb);
    auto has_br = [](std::string_view r) {
      for (size_t i = r.find('<'); i != std::string_view::npos; i = r.find('<', i + 1))
        if (i + 2 < r.size() && (r[i + 1] | 0x20) == 'b' && (r[i + 2] | 0x20) == 'r') return true;
      return false;
    };
    for (std::string_view r : {ob, nb})
      if ((r.find("```") != std::string_view::npos || r.find("~~~") != std::string_view::npos) && has_br(r)) return false;
  }
  // A kramdown attribute line last in the region may apply to the block after
  // it, which the region does not see (core/jekyll_blocks.h).
  if (region.nodes[0].last_child != kNoNode && region.nodes[region.nodes[0].last_child].type == NodeType::AttributeLine)
    return false;
  nb_end = have_b ? subtree_end(tree, top[b]) : uint32_t(tree.nodes.size());

  // Lists md4c may parse differently elsewhere (see may_hit_list_check):
  // in the region, and after it (they move). Its outcome there depends on
  // more than the list itself, so such a post is parsed whole.
  for (uint32_t c = region.nodes[0].first_child; c != kNoNode; c = region.nodes[c].next_sibling) {
    const Node& n = region.nodes[c];
    if (n.type != NodeType::BulletList && n.type != NodeType::OrderedList && n.type != NodeType::Quote &&
        n.type != NodeType::Callout && n.type != NodeType::TocBlock)
      continue;
    uint32_t next = n.next_sibling != kNoNode ? region.nodes[n.next_sibling].src_begin : re;
    if (may_hit_list_check(new_text, n.src_begin, line_end(new_text, std::max(next, n.src_end)))) return false;
  }
  // Later ones were tested when they were parsed; the tree keeps the hits.
  if (have_b && std::upper_bound(tree.risky_lists.begin(), tree.risky_lists.end(), top[b]) != tree.risky_lists.end())
    return false;

  const uint32_t old_n = nb_end - na, new_n = uint32_t(region.nodes.size() - 1);
  if (tree.nodes.size() - old_n + new_n + 2 >= limits::kMaxTreeNodes) return false;
  const int64_t dn = int64_t(new_n) - int64_t(old_n);

  // Pool bytes of the old region: between the last pool user before it and
  // the first one after it.
  uint32_t pa = 0, pb = uint32_t(tree.pool.size());
  for (uint32_t i = na; i-- > 1;)
    if (uses_pool(tree.nodes[i])) { pa = pool_hi(tree.nodes[i]); break; }
  for (uint32_t i = nb_end; i < tree.nodes.size(); i++)
    if (uses_pool(tree.nodes[i])) { pb = pool_lo(tree.nodes[i]); break; }
  if (pa > pb) return false;
  const int64_t dp = int64_t(region.pool.size()) - int64_t(pb - pa);

  // Outline of the old region (old text) and of the new one.
  auto hs_begin = std::lower_bound(doc.headings.begin(), doc.headings.end(), na,
                                   [](const Heading& h, uint32_t v) { return h.node < v; });
  auto hs_end = std::lower_bound(hs_begin, doc.headings.end(), nb_end, [](const Heading& h, uint32_t v) { return h.node < v; });
  size_t old_words = outline_of_blocks(tree, old, na, nb_end, 0, nullptr);
  std::vector<Heading> new_heads;
  size_t new_words = region.nodes.size() > 1 ? outline_of_blocks(region, new_text, 1, uint32_t(region.nodes.size()), int64_t(na) - 1, &new_heads) : 0;
  if (old_words > doc.word_count) return false;
  bool same_slugs = size_t(hs_end - hs_begin) == new_heads.size();
  for (size_t i = 0; same_slugs && i < new_heads.size(); i++)
    same_slugs = slugify(hs_begin[i].text) == slugify(new_heads[i].text);
  if (same_slugs)
    for (size_t i = 0; i < new_heads.size(); i++) new_heads[i].anchor = hs_begin[i].anchor;

  std::vector<Diagnostic> diags;
  if (!content_diags(old, new_text, cc_special, at, removed, inserted, diags)) return false;

  // Everything that can fail is done: change the document.
  uint32_t region_blocks = 0, region_last = kNoNode;
  for (uint32_t c = region.nodes[0].first_child; c != kNoNode; c = region.nodes[c].next_sibling) {
    region_blocks++;
    region_last = c;
  }
  const uint32_t old_blocks_end = have_b ? b + 1 : kNoNode;
  span.full = false;
  span.old_first = a;  // `top` starts at the root's first child
  span.old_count = have_b ? old_blocks_end - a : nfetch - std::min<uint32_t>(a, nfetch);
  span.new_count = region_blocks;
  span.node_begin = na;
  span.old_node_end = nb_end;
  span.new_node_end = na + new_n;
  span.byte_begin = rb;
  span.old_byte_end = have_b ? tree.nodes[top[b]].src_end : uint32_t(old.size());
  span.new_byte_end = re;

  const uint32_t prev_top = a > 0 ? top[a - 1] : kNoNode;  // block before the region
  const uint32_t next_top = have_b ? tree.nodes[top[b]].next_sibling : kNoNode;  // block after it (old index)
  const bool region_at_end = next_top == kNoNode;

  // Nodes: make room, copy the region in, move the rest.
  std::vector<Node>& nodes = tree.nodes;
  if (new_n > old_n) nodes.insert(nodes.begin() + nb_end, new_n - old_n, Node{});
  else if (new_n < old_n) nodes.erase(nodes.begin() + na + new_n, nodes.begin() + nb_end);
  auto map_region = [&](uint32_t v) { return v == kNoNode ? kNoNode : v == 0 ? 0u : v + na - 1; };
  for (uint32_t i = 0; i < new_n; i++) {
    Node n = region.nodes[i + 1];
    n.parent = map_region(n.parent);
    n.first_child = map_region(n.first_child);
    n.last_child = map_region(n.last_child);
    n.next_sibling = map_region(n.next_sibling);
    move_pool(n, pa);
    nodes[na + i] = n;
  }
  const uint32_t tail = na + new_n;
  auto move_link = [&](uint32_t& v) {
    if (v != kNoNode && v >= nb_end) v = uint32_t(int64_t(v) + dn);
  };
  for (size_t i = tail; i < nodes.size(); i++) {
    Node& n = nodes[i];
    move_link(n.parent);
    move_link(n.first_child);
    move_link(n.last_child);
    move_link(n.next_sibling);
    n.src_begin = uint32_t(int64_t(n.src_begin) + delta);
    n.src_end = uint32_t(int64_t(n.src_end) + delta);
    if (!n.text_in_pool && n.text_begin != 0) n.text_begin = uint32_t(int64_t(n.text_begin) + delta);
    if (n.task && n.task_mark_offset) n.task_mark_offset = uint32_t(int64_t(n.task_mark_offset) + delta);
    move_pool(n, dp);
  }
  // Links between the region, its neighbours and the root.
  const uint32_t first_new = region_blocks ? map_region(region.nodes[0].first_child) : kNoNode;
  const uint32_t last_new = region_blocks ? map_region(region_last) : kNoNode;
  const uint32_t after = next_top == kNoNode ? kNoNode : uint32_t(int64_t(next_top) + dn);
  const uint32_t head = first_new != kNoNode ? first_new : after;
  if (prev_top != kNoNode) nodes[prev_top].next_sibling = head;
  else nodes[0].first_child = head;
  if (last_new != kNoNode) nodes[last_new].next_sibling = after;
  if (region_at_end) nodes[0].last_child = last_new != kNoNode ? last_new : prev_top;
  else nodes[0].last_child = uint32_t(int64_t(nodes[0].last_child) + dn);
  nodes[0].src_end = uint32_t(new_text.size());

  tree.pool.replace(pa, pb - pa, region.pool);

  // Top-level index: blocks before stay, the region's come in, later ones
  // move by the node delta. Sequential, no links followed.
  const uint32_t old_top_end = have_b ? b + 1 : nfetch;
  {
    std::vector<uint32_t>& tt = tree.top;
    tt.erase(tt.begin() + a, tt.begin() + old_top_end);
    tt.insert(tt.begin() + a, region.top.begin(), region.top.end());
    for (uint32_t k = a; k < a + region_blocks; k++) tt[k] = map_region(tt[k]);
    if (dn)
      for (size_t k = a + region_blocks; k < tt.size(); k++) tt[k] = uint32_t(int64_t(tt[k]) + dn);
  }
  // Risky lists: later ones move; the region's passed the test above except
  // its last block, which was tested against the region's end rather than the
  // next block; the two blocks before see a new next block. Test those again.
  {
    std::vector<uint32_t>& r = tree.risky_lists;
    const uint32_t first_k = a >= 2 ? a - 2 : 0;
    const uint32_t from = first_k < a ? tree.top[first_k] : na;
    const size_t lo = size_t(std::lower_bound(r.begin(), r.end(), from) - r.begin());
    const size_t hi = size_t(std::lower_bound(r.begin(), r.end(), nb_end) - r.begin());
    if (dn)
      for (size_t k = hi; k < r.size(); k++) r[k] = uint32_t(int64_t(r[k]) + dn);
    uint32_t again[3];
    size_t n_again = 0;
    for (uint32_t k = first_k; k < a; k++)
      if (top_block_may_hit_list_check(tree, new_text, k)) again[n_again++] = tree.top[k];
    if (region_blocks && top_block_may_hit_list_check(tree, new_text, a + region_blocks - 1))
      again[n_again++] = tree.top[a + region_blocks - 1];
    r.erase(r.begin() + lo, r.begin() + hi);
    r.insert(r.begin() + lo, again, again + n_again);
  }

  // Outline: headings before stay, the region's are new, later ones move.
  std::vector<Heading>& hs = doc.headings;
  size_t first_h = size_t(hs_begin - hs.begin()), old_hn = size_t(hs_end - hs_begin);
  for (auto it = hs_end; it != hs.end(); ++it) {
    it->node = uint32_t(int64_t(it->node) + dn);
    it->src_begin = uint32_t(int64_t(it->src_begin) + delta);
  }
  if (old_hn == new_heads.size()) {
    std::move(new_heads.begin(), new_heads.end(), hs.begin() + first_h);
  } else {
    hs.erase(hs.begin() + first_h, hs.begin() + first_h + old_hn);
    hs.insert(hs.begin() + first_h, std::make_move_iterator(new_heads.begin()), std::make_move_iterator(new_heads.end()));
  }
  if (!same_slugs) assign_anchors(hs);
  doc.word_count = doc.word_count - old_words + new_words;
  // Attributes the preview does not apply: listed again when the old or the
  // new region may hold some (a scan of node types).
  {
    bool any = !doc.unknown_attributes.empty();
    for (uint32_t i = 1; !any && i < region.nodes.size(); i++)
      any = region.nodes[i].type == NodeType::AttributeLine || region.nodes[i].type == NodeType::TocBlock;
    if (any) {
      doc.text.swap(new_text);
      collect_unknown_attributes(doc);
      doc.text.swap(new_text);
    }
  }

  // Diagnostics: the content checks are new, the rest (front matter,
  // properties, date) did not change; the tree has no cuts.
  diags.insert(diags.end(), std::make_move_iterator(doc.diagnostics.begin() + cc_count),
               std::make_move_iterator(doc.diagnostics.end()));
  doc.diagnostics = std::move(diags);

  doc.text = std::move(new_text);
  text_moved = true;
  if (doc.title_source != TitleSource::FrontMatter) {
    std::string h = hs.empty() ? std::string() : hs.front().text;
    if (!is_blank(h)) {
      doc.title = std::move(h);
      doc.title_source = TitleSource::Heading;
    } else {
      doc.title = title_from_file_name(doc.path);
      doc.title_source = TitleSource::FileName;
    }
  }
  return true;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Public API
//-----------------------------------------------------------------------------

ReparseSpan reparse_after_edit(Document& doc, std::string new_text, uint32_t at, uint32_t removed, uint32_t inserted) {
  ReparseSpan span;
  bool done = false, text_moved = false;
  try {
    done = reparse_region(doc, new_text, at, removed, inserted, span, text_moved);
  } catch (...) {
    // Only allocation can throw here; the full parse below replaces whatever
    // was half changed.
    if (text_moved) new_text = doc.text;
    done = false;
  }
  if (done) return span;
  std::string path = doc.path, sep = doc.excerpt_separator;
  doc = parse_document(std::move(path), std::move(new_text), sep);
  return ReparseSpan{};
}

}  // namespace sheaf
