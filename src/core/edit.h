// Sheaf core: lossless front matter edits.
//
// Each edit works on the file's bytes and rewrites only the lines of the key
// it touches (for a block list: the key line and its item lines; for a flow
// list or a tag inside one: just those bytes). Everything else — comments,
// key order, quoting, flow or block style, CRLF, the body — stays identical.
// Only YAML front matter is edited; TOML and JSON give an error.
#pragma once
#include <string>
#include <string_view>

#include "core/document.h"

namespace sheaf {

struct EditResult {
  bool ok = false;
  bool changed = false;  // false when the file already said so (text == input)
  std::string text;      // the new file (the input itself when !ok or !changed)
  std::string error;     // why not, when !ok
  // The bytes that changed: input[begin, old_end) became text[begin, new_end).
  size_t begin = 0, old_end = 0, new_end = 0;
};

// Sets a top-level key to `v` (scalar, list or map). An existing key keeps its
// position, its spelling and, for lists, its flow or block style and item
// indent; a quoted string stays quoted with the same quote. A new key goes
// after the last one. A file without front matter gets "---\nkey: v\n---\n".
// Why the edits below would refuse `text` ("" when they would not): TOML or
// JSON front matter, an unclosed fence, a front-matter error. A form can say
// so up front instead of after the first change.
std::string why_not_editable(std::string_view text);

EditResult set_property(std::string_view text, std::string_view key, const Value& v);

// Removes a top-level key and its value lines. Missing key: ok, unchanged.
EditResult remove_property(std::string_view text, std::string_view key);

// Tag-like lists. `field` is the plural key ("tags", "categories"); when the
// file uses the singular key ("tag", "category") that one is edited, as
// Jekyll reads it. Adding a name already present, or removing or renaming a
// missing one, is ok and unchanged. A whitespace string ("tags: a b") is
// turned into a flow list when it has to change shape.
EditResult add_tag(std::string_view text, std::string_view field, std::string_view name);
EditResult remove_tag(std::string_view text, std::string_view field, std::string_view name);
EditResult rename_tag(std::string_view text, std::string_view field, std::string_view from, std::string_view to);

// YAML text for a string: plain when that reads back as the same string,
// else quoted (`prefer` '\'' or '"' picks the quote). `flow` is for items
// inside [ ] or { }, where , [ ] { } also need quoting.
std::string yaml_scalar(std::string_view s, bool flow, char prefer = 0);
bool yaml_needs_quotes(std::string_view s, bool flow);

}  // namespace sheaf
