// Sheaf core: front matter text -> typed properties (YAML, TOML, JSON).
//
// [SECTION] Scalars
// [SECTION] Properties
// [SECTION] Layout (where each top-level key sits, for lossless edits)
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Scalars
//-----------------------------------------------------------------------------

// Kind of an unquoted YAML scalar under the YAML 1.2 core schema (Null for
// "", "~", "null"; Bool for true/false; Number; Date for YAML timestamps; else String).
Value::Kind classify_plain_scalar(std::string_view s);
bool looks_like_number(std::string_view s);
bool looks_like_bool(std::string_view s);  // 1.2 core only: true/false in three casings
bool looks_like_null(std::string_view s);

//-----------------------------------------------------------------------------
// [SECTION] Properties
//-----------------------------------------------------------------------------

// Limits on what one front matter may expand to (aliases can multiply it).
constexpr size_t kMaxValueNodes = 100000;
constexpr size_t kMaxValueBytes = 16u << 20;
constexpr int kMaxValueDepth = 256;

struct PropertyLayout;

// Parses the front matter found in `text` into `out` (top-level keys in file
// order). Problems become diagnostics with file line/columns; never throws.
// When `layout` is given (YAML and JSON only), it receives one entry per
// property describing where its key and value sit in `text`.
void parse_properties(std::string_view text, const FrontMatter& fm, std::vector<Property>& out,
                      std::vector<Diagnostic>& diags, std::vector<PropertyLayout>* layout = nullptr);

//-----------------------------------------------------------------------------
// [SECTION] Layout
//-----------------------------------------------------------------------------

// One scalar (or alias) that is a direct item of a sequence inside a
// top-level value, e.g. each tag of "tags: [a, 'b']".
struct ItemSpan {
  size_t pos = 0;  // offset in the file of the item's first byte (quote included)
  char quote = 0;  // 0 plain, '"' or '\'' quoted, '|' block scalar, '*' alias, '~' empty/null
  int depth = 0;   // 1 = item of the top-level value itself, 2 = of a list inside it...
  bool in_flow = false;  // its sequence is a flow sequence "[...]"
  std::string value;     // decoded text
};

enum class ValueStyle : uint8_t { Empty, Plain, Quoted, BlockScalar, Flow, Block, Alias };

struct PropertyLayout {
  std::string key;
  bool key_plain = true;
  size_t key_pos = 0;    // offset in the file of the key's first byte
  int line = 0;          // 1-based file line of the key
  ValueStyle style = ValueStyle::Empty;
  size_t value_pos = 0;  // offset of the value's first byte (meaningless when Empty)
  char quote = 0;        // for Quoted: '"' or '\''
  std::vector<size_t> items;  // direct items of a top-level sequence value: offsets
  std::vector<ItemSpan> spans;
};

}  // namespace sheaf
