// Sheaf core: the YAML front matter fast path (see yaml_fast.h).
//
// Strategy: be strict and say no early. Every rule below is a place where
// the subset is certain to mean one thing; whatever is not covered returns
// false and yaml-cpp decides. tests/unit/test_yaml_fast.cpp checks the
// results against yaml-cpp on real and mutated front matter.
//
// Index of this file:
// [SECTION] Switch
// [SECTION] Bytes and lines
// [SECTION] Scalars
// [SECTION] Parser

#include "core/yaml_fast.h"

#include <atomic>

#include "core/properties.h"
#include "core/utf8.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Switch
//-----------------------------------------------------------------------------

static std::atomic<bool> g_fast_path{true};

void set_yaml_fast_path(bool on) { g_fast_path.store(on, std::memory_order_relaxed); }
bool yaml_fast_path_enabled() { return g_fast_path.load(std::memory_order_relaxed); }

//-----------------------------------------------------------------------------
// [SECTION] Bytes and lines
//-----------------------------------------------------------------------------

namespace {

// Beyond this the limits of the yaml-cpp path (value counts) might matter.
constexpr size_t kMaxFastBytes = 64 * 1024;
constexpr size_t kMaxKeyBytes = 128;

// Rejects bytes whose YAML meaning is subtle: tabs (indentation rules),
// control characters, a CR not followed by LF, the Unicode line breaks
// NEL/LS/PS, C1 controls, a BOM, and malformed UTF-8.
bool plain_bytes(std::string_view s) {
  const size_t n = s.size();
  for (size_t i = 0; i < n; i++) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F) continue;
    if (c == '\n') continue;
    if (c == '\r' && i + 1 < n && s[i + 1] == '\n') continue;
    if (c < 0x80) return false;  // tab, other controls, DEL
    unsigned char d = i + 1 < n ? static_cast<unsigned char>(s[i + 1]) : 0;
    if (c == 0xC2 && d >= 0x80 && d <= 0x9F) return false;
    if (c == 0xE2 && d == 0x80 && i + 2 < n && (s[i + 2] == '\xA8' || s[i + 2] == '\xA9')) return false;
    if (c == 0xEF && d == 0xBB && i + 2 < n && s[i + 2] == '\xBF') return false;
  }
  return utf8_valid(s);
}

struct Line {
  std::string_view text;  // without the line break
  int number = 0;         // file line
};

bool blank(std::string_view s) {
  for (char c : s)
    if (c != ' ') return false;
  return true;
}

size_t skip_spaces(std::string_view s, size_t i) {
  while (i < s.size() && s[i] == ' ') i++;
  return i;
}

// After a complete value: only spaces, then nothing or a comment.
bool tail_ok(std::string_view s, size_t i) {
  size_t j = skip_spaces(s, i);
  if (j == s.size()) return true;
  return s[j] == '#' && j > i;
}

//-----------------------------------------------------------------------------
// [SECTION] Scalars
//-----------------------------------------------------------------------------

// "..." on one line with the common escapes only. i: at the opening quote;
// left after the closing one.
bool double_quoted(std::string_view s, size_t& i, std::string& out) {
  for (i++; i < s.size(); i++) {
    char c = s[i];
    if (c == '"') {
      i++;
      return true;
    }
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i >= s.size()) return false;
    switch (s[i]) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      default: return false;  // \x, \u, \0, ... and line continuations: yaml-cpp
    }
  }
  return false;  // continues on the next line
}

// '...' on one line; '' is a quote.
bool single_quoted(std::string_view s, size_t& i, std::string& out) {
  for (i++; i < s.size(); i++) {
    char c = s[i];
    if (c != '\'') {
      out += c;
      continue;
    }
    if (i + 1 < s.size() && s[i + 1] == '\'') {
      out += '\'';
      i++;
      continue;
    }
    i++;
    return true;
  }
  return false;
}

bool quoted(std::string_view s, size_t& i, Value& v) {
  v.kind = Value::Kind::String;
  return s[i] == '"' ? double_quoted(s, i, v.scalar) : single_quoted(s, i, v.scalar);
}

// Classifies a plain scalar the way the yaml-cpp builder does.
// yaml-cpp reports "~" and "null" as a null event, so their text is dropped.
void set_plain(Value& v, std::string_view text) {
  v.kind = classify_plain_scalar(text);
  if (v.kind != Value::Kind::Null) v.scalar.assign(text.data(), text.size());
}

// A plain scalar in block context from s[i] to the end of the line (or a
// " #" comment). Declines on indicators at the start and on ": " inside,
// which would make it a map.
bool plain_block(std::string_view s, size_t i, Value& v) {
  char c = s[i];
  switch (c) {
    case '[': case ']': case '{': case '}': case ',': case '#': case '&': case '*': case '!': case '|':
    case '>': case '\'': case '"': case '%': case '@': case '`': case '?': case ':':
      return false;
    case '-':
      if (i + 1 >= s.size() || s[i + 1] == ' ') return false;  // a sequence entry
      break;
    default:
      break;
  }
  size_t end = s.size();
  for (size_t k = i + 1; k < s.size(); k++) {
    if (s[k] == '#' && s[k - 1] == ' ') {
      end = k;
      break;
    }
    if (s[k] == ':' && (k + 1 == s.size() || s[k + 1] == ' ')) return false;
  }
  while (end > i && s[end - 1] == ' ') end--;
  if (s[i] == ':' || (end > i && s[end - 1] == ':')) return false;
  set_plain(v, s.substr(i, end - i));
  return true;
}

// [a, "b", 'c'] on one line, scalars only. i: at '['; left after ']'.
bool flow_list(std::string_view s, size_t& i, Value& v) {
  v.kind = Value::Kind::List;
  i = skip_spaces(s, i + 1);
  if (i < s.size() && s[i] == ']') {
    i++;
    return true;
  }
  for (;;) {
    i = skip_spaces(s, i);
    if (i >= s.size()) return false;
    Value item;
    char c = s[i];
    if (c == '"' || c == '\'') {
      if (!quoted(s, i, item)) return false;
    } else {
      switch (c) {
        case '[': case ']': case '{': case '}': case ',': case '#': case '&': case '*': case '!': case '|':
        case '>': case '%': case '@': case '`': case '?': case ':': case '-':
          return false;
        default:
          break;
      }
      size_t b = i;
      for (; i < s.size() && s[i] != ',' && s[i] != ']'; i++) {
        char d = s[i];
        // yaml-cpp ends a flow scalar at '?' too.
        if (d == ':' || d == '#' || d == '?' || d == '[' || d == '{' || d == '}' || d == '"' || d == '\'') return false;
      }
      size_t e = i;
      while (e > b && s[e - 1] == ' ') e--;
      set_plain(item, s.substr(b, e - b));
    }
    v.items.push_back(std::move(item));
    i = skip_spaces(s, i);
    if (i >= s.size()) return false;
    if (s[i] == ']') {
      i++;
      return true;
    }
    if (s[i] != ',') return false;
    i = skip_spaces(s, i + 1);
    if (i < s.size() && s[i] == ']') return false;  // trailing comma
  }
}

// A plain word followed by ':' and a space (or the end of the line).
bool read_key(std::string_view s, std::string& key, size_t& after) {
  size_t i = 0;
  for (; i < s.size(); i++) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
    if (word || (i > 0 && (c == '-' || c == '.' || c == '/'))) continue;
    break;
  }
  if (i == 0 || i > kMaxKeyBytes || i >= s.size() || s[i] != ':') return false;
  if (i + 1 < s.size() && s[i + 1] != ' ') return false;
  std::string_view k = s.substr(0, i);
  if (looks_like_null(k)) return false;  // the yaml-cpp path makes that key ""
  key.assign(k.data(), k.size());
  after = i + 1;
  return true;
}

//-----------------------------------------------------------------------------
// [SECTION] Parser
//-----------------------------------------------------------------------------

// Splits into lines (CRLF or LF) without copying.
void split_lines(std::string_view src, int base_line, std::vector<Line>& lines) {
  int number = base_line;
  for (size_t pos = 0; pos < src.size();) {
    size_t nl = src.find('\n', pos);
    size_t end = nl == std::string_view::npos ? src.size() : nl;
    size_t stop = end > pos && src[end - 1] == '\r' ? end - 1 : end;
    lines.push_back({src.substr(pos, stop - pos), number++});
    pos = nl == std::string_view::npos ? src.size() : nl + 1;
  }
}

size_t indent_of(std::string_view s) { return skip_spaces(s, 0); }

// Block list items at indent `ind` starting at lines[k]. Leaves k at the
// first line after the list.
bool block_list(const std::vector<Line>& lines, size_t& k, size_t ind, Value& v) {
  v.kind = Value::Kind::List;
  while (k < lines.size()) {
    std::string_view s = lines[k].text;
    if (blank(s)) {
      k++;
      continue;
    }
    size_t in = indent_of(s);
    if (in != ind) {
      if (in == 0) return !v.items.empty();  // the next key (or comment) ends the list
      return false;
    }
    if (s[in] != '-') {
      if (in == 0) return !v.items.empty();
      return false;
    }
    if (in + 1 >= s.size() || s[in + 1] != ' ') return false;  // "-" alone: a null item
    size_t p = skip_spaces(s, in + 1);
    if (p >= s.size() || s[p] == '#') return false;
    Value item;
    char c = s[p];
    if (c == '"' || c == '\'') {
      if (!quoted(s, p, item) || !tail_ok(s, p)) return false;
    } else if (!plain_block(s, p, item)) {
      return false;
    }
    v.items.push_back(std::move(item));
    k++;
  }
  return !v.items.empty();
}

}  // namespace

bool parse_yaml_fast(std::string_view src, int base_line, std::vector<Property>& out) {
  out.clear();
  if (src.size() > kMaxFastBytes || !plain_bytes(src)) return false;
  std::vector<Line> lines;
  lines.reserve(32);
  split_lines(src, base_line, lines);
  auto decline = [&] {
    out.clear();
    return false;
  };

  for (size_t k = 0; k < lines.size();) {
    std::string_view s = lines[k].text;
    if (blank(s) || s[0] == '#') {
      k++;
      continue;
    }
    Property p;
    size_t i = 0;
    if (!read_key(s, p.key, i)) return decline();
    for (const Property& q : out)
      if (q.key == p.key) return decline();
    p.line = lines[k].number;
    i = skip_spaces(s, i);
    k++;
    if (i >= s.size() || s[i] == '#') {
      // Empty value: null, or a block list on the next lines.
      size_t j = k;
      while (j < lines.size() && blank(lines[j].text)) j++;
      if (j < lines.size()) {
        std::string_view t = lines[j].text;
        size_t in = indent_of(t);
        if (t[in] == '-') {
          k = j;
          if (!block_list(lines, k, in, p.value)) return decline();
        } else if (in > 0) {
          return decline();  // a nested map or a continuation
        }
      }
    } else {
      char c = s[i];
      bool ok = c == '"' || c == '\'' ? quoted(s, i, p.value) && tail_ok(s, i)
                : c == '['             ? flow_list(s, i, p.value) && tail_ok(s, i)
                                       : plain_block(s, i, p.value);
      if (!ok) return decline();
    }
    out.push_back(std::move(p));
  }
  if (out.empty()) return decline();
  return true;
}

}  // namespace sheaf
