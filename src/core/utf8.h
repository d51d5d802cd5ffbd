// Sheaf core: small byte-level text helpers (legacy encodings, line/column
// lookup). UTF-8 itself (decoding, validation, encoding) is core/unicode.h,
// included here so the callers of this header see it too.
//
// [SECTION] UTF-8
// [SECTION] Lines
#pragma once
#include <cstddef>
#include <string_view>

#include "core/unicode.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] UTF-8
//-----------------------------------------------------------------------------

// Older spelling of valid_utf8 (core/unicode.h), kept for existing callers.
inline bool utf8_valid(std::string_view s, size_t* bad_offset = nullptr) { return valid_utf8(s, bad_offset); }

// For text that is not UTF-8: "UTF-16LE" or "UTF-16BE" (a byte-order mark),
// "EUC-KR" (most high bytes pair up as KS X 1001 Hangul), or nullptr.
const char* guess_legacy_encoding(std::string_view s);

//-----------------------------------------------------------------------------
// [SECTION] Lines
//-----------------------------------------------------------------------------

struct LineCol {
  int line = 1;    // 1-based
  int column = 1;  // 1-based, in bytes
};

// Position of byte `offset` in `text`. Linear scan: for diagnostics only.
LineCol line_col_at(std::string_view text, size_t offset);

// Byte offset of the start of 1-based `line` (text.size() when past the end).
size_t line_start(std::string_view text, int line);

// End of the line starting at or containing `pos`, after its '\n' (or text.size()).
size_t next_line(std::string_view text, size_t pos);

inline bool is_space_or_tab(char c) { return c == ' ' || c == '\t'; }

// True when text[pos..eol) is only spaces/tabs (and an optional '\r').
bool rest_is_blank(std::string_view text, size_t pos, size_t eol);

}  // namespace sheaf
