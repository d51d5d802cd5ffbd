// Sheaf core: finding the front matter block (Jekyll and Hugo rules).
#pragma once
#include <string_view>
#include <vector>

#include "core/document.h"

namespace sheaf {

// Finds the front matter at the start of `text`:
//   YAML  "---" on the first line (after an optional UTF-8 BOM), closed by a
//         "---" or "..." line. Trailing spaces on fence lines are allowed.
//   TOML  "+++" ... "+++" (Hugo).
//   JSON  "{" alone on the first line ... "}" alone on a line (Hugo). For
//         JSON the braces belong to the value: parse text[begin, end).
// An opening fence that is never closed means no front matter, and a Warning
// at line 1 is appended to `diags` (when given).
FrontMatter detect_front_matter(std::string_view text, std::vector<Diagnostic>* diags = nullptr);

// Length of a UTF-8 byte order mark at the start of `text` (0 or 3).
size_t bom_length(std::string_view text);

}  // namespace sheaf
