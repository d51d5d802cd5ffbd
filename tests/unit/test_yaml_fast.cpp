// Differential test of the YAML fast path: on every input it either declines
// or returns exactly what the yaml-cpp path returns (keys, kinds, scalars,
// items, lines), and it never accepts what yaml-cpp reports as a problem.
// Inputs: the test posts (tests/data/posts), the sample notebook, generated
// then mutated front matter (fixed seed, so failures reproduce), and the seed
// corpus when it is there (suite "seeds", run by the ctest entry seeds.unit).
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <initializer_list>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/document.h"
#include "core/frontmatter.h"
#include "core/properties.h"
#include "core/yaml_fast.h"
#include "corpus_gen.h"

using namespace sheaf;

namespace {

// [SECTION] Comparison

bool same_value(const Value& a, const Value& b) {
  if (a.kind != b.kind || a.scalar != b.scalar || a.items.size() != b.items.size() ||
      a.entries.size() != b.entries.size())
    return false;
  for (size_t i = 0; i < a.items.size(); i++)
    if (!same_value(a.items[i], b.items[i])) return false;
  for (size_t i = 0; i < a.entries.size(); i++)
    if (a.entries[i].first != b.entries[i].first || !same_value(a.entries[i].second, b.entries[i].second)) return false;
  return true;
}

bool same_properties(const std::vector<Property>& a, const std::vector<Property>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); i++)
    if (a[i].key != b[i].key || a[i].line != b[i].line || !same_value(a[i].value, b[i].value)) return false;
  return true;
}

std::string show(const Value& v) {
  std::string s = std::string(kind_name(v.kind)) + "(" + v.scalar;
  for (const Value& i : v.items) s += " " + show(i);
  for (const auto& e : v.entries) s += " " + e.first + "=" + show(e.second);
  return s + ")";
}

std::string show(const std::vector<Property>& ps) {
  std::string s;
  for (const Property& p : ps) s += std::to_string(p.line) + ":" + p.key + "=" + show(p.value) + "\n";
  return s;
}

struct Tally {
  size_t accepted = 0, declined = 0, mismatches = 0;
};

// Checks one complete file (fences included).
// Returns whether the fast path took it.
bool check_file(const std::string& text, Tally& t) {
  FrontMatter fm = detect_front_matter(text);
  if (fm.format != FrontMatterFormat::Yaml) return false;
  std::string_view content = std::string_view(text).substr(fm.content_begin, fm.content_end - fm.content_begin);
  std::vector<Property> fast;
  bool took = parse_yaml_fast(content, fm.content_line, fast);
  if (!took) {
    CHECK(fast.empty());
    t.declined++;
    return false;
  }
  t.accepted++;
  set_yaml_fast_path(false);
  std::vector<Property> slow;
  std::vector<Diagnostic> diags;
  parse_properties(text, fm, slow, diags);
  set_yaml_fast_path(true);
  bool ok = diags.empty() && same_properties(fast, slow);
  if (!ok && ++t.mismatches <= 10) {
    INFO("input:\n" << text);
    INFO("fast:\n" << show(fast));
    INFO("yaml-cpp:\n" << show(slow) << (diags.empty() ? "" : "diagnostic: " + diags[0].message));
    CHECK(ok);
  }
  return true;
}

std::string read_all(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// [SECTION] Generator

using test::Rng;

// Half the picks come from the head of the list, where the common shapes are.
template <size_t N>
const char* pick(Rng& r, const char* const (&a)[N]) {
  return a[r.below(2) ? r.below(N < 12 ? N : 12) : r.below(N)];
}

const char* const kKeys[] = {"title", "date", "tags", "categories", "layout", "toc", "제목", "a.b", "x-y", "2021",
                             "true", "null", "~", "key with space", "-k", "k:", "\"q\"", "a", "tags", "<<", "? k",
                             "x_1", "k ", "URL"};
const char* const kScalars[] = {
    "hello", "hello world", "안녕 세상", "42", "-1.5e3", "0x1F", "0o17", ".inf", "-.INF", ".nan", "true", "False",
    "TRUE", "yes", "no", "on", "~", "null", "Null", "2021-03-05", "2021-03-05 10:20:00 +0900", "2021-3-5",
    "2021-03-05T10:20:00Z", "12:30", "1:2:3", "a: b", "a:b", "a #b", "a#b", "[draft] x", "x [draft]", "x, y",
    "{a}", "x }", "-5", "-x", "- x", "--", "---", "...", "a...", "?x", ":x", "x:", "@x", "`x`", "%x", "!x", "&a x",
    "*a", "|", ">", "'single'", "'it''s'", "'a # b'", "''", "\"\"", "\"double\"", "\"esc \\\" \\\\ \\/\"",
    "\"tab\\tnl\\n\"", "\"\\x41\"", "\"\\u00e9\"", "\"\\e\"", "\"\\0\"", "\"a\" b", "\"a\"#c", "\"a\" #c",
    "'a' 'b'", "'unterminated", "\"unterminated", "https://example.com/a?b=c#d", "C:\\path", "a\\b",
    "100%", "x % y", "1e3", "1_000", "+1", "0.5", ".5", "5.", "0b101", "0755", "1.2.3", "a b  c",
    "x  # comment", "x\t", "\"x\" ", "😀 emoji", "x'y", "x\"y", "-", "=", "<<", "!!str 5", "!foo x"};
const char* const kFlow[] = {"[]", "[ ]", "[a, b]", "[a,b]", "[\"a\", 'b', c]", "[1, true, ~, null]", "[a b, c]",
                             "[a, ]", "[a, , b]", "[a, [b]]", "[a: b]", "[{a: b}]", "[a #b]", "[a", "[a, b] x",
                             "[a, b] # c", "['it''s', \"q\\\"\"]", "[-1, 2]", "[?x]", "[안녕, 세상]", "[a,\n  b]",
                             "[ \"spaced\" , x ]", "[x\"y]", "[*a]", "[&a x]", "[!!str 1]"};

std::string gen_value(Rng& r, int depth) {
  switch (r.below(12)) {
    case 0: case 1: case 2: case 3: case 4: return std::string(" ") + pick(r, kScalars) + "\n";
    case 5: case 6: return std::string(" ") + pick(r, kFlow) + "\n";
    case 7: case 8: {  // block list
      std::string ind(r.below(3) == 0 ? 0 : 2 * r.below(3), ' ');
      std::string s = r.below(4) == 0 ? " # list\n" : "\n";
      for (size_t k = 0, n = 1 + r.below(4); k < n; k++) {
        if (r.below(8) == 0) s += "\n";
        if (r.below(10) == 0) s += ind + "# note\n";
        s += ind + (r.below(15) == 0 ? "-" : "- ") + pick(r, kScalars) + "\n";
        if (r.below(15) == 0) s += ind + "  continued\n";
        if (r.below(20) == 0 && depth < 2) s += ind + "  - nested\n";
      }
      return s;
    }
    case 9: {  // nested map
      if (depth > 1) return " x\n";
      std::string s = "\n";
      for (size_t k = 0, n = 1 + r.below(3); k < n; k++) s += std::string("  ") + pick(r, kKeys) + ":" + gen_value(r, depth + 1);
      return s;
    }
    case 10: return r.below(2) ? " |\n  line one\n  line two\n" : " >-\n  folded\n  text\n";
    default: return r.below(2) ? "\n" : "   \n";
  }
}

std::string gen_front_matter(Rng& r) {
  std::string s;
  for (size_t k = 0, n = 1 + r.below(6); k < n; k++) {
    switch (r.below(14)) {
      case 0: s += "# comment\n"; break;
      case 1: s += "\n"; break;
      case 2: s += "  # indented comment\n"; break;
      default: s += std::string(pick(r, kKeys)) + ":" + gen_value(r, 0); break;
    }
  }
  return s;
}

const char kNoise[] = {':', '#', '-', '[', ']', '{', '}', '\'', '"', '\\', ' ', ' ', '\t', '\n', ',', '&', '*',
                       '!', '|', '>', '?', '%', '@', '`', '~', 'a', '0', '\r'};

std::string mutate(Rng& r, std::string s) {
  for (size_t m = 0, n = 1 + r.below(3); m < n && !s.empty(); m++) {
    size_t at = r.below(s.size());
    switch (r.below(7)) {
      case 0: case 1: s.insert(at, 1, kNoise[r.below(sizeof kNoise)]); break;
      case 2: s.erase(at, 1); break;
      case 3: s.insert(s.rfind('\n', at) == std::string::npos ? 0 : s.rfind('\n', at) + 1, "  "); break;
      case 4: {  // duplicate a line
        size_t b = s.rfind('\n', at);
        b = b == std::string::npos ? 0 : b + 1;
        size_t e = s.find('\n', at);
        e = e == std::string::npos ? s.size() : e + 1;
        s.insert(e, s.substr(b, e - b));
        break;
      }
      case 5: {  // CRLF line breaks
        std::string t;
        for (char c : s) t += c == '\n' ? std::string("\r\n") : std::string(1, c);
        s = t;
        break;
      }
      default: s[at] = kNoise[r.below(sizeof kNoise)]; break;
    }
  }
  return s;
}

}  // namespace

// [SECTION] Tests

TEST_CASE("yaml fast path: a typical post is taken and matches yaml-cpp") {
  Tally t;
  std::string post =
      "---\n# template\nlayout: post\ntitle: \"[회고] 학습 \\\"정리\\\"\"\ndate: 2021-03-05 10:20:00 +0900\n"
      "categories: [AI, 'Boost Camp']\ntags:\n  - pytorch\n  - \"deep learning\"\n\ntoc: true  # sidebar\n"
      "excerpt: 'It''s short'\nweight: 3\ndraft:\nempty: []\n---\nbody\n";
  check_file(post, t);
  CHECK(t.accepted == 1);
  CHECK(t.mismatches == 0);
  Document d = parse_document("p.md", post);
  CHECK(d.diagnostics.empty());
  REQUIRE(d.properties.size() == 10);
  CHECK(d.properties[1].value.scalar == "[회고] 학습 \"정리\"");
  CHECK(d.properties[4].line == 7);
  CHECK(d.properties[5].line == 11);
}

TEST_CASE("yaml fast path: declines what it does not cover") {
  const char* outside[] = {
      "a: &x 1\nb: *x\n", "a: !!str 5\n", "a: |\n  text\n", "a: >\n  text\n", "a:\n  b: 1\n", "a: {b: 1}\n",
      "a: one\n  two\n", "a:\tb\n", "a: \"\\x41\"\n", "a: 1\na: 2\n", "a: [1,\n  2]\n", "? a\n: b\n", "- a\n",
      "a: b: c\n", "\"a\": 1\n", "a: 'open\n", "<<: {b: 1}\n", "# only a comment\n", "",
  };
  for (const char* s : outside) {
    std::vector<Property> out;
    INFO(s);
    CHECK_FALSE(parse_yaml_fast(s, 2, out));
    CHECK(out.empty());
  }
}

TEST_CASE("yaml fast path: invalid YAML still gets the yaml-cpp diagnostics") {
  const char* bad[] = {"---\ntitle: [a, b\n---\n", "---\na: b: c\n---\n", "---\na: 'x' y\n---\n",
                       "---\na: 1\n b: 2\n---\n", "---\n- a\nb: c\n---\n"};
  for (const char* s : bad) {
    INFO(s);
    Document fast = parse_document("bad.md", s);
    set_yaml_fast_path(false);
    Document slow = parse_document("bad.md", s);
    set_yaml_fast_path(true);
    CHECK(slow.has_errors());
    REQUIRE(fast.diagnostics.size() == slow.diagnostics.size());
    for (size_t i = 0; i < fast.diagnostics.size(); i++) {
      CHECK(fast.diagnostics[i].message == slow.diagnostics[i].message);
      CHECK(fast.diagnostics[i].line == slow.diagnostics[i].line);
      CHECK(fast.diagnostics[i].column == slow.diagnostics[i].column);
    }
  }
}

namespace {

// Every file under the folders, compared file by file and as whole documents.
void check_folders(std::initializer_list<const char*> dirs, size_t min_files) {
  Tally t;
  size_t files = 0;
  namespace fs = std::filesystem;
  for (const char* dir : dirs) {
    REQUIRE_MESSAGE(fs::is_directory(dir), "missing folder ", dir);
    for (const auto& e : fs::recursive_directory_iterator(dir))
      if (e.is_regular_file()) {
        std::string text = read_all(e.path());
        check_file(text, t);
        // Whole documents must also agree, diagnostics and metadata included.
        Document fast = parse_document(e.path().string(), text);
        set_yaml_fast_path(false);
        Document slow = parse_document(e.path().string(), text);
        set_yaml_fast_path(true);
        CHECK(same_properties(fast.properties, slow.properties));
        CHECK(fast.diagnostics.size() == slow.diagnostics.size());
        CHECK(fast.title == slow.title);
        CHECK(fast.date == slow.date);
        CHECK(fast.tags == slow.tags);
        CHECK(fast.categories == slow.categories);
        files++;
      }
  }
  MESSAGE(files << " files: fast path took " << t.accepted << ", declined " << t.declined);
  CHECK(files >= min_files);
  CHECK(t.mismatches == 0);
  CHECK(t.accepted > 0);
}

}  // namespace

TEST_CASE("yaml fast path: same result as yaml-cpp on the test posts and the sample notebook") {
  check_folders({SHEAF_TEST_POSTS, SHEAF_SOURCE_DIR "/assets/notebook"}, 10);
}

TEST_SUITE("seeds" * doctest::skip()) {
TEST_CASE("yaml fast path: same result as yaml-cpp on the seed corpus") {
  check_folders({SHEAF_SEEDS_DIR}, 5);
}
}

TEST_CASE("yaml fast path: same result as yaml-cpp on generated and mutated front matter") {
  Tally gen, mut;
  // SHEAF_DIFF_ROUNDS=200000 (and SHEAF_DIFF_SEED) for a longer hunt by hand.
  const char* rounds_env = std::getenv("SHEAF_DIFF_ROUNDS");
  const char* seed_env = std::getenv("SHEAF_DIFF_SEED");
  long rounds = rounds_env ? std::atol(rounds_env) : 6000;
  Rng r{seed_env ? std::strtoull(seed_env, nullptr, 0) : 0x9a3f1e77c0ffeeull};
  for (long i = 0; i < rounds; i++) {
    std::string fm = gen_front_matter(r);
    // Mutations of accepted input probe the edges of the subset hardest.
    int mutations = check_file("---\n" + fm + "---\nbody\n", gen) ? 6 : 1;
    for (int k = 0; k < mutations; k++) check_file("---\n" + mutate(r, fm) + "---\nbody\n", mut);
  }
  MESSAGE("generated: took " << gen.accepted << ", declined " << gen.declined << "; mutated: took " << mut.accepted
                             << ", declined " << mut.declined);
  CHECK(gen.mismatches == 0);
  CHECK(mut.mismatches == 0);
  // The generator must exercise the fast path, not only its refusals.
  CHECK(gen.accepted > 500);
  CHECK(mut.accepted > 500);
}
