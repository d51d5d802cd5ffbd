// Sheaf core: find and replace in the source editor.
//
// Offsets are bytes into the UTF-8 source. Every match begins and ends on a
// code point boundary (matches that would split a character are dropped), is
// non-empty, and matches come in order without overlapping.
//
// Plain mode finds the query as it is; without match_case both sides go
// through sheaf::fold (ASCII and Latin-1 letters), which keeps byte lengths,
// so offsets in the folded copy are offsets in the text. A plain query may
// span line breaks.
//
// whole_word (both modes): a match counts only when the code point before it
// and the one after it are not word code points (core/words.h). With no
// dictionary, a Korean word includes its particles: "사과" is a whole word in
// "사과 를" but not in "사과를".
//
// Regex mode uses std::regex with the ECMAScript grammar, case-insensitive
// without match_case (for ASCII letters only: icase knows nothing of UTF-8).
// The pattern is applied to one source line at a time, without its "\n" or
// "\r\n": no match spans a line break, and ^ and $ are the line's start and
// end. What std::regex does not do, so users should not expect it:
//   - no lookbehind (?<=...) (?<!...), no named groups (?<name>...), no \p{...}
//     Unicode classes, no flags such as (?i) or /s;
//   - it works on bytes: '.' matches one byte, so a Hangul syllable is three
//     '.'s and [가-힣] is not a range of syllables; \w, \b and \s know ASCII
//     only. To match Korean text use the literal text or [^ ]+;
//   - with libstdc++ an alternation picks its longest alternative ("cat|category"
//     finds "category"): see below.
// Limits, all reported instead of crashing:
//   - lines longer than kRegexMaxLine bytes are not searched; `truncated` is
//     set when a line was skipped for that (as when max_matches is reached);
//   - patterns longer than kRegexMaxPattern bytes or nesting groups deeper
//     than kRegexMaxDepth give an error (the pattern parser recurses);
//   - with libstdc++, whose matcher otherwise recurses once per character
//     matched and overflows the stack on lines of some ten thousand bytes, a
//     pattern is run in its breadth-first mode: stack use no longer grows with
//     the line, but alternation becomes leftmost-longest. A pattern with a
//     back-reference (\1) cannot run that way and gets the ordinary matcher
//     with lines capped at kRegexMaxLineBackref bytes;
//   - the time is not bounded: a pattern such as a.*z on a long line with no
//     match is quadratic in the line's length (a second for 4 KB of "aaa...",
//     four for 8 KB); ordinary text with ordinary patterns is fast.
// Replacement text in regex mode expands $1..$99 (a group that took no part
// is empty), $& (the whole match) and $$ (a '$'); anything else, $` and $'
// included, is literal. Plain mode inserts the replacement as it is.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sheaf {

constexpr size_t kRegexMaxLine = 64 * 1024;
constexpr size_t kRegexMaxLineBackref = 2 * 1024;
constexpr size_t kRegexMaxPattern = 4 * 1024;
constexpr size_t kRegexMaxDepth = 100;

struct TextSearchOptions {
  bool match_case = false, whole_word = false, regex = false;
};

struct SearchMatch {
  size_t begin = 0, end = 0;
};

struct SearchResult {
  std::vector<SearchMatch> matches;  // in order, non-overlapping, non-empty
  std::string error;                 // a bad regular expression: its message, matches empty
  bool truncated = false;            // stopped at max_matches, or a line too long for regex mode
};

// Every match of `query` in `text`, at most max_matches of them. An empty
// query gives no matches and no error.
SearchResult find_all(std::string_view text, std::string_view query, const TextSearchOptions& o,
                      size_t max_matches = 100000);

// One replacement covering all matches, so replace-all is one undo step:
// text[begin, end) becomes `text`, which holds the replaced matches and the
// unchanged bytes between them. `count` is how many matches were replaced.
// With no match: count 0, begin == end == 0, text empty. On a bad pattern:
// the same, with `error` set.
struct ReplaceResult {
  size_t begin = 0, end = 0;
  std::string text;
  size_t count = 0;
  std::string error;
};
ReplaceResult replace_all(std::string_view text, std::string_view query, std::string_view replacement,
                          const TextSearchOptions& o);

// Replaces only the match m (which the caller got from find_all): begin and
// end are m's, count is 1. The match is checked against the text first; when
// the text no longer matches there (it was edited since), count is 0 and
// `error` says so. Regex mode expands $1, $& and $$ for that match.
ReplaceResult replace_one(std::string_view text, SearchMatch m, std::string_view query,
                          std::string_view replacement, const TextSearchOptions& o);

}  // namespace sheaf
