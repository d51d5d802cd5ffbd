// Sheaf core: the document model.
//
// A Document is one Markdown file: its bytes exactly as stored, the front
// matter found in them, the typed properties, the normalized metadata
// (title, date, tags, categories), the diagnostics, and the Markdown block
// tree of the body. Everything here is plain data; nothing draws.
//
// Index of this header:
// [SECTION] Diagnostics
// [SECTION] Property values
// [SECTION] Front matter
// [SECTION] Markdown tree
// [SECTION] Document

#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Diagnostics
//-----------------------------------------------------------------------------

enum class Severity : uint8_t { Info, Warning, Error };

// Lines and columns are 1-based and count in the whole file (front matter
// included). Columns count bytes. line == 0 means "the file as a whole".
struct Diagnostic {
  Severity severity = Severity::Warning;
  int line = 0;
  int column = 0;
  std::string message;
};

const char* severity_name(Severity s);

//-----------------------------------------------------------------------------
// [SECTION] Property values
//-----------------------------------------------------------------------------

// A typed front-matter value. Scalars keep their text as written (after YAML
// unquoting), so "007" stays "007" and dates keep their original spelling.
struct Value {
  enum class Kind : uint8_t { Null, String, Number, Bool, Date, List, Map };
  Kind kind = Kind::Null;
  std::string scalar;                                  // String, Number, Bool, Date
  std::vector<Value> items;                            // List
  std::vector<std::pair<std::string, Value>> entries;  // Map, in file order

  // Declared here, defaulted in document.cpp: clang 14 with libstdc++ cannot
  // instantiate std::pair<std::string, Value> while Value's implicit members
  // are still being worked out (breaks the clang/libFuzzer build otherwise).
  Value();
  Value(const Value&);
  Value(Value&&) noexcept;
  Value& operator=(const Value&);
  Value& operator=(Value&&) noexcept;
  ~Value();

  bool is_scalar() const { return kind != Kind::List && kind != Kind::Map; }
  const Value* find(std::string_view key) const;  // Map lookup, nullptr if absent
};

const char* kind_name(Value::Kind k);

// One top-level key of the front matter, in file order.
struct Property {
  std::string key;
  Value value;
  int line = 0;  // 1-based line of the key in the file
};

//-----------------------------------------------------------------------------
// [SECTION] Front matter
//-----------------------------------------------------------------------------

enum class FrontMatterFormat : uint8_t { None, Yaml, Toml, Json };

// Byte offsets into Document::text. When format == None, body_begin is 0
// (or 3 when the file starts with a UTF-8 BOM) and the rest are 0.
// For Json the "{" and "}" lines are the fences, but they belong to the
// value: the JSON text is text[begin, end).
struct FrontMatter {
  FrontMatterFormat format = FrontMatterFormat::None;
  size_t begin = 0;          // first byte of the opening fence (after a BOM)
  size_t content_begin = 0;  // first byte after the opening fence line
  size_t content_end = 0;    // first byte of the closing fence line
  size_t end = 0;            // first byte after the closing fence line
  size_t body_begin = 0;     // where the Markdown body starts
  int content_line = 0;      // 1-based line number of content_begin
  bool crlf = false;         // the fence lines end with CRLF
};

//-----------------------------------------------------------------------------
// [SECTION] Markdown tree
//-----------------------------------------------------------------------------

// Nodes live in one flat vector, linked by index, so a tree of any depth is
// built and walked without recursion. Index 0 is the Document root.
enum class NodeType : uint8_t {
  // blocks
  Document, Quote, BulletList, OrderedList, ListItem, ThematicBreak, Heading,
  CodeBlock, HtmlBlock, Paragraph, Table, TableHead, TableBody, TableRow,
  TableHeaderCell, TableCell,
  // blocks the Jekyll pass adds (core/jekyll_blocks.h, core/liquid.h):
  // Callout: GitHub alert, Obsidian callout or kramdown notice (level = CalloutKind);
  // FootnoteDef: a "[^id]:" definition; TocBlock: kramdown's "{:toc}";
  // ExcerptBreak: "<!--more-->" or the site's separator; AttributeLine: a
  // kramdown "{: ...}" line, kept in the tree for its range, never drawn.
  Callout, FootnoteDef, TocBlock, ExcerptBreak, AttributeLine,
  // inlines
  Text, SoftBreak, HardBreak, Emphasis, Strong, Strikethrough, Underline,
  Link, Image, CodeSpan, HtmlInline, LatexMath, WikiLink,
  // inlines the Jekyll pass adds: a "[^id]" reference, a Liquid "{% %}"/"{{ }}" chip.
  FootnoteRef, LiquidTag,
};

bool is_block(NodeType t);
const char* node_type_name(NodeType t);

enum class Align : uint8_t { Default, Left, Center, Right };

constexpr uint32_t kNoNode = 0xffffffffu;

struct Node {
  NodeType type = NodeType::Document;
  uint8_t level = 0;      // Heading: 1..6
  uint8_t task = 0;       // ListItem: 0 not a task, 1 "[ ]", 2 "[x]"
  Align align = Align::Default;  // table cells
  bool tight = false;     // lists
  char mark = 0;          // list bullet ('-', '*', '+') or ordered delimiter ('.', ')'); code fence char
  uint32_t start = 0;     // OrderedList: first number
  uint32_t parent = kNoNode, first_child = kNoNode, last_child = kNoNode, next_sibling = kNoNode;
  // Byte range of the node in Document::text (whole lines for blocks).
  uint32_t src_begin = 0, src_end = 0;
  // Text content for Text/CodeSpan/CodeBlock/Html*/LatexMath: a range either in
  // Document::text (zero copy) or, for decoded entities and joined code lines,
  // in MarkdownTree::pool.
  uint32_t text_begin = 0, text_len = 0;
  bool text_in_pool = false;
  // Link/Image: destination and title; CodeBlock: info string. Ranges in pool.
  uint32_t href_begin = 0, href_len = 0;
  uint32_t title_begin = 0, title_len = 0;
  // ListItem: byte offset in Document::text of the task mark's 'x' or ' '.
  uint32_t task_mark_offset = 0;
  // Link: bit 1 set for an autolink (<http://...> or a permissive URL/e-mail/www link).
  // Link/Image: bit 2 set when a title was given (even an empty one).
  // HardBreak: 1 when it comes from a raw <br> tag rather than Markdown syntax.
  uint8_t flags = 0;
};

// A place where the parse stopped keeping part of the tree because a bound in
// core/limits.h was reached. The text is untouched; parse_document turns each
// cut into a located Warning.
struct TreeCut {
  enum class Kind : uint8_t { TableRows, Nesting, Spans, Nodes };
  Kind kind = Kind::Nodes;
  uint32_t offset = 0;  // byte in Document::text where the cut part begins
  std::string message;  // e.g. "table of 6,400,000 cells, over the 100,000 …"
};

struct MarkdownTree {
  std::vector<Node> nodes;
  std::string pool;
  std::vector<TreeCut> cuts;  // empty unless a limit was reached
  // Derived indexes, filled by parse_markdown and kept by the incremental
  // re-parse, so per-keystroke work need not chase the root's sibling links.
  // Both may be empty for a hand-built tree: readers then walk the links.
  std::vector<uint32_t> top;  // the root's children (node indices), in order
  // Node indices (sorted) of the top-level lists and quotes that md4c's blank
  // list item check may parse differently when moved (may_hit_list_check in
  // core/markdown.h). Set by full parses only; meaningless when `top` is empty.
  std::vector<uint32_t> risky_lists;
  const std::vector<uint32_t>& top_blocks() const { return top; }

  std::string_view text(const Node& n, std::string_view source) const {
    return n.text_in_pool ? std::string_view(pool).substr(n.text_begin, n.text_len)
                          : source.substr(n.text_begin, n.text_len);
  }
  std::string_view href(const Node& n) const { return std::string_view(pool).substr(n.href_begin, n.href_len); }
  std::string_view title(const Node& n) const { return std::string_view(pool).substr(n.title_begin, n.title_len); }
  // CodeBlock: the whole info string and its first word (the language).
  // Stored in the href and title ranges respectively.
  std::string_view info(const Node& n) const { return href(n); }
  std::string_view lang(const Node& n) const { return title(n); }
};

//-----------------------------------------------------------------------------
// [SECTION] Document
//-----------------------------------------------------------------------------

enum class TitleSource : uint8_t { FrontMatter, Heading, FileName };

struct Heading {
  int level = 0;
  std::string text;    // plain text of the heading
  std::string anchor;  // GitHub-style slug, unique within the document
  uint32_t node = 0;   // index in the tree
  uint32_t src_begin = 0;
};

struct Document {
  std::string path;  // as given by the storage (relative to the notebook root)
  std::string text;  // the file's bytes, never modified by parsing

  FrontMatter front_matter;
  std::vector<Property> properties;
  std::vector<Diagnostic> diagnostics;

  // Normalized metadata (Jekyll semantics).
  std::string title;
  TitleSource title_source = TitleSource::FileName;
  std::string date;      // ISO 8601: "2024-02-25" or "2024-02-25T10:00:00+09:00"; empty when unknown
  int64_t date_key = 0;  // seconds since 1970 UTC for sorting; 0 when unknown
  std::vector<std::string> tags;
  std::vector<std::string> categories;

  // Jekyll's excerpt_separator, as the parse was given it: a top-level block
  // that is exactly this is an ExcerptBreak. The re-parse after an edit keeps it.
  std::string excerpt_separator = "<!--more-->";

  MarkdownTree tree;              // body only; src ranges still index into text
  std::vector<Heading> headings;  // in document order
  size_t word_count = 0;
  // kramdown attributes the preview does not apply ("{: style=...}", ALDs,
  // "{::options}"), with their 1-based lines; the properties form lists them.
  std::vector<std::pair<int, std::string>> unknown_attributes;

  const Property* property(std::string_view key) const;
  bool has_errors() const;
};

// Parses everything. Never throws, never modifies `text`.
Document parse_document(std::string path, std::string text);
// As parse_document, with the site's excerpt separator ("" for none).
Document parse_document(std::string path, std::string text, std::string_view excerpt_separator);

// As parse_document, but leaves `tree`, `headings` and `word_count` empty when
// the front matter gives the title: the library index uses nothing else from
// the body, and the Markdown tree is most of the parse time.
Document parse_document_for_index(std::string path, std::string text);

// The whole-file checks parse_document starts with (size, binary, NUL, long
// lines, UTF-8): appends their diagnostics; false when the file looks binary.
// Shared with the incremental re-parse (core/incremental.h).
bool check_content(const std::string& text, std::vector<Diagnostic>& diags);
void check_size(size_t size, std::vector<Diagnostic>& diags);  // its first part: the "large file" warning

}  // namespace sheaf
