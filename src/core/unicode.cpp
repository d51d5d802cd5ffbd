// Sheaf core: UTF-8 and the few Unicode properties Sheaf needs. See unicode.h.
//
// Index of this file:
// [SECTION] Decoding and validation
// [SECTION] Encoding and sanitizing
// [SECTION] Boundaries
// [SECTION] Grapheme clusters and line breaking
// [SECTION] Case folding
#include "core/unicode.h"

#include <cstring>

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Decoding and validation
//-----------------------------------------------------------------------------

namespace {

// What a lead byte promises (Unicode table 3-7): the sequence length and the
// range its second byte must fall in. The ranges exclude overlongs (E0, F0),
// surrogates (ED) and values past U+10FFFF (F4); third and fourth bytes are
// always 80..BF. len 0: the byte can start nothing (80..C1, F5..FF).
struct Lead {
  uint8_t len, lo, hi;
};

inline Lead lead_of(unsigned c) {
  if (c < 0x80) return {1, 0, 0};
  if (c < 0xC2) return {0, 0, 0};
  if (c <= 0xDF) return {2, 0x80, 0xBF};
  if (c == 0xE0) return {3, 0xA0, 0xBF};
  if (c == 0xED) return {3, 0x80, 0x9F};
  if (c <= 0xEF) return {3, 0x80, 0xBF};
  if (c == 0xF0) return {4, 0x90, 0xBF};
  if (c <= 0xF3) return {4, 0x80, 0xBF};
  if (c == 0xF4) return {4, 0x80, 0x8F};
  return {0, 0, 0};
}

inline bool cont(unsigned char b) { return (b & 0xC0) == 0x80; }

// The decoder every public function uses. Decodes at p[i] (i < n); `len` is
// the number of bytes taken: the whole sequence, or its maximal ill-formed
// subpart (then the result is U+FFFD and `bad` is set).
inline char32_t decode_at(const unsigned char* p, size_t n, size_t i, size_t& len, bool& bad) {
  const unsigned c = p[i];
  len = 1;
  if (c < 0x80) {
    bad = false;
    return c;
  }
  bad = true;
  const Lead lead = lead_of(c);
  if (lead.len == 0) return kReplacementChar;
  if (i + 1 >= n || p[i + 1] < lead.lo || p[i + 1] > lead.hi) return kReplacementChar;
  char32_t cp = ((c & (0x7Fu >> lead.len)) << 6) | (p[i + 1] & 0x3Fu);
  for (size_t k = 2; k < lead.len; k++) {
    if (i + k >= n || !cont(p[i + k])) {
      len = k;
      return kReplacementChar;
    }
    cp = (cp << 6) | (p[i + k] & 0x3Fu);
  }
  len = lead.len;
  bad = false;
  return cp;
}

inline const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

// Skips ASCII eight bytes at a time from i; returns the first offset that is
// not ASCII (or where fewer than eight bytes are left).
inline size_t skip_ascii_words(const unsigned char* p, size_t n, size_t i) {
  while (i + 8 <= n) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    if (w & 0x8080808080808080ull) break;
    i += 8;
  }
  return i;
}

}  // namespace

char32_t decode_utf8(std::string_view s, size_t& i, bool& ill_formed) {
  size_t len;
  char32_t cp = decode_at(bytes(s), s.size(), i, len, ill_formed);
  i += len;
  return cp;
}

char32_t decode_utf8(std::string_view s, size_t& i) {
  bool bad;
  return decode_utf8(s, i, bad);
}

size_t utf8_sequence_length(std::string_view s, size_t i) {
  size_t len;
  bool bad;
  decode_at(bytes(s), s.size(), i, len, bad);
  return bad ? 0 : len;
}

bool valid_utf8(std::string_view s, size_t* bad_offset) {
  const unsigned char* p = bytes(s);
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    // Most front matter and Markdown syntax is ASCII, even in Korean posts.
    i = skip_ascii_words(p, n, i);
    if (i >= n) break;
    if (p[i] < 0x80) {
      i++;
      continue;
    }
    size_t len;
    bool bad;
    decode_at(p, n, i, len, bad);
    if (bad) {
      if (bad_offset) *bad_offset = i;
      return false;
    }
    i += len;
  }
  return true;
}

size_t count_code_points(std::string_view s) {
  size_t count = 0;
  for (size_t i = 0; i < s.size(); count++) decode_utf8(s, i);
  return count;
}

//-----------------------------------------------------------------------------
// [SECTION] Encoding and sanitizing
//-----------------------------------------------------------------------------

void encode_utf8(std::string& out, char32_t cp) {
  if (!is_scalar_value(cp)) cp = kReplacementChar;
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

std::string encode_utf8(char32_t cp) {
  std::string s;
  encode_utf8(s, cp);
  return s;
}

void append_valid_utf8(std::string& out, std::string_view s) {
  const unsigned char* p = bytes(s);
  const size_t n = s.size();
  size_t i = 0, run = 0;  // s[run, i) is valid and not yet appended
  while (i < n) {
    i = skip_ascii_words(p, n, i);
    if (i >= n) break;
    if (p[i] < 0x80) {
      i++;
      continue;
    }
    size_t len;
    bool bad;
    decode_at(p, n, i, len, bad);
    if (bad) {
      out.append(s.data() + run, i - run);
      out += kReplacementUtf8;
      run = i + len;
    }
    i += len;
  }
  out.append(s.data() + run, n - run);
}

std::string sanitize_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  append_valid_utf8(out, s);
  return out;
}

//-----------------------------------------------------------------------------
// [SECTION] Boundaries
//-----------------------------------------------------------------------------
// Every byte that is not a continuation byte starts a code point or a
// substitution, whatever came before it: sequences only ever take
// continuation bytes after their lead. So the boundary question for offset i
// only needs the nearest non-continuation byte k before it: i is inside k's
// sequence exactly when decoding at k runs past i. Sequences are at most 4
// bytes, so k is at most 3 bytes back; further back, i is a stray.

size_t floor_code_point(std::string_view s, size_t i) {
  const unsigned char* p = bytes(s);
  const size_t n = s.size();
  if (i >= n) return n;
  if (!cont(p[i])) return i;
  for (size_t back = 1; back <= 3 && back <= i; back++) {
    const size_t k = i - back;
    if (cont(p[k])) continue;
    size_t len;
    bool bad;
    decode_at(p, n, k, len, bad);
    return k + len > i ? k : i;
  }
  return i;
}

size_t next_code_point(std::string_view s, size_t i) {
  if (i >= s.size()) return s.size();
  decode_utf8(s, i);
  return i;
}

size_t prev_code_point(std::string_view s, size_t i) {
  if (i == 0) return 0;
  if (i > s.size()) return s.size();
  return floor_code_point(s, i - 1);
}

//-----------------------------------------------------------------------------
// [SECTION] Grapheme clusters and line breaking
//-----------------------------------------------------------------------------

bool is_invisible(uint32_t cp) {
  return cp == 0x200D || cp == 0x200C || cp == 0x200B || cp == 0xFEFF || (cp >= 0xFE00 && cp <= 0xFE0F) ||
         (cp >= 0xE0100 && cp <= 0xE01EF) || (cp >= 0xE0020 && cp <= 0xE007F) || cp == 0x2060 || cp < 0x20 ||
         (cp >= 0x7F && cp < 0xA0) || cp == 0x00AD;
}

namespace {

// Code points that attach to the cluster before them.
bool is_extender(uint32_t cp) {
  return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x1DC0 && cp <= 0x1DFF) ||
         (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F) || (cp >= 0xFE00 && cp <= 0xFE0F) ||
         (cp >= 0xE0100 && cp <= 0xE01EF) || (cp >= 0x1F3FB && cp <= 0x1F3FF) || (cp >= 0xE0020 && cp <= 0xE007F) ||
         cp == 0x200D || cp == 0x200C || (cp >= 0x3099 && cp <= 0x309A) ||
         // Thai/Devanagari-style combining vowel signs: a rough set of Mn ranges.
         (cp >= 0x0E31 && cp <= 0x0E3A && cp != 0x0E32 && cp != 0x0E33) || (cp >= 0x0E47 && cp <= 0x0E4E) ||
         (cp >= 0x0900 && cp <= 0x0903) || (cp >= 0x093A && cp <= 0x094F);
}

// Hangul jamo classes for cluster joining (UAX #29 L, V, T, LV, LVT).
enum Jamo { J_None, J_L, J_V, J_T, J_LV, J_LVT };
Jamo jamo(uint32_t cp) {
  if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0xA960 && cp <= 0xA97C)) return J_L;
  if ((cp >= 0x1160 && cp <= 0x11A7) || (cp >= 0xD7B0 && cp <= 0xD7C6)) return J_V;
  if ((cp >= 0x11A8 && cp <= 0x11FF) || (cp >= 0xD7CB && cp <= 0xD7FB)) return J_T;
  if (is_hangul_syllable(cp)) return ((cp - 0xAC00) % 28) == 0 ? J_LV : J_LVT;
  return J_None;
}

bool jamo_joins(Jamo a, Jamo b) {
  switch (a) {
    case J_L: return b == J_L || b == J_V || b == J_LV || b == J_LVT;
    case J_V:
    case J_LV: return b == J_V || b == J_T;
    case J_T:
    case J_LVT: return b == J_T;
    default: return false;
  }
}

bool is_regional(uint32_t cp) { return cp >= 0x1F1E6 && cp <= 0x1F1FF; }

}  // namespace

size_t next_cluster(std::string_view s, size_t i) {
  size_t j = i;
  uint32_t cp = decode_utf8(s, j);
  if (cp == '\n' || cp == '\r') return j;
  Jamo prev_jamo = jamo(cp);
  bool prev_zwj = false;
  int regional = is_regional(cp) ? 1 : 0;
  while (j < s.size()) {
    size_t k = j;
    uint32_t next = decode_utf8(s, k);
    if (prev_zwj && next > 0x20) {  // ZWJ glues the next pictograph
      prev_zwj = false;
      prev_jamo = jamo(next);
      j = k;
      continue;
    }
    if (is_extender(next)) {
      prev_zwj = next == 0x200D;
      j = k;
      continue;
    }
    Jamo nj = jamo(next);
    if (prev_jamo != J_None && nj != J_None && jamo_joins(prev_jamo, nj)) {
      prev_jamo = nj;
      j = k;
      continue;
    }
    if (regional == 1 && is_regional(next)) {
      regional = 2;
      j = k;
      continue;
    }
    break;
  }
  return j;
}

bool is_wide_breakable(uint32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x3040 && cp <= 0x30FF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FFFF) || (cp >= 0x1F300 && cp <= 0x1FAFF);
}

bool is_break_after(uint32_t cp) {
  switch (cp) {
    case 0x3001: case 0x3002: case 0xFF0C: case 0xFF0E: case 0xFF01: case 0xFF1F: case 0xFF1A: case 0xFF1B:
    case 0x300D: case 0x300F: case 0x3011: case 0xFF09: case 0x2026: case 0x2014: case 0x2192: case 0x00B7:
      return true;
    default:
      return false;
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Case folding
//-----------------------------------------------------------------------------

// True when one of the 8 bytes is an ASCII capital or 0xC3 (a Latin-1 lead).
static inline bool word_needs_folding(uint64_t w) {
  constexpr uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
  uint64_t low7 = w & ~high;
  uint64_t capital = (low7 + ones * (0x80 - 'A')) & ~(low7 + ones * (0x80 - 'Z' - 1)) & ~w & high;
  uint64_t x = w ^ (ones * 0xC3);
  uint64_t c3 = (x - ones) & ~x & high;
  return (capital | c3) != 0;
}

void fold_append(std::string& out, std::string_view in, std::vector<uint32_t>* changed, uint32_t base) {
  size_t start = out.size();
  out.append(in.data(), in.size());
  char* p = out.data() + start;
  const size_t n = in.size();
  for (size_t i = 0; i < n; i++) {
    // Skip eight bytes at a time while there is nothing to fold (most text).
    while (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (word_needs_folding(w)) break;
      i += 8;
    }
    if (i >= n) break;
    unsigned char c = static_cast<unsigned char>(p[i]);
    if (c < 0x80) {
      if (c >= 'A' && c <= 'Z') {
        p[i] = char(c + 32);
        if (changed) changed->push_back(base + uint32_t(i));
      }
    } else if (c == 0xC3 && i + 1 < n) {
      // U+00C0..U+00DE (minus U+00D7 ×) are C3 80..C3 9E; lower case is +0x20 on the second byte.
      unsigned char d = static_cast<unsigned char>(p[i + 1]);
      if (d >= 0x80 && d <= 0x9E && d != 0x97) {
        p[i + 1] = char(d + 0x20);
        if (changed) changed->push_back(base + uint32_t(i + 1));
      }
      i++;
    }
  }
}

std::string fold(std::string_view in) {
  std::string s;
  fold_append(s, in);
  return s;
}

}  // namespace sheaf
