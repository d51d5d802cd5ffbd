// Sheaf core: a fast path for the plain YAML front matter most posts use.
//
// Accepts only this subset, line by line:
//   key: plain scalar        key: "double quoted"     key: 'single quoted'
//   key: [a, "b", 'c']       key:  (null)             # comments, blank lines
//   key:
//     - block list item      (items: plain or quoted scalars, one per line)
// Keys are plain words at column 0. The result is exactly what the yaml-cpp
// path produces (same kinds, scalars and lines). Anything else (anchors,
// aliases, tags, block scalars, nested maps, flow maps, multi-line scalars,
// tabs, rare escapes, duplicate keys, invalid YAML) makes it decline, and the
// caller then runs yaml-cpp, which also owns every diagnostic.
#pragma once
#include <string_view>
#include <vector>

#include "core/document.h"

namespace sheaf {

// Parses front matter content `src` whose first line is file line
// `base_line`. Returns false (and leaves `out` empty) when the content is
// outside the subset; true with the properties in file order otherwise.
bool parse_yaml_fast(std::string_view src, int base_line, std::vector<Property>& out);

// On by default. Tests and benchmarks turn it off to compare with yaml-cpp.
void set_yaml_fast_path(bool on);
bool yaml_fast_path_enabled();

}  // namespace sheaf
