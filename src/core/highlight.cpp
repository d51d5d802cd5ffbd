// Sheaf core: syntax highlighting of code blocks.
//
// Every tokenizer walks the bytes once with an index that only moves
// forward; a look-ahead (the rest of a line, the spaces before a '(') is
// either consumed by the token it decides or bounded by the next token, so
// the whole pass is linear. Bytes >= 0x80 count as identifier characters:
// a run of them is never cut, so spans never split a UTF-8 sequence, valid
// or not.
//
// [SECTION] Languages and classes
// [SECTION] Helpers
// [SECTION] C-like languages
// [SECTION] Shell and console
// [SECTION] JSON, YAML, TOML
// [SECTION] HTML/XML and CSS
// [SECTION] Diff and Markdown
// [SECTION] Entry point and stylesheet
#include "core/highlight.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <string>

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Languages and classes
//-----------------------------------------------------------------------------

HlLang hl_language(std::string_view word) {
  char low[16];
  if (word.empty() || word.size() >= sizeof low) return HlLang::Plain;
  for (size_t i = 0; i < word.size(); i++) {
    char c = word[i];
    low[i] = c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
  }
  const std::string_view w(low, word.size());
  static const struct {
    const char* name;
    HlLang lang;
  } kAliases[] = {
      {"python", HlLang::Python}, {"py", HlLang::Python}, {"python3", HlLang::Python},
      {"shell", HlLang::Shell}, {"sh", HlLang::Shell}, {"bash", HlLang::Shell}, {"zsh", HlLang::Shell},
      {"console", HlLang::Console}, {"shell-session", HlLang::Console},
      {"c", HlLang::C}, {"h", HlLang::C}, {"cpp", HlLang::C}, {"c++", HlLang::C}, {"cc", HlLang::C},
      {"hpp", HlLang::C}, {"cxx", HlLang::C},
      {"java", HlLang::Java},
      {"javascript", HlLang::JavaScript}, {"js", HlLang::JavaScript}, {"jsx", HlLang::JavaScript},
      {"typescript", HlLang::JavaScript}, {"ts", HlLang::JavaScript}, {"tsx", HlLang::JavaScript},
      {"mjs", HlLang::JavaScript},
      {"json", HlLang::Json}, {"jsonc", HlLang::Json},
      {"yaml", HlLang::Yaml}, {"yml", HlLang::Yaml},
      {"toml", HlLang::Toml},
      {"html", HlLang::Html}, {"xml", HlLang::Html}, {"svg", HlLang::Html}, {"xhtml", HlLang::Html},
      {"css", HlLang::Css}, {"scss", HlLang::Css},
      {"sql", HlLang::Sql},
      {"go", HlLang::Go}, {"golang", HlLang::Go},
      {"rust", HlLang::Rust}, {"rs", HlLang::Rust},
      {"diff", HlLang::Diff}, {"patch", HlLang::Diff},
      {"markdown", HlLang::Markdown}, {"md", HlLang::Markdown},
  };
  for (const auto& a : kAliases)
    if (w == a.name) return a.lang;
  return HlLang::Plain;
}

const char* hl_language_name(HlLang l) {
  static const char* const kNames[] = {"plain", "python", "shell", "console", "c", "java", "javascript", "json", "yaml",
                                       "toml", "html", "css", "sql", "go", "rust", "diff", "markdown"};
  static_assert(sizeof kNames / sizeof kNames[0] == size_t(HlLang::Count), "one name per language");
  return size_t(l) < size_t(HlLang::Count) ? kNames[size_t(l)] : "plain";
}

const char* hl_class_css(HlClass c) {
  static const char* const kNames[] = {"", "kw", "ty", "str", "num", "com", "fn", "op", "meta", "add", "del", "hdr", "tag", "attr"};
  static_assert(sizeof kNames / sizeof kNames[0] == size_t(HlClass::Count), "one name per class");
  return size_t(c) < size_t(HlClass::Count) ? kNames[size_t(c)] : "";
}

//-----------------------------------------------------------------------------
// [SECTION] Helpers
//-----------------------------------------------------------------------------

namespace {

using C = HlClass;

inline bool is_digit(uint8_t c) { return c >= '0' && c <= '9'; }
inline bool is_alpha(uint8_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_ident_start(uint8_t c) { return is_alpha(c) || c == '_' || c >= 0x80; }
inline bool is_ident(uint8_t c) { return is_ident_start(c) || is_digit(c); }
inline bool is_blank(uint8_t c) { return c == ' ' || c == '\t' || c == '\r'; }

struct Out {
  std::vector<HlSpan>& v;
  void add(size_t b, size_t e, C c) {
    if (e <= b || c == C::Plain) return;
    if (!v.empty() && v.back().cls == c && size_t(v.back().begin) + v.back().len == b) {
      v.back().len += uint32_t(e - b);
      return;
    }
    v.push_back({uint32_t(b), uint32_t(e - b), c});
  }
};

// A set of words, made once from a space-separated list and searched by
// binary search. `fold` lowercases the words (SQL).
struct Words {
  std::vector<std::string_view> w;
  Words() = default;
  explicit Words(const char* list) {
    for (const char* p = list; *p;) {
      while (*p == ' ') p++;
      const char* b = p;
      while (*p && *p != ' ') p++;
      if (p > b) w.emplace_back(b, size_t(p - b));
    }
    std::sort(w.begin(), w.end());
  }
  bool has(std::string_view x) const { return !x.empty() && x.size() <= 24 && std::binary_search(w.begin(), w.end(), x); }
};

inline bool starts(std::string_view s, size_t i, std::string_view p) { return s.compare(i, p.size(), p) == 0; }

inline size_t line_end(std::string_view s, size_t i) {
  size_t e = s.find('\n', i);
  return e == std::string_view::npos ? s.size() : e;
}

inline size_t skip_blanks(std::string_view s, size_t i, size_t end) {
  while (i < end && is_blank(uint8_t(s[i]))) i++;
  return i;
}

inline size_t ident_end(std::string_view s, size_t i, size_t end) {
  while (i < end && is_ident(uint8_t(s[i]))) i++;
  return i;
}

// A quoted string from the quote at i: backslash escapes; stops after the
// closing quote, or at a newline when `multiline` is false.
size_t quoted_end(std::string_view s, size_t i, size_t end, char q, bool escapes, bool multiline) {
  size_t j = i + 1;
  while (j < end) {
    const char c = s[j];
    if (c == '\\' && escapes) {
      j += 2;
    } else if (c == q) {
      return j + 1;
    } else if (c == '\n' && !multiline) {
      return j;
    } else {
      j++;
    }
  }
  return end;
}

// Number: 0x.., digits with '_' or '\'' separators, a fraction, an exponent, a suffix.
size_t number_end(std::string_view s, size_t i, size_t end) {
  size_t j = i;
  bool hex = j + 1 < end && s[j] == '0' && (s[j + 1] == 'x' || s[j + 1] == 'X');
  if (hex) j += 2;
  bool dot = false;
  while (j < end) {
    const uint8_t c = uint8_t(s[j]);
    if (is_digit(c) || is_alpha(c) || c == '_') {
      j++;
    } else if (c == '\'' && j + 1 < end && is_digit(uint8_t(s[j + 1]))) {
      j++;
    } else if (c == '.' && !dot && j + 1 < end && is_digit(uint8_t(s[j + 1]))) {
      dot = true;
      j++;
    } else if ((c == '+' || c == '-') && !hex && (s[j - 1] == 'e' || s[j - 1] == 'E') && j + 1 < end &&
               is_digit(uint8_t(s[j + 1]))) {
      j++;
    } else {
      break;
    }
  }
  return j;
}

inline bool is_op(uint8_t c) { return std::strchr("+-*/%=<>!&|^~", c) != nullptr && c != 0; }

//-----------------------------------------------------------------------------
// [SECTION] C-like languages
//-----------------------------------------------------------------------------

struct CDef {
  const char* keywords;
  const char* types;
  const char* line_comment;  // "//", "#", "--" or nullptr
  bool block_comment = true;
  bool nested_comments = false;  // Rust
  bool preproc = false;          // C: a '#' line is a directive
  bool decorators = false;       // '@name' (Python, Java, TypeScript)
  bool triple = false;           // """ strings (Python also '''; Java text blocks)
  bool backtick = false;         // ` strings across lines (JavaScript templates, Go raw strings)
  bool char_quote = false;       // ' is a character literal (C, Java, Go, Rust)
  bool upper_types = false;      // Capitalized identifiers are types
  bool fold = false;             // keywords ignore case (SQL)
  bool rust = false;             // raw strings, lifetimes, macros!, #[attributes]
  bool py = false;               // string prefixes r"" f"" b"", ''' strings
  bool cpp_raw = false;          // R"delim( ... )delim"
};

const CDef& cdef(HlLang l) {
  static const CDef kPython{
      "and as assert async await break class continue def del elif else except finally for from global if import in "
      "is lambda match nonlocal not or pass raise return try while with yield case True False None",
      "int str float bool list dict set tuple bytes object complex frozenset bytearray",
      "#", false, false, false, true, true, false, false, false, false, false, true, false};
  static const CDef kC{
      "alignas alignof asm auto break case catch class const consteval constexpr constinit const_cast continue "
      "co_await co_return co_yield decltype default delete do dynamic_cast else enum explicit export extern for "
      "friend goto if inline mutable namespace new noexcept operator private protected public register "
      "reinterpret_cast requires return sizeof static static_assert static_cast struct switch template this "
      "thread_local throw try typedef typeid typename union using virtual volatile while override final true false "
      "nullptr NULL",
      "int char float double void long short unsigned signed bool size_t ssize_t ptrdiff_t wchar_t char8_t char16_t "
      "char32_t int8_t int16_t int32_t int64_t uint8_t uint16_t uint32_t uint64_t intptr_t uintptr_t std string "
      "vector map",
      "//", true, false, true, false, false, false, true, false, false, false, false, true};
  static const CDef kJava{
      "abstract assert break case catch class const continue default do else enum extends final finally for goto if "
      "implements import instanceof interface native new package private protected public return static strictfp "
      "super switch synchronized this throw throws transient try var void volatile while yield record sealed permits "
      "true false null",
      "boolean byte char short int long float double String Object Integer Long Double Boolean List Map",
      "//", true, false, false, true, true, false, true, true, false, false, false, false};
  static const CDef kJs{
      "async await break case catch class const continue debugger default delete do else export extends finally for "
      "from function get if import in instanceof let new of return set static super switch this throw try typeof var "
      "void while with yield as implements interface package private protected public readonly enum type declare "
      "namespace abstract keyof satisfies true false null undefined NaN Infinity",
      "string number boolean any unknown never object bigint symbol",
      "//", true, false, false, true, false, true, false, false, false, false, false, false};
  static const CDef kGo{
      "break case chan const continue default defer else fallthrough for func go goto if import interface map "
      "package range return select struct switch type var true false nil iota",
      "bool byte complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune string uint uint8 uint16 "
      "uint32 uint64 uintptr any",
      "//", true, false, false, false, false, true, true, false, false, false, false, false};
  static const CDef kRust{
      "as async await break const continue crate dyn else enum extern fn for if impl in let loop match mod move mut "
      "pub ref return self Self static struct super trait type unsafe use where while true false",
      "i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize f32 f64 bool char str",
      "//", true, true, false, false, false, false, true, true, false, true, false, false};
  static const CDef kSql{
      "select from where and or not insert into values update set delete create table drop alter add column index "
      "primary key foreign references join left right inner outer full cross on as group by order having limit "
      "offset union all distinct case when then else end is null like in between exists default unique check "
      "constraint view with returning begin commit rollback transaction if true false asc desc",
      "int integer bigint smallint text varchar char boolean date timestamp float real numeric decimal serial blob",
      "--", true, false, false, false, false, false, false, false, true, false, false, false};
  switch (l) {
    case HlLang::Python: return kPython;
    case HlLang::Java: return kJava;
    case HlLang::JavaScript: return kJs;
    case HlLang::Go: return kGo;
    case HlLang::Rust: return kRust;
    case HlLang::Sql: return kSql;
    default: return kC;
  }
}

struct CSets {
  Words kw, ty;
};

const CSets& csets(HlLang l) {
  static const CSets kSets[] = {
      {Words(cdef(HlLang::Python).keywords), Words(cdef(HlLang::Python).types)},
      {Words(cdef(HlLang::C).keywords), Words(cdef(HlLang::C).types)},
      {Words(cdef(HlLang::Java).keywords), Words(cdef(HlLang::Java).types)},
      {Words(cdef(HlLang::JavaScript).keywords), Words(cdef(HlLang::JavaScript).types)},
      {Words(cdef(HlLang::Go).keywords), Words(cdef(HlLang::Go).types)},
      {Words(cdef(HlLang::Rust).keywords), Words(cdef(HlLang::Rust).types)},
      {Words(cdef(HlLang::Sql).keywords), Words(cdef(HlLang::Sql).types)},
  };
  switch (l) {
    case HlLang::Python: return kSets[0];
    case HlLang::Java: return kSets[2];
    case HlLang::JavaScript: return kSets[3];
    case HlLang::Go: return kSets[4];
    case HlLang::Rust: return kSets[5];
    case HlLang::Sql: return kSets[6];
    default: return kSets[1];
  }
}

// A block comment from "/*" at i; Rust's nest.
size_t block_comment_end(std::string_view s, size_t i, size_t end, bool nested) {
  size_t j = i + 2;
  int depth = 1;
  while (j < end) {
    if (s[j] == '*' && j + 1 < end && s[j + 1] == '/') {
      j += 2;
      if (--depth == 0) return j;
    } else if (nested && s[j] == '/' && j + 1 < end && s[j + 1] == '*') {
      j += 2;
      depth++;
    } else {
      j++;
    }
  }
  return end;
}

// A string that opens at i with `q` (after any prefix): triple quotes when
// allowed, else one quote that ends at the line.
size_t string_end(std::string_view s, size_t i, size_t end, char q, bool triple, bool raw) {
  if (triple && i + 2 < end && s[i + 1] == q && s[i + 2] == q) {
    size_t j = i + 3;
    while (j < end) {
      if (s[j] == '\\' && !raw) {
        j += 2;
      } else if (s[j] == q && j + 2 < end && s[j + 1] == q && s[j + 2] == q) {
        return j + 3;
      } else {
        j++;
      }
    }
    return end;
  }
  return quoted_end(s, i, end, q, !raw, false);
}

void highlight_c(HlLang lang, std::string_view s, Out& o) {
  const CDef& d = cdef(lang);
  const CSets& sets = csets(lang);
  const size_t n = s.size();
  const std::string_view lc = d.line_comment ? std::string_view(d.line_comment) : std::string_view();
  bool line_start = true;
  int expect = 0;  // 1: the next identifier names a function, 2: a type
  size_t i = 0;
  while (i < n) {
    const uint8_t c = uint8_t(s[i]);
    if (c == '\n') {
      line_start = true;
      i++;
      continue;
    }
    if (is_blank(c)) {
      i++;
      continue;
    }
    const bool at_line_start = line_start;
    line_start = false;
    if (!lc.empty() && starts(s, i, lc)) {
      const size_t e = line_end(s, i);
      o.add(i, e, C::Comment);
      i = e;
      continue;
    }
    if (d.block_comment && c == '/' && i + 1 < n && s[i + 1] == '*') {
      const size_t e = block_comment_end(s, i, n, d.nested_comments);
      o.add(i, e, C::Comment);
      i = e;
      continue;
    }
    if (d.preproc && c == '#' && at_line_start) {
      // A directive runs to the end of the line, and on past a trailing backslash.
      size_t e = line_end(s, i);
      while (e < n && e > i && (s[e - 1] == '\\' || (s[e - 1] == '\r' && e >= 2 && s[e - 2] == '\\'))) e = line_end(s, e + 1);
      o.add(i, e, C::Meta);
      i = e;
      continue;
    }
    if (d.rust && c == '#' && i + 1 < n && (s[i + 1] == '[' || (s[i + 1] == '!' && i + 2 < n && s[i + 2] == '['))) {
      const size_t le = line_end(s, i);
      size_t j = i + 1;
      int depth = 0;
      for (; j < le; j++) {
        if (s[j] == '[') depth++;
        if (s[j] == ']' && --depth == 0) {
          j++;
          break;
        }
      }
      o.add(i, j, C::Meta);
      i = j;
      continue;
    }
    if (c == '"' || (c == '\'' && !d.char_quote)) {
      const size_t e = string_end(s, i, n, char(c), d.triple && (c == '"' || d.py), false);
      o.add(i, e, C::String);
      i = e;
      expect = 0;
      continue;
    }
    if (c == '\'' && d.char_quote) {
      // Rust lifetimes ('a, 'static) are a quote and a name with no closing quote.
      const size_t ie = ident_end(s, i + 1, n);
      if (d.rust && ie > i + 1 && (ie >= n || s[ie] != '\'')) {
        o.add(i, ie, C::Meta);
        i = ie;
        continue;
      }
      const size_t e = quoted_end(s, i, n, '\'', true, false);
      o.add(i, e, C::String);
      i = e;
      continue;
    }
    if (c == '`' && d.backtick) {
      const size_t e = quoted_end(s, i, n, '`', lang == HlLang::JavaScript, true);
      o.add(i, e, C::String);
      i = e;
      continue;
    }
    if (is_digit(c) || (c == '.' && i + 1 < n && is_digit(uint8_t(s[i + 1])))) {
      const size_t e = number_end(s, i, n);
      o.add(i, e, C::Number);
      i = e;
      continue;
    }
    if (is_ident_start(c) || (c == '$' && lang == HlLang::JavaScript)) {
      const size_t e = ident_end(s, i + 1, n);
      const std::string_view w = s.substr(i, e - i);
      // String prefixes: r"..", f'..', b"..", rb"" (Python); r#".."#, b".." (Rust); R"(..)" u8"" L"" (C++).
      if (e < n && (s[e] == '"' || s[e] == '\'' || (d.rust && s[e] == '#'))) {
        if (d.py && w.size() <= 2 && w.find_first_not_of("rbfuRBFU") == std::string_view::npos) {
          const bool raw = w.find_first_of("rR") != std::string_view::npos;
          const size_t se = string_end(s, e, n, s[e], true, raw);
          o.add(i, se, C::String);
          i = se;
          continue;
        }
        if (d.rust && (w == "r" || w == "br" || w == "b") && (s[e] == '"' || s[e] == '#')) {
          size_t hashes = 0, j = e;
          while (j < n && s[j] == '#') hashes++, j++;
          if (j < n && s[j] == '"') {
            size_t se = n;
            if (hashes == 0 && w == "b") {
              se = quoted_end(s, j, n, '"', true, true);
            } else {
              for (size_t k = j + 1; k < n; k++) {
                if (s[k] != '"') continue;
                size_t h = 0;
                while (h < hashes && k + 1 + h < n && s[k + 1 + h] == '#') h++;
                if (h == hashes) {
                  se = k + 1 + h;
                  break;
                }
              }
            }
            o.add(i, se, C::String);
            i = se;
            continue;
          }
        }
        if (d.cpp_raw && s[e] == '"' && w.back() == 'R' && w.size() <= 3) {
          // R"delim( ... )delim": the delimiter is at most 16 characters.
          size_t open = e + 1;
          while (open < n && open - e <= 17 && s[open] != '(' && s[open] != '"' && s[open] != '\n') open++;
          if (open < n && s[open] == '(' && open - e <= 17) {
            const std::string_view delim = s.substr(e + 1, open - e - 1);
            size_t se = n;
            for (size_t k = s.find(')', open + 1); k != std::string_view::npos; k = s.find(')', k + 1)) {
              if (s.compare(k + 1, delim.size(), delim) == 0 && k + 1 + delim.size() < n && s[k + 1 + delim.size()] == '"') {
                se = k + 2 + delim.size();
                break;
              }
            }
            o.add(i, se, C::String);
            i = se;
            continue;
          }
        }
        if (d.cpp_raw && s[e] == '"' && (w == "L" || w == "u" || w == "U" || w == "u8")) {
          const size_t se = quoted_end(s, e, n, '"', true, false);
          o.add(i, se, C::String);
          i = se;
          continue;
        }
      }
      C cls = C::Plain;
      bool kw = false;
      if (d.fold) {
        char low[25];
        if (w.size() < sizeof low) {
          for (size_t k = 0; k < w.size(); k++) low[k] = char(std::tolower(uint8_t(w[k])));
          const std::string_view lw(low, w.size());
          if (sets.kw.has(lw)) cls = C::Keyword, kw = true;
          else if (sets.ty.has(lw)) cls = C::Type;
        }
      } else if (sets.kw.has(w)) {
        cls = C::Keyword;
        kw = true;
      } else if (sets.ty.has(w)) {
        cls = C::Type;
      }
      if (kw) {
        if (w == "def" || w == "fn" || w == "func" || w == "function") expect = 1;
        else if (w == "class" || w == "struct" || w == "enum" || w == "interface" || w == "trait" || w == "type" ||
                 w == "record")
          expect = 2;
        else expect = 0;
        o.add(i, e, cls);
        i = e;
        continue;
      }
      if (cls == C::Plain) {
        const size_t after = skip_blanks(s, e, n);
        if (expect == 1) cls = C::Name;
        else if (expect == 2) cls = C::Type;
        else if (d.rust && e < n && s[e] == '!') cls = C::Meta;
        else if (after < n && s[after] == '(') cls = C::Name;
        else if (d.upper_types && w[0] >= 'A' && w[0] <= 'Z') cls = C::Type;
      }
      expect = 0;
      o.add(i, e + (cls == C::Meta ? 1 : 0), cls);
      i = e + (cls == C::Meta ? 1 : 0);
      continue;
    }
    if (c == '@' && d.decorators && i + 1 < n && is_ident_start(uint8_t(s[i + 1]))) {
      size_t e = i + 1;
      while (e < n && (is_ident(uint8_t(s[e])) || (s[e] == '.' && e + 1 < n && is_ident_start(uint8_t(s[e + 1]))))) e++;
      o.add(i, e, C::Meta);
      i = e;
      continue;
    }
    if (is_op(c)) {
      size_t e = i + 1;
      // Stop before a comment opener: "x=//c" keeps its comment.
      while (e < n && is_op(uint8_t(s[e])) && !(s[e] == '/' && e + 1 < n && (s[e + 1] == '/' || s[e + 1] == '*'))) e++;
      o.add(i, e, C::Operator);
      i = e;
      continue;
    }
    i++;  // brackets, commas, dots and the rest: plain
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Shell and console
//-----------------------------------------------------------------------------

const Words& shell_words() {
  static const Words w(
      "if then else elif fi for while until do done case esac in function select time return exit local export "
      "declare readonly unset break continue source alias shift trap eval exec set");
  return w;
}

// Shell over s[begin, end): commands, words, quotes (across lines),
// $variables, comments, heredocs.
void highlight_shell(std::string_view s, size_t begin, size_t end, Out& o) {
  const Words& kw = shell_words();
  size_t i = begin;
  bool command = true;  // the next word is a command name
  std::string_view heredoc;  // delimiter of a heredoc opened on this line
  bool heredoc_tabs = false;
  auto variable_end = [&](size_t j) {  // j at '$'
    if (j + 1 >= end) return j + 1;
    const char c = s[j + 1];
    if (c == '{') {
      size_t k = j + 2;
      while (k < end && s[k] != '}' && s[k] != '\n') k++;
      return k < end && s[k] == '}' ? k + 1 : k;
    }
    if (is_ident_start(uint8_t(c))) return ident_end(s, j + 1, end);
    if (is_digit(uint8_t(c)) || std::strchr("@*#?$!-", c)) return j + 2;
    return j + 1;
  };
  while (i < end) {
    const uint8_t c = uint8_t(s[i]);
    if (c == '\n') {
      i++;
      command = true;
      if (!heredoc.empty()) {
        // The body runs to a line that is the delimiter alone.
        const size_t body = i;
        size_t j = i;
        while (j < end) {
          size_t le = std::min(line_end(s, j), end);
          size_t k = heredoc_tabs ? skip_blanks(s, j, le) : j;
          size_t te = le;
          if (te > k && s[te - 1] == '\r') te--;
          if (s.substr(k, te - k) == heredoc) {
            o.add(body, j, C::String);
            o.add(k, te, C::Meta);
            j = le;
            break;
          }
          j = le < end ? le + 1 : le;
          if (j >= end) o.add(body, end, C::String);
        }
        i = j;
        heredoc = {};
      }
      continue;
    }
    if (is_blank(c)) {
      i++;
      continue;
    }
    const bool word_start = i == begin || std::strchr(" \t\n;|&()", s[i - 1]) != nullptr;
    if (c == '#' && word_start) {
      const size_t e = std::min(line_end(s, i), end);
      o.add(i, e, C::Comment);
      i = e;
      continue;
    }
    if (c == '\'') {
      const size_t e = quoted_end(s, i, end, '\'', false, true);
      o.add(i, e, C::String);
      i = e;
      command = false;
      continue;
    }
    if (c == '"') {
      // Variables inside double quotes keep their own colour.
      size_t j = i + 1, from = i;
      while (j < end && s[j] != '"') {
        if (s[j] == '\\') {
          j += 2;
        } else if (s[j] == '$' && j + 1 < end && (is_ident_start(uint8_t(s[j + 1])) || s[j + 1] == '{')) {
          o.add(from, j, C::String);
          const size_t ve = variable_end(j);
          o.add(j, ve, C::Name);
          from = j = ve;
        } else {
          j++;
        }
      }
      j = std::min(j + 1, end);
      o.add(from, j, C::String);
      i = j;
      command = false;
      continue;
    }
    if (c == '$') {
      if (i + 1 < end && s[i + 1] == '(') {
        o.add(i, i + 2, C::Operator);
        i += 2;
        command = true;
        continue;
      }
      const size_t e = variable_end(i);
      o.add(i, e, C::Name);
      i = e;
      command = false;
      continue;
    }
    if (c == '<' && i + 1 < end && s[i + 1] == '<' && (i + 2 >= end || s[i + 2] != '<')) {
      size_t j = i + 2;
      heredoc_tabs = j < end && s[j] == '-';
      if (heredoc_tabs) j++;
      j = skip_blanks(s, j, end);
      char q = j < end && (s[j] == '\'' || s[j] == '"') ? s[j] : 0;
      size_t w0 = q ? j + 1 : j, w1 = w0;
      while (w1 < end && (is_ident(uint8_t(s[w1])) || s[w1] == '-') && s[w1] != q) w1++;
      if (w1 > w0) {
        heredoc = s.substr(w0, w1 - w0);
        const size_t e = q && w1 < end && s[w1] == q ? w1 + 1 : w1;
        o.add(i, i + 2 + (heredoc_tabs ? 1 : 0), C::Operator);
        o.add(w0 - (q ? 1 : 0), e, C::Meta);
        i = e;
        continue;
      }
    }
    if (std::strchr("|&;<>=()", c)) {
      size_t e = i + 1;
      while (e < end && std::strchr("|&;<>", s[e]) && s[e] != 0) e++;
      o.add(i, e, c == '=' || c == '(' || c == ')' ? C::Plain : C::Operator);
      if (c != '=' && c != '>' && c != '<') command = true;
      i = e;
      continue;
    }
    // A word: up to a blank or an operator.
    size_t e = i;
    while (e < end && !is_blank(uint8_t(s[e])) && !std::strchr("\n|&;<>()'\"$=", s[e])) e++;
    if (e == i) {
      i++;
      continue;
    }
    const std::string_view w = s.substr(i, e - i);
    if (e < end && s[e] == '=' && command) {
      o.add(i, e, C::Name);  // NAME=value
    } else if (word_start && kw.has(w)) {
      o.add(i, e, C::Keyword);
      // After these a command follows; after "exit", "for", "export" ... its arguments.
      command = w == "if" || w == "then" || w == "else" || w == "elif" || w == "do" || w == "while" || w == "until" ||
                w == "time";
      i = e;
      continue;
    } else if (command && word_start) {
      o.add(i, e, C::Name);
      command = false;
    } else if (word_start && w[0] == '-' && w.size() > 1) {
      o.add(i, e, C::Attribute);
    } else if (word_start && w.find_first_not_of("0123456789") == std::string_view::npos) {
      o.add(i, e, C::Number);
    }
    i = e;
  }
}

// Console: lines that start with "$ " or "# " are commands (continued by a
// trailing backslash); the rest is output and stays plain.
void highlight_console(std::string_view s, Out& o) {
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    size_t le = line_end(s, i);
    if (le - i >= 2 && (s[i] == '$' || s[i] == '#') && s[i + 1] == ' ') {
      while (le < n && le > i && (s[le - 1] == '\\' || (s[le - 1] == '\r' && s[le - 2] == '\\'))) le = line_end(s, le + 1);
      o.add(i, i + 1, C::Meta);
      highlight_shell(s, i + 2, le, o);
    }
    i = le + 1;
  }
}

//-----------------------------------------------------------------------------
// [SECTION] JSON, YAML, TOML
//-----------------------------------------------------------------------------

void highlight_json(std::string_view s, Out& o) {
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    const uint8_t c = uint8_t(s[i]);
    if (c == '"') {
      const size_t e = quoted_end(s, i, n, '"', true, false);
      size_t k = e;
      while (k < n && (is_blank(uint8_t(s[k])) || s[k] == '\n')) k++;
      o.add(i, e, k < n && s[k] == ':' ? C::Attribute : C::String);
      i = e;
    } else if (c == '/' && i + 1 < n && s[i + 1] == '/') {  // JSONC comments
      const size_t e = line_end(s, i);
      o.add(i, e, C::Comment);
      i = e;
    } else if (c == '/' && i + 1 < n && s[i + 1] == '*') {
      const size_t e = block_comment_end(s, i, n, false);
      o.add(i, e, C::Comment);
      i = e;
    } else if (is_digit(c) || (c == '-' && i + 1 < n && is_digit(uint8_t(s[i + 1])))) {
      const size_t e = number_end(s, i + (c == '-'), n);
      o.add(i, e, C::Number);
      i = e;
    } else if (is_ident_start(c)) {
      const size_t e = ident_end(s, i, n);
      const std::string_view w = s.substr(i, e - i);
      if (w == "true" || w == "false" || w == "null") o.add(i, e, C::Keyword);
      i = e;
    } else {
      i++;
    }
  }
}

// A YAML or TOML scalar word: number, boolean/null, or (YAML) a plain string.
C scalar_class(std::string_view w, bool yaml) {
  if (w.empty()) return C::Plain;
  static const Words kYamlWords("true false null yes no on off True False Null Yes No TRUE FALSE NULL ~");
  static const Words kTomlWords("true false");
  if ((yaml ? kYamlWords : kTomlWords).has(w)) return C::Keyword;
  size_t k = w[0] == '-' || w[0] == '+' ? 1 : 0;
  if (k < w.size() && (is_digit(uint8_t(w[k])) || (w[k] == '.' && k + 1 < w.size() && is_digit(uint8_t(w[k + 1]))))) {
    bool number = true;
    for (size_t j = k; j < w.size() && number; j++)
      number = is_digit(uint8_t(w[j])) || is_alpha(uint8_t(w[j])) || (w[j] && std::strchr("._:-+TZ ", w[j]));
    if (number) return C::Number;
  }
  if (w == "inf" || w == "nan" || w == ".inf" || w == ".nan") return C::Number;
  return yaml ? C::String : C::Plain;
}

void highlight_yaml(std::string_view s, Out& o) {
  const size_t n = s.size();
  size_t i = 0;
  int block_indent = -1;  // inside a | or > block scalar: the indent of its key
  while (i < n) {
    const size_t le = line_end(s, i);
    const size_t first = skip_blanks(s, i, le);
    const int indent = int(first - i);
    if (block_indent >= 0) {
      if (first == le || indent > block_indent) {
        o.add(first, le, C::String);
        i = le + 1;
        continue;
      }
      block_indent = -1;
    }
    size_t j = first;
    if (j == i && (starts(s, i, "---") || starts(s, i, "...")) && (i + 3 >= le || is_blank(uint8_t(s[i + 3])))) {
      o.add(i, i + 3, C::Meta);
      j = i + 3;
    }
    if (j < le && s[j] == '%') {  // a directive
      o.add(j, le, C::Meta);
      i = le + 1;
      continue;
    }
    while (j + 1 <= le && s[j] == '-' && (j + 1 == le || is_blank(uint8_t(s[j + 1])))) {
      o.add(j, j + 1, C::Operator);
      j = skip_blanks(s, j + 1, le);
    }
    // A key: text up to ": " or a final ':' (not inside quotes, not a comment).
    if (j < le && s[j] != '#') {
      size_t k = j;
      if (s[j] == '"' || s[j] == '\'') k = quoted_end(s, j, le, s[j], s[j] == '"', false);
      while (k < le && !(s[k] == ':' && (k + 1 == le || is_blank(uint8_t(s[k + 1])))) &&
             !(s[k] == '#' && k > j && is_blank(uint8_t(s[k - 1]))) && s[k] != '{' && s[k] != '[')
        k++;
      if (k < le && s[k] == ':' && k > j) {
        o.add(j, k, C::Attribute);
        o.add(k, k + 1, C::Operator);
        j = k + 1;
      }
    }
    // The value, to the end of the line (a quoted string may run on).
    size_t end_of = le;
    while (j < end_of) {
      const uint8_t c = uint8_t(s[j]);
      if (is_blank(c)) {
        j++;
      } else if (c == '#' && (j == 0 || is_blank(uint8_t(s[j - 1])) || j == first)) {
        o.add(j, end_of, C::Comment);
        j = end_of;
      } else if (c == '"' || c == '\'') {
        const size_t e = quoted_end(s, j, n, char(c), c == '"', true);
        o.add(j, e, C::String);
        j = e;
        if (e > end_of) end_of = line_end(s, e);
      } else if ((c == '|' || c == '>') && j > first) {
        size_t e = j + 1;
        while (e < end_of && (s[e] == '-' || s[e] == '+' || is_digit(uint8_t(s[e])))) e++;
        o.add(j, e, C::Operator);
        block_indent = indent;
        j = e;
      } else if (c == '&' || c == '*' || c == '!') {
        size_t e = j + 1;
        while (e < end_of && !is_blank(uint8_t(s[e])) && !std::strchr(",[]{}", s[e])) e++;
        o.add(j, e, C::Meta);
        j = e;
      } else if (std::strchr("[]{},", c)) {
        o.add(j, j + 1, C::Operator);
        j++;
      } else {
        // A plain scalar: up to " #", or (in a flow) a ',' ']' '}'.
        size_t e = j;
        while (e < end_of && !(s[e] == '#' && is_blank(uint8_t(s[e - 1]))) && !std::strchr(",[]{}", s[e])) e++;
        size_t t = e;
        while (t > j && is_blank(uint8_t(s[t - 1]))) t--;
        std::string_view w = s.substr(j, t - j);
        // A key inside a flow mapping ({a: 1}).
        size_t colon = w.find(": ");
        if (colon != std::string_view::npos) {
          o.add(j, j + colon, C::Attribute);
          o.add(j + colon, j + colon + 1, C::Operator);
          j = j + colon + 1;
          continue;
        }
        o.add(j, t, scalar_class(w, true));
        j = e;
      }
    }
    i = end_of + 1;
  }
}

void highlight_toml(std::string_view s, Out& o) {
  const size_t n = s.size();
  size_t i = 0;
  bool line_start = true;
  while (i < n) {
    const uint8_t c = uint8_t(s[i]);
    if (c == '\n') {
      line_start = true;
      i++;
      continue;
    }
    if (is_blank(c)) {
      i++;
      continue;
    }
    const bool at_start = line_start;
    line_start = false;
    if (c == '#') {
      const size_t e = line_end(s, i);
      o.add(i, e, C::Comment);
      i = e;
    } else if (c == '[' && at_start) {
      const size_t le = line_end(s, i);
      size_t e = i;
      while (e < le && s[e] != ']') e++;
      while (e < le && s[e] == ']') e++;
      o.add(i, e, C::Type);
      i = e;
    } else if (c == '"' || c == '\'') {
      const size_t e = string_end(s, i, n, char(c), true, c == '\'');
      size_t k = skip_blanks(s, e, n);
      o.add(i, e, k < n && s[k] == '=' ? C::Attribute : C::String);
      i = e;
    } else if (is_ident(c) || c == '-' || c == '+' || c == '.') {
      size_t e = i;
      while (e < n && (is_ident(uint8_t(s[e])) || std::strchr("-+.:", s[e]))) e++;
      // A date-time's space: 1979-05-27 07:32:00.
      if (e + 1 < n && s[e] == ' ' && is_digit(uint8_t(s[e + 1])) && e - i == 10 && s[i + 4] == '-') {
        e++;
        while (e < n && (is_ident(uint8_t(s[e])) || std::strchr("-+.:", s[e]))) e++;
      }
      const size_t k = skip_blanks(s, e, n);
      o.add(i, e, k < n && s[k] == '=' ? C::Attribute : scalar_class(s.substr(i, e - i), false));
      i = e;
    } else if (c == '=') {
      o.add(i, i + 1, C::Operator);
      i++;
    } else {
      i++;
    }
  }
}

//-----------------------------------------------------------------------------
// [SECTION] HTML/XML and CSS
//-----------------------------------------------------------------------------

size_t find_or_end(std::string_view s, size_t from, std::string_view what) {
  const size_t k = s.find(what, from);
  return k == std::string_view::npos ? s.size() : k + what.size();
}

void highlight_html(std::string_view s, Out& o) {
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    const uint8_t c = uint8_t(s[i]);
    if (c == '<') {
      if (starts(s, i, "<!--")) {
        const size_t e = find_or_end(s, i + 4, "-->");
        o.add(i, e, C::Comment);
        i = e;
        continue;
      }
      if (starts(s, i, "<![CDATA[")) {
        const size_t e = find_or_end(s, i + 9, "]]>");
        o.add(i, e, C::String);
        i = e;
        continue;
      }
      if (i + 1 < n && (s[i + 1] == '!' || s[i + 1] == '?')) {
        const size_t e = find_or_end(s, i + 2, ">");
        o.add(i, e, C::Meta);
        i = e;
        continue;
      }
      size_t j = i + 1;
      if (j < n && s[j] == '/') j++;
      if (j < n && is_ident_start(uint8_t(s[j]))) {
        while (j < n && (is_ident(uint8_t(s[j])) || s[j] == '-' || s[j] == ':' || s[j] == '.')) j++;
        o.add(i, j, C::Tag);
        // Attributes up to the closing '>' (across lines).
        while (j < n && s[j] != '>') {
          const uint8_t a = uint8_t(s[j]);
          if (a == '"' || a == '\'') {
            const size_t e = quoted_end(s, j, n, char(a), false, true);
            o.add(j, e, C::String);
            j = e;
          } else if (a == '/' && j + 1 < n && s[j + 1] == '>') {
            break;
          } else if (is_ident_start(a) || a == '@' || a == ':') {
            size_t e = j + 1;
            while (e < n && (is_ident(uint8_t(s[e])) || s[e] == '-' || s[e] == ':' || s[e] == '.')) e++;
            o.add(j, e, C::Attribute);
            j = e;
          } else if (a == '=') {
            o.add(j, j + 1, C::Operator);
            j++;
          } else if (a == '<') {
            break;  // a broken tag: start again at the next '<'
          } else {
            j++;
          }
        }
        if (j < n && s[j] == '/') {
          o.add(j, j + 2, C::Tag);
          j += 2;
        } else if (j < n && s[j] == '>') {
          o.add(j, j + 1, C::Tag);
          j++;
        }
        i = j;
        continue;
      }
      i++;
      continue;
    }
    if (c == '&') {
      size_t e = i + 1;
      while (e < n && e - i < 32 && (is_ident(uint8_t(s[e])) || s[e] == '#')) e++;
      if (e < n && s[e] == ';' && e > i + 1) {
        o.add(i, e + 1, C::Meta);
        i = e + 1;
        continue;
      }
    }
    i++;
  }
}

void highlight_css(std::string_view s, Out& o) {
  const size_t n = s.size();
  size_t i = 0;
  int depth = 0;
  bool value = false;      // after "property:" up to ';' or a brace
  bool stmt_start = true;  // a property may start here
  while (i < n) {
    const uint8_t c = uint8_t(s[i]);
    if (is_blank(c) || c == '\n') {
      i++;
      continue;
    }
    const bool at_stmt = stmt_start;
    stmt_start = false;
    if (c == '/' && i + 1 < n && s[i + 1] == '*') {
      const size_t e = block_comment_end(s, i, n, false);
      o.add(i, e, C::Comment);
      i = e;
      stmt_start = at_stmt;
      continue;
    }
    if (c == '/' && i + 1 < n && s[i + 1] == '/' && (i == 0 || is_blank(uint8_t(s[i - 1])) || s[i - 1] == '\n')) {
      const size_t e = line_end(s, i);  // SCSS line comment
      o.add(i, e, C::Comment);
      i = e;
      stmt_start = at_stmt;
      continue;
    }
    if (c == '"' || c == '\'') {
      const size_t e = quoted_end(s, i, n, char(c), true, false);
      o.add(i, e, C::String);
      i = e;
      continue;
    }
    if (c == '{' || c == '}' || c == ';') {
      depth = c == '{' ? depth + 1 : c == '}' ? std::max(0, depth - 1) : depth;
      value = false;
      stmt_start = true;
      i++;
      continue;
    }
    if (c == '@') {
      const size_t e = ident_end(s, i + 1, n);
      size_t f = e;
      while (f < n && s[f] == '-') f = ident_end(s, f + 1, n);
      o.add(i, f, C::Keyword);
      i = f;
      continue;
    }
    if (c == '!' && starts(s, i, "!important")) {
      o.add(i, i + 10, C::Keyword);
      i += 10;
      continue;
    }
    if (value) {
      if (is_digit(c) || (c == '.' && i + 1 < n && is_digit(uint8_t(s[i + 1]))) ||
          (c == '-' && i + 1 < n && is_digit(uint8_t(s[i + 1])))) {
        size_t e = i + 1;
        while (e < n && (is_digit(uint8_t(s[e])) || s[e] == '.' || is_alpha(uint8_t(s[e])) || s[e] == '%')) e++;
        o.add(i, e, C::Number);
        i = e;
        continue;
      }
      if (c == '#') {
        size_t e = i + 1;
        while (e < n && std::isxdigit(uint8_t(s[e]))) e++;
        o.add(i, e, C::Number);
        i = e;
        continue;
      }
      if (c == '$') {
        size_t e = i + 1;
        while (e < n && (is_ident(uint8_t(s[e])) || s[e] == '-')) e++;
        o.add(i, e, C::Name);
        i = e;
        continue;
      }
      if (is_ident_start(c) || c == '-') {
        size_t e = i + 1;
        while (e < n && (is_ident(uint8_t(s[e])) || s[e] == '-')) e++;
        if (e < n && s[e] == '(') o.add(i, e, C::Name);
        i = e;
        continue;
      }
      i++;
      continue;
    }
    if (is_ident_start(c) || c == '-' || c == '$') {
      size_t e = i + 1;
      while (e < n && (is_ident(uint8_t(s[e])) || s[e] == '-')) e++;
      const size_t k = skip_blanks(s, e, n);
      if ((depth > 0 || c == '$') && at_stmt && k < n && s[k] == ':') {
        // A property (or an SCSS variable): "color:" but not "a:hover {".
        size_t q = k + 1;
        while (q < n && s[q] != ';' && s[q] != '{' && s[q] != '}' && s[q] != '\n') q++;
        if (q >= n || s[q] != '{') {
          o.add(i, e, c == '$' ? C::Name : C::Attribute);
          o.add(k, k + 1, C::Operator);
          value = true;
          i = k + 1;
          continue;
        }
      }
      o.add(i, e, C::Tag);  // an element selector
      i = e;
      continue;
    }
    if ((c == '.' || c == '#') && i + 1 < n && (is_ident_start(uint8_t(s[i + 1])) || s[i + 1] == '-')) {
      size_t e = i + 1;
      while (e < n && (is_ident(uint8_t(s[e])) || s[e] == '-')) e++;
      o.add(i, e, C::Name);  // a class or id selector
      i = e;
      continue;
    }
    if (c == ':' && i + 1 < n && (is_ident_start(uint8_t(s[i + 1])) || s[i + 1] == ':')) {
      size_t e = i + 1;
      while (e < n && (is_ident(uint8_t(s[e])) || s[e] == '-' || s[e] == ':')) e++;
      o.add(i, e, C::Meta);  // a pseudo-class
      i = e;
      continue;
    }
    i++;
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Diff and Markdown
//-----------------------------------------------------------------------------

void highlight_diff(std::string_view s, Out& o) {
  const size_t n = s.size();
  for (size_t i = 0; i < n;) {
    const size_t le = line_end(s, i);
    const std::string_view line = s.substr(i, le - i);
    C cls = C::Plain;
    if (starts(line, 0, "+++ ") || starts(line, 0, "diff ") || starts(line, 0, "index ") ||
        starts(line, 0, "new file") || starts(line, 0, "deleted file") || starts(line, 0, "similarity index") ||
        starts(line, 0, "rename ")) {
      cls = C::DiffHeader;
    } else if (starts(line, 0, "--- ")) {
      // A header when "+++ " follows; otherwise a removed line starting with "-- ".
      cls = le + 1 < n && starts(s, le + 1, "+++ ") ? C::DiffHeader : C::Removed;
    } else if (starts(line, 0, "@@")) {
      cls = C::Meta;
    } else if (!line.empty() && line[0] == '+') {
      cls = C::Added;
    } else if (!line.empty() && line[0] == '-') {
      cls = C::Removed;
    } else if (!line.empty() && line[0] == '\\') {
      cls = C::Comment;
    }
    o.add(i, le, cls);
    i = le + 1;
  }
}

void highlight_markdown(std::string_view s, Out& o) {
  const size_t n = s.size();
  size_t fence_len = 0;  // inside a fenced block: its fence's length
  char fence = 0;
  bool in_comment = false;
  for (size_t i = 0; i < n;) {
    const size_t le = line_end(s, i);
    size_t j = skip_blanks(s, i, le);
    if (in_comment) {
      const size_t k = s.find("-->", i);
      const size_t e = k == std::string_view::npos ? n : k + 3;
      o.add(i, e, C::Comment);
      in_comment = false;
      i = e >= le ? line_end(s, e) + 1 : le + 1;
      continue;
    }
    size_t run = 0;
    while (j + run < le && (s[j + run] == '`' || s[j + run] == '~') && s[j + run] == s[j]) run++;
    const size_t next = std::min(le + 1, n);  // multi-line spans take the newline, so they read as one
    if (fence) {
      o.add(i, next, C::String);
      if (run >= fence_len && s[j] == fence && skip_blanks(s, j + run, le) == le) fence = 0;
      i = le + 1;
      continue;
    }
    if (run >= 3 && j - i <= 3) {
      fence = s[j];
      fence_len = run;
      o.add(i, next, C::String);
      i = le + 1;
      continue;
    }
    if (j < le && s[j] == '#') {
      size_t h = j;
      while (h < le && s[h] == '#') h++;
      if (h - j <= 6 && (h == le || s[h] == ' ')) {
        o.add(j, le, C::Keyword);
        i = le + 1;
        continue;
      }
    }
    while (j < le && s[j] == '>') {
      o.add(j, j + 1, C::Operator);
      j = skip_blanks(s, j + 1, le);
    }
    if (j + 1 < le && (s[j] == '-' || s[j] == '*' || s[j] == '+') && s[j + 1] == ' ') {
      o.add(j, j + 1, C::Operator);
      j += 2;
    } else {
      size_t d = j;
      while (d < le && is_digit(uint8_t(s[d]))) d++;
      if (d > j && d + 1 < le && (s[d] == '.' || s[d] == ')') && s[d + 1] == ' ') {
        o.add(j, d + 1, C::Operator);
        j = d + 2;
      }
    }
    // Inline: `code`, ](url), <!-- comments -->.
    uint32_t no_partner = 0;
    while (j < le) {
      if (s[j] == '`') {
        size_t r = j;
        while (r < le && s[r] == '`') r++;
        // A run with no partner on this line is searched for once: a line of
        // runs of many lengths stays linear.
        const size_t len = r - j;
        size_t k = std::string_view::npos;
        if (len < 32 && !(no_partner & (1u << len))) {
          k = s.substr(0, le).find(s.substr(j, len), r);
          if (k == std::string_view::npos) no_partner |= 1u << len;
        }
        const size_t e = k == std::string_view::npos ? r : k + len;
        if (e > r) o.add(j, e, C::String);
        j = e;
      } else if (s[j] == ']' && j + 1 < le && s[j + 1] == '(') {
        size_t k = j + 2;
        while (k < le && s[k] != ')') k++;
        o.add(j + 1, std::min(k + 1, le), C::Attribute);
        j = std::min(k + 1, le);
      } else if (starts(s, j, "<!--")) {
        const size_t k = s.find("-->", j + 4);
        if (k == std::string_view::npos || k >= le) {
          o.add(j, std::min(le + 1, n), C::Comment);
          in_comment = true;
          j = le;
        } else {
          o.add(j, k + 3, C::Comment);
          j = k + 3;
        }
      } else {
        j++;
      }
    }
    i = le + 1;
  }
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Entry point and stylesheet
//-----------------------------------------------------------------------------

void highlight(HlLang lang, std::string_view code, std::vector<HlSpan>& out) {
  out.clear();
  if (code.size() > 0xFFFFFFF0u) return;  // offsets are 32-bit
  Out o{out};
  switch (lang) {
    case HlLang::Plain:
    case HlLang::Count: return;
    case HlLang::Python:
    case HlLang::C:
    case HlLang::Java:
    case HlLang::JavaScript:
    case HlLang::Go:
    case HlLang::Rust:
    case HlLang::Sql: highlight_c(lang, code, o); break;
    case HlLang::Shell: highlight_shell(code, 0, code.size(), o); break;
    case HlLang::Console: highlight_console(code, o); break;
    case HlLang::Json: highlight_json(code, o); break;
    case HlLang::Yaml: highlight_yaml(code, o); break;
    case HlLang::Toml: highlight_toml(code, o); break;
    case HlLang::Html: highlight_html(code, o); break;
    case HlLang::Css: highlight_css(code, o); break;
    case HlLang::Diff: highlight_diff(code, o); break;
    case HlLang::Markdown: highlight_markdown(code, o); break;
  }
  // Keep spans on character boundaries: a span never starts or ends on a
  // continuation byte (whatever the tokenizer decided), and stays in order.
  const size_t n = code.size();
  size_t w = 0, prev_end = 0;
  for (size_t r = 0; r < out.size(); r++) {
    size_t b = std::max<size_t>(out[r].begin, prev_end), e = size_t(out[r].begin) + out[r].len;
    e = std::min(e, n);
    while (b < e && (uint8_t(code[b]) & 0xC0) == 0x80) b++;
    while (e < n && (uint8_t(code[e]) & 0xC0) == 0x80) e++;
    if (e <= b) continue;
    if (w > 0 && out[w - 1].cls == out[r].cls && size_t(out[w - 1].begin) + out[w - 1].len == b) {
      out[w - 1].len = uint32_t(e - out[w - 1].begin);
    } else {
      out[w++] = {uint32_t(b), uint32_t(e - b), out[r].cls};
    }
    prev_end = e;
  }
  out.resize(w);
}

const char* highlight_css() {
  // GitHub-like colours; the dark set under prefers-color-scheme.
  return ".hl-kw,.hl-op{color:#cf222e}.hl-ty{color:#953800}.hl-str{color:#0a3069}.hl-num{color:#0550ae}"
         ".hl-com{color:#6e7781;font-style:italic}.hl-fn{color:#8250df}.hl-meta{color:#116329}"
         ".hl-add{color:#116329;background:#dafbe1}.hl-del{color:#82071e;background:#ffebe9}"
         ".hl-hdr{color:#0550ae;font-weight:bold}.hl-tag{color:#116329}.hl-attr{color:#0550ae}\n"
         "@media (prefers-color-scheme: dark){.hl-kw,.hl-op{color:#ff7b72}.hl-ty{color:#ffa657}"
         ".hl-str{color:#a5d6ff}.hl-num{color:#79c0ff}.hl-com{color:#8b949e}.hl-fn{color:#d2a8ff}"
         ".hl-meta{color:#7ee787}.hl-add{color:#aff5b4;background:#033a16}.hl-del{color:#ffdcd7;background:#67060c}"
         ".hl-hdr{color:#79c0ff}.hl-tag{color:#7ee787}.hl-attr{color:#79c0ff}}\n";
}

}  // namespace sheaf
