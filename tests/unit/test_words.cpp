// Words and lines (core/words.h): Ctrl+Left/Right stops, double- and
// triple-click ranges over Korean, English, mixed, punctuation and emoji
// text, and ill-formed UTF-8.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "core/unicode.h"
#include "core/words.h"

using namespace sheaf;

namespace {

using Range = std::pair<size_t, size_t>;

// Every Ctrl+Right stop from 0 to the end.
std::vector<size_t> right_stops(std::string_view t) {
  std::vector<size_t> out;
  for (size_t i = 0; i < t.size();) {
    i = next_word_end(t, i);
    out.push_back(i);
  }
  return out;
}

// Every Ctrl+Left stop from the end to 0.
std::vector<size_t> left_stops(std::string_view t) {
  std::vector<size_t> out;
  for (size_t i = t.size(); i > 0;) {
    i = prev_word_start(t, i);
    out.push_back(i);
  }
  return out;
}

}  // namespace

TEST_CASE("words: which code points are word code points") {
  for (char32_t cp : {U'a', U'Z', U'0', U'9', U'_', U'é', U'ß', U'ª', U'가', U'힣', U'ㄱ', U'\u1100', U'\u11A8', U'漢',
                      U'か', U'カ', U'ー', U'Ａ', U'\u0301', U'\U00020000'}) {
    CAPTURE(uint32_t(cp));
    CHECK(is_word_code_point(cp));
  }
  for (char32_t cp : {U' ', U'\t', U'\n', U',', U'-', U'.', U'(', U'\u00A0', U'«', U'×', U'\u2014', U'\u201C', U'\u200D',
                      U'\u3000', U'。', U'「', U'・', U'，', U'！', U'［', U'｛', U'→', U'★', U'\uFE0F', U'\uFFFD',
                      U'\U0001F600', U'\U0001F1F0', U'\U0001F3FB'}) {
    CAPTURE(uint32_t(cp));
    CHECK_FALSE(is_word_code_point(cp));
  }
}

TEST_CASE("words: Ctrl+Right and Ctrl+Left over mixed English and Korean") {
  // Hello 0..5, ", " 5..7, 세상아 7..16, "! " 16..18, foo_bar 18..25, ' ', 42 26..28
  const std::string t = "Hello, 세상아! foo_bar 42";
  REQUIRE(t.size() == 28);
  CHECK(right_stops(t) == std::vector<size_t>{5, 16, 25, 28});
  CHECK(left_stops(t) == std::vector<size_t>{26, 18, 7, 0});
  CHECK(next_word_end(t, 5) == 16);
  CHECK(next_word_end(t, 7) == 16);
  CHECK(next_word_end(t, 10) == 16);  // from inside the word: to its end
  CHECK(prev_word_start(t, 13) == 7);
  CHECK(prev_word_start(t, 16) == 7);
  CHECK(prev_word_start(t, 18) == 7);
  CHECK(next_word_end(t, 28) == 28);
  CHECK(prev_word_start(t, 0) == 0);
}

TEST_CASE("words: Korean sentence, the particle stays with its word") {
  // 사과를 0..9, ' ', 먹었다 10..19, '.' 19
  const std::string t = "사과를 먹었다.";
  CHECK(right_stops(t) == std::vector<size_t>{9, 19, 20});
  CHECK(left_stops(t) == std::vector<size_t>{10, 0});
}

TEST_CASE("words: a line break is a stop of its own") {
  // foo 0..3, ',' 3, ' ' 4, '\n' 5, "  " 6..8, bar 8..11
  const std::string t = "foo, \n  bar";
  CHECK(right_stops(t) == std::vector<size_t>{3, 5, 6, 11});
  CHECK(left_stops(t) == std::vector<size_t>{8, 6, 5, 0});

  // "\r\n" is stepped over as one break.
  const std::string crlf = "ab\r\ncd";
  CHECK(right_stops(crlf) == std::vector<size_t>{2, 4, 6});
  CHECK(left_stops(crlf) == std::vector<size_t>{4, 2, 0});

  // Blank lines: each break stops once.
  const std::string blank = "a\n\nb";
  CHECK(right_stops(blank) == std::vector<size_t>{1, 2, 3, 4});
  CHECK(left_stops(blank) == std::vector<size_t>{3, 2, 1, 0});
}

TEST_CASE("words: emoji and punctuation are skipped like spaces") {
  // hi 0..2, ' ', 😀 3..7, ' ', there 8..13
  const std::string t = "hi \xF0\x9F\x98\x80 there";
  CHECK(right_stops(t) == std::vector<size_t>{2, 13});
  CHECK(left_stops(t) == std::vector<size_t>{8, 0});

  // Full-width and CJK punctuation split words; kana and Han do not.
  const std::string cjk = "「東京」へ、行く。";  // 「 0..3, 東京 3..9, 」 9..12, へ 12..15, 、 15..18, 行く 18..24, 。24..27
  CHECK(right_stops(cjk) == std::vector<size_t>{9, 15, 24, 27});
  CHECK(left_stops(cjk) == std::vector<size_t>{18, 12, 3, 0});
}

TEST_CASE("words: offsets inside a character, past the end, and ill-formed bytes") {
  const std::string t = "세상 abc";  // 세 0..3, 상 3..6
  CHECK(next_word_end(t, 1) == 6);   // 1 is inside 세: treated as 0
  CHECK(prev_word_start(t, 5) == 0);  // 5 is inside 상: treated as 3
  CHECK(next_word_end(t, 999) == t.size());
  CHECK(prev_word_start(t, 999) == 7);
  CHECK(word_at(t, 999) == Range{10, 10});
  CHECK(line_at(t, 999) == Range{0, 10});

  // FF and FE are one U+FFFD each: non-word.
  const std::string bad = "ab\xFF\xFE" "cd";
  CHECK(right_stops(bad) == std::vector<size_t>{2, 6});
  CHECK(left_stops(bad) == std::vector<size_t>{4, 0});
  CHECK(word_at(bad, 2) == Range{2, 3});
  CHECK(word_at(bad, 5) == Range{4, 6});

  // A truncated sequence (E1 80) is one U+FFFD of two bytes.
  const std::string cut = "a\xE1\x80";
  CHECK(next_word_end(cut, 1) == 3);
  CHECK(prev_word_start(cut, 3) == 0);
  CHECK(word_at(cut, 2) == Range{1, 3});
}

TEST_CASE("words: double-click ranges") {
  const std::string t = "사과를 먹었다.";
  CHECK(word_at(t, 0) == Range{0, 9});
  CHECK(word_at(t, 3) == Range{0, 9});
  CHECK(word_at(t, 4) == Range{0, 9});  // inside 과
  CHECK(word_at(t, 9) == Range{9, 10});
  CHECK(word_at(t, 12) == Range{10, 19});
  CHECK(word_at(t, 19) == Range{19, 20});
  CHECK(word_at(t, 20) == Range{20, 20});

  CHECK(word_at("하루에 ", 0) == Range{0, 9});
  CHECK(word_at("하루에 ", 6) == Range{0, 9});
  CHECK(word_at("하루에 ", 9) == Range{9, 10});

  CHECK(word_at("API를 써요", 4) == Range{0, 6});  // a Latin word with a Korean particle
  CHECK(word_at("foo_bar42 x", 2) == Range{0, 9});
  CHECK(word_at("a  \t b", 2) == Range{1, 5});   // spaces and tabs together
  CHECK(word_at("foo(bar)", 3) == Range{3, 4});  // one punctuation mark
  CHECK(word_at("foo(bar)", 5) == Range{4, 7});
  CHECK(word_at("...", 1) == Range{1, 2});

  // A ZWJ emoji sequence is one cluster: 👨‍👩‍👧 is 4+3+4+3+4 bytes.
  const std::string family = "x\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7y";
  CHECK(word_at(family, 1) == Range{1, 19});
  CHECK(word_at(family, 0) == Range{0, 1});
  CHECK(word_at(family, 19) == Range{19, 20});

  // Line breaks give an empty range.
  CHECK(word_at("ab\ncd", 2) == Range{2, 2});
  CHECK(word_at("ab\r\ncd", 2) == Range{2, 2});
  CHECK(word_at("ab\ncd", 3) == Range{3, 5});
  CHECK(word_at("", 0) == Range{0, 0});
}

TEST_CASE("words: triple-click selects the source line") {
  const std::string t = "one\ntwo\nthree";  // one\n 0..4, two\n 4..8, three 8..13
  CHECK(line_at(t, 0) == Range{0, 4});
  CHECK(line_at(t, 3) == Range{0, 4});  // on the '\n': the line it ends
  CHECK(line_at(t, 4) == Range{4, 8});
  CHECK(line_at(t, 10) == Range{8, 13});
  CHECK(line_at(t, 13) == Range{8, 13});

  CHECK(line_at("a\n", 1) == Range{0, 2});
  CHECK(line_at("a\n", 2) == Range{2, 2});  // the empty line after the last break
  CHECK(line_at("\n\n", 1) == Range{1, 2});
  CHECK(line_at("", 0) == Range{0, 0});
  CHECK(line_at("첫 줄\r\n둘째", 2) == Range{0, 9});
}

TEST_CASE("words: random bytes give boundaries in range and always make progress") {
  std::mt19937 rng(12345);
  const char pool[] = {'a', 'Z', '_', '1', ' ', '\t', '\n', '\r', ',', '\x80', '\xBF', '\xC3', '\xA9', '\xE1',
                       '\xEA', '\xB0', '\x80', '\xF0', '\x9F', '\x98', '\xFF', '\xED', '\xA0'};
  for (int round = 0; round < 300; round++) {
    std::string t;
    const size_t len = rng() % 40;
    for (size_t k = 0; k < len; k++) t += pool[rng() % sizeof(pool)];
    for (size_t i = 0; i <= t.size() + 2; i++) {
      CAPTURE(t);
      CAPTURE(i);
      const size_t r = next_word_end(t, i);
      const size_t l = prev_word_start(t, i);
      const size_t at = floor_code_point(t, i);
      CHECK(is_code_point_boundary(t, r));
      CHECK(is_code_point_boundary(t, l));
      if (at < t.size()) CHECK(r > at);
      if (i > 0 && at > 0) CHECK(l < at);
      CHECK(r <= t.size());
      const Range w = word_at(t, i);
      CHECK(w.first <= w.second);
      CHECK(w.second <= t.size());
      CHECK(is_code_point_boundary(t, w.first));
      CHECK(is_code_point_boundary(t, w.second));
      const Range line = line_at(t, i);
      CHECK(line.first <= std::min(i, t.size()));
      CHECK(line.second <= t.size());
    }
  }
}
