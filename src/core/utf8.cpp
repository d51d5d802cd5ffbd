// Sheaf core: byte-level text helpers.
//
// [SECTION] UTF-8
// [SECTION] Lines
#include "core/utf8.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] UTF-8
//-----------------------------------------------------------------------------

// Validation is valid_utf8 in core/unicode.cpp (utf8_valid is an alias);
// guess_legacy_encoding, for text that fails it, is at the end of this file.

//-----------------------------------------------------------------------------
// [SECTION] Lines
//-----------------------------------------------------------------------------

LineCol line_col_at(std::string_view text, size_t offset) {
  if (offset > text.size()) offset = text.size();
  LineCol lc;
  size_t line_begin = 0;
  for (size_t i = 0; i < offset; i++)
    if (text[i] == '\n') { lc.line++; line_begin = i + 1; }
  lc.column = int(offset - line_begin) + 1;
  return lc;
}

size_t line_start(std::string_view text, int line) {
  size_t pos = 0;
  for (int l = 1; l < line; l++) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) return text.size();
    pos = nl + 1;
  }
  return pos;
}

size_t next_line(std::string_view text, size_t pos) {
  size_t nl = text.find('\n', pos);
  return nl == std::string_view::npos ? text.size() : nl + 1;
}

bool rest_is_blank(std::string_view text, size_t pos, size_t eol) {
  for (size_t i = pos; i < eol; i++)
    if (!is_space_or_tab(text[i]) && text[i] != '\r' && text[i] != '\n') return false;
  return true;
}

const char* guess_legacy_encoding(std::string_view s) {
  if (s.size() >= 2 && (unsigned char)s[0] == 0xFF && (unsigned char)s[1] == 0xFE) return "UTF-16LE";
  if (s.size() >= 2 && (unsigned char)s[0] == 0xFE && (unsigned char)s[1] == 0xFF) return "UTF-16BE";
  // EUC-KR: every high byte comes in a pair, lead 0xA1-0xFE and trail
  // 0xA1-0xFE; Hangul syllables lead with 0xB0-0xC8. CP949 adds leads from
  // 0x81 with ASCII-range trails, counted as pairs but not as Hangul.
  size_t pairs = 0, hangul = 0, stray = 0;
  for (size_t i = 0; i < s.size(); i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) continue;
    unsigned char d = i + 1 < s.size() ? (unsigned char)s[i + 1] : 0;
    bool lead = c >= 0x81 && c <= 0xFE;
    bool trail = (d >= 0xA1 && d <= 0xFE) || (c < 0xC7 && ((d >= 0x41 && d <= 0x5A) || (d >= 0x61 && d <= 0x7A) || d >= 0x81));
    if (lead && trail) {
      pairs++;
      hangul += c >= 0xB0 && c <= 0xC8 && d >= 0xA1;
      i++;
    } else {
      stray++;
    }
  }
  return pairs >= 2 && stray * 20 <= pairs && hangul * 2 >= pairs ? "EUC-KR" : nullptr;
}

}  // namespace sheaf
