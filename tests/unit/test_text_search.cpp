// Find and replace (core/text_search.h): plain and regex modes over Korean,
// English and mixed text, case folding, whole words, replacement groups,
// bad and empty-matching patterns, limits and ill-formed UTF-8.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "core/text_search.h"
#include "core/unicode.h"
#include "core/words.h"

using namespace sheaf;

namespace {

using Spans = std::vector<std::pair<size_t, size_t>>;

Spans spans(const SearchResult& r) {
  Spans out;
  for (const SearchMatch& m : r.matches) out.push_back({m.begin, m.end});
  return out;
}

Spans find(std::string_view text, std::string_view query, TextSearchOptions o = {}) {
  const SearchResult r = find_all(text, query, o);
  CHECK(r.error.empty());
  return spans(r);
}

TextSearchOptions opts(bool match_case, bool whole_word, bool regex) {
  TextSearchOptions o;
  o.match_case = match_case;
  o.whole_word = whole_word;
  o.regex = regex;
  return o;
}

const TextSearchOptions kPlain = opts(false, false, false);
const TextSearchOptions kCase = opts(true, false, false);
const TextSearchOptions kWhole = opts(false, true, false);
const TextSearchOptions kRegex = opts(false, false, true);
const TextSearchOptions kRegexCase = opts(true, false, true);

// The text with r applied.
std::string apply(std::string_view text, const ReplaceResult& r) {
  std::string out(text.substr(0, r.begin));
  out += r.text;
  out += text.substr(r.end);
  return out;
}

// The obvious, slow way: try every code point boundary from the left.
Spans naive_find(std::string_view text, std::string_view query, const TextSearchOptions& o) {
  Spans out;
  const std::string t = o.match_case ? std::string(text) : fold(text);
  const std::string q = o.match_case ? std::string(query) : fold(query);
  if (q.empty()) return out;
  for (size_t p = 0; p + q.size() <= t.size();) {
    bool hit = t.compare(p, q.size(), q) == 0;
    if (hit && o.whole_word) {
      size_t k = p;
      if (p > 0) {
        k = prev_code_point(text, p);
        if (is_word_code_point(decode_utf8(text, k))) hit = false;
      }
      k = p + q.size();
      if (k < text.size() && is_word_code_point(decode_utf8(text, k))) hit = false;
    }
    if (hit) {
      out.push_back({p, p + q.size()});
      p += q.size();
    } else {
      p = next_code_point(text, p);
    }
  }
  return out;
}

std::string naive_replace(std::string_view text, const Spans& found, std::string_view rep) {
  std::string out;
  size_t last = 0;
  for (auto [b, e] : found) {
    out += text.substr(last, b - last);
    out += rep;
    last = e;
  }
  out += text.substr(last);
  return out;
}

}  // namespace

TEST_CASE("text_search: plain English, case folded and exact") {
  const std::string t = "The cat sat. THE END. the";
  CHECK(find(t, "the", kPlain) == Spans{{0, 3}, {13, 16}, {22, 25}});
  CHECK(find(t, "THE", kPlain) == Spans{{0, 3}, {13, 16}, {22, 25}});
  CHECK(find(t, "the", kCase) == Spans{{22, 25}});
  CHECK(find(t, "The", kCase) == Spans{{0, 3}});
  CHECK(find(t, "dog", kPlain).empty());
  CHECK(find("aaaa", "aa", kPlain) == Spans{{0, 2}, {2, 4}});  // non-overlapping, from the left

  // Latin-1 capitals fold too (É is C3 89, é is C3 A9; same length).
  const std::string names = "Émile émile ÉMILE";
  CHECK(find(names, "émile", kPlain) == Spans{{0, 6}, {7, 13}, {14, 20}});
  CHECK(find(names, "ÉMILE", kPlain) == Spans{{0, 6}, {7, 13}, {14, 20}});
  CHECK(find(names, "émile", kCase) == Spans{{7, 13}});
}

TEST_CASE("text_search: Korean and mixed text, whole words") {
  // 사과를 0..9, 먹고 10..16, 사과 17..23, 를 24..27, 샀다 28..34
  const std::string t = "사과를 먹고 사과 를 샀다";
  CHECK(find(t, "사과", kPlain) == Spans{{0, 6}, {17, 23}});
  CHECK(find(t, "사과", kWhole) == Spans{{17, 23}});
  CHECK(find(t, "사과를", kWhole) == Spans{{0, 9}});
  CHECK(find(t, "과", kWhole).empty());

  const std::string words = "cat concat cat_ cat.";
  CHECK(find(words, "cat", kPlain) == Spans{{0, 3}, {7, 10}, {11, 14}, {16, 19}});
  CHECK(find(words, "cat", kWhole) == Spans{{0, 3}, {16, 19}});
  CHECK(find(words, "CAT", opts(true, true, false)).empty());

  // A Latin word with a Korean particle is one word.
  CHECK(find("API를 API, api", "api", kWhole) == Spans{{7, 10}, {12, 15}});
  // Punctuation and emoji are not word characters.
  CHECK(find("(사과)\xF0\x9F\x8D\x8E사과", "사과", kWhole) == Spans{{1, 7}, {12, 18}});
  // A query that starts or ends with a space is still judged by its neighbours.
  CHECK(find("a b", " b", kWhole).empty());
  CHECK(find("a  b", " b", kWhole) == Spans{{2, 4}});
  CHECK(find("a, b", " b", kWhole) == Spans{{2, 4}});
}

TEST_CASE("text_search: plain mode is fast on repetitive text") {
  // Each of these is quadratic when done naively (a million positions times
  // a long query, or a whole-word retry at each of them).
  const std::string as(1000000, 'a');
  CHECK(find(as, std::string(1000, 'a') + "b", kPlain).empty());
  const std::string t = as + " aaa";
  CHECK(find(t, "aaa", kWhole) == Spans{{1000001, 1000004}});
  CHECK(find(t, std::string(500, 'a'), kWhole).empty());
}

TEST_CASE("text_search: plain mode agrees with a naive search on random text") {
  std::mt19937 rng(7);
  const std::vector<std::string> pool = {"a", "A", "b", "가", "나", " ", "\n", "_", "É", "é", ","};
  for (int round = 0; round < 400; round++) {
    std::string text, query;
    for (size_t k = rng() % 30; k > 0; k--) text += pool[rng() % pool.size()];
    for (size_t k = 1 + rng() % 3; k > 0; k--) query += pool[rng() % pool.size()];
    const TextSearchOptions o = opts(rng() % 2, rng() % 2, false);
    CAPTURE(text);
    CAPTURE(query);
    CAPTURE(o.match_case);
    CAPTURE(o.whole_word);
    const Spans want = naive_find(text, query, o);
    CHECK(find(text, query, o) == want);

    // Replace-all's single range applied gives the naive replacement.
    const ReplaceResult r = replace_all(text, query, "<>", o);
    CHECK(r.error.empty());
    CHECK(r.count == want.size());
    CHECK(apply(text, r) == naive_replace(text, want, "<>"));
    if (!want.empty()) {
      CHECK(r.begin == want.front().first);
      CHECK(r.end == want.back().second);
    }
  }
}

TEST_CASE("text_search: replace_all is one range over all the matches") {
  const std::string t = "사과를 먹고 사과 를 샀다";
  const ReplaceResult r = replace_all(t, "사과", "배", kPlain);
  CHECK(r.error.empty());
  CHECK(r.count == 2);
  CHECK(r.begin == 0);
  CHECK(r.end == 23);
  CHECK(r.text == "배를 먹고 배");
  CHECK(apply(t, r) == "배를 먹고 배 를 샀다");

  const ReplaceResult whole = replace_all(t, "사과", "배", kWhole);
  CHECK(whole.count == 1);
  CHECK(whole.begin == 17);
  CHECK(whole.end == 23);
  CHECK(whole.text == "배");
  CHECK(apply(t, whole) == "사과를 먹고 배 를 샀다");

  // Plain replacement text is literal, '$' included.
  const ReplaceResult lit = replace_all("a cost", "cost", "$1 $&", kPlain);
  CHECK(apply("a cost", lit) == "a $1 $&");

  const ReplaceResult none = replace_all(t, "포도", "배", kPlain);
  CHECK(none.error.empty());
  CHECK(none.count == 0);
  CHECK(none.begin == 0);
  CHECK(none.end == 0);
  CHECK(none.text.empty());
}

TEST_CASE("text_search: regex groups and $1 in replace_all and replace_one") {
  const std::string t = "2024-01-15 and 1999-12-31";
  const std::string date = "(\\d{4})-(\\d\\d)-(\\d\\d)";
  const SearchResult found = find_all(t, date, kRegex);
  CHECK(found.error.empty());
  CHECK(spans(found) == Spans{{0, 10}, {15, 25}});

  const ReplaceResult all = replace_all(t, date, "$3/$2/$1", kRegex);
  CHECK(all.error.empty());
  CHECK(all.count == 2);
  CHECK(all.begin == 0);
  CHECK(all.end == 25);
  CHECK(all.text == "15/01/2024 and 31/12/1999");

  const ReplaceResult one = replace_one(t, found.matches[1], date, "$3.$2.$1", kRegex);
  CHECK(one.error.empty());
  CHECK(one.count == 1);
  CHECK(one.begin == 15);
  CHECK(one.end == 25);
  CHECK(one.text == "31.12.1999");
  CHECK(apply(t, one) == "2024-01-15 and 31.12.1999");

  // $& is the match, $$ a dollar sign, $10 with one group is $1 then '0',
  // a group that took no part is empty, and $9 with no such group is literal.
  CHECK(apply("price 5", replace_all("price 5", "\\d+", "$$$&.00", kRegex)) == "price $5.00");
  CHECK(apply("xay", replace_all("xay", "(a)", "$10", kRegex)) == "xa0y");
  CHECK(apply("b", replace_all("b", "(a)|(b)", "[$1|$2]", kRegex)) == "[|b]");
  CHECK(apply("a", replace_all("a", "(a)", "$9$", kRegex)) == "$9$");

  // Korean words through groups: swap the two words of each line.
  const std::string ko = "사과 배\n하루 에";
  const ReplaceResult swap = replace_all(ko, "^([^ ]+) ([^ ]+)$", "$2 $1", kRegex);
  CHECK(swap.count == 2);
  CHECK(apply(ko, swap) == "배 사과\n에 하루");
}

TEST_CASE("text_search: regex works line by line") {
  // foo bar\n 0..8, bar foo\r\n 8..17, foo 17..20
  const std::string t = "foo bar\nbar foo\r\nfoo";
  CHECK(find(t, "^foo", kRegex) == Spans{{0, 3}, {17, 20}});
  CHECK(find(t, "foo$", kRegex) == Spans{{12, 15}, {17, 20}});  // $ before "\r\n" too
  CHECK(find(t, "bar$", kRegex) == Spans{{4, 7}});
  CHECK(find(t, "^.*$", kRegex) == Spans{{0, 7}, {8, 15}, {17, 20}});
  CHECK(find(t, "r\\s+b", kRegex).empty());  // no match across a line break
  CHECK(find(t, "r\nb", kPlain) == Spans{{6, 9}});  // plain mode may span lines
  CHECK(find(t, "\\bfoo\\b", kRegex) == Spans{{0, 3}, {12, 15}, {17, 20}});
  CHECK(find("foofoo", "^foo", kRegex) == Spans{{0, 3}});  // ^ is not where the last match ended

  // Case: icase unless match_case.
  CHECK(find("Foo FOO foo", "foo", kRegex) == Spans{{0, 3}, {4, 7}, {8, 11}});
  CHECK(find("Foo FOO foo", "foo", kRegexCase) == Spans{{8, 11}});
  // Whole word applies to regex matches too.
  CHECK(find("사과를 사과", "사과", opts(false, true, true)) == Spans{{10, 16}});
  CHECK(find("cat concat", "\\w*cat", opts(false, true, true)) == Spans{{0, 3}, {4, 10}});
}

TEST_CASE("text_search: regex over UTF-8 works on bytes but never splits a character") {
  const std::string t = "하루에 사과를";  // 하루에 0..9, 사과를 10..19
  CHECK(find(t, "[^ ]+", kRegex) == Spans{{0, 9}, {10, 19}});
  CHECK(find(t, "사과", kRegex) == Spans{{10, 16}});
  CHECK(find("가나", ".", kRegex).empty());                   // one byte of a syllable
  CHECK(find("가나", "...", kRegex) == Spans{{0, 3}, {3, 6}});  // three bytes: a syllable
  CHECK(find("가a", "..", kRegex).empty());
}

TEST_CASE("text_search: bad regular expressions give an error, not a crash") {
  const std::string t = "abc (abc) [abc]";
  for (const char* p : {"(abc", "abc)", "[abc", "a{2,1}", "a{2", "a\\", "[z-a]", "(a)\\2", "*a", "a|+b", "(?<=a)b",
                        "(?<!a)b", "(?<name>a)", "\\p{L}", "\\P{Hangul}"}) {
    CAPTURE(p);
    const SearchResult r = find_all(t, p, kRegex);
    CHECK(r.matches.empty());
    CHECK_FALSE(r.truncated);
    CHECK(r.error.rfind("regular expression: ", 0) == 0);
    const ReplaceResult all = replace_all(t, p, "x", kRegex);
    CHECK(all.count == 0);
    CHECK(all.text.empty());
    CHECK(all.error == r.error);
    CHECK_FALSE(replace_one(t, {0, 3}, p, "x", kRegex).error.empty());
  }
  CHECK(find_all(t, "(abc", kRegex).error == "regular expression: unmatched ( or )");
  CHECK(find_all(t, "[abc", kRegex).error == "regular expression: unmatched [ or ]");
  CHECK(find_all(t, "(?<=a)b", kRegex).error == "regular expression: lookbehind and named groups are not supported");
  CHECK(find_all(t, "\\p{L}", kRegex).error == "regular expression: Unicode classes \\p{...} are not supported");
  CHECK(find_all(t, "*a", kRegex).error == "regular expression: *, + or ? with nothing to repeat");

  // Patterns the parser would recurse too deeply on.
  CHECK(find_all(t, std::string(200, '(') + "a" + std::string(200, ')'), kRegex).error ==
        "regular expression: groups nested more than 100 deep");
  CHECK(find_all(t, std::string(5000, 'a'), kRegex).error == "regular expression: longer than 4096 bytes");
  CHECK(find(t, std::string(50, '(') + "a" + std::string(50, ')'), kRegex) == Spans{{0, 1}, {5, 6}, {11, 12}});

  // The same characters are fine in plain mode.
  CHECK(find(t, "(abc", kPlain) == Spans{{4, 8}});
  CHECK(find(t, "[abc", kPlain) == Spans{{10, 14}});
}

TEST_CASE("text_search: patterns that can match empty text terminate and skip empty matches") {
  CHECK(find("baaab", "a*", kRegex) == Spans{{1, 4}});
  CHECK(find("aaa", "a*?", kRegex) == Spans{{0, 1}, {1, 2}, {2, 3}});
  CHECK(find("abc\ndef", "x*", kRegex).empty());
  for (const char* p : {"^", "$", "^$", "\\b", "(?:)", "()", "(?=a)", "a{0}", "|"}) {
    CAPTURE(p);
    const SearchResult r = find_all("abc\n\naaa\nb", p, kRegex);
    CHECK(r.error.empty());
    CHECK(r.matches.empty());
    CHECK(replace_all("abc", p, "x", kRegex).count == 0);
  }
  CHECK(find("ab", "a|", kRegex) == Spans{{0, 1}});
  CHECK(find("", "a*", kRegex).empty());
  CHECK(find("\n\n\n", "^.*$", kRegex).empty());
}

TEST_CASE("text_search: an empty query finds nothing") {
  for (const TextSearchOptions& o : {kPlain, kCase, kWhole, kRegex}) {
    const SearchResult r = find_all("abc", "", o);
    CHECK(r.matches.empty());
    CHECK(r.error.empty());
    CHECK_FALSE(r.truncated);
    const ReplaceResult all = replace_all("abc", "", "x", o);
    CHECK(all.count == 0);
    CHECK(all.error.empty());
  }
}

TEST_CASE("text_search: max_matches truncates") {
  SearchResult r = find_all("aaaa", "a", kPlain, 2);
  CHECK(spans(r) == Spans{{0, 1}, {1, 2}});
  CHECK(r.truncated);
  r = find_all("aaaa", "a", kPlain, 4);
  CHECK(r.matches.size() == 4);
  CHECK_FALSE(r.truncated);
  r = find_all("aaaa", "a", kPlain, 0);
  CHECK(r.matches.empty());
  CHECK(r.truncated);
  r = find_all("a\na\na\na", "^a$", kRegex, 3);
  CHECK(spans(r) == Spans{{0, 1}, {2, 3}, {4, 5}});
  CHECK(r.truncated);
}

TEST_CASE("text_search: long lines in regex mode") {
  // A line over the limit is skipped and reported; the others are searched.
  const std::string longline = std::string(kRegexMaxLine + 10, 'x') + "foo\nfoo";
  SearchResult r = find_all(longline, "foo", kRegex);
  CHECK(spans(r) == Spans{{kRegexMaxLine + 14, kRegexMaxLine + 17}});
  CHECK(r.truncated);
  CHECK(find_all(longline, "foo", kPlain).matches.size() == 2);  // plain mode has no such limit
  CHECK_FALSE(find_all(longline, "foo", kPlain).truncated);

  // Just under the limit, a pattern that recurses per character in the
  // ordinary matcher (and would overflow the stack) runs fine.
  std::string ab;
  for (size_t i = 0; i + 1 < kRegexMaxLine; i += 2) ab += "ab";
  r = find_all(ab + "\nc", "(a|b)+", kRegex);
  CHECK(spans(r) == Spans{{0, ab.size()}});
  CHECK_FALSE(r.truncated);
  const ReplaceResult one = replace_one(ab, {0, ab.size()}, "(a|b)+", "[$1]", kRegex);
  CHECK(one.error.empty());
  CHECK(one.text == "[b]");

  // Back-references need the ordinary matcher: their lines are capped lower.
  CHECK(find("xaay", "(a)\\1", kRegex) == Spans{{1, 3}});
  r = find_all(std::string(kRegexMaxLineBackref + 1, 'a') + "\nbb", "(b)\\1", kRegex);
  CHECK(spans(r) == Spans{{kRegexMaxLineBackref + 2, kRegexMaxLineBackref + 4}});
  CHECK(r.truncated);
}

TEST_CASE("text_search: replace_one checks the match is still there") {
  const std::string t = "Cat cat";
  const SearchResult r = find_all(t, "cat", kPlain);
  REQUIRE(r.matches.size() == 2);
  ReplaceResult one = replace_one(t, r.matches[0], "cat", "dog", kPlain);
  CHECK(one.error.empty());
  CHECK(one.count == 1);
  CHECK(apply(t, one) == "dog cat");

  // Stale or bad ranges.
  CHECK(replace_one("Cow cat", r.matches[0], "cat", "dog", kPlain).count == 0);
  CHECK(replace_one("Cow cat", r.matches[0], "cat", "dog", kPlain).error == "the match is no longer in the text");
  CHECK(replace_one(t, r.matches[0], "cat", "dog", kCase).count == 0);
  CHECK(replace_one(t, {5, 99}, "cat", "dog", kPlain).count == 0);
  CHECK(replace_one(t, {3, 3}, "cat", "dog", kPlain).count == 0);
  CHECK(replace_one("사과를", {0, 6}, "사과", "배", kWhole).count == 0);
  CHECK(replace_one("사과를", {1, 7}, "사과", "배", kPlain).count == 0);  // not on character boundaries
  CHECK(apply("사과 를", replace_one("사과 를", {0, 6}, "사과", "배", kWhole)) == "배 를");

  // Regex: the match must still be exactly there, with its groups.
  CHECK(replace_one("ab12", {2, 4}, "\\d+", "#", kRegex).text == "#");
  CHECK(replace_one("ab12", {2, 3}, "\\d+", "#", kRegex).count == 0);  // the pattern now matches more
  CHECK(replace_one("ab12", {1, 3}, "\\d+", "#", kRegex).count == 0);
  CHECK(replace_one("ab\n12", {1, 4}, "b\\n1", "#", kRegex).count == 0);  // never across a line
  CHECK(replace_one("x foo", {2, 5}, "^foo", "#", kRegex).count == 0);  // ^ sees the byte before
  CHECK(replace_one("x\nfoo", {2, 5}, "^foo", "#", kRegex).text == "#");
}

TEST_CASE("text_search: ill-formed UTF-8 does not crash and matches stay on boundaries") {
  const std::string bad = "\xFF\xFE" "ab\xC3(\xE1\x80" "AB\xED\xA0\x80" "ab";
  const std::vector<std::string> queries = {"ab", "AB", "\x80", "\xC3", "\xA0\x80", "(", ".", "[^ ]+", "a|\\xFF", "b*"};
  for (const std::string& q : queries) {
    for (const TextSearchOptions& o : {kPlain, kCase, kWhole, kRegex, kRegexCase}) {
      CAPTURE(q);
      const SearchResult r = find_all(bad, q, o);
      size_t last = 0;
      for (const SearchMatch& m : r.matches) {
        CHECK(m.begin >= last);
        CHECK(m.begin < m.end);
        CHECK(m.end <= bad.size());
        CHECK(is_code_point_boundary(bad, m.begin));
        CHECK(is_code_point_boundary(bad, m.end));
        last = m.end;
      }
      // Each match replaced by itself ($&, or the query in exact plain mode) round-trips.
      const bool exact = o.regex || o.match_case;
      const ReplaceResult all = replace_all(bad, q, o.regex ? std::string_view("$&") : std::string_view(q), o);
      CHECK(all.count == r.matches.size());
      if (exact) CHECK(apply(bad, all) == bad);
    }
  }
  // FF 0, FE 1, ab 2..4, C3 4, ( 5, E1 80 6..8, AB 8..10, ED A0 80 10..13, ab 13..15
  CHECK(find(bad, "ab", kPlain) == Spans{{2, 4}, {8, 10}, {13, 15}});
  CHECK(find(bad, "ab", kCase) == Spans{{2, 4}, {13, 15}});
  CHECK(find(bad, "ab", kRegex) == Spans{{2, 4}, {8, 10}, {13, 15}});
  CHECK(find(bad, "(", kPlain) == Spans{{5, 6}});
  CHECK(find("가", "\x80", kPlain).empty());  // the last byte of 가 alone is not a match
  CHECK(find("가", "\xB0\x80", kRegex).empty());
}
