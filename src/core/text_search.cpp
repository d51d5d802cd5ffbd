// Sheaf core: find and replace in the source editor (see text_search.h).
#include "core/text_search.h"

#include <algorithm>
#include <exception>
#include <functional>
#include <optional>
#include <regex>

#include "core/unicode.h"
#include "core/words.h"

namespace sheaf {

namespace {

constexpr size_t npos = std::string_view::npos;

// Queries at least this long use Boyer-Moore: string_view::find costs up to
// query length per position, which only matters for long queries.
[[maybe_unused]] constexpr size_t kBoyerMooreFrom = 8;  // unused where the library has no Boyer-Moore (wasm)

bool word_cp_at(std::string_view t, size_t i) {
  size_t k = i;
  return is_word_code_point(decode_utf8(t, k));
}

bool word_before(std::string_view t, size_t b) { return b > 0 && word_cp_at(t, prev_code_point(t, b)); }
bool word_after(std::string_view t, size_t e) { return e < t.size() && word_cp_at(t, e); }

bool on_boundaries(std::string_view t, size_t b, size_t e) {
  return is_code_point_boundary(t, b) && is_code_point_boundary(t, e);
}

// Where to look next after a rejected match starting at b (b may be inside a
// character).
size_t step_past(std::string_view t, size_t b) { return next_code_point(t, floor_code_point(t, b)); }

// fn(begin, end, match) is called for each match, match being null in plain
// mode; it returns false to stop the scan.
using MatchFn = std::function<bool(size_t, size_t, const std::cmatch*)>;

void scan_plain(std::string_view text, std::string_view query, const TextSearchOptions& o, const MatchFn& fn) {
  std::string folded_text, folded_query;
  std::string_view hay = text, needle = query;
  if (!o.match_case) {
    folded_text = fold(text);
    folded_query = fold(query);
    hay = folded_text;
    needle = folded_query;
  }
#if defined(__cpp_lib_boyer_moore_searcher)
  std::optional<std::boyer_moore_searcher<const char*>> bm;
  if (needle.size() >= kBoyerMooreFrom) bm.emplace(needle.data(), needle.data() + needle.size());
  const char* const end = hay.data() + hay.size();
  auto find_from = [&](size_t from) -> size_t {
    if (!bm) return hay.find(needle, from);
    const char* hit = (*bm)(hay.data() + from, end).first;
    return hit == end ? npos : size_t(hit - hay.data());
  };
#else
  // The wasm build's C++ library has no Boyer-Moore searcher.
  auto find_from = [&](size_t from) -> size_t { return hay.find(needle, from); };
#endif

  size_t from = 0;
  while (from + needle.size() <= hay.size()) {
    const size_t b = find_from(from);
    if (b == npos) return;
    const size_t e = b + needle.size();
    if (!on_boundaries(text, b, e)) {
      from = b + 1;
      continue;
    }
    if (o.whole_word && word_before(text, b)) {
      // Every start inside the word run from b has a word code point before
      // it too: skip the run, which keeps repetitive text linear.
      size_t r = b;
      while (r < text.size() && word_cp_at(text, r)) r = next_code_point(text, r);
      from = r > b ? r : step_past(text, b);
      continue;
    }
    if (o.whole_word && word_after(text, e)) {
      from = step_past(text, b);
      continue;
    }
    if (!fn(b, e, nullptr)) return;
    from = e;
  }
}

struct Compiled {
  std::regex re;
  size_t max_line = kRegexMaxLine;
};

std::string regex_message(std::regex_constants::error_type code) {
  namespace rc = std::regex_constants;
  const char* what = "invalid pattern";
  switch (code) {
    case rc::error_collate: what = "invalid collating element name"; break;
    case rc::error_ctype: what = "invalid character class name"; break;
    case rc::error_escape: what = "invalid escape or trailing backslash"; break;
    case rc::error_backref: what = "back-reference to a group that does not exist"; break;
    case rc::error_brack: what = "unmatched [ or ]"; break;
    case rc::error_paren: what = "unmatched ( or )"; break;
    case rc::error_brace: what = "unmatched { or }"; break;
    case rc::error_badbrace: what = "invalid count in { }"; break;
    case rc::error_range: what = "invalid character range, such as [z-a]"; break;
    case rc::error_space: what = "too large to compile"; break;
    case rc::error_badrepeat: what = "*, +, ? or { } with nothing to repeat"; break;
    case rc::error_complexity: what = "too complex to match"; break;
    case rc::error_stack: what = "too complex to match (out of stack)"; break;
    default: break;
  }
  return std::string("regular expression: ") + what;
}

// Compiles `pattern` into c; returns an error message, empty on success.
std::string compile(std::string_view pattern, bool icase, Compiled& c) {
  if (pattern.size() > kRegexMaxPattern) return "regular expression: longer than 4096 bytes";
  // One pass for what the parser and matcher cannot take safely: deep
  // nesting (the parser recurses) and back-references (no breadth-first mode).
  // The same pass names what std::regex lacks, whose own errors would be
  // misleading there ("\\p{L}" reads as a bad count, "(?<=" as a bad group).
  size_t depth = 0, max_depth = 0;
  bool backref = false, in_class = false;
  char prev = '|';  // what came before: '|' and '(' mean nothing to repeat yet
  for (size_t i = 0; i < pattern.size(); i++) {
    const char ch = pattern[i];
    if (ch == '\\') {
      const char next = i + 1 < pattern.size() ? pattern[i + 1] : 0;
      if ((next == 'p' || next == 'P') && i + 2 < pattern.size() && pattern[i + 2] == '{') {
        return "regular expression: Unicode classes \\p{...} are not supported";
      }
      if (!in_class && next >= '1' && next <= '9') backref = true;
      i++;
      prev = 'x';
      continue;
    }
    if (in_class) {
      in_class = ch != ']';
    } else if (ch == '[') {
      in_class = true;
    } else if (ch == '(') {
      if (pattern.substr(i, 3) == "(?<") return "regular expression: lookbehind and named groups are not supported";
      max_depth = std::max(max_depth, ++depth);
    } else if (ch == ')' && depth > 0) {
      depth--;
    } else if ((ch == '*' || ch == '+' || (ch == '?' && prev != '(')) && (prev == '|' || prev == '(')) {
      return "regular expression: *, + or ? with nothing to repeat";
    }
    prev = ch;
  }
  if (max_depth > kRegexMaxDepth) return "regular expression: groups nested more than 100 deep";

  auto flags = std::regex::ECMAScript;
  if (icase) flags |= std::regex::icase;
  if (backref) {
    c.max_line = kRegexMaxLineBackref;
  } else {
#if defined(__GLIBCXX__)
    flags |= std::regex_constants::__polynomial;  // stack use independent of the line's length
#endif
  }
  try {
    c.re.assign(pattern.data(), pattern.size(), flags);
  } catch (const std::regex_error& e) {
    return regex_message(e.code());
  } catch (const std::exception& e) {
    return std::string("regular expression: ") + e.what();
  }
  return {};
}

// The end of the line's content: before its "\n" or "\r\n".
size_t content_end(std::string_view text, size_t line_end) {
  if (line_end < text.size() && line_end > 0 && text[line_end - 1] == '\r') return line_end - 1;
  return line_end;
}

// The matches in text[ls, ce), one line's content.
bool scan_line(std::string_view text, size_t ls, size_t ce, const Compiled& c, bool whole_word, const MatchFn& fn) {
  const char* base = text.data();
  std::cmatch m;
  size_t pos = ls;
  while (pos < ce) {
    auto flags = std::regex_constants::match_not_null;
    if (pos > ls) flags |= std::regex_constants::match_prev_avail;  // so ^ and \b see the byte before
    if (!std::regex_search(base + pos, base + ce, m, c.re, flags)) return true;
    const size_t b = pos + size_t(m.position(0)), e = b + size_t(m.length(0));
    if (e == b || !on_boundaries(text, b, e) ||
        (whole_word && (word_before(text, b) || word_after(text, e)))) {
      pos = step_past(text, b);
      continue;
    }
    if (!fn(b, e, &m)) return false;
    pos = e;
  }
  return true;
}

void scan_regex(std::string_view text, const Compiled& c, bool whole_word, bool& truncated, const MatchFn& fn) {
  size_t ls = 0;
  for (;;) {
    const size_t nl = text.find('\n', ls);
    const size_t le = nl == npos ? text.size() : nl;
    const size_t ce = content_end(text, le);
    if (ce - ls > c.max_line) {
      truncated = true;
    } else if (!scan_line(text, ls, ce, c, whole_word, fn)) {
      return;
    }
    if (nl == npos) return;
    ls = nl + 1;
  }
}

void expand(std::string& out, std::string_view rep, const std::cmatch& m) {
  const size_t groups = m.size() - 1;
  auto digit = [&](size_t k) { return k < rep.size() && rep[k] >= '0' && rep[k] <= '9'; };
  auto group = [&](size_t g) {
    if (m[g].matched) out.append(m[g].first, m[g].second);
  };
  for (size_t i = 0; i < rep.size(); i++) {
    const char ch = rep[i];
    if (ch != '$' || i + 1 == rep.size()) {
      out += ch;
    } else if (rep[i + 1] == '$') {
      out += '$';
      i++;
    } else if (rep[i + 1] == '&') {
      group(0);
      i++;
    } else if (digit(i + 1)) {
      // ECMAScript: two digits when they name a group, else one.
      const size_t one = size_t(rep[i + 1] - '0');
      const size_t two = digit(i + 2) ? one * 10 + size_t(rep[i + 2] - '0') : 0;
      if (two >= 1 && two <= groups) {
        group(two);
        i += 2;
      } else if (one >= 1 && one <= groups) {
        group(one);
        i++;
      } else {
        out += ch;
      }
    } else {
      out += ch;
    }
  }
}

// Runs the scan for either mode; returns an error message, empty on success.
std::string scan(std::string_view text, std::string_view query, const TextSearchOptions& o, bool& truncated,
                 const MatchFn& fn) {
  if (!o.regex) {
    scan_plain(text, query, o, fn);
    return {};
  }
  Compiled c;
  std::string error = compile(query, !o.match_case, c);
  if (!error.empty()) return error;
  try {
    scan_regex(text, c, o.whole_word, truncated, fn);
  } catch (const std::regex_error& e) {
    return regex_message(e.code());
  } catch (const std::exception& e) {
    return std::string("regular expression: ") + e.what();
  }
  return {};
}

ReplaceResult failed(std::string error) {
  ReplaceResult r;
  r.error = std::move(error);
  return r;
}

}  // namespace

SearchResult find_all(std::string_view text, std::string_view query, const TextSearchOptions& o, size_t max_matches) {
  SearchResult r;
  if (query.empty()) return r;
  r.error = scan(text, query, o, r.truncated, [&](size_t b, size_t e, const std::cmatch*) {
    if (r.matches.size() >= max_matches) {
      r.truncated = true;
      return false;
    }
    r.matches.push_back({b, e});
    return true;
  });
  if (!r.error.empty()) {
    r.matches.clear();
    r.truncated = false;
  }
  return r;
}

ReplaceResult replace_all(std::string_view text, std::string_view query, std::string_view replacement,
                          const TextSearchOptions& o) {
  ReplaceResult r;
  if (query.empty()) return r;
  std::string out;
  size_t first = 0, last = 0, count = 0;
  bool truncated = false;
  std::string error = scan(text, query, o, truncated, [&](size_t b, size_t e, const std::cmatch* m) {
    if (count == 0) {
      first = b;
    } else {
      out.append(text.substr(last, b - last));
    }
    if (m) {
      expand(out, replacement, *m);
    } else {
      out.append(replacement);
    }
    last = e;
    count++;
    return true;
  });
  if (!error.empty()) return failed(std::move(error));
  if (count == 0) return r;
  r.begin = first;
  r.end = last;
  r.text = std::move(out);
  r.count = count;
  return r;
}

ReplaceResult replace_one(std::string_view text, SearchMatch m, std::string_view query, std::string_view replacement,
                          const TextSearchOptions& o) {
  static const char* const kGone = "the match is no longer in the text";
  if (query.empty()) return failed("nothing to find");
  if (m.begin >= m.end || m.end > text.size() || !on_boundaries(text, m.begin, m.end)) return failed(kGone);
  if (o.whole_word && (word_before(text, m.begin) || word_after(text, m.end))) return failed(kGone);

  ReplaceResult r;
  r.begin = m.begin;
  r.end = m.end;
  r.count = 1;
  const std::string_view found = text.substr(m.begin, m.end - m.begin);
  if (!o.regex) {
    if (o.match_case ? found != query : fold(found) != fold(query)) return failed(kGone);
    r.text = std::string(replacement);
    return r;
  }

  Compiled c;
  std::string error = compile(query, !o.match_case, c);
  if (!error.empty()) return failed(std::move(error));
  const size_t nl_before = m.begin == 0 ? npos : text.rfind('\n', m.begin - 1);
  const size_t ls = nl_before == npos ? 0 : nl_before + 1;
  const size_t nl = text.find('\n', m.begin);
  const size_t ce = content_end(text, nl == npos ? text.size() : nl);
  if (m.end > ce) return failed(kGone);
  if (ce - ls > c.max_line) return failed("regular expression: the line is too long to search");
  try {
    auto flags = std::regex_constants::match_not_null | std::regex_constants::match_continuous;
    if (m.begin > ls) flags |= std::regex_constants::match_prev_avail;
    std::cmatch mr;
    if (!std::regex_search(text.data() + m.begin, text.data() + ce, mr, c.re, flags) ||
        size_t(mr.length(0)) != m.end - m.begin) {
      return failed(kGone);
    }
    expand(r.text, replacement, mr);
  } catch (const std::regex_error& e) {
    return failed(regex_message(e.code()));
  } catch (const std::exception& e) {
    return failed(std::string("regular expression: ") + e.what());
  }
  return r;
}

}  // namespace sheaf
