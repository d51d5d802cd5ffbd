// Sheaf core: syntax highlighting of code blocks.
//
// A small hand-written tokenizer per language family (C-like, shell, JSON,
// YAML, TOML, markup, CSS, diff, Markdown). One pass over the bytes, state
// carried across lines (so block comments and multi-line strings stay
// coloured), no allocation beyond the output vector. Used by the viewer's
// layout (colours per class) and by the HTML export (class names).
//
// [SECTION] Languages and classes
// [SECTION] Highlighting
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Languages and classes
//-----------------------------------------------------------------------------

enum class HlLang : uint8_t {
  Plain, Python, Shell, Console, C, Java, JavaScript, Json, Yaml, Toml, Html, Css, Sql, Go, Rust, Diff, Markdown,
  Count
};

// What a span is; Plain is never emitted (the gaps between spans are plain).
enum class HlClass : uint8_t {
  Plain, Keyword, Type, String, Number, Comment, Name, Operator, Meta, Added, Removed, DiffHeader, Tag, Attribute,
  Count
};

// A code block's language from its info string's first word ("py", "C++",
// "console", ...), ASCII case ignored. Unknown words give Plain.
HlLang hl_language(std::string_view word);
const char* hl_language_name(HlLang l);  // "python", "shell", ... ("plain")
// The short name used in the HTML export's class ("kw" for class="hl-kw").
const char* hl_class_css(HlClass c);

//-----------------------------------------------------------------------------
// [SECTION] Highlighting
//-----------------------------------------------------------------------------

struct HlSpan {
  uint32_t begin = 0, len = 0;
  HlClass cls = HlClass::Plain;
};

// Appends the coloured spans of `code` to `out` (after clearing it): sorted,
// not overlapping, adjacent spans of one class merged, never cutting a UTF-8
// sequence (whatever the bytes are). Linear in the size of `code`. Plain
// gives no spans.
void highlight(HlLang lang, std::string_view code, std::vector<HlSpan>& out);

// The HTML export's stylesheet for the hl-* classes: light colours, and dark
// ones under prefers-color-scheme: dark.
const char* highlight_css();

}  // namespace sheaf
