// Sheaf core: the source editor's writing aids.
//
// Pure text functions behind the keys that help while writing Markdown:
// Enter continuing a list or quote, Tab / Shift+Tab nesting list items,
// Ctrl+B / Ctrl+I wrapping a selection, Ctrl+K and pasting a URL making a
// link. Each returns a Rewrite (one replaced range plus the selection after
// it) and never touches the UI; the editor applies it as one undo step.
//
// Offsets are bytes into UTF-8 text. Offsets handed in are clamped to the
// text and moved back to a code point boundary, so a stray offset never
// splits a Hangul syllable. Markers and line syntax are ASCII, so everything
// here compares bytes; unicode.h is used for boundaries and for the
// whitespace (U+00A0, U+3000) trimmed off selection edges.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sheaf {

// One edit: text[begin, end) becomes `text`; afterwards the selection is
// [sel_anchor, sel_caret] (offsets in the NEW text; equal for a caret). The
// editor records each Rewrite as one undo step.
struct Rewrite {
  size_t begin = 0, end = 0;
  std::string text;
  size_t sel_anchor = 0, sel_caret = 0;
};

// Applies `r` to `t` (begin and end clamped to t.size()).
void apply(std::string& t, const Rewrite& r);

// "\r\n" when the line holding offset i ends with CRLF (for the last line
// without a break: when the line before it does), else "\n".
std::string_view line_break_at(std::string_view t, size_t i);

// Enter with the selection [sb, se). On a list item ("- x", "* x", "+ x",
// "- [ ] x", "3. x", "3) x"), a quote ("> x") or a quoted item ("> - x"),
// any of them indented, the selection becomes a line break plus the same
// prefix: numbers count up keeping the delimiter (and zero padding), tasks
// restart unchecked, caret after the new marker. On an empty item (nothing
// after the marker) the innermost marker is removed instead and no line is
// added: "- " becomes "", "  - " becomes "  ", "> - " becomes "> ".
// nullopt when in_code, when the line is none of these (thematic breaks like
// "* * *" included), or when sb lies before the content (inside the marker):
// the caller then inserts a plain line break.
std::optional<Rewrite> continue_block_on_enter(std::string_view t, size_t sb, size_t se, bool in_code);

// Tab (outdent false) / Shift+Tab over the lines touched by [sb, se) (a line
// only reached by se at its very start is not touched). Every touched
// non-blank line must be a list item, else nullopt. Tab indents each item by
// the width of the marker it will nest under (marker plus its spacing: 2 for
// "- ", 3 for "1. ", found as the nearest item above at the same indent, or
// the line's own marker when there is none); a line indented with a tab gets
// one more tab. Shift+Tab removes up to the width of the item's parent (or
// its own marker) in leading spaces, or one leading tab. One Rewrite covers
// the touched lines; sel_anchor follows sb and sel_caret follows se, each
// staying after the same character (an offset at a line start stays there;
// one inside removed indentation lands at the new indent end). nullopt when
// nothing would change.
std::optional<Rewrite> indent_list(std::string_view t, size_t sb, size_t se, bool outdent);

// Ctrl+B ("**"), Ctrl+I ("_"), strikethrough ("~~"). A selection is wrapped
// ("a **b** c", whitespace at its edges left outside) and stays on the inner
// text; a selection already wrapped (markers just outside it, or its own
// first and last characters) is unwrapped. With no selection the pair is
// inserted with the caret between; inside an empty pair, the pair is removed.
Rewrite toggle_wrap(std::string_view t, size_t sb, size_t se, std::string_view marker);

// Ctrl+K. "text" becomes "[text](url)" with "url" selected so typing
// replaces it; no selection inserts "[](url)" with the caret in the brackets;
// a selection that looks like a URL becomes "[](URL)", caret in the brackets.
Rewrite make_link(std::string_view t, size_t sb, size_t se);

// Paste of a URL (`pasted` trimmed looks_like_url) over a non-empty,
// single-line selection that is not a URL itself and not a link's
// destination: "[selection](pasted)" with the caret after it. Else nullopt
// (the caller pastes normally).
std::optional<Rewrite> paste_as_link(std::string_view t, size_t sb, size_t se, std::string_view pasted);

// "http://", "https://", "mailto:" or "www." (any case) followed by at least
// one more character, with no whitespace anywhere.
bool looks_like_url(std::string_view s);

}  // namespace sheaf
