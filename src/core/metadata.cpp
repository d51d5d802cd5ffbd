// Sheaf core: normalized metadata with Jekyll semantics.
//
// [SECTION] Dates
// [SECTION] File names
// [SECTION] Tags and categories
// [SECTION] Document metadata
#include "core/metadata.h"

#include <cstdio>

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Dates
//-----------------------------------------------------------------------------

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads between min and max digits at s[i]; advances i.
static bool read_int(std::string_view s, size_t& i, int min, int max, int* out) {
  int n = 0, v = 0;
  while (i < s.size() && n < max && is_digit(s[i])) { v = v * 10 + (s[i] - '0'); i++; n++; }
  if (n < min || (i < s.size() && is_digit(s[i]))) return false;
  *out = v;
  return true;
}

static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
static int days_in_month(int y, int m) {
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

bool parse_date(std::string_view s, DateTime* out) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  DateTime d;
  size_t i = 0;
  if (!read_int(s, i, 4, 4, &d.year) || i >= s.size() || s[i++] != '-') return false;
  if (!read_int(s, i, 1, 2, &d.month) || i >= s.size() || s[i++] != '-') return false;
  if (!read_int(s, i, 1, 2, &d.day)) return false;
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > days_in_month(d.year, d.month)) return false;
  if (i < s.size()) {
    if (s[i] == 'T' || s[i] == 't') i++;
    else if (s[i] == ' ' || s[i] == '\t') { while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) i++; }
    else return false;
    d.has_time = true;
    if (!read_int(s, i, 1, 2, &d.hour) || i >= s.size() || s[i++] != ':') return false;
    if (!read_int(s, i, 2, 2, &d.minute)) return false;
    if (i < s.size() && s[i] == ':') {
      i++;
      if (!read_int(s, i, 2, 2, &d.second)) return false;
      if (i < s.size() && s[i] == '.') {
        i++;
        size_t f = i;
        while (i < s.size() && is_digit(s[i])) i++;
        if (i == f) return false;
        d.fraction.assign(s.substr(f, i - f));
      }
    }
    if (d.hour > 23 || d.minute > 59 || d.second > 60) return false;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) i++;
    if (i < s.size()) {
      if (s[i] == 'Z' || s[i] == 'z') { d.has_offset = d.zulu = true; i++; }
      else if (s[i] == '+' || s[i] == '-') {
        int sign = s[i++] == '-' ? -1 : 1, oh = 0, om = 0;
        size_t start = i;
        while (i < s.size() && is_digit(s[i])) i++;
        size_t n = i - start;
        if (n == 4) { oh = (s[start] - '0') * 10 + (s[start + 1] - '0'); om = (s[start + 2] - '0') * 10 + (s[start + 3] - '0'); }
        else if (n == 1 || n == 2) {
          size_t k = start;
          read_int(s, k, 1, 2, &oh);
          if (i < s.size() && s[i] == ':') { i++; if (!read_int(s, i, 2, 2, &om)) return false; }
        } else return false;
        if (oh > 23 || om > 59) return false;
        d.has_offset = true;
        d.offset_minutes = sign * (oh * 60 + om);
      } else return false;
    }
    if (i != s.size()) return false;
  }
  if (out) *out = std::move(d);
  return true;
}

std::string format_iso(const DateTime& d) {
  char buf[64];
  snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  std::string s = buf;
  if (!d.has_time) return s;
  snprintf(buf, sizeof buf, "T%02d:%02d:%02d", d.hour, d.minute, d.second);
  s += buf;
  if (!d.fraction.empty()) s += "." + d.fraction;
  if (d.zulu) s += "Z";
  else if (d.has_offset) {
    int off = d.offset_minutes < 0 ? -d.offset_minutes : d.offset_minutes;
    snprintf(buf, sizeof buf, "%c%02d:%02d", d.offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
    s += buf;
  }
  return s;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's method).
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = unsigned(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + int64_t(doe) - 719468;
}

int64_t date_seconds(const DateTime& d) {
  int64_t t = days_from_civil(d.year, unsigned(d.month), unsigned(d.day)) * 86400;
  if (d.has_time) t += d.hour * 3600 + d.minute * 60 + d.second - int64_t(d.offset_minutes) * 60;
  return t;
}

//-----------------------------------------------------------------------------
// [SECTION] File names
//-----------------------------------------------------------------------------

static std::string_view base_name(std::string_view path) {
  size_t slash = path.find_last_of("/\\");
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// Length of a date prefix ("2024-02-25-", and Jekyll's unpadded "2017-2-5-")
// when the name has one with a real date; 0 otherwise.
static size_t date_prefix(std::string_view name, DateTime* out) {
  size_t i = 0;
  DateTime d;
  if (!read_int(name, i, 4, 4, &d.year) || i >= name.size() || name[i++] != '-') return 0;
  if (!read_int(name, i, 1, 2, &d.month) || i >= name.size() || name[i++] != '-') return 0;
  if (!read_int(name, i, 1, 2, &d.day) || i >= name.size() || name[i] != '-') return 0;
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > days_in_month(d.year, d.month)) return 0;
  if (out) *out = d;
  return i + 1;
}

// Jekyll's title from a slug: each '-' separated word capitalized the way
// Ruby's String#capitalize does it (first letter up, the rest down; only
// ASCII letters change, so Hangul is kept as it is). '_' also reads as a space.
std::string title_from_file_name(std::string_view path) {
  std::string_view name = base_name(path);
  size_t dot = name.rfind('.');
  if (dot != std::string_view::npos && dot > 0) name = name.substr(0, dot);
  size_t p = date_prefix(name, nullptr);
  if (p && p < name.size()) name.remove_prefix(p);
  std::string t;
  t.reserve(name.size());
  bool word_start = true;
  for (char c : name) {
    if (c == '-') {
      t += ' ';
      word_start = true;
      continue;
    }
    if (c >= 'a' && c <= 'z' && word_start) c = char(c - 'a' + 'A');
    else if (c >= 'A' && c <= 'Z' && !word_start) c = char(c - 'A' + 'a');
    t += c == '_' ? ' ' : c;
    word_start = false;
  }
  return t;
}

bool date_from_file_name(std::string_view path, DateTime* out) {
  return date_prefix(base_name(path), out) != 0;
}

//-----------------------------------------------------------------------------
// [SECTION] Tags and categories
//-----------------------------------------------------------------------------

static void add_name(std::string_view n, std::vector<std::string>& out) {
  bool blank = true;
  for (char c : n)
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') { blank = false; break; }
  if (blank) return;
  for (const std::string& e : out)
    if (e == n) return;
  out.emplace_back(n);
}

static void split_words(std::string_view s, std::vector<std::string>& out) {
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f' || s[i] == '\v')) i++;
    size_t b = i;
    while (i < s.size() && !(s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f' || s[i] == '\v')) i++;
    if (i > b) add_name(s.substr(b, i - b), out);
  }
}

void collect_names(const Value& v, bool split_strings, std::vector<std::string>& out) {
  if (v.kind == Value::Kind::Null || v.kind == Value::Kind::Map) return;
  if (v.is_scalar()) {
    if (split_strings && v.kind == Value::Kind::String) split_words(v.scalar, out);
    else add_name(v.scalar, out);
    return;
  }
  // Flatten nested lists with an explicit stack (depth is already bounded by
  // the parser, but this keeps the walk flat anyway).
  std::vector<std::pair<const Value*, size_t>> todo{{&v, 0}};
  while (!todo.empty()) {
    auto& [list, idx] = todo.back();
    if (idx >= list->items.size()) { todo.pop_back(); continue; }
    const Value& item = list->items[idx++];
    if (item.kind == Value::Kind::List) todo.push_back({&item, 0});
    else if (item.is_scalar() && item.kind != Value::Kind::Null) add_name(item.scalar, out);
  }
}

static const Property* find_last(const std::vector<Property>& props, std::string_view key) {
  for (size_t i = props.size(); i-- > 0;)
    if (props[i].key == key) return &props[i];
  return nullptr;
}

std::string_view names_from_properties(const std::vector<Property>& props, std::string_view singular,
                                       std::string_view plural, std::vector<std::string>& out) {
  if (const Property* p = find_last(props, singular); p && p->value.kind != Value::Kind::Null) {
    collect_names(p->value, false, out);
    return singular;
  }
  if (const Property* p = find_last(props, plural)) {
    collect_names(p->value, true, out);
    return plural;
  }
  return {};
}

//-----------------------------------------------------------------------------
// [SECTION] Document metadata
//-----------------------------------------------------------------------------

static std::string first_heading_text(const Document& doc) {
  if (!doc.headings.empty()) return doc.headings.front().text;
  // No outline collected: walk the tree for the first Heading's text nodes.
  const auto& nodes = doc.tree.nodes;
  for (size_t i = 0; i < nodes.size(); i++) {
    if (nodes[i].type != NodeType::Heading) continue;
    std::string t;
    for (size_t j = i + 1; j < nodes.size(); j++) {
      // Nodes of the heading's subtree follow it; stop when we leave it.
      uint32_t p = nodes[j].parent;
      while (p != kNoNode && p != i) p = p < nodes.size() ? nodes[p].parent : kNoNode;
      if (p != i) break;
      if (nodes[j].type == NodeType::Text || nodes[j].type == NodeType::CodeSpan) t += doc.tree.text(nodes[j], doc.text);
      else if (nodes[j].type == NodeType::SoftBreak) t += ' ';
    }
    return t;
  }
  return {};
}

static bool is_blank(std::string_view s) {
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  return true;
}

void normalize_metadata(Document& doc) {
  // Title: front matter, then the first heading, then the file name.
  doc.title.clear();
  const Property* title = find_last(doc.properties, "title");
  if (title && title->value.is_scalar() && title->value.kind != Value::Kind::Null && !is_blank(title->value.scalar)) {
    doc.title = title->value.scalar;
    doc.title_source = TitleSource::FrontMatter;
  } else if (std::string h = first_heading_text(doc); !is_blank(h)) {
    doc.title = std::move(h);
    doc.title_source = TitleSource::Heading;
  } else {
    doc.title = title_from_file_name(doc.path);
    doc.title_source = TitleSource::FileName;
  }

  // Date: front matter, then the file name prefix.
  doc.date.clear();
  doc.date_key = 0;
  DateTime d;
  bool have = false;
  if (const Property* p = find_last(doc.properties, "date"); p && p->value.kind != Value::Kind::Null) {
    if (p->value.is_scalar() && parse_date(p->value.scalar, &d)) have = true;
    else {
      std::string shown = p->value.is_scalar() ? "'" + p->value.scalar + "'" : std::string("a ") + kind_name(p->value.kind);
      doc.diagnostics.push_back({Severity::Warning, p->line, 1, "date: " + shown + " is not a date (expected YYYY-MM-DD or YYYY-MM-DD HH:MM:SS +ZZZZ)"});
    }
  }
  if (!have) have = date_from_file_name(doc.path, &d);
  if (have) {
    doc.date = format_iso(d);
    doc.date_key = date_seconds(d);
  }

  doc.tags.clear();
  doc.categories.clear();
  names_from_properties(doc.properties, "tag", "tags", doc.tags);
  names_from_properties(doc.properties, "category", "categories", doc.categories);
}

}  // namespace sheaf
