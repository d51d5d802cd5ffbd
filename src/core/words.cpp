// Sheaf core: words and lines for caret motion and selection (see words.h).
#include "core/words.h"

#include "core/unicode.h"

namespace sheaf {

namespace {

bool in(char32_t cp, char32_t lo, char32_t hi) { return cp >= lo && cp <= hi; }

// A "\n", or a "\r\n" starting at i: where a line break begins.
bool line_break_at(std::string_view t, size_t i) {
  return t[i] == '\n' || (t[i] == '\r' && i + 1 < t.size() && t[i + 1] == '\n');
}

bool word_at_offset(std::string_view t, size_t i, size_t& next) {
  next = i;
  return is_word_code_point(decode_utf8(t, next));
}

// Start of the word run that ends at j.
size_t word_run_start(std::string_view t, size_t j) {
  while (j > 0) {
    const size_t p = prev_code_point(t, j);
    size_t k;
    if (!word_at_offset(t, p, k)) break;
    j = p;
  }
  return j;
}

// End of the word run that starts at j.
size_t word_run_end(std::string_view t, size_t j) {
  while (j < t.size()) {
    size_t k;
    if (!word_at_offset(t, j, k)) break;
    j = k;
  }
  return j;
}

}  // namespace

bool is_word_code_point(char32_t cp) {
  if (cp < 0x80) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_';
  }
  if (cp <= 0xBF) return cp == 0xAA || cp == 0xB5 || cp == 0xBA;  // the three Latin-1 letters there
  if (cp == 0xD7 || cp == 0xF7) return false;
  if (cp < 0x2000) return true;  // the fast path for Latin, Greek, Cyrillic, ...
  if (in(cp, 0x2000, 0x206F) || in(cp, 0x2190, 0x2BFF) || in(cp, 0x2E00, 0x2E7F)) return false;
  if (in(cp, 0x3000, 0x303F) || cp == 0x30FB) return false;
  if (cp < 0xFE00) return true;  // kana, Han, Hangul syllables and jamo
  if (in(cp, 0xFE00, 0xFE0F) || cp == 0xFEFF || in(cp, 0xFFF0, 0xFFFF)) return false;
  if (in(cp, 0xFF00, 0xFF0F) || in(cp, 0xFF1A, 0xFF20) || in(cp, 0xFF3B, 0xFF40) || in(cp, 0xFF5B, 0xFF65)) {
    return false;
  }
  if (in(cp, 0x1F000, 0x1FFFF) || in(cp, 0xE0000, 0xE0FFF)) return false;
  return true;
}

size_t next_word_end(std::string_view t, size_t i) {
  const size_t n = t.size();
  if (i >= n) return n;
  i = floor_code_point(t, i);
  if (t[i] == '\n') return i + 1;
  if (line_break_at(t, i)) return i + 2;
  size_t j = i;
  while (j < n) {
    if (line_break_at(t, j)) return j;
    size_t k;
    if (word_at_offset(t, j, k)) break;
    j = k;
  }
  return word_run_end(t, j);
}

size_t prev_word_start(std::string_view t, size_t i) {
  if (i > t.size()) i = t.size();
  i = floor_code_point(t, i);
  if (i == 0) return 0;
  if (t[i - 1] == '\n') return i >= 2 && t[i - 2] == '\r' ? i - 2 : i - 1;
  size_t j = i;
  while (j > 0) {
    if (t[j - 1] == '\n') return j;
    const size_t p = prev_code_point(t, j);
    size_t k;
    if (word_at_offset(t, p, k)) break;
    j = p;
  }
  return word_run_start(t, j);
}

std::pair<size_t, size_t> word_at(std::string_view t, size_t i) {
  const size_t n = t.size();
  if (i >= n) return {n, n};
  i = floor_code_point(t, i);
  if (line_break_at(t, i)) return {i, i};
  size_t k;
  if (word_at_offset(t, i, k)) return {word_run_start(t, i), word_run_end(t, k)};
  if (t[i] == ' ' || t[i] == '\t') {
    size_t b = i, e = i;
    while (b > 0 && (t[b - 1] == ' ' || t[b - 1] == '\t')) b--;
    while (e < n && (t[e] == ' ' || t[e] == '\t')) e++;
    return {b, e};
  }
  return {i, next_cluster(t, i)};
}

std::pair<size_t, size_t> line_at(std::string_view t, size_t i) {
  const size_t n = t.size();
  if (i > n) i = n;
  size_t b = 0;
  if (i > 0) {
    const size_t nl = t.rfind('\n', i - 1);
    if (nl != std::string_view::npos) b = nl + 1;
  }
  const size_t nl = t.find('\n', i);
  return {b, nl == std::string_view::npos ? n : nl + 1};
}

}  // namespace sheaf
