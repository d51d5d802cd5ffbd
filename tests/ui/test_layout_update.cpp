// layout_document_update against a fresh layout_document, field for field:
// random edits on the sample posts, the fast path on a long post, and the
// cases where later blocks depend on earlier ones (anchors, image limit,
// the first block's margin). Spans come from two full parses
// (tests/common/span_of_parses.h), not from the incremental parser.
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/document.h"
#include "core/limits.h"
#include "doctest/doctest.h"
#include "span_of_parses.h"
#include "ui/layout.h"
#include "ui_env.h"

using namespace sheaf;

namespace {

LayoutParams params() {
  LayoutParams p;
  p.width = 600;
  p.font_size = 16;
  // Some images have pixels, some not (placeholders): both kinds get laid out.
  p.image_size = [](std::string_view url) {
    if (url.find("wide") != std::string_view::npos) return ImVec2(1400, 500);
    if (url.size() % 3 == 0) return ImVec2(0, 0);
    return ImVec2(float(40 + url.size() * 7), float(30 + url.size() * 3));
  };
  return p;
}

// --- comparison: the first difference, as a sentence -------------------------

struct Diff {
  std::string what;
  bool any() const { return !what.empty(); }
};

template <class T>
std::string str(const T& v) {
  std::ostringstream o;
  o.precision(9);
  o << v;
  return o.str();
}

#define DIFF_FIELD(where, a, b, field)                                                          \
  do {                                                                                          \
    if (!((a).field == (b).field)) {                                                            \
      d.what = std::string(where) + "." #field ": " + str((a).field) + " vs " + str((b).field); \
      return d;                                                                                 \
    }                                                                                           \
  } while (0)
#define DIFF_VAL(where, name, va, vb)                                           \
  do {                                                                          \
    if (!((va) == (vb))) {                                                      \
      d.what = std::string(where) + "." name ": " + str(va) + " vs " + str(vb); \
      return d;                                                                 \
    }                                                                           \
  } while (0)
#define DIFF_VEC2(where, a, b, field) \
  DIFF_FIELD(where, a, b, field.x);   \
  DIFF_FIELD(where, a, b, field.y)

Diff diff_block(const Block& a, const Block& b, const std::string& w) {
  Diff d;
  DIFF_FIELD(w, a, b, node);
  DIFF_FIELD(w, a, b, src_begin);
  DIFF_FIELD(w, a, b, src_end);
  DIFF_FIELD(w, a, b, text.text);
  DIFF_FIELD(w, a, b, x);
  DIFF_FIELD(w, a, b, y);
  DIFF_FIELD(w, a, b, w);
  DIFF_FIELD(w, a, b, h);
  DIFF_FIELD(w, a, b, text_x);
  DIFF_FIELD(w, a, b, text_y);
  DIFF_FIELD(w, a, b, ext_top);
  DIFF_FIELD(w, a, b, ext_bottom);
  DIFF_FIELD(w, a, b, heading);
  DIFF_FIELD(w, a, b, language);
  DIFF_FIELD(w, a, b, text.line_bytes);
  DIFF_FIELD(w, a, b, text.line_clipped);
  DIFF_FIELD(w, a, b, text.spans.size());
  for (size_t i = 0; i < a.text.spans.size(); i++) {
    const Span &x = a.text.spans[i], &y = b.text.spans[i];
    const std::string s = w + ".span[" + std::to_string(i) + "]";
    DIFF_FIELD(s, x, y, begin);
    DIFF_FIELD(s, x, y, end);
    DIFF_FIELD(s, x, y, link);
    DIFF_FIELD(s, x, y, object);
    DIFF_FIELD(s, x, y, src);
    DIFF_FIELD(s, x, y, src_end);
    DIFF_FIELD(s, x, y, exact);
    DIFF_FIELD(s, x, y, style.size);
    DIFF_FIELD(s, x, y, style.flags);
    DIFF_VAL(s, "style.face", int(x.style.face), int(y.style.face));
    DIFF_VAL(s, "style.ink", int(x.style.ink), int(y.style.ink));
  }
  DIFF_FIELD(w, a, b, text.objects.size());
  for (size_t i = 0; i < a.text.objects.size(); i++) {
    const InlineObject &x = a.text.objects[i], &y = b.text.objects[i];
    const std::string s = w + ".object[" + std::to_string(i) + "]";
    DIFF_FIELD(s, x, y, w);
    DIFF_FIELD(s, x, y, h);
    DIFF_FIELD(s, x, y, image);
    DIFF_FIELD(s, x, y, placeholder);
  }
  DIFF_FIELD(w, a, b, layout.width);
  DIFF_FIELD(w, a, b, layout.height);
  DIFF_FIELD(w, a, b, layout.lines.size());
  for (size_t i = 0; i < a.layout.lines.size(); i++) {
    const Line &x = a.layout.lines[i], &y = b.layout.lines[i];
    const std::string s = w + ".line[" + std::to_string(i) + "]";
    DIFF_FIELD(s, x, y, y);
    DIFF_FIELD(s, x, y, h);
    DIFF_FIELD(s, x, y, baseline);
    DIFF_FIELD(s, x, y, begin);
    DIFF_FIELD(s, x, y, end);
    DIFF_FIELD(s, x, y, piece_begin);
    DIFF_FIELD(s, x, y, piece_end);
    DIFF_FIELD(s, x, y, w);
  }
  DIFF_FIELD(w, a, b, layout.pieces.size());
  for (size_t i = 0; i < a.layout.pieces.size(); i++) {
    const Piece &x = a.layout.pieces[i], &y = b.layout.pieces[i];
    const std::string s = w + ".piece[" + std::to_string(i) + "]";
    DIFF_FIELD(s, x, y, x);
    DIFF_FIELD(s, x, y, y);
    DIFF_FIELD(s, x, y, w);
    DIFF_FIELD(s, x, y, begin);
    DIFF_FIELD(s, x, y, end);
    DIFF_FIELD(s, x, y, span);
  }
  DIFF_FIELD(w, a, b, layout.object_size.size());
  for (size_t i = 0; i < a.layout.object_size.size(); i++) {
    const std::string s = w + ".object_size[" + std::to_string(i) + "]";
    DIFF_FIELD(s, a.layout.object_size[i], b.layout.object_size[i], x);
    DIFF_FIELD(s, a.layout.object_size[i], b.layout.object_size[i], y);
  }
  DIFF_FIELD(w, a, b, decos.size());
  for (size_t i = 0; i < a.decos.size(); i++) {
    const Deco &x = a.decos[i], &y = b.decos[i];
    const std::string s = w + ".deco[" + std::to_string(i) + "]";
    DIFF_VAL(s, "kind", int(x.kind), int(y.kind));
    DIFF_VAL(s, "ink", int(x.ink), int(y.ink));
    DIFF_VEC2(s, x, y, a);
    DIFF_VEC2(s, x, y, b);
    DIFF_FIELD(s, x, y, label_begin);
    DIFF_FIELD(s, x, y, label_len);
    DIFF_FIELD(s, x, y, size);
    DIFF_VAL(s, "face", int(x.face), int(y.face));
  }
  DIFF_VAL(w, "kind", int(a.kind), int(b.kind));
  return d;
}

// `got` (updated) against `want` (fresh); empty when equal.
std::string diff_layout(const DocLayout& got, const DocLayout& want) {
  Diff d;
  auto run = [&]() -> Diff {
    DIFF_FIELD("layout", got, want, blocks.size());
    for (size_t i = 0; i < got.blocks.size(); i++) {
      Diff bd = diff_block(got.blocks[i], want.blocks[i], "block[" + std::to_string(i) + "]");
      if (bd.any()) return bd;
    }
    DIFF_FIELD("layout", got, want, labels);
    DIFF_FIELD("layout", got, want, links.size());
    for (size_t i = 0; i < got.links.size(); i++) {
      const std::string s = "link[" + std::to_string(i) + "]";
      DIFF_FIELD(s, got.links[i], want.links[i], href);
      DIFF_FIELD(s, got.links[i], want.links[i], title);
    }
    DIFF_FIELD("layout", got, want, images.size());
    for (size_t i = 0; i < got.images.size(); i++) {
      const std::string s = "image[" + std::to_string(i) + "]";
      DIFF_FIELD(s, got.images[i], want.images[i], url);
      DIFF_FIELD(s, got.images[i], want.images[i], alt);
      DIFF_FIELD(s, got.images[i], want.images[i], block);
      DIFF_FIELD(s, got.images[i], want.images[i], object);
      DIFF_FIELD(s, got.images[i], want.images[i], over_limit);
    }
    DIFF_FIELD("layout", got, want, anchors.size());
    for (size_t i = 0; i < got.anchors.size(); i++) {
      const std::string s = "anchor[" + std::to_string(i) + "]";
      DIFF_FIELD(s, got.anchors[i], want.anchors[i], anchor);
      DIFF_FIELD(s, got.anchors[i], want.anchors[i], y);
      DIFF_FIELD(s, got.anchors[i], want.anchors[i], block);
    }
    DIFF_FIELD("layout", got, want, bottom_max.size());
    for (size_t i = 0; i < got.bottom_max.size(); i++)
      DIFF_VAL("bottom_max[" + std::to_string(i) + "]", "", got.bottom_max[i], want.bottom_max[i]);
    DIFF_FIELD("layout", got, want, width);
    DIFF_FIELD("layout", got, want, height);
    DIFF_FIELD("layout", got, want, font_size);
    DIFF_FIELD("layout", got, want, tree_nodes);
    DIFF_FIELD("layout", got, want, text_bytes);
    // The checkpoints too: the next update starts from them.
    DIFF_FIELD("layout", got, want, checkpoints.size());
    for (size_t i = 0; i < got.checkpoints.size(); i++) {
      const TopCheckpoint &x = got.checkpoints[i], &y = want.checkpoints[i];
      const std::string s = "checkpoint[" + std::to_string(i) + "]";
      DIFF_FIELD(s, x, y, node);
      DIFF_FIELD(s, x, y, block);
      DIFF_FIELD(s, x, y, links);
      DIFF_FIELD(s, x, y, images);
      DIFF_FIELD(s, x, y, labels);
      DIFF_FIELD(s, x, y, anchors);
      DIFF_FIELD(s, x, y, y);
    }
    return Diff{};
  };
  d = run();
  return d.what;
}

// --- inputs -------------------------------------------------------------------

std::string read_file(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::vector<std::filesystem::path> sample_posts() {
  std::vector<std::filesystem::path> v;
  for (const char* dir : {SHEAF_SOURCE_DIR "/assets", SHEAF_TEST_POSTS}) {
    if (!std::filesystem::is_directory(dir)) continue;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
      if (e.is_regular_file() && e.path().extension() == ".md") v.push_back(e.path());
  }
  std::sort(v.begin(), v.end());
  return v;
}

size_t char_start(const std::string& s, size_t i) {
  while (i > 0 && i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) i--;
  return std::min(i, s.size());
}

const char* const kSnippets[] = {"\n",  "\n\n", "# ",    "- ",          "1. ",         "```\n",
                                 "> ",  "|a|b|\n|-|-|\n", "**", "`", "[x](y)", "![i](a.png)",
                                 "<br>", "---\n", "한글 문장", "🙂", "a", " ", "## A\n", "![w](wide.png)"};

// One random edit of `s`: a snippet inserted, or a few characters removed.
std::string random_edit(const std::string& s, std::mt19937& rng) {
  std::uniform_int_distribution<size_t> pos(0, s.size());
  size_t at = char_start(s, pos(rng));
  if (!s.empty() && rng() % 4 == 0) {
    size_t end = char_start(s, std::min(s.size(), at + 1 + rng() % 12));
    if (end <= at) end = std::min(s.size(), at + 1);
    while (end < s.size() && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) end++;
    return s.substr(0, at) + s.substr(end);
  }
  const char* snip = kSnippets[rng() % (sizeof(kSnippets) / sizeof(kSnippets[0]))];
  return s.substr(0, at) + snip + s.substr(at);
}

struct Stepper {
  LayoutParams p = params();
  Metrics m;
  Document doc;
  DocLayout layout;  // kept up to date by updates only
  size_t steps = 0, fast = 0;

  explicit Stepper(const std::string& text) {
    test::ensure_frame();
    doc = parse_document("_posts/t.md", text);
    layout_document(doc, p, m, layout);
  }
  // Applies the edit; returns the first difference from a fresh layout.
  std::string step(const std::string& text) {
    Document next = parse_document("_posts/t.md", text);
    ReparseSpan span = test::span_of_parses(doc, next);
    doc = std::move(next);
    layout_document_update(doc, span, p, m, layout);
    DocLayout fresh;
    layout_document(doc, p, m, fresh);
    steps++;
    if (layout.last_laid_blocks < fresh.blocks.size()) fast++;
    return diff_layout(layout, fresh);
  }
};

std::string long_post(size_t bytes) {
  std::string all;
  auto posts = sample_posts();
  std::string body;
  for (const auto& p : posts) {
    std::string t = read_file(p);
    // Bodies only: a second front matter would be a rule and text.
    Document d = parse_document("x.md", t);
    body += t.substr(d.front_matter.body_begin) + "\n\n";
  }
  all = "---\ntitle: long\n---\n\n";
  while (all.size() < bytes) all += body;
  return all;
}

}  // namespace

TEST_CASE("layout update: random edits on the sample posts match a fresh layout") {
  auto posts = sample_posts();
  REQUIRE(posts.size() >= 5);
  // SHEAF_LAYOUT_SEED picks other edits (to hunt for a rare mismatch).
  const char* seed = std::getenv("SHEAF_LAYOUT_SEED");
  std::mt19937 rng(seed ? uint32_t(std::strtoul(seed, nullptr, 10)) : 20261207u);
  size_t steps = 0, fast = 0;
  for (const auto& path : posts) {
    std::string text = read_file(path);
    Stepper st(text);
    for (int i = 0; i < 400; i++) {
      std::string next = random_edit(text, rng);
      if (next.size() > 60000) break;
      std::string d = st.step(next);
      if (!d.empty()) {
        INFO("post " << path.filename().string() << ", edit " << i << ": " << d);
        std::fprintf(stderr, "---- before ----\n%s\n---- after ----\n%s\n", text.c_str(), next.c_str());
        CHECK(d.empty());
        break;
      }
      text = std::move(next);
    }
    steps += st.steps;
    fast += st.fast;
  }
  MESSAGE("layout update: " << steps << " edits, " << fast << " laid out only part of the post");
  CHECK(fast * 2 > steps);  // most edits took the fast path
}

TEST_CASE("layout update: one letter typed in a long post lays out one block") {
  std::string text = long_post(200000);
  Stepper st(text);
  REQUIRE(!st.layout.checkpoints.empty());
  const size_t total = st.layout.blocks.size();
  // Inside a plain paragraph in the middle, after its first character.
  size_t at = std::string::npos;
  const std::vector<uint32_t> tops = test::top_blocks(st.doc);
  for (size_t i = tops.size() / 2; i < tops.size() && at == std::string::npos; i++) {
    const Node& n = st.doc.tree.nodes[tops[i]];
    if (n.type != NodeType::Paragraph || n.first_child == kNoNode) continue;
    const Node& t = st.doc.tree.nodes[n.first_child];
    if (t.type == NodeType::Text && !t.text_in_pool && t.text_len > 10 && (unsigned char)text[t.text_begin] < 0x80 &&
        std::isalpha((unsigned char)text[t.text_begin]))
      at = t.text_begin + 1;
  }
  REQUIRE(at != std::string::npos);
  INFO("typing at byte " << at << " of " << text.size());
  for (const char* s : {"x", "y", "한", " "}) {
    text.insert(at, s);
    at += std::strlen(s);
    std::string d = st.step(text);
    CHECK_MESSAGE(d.empty(), d);
    CHECK(st.layout.last_laid_blocks <= 2);
    CHECK(st.layout.blocks.size() == total);
  }
  // A new paragraph: two blocks, everything after moves down.
  text.insert(at, "\n\nnew paragraph ");
  std::string d = st.step(text);
  CHECK_MESSAGE(d.empty(), d);
  CHECK(st.layout.last_laid_blocks <= 3);
  CHECK(st.layout.blocks.size() == total + 1);
  // And taken away again.
  text.erase(at, std::strlen("\n\nnew paragraph "));
  d = st.step(text);
  CHECK_MESSAGE(d.empty(), d);
  CHECK(st.layout.last_laid_blocks <= 2);
  CHECK(st.layout.blocks.size() == total);
}

TEST_CASE("layout update: renaming a heading renames the later anchors that share its slug") {
  std::string text = "# Intro\n\ntext\n\n## Intro\n\nmore\n\n### Intro\n\nend\n";
  Stepper st(text);
  REQUIRE(st.layout.anchors.size() == 3);
  CHECK(st.layout.anchors[1].anchor == "intro-1");
  text.replace(2, 5, "Start");
  std::string d = st.step(text);
  CHECK_MESSAGE(d.empty(), d);
  CHECK(st.layout.anchors[1].anchor == "intro");
  CHECK(st.layout.anchors[2].anchor == "intro-1");
  CHECK(st.layout.last_laid_blocks == 1);
}

TEST_CASE("layout update: the first block's heading margin and ordered lists") {
  std::string text = "para\n\n# Heading\n\n1. one\n2. two\n\n```cpp\nint x;\n```\n\n3. three\n";
  Stepper st(text);
  // Removing the paragraph makes the heading the first block: no margin above it.
  std::string d = st.step(text.substr(6));
  CHECK_MESSAGE(d.empty(), d);
  d = st.step(text);
  CHECK_MESSAGE(d.empty(), d);
  // Editing the list renumbers nothing later, but moves the code block's labels.
  text.insert(text.find("two") + 3, " and more [l](u)");
  d = st.step(text);
  CHECK_MESSAGE(d.empty(), d);
  text.insert(text.find("1. one"), "1. zero\n");
  d = st.step(text);
  CHECK_MESSAGE(d.empty(), d);
}

TEST_CASE("layout update: images past the limit stay unloaded when earlier images come and go") {
  std::string text;
  for (size_t i = 0; i < limits::kMaxImages + 5; i++) text += "![p" + std::to_string(i) + "](img" + std::to_string(i) + ".png)\n\n";
  Stepper st(text);
  std::string d = st.step("![new](n.png)\n\n" + text);
  CHECK_MESSAGE(d.empty(), d);
  d = st.step(text);
  CHECK_MESSAGE(d.empty(), d);
  d = st.step(text + "tail\n");
  CHECK_MESSAGE(d.empty(), d);
  CHECK(st.layout.last_laid_blocks == 1);
}

TEST_CASE("layout update: a full span, other params and no checkpoints lay out all") {
  std::string text = "a\n\nb\n\nc\n";
  Stepper st(text);
  Document next = parse_document("_posts/t.md", "a\n\nbb\n\nc\n");
  ReparseSpan full;  // full by default
  layout_document_update(next, full, st.p, st.m, st.layout);
  DocLayout fresh;
  layout_document(next, st.p, st.m, fresh);
  CHECK(diff_layout(st.layout, fresh).empty());
  CHECK(st.layout.last_laid_blocks == fresh.blocks.size());
  // Wider column: the old layout does not apply.
  Document again = parse_document("_posts/t.md", "a\n\nbbb\n\nc\n");
  ReparseSpan span = test::span_of_parses(next, again);
  REQUIRE(!span.full);
  LayoutParams wide = st.p;
  wide.width = 800;
  layout_document_update(again, span, wide, st.m, st.layout);
  layout_document(again, wide, st.m, fresh);
  CHECK(diff_layout(st.layout, fresh).empty());
  CHECK(st.layout.last_laid_blocks == fresh.blocks.size());
}

TEST_CASE("layout update: a cut tree lays out all, and so does the edit after it") {
  // Quotes nested past limits::kMaxBlockNesting: the tree is cut, with a note.
  std::string deep(size_t(limits::kMaxBlockNesting) + 10, '>');
  std::string text = "first\n\n" + deep + " deep\n\nlast\n";
  Stepper st(text);
  CHECK(!st.doc.tree.cuts.empty());
  CHECK(st.layout.checkpoints.empty());
  text.insert(1, "x");
  std::string d = st.step(text);
  CHECK_MESSAGE(d.empty(), d);
  CHECK(st.layout.last_laid_blocks == st.layout.blocks.size());
  // The cut gone, updates follow again from the next edit on.
  text = "first\n\n> not deep\n\nlast\n";
  d = st.step(text);
  CHECK_MESSAGE(d.empty(), d);
  CHECK(!st.layout.checkpoints.empty());
  text.insert(1, "x");
  d = st.step(text);
  CHECK_MESSAGE(d.empty(), d);
  CHECK(st.layout.last_laid_blocks == 1);
}

