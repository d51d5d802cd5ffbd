// Sheaf core: parse_document and the small helpers of the document model.
//
// [SECTION] Names
// [SECTION] Value and Document helpers
// [SECTION] Content checks (binary, UTF-8, size)
// [SECTION] parse_document
#include <cstring>
#include <exception>

#include "core/document.h"
#include "core/frontmatter.h"
#include "core/jekyll_blocks.h"
#include "core/limits.h"
#include "core/markdown.h"
#include "core/metadata.h"
#include "core/properties.h"
#include "core/utf8.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Names
//-----------------------------------------------------------------------------

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::Info: return "info";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "?";
}

const char* kind_name(Value::Kind k) {
  switch (k) {
    case Value::Kind::Null: return "null";
    case Value::Kind::String: return "string";
    case Value::Kind::Number: return "number";
    case Value::Kind::Bool: return "bool";
    case Value::Kind::Date: return "date";
    case Value::Kind::List: return "list";
    case Value::Kind::Map: return "map";
  }
  return "?";
}

//-----------------------------------------------------------------------------
// [SECTION] Value and Document helpers
//-----------------------------------------------------------------------------

Value::Value() = default;
Value::Value(const Value&) = default;
Value::Value(Value&&) noexcept = default;
Value& Value::operator=(const Value&) = default;
Value& Value::operator=(Value&&) noexcept = default;
Value::~Value() = default;

const Value* Value::find(std::string_view key) const {
  if (kind != Kind::Map) return nullptr;
  // Last one wins, as in Jekyll's YAML loader.
  for (size_t i = entries.size(); i-- > 0;)
    if (entries[i].first == key) return &entries[i].second;
  return nullptr;
}

const Property* Document::property(std::string_view key) const {
  for (size_t i = properties.size(); i-- > 0;)
    if (properties[i].key == key) return &properties[i];
  return nullptr;
}

bool Document::has_errors() const {
  for (const Diagnostic& d : diagnostics)
    if (d.severity == Severity::Error) return true;
  return false;
}

//-----------------------------------------------------------------------------
// [SECTION] Content checks
//-----------------------------------------------------------------------------

// Above this a Warning says editing may be slow; the text is still parsed.
static constexpr size_t kLargeDocumentBytes = 8u << 20;

// Returns false when the file looks binary (an Error has been added).
void check_size(size_t size, std::vector<Diagnostic>& diags) {
  if (size > kLargeDocumentBytes)
    diags.push_back({Severity::Warning, 0, 0, "large file (" + std::to_string(size >> 20) + " MB): editing may be slow"});
}

bool check_content(const std::string& text, std::vector<Diagnostic>& diags) {
  check_size(text.size(), diags);

  size_t controls = 0, first_nul = std::string::npos;
  for (size_t i = 0; i < text.size(); i++) {
    unsigned char c = (unsigned char)text[i];
    if (c >= 0x20 && c != 0x7F) continue;
    if (c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v') continue;
    controls++;
    if (c == 0 && first_nul == std::string::npos) first_nul = i;
  }
  // Text files almost never hold control bytes; more than 1% means binary.
  if (controls && controls * 100 > text.size()) {
    diags.push_back({Severity::Error, 0, 0, "binary file: " + std::to_string(controls) + " of " +
                                                std::to_string(text.size()) + " bytes are control characters"});
    return false;
  }
  if (first_nul != std::string::npos) {
    LineCol lc = line_col_at(text, first_nul);
    diags.push_back({Severity::Warning, lc.line, lc.column, "NUL byte in the file"});
  }
  // The viewer lays out at most kMaxLayoutLineBytes of a line: say so at the
  // first longer line, and how many more there are.
  size_t long_lines = 0, first_long = 0, first_long_len = 0;
  for (size_t b = 0; b < text.size();) {
    const void* nl = std::memchr(text.data() + b, '\n', text.size() - b);
    size_t e = nl ? size_t(static_cast<const char*>(nl) - text.data()) : text.size();
    if (e - b > limits::kMaxLayoutLineBytes) {
      if (!long_lines++) { first_long = b; first_long_len = e - b; }
    }
    b = e + 1;
  }
  if (long_lines) {
    LineCol lc = line_col_at(text, first_long);
    char size[32];
    snprintf(size, sizeof size, "%.1f MB", double(first_long_len) / (1 << 20));
    std::string msg = std::string("line of ") + size + ", over the " + std::to_string(limits::kMaxLayoutLineBytes >> 10) +
                      " KB the viewer lays out; showing its first " + std::to_string(limits::kMaxLayoutLineBytes >> 10) + " KB";
    if (long_lines > 1) msg += " (" + std::to_string(long_lines - 1) + " more such lines)";
    diags.push_back({Severity::Warning, lc.line, lc.column, msg});
  }
  size_t bad = 0;
  if (!utf8_valid(text, &bad)) {
    LineCol lc = line_col_at(text, bad);
    char hex[8];
    snprintf(hex, sizeof hex, "0x%02X", (unsigned)(unsigned char)text[bad]);
    diags.push_back({Severity::Warning, lc.line, lc.column, std::string("invalid UTF-8 (byte ") + hex + ")"});
  }
  return true;
}

//-----------------------------------------------------------------------------
// [SECTION] parse_document
//-----------------------------------------------------------------------------

// The title normalize_metadata takes from the front matter, if any (same rule).
static bool front_matter_has_title(const Document& doc) {
  const Property* t = doc.property("title");
  if (!t || !t->value.is_scalar() || t->value.kind == Value::Kind::Null) return false;
  for (char c : t->value.scalar)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return true;
  return false;
}

static Document parse_document_impl(std::string path, std::string text, bool tree_only_for_title,
                                    std::string_view excerpt_separator = "<!--more-->") {
  Document doc;
  doc.excerpt_separator = std::string(excerpt_separator);
  doc.path = std::move(path);
  doc.text = std::move(text);
  try {
    bool textual = check_content(doc.text, doc.diagnostics);
    doc.front_matter = detect_front_matter(doc.text, &doc.diagnostics);
    if (textual) {
      parse_properties(doc.text, doc.front_matter, doc.properties, doc.diagnostics);
      // The index needs the tree only to fall back on the first heading as title.
      if (!(tree_only_for_title && front_matter_has_title(doc))) try {
        MarkdownOptions md;
        md.excerpt_separator = doc.excerpt_separator;
        parse_markdown(doc.text, doc.front_matter.body_begin, doc.tree, md);
        // kramdown attribute lines, notices, {:toc}, alerts (core/jekyll_blocks.h).
        if (doc.tree.cuts.empty()) apply_jekyll_blocks(doc.text, doc.tree, true);
        for (const TreeCut& c : doc.tree.cuts) {
          LineCol lc = line_col_at(doc.text, c.offset);
          doc.diagnostics.push_back({Severity::Warning, lc.line, lc.column, c.message});
        }
        collect_outline(doc);
        collect_unknown_attributes(doc);
      } catch (const std::exception& e) {
        doc.tree = MarkdownTree();
        doc.headings.clear();
        doc.unknown_attributes.clear();
        doc.diagnostics.push_back({Severity::Error, 0, 0, std::string("Markdown: ") + e.what()});
      }
    }
    normalize_metadata(doc);
  } catch (const std::exception& e) {
    doc.diagnostics.push_back({Severity::Error, 0, 0, std::string("could not parse: ") + e.what()});
  } catch (...) {
    doc.diagnostics.push_back({Severity::Error, 0, 0, "could not parse"});
  }
  return doc;
}

Document parse_document(std::string path, std::string text) {
  return parse_document_impl(std::move(path), std::move(text), false);
}

Document parse_document(std::string path, std::string text, std::string_view excerpt_separator) {
  return parse_document_impl(std::move(path), std::move(text), false, excerpt_separator);
}

Document parse_document_for_index(std::string path, std::string text) {
  return parse_document_impl(std::move(path), std::move(text), true);
}

}  // namespace sheaf
