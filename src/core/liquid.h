// Sheaf core: Jekyll's Liquid, shown but never executed.
//
// Jekyll runs Liquid over a post before kramdown sees it. Sheaf never runs
// it; it shows it the way a reader expects:
// - a "{% highlight lang %}" ... "{% endhighlight %}" pair, each tag alone on
//   its line, is a fenced CodeBlock in that language (its body verbatim);
// - "{% raw %}" ... "{% endraw %}" shows what is between as written;
// - any other "{% ... %}" tag and "{{ ... }}" output on one line is a
//   LiquidTag inline (level 1 tag, level 2 output; flags 1 for raw/endraw);
// - "[^id]" is a FootnoteRef and a "[^id]:" line a FootnoteDef (core/footnotes.h).
//
// How: before md4c, the body is copied with the same length and these
// constructs masked (tag lines become "~~~" fences, inline tags and
// footnote marks become plain letters md4c cannot take apart). md4c parses
// the copy; every range is an offset, so it indexes the real text, and the
// tree's text is read from the real bytes. The masking is done line by line,
// so a parse of a few blocks (the incremental re-parse) sees what a full
// parse sees there; only a highlight pair is followed across lines, as md4c
// follows a fence.
//
// Index of this header:
// [SECTION] Marks
// [SECTION] Masking
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Marks
//-----------------------------------------------------------------------------

enum class InlineMarkKind : uint8_t { LiquidTag, LiquidOutput, RawOpen, RawClose, FootnoteRef };

// An inline construct found on one line: [begin, end) in the whole text.
struct InlineMark {
  uint32_t begin = 0, end = 0;
  InlineMarkKind kind = InlineMarkKind::LiquidTag;
};

// The tag's name: "include" for "{%- include a.html %}", "" for an output.
std::string_view liquid_tag_name(std::string_view tag);

// "{%- highlight ruby linenos -%}" alone on its line (leading spaces, tabs and
// '>' markers allowed): true, with the language's [begin, end) in `line` and
// the end of the options. "{% endhighlight %}" likewise for is_endhighlight_line.
bool is_highlight_line(std::string_view line, size_t& tag_begin, size_t& lang_begin, size_t& lang_end,
                       size_t& options_end, size_t& tag_end);
bool is_endhighlight_line(std::string_view line, size_t& tag_begin, size_t& tag_end);

//-----------------------------------------------------------------------------
// [SECTION] Masking
//-----------------------------------------------------------------------------

struct BodyMask {
  std::string text;                // the whole text, masked in [begin, end); empty when nothing was
  std::vector<InlineMark> marks;   // sorted, not overlapping
  std::vector<uint32_t> defs;      // line starts of "[^id]:" footnote definitions, sorted
  bool active() const { return !text.empty(); }
};

// Masks text[begin, end) (begin at a line start). Linear. Leaves `out.text`
// empty when the range has no "{%", "{{" or "[^".
void mask_body(std::string_view text, size_t begin, size_t end, BodyMask& out);

}  // namespace sheaf
