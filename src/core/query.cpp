// Sheaf core: query language parser (see query.h for the grammar).
//
// Index of this file:
// [SECTION] Case folding and dates
// [SECTION] Tokens
// [SECTION] Parser

#include "core/query.h"

#include <cstring>

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Case folding and dates
//-----------------------------------------------------------------------------

// Case folding (fold, fold_append) lives in core/unicode.cpp.

static int days_in_month(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return kDays[m - 1];
}

static bool read_digits(std::string_view s, size_t at, size_t count, int* out) {
  if (at + count > s.size()) return false;
  int v = 0;
  for (size_t i = at; i < at + count; i++) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

bool parse_period(std::string_view s, int32_t* first_day, int32_t* end_day) {
  int y = 0, m = 0, d = 0;
  if (!read_digits(s, 0, 4, &y) || y == 0) return false;
  if (s.size() == 4) {
    *first_day = y * 10000 + 101;
    *end_day = (y + 1) * 10000 + 101;
    return true;
  }
  if (s.size() < 7 || s[4] != '-' || !read_digits(s, 5, 2, &m) || m < 1 || m > 12) return false;
  if (s.size() == 7) {
    *first_day = y * 10000 + m * 100 + 1;
    *end_day = m == 12 ? (y + 1) * 10000 + 101 : y * 10000 + (m + 1) * 100 + 1;
    return true;
  }
  if (s.size() != 10 || s[7] != '-' || !read_digits(s, 8, 2, &d) || d < 1 || d > days_in_month(y, m)) return false;
  *first_day = y * 10000 + m * 100 + d;
  if (d < days_in_month(y, m)) *end_day = *first_day + 1;
  else if (m < 12) *end_day = y * 10000 + (m + 1) * 100 + 1;
  else *end_day = (y + 1) * 10000 + 101;
  return true;
}

std::string quote_query_value(std::string_view v) {
  bool plain = !v.empty();
  for (char c : v)
    if (c == ' ' || c == '\t' || c == '(' || c == ')' || c == '"' || c == ':') plain = false;
  if (plain && v != "OR" && v != "AND" && v[0] != '-') return std::string(v);
  std::string out = "\"";
  for (char c : v)
    if (c != '"') out += c;  // the language has no escape for quotes; drop them
  out += '"';
  return out;
}

std::vector<QueryPart> split_query(std::string_view t) {
  std::vector<QueryPart> parts;
  size_t i = 0;
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (i < t.size()) {
    while (i < t.size() && space(t[i])) i++;
    if (i >= t.size()) break;
    QueryPart p;
    p.pos = i;
    if (t[i] == '-') {
      p.negated = true;
      i++;
    }
    if (i < t.size() && t[i] == '(') {
      p.group = true;
      int depth = 0;
      bool quoted = false;
      for (; i < t.size(); i++) {
        if (t[i] == '"') quoted = !quoted;
        if (quoted) continue;
        if (t[i] == '(') depth++;
        if (t[i] == ')' && --depth == 0) {
          i++;
          break;
        }
      }
    } else {
      size_t b = i;
      bool quoted = false;
      for (; i < t.size(); i++) {
        if (t[i] == '"') quoted = !quoted;
        if (!quoted && (space(t[i]) || t[i] == '(' || t[i] == ')')) break;
      }
      if (i == b && i < t.size()) i++;  // a stray ')'
      std::string_view w = t.substr(b, i - b);
      p.keyword = !p.negated && (w == "OR" || w == "AND");
      size_t colon = w.find(':');
      if (colon != std::string_view::npos && colon > 0 && w[0] != '"') {
        p.field = fold(w.substr(0, colon));
        w = w.substr(colon + 1);
      }
      if (w.size() >= 2 && w.front() == '"' && w.back() == '"') w = w.substr(1, w.size() - 2);
      p.value = std::string(w);
    }
    p.len = i - p.pos;
    parts.push_back(std::move(p));
  }
  return parts;
}

std::string remove_query_part(std::string_view t, const QueryPart& p) {
  std::string out(t.substr(0, p.pos));
  std::string_view rest = t.substr(std::min(t.size(), p.pos + p.len));
  while (!out.empty() && out.back() == ' ') out.pop_back();
  size_t k = 0;
  while (k < rest.size() && rest[k] == ' ') k++;
  rest = rest.substr(k);
  if (!out.empty() && !rest.empty()) out += ' ';
  out += rest;
  return out;
}

//-----------------------------------------------------------------------------
// [SECTION] Tokens
//-----------------------------------------------------------------------------

namespace {

enum class Tok : uint8_t { End, LParen, RParen, Or, And, Minus, Term };

struct Token {
  Tok kind = Tok::End;
  size_t pos = 0, len = 0;
  std::string field;  // Term: before ':' ("" for text)
  std::string value;  // Term: raw value (unquoted)
  bool quoted = false;
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// A field name looks like an identifier, so "12:30" or ":)" stay text.
bool looks_like_field(std::string_view f) {
  if (f.empty()) return false;
  unsigned char c0 = static_cast<unsigned char>(f[0]);
  if (!(c0 >= 0x80 || c0 == '_' || unsigned((c0 | 0x20) - 'a') < 26u)) return false;
  for (unsigned char c : f)
    if (!(c >= 0x80 || c == '_' || c == '-' || c == '.' || unsigned((c | 0x20) - 'a') < 26u || unsigned(c - '0') < 10u)) return false;
  return true;
}

int column_of(std::string_view s, size_t pos) {
  int col = 1;
  for (size_t i = 0; i < pos && i < s.size(); i++)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) col++;
  return col;
}

class Parser {
 public:
  Parser(std::string_view src, Query& q, QueryError& err) : src_(src), q_(q), err_(err) {}

  bool run() {
    if (!next()) return false;
    if (tok_.kind == Tok::End) {
      q_.nodes.push_back(QueryNode{});
      q_.root = 0;
      return true;
    }
    uint32_t root;
    if (!parse_or(0, &root)) return false;
    if (tok_.kind == Tok::RParen) return fail(tok_, "unexpected ')' with no matching '('");
    if (tok_.kind != Tok::End) return fail(tok_, "unexpected token");
    q_.root = root;
    collect_text_terms();
    return true;
  }

 private:
  std::string_view src_;
  Query& q_;
  QueryError& err_;
  size_t at_ = 0;
  Token tok_;

  bool fail_at(size_t pos, size_t len, const std::string& what) {
    err_.pos = pos;
    err_.len = len;
    err_.token = std::string(src_.substr(pos, len));
    err_.column = column_of(src_, pos);
    err_.message = what;
    if (!err_.token.empty()) err_.message += ": '" + err_.token + "'";
    err_.message += " at column " + std::to_string(err_.column);
    return false;
  }
  bool fail(const Token& t, const std::string& what) { return fail_at(t.pos, t.len, what); }

  // Reads a quoted string starting at src_[at_] == '"'. Leaves at_ after the closing quote.
  bool read_quoted(std::string& out, size_t token_start) {
    size_t open = at_;
    size_t close = src_.find('"', open + 1);
    if (close == std::string_view::npos)
      return fail_at(token_start, src_.size() - token_start, "unterminated quote");
    out.assign(src_.substr(open + 1, close - open - 1));
    at_ = close + 1;
    return true;
  }

  bool next() {
    while (at_ < src_.size() && is_space(src_[at_])) at_++;
    tok_ = Token{};
    tok_.pos = at_;
    if (at_ >= src_.size()) {
      tok_.kind = Tok::End;
      return true;
    }
    char c = src_[at_];
    if (c == '(' || c == ')') {
      tok_.kind = c == '(' ? Tok::LParen : Tok::RParen;
      tok_.len = 1;
      at_++;
      return true;
    }
    if (c == '-') {
      at_++;
      tok_.kind = Tok::Minus;
      tok_.len = 1;
      if (at_ >= src_.size() || is_space(src_[at_]) || src_[at_] == ')')
        return fail(tok_, "'-' must be followed by a term");
      if (src_[at_] == '-') return fail_at(tok_.pos, 2, "double negation");
      return true;
    }
    tok_.kind = Tok::Term;
    if (c == '"') {
      tok_.quoted = true;
      if (!read_quoted(tok_.value, tok_.pos)) return false;
      tok_.len = at_ - tok_.pos;
      if (tok_.value.find_first_not_of(" \t\r\n") == std::string::npos) return fail(tok_, "empty phrase");
      return true;
    }
    size_t b = at_;
    while (at_ < src_.size() && !is_space(src_[at_]) && src_[at_] != '(' && src_[at_] != ')' && src_[at_] != '"') at_++;
    std::string_view word = src_.substr(b, at_ - b);
    size_t colon = word.find(':');
    if (colon != std::string_view::npos && looks_like_field(word.substr(0, colon)) &&
        word.substr(colon + 1, 2) != "//") {
      tok_.field.assign(word.substr(0, colon));
      tok_.value.assign(word.substr(colon + 1));
      if (tok_.value.empty() && at_ < src_.size() && src_[at_] == '"') {
        tok_.quoted = true;
        if (!read_quoted(tok_.value, b)) return false;
      }
      tok_.len = at_ - tok_.pos;
      if (tok_.value.empty() && !tok_.quoted) return fail(tok_, "'" + tok_.field + ":' needs a value");
      if (tok_.value.empty()) return fail(tok_, "empty value");
      return true;
    }
    if (at_ < src_.size() && src_[at_] == '"') {
      // a"b: a quote glued to a word is almost certainly a typo.
      return fail_at(b, at_ - b + 1, "a quote must start a new term");
    }
    tok_.len = at_ - tok_.pos;
    tok_.value.assign(word);
    if (word == "OR") tok_.kind = Tok::Or;
    else if (word == "AND") tok_.kind = Tok::And;
    return true;
  }

  uint32_t add(QueryNode n) {
    q_.nodes.push_back(std::move(n));
    return uint32_t(q_.nodes.size() - 1);
  }

  bool parse_or(int depth, uint32_t* out) {
    std::vector<uint32_t> kids;
    uint32_t k;
    if (tok_.kind == Tok::Or) return fail(tok_, "'OR' needs a term before it");
    if (!parse_and(depth, &k)) return false;
    kids.push_back(k);
    while (tok_.kind == Tok::Or) {
      Token or_tok = tok_;
      if (!next()) return false;
      if (tok_.kind == Tok::End || tok_.kind == Tok::RParen || tok_.kind == Tok::Or)
        return fail(or_tok, "'OR' needs a term after it");
      if (!parse_and(depth, &k)) return false;
      kids.push_back(k);
    }
    if (kids.size() == 1) {
      *out = kids[0];
      return true;
    }
    QueryNode n;
    n.op = QueryOp::Or;
    n.children = std::move(kids);
    *out = add(std::move(n));
    return true;
  }

  bool parse_and(int depth, uint32_t* out) {
    std::vector<uint32_t> kids;
    while (tok_.kind != Tok::End && tok_.kind != Tok::RParen && tok_.kind != Tok::Or) {
      if (tok_.kind == Tok::And) {
        Token and_tok = tok_;
        if (kids.empty()) return fail(and_tok, "'AND' needs a term before it");
        if (!next()) return false;
        if (tok_.kind == Tok::End || tok_.kind == Tok::RParen || tok_.kind == Tok::Or || tok_.kind == Tok::And)
          return fail(and_tok, "'AND' needs a term after it");
        continue;
      }
      uint32_t k;
      if (!parse_unary(depth, &k)) return false;
      kids.push_back(k);
    }
    if (kids.empty()) return fail(tok_, tok_.kind == Tok::End ? "expected a term at the end" : "expected a term");
    if (kids.size() == 1) {
      *out = kids[0];
      return true;
    }
    QueryNode n;
    n.op = QueryOp::And;
    n.children = std::move(kids);
    *out = add(std::move(n));
    return true;
  }

  bool parse_unary(int depth, uint32_t* out) {
    if (tok_.kind != Tok::Minus) return parse_primary(depth, out);
    if (!next()) return false;
    uint32_t k;
    if (!parse_primary(depth, &k)) return false;
    QueryNode n;
    n.op = QueryOp::Not;
    n.children.push_back(k);
    *out = add(std::move(n));
    return true;
  }

  bool parse_primary(int depth, uint32_t* out) {
    if (tok_.kind == Tok::LParen) {
      Token open = tok_;
      if (depth + 1 > kMaxQueryDepth)
        return fail(open, "parentheses nested deeper than " + std::to_string(kMaxQueryDepth));
      if (!next()) return false;
      if (tok_.kind == Tok::RParen) return fail_at(open.pos, tok_.pos + 1 - open.pos, "empty parentheses");
      if (!parse_or(depth + 1, out)) return false;
      if (tok_.kind != Tok::RParen) return fail(open, "missing ')' to close this '('");
      return next();
    }
    if (tok_.kind == Tok::RParen) return fail(tok_, "unexpected ')' with no matching '('");
    if (tok_.kind != Tok::Term) return fail(tok_, "expected a term");
    if (!term_node(tok_, out)) return false;
    return next();
  }

  bool term_node(const Token& t, uint32_t* out) {
    QueryNode n;
    if (t.field.empty()) {
      n.op = QueryOp::Text;
      n.value = fold(t.value);
      *out = add(std::move(n));
      return true;
    }
    std::string f = fold(t.field);
    if (f == "tag" || f == "tags") {
      n.op = QueryOp::Tag;
      n.value = fold(t.value);
    } else if (f == "cat" || f == "category" || f == "categories") {
      n.op = QueryOp::Category;
      n.value = fold(t.value);
    } else if (f == "is") {
      n.op = QueryOp::Is;
      n.value = fold(t.value);
      if (n.value == "scheduled") n.value = "future";
      if (n.value != "draft" && n.value != "unpublished" && n.value != "future")
        return fail(t, "is: takes draft, unpublished or future");
    } else if (f == "has") {
      n.op = QueryOp::Has;
      n.value = fold(t.value);
    } else if (f == "after" || f == "before" || f == "date") {
      int32_t first = 0, end = 0;
      if (!parse_period(t.value, &first, &end))
        return fail(t, "not a date (use YYYY, YYYY-MM or YYYY-MM-DD)");
      n.op = f == "after" ? QueryOp::After : f == "before" ? QueryOp::Before : QueryOp::InPeriod;
      n.lo = first;
      n.hi = end;
    } else {
      n.op = QueryOp::Property;
      n.key = f;
      n.value = fold(t.value);
    }
    *out = add(std::move(n));
    return true;
  }

  // Words and phrases that count towards a match (not under a negation) are
  // highlighted in snippets. Explicit stack: the tree is shallow, but flat is free.
  void collect_text_terms() {
    std::vector<std::pair<uint32_t, bool>> stack{{q_.root, false}};
    while (!stack.empty()) {
      auto [i, negated] = stack.back();
      stack.pop_back();
      const QueryNode& n = q_.nodes[i];
      if (n.op == QueryOp::Text && !negated) {
        bool seen = false;
        for (const std::string& s : q_.text_terms) seen |= s == n.value;
        if (!seen) q_.text_terms.push_back(n.value);
      }
      for (size_t k = n.children.size(); k-- > 0;)  // reversed: terms come out in query order
        stack.push_back({n.children[k], negated != (n.op == QueryOp::Not)});
    }
  }
};

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Parser
//-----------------------------------------------------------------------------

bool parse_query(std::string_view text, Query& out, QueryError& err) {
  out = Query{};
  out.source = std::string(text);
  err = QueryError{};
  Parser p(text, out, err);
  if (p.run()) return true;
  out = Query{};
  out.source = std::string(text);
  out.nodes.push_back(QueryNode{});
  return false;
}

}  // namespace sheaf
