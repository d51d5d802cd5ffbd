// Sheaf core: the one place that knows Unicode.
//
// Every part of Sheaf that reads UTF-8 (the parser's diagnostics, the JSON
// writer, the HTML export, the viewer's line breaking, the editor) goes
// through these functions, so they all agree on what a character is and what
// an ill-formed byte sequence turns into.
//
// Ill-formed input is handled the way Unicode §3.9 ("U+FFFD substitution of
// maximal subparts") and the WHATWG Encoding Standard do it: each maximal
// subpart of an ill-formed sequence becomes one U+FFFD. A maximal subpart is
// the longest prefix of a well-formed sequence that is present, or one byte
// when even that byte cannot start one. So overlongs (C0 80, E0 80 80),
// encoded surrogates (ED A0 80), values above U+10FFFF (F4 90 80 80) and
// stray continuation bytes give one U+FFFD per byte, while a truncated
// sequence (E1 80 followed by ASCII, or at the end) gives a single U+FFFD.
//
// Index of this header:
// [SECTION] Code points
// [SECTION] Decoding and validation
// [SECTION] Encoding and sanitizing
// [SECTION] Boundaries
// [SECTION] Grapheme clusters and line breaking
// [SECTION] Case folding
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Code points
//-----------------------------------------------------------------------------

constexpr char32_t kReplacementChar = 0xFFFD;
constexpr std::string_view kReplacementUtf8 = "\xEF\xBF\xBD";

constexpr bool is_surrogate(char32_t cp) { return cp >= 0xD800 && cp <= 0xDFFF; }

// A Unicode scalar value: any code point except the surrogates, up to U+10FFFF.
constexpr bool is_scalar_value(char32_t cp) { return cp <= 0x10FFFF && !is_surrogate(cp); }

// The 66 noncharacters: U+FDD0..U+FDEF and the last two code points of every
// plane (U+FFFE, U+FFFF, U+1FFFE, ..., U+10FFFF). They are valid scalar values
// (UTF-8 may carry them, and decoding returns them as they are); this only
// classifies them for callers that want to flag them.
constexpr bool is_noncharacter(char32_t cp) {
  return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp <= 0x10FFFF && (cp & 0xFFFE) == 0xFFFE);
}

constexpr bool is_utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

//-----------------------------------------------------------------------------
// [SECTION] Decoding and validation
//-----------------------------------------------------------------------------

// Decodes the code point at s[i] and advances i past it. For ill-formed
// input returns U+FFFD and advances past the maximal subpart (at least one
// byte), so a loop `while (i < s.size()) decode_utf8(s, i);` always ends.
// Requires i < s.size().
char32_t decode_utf8(std::string_view s, size_t& i);

// The same; `ill_formed` tells a substitution apart from a U+FFFD that is
// really in the text.
char32_t decode_utf8(std::string_view s, size_t& i, bool& ill_formed);

// Length of the well-formed sequence starting at s[i] (1 to 4), or 0 when the
// bytes there are ill-formed. Requires i < s.size().
size_t utf8_sequence_length(std::string_view s, size_t i);

// True when all of `s` is well-formed UTF-8. On failure *bad_offset (when
// given) is the offset of the first byte of the first ill-formed sequence.
bool valid_utf8(std::string_view s, size_t* bad_offset = nullptr);

// Number of code points (each U+FFFD substitution counts as one).
size_t count_code_points(std::string_view s);

//-----------------------------------------------------------------------------
// [SECTION] Encoding and sanitizing
//-----------------------------------------------------------------------------

// Appends `cp` as UTF-8. Surrogates and values above U+10FFFF, which have no
// UTF-8 form, are written as U+FFFD.
void encode_utf8(std::string& out, char32_t cp);
std::string encode_utf8(char32_t cp);

// Appends `s` with every maximal ill-formed subpart replaced by U+FFFD (the
// same substitutions decode_utf8 makes). Valid input is appended unchanged.
void append_valid_utf8(std::string& out, std::string_view s);
std::string sanitize_utf8(std::string_view s);

//-----------------------------------------------------------------------------
// [SECTION] Boundaries
//-----------------------------------------------------------------------------
// A boundary is an offset where decode_utf8, run from the start of `s`,
// begins a code point (or a U+FFFD substitution), or s.size(). These work
// locally (looking at most 3 bytes back) and agree with decoding from the
// start, for ill-formed text too.

// The boundary after the one at i (i + the decoded length); s.size() at the end.
size_t next_code_point(std::string_view s, size_t i);

// The boundary before the one at i; 0 at the start.
size_t prev_code_point(std::string_view s, size_t i);

// The last boundary at or before i (i itself when it is one): where to cut
// `s` to at most i bytes without splitting a character.
size_t floor_code_point(std::string_view s, size_t i);

inline bool is_code_point_boundary(std::string_view s, size_t i) { return floor_code_point(s, i) == i; }

//-----------------------------------------------------------------------------
// [SECTION] Grapheme clusters and line breaking
//-----------------------------------------------------------------------------
// Approximations of UAX #29 and UAX #14 tuned for the text Sheaf shows:
// Korean first, then Latin, CJK and emoji.

// Code points that are never drawn: ZWJ/ZWNJ/ZWSP, variation selectors, tag
// characters, the BOM, word joiner, soft hyphen, C0 and C1 controls.
bool is_invisible(uint32_t cp);

// End of the grapheme cluster starting at byte i: a base followed by its
// combining marks, variation selectors and emoji modifiers; ZWJ sequences;
// regional indicator pairs (flags); Hangul jamo L+ V+ T* and a precomposed
// syllable followed by its V/T jamo. "\r" and "\n" are clusters of their own.
// A U+FFFD substitution is a base like any other. Requires i < s.size(); the
// result is > i and a code point boundary.
size_t next_cluster(std::string_view s, size_t i);

// Han, kana, emoji: a line may break between any two.
bool is_wide_breakable(uint32_t cp);

// CJK punctuation and similar: a line may break after them.
bool is_break_after(uint32_t cp);

// Hangul: the precomposed syllables U+AC00..U+D7A3.
constexpr bool is_hangul_syllable(char32_t cp) { return cp >= 0xAC00 && cp <= 0xD7A3; }

//-----------------------------------------------------------------------------
// [SECTION] Case folding
//-----------------------------------------------------------------------------
// Search (the query language, the library's text index, facet names) matches
// on folded text.

// Lower-cases ASCII A-Z and Latin-1 À-Þ (except ×). Folding never changes the
// byte length, so offsets in the folded text are offsets in the original.
// When `changed` is given, the offsets of every changed byte (relative to the
// start of `in`, plus `base`) are appended to it.
void fold_append(std::string& out, std::string_view in, std::vector<uint32_t>* changed = nullptr, uint32_t base = 0);
std::string fold(std::string_view in);

}  // namespace sheaf
