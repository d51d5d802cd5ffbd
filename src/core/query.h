// Sheaf core: the library query language, shared by the sidebar search box
// and `sheaf-cli query`.
//
//   tag:x  cat:y  key:value  has:key      facet and property filters
//   after:2022-01-01  before:2022-03      dates (YYYY, YYYY-MM or YYYY-MM-DD)
//   date:2022-03                          posts dated inside that year/month/day
//   "exact phrase"  word                  full text over title and body
//   -term  -(group)                       negation
//   a OR b   (a b)   a AND b              AND is implied between terms
//   tag:"Deep Learning"                   quoted values
//   is:draft  is:unpublished  is:future   a Jekyll site's publishing state
//
// after:P keeps posts dated on or after the first day of P; before:P keeps
// posts dated before the first day of P. So `after:2022 before:2023` is the
// year 2022. Posts without a date never satisfy a date term.
//
// Matching folds ASCII and Latin-1 letters to lower case; Hangul and every
// other script match byte for byte on the UTF-8 text as typed.
//
// Index of this header:
// [SECTION] Case folding
// [SECTION] Query tree
// [SECTION] Parsing

#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/unicode.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Case folding
//-----------------------------------------------------------------------------

// fold() and fold_append() come from core/unicode.h.

// Parses "2022", "2022-03" or "2022-03-05" into a day number yyyymmdd (the
// first day of the period) and the first day after the period. False when
// malformed or out of range.
bool parse_period(std::string_view s, int32_t* first_day, int32_t* end_day);

//-----------------------------------------------------------------------------
// [SECTION] Query tree
//-----------------------------------------------------------------------------

enum class QueryOp : uint8_t {
  All,       // matches everything (the empty query)
  And, Or,   // children
  Not,       // one child
  Tag, Category, Property, Has,  // value (folded); Property also has key
  After, Before, InPeriod,       // day numbers in lo/hi
  Text,      // value = folded word or phrase, matched as a substring
  Is,        // value: "draft", "unpublished" or "future" (a Jekyll site's publishing state)
};

// Nodes live in one vector; children are listed by index, so evaluation can
// walk the tree without recursing on user input depth (which the parser also
// bounds anyway).
struct QueryNode {
  QueryOp op = QueryOp::All;
  std::string key;    // Property: folded key
  std::string value;  // folded value / text
  int32_t lo = 0, hi = 0;
  std::vector<uint32_t> children;
};

struct QueryError {
  std::string message;  // full sentence, names the token and its column
  std::string token;    // the offending text ("" at the end of input)
  size_t pos = 0;       // byte offset of the token in the query
  size_t len = 0;       // byte length of the token
  int column = 0;       // 1-based, counting characters (not bytes)
  bool failed() const { return !message.empty(); }
};

struct Query {
  std::string source;
  std::vector<QueryNode> nodes;  // nodes[root]
  uint32_t root = 0;
  std::vector<std::string> text_terms;  // folded words/phrases used positively, for highlighting
  bool empty() const { return nodes.empty() || nodes[root].op == QueryOp::All; }
};

//-----------------------------------------------------------------------------
// [SECTION] Parsing
//-----------------------------------------------------------------------------

constexpr int kMaxQueryDepth = 32;  // nested groups beyond this are an error

// Parses `text`. On failure returns false and fills `err`; `out` is then the
// empty query. Never throws.
bool parse_query(std::string_view text, Query& out, QueryError& err);

// The top-level pieces of a query as typed: each term (with its '-'), each
// parenthesized group, each OR/AND. Byte ranges into the text; used by the
// sidebar to show filters as removable chips. Unbalanced input still splits.
struct QueryPart {
  size_t pos = 0, len = 0;
  bool negated = false;
  bool group = false;    // "( ... )"
  bool keyword = false;  // OR / AND
  std::string field;     // folded field name of a field term ("tag", "after", ...), else ""
  std::string value;     // the value as typed, unquoted
};
std::vector<QueryPart> split_query(std::string_view text);

// Removes one part (and the spaces it leaves behind) from a query string.
std::string remove_query_part(std::string_view text, const QueryPart& part);

// Quotes a value for use in a query when needed: Deep Learning -> "Deep Learning".
std::string quote_query_value(std::string_view v);

}  // namespace sheaf
