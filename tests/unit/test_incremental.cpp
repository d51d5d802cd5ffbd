// reparse_after_edit against parse_document: random edits of real posts, each
// followed by a field-by-field comparison with a full parse of the new text,
// and a check that the ReparseSpan says truly what changed.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/document.h"
#include "core/incremental.h"

using namespace sheaf;

namespace {

std::string read_file(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::vector<std::filesystem::path> files_in(const std::filesystem::path& dir, const char* ext) {
  std::vector<std::filesystem::path> out;
  if (!std::filesystem::is_directory(dir)) return out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ext) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

//-----------------------------------------------------------------------------
// First difference between two documents ("" when equal)
//-----------------------------------------------------------------------------

std::string value_diff(const Value& a, const Value& b) {
  if (a.kind != b.kind) return "kind";
  if (a.scalar != b.scalar) return "scalar '" + a.scalar + "' vs '" + b.scalar + "'";
  if (a.items.size() != b.items.size()) return "item count";
  for (size_t i = 0; i < a.items.size(); i++)
    if (std::string d = value_diff(a.items[i], b.items[i]); !d.empty()) return "item " + std::to_string(i) + ": " + d;
  if (a.entries.size() != b.entries.size()) return "entry count";
  for (size_t i = 0; i < a.entries.size(); i++) {
    if (a.entries[i].first != b.entries[i].first) return "entry key";
    if (std::string d = value_diff(a.entries[i].second, b.entries[i].second); !d.empty()) return "entry " + a.entries[i].first + ": " + d;
  }
  return "";
}

std::string num(uint64_t v) { return v == kNoNode ? std::string("none") : std::to_string(v); }

// Pool ranges are compared by the text they resolve to.
std::string pool_str(const MarkdownTree& t, uint32_t b, uint32_t n) {
  if (size_t(b) + n > t.pool.size()) return "<pool range " + num(b) + "+" + num(n) + " out of bounds>";
  return t.pool.substr(b, n);
}

std::string node_text(const MarkdownTree& t, const Node& n, std::string_view src) {
  if (n.text_in_pool) return pool_str(t, n.text_begin, n.text_len);
  if (size_t(n.text_begin) + n.text_len > src.size()) return "<text range out of bounds>";
  return std::string(src.substr(n.text_begin, n.text_len));
}

// `at`/`bt`: the nodes' texts, resolved by the caller.
std::string node_diff(const MarkdownTree& ta, const Node& a, const std::string& at, const MarkdownTree& tb, const Node& b,
                      const std::string& bt) {
#define FIELD(f)                                                                                \
  if (a.f != b.f) return std::string(#f) + " " + num(uint64_t(a.f)) + " vs " + num(uint64_t(b.f));
  FIELD(type) FIELD(level) FIELD(task) FIELD(align) FIELD(tight) FIELD(mark) FIELD(start)
  FIELD(parent) FIELD(first_child) FIELD(last_child) FIELD(next_sibling) FIELD(src_begin) FIELD(src_end)
  FIELD(text_in_pool) FIELD(text_len) FIELD(href_len) FIELD(title_len) FIELD(task_mark_offset) FIELD(flags)
  if (!a.text_in_pool) { FIELD(text_begin) }
#undef FIELD
  if (at != bt) return "text '" + at + "' vs '" + bt + "'";
  if (pool_str(ta, a.href_begin, a.href_len) != pool_str(tb, b.href_begin, b.href_len)) return "href";
  if (pool_str(ta, a.title_begin, a.title_len) != pool_str(tb, b.title_begin, b.title_len)) return "title";
  return "";
}

std::string node_diff(const Document& da, const Node& a, const Document& db, const Node& b) {
  return node_diff(da.tree, a, node_text(da.tree, a, da.text), db.tree, b, node_text(db.tree, b, db.text));
}

std::string doc_diff(const Document& a, const Document& b) {
  if (a.path != b.path) return "path";
  if (a.text != b.text) return "text";
  const FrontMatter &fa = a.front_matter, &fb = b.front_matter;
  if (fa.format != fb.format || fa.begin != fb.begin || fa.content_begin != fb.content_begin ||
      fa.content_end != fb.content_end || fa.end != fb.end || fa.body_begin != fb.body_begin ||
      fa.content_line != fb.content_line || fa.crlf != fb.crlf)
    return "front matter";
  if (a.properties.size() != b.properties.size()) return "property count";
  for (size_t i = 0; i < a.properties.size(); i++) {
    if (a.properties[i].key != b.properties[i].key || a.properties[i].line != b.properties[i].line) return "property " + std::to_string(i);
    if (std::string d = value_diff(a.properties[i].value, b.properties[i].value); !d.empty()) return "property value: " + d;
  }
  for (size_t i = 0; i < std::max(a.diagnostics.size(), b.diagnostics.size()); i++) {
    auto show = [](const std::vector<Diagnostic>& ds, size_t k) {
      if (k >= ds.size()) return std::string("(none)");
      const Diagnostic& d = ds[k];
      return std::string(severity_name(d.severity)) + " " + std::to_string(d.line) + ":" + std::to_string(d.column) + " " + d.message;
    };
    if (show(a.diagnostics, i) != show(b.diagnostics, i))
      return "diagnostic " + std::to_string(i) + ": [" + show(a.diagnostics, i) + "] vs [" + show(b.diagnostics, i) + "]";
  }
  if (a.title != b.title) return "title '" + a.title + "' vs '" + b.title + "'";
  if (a.title_source != b.title_source) return "title source";
  if (a.date != b.date || a.date_key != b.date_key) return "date";
  if (a.tags != b.tags) return "tags";
  if (a.categories != b.categories) return "categories";
  if (a.tree.nodes.size() != b.tree.nodes.size())
    return "node count " + std::to_string(a.tree.nodes.size()) + " vs " + std::to_string(b.tree.nodes.size());
  for (size_t i = 0; i < a.tree.nodes.size(); i++)
    if (std::string d = node_diff(a, a.tree.nodes[i], b, b.tree.nodes[i]); !d.empty())
      return "node " + std::to_string(i) + " (" + node_type_name(b.tree.nodes[i].type) + "): " + d;
  // The derived indexes: equal to the full parse's, and `top` to the links.
  {
    std::vector<uint32_t> walked;
    if (!a.tree.nodes.empty())
      for (uint32_t c = a.tree.nodes[0].first_child; c != kNoNode; c = a.tree.nodes[c].next_sibling) walked.push_back(c);
    if (a.tree.top != walked) return "top-level index differs from the links";
  }
  if (a.tree.top != b.tree.top) return "top-level index";
  if (a.tree.risky_lists != b.tree.risky_lists)
    return "risky lists: " + std::to_string(a.tree.risky_lists.size()) + " vs " + std::to_string(b.tree.risky_lists.size());
  if (a.tree.cuts.size() != b.tree.cuts.size()) return "cut count";
  for (size_t i = 0; i < a.tree.cuts.size(); i++)
    if (a.tree.cuts[i].kind != b.tree.cuts[i].kind || a.tree.cuts[i].offset != b.tree.cuts[i].offset ||
        a.tree.cuts[i].message != b.tree.cuts[i].message)
      return "cut " + std::to_string(i);
  if (a.headings.size() != b.headings.size()) return "heading count";
  for (size_t i = 0; i < a.headings.size(); i++) {
    const Heading &x = a.headings[i], &y = b.headings[i];
    if (x.level != y.level || x.text != y.text || x.anchor != y.anchor || x.node != y.node || x.src_begin != y.src_begin)
      return "heading " + std::to_string(i) + ": '" + x.text + "' #" + x.anchor + " @" + num(x.node) + " vs '" + y.text + "' #" +
             y.anchor + " @" + num(y.node);
  }
  if (a.word_count != b.word_count) return "word count " + std::to_string(a.word_count) + " vs " + std::to_string(b.word_count);
  return "";
}

//-----------------------------------------------------------------------------
// The span says what changed
//-----------------------------------------------------------------------------

uint32_t top_count(const MarkdownTree& t) {
  uint32_t n = 0;
  if (t.nodes.empty()) return 0;
  for (uint32_t c = t.nodes[0].first_child; c != kNoNode; c = t.nodes[c].next_sibling) n++;
  return n;
}

std::string span_diff(const Document& before, const Document& after, const ReparseSpan& s, uint32_t at, uint32_t removed,
                      uint32_t inserted) {
  if (s.full) return "";
  const auto &on = before.tree.nodes, &nn = after.tree.nodes;
  int64_t dn = int64_t(s.new_node_end) - int64_t(s.old_node_end), delta = int64_t(inserted) - int64_t(removed);
  if (s.old_node_end < s.node_begin || s.new_node_end < s.node_begin || s.old_node_end > on.size() || s.new_node_end > nn.size())
    return "node range";
  if (int64_t(nn.size()) != int64_t(on.size()) + dn) return "node count vs span";
  if (top_count(after.tree) != top_count(before.tree) - s.old_count + s.new_count) return "top-level counts";
  if (s.byte_begin > at || s.old_byte_end < at + removed || int64_t(s.new_byte_end) != int64_t(s.old_byte_end) + delta)
    return "byte range";
  // The old_first-th top-level block is where the new nodes start.
  uint32_t c = nn[0].first_child;
  for (uint32_t k = 0; k < s.old_first && c != kNoNode; k++) c = nn[c].next_sibling;
  if (s.new_count && c != s.node_begin) return "old_first does not lead to node_begin";
  for (uint32_t i = 1; i < s.node_begin; i++) {
    Node x = on[i];
    if (x.parent == 0) x.next_sibling = nn[i].next_sibling;  // the block before the region links to it
    if (std::string d = node_diff(before, x, after, nn[i]); !d.empty()) return "node " + std::to_string(i) + " before the span: " + d;
  }
  for (uint32_t i = s.old_node_end; i < on.size(); i++) {
    Node x = on[i];
    auto mv = [&](uint32_t& v) { if (v != kNoNode && v >= s.old_node_end) v = uint32_t(int64_t(v) + dn); };
    mv(x.parent), mv(x.first_child), mv(x.last_child), mv(x.next_sibling);
    x.src_begin = uint32_t(x.src_begin + delta);
    x.src_end = uint32_t(x.src_end + delta);
    if (!x.text_in_pool && x.text_begin) x.text_begin = uint32_t(x.text_begin + delta);
    if (x.task_mark_offset) x.task_mark_offset = uint32_t(x.task_mark_offset + delta);
    const Node& y = nn[size_t(int64_t(i) + dn)];
    // Pool-relative fields resolve in their own trees.
    if (std::string d = node_diff(before.tree, x, node_text(before.tree, on[i], before.text), after.tree, y,
                                  node_text(after.tree, y, after.text));
        !d.empty())
      return "node " + std::to_string(i) + " after the span: " + d;
  }
  return "";
}

//-----------------------------------------------------------------------------
// Random edits
//-----------------------------------------------------------------------------

const char* const kSnippets[] = {"\n", "\n\n", "# ", "- ", "1. ", "```\n", "> ", "|a|b|\n|-|-|\n", "**", "`", "[x](y)",
                                 "<br>", "---\n", "    ", "한글 문장", "🙂", "x", "a b", "*", "_", "~~", "=\n", "===\n",
                                 "- [ ] ", "&amp;", "<div>\n", "</div>\n", "![i](p \"t\")", "<http://a.b>", "\t", "\r\n",
                                 "## 제목\n", "  \n", "\\", "$x$", "1) ", "+ ", "[", "]", "(", ")", "|"};

struct Stats {
  size_t edits = 0, fast = 0;
};

// Applies `count` random edits to `text`, checking each against a full parse.
// SHEAF_INCREMENTAL_EDITS and SHEAF_INCREMENTAL_SEED run longer or other sequences by hand.
void differential(const std::string& name, std::string text, size_t count, uint64_t seed, Stats& st) {
  if (const char* e = std::getenv("SHEAF_INCREMENTAL_EDITS")) count = size_t(std::strtoull(e, nullptr, 10));
  if (const char* e = std::getenv("SHEAF_INCREMENTAL_SEED")) seed += std::strtoull(e, nullptr, 10) << 32;
  if (const char* only = std::getenv("SHEAF_INCREMENTAL_ONLY"); only && name != only) return;
  std::mt19937_64 rng(seed);
  Document doc = parse_document(name, text);
  const size_t nsnip = sizeof kSnippets / sizeof kSnippets[0];
  for (size_t step = 0; step < count; step++) {
    uint32_t at = uint32_t(rng() % (text.size() + 1)), removed = 0;
    std::string ins;
    switch (rng() % 4) {
      case 0: removed = uint32_t(std::min<size_t>(text.size() - at, 1 + rng() % 12)); break;  // delete
      case 1: removed = uint32_t(std::min<size_t>(text.size() - at, 1 + rng() % 4)); [[fallthrough]];  // replace
      default: {
        ins = kSnippets[rng() % nsnip];
        if (rng() % 3 == 0) ins += kSnippets[rng() % nsnip];
      }
    }
    std::string next = text.substr(0, at) + ins + text.substr(at + removed);
    Document before = doc;
    ReparseSpan span = reparse_after_edit(doc, next, at, removed, uint32_t(ins.size()));
    Document want = parse_document(name, next);
    std::string d = doc_diff(doc, want);
    if (!d.empty()) {
      const char* dump = std::getenv("SHEAF_INCREMENTAL_DUMP");
      if (dump && !std::filesystem::exists(std::string(dump) + ".edit")) {  // the first failing edit, for a closer look
        std::ofstream(std::string(dump) + ".before", std::ios::binary) << text;
        std::ofstream(std::string(dump) + ".edit") << at << " " << removed << " " << ins.size() << "\n";
        std::ofstream(std::string(dump) + ".ins", std::ios::binary) << ins;
      }
      FAIL_CHECK(name, " step ", step, " at ", at, " removed ", removed, " inserted '", ins, "' (", std::string(span.full ? "full" : "incremental"),
                 "): ", d);
      return;
    }
    std::string sd = span_diff(before, doc, span, at, removed, uint32_t(ins.size()));
    if (!sd.empty()) {
      FAIL_CHECK(name, " step ", step, " at ", at, ": span: ", sd);
      return;
    }
    st.edits++;
    st.fast += !span.full;
    text = std::move(next);
  }
}

}  // namespace

TEST_CASE("incremental: random edits of the sample and test posts equal a full parse") {
  std::vector<std::filesystem::path> posts = files_in(std::string(SHEAF_SOURCE_DIR) + "/assets", ".md");
  for (const auto& p : files_in(SHEAF_TEST_POSTS, ".md")) posts.push_back(p);
  REQUIRE(posts.size() >= 10);
  Stats st;
  uint64_t seed = 1;
  for (const auto& p : posts) differential(p.filename().string(), read_file(p), 400, seed++, st);
  MESSAGE("edits: ", st.edits, ", incremental: ", st.fast);
  CHECK(st.fast * 3 > st.edits);  // most edits take the fast path
}

TEST_CASE("incremental: typing in a paragraph of a long post is not a full parse") {
  std::string text = read_file(std::string(SHEAF_TEST_POSTS) + "/04-study-review.md");
  std::string body = text.substr(parse_document("x.md", text).front_matter.body_begin);
  for (int i = 0; i < 40; i++) text += "\n" + body;
  Document doc = parse_document("long.md", text);
  // A paragraph in the middle: type a few letters inside its first line.
  uint32_t target = kNoNode;
  for (uint32_t c = doc.tree.nodes[0].first_child; c != kNoNode; c = doc.tree.nodes[c].next_sibling)
    if (doc.tree.nodes[c].type == NodeType::Paragraph && doc.tree.nodes[c].src_begin > text.size() / 2) { target = c; break; }
  REQUIRE(target != kNoNode);
  uint32_t at = doc.tree.nodes[target].src_begin + 1;
  for (const char* s : {"a", "b", " ", "c"}) {
    std::string next = text.substr(0, at) + s + text.substr(at);
    ReparseSpan span = reparse_after_edit(doc, next, at, 0, 1);
    CHECK_FALSE(span.full);
    CHECK(span.new_count >= 1);
    CHECK(doc_diff(doc, parse_document("long.md", next)) == "");
    text = next;
    at++;
  }
  // Deleting it again.
  std::string next = text.substr(0, at - 1) + text.substr(at);
  CHECK_FALSE(reparse_after_edit(doc, next, at - 1, 1, 0).full);
  CHECK(doc_diff(doc, parse_document("long.md", next)) == "");
}

TEST_CASE("incremental: what must re-parse the whole post does") {
  std::string text = "---\ntitle: t\n---\n# A\n\npara [x]\n\n- a\n- b\n";
  Document doc = parse_document("p.md", text);
  // In the front matter.
  std::string next = text.substr(0, 5) + "Z" + text.substr(5);
  CHECK(reparse_after_edit(doc, next, 5, 0, 1).full);
  CHECK(doc_diff(doc, parse_document("p.md", next)) == "");
  // A link reference definition appears.
  text = next;
  size_t at = text.size();
  next = text + "\n[x]: http://a\n";
  CHECK(reparse_after_edit(doc, next, uint32_t(at), 0, uint32_t(next.size() - at)).full);
  CHECK(doc_diff(doc, parse_document("p.md", next)) == "");
  CHECK(doc.tree.nodes.size() > 1);
  // With a definition in the post, an edit near a '[' re-parses everything,
  // one far from any '[' does not.
  text = next;
  at = text.find("para") + 1;
  next = text.substr(0, at) + "q" + text.substr(at);
  CHECK(reparse_after_edit(doc, next, uint32_t(at), 0, 1).full);
  CHECK(doc_diff(doc, parse_document("p.md", next)) == "");
  text = next + "\none\n\ntwo\n\nthree\n\nmore text\n\nend\n";
  doc = parse_document("p.md", text);
  at = text.find("more") + 1;
  next = text.substr(0, at) + "q" + text.substr(at);
  CHECK_FALSE(reparse_after_edit(doc, next, uint32_t(at), 0, 1).full);
  CHECK(doc_diff(doc, parse_document("p.md", next)) == "");
}

TEST_SUITE("debug" * doctest::skip()) {
  TEST_CASE("debug: replay a dumped edit") {
    const char* dump = std::getenv("SHEAF_INCREMENTAL_DUMP");
    REQUIRE(dump);
    std::string text = read_file(std::string(dump) + ".before"), ins = read_file(std::string(dump) + ".ins");
    std::ifstream e(std::string(dump) + ".edit");
    uint32_t at, removed, n;
    e >> at >> removed >> n;
    std::string next = text.substr(0, at) + ins + text.substr(at + removed);
    Document doc = parse_document("d.md", text);
    auto tops = [](const Document& d, const char* what) {
      MESSAGE(what);
      for (uint32_t c = d.tree.nodes[0].first_child; c != kNoNode; c = d.tree.nodes[c].next_sibling) {
        const Node& x = d.tree.nodes[c];
        MESSAGE("  ", c, " ", node_type_name(x.type), " [", x.src_begin, ",", x.src_end, ") ", d.text.substr(x.src_begin, std::min<uint32_t>(40, x.src_end - x.src_begin)));
      }
    };
    tops(doc, "before");
    ReparseSpan s = reparse_after_edit(doc, next, at, removed, uint32_t(ins.size()));
    MESSAGE("span full=", s.full, " blocks ", s.old_first, "+", s.old_count, "->", s.new_count, " nodes ", s.node_begin, " ", s.old_node_end, "->", s.new_node_end, " bytes ", s.byte_begin, " ", s.old_byte_end, "->", s.new_byte_end);
    tops(doc, "incremental");
    Document want = parse_document("d.md", next);
    tops(want, "full");
    CHECK(doc_diff(doc, want) == "");
  }
}

TEST_SUITE("seeds" * doctest::skip()) {
  TEST_CASE("seeds: random edits of the seed corpus equal a full parse") {
    std::vector<std::filesystem::path> seeds = files_in(SHEAF_SEEDS_DIR, ".txt");
    for (const auto& p : files_in(SHEAF_SEEDS_DIR, ".md")) seeds.push_back(p);
    REQUIRE_FALSE(seeds.empty());
    Stats st;
    uint64_t seed = 100;
    for (const auto& p : seeds) differential(p.filename().string(), read_file(p), 300, seed++, st);
    MESSAGE("edits: ", st.edits, ", incremental: ", st.fast);
  }
}
