// Sheaf core: words and lines for caret motion and selection.
//
// What the source editor does on Ctrl+Left / Ctrl+Right, double-click and
// triple-click. A word is a run of word code points (see is_word_code_point);
// there is no dictionary, so Korean splits at spaces and punctuation only
// ("사과를" is one word, particle included) and a run of Han or kana is one
// word. Every function walks only the bytes it reports on, clamps i to
// t.size(), accepts ill-formed UTF-8 (each U+FFFD substitution counts as one
// non-word code point) and returns code point boundaries.
#pragma once
#include <cstddef>
#include <string_view>
#include <utility>

namespace sheaf {

// ASCII letters, digits and '_'; every non-ASCII code point (Hangul syllables
// and jamo, Han, kana, accented Latin, combining marks, ...) except these,
// which are punctuation, spaces or symbols:
//   U+0080..U+00BF but ª µ º, × ÷     Latin-1 controls, punctuation, NBSP
//   U+2000..U+206F, U+2E00..U+2E7F    general punctuation, spaces, ZWJ
//   U+2190..U+2BFF                    arrows, math, box drawing, dingbats
//   U+3000..U+303F, U+30FB            CJK punctuation, katakana middle dot
//   U+FE00..U+FE0F, U+FEFF, U+FFF0..  variation selectors, BOM, specials (U+FFFD)
//   U+FF00..U+FF0F, U+FF1A..U+FF20, U+FF3B..U+FF40, U+FF5B..U+FF65
//                                     full-width punctuation
//   U+1F000..U+1FFFF, U+E0000..U+E0FFF emoji, modifiers, tags
bool is_word_code_point(char32_t cp);

// Ctrl+Right: from byte i, skip non-word code points, then the word run after
// them; returns the end of that run. A line break stops the skip: at a '\n'
// (or "\r\n") the result is just after it, and skipping that reaches one
// stops just before it. Returns t.size() at or past the end.
size_t next_word_end(std::string_view t, size_t i);

// Ctrl+Left: the mirror image; skip non-word code points backwards (stopping
// just after a '\n', or stepping over it when it is right before i), then the
// word run; returns where the run starts. 0 at the start.
size_t prev_word_start(std::string_view t, size_t i);

// Double-click: the word run holding byte i. On a space or tab, the run of
// spaces and tabs; on any other non-word code point, the grapheme cluster
// starting there (a whole emoji sequence). At t.size() or on a line break
// ('\n', or the '\r' of "\r\n") the empty range (i, i).
std::pair<size_t, size_t> word_at(std::string_view t, size_t i);

// Triple-click: the source line holding i, from its start to just after its
// '\n' (or to the end of the text). A soft-wrapped paragraph is one source
// line, so this selects the paragraph. Past a final '\n' the range is empty.
std::pair<size_t, size_t> line_at(std::string_view t, size_t i);

}  // namespace sheaf
