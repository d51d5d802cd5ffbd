// The one UTF-8 decoder (core/unicode.h): ill-formed input, noncharacters,
// Hangul and emoji clusters, boundaries, and the other core parts agreeing
// with it.
#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/html.h"
#include "core/json.h"
#include "core/text.h"
#include "core/unicode.h"
#include "core/utf8.h"

using namespace sheaf;

namespace {

// Every code point decode_utf8 gives for `s`, and the offsets it starts at.
std::vector<char32_t> decode_all(std::string_view s, std::vector<size_t>* starts = nullptr) {
  std::vector<char32_t> out;
  for (size_t i = 0; i < s.size();) {
    if (starts) starts->push_back(i);
    size_t before = i;
    out.push_back(decode_utf8(s, i));
    REQUIRE(i > before);  // always moves on
    REQUIRE(i <= s.size());
  }
  return out;
}

std::string bytes(std::initializer_list<int> b) {
  std::string s;
  for (int c : b) s += char(c);
  return s;
}

std::vector<char32_t> fffd(size_t n) { return std::vector<char32_t>(n, kReplacementChar); }

}  // namespace

TEST_CASE("unicode: the Unicode standard's table 3-8 example gives its exact substitutions") {
  // 61 F1 80 80 E1 80 C2 62 80 63 80 BF 64 -> a FFFD FFFD FFFD b FFFD c FFFD FFFD d
  const std::string s = bytes({0x61, 0xF1, 0x80, 0x80, 0xE1, 0x80, 0xC2, 0x62, 0x80, 0x63, 0x80, 0xBF, 0x64});
  std::vector<size_t> starts;
  const std::vector<char32_t> want = {'a', 0xFFFD, 0xFFFD, 0xFFFD, 'b', 0xFFFD, 'c', 0xFFFD, 0xFFFD, 'd'};
  CHECK(decode_all(s, &starts) == want);
  CHECK(starts == std::vector<size_t>{0, 1, 4, 6, 7, 8, 9, 10, 11, 12});
  CHECK(sanitize_utf8(s) == "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD\xEF\xBF\xBD" "d");
  CHECK(count_code_points(s) == 10);
  size_t bad = 99;
  CHECK_FALSE(valid_utf8(s, &bad));
  CHECK(bad == 1);
}

TEST_CASE("unicode: overlongs are one U+FFFD per byte") {
  CHECK(decode_all(bytes({0xC0, 0x80})) == fffd(2));
  CHECK(decode_all(bytes({0xC1, 0xBF})) == fffd(2));
  CHECK(decode_all(bytes({0xE0, 0x80, 0x80})) == fffd(3));
  CHECK(decode_all(bytes({0xE0, 0x9F, 0xBF})) == fffd(3));
  CHECK(decode_all(bytes({0xF0, 0x80, 0x80, 0x80})) == fffd(4));
  CHECK(decode_all(bytes({0xF0, 0x8F, 0xBF, 0xBF})) == fffd(4));
  // The smallest values that need each length are fine.
  CHECK(decode_all(bytes({0xC2, 0x80})) == std::vector<char32_t>{0x80});
  CHECK(decode_all(bytes({0xE0, 0xA0, 0x80})) == std::vector<char32_t>{0x800});
  CHECK(decode_all(bytes({0xF0, 0x90, 0x80, 0x80})) == std::vector<char32_t>{0x10000});
  for (const std::string& s : {bytes({0xC0, 0x80}), bytes({0xE0, 0x80, 0x80}), bytes({0xF0, 0x80, 0x80, 0x80})}) {
    size_t bad = 99;
    CHECK_FALSE(valid_utf8("ok " + s, &bad));
    CHECK(bad == 3);
  }
}

TEST_CASE("unicode: encoded surrogates and values past U+10FFFF are rejected") {
  CHECK(decode_all(bytes({0xED, 0xA0, 0x80})) == fffd(3));  // U+D800
  CHECK(decode_all(bytes({0xED, 0xBF, 0xBF})) == fffd(3));  // U+DFFF
  CHECK(decode_all(bytes({0xED, 0x9F, 0xBF})) == std::vector<char32_t>{0xD7FF});
  CHECK(decode_all(bytes({0xEE, 0x80, 0x80})) == std::vector<char32_t>{0xE000});
  CHECK(decode_all(bytes({0xF4, 0x90, 0x80, 0x80})) == fffd(4));  // U+110000
  CHECK(decode_all(bytes({0xF5, 0x80, 0x80, 0x80})) == fffd(4));
  CHECK(decode_all(bytes({0xF8, 0x88, 0x80, 0x80, 0x80})) == fffd(5));  // old 5-byte form
  CHECK(decode_all(bytes({0xFE, 0xFF})) == fffd(2));
  CHECK_FALSE(valid_utf8(bytes({0xED, 0xA0, 0x80})));
  CHECK_FALSE(valid_utf8(bytes({0xF4, 0x90, 0x80, 0x80})));
  CHECK(valid_utf8(bytes({0xF4, 0x8F, 0xBF, 0xBF})));
}

TEST_CASE("unicode: a truncated sequence is one U+FFFD, at the end or mid-string") {
  CHECK(decode_all(bytes({'a', 0xE1, 0x80})) == std::vector<char32_t>{'a', 0xFFFD});
  CHECK(decode_all(bytes({0xF0, 0x9F, 0x98})) == fffd(1));
  CHECK(decode_all(bytes({0xF0, 0x9F})) == fffd(1));
  CHECK(decode_all(bytes({0xC3})) == fffd(1));
  CHECK(decode_all(bytes({0xE1, 0x80, 'b'})) == std::vector<char32_t>{0xFFFD, 'b'});
  // A cut emoji right before a whole one: the whole one survives.
  CHECK(decode_all(bytes({0xF0, 0x9F, 0xF0, 0x9F, 0x98, 0x80})) == std::vector<char32_t>{0xFFFD, 0x1F600});
  // A cut Hangul syllable before a whole one.
  CHECK(decode_all(std::string("\xED\x95") + "글") == std::vector<char32_t>{0xFFFD, 0xAE00});
  size_t bad = 99;
  CHECK_FALSE(valid_utf8("한글\xEA\xB8", &bad));
  CHECK(bad == 6);
}

TEST_CASE("unicode: stray continuation bytes are one U+FFFD each") {
  CHECK(decode_all(bytes({0x80})) == fffd(1));
  CHECK(decode_all(bytes({0x80, 0xBF, 0x9F})) == fffd(3));
  // After a complete sequence, extra continuation bytes are strays.
  CHECK(decode_all(bytes({0xC3, 0xA9, 0xA9})) == std::vector<char32_t>{0xE9, 0xFFFD});
  CHECK(decode_all(bytes({0xE2, 0x82, 0xAC, 0x80, 0x80, 'x'})) == std::vector<char32_t>{0x20AC, 0xFFFD, 0xFFFD, 'x'});
}

TEST_CASE("unicode: a U+FFFD in the text is not a substitution") {
  size_t i = 0;
  bool bad = true;
  CHECK(decode_utf8("\xEF\xBF\xBD", i, bad) == 0xFFFD);
  CHECK(i == 3);
  CHECK_FALSE(bad);
  i = 0;
  CHECK(decode_utf8("\xFF", i, bad) == 0xFFFD);
  CHECK(bad);
  CHECK(valid_utf8("\xEF\xBF\xBD"));
  CHECK(sanitize_utf8("\xEF\xBF\xBD") == "\xEF\xBF\xBD");
}

TEST_CASE("unicode: noncharacters are valid scalar values, decoded as themselves and classified") {
  CHECK(decode_all(bytes({0xEF, 0xB7, 0x90})) == std::vector<char32_t>{0xFDD0});
  CHECK(decode_all(bytes({0xEF, 0xB7, 0xAF})) == std::vector<char32_t>{0xFDEF});
  CHECK(decode_all(bytes({0xEF, 0xBF, 0xBE})) == std::vector<char32_t>{0xFFFE});
  CHECK(decode_all(bytes({0xEF, 0xBF, 0xBF})) == std::vector<char32_t>{0xFFFF});
  CHECK(decode_all(bytes({0xF0, 0x9F, 0xBF, 0xBE})) == std::vector<char32_t>{0x1FFFE});
  CHECK(decode_all(bytes({0xF4, 0x8F, 0xBF, 0xBF})) == std::vector<char32_t>{0x10FFFF});
  CHECK(valid_utf8(bytes({0xEF, 0xB7, 0x90, 0xEF, 0xBF, 0xBE, 0xF4, 0x8F, 0xBF, 0xBF})));
  CHECK(is_noncharacter(0xFDD0));
  CHECK(is_noncharacter(0xFFFE));
  CHECK(is_noncharacter(0x10FFFF));
  CHECK_FALSE(is_noncharacter(0xFDCF));
  CHECK_FALSE(is_noncharacter(0xFDF0));
  CHECK_FALSE(is_noncharacter(0xFFFD));
  CHECK_FALSE(is_noncharacter(0xAC00));
  CHECK_FALSE(is_noncharacter(0x110000));  // not a code point at all
  size_t count = 0;
  for (char32_t cp = 0; cp <= 0x10FFFF; cp++) count += is_noncharacter(cp);
  CHECK(count == 66);
  // Sanitizing leaves them alone.
  CHECK(sanitize_utf8("\xEF\xB7\x90") == "\xEF\xB7\x90");
}

TEST_CASE("unicode: encode/decode round trip over every scalar value") {
  size_t failures = 0;
  std::string all;
  for (char32_t cp = 0; cp <= 0x10FFFF; cp++) {
    if (is_surrogate(cp)) continue;
    std::string s = encode_utf8(cp);
    size_t want_len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    size_t i = 0;
    bool bad = true;
    char32_t back = decode_utf8(s, i, bad);
    if (back != cp || i != s.size() || s.size() != want_len || bad || utf8_sequence_length(s, 0) != want_len) failures++;
    if (cp % 97 == 0) all += s;
  }
  CHECK(failures == 0);
  CHECK(valid_utf8(all));
  CHECK(sanitize_utf8(all) == all);
  // Surrogates and values past U+10FFFF have no UTF-8 form.
  CHECK(encode_utf8(0xD800) == "\xEF\xBF\xBD");
  CHECK(encode_utf8(0xDFFF) == "\xEF\xBF\xBD");
  CHECK(encode_utf8(0x110000) == "\xEF\xBF\xBD");
  CHECK(encode_utf8(0xFFFFFFFF) == "\xEF\xBF\xBD");
}

TEST_CASE("unicode: Korean syllables and jamo") {
  const std::string s = "한국어";
  CHECK(decode_all(s) == std::vector<char32_t>{0xD55C, 0xAD6D, 0xC5B4});
  CHECK(is_hangul_syllable(0xAC00));
  CHECK(is_hangul_syllable(0xD7A3));
  CHECK_FALSE(is_hangul_syllable(0xD7A4));
  // Each precomposed syllable is a cluster of three bytes.
  CHECK(next_cluster(s, 0) == 3);
  CHECK(next_cluster(s, 3) == 6);
  CHECK(next_cluster(s, 6) == 9);
  // Conjoining jamo: ᄒ ᅡ ᆫ (L V T) is one cluster, as is 하 + ᆫ (LV T).
  const std::string lvt = "\u1112\u1161\u11AB";
  CHECK(decode_all(lvt) == std::vector<char32_t>{0x1112, 0x1161, 0x11AB});
  CHECK(next_cluster(lvt, 0) == lvt.size());
  const std::string lv_t = "하\u11AB다";
  CHECK(next_cluster(lv_t, 0) == 6);
  CHECK(next_cluster(lv_t, 6) == 9);
  // A T after a T-ending syllable still joins; an L after a syllable does not.
  CHECK(next_cluster("한\u11AB", 0) == 6);
  CHECK(next_cluster("한\u1100", 0) == 3);
  // Compatibility jamo (what a keyboard shows alone) never join.
  const std::string compat = "ㅎㅏ";
  CHECK(next_cluster(compat, 0) == 3);
  // Boundaries step over syllables whole.
  CHECK(prev_code_point(s, 9) == 6);
  CHECK(floor_code_point(s, 5) == 3);
  CHECK(next_code_point(s, 3) == 6);
}

TEST_CASE("unicode: emoji clusters (ZWJ sequences, modifiers, flags, keycaps)") {
  const std::string family = "\U0001F468\u200D\U0001F469\u200D\U0001F467";  // 👨‍👩‍👧
  CHECK(decode_all(family).size() == 5);
  CHECK(next_cluster(family, 0) == family.size());
  const std::string then = family + "x";
  CHECK(next_cluster(then, 0) == family.size());
  const std::string thumbs = "\U0001F44D\U0001F3FD";  // 👍🏽
  CHECK(next_cluster(thumbs, 0) == thumbs.size());
  const std::string flags = "\U0001F1F0\U0001F1F7\U0001F1EF\U0001F1F5";  // 🇰🇷🇯🇵
  CHECK(next_cluster(flags, 0) == 8);
  CHECK(next_cluster(flags, 8) == 16);
  const std::string heart = "\u2764\uFE0F!";  // ❤️ with its emoji selector
  CHECK(next_cluster(heart, 0) == 6);
  const std::string accent = "e\u0301t";
  CHECK(next_cluster(accent, 0) == 3);
  CHECK(is_invisible(0x200D));
  CHECK(is_invisible(0xFE0F));
  CHECK_FALSE(is_invisible(0x1F468));
  CHECK(next_cluster("\r\n", 0) == 1);
}

TEST_CASE("unicode: clusters over ill-formed bytes always advance") {
  // The viewer lays out whatever a file holds: every cluster must move on.
  std::mt19937 rng(7);
  for (int round = 0; round < 2000; round++) {
    std::string s;
    int n = 1 + int(rng() % 24);
    for (int k = 0; k < n; k++) s += char(rng() % 3 == 0 ? 'a' + rng() % 3 : 0x80 + rng() % 0x80);
    size_t steps = 0;
    for (size_t i = 0; i < s.size(); steps++) {
      size_t j = next_cluster(s, i);
      REQUIRE(j > i);
      REQUIRE(j <= s.size());
      REQUIRE(is_code_point_boundary(s, j));
      i = j;
    }
    CHECK(steps <= s.size());
  }
  // A bad byte is a U+FFFD cluster; the text after it is untouched.
  CHECK(next_cluster("\xFF" "a", 0) == 1);
  CHECK(next_cluster("\xE1\x80" "a", 0) == 2);
}

TEST_CASE("unicode: local boundaries agree with decoding from the start") {
  // Exhaustive over short strings of the bytes where the rules change, then
  // random longer ones.
  const unsigned char alphabet[] = {0x41, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF,
                                    0xE0, 0xE1, 0xED, 0xEF, 0xF0, 0xF1, 0xF4, 0xF5, 0xFF};
  const size_t a = sizeof alphabet;
  auto check = [](const std::string& s) {
    std::vector<size_t> starts;
    decode_all(s, &starts);
    starts.push_back(s.size());
    size_t mismatches = 0;
    size_t next = 0;  // index into starts of the first boundary >= i
    for (size_t i = 0; i <= s.size(); i++) {
      while (starts[next] < i) next++;
      const bool boundary = starts[next] == i;
      const size_t floor = boundary ? i : starts[next - 1];
      mismatches += is_code_point_boundary(s, i) != boundary;
      mismatches += floor_code_point(s, i) != floor;
      if (boundary && i < s.size()) mismatches += next_code_point(s, i) != starts[next + 1];
      if (boundary && i > 0) mismatches += prev_code_point(s, i) != starts[next - 1];
    }
    return mismatches;
  };
  size_t mismatches = 0;
  for (size_t len = 1; len <= 4; len++) {
    size_t total = 1;
    for (size_t k = 0; k < len; k++) total *= a;
    for (size_t code = 0; code < total; code++) {
      std::string s;
      for (size_t k = 0, c = code; k < len; k++, c /= a) s += char(alphabet[c % a]);
      mismatches += check(s);
    }
  }
  std::mt19937 rng(11);
  for (int round = 0; round < 20000; round++) {
    std::string s;
    int n = 1 + int(rng() % 16);
    for (int k = 0; k < n; k++) s += char(alphabet[rng() % a]);
    mismatches += check(s);
  }
  CHECK(mismatches == 0);
  CHECK(prev_code_point("abc", 0) == 0);
  CHECK(floor_code_point("abc", 10) == 3);
}

TEST_CASE("unicode: validation, sanitizing and decoding agree on random bytes") {
  std::mt19937 rng(3);
  size_t disagreements = 0;
  for (int round = 0; round < 20000; round++) {
    std::string s;
    int n = int(rng() % 20);
    for (int k = 0; k < n; k++) s += char(rng() % 4 == 0 ? 'a' : 0x80 + rng() % 0x80);
    bool any_bad = false;
    size_t first_bad = s.size();
    std::string rebuilt;
    for (size_t i = 0; i < s.size();) {
      size_t at = i;
      bool bad;
      char32_t cp = decode_utf8(s, i, bad);
      if (bad && !any_bad) first_bad = at;
      any_bad |= bad;
      if (bad) rebuilt += kReplacementUtf8;
      else encode_utf8(rebuilt, cp);
      if (!bad && s.compare(at, i - at, encode_utf8(cp)) != 0) disagreements++;  // only shortest forms pass
    }
    size_t bad_offset = s.size();
    disagreements += valid_utf8(s, &bad_offset) == any_bad;
    disagreements += any_bad && bad_offset != first_bad;
    disagreements += sanitize_utf8(s) != rebuilt;
    disagreements += !valid_utf8(rebuilt);
    disagreements += utf8_valid(s) != valid_utf8(s);  // the old spelling
  }
  CHECK(disagreements == 0);
  // Long ASCII runs go through the word-at-a-time path; a bad byte after one is found.
  std::string text(100, 'x');
  size_t bad = 0;
  CHECK(valid_utf8(text));
  text += "\xC0\xAF";
  CHECK_FALSE(valid_utf8(text, &bad));
  CHECK(bad == 100);
  CHECK(sanitize_utf8(text) == std::string(100, 'x') + "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("unicode: JSON and HTML output substitute exactly as the module does") {
  const std::string table38 = bytes({0x61, 0xF1, 0x80, 0x80, 0xE1, 0x80, 0xC2, 0x62, 0x80, 0x63, 0x80, 0xBF, 0x64});
  std::string json;
  json_escape(json, table38);
  CHECK(json == "\"" + sanitize_utf8(table38) + "\"");
  std::string html;
  append_html_escaped(html, table38);
  CHECK(html == sanitize_utf8(table38));

  std::mt19937 rng(5);
  size_t disagreements = 0;
  for (int round = 0; round < 5000; round++) {
    std::string s;
    int n = int(rng() % 16);
    for (int k = 0; k < n; k++) s += char(rng() % 4 == 0 ? 'b' : 0x80 + rng() % 0x80);
    std::string j, h;
    json_escape(j, s);
    append_html_escaped(h, s);
    disagreements += j != "\"" + sanitize_utf8(s) + "\"";
    disagreements += h != sanitize_utf8(s);
  }
  CHECK(disagreements == 0);
  // Noncharacters and Hangul pass through both untouched.
  std::string nc;
  json_escape(nc, "\xEF\xB7\x90한");
  CHECK(nc == "\"\xEF\xB7\x90한\"");
}

TEST_CASE("unicode: text helpers use the module's decoding and encoding") {
  // Numeric references encode through encode_utf8: no UTF-8 form -> U+FFFD.
  std::string out;
  CHECK(decode_entity("&#x1F600;", out));
  CHECK(out == encode_utf8(0x1F600));
  out.clear();
  CHECK(decode_entity("&#xD800;", out));
  CHECK(out == "\xEF\xBF\xBD");
  out.clear();
  CHECK(decode_entity("&#x10FFFF;", out));
  CHECK(out == encode_utf8(0x10FFFF));
  out.clear();
  CHECK(decode_entity("&#1114112;", out));  // 0x110000
  CHECK(out == "\xEF\xBF\xBD");
  // Slugs drop what does not decode (and an overlong '/' is not a '/').
  CHECK(slugify("한글\xC0\xAF" "Title") == "한글title");
  CHECK(slugify("\xED\xA0\x80" "ÉCOLE") == "école");
  // Words still count across ill-formed bytes.
  CHECK(count_words("가\xFF나 다") == 2);
}

TEST_CASE("unicode: search folding lower-cases ASCII and Latin-1 and keeps byte offsets") {
  CHECK(fold("ÀÉÎ Ü Þ × ABC xyz 한글 Ω") == "àéî ü þ × abc xyz 한글 Ω");
  // Ill-formed bytes are kept as they are, and the length never changes.
  const std::string bad = bytes({'Q', 0xC3, 0xFF, 0xC3, 0x89, 0xE1, 0x80});
  const std::string folded = fold(bad);
  CHECK(folded.size() == bad.size());
  CHECK(folded == bytes({'q', 0xC3, 0xFF, 0xC3, 0xA9, 0xE1, 0x80}));
  std::vector<uint32_t> changed;
  std::string out = "x";
  fold_append(out, bad, &changed, 10);
  CHECK(out == "x" + folded);
  CHECK(changed == std::vector<uint32_t>{10, 14});
  // Folding a valid string keeps it valid.
  CHECK(valid_utf8(fold("Ça Ö 가")));
}
