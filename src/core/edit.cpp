// Sheaf core: lossless front matter edits.
//
// The parser tells us where each top-level key, value and list item starts
// (PropertyLayout); a few small scanners find where they end. An edit is a
// list of splices on the original bytes. Before returning, the new text is
// parsed again and must show exactly the requested change; otherwise the
// edit is refused, so a surprise in the input can never mangle a file.
//
// [SECTION] YAML scalars
// [SECTION] Scanners
// [SECTION] Context (parse once, find keys and their lines)
// [SECTION] Splices and verification
// [SECTION] Properties
// [SECTION] Tags and categories
#include "core/edit.h"

#include <algorithm>

#include "core/frontmatter.h"
#include "core/metadata.h"
#include "core/properties.h"
#include "core/utf8.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] YAML scalars
//-----------------------------------------------------------------------------

static bool is_flow_indicator(char c) { return c == ',' || c == '[' || c == ']' || c == '{' || c == '}'; }

bool yaml_needs_quotes(std::string_view s, bool flow) {
  if (s.empty()) return true;
  if (is_space_or_tab(s.front()) || is_space_or_tab(s.back())) return true;
  if (std::string_view("-?:,[]{}#&*!|>'\"%@`").find(s.front()) != std::string_view::npos) return true;
  if (s.substr(0, 3) == "..." || s == "<<") return true;
  for (size_t i = 0; i < s.size(); i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c == 0x7F) return true;
    if (c == ':' && (i + 1 == s.size() || is_space_or_tab(s[i + 1]) || (flow && is_flow_indicator(s[i + 1])))) return true;
    if (c == '#' && i > 0 && is_space_or_tab(s[i - 1])) return true;
    if (flow && is_flow_indicator(char(c))) return true;
  }
  if (classify_plain_scalar(s) != Value::Kind::String) return true;
  // YAML 1.1 readers (Jekyll's) take these as booleans.
  static const char* yaml11[] = {"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
                                 "on", "On", "ON", "off", "Off", "OFF"};
  for (const char* w : yaml11)
    if (s == w) return true;
  return false;
}

static std::string double_quoted(std::string_view s) {
  std::string o = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': o += "\\\""; break;
      case '\\': o += "\\\\"; break;
      case '\n': o += "\\n"; break;
      case '\t': o += "\\t"; break;
      case '\r': o += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7F) {
          char b[8];
          snprintf(b, sizeof b, "\\x%02X", c);
          o += b;
        } else o += char(c);
    }
  }
  return o + "\"";
}

std::string yaml_scalar(std::string_view s, bool flow, char prefer) {
  if (prefer == 0 && !yaml_needs_quotes(s, flow)) return std::string(s);
  bool control = false;
  for (unsigned char c : s) control |= c < 0x20 || c == 0x7F;
  if (prefer == '\'' && !control) {
    std::string o = "'";
    for (char c : s) o += c == '\'' ? std::string("''") : std::string(1, c);
    return o + "'";
  }
  return double_quoted(s);
}

// YAML for a value written inline. Containers become flow collections.
static bool emit_inline(const Value& v, bool flow, char prefer, int depth, std::string& out) {
  if (depth > kMaxValueDepth) return false;
  switch (v.kind) {
    case Value::Kind::Null: out += "null"; return true;
    case Value::Kind::String: out += yaml_scalar(v.scalar, flow, prefer); return true;
    case Value::Kind::Bool:
    case Value::Kind::Number:
    case Value::Kind::Date:
      // Written plain only when it reads back as the same kind.
      if (classify_plain_scalar(v.scalar) == v.kind &&
          (!flow || v.scalar.find_first_of(",[]{}#") == std::string::npos))
        out += v.scalar;
      else out += yaml_scalar(v.scalar, flow, prefer);
      return true;
    case Value::Kind::List:
      out += '[';
      for (size_t i = 0; i < v.items.size(); i++) {
        if (i) out += ", ";
        if (!emit_inline(v.items[i], true, prefer, depth + 1, out)) return false;
      }
      out += ']';
      return true;
    case Value::Kind::Map:
      out += '{';
      for (size_t i = 0; i < v.entries.size(); i++) {
        if (i) out += ", ";
        out += yaml_scalar(v.entries[i].first, true);
        out += ": ";
        if (!emit_inline(v.entries[i].second, true, prefer, depth + 1, out)) return false;
      }
      out += '}';
      return true;
  }
  return false;
}

//-----------------------------------------------------------------------------
// [SECTION] Scanners
//-----------------------------------------------------------------------------

// End of the scalar token starting at `pos` (quoted or plain).
static size_t scalar_end(std::string_view t, size_t pos, bool flow, size_t limit) {
  if (pos >= limit) return pos;
  if (t[pos] == '"') {
    for (size_t i = pos + 1; i < limit; i++) {
      if (t[i] == '\\') i++;
      else if (t[i] == '"') return i + 1;
    }
    return limit;
  }
  if (t[pos] == '\'') {
    for (size_t i = pos + 1; i < limit; i++)
      if (t[i] == '\'') {
        if (i + 1 < limit && t[i + 1] == '\'') i++;
        else return i + 1;
      }
    return limit;
  }
  size_t i = pos;
  for (; i < limit; i++) {
    char c = t[i];
    if (c == '\n' || c == '\r') break;
    if (c == '#' && i > pos && is_space_or_tab(t[i - 1])) break;
    if (c == ':' && (i + 1 >= limit || is_space_or_tab(t[i + 1]) || t[i + 1] == '\n' || t[i + 1] == '\r' ||
                     (flow && is_flow_indicator(t[i + 1]))))
      break;
    if (flow && is_flow_indicator(c)) break;
  }
  while (i > pos && is_space_or_tab(t[i - 1])) i--;
  return i;
}

// Position of the bracket closing the flow collection opened at `open`.
static size_t flow_close(std::string_view t, size_t open, size_t limit) {
  int depth = 0;
  for (size_t i = open; i < limit; i++) {
    char c = t[i];
    if (c == '"' || c == '\'') {
      // A quote opens a quoted scalar only where a scalar starts ("it's" is plain).
      size_t p = i;
      while (p > open && is_space_or_tab(t[p - 1])) p--;
      char before = p > open ? t[p - 1] : '[';
      if (before == '[' || before == '{' || before == ',' || before == ':' || before == '\n') {
        i = scalar_end(t, i, true, limit) - 1;
        continue;
      }
    }
    if (c == '#' && (i == 0 || is_space_or_tab(t[i - 1]) || t[i - 1] == '\n')) {
      while (i < limit && t[i] != '\n') i++;
      continue;
    }
    if (c == '[' || c == '{') depth++;
    else if (c == ']' || c == '}') {
      if (--depth == 0) return i;
    }
  }
  return std::string_view::npos;
}

static size_t line_begin_of(std::string_view t, size_t pos) {
  while (pos > 0 && t[pos - 1] != '\n') pos--;
  return pos;
}

static bool line_is_blank_or_comment(std::string_view t, size_t b, size_t e) {
  size_t i = b;
  while (i < e && is_space_or_tab(t[i])) i++;
  return i >= e || t[i] == '\n' || t[i] == '\r' || t[i] == '#';
}

// Moves `end` (a line start) back over trailing blank and comment-only lines,
// but never before `min_end`.
static size_t trim_trailing_lines(std::string_view t, size_t min_end, size_t end) {
  while (end > min_end) {
    size_t prev = line_begin_of(t, end - 1);
    if (prev < min_end || !line_is_blank_or_comment(t, prev, end)) break;
    end = prev;
  }
  return end;
}

static std::string_view line_ending_at(std::string_view t, size_t line_begin) {
  size_t e = next_line(t, line_begin);
  if (e > line_begin && t[e - 1] == '\n') return e >= line_begin + 2 && t[e - 2] == '\r' ? "\r\n" : "\n";
  return "";
}

//-----------------------------------------------------------------------------
// [SECTION] Context
//-----------------------------------------------------------------------------

namespace {

struct Ctx {
  std::string_view text;
  FrontMatter fm;
  std::vector<Property> props;
  std::vector<PropertyLayout> layout;
  std::string nl = "\n";
};

// Where one top-level key's lines are and how its line reads.
struct KeyLines {
  size_t start = 0;     // start of the key's line
  size_t head_end = 0;  // just after the ':' of "key:"
  size_t end = 0;       // start of the first line after the value
  std::string comment;  // " # ..." after a one-line value, kept on rewrite
  std::string_view eol; // the key line's own line ending
};

struct Splice {
  size_t begin, end;
  std::string with;
};

}  // namespace

static bool fail(EditResult& r, std::string_view text, std::string msg) {
  r.ok = false;
  r.changed = false;
  r.text.assign(text);
  r.error = std::move(msg);
  return false;
}

static bool load(std::string_view text, Ctx& c, EditResult& r) {
  c.text = text;
  std::vector<Diagnostic> diags;
  c.fm = detect_front_matter(text, &diags);
  if (c.fm.format == FrontMatterFormat::Toml) return fail(r, text, "editing TOML front matter is not supported");
  if (c.fm.format == FrontMatterFormat::Json) return fail(r, text, "editing JSON front matter is not supported");
  if (c.fm.format == FrontMatterFormat::None && !diags.empty())
    return fail(r, text, "the file starts with a front matter fence that is never closed; fix it first");
  if (c.fm.format == FrontMatterFormat::Yaml) {
    parse_properties(text, c.fm, c.props, diags, &c.layout);
    for (const Diagnostic& d : diags)
      if (d.severity == Severity::Error)
        return fail(r, text, "front matter has an error at line " + std::to_string(d.line) + " (" + d.message + "); fix it first");
    c.nl = c.fm.crlf ? "\r\n" : "\n";
  } else {
    std::string_view e = line_ending_at(text, 0);
    c.nl = e.empty() ? "\n" : std::string(e);
  }
  return true;
}

std::string why_not_editable(std::string_view text) {
  Ctx c;
  EditResult r;
  return load(text, c, r) ? std::string() : r.error;
}

// Last occurrence: that is the one YAML readers keep.
static int find_key(const Ctx& c, std::string_view key) {
  for (size_t i = c.layout.size(); i-- > 0;)
    if (c.layout[i].key == key && !(c.layout[i].key_plain && key == "<<")) return int(i);
  return -1;
}

static bool key_lines(const Ctx& c, const PropertyLayout& pl, KeyLines& k, EditResult& r) {
  std::string_view t = c.text;
  k.start = line_begin_of(t, pl.key_pos);
  size_t limit = c.fm.content_end;
  // The key token, then the ':'.
  size_t i = scalar_end(t, pl.key_pos, false, limit);
  while (i < limit && is_space_or_tab(t[i])) i++;
  if (i >= limit || t[i] != ':') return fail(r, t, "cannot find the ':' after key '" + pl.key + "'");
  k.head_end = i + 1;
  size_t next = limit;
  for (const PropertyLayout& o : c.layout)
    if (o.key_pos > pl.key_pos && o.key_pos < next) next = o.key_pos;
  size_t first_line_end = next_line(t, k.start);
  k.end = trim_trailing_lines(t, first_line_end, next == limit ? limit : line_begin_of(t, next));
  k.eol = line_ending_at(t, k.start);
  if (k.eol.empty()) k.eol = c.nl;
  // A comment after a one-line value survives a rewrite of that value.
  if (k.end == first_line_end) {
    size_t after = k.head_end;
    if (pl.style == ValueStyle::Plain || pl.style == ValueStyle::Quoted) after = scalar_end(t, pl.value_pos, false, limit);
    else if (pl.style == ValueStyle::Flow) {
      size_t open = t.find_first_of("[{", pl.value_pos);
      size_t close = open < first_line_end ? flow_close(t, open, limit) : std::string_view::npos;
      after = close < first_line_end ? close + 1 : first_line_end;
    }
    size_t j = after;
    while (j < first_line_end && is_space_or_tab(t[j])) j++;
    if (j < first_line_end && t[j] == '#') {
      size_t e = first_line_end;
      while (e > j && (t[e - 1] == '\n' || t[e - 1] == '\r')) e--;
      k.comment.assign(t.substr(after, e - after));
    }
  }
  return true;
}

//-----------------------------------------------------------------------------
// [SECTION] Splices and verification
//-----------------------------------------------------------------------------

static void apply(std::string_view text, std::vector<Splice> sp, EditResult& r) {
  std::sort(sp.begin(), sp.end(), [](const Splice& a, const Splice& b) { return a.begin < b.begin; });
  // Overlapping removals (e.g. two neighbours in one flow list) merge.
  std::vector<Splice> merged;
  for (Splice& s : sp) {
    if (!merged.empty() && s.begin < merged.back().end) {
      merged.back().end = std::max(merged.back().end, s.end);
      merged.back().with += s.with;
    } else merged.push_back(std::move(s));
  }
  r.text.clear();
  size_t pos = 0;
  for (const Splice& s : merged) {
    r.text.append(text.substr(pos, s.begin - pos));
    r.text += s.with;
    pos = s.end;
  }
  r.text.append(text.substr(pos));
  r.ok = true;
  r.changed = r.text != text;
  if (merged.empty()) return;
  r.begin = merged.front().begin;
  r.old_end = merged.back().end;
  r.new_end = r.old_end + r.text.size() - text.size();
}

static bool same_value(const Value& a, const Value& b) {
  if (a.kind != b.kind) return false;
  if (a.is_scalar()) return a.kind == Value::Kind::Null || a.scalar == b.scalar;
  if (a.items.size() != b.items.size() || a.entries.size() != b.entries.size()) return false;
  for (size_t i = 0; i < a.items.size(); i++)
    if (!same_value(a.items[i], b.items[i])) return false;
  for (size_t i = 0; i < a.entries.size(); i++)
    if (a.entries[i].first != b.entries[i].first || !same_value(a.entries[i].second, b.entries[i].second)) return false;
  return true;
}

static bool reparse(std::string_view text, std::vector<Property>& props) {
  std::vector<Diagnostic> diags;
  FrontMatter fm = detect_front_matter(text, &diags);
  parse_properties(text, fm, props, diags);
  for (const Diagnostic& d : diags)
    if (d.severity == Severity::Error || fm.format == FrontMatterFormat::None) return false;
  return true;
}

static const Property* last_prop(const std::vector<Property>& props, std::string_view key) {
  for (size_t i = props.size(); i-- > 0;)
    if (props[i].key == key) return &props[i];
  return nullptr;
}

// Body bytes must be identical after any front matter edit.
static bool body_kept(const Ctx& c, std::string_view after) {
  FrontMatter fm = detect_front_matter(after);
  return after.substr(fm.body_begin) == c.text.substr(c.fm.body_begin);
}

//-----------------------------------------------------------------------------
// [SECTION] Properties
//-----------------------------------------------------------------------------

static std::string item_prefix(const Ctx& c, const PropertyLayout& pl) {
  if (pl.items.empty()) return "  - ";
  size_t b = line_begin_of(c.text, pl.items[0]);
  std::string_view p = c.text.substr(b, pl.items[0] - b);
  size_t i = 0;
  while (i < p.size() && p[i] == ' ') i++;
  if (i >= p.size() || p[i] != '-') return "  - ";
  for (size_t j = i + 1; j < p.size(); j++)
    if (p[j] != ' ') return "  - ";
  return std::string(p);
}

static char first_quote(const PropertyLayout& pl) {
  for (const ItemSpan& s : pl.spans)
    if (s.quote == '"' || s.quote == '\'') return s.quote;
  return 0;
}

// Builds the splice that replaces a key's lines with `key: <v>`.
static bool value_splice(const Ctx& c, const PropertyLayout* pl, std::string_view key, const Value& v, Splice& out,
                         EditResult& r) {
  std::string val;
  if (pl && v.kind == Value::Kind::List && pl->style == ValueStyle::Block && !v.items.empty()) {
    KeyLines k;
    if (!key_lines(c, *pl, k, r)) return false;
    std::string prefix = item_prefix(c, *pl);
    char q = first_quote(*pl);
    std::string s(c.text.substr(k.start, k.head_end - k.start));
    s += k.eol;
    for (const Value& item : v.items) {
      s += prefix;
      if (!emit_inline(item, false, item.kind == Value::Kind::String ? q : 0, 1, s)) return fail(r, c.text, "value nested too deeply");
      s += k.eol;
    }
    out = {k.start, k.end, std::move(s)};
    return true;
  }
  char prefer = 0;
  if (pl && v.kind == Value::Kind::String && pl->style == ValueStyle::Quoted) prefer = pl->quote;
  if (pl && v.kind == Value::Kind::List && pl->style == ValueStyle::Flow) prefer = first_quote(*pl);
  if (v.kind != Value::Kind::Null) {
    val = " ";
    if (!emit_inline(v, false, prefer, 0, val)) return fail(r, c.text, "value nested too deeply");
  }
  if (!pl) {
    // A new key, indented like the first key.
    std::string indent;
    if (!c.layout.empty()) {
      size_t b = line_begin_of(c.text, c.layout[0].key_pos);
      indent.assign(c.text.substr(b, c.layout[0].key_pos - b));
      if (indent.find_first_not_of(' ') != std::string::npos) indent.clear();
    }
    out = {c.fm.content_end, c.fm.content_end, indent + yaml_scalar(key, false) + ":" + val + c.nl};
    return true;
  }
  KeyLines k;
  if (!key_lines(c, *pl, k, r)) return false;
  out = {k.start, k.end, std::string(c.text.substr(k.start, k.head_end - k.start)) + val + k.comment + std::string(k.eol)};
  return true;
}

EditResult set_property(std::string_view text, std::string_view key, const Value& v) {
  EditResult r;
  if (key.empty()) return fail(r, text, "empty key"), r;
  Ctx c;
  if (!load(text, c, r)) return r;
  Splice sp;
  if (c.fm.format == FrontMatterFormat::None) {
    std::string val;
    if (v.kind != Value::Kind::Null) {
      val = " ";
      if (!emit_inline(v, false, 0, 0, val)) return fail(r, text, "value nested too deeply"), r;
    }
    size_t at = bom_length(text);
    sp = {at, at, "---" + c.nl + yaml_scalar(key, false) + ":" + val + c.nl + "---" + c.nl};
  } else {
    int idx = find_key(c, key);
    if (!value_splice(c, idx >= 0 ? &c.layout[size_t(idx)] : nullptr, key, v, sp, r)) return r;
  }
  apply(text, {sp}, r);
  std::vector<Property> after;
  const Property* p = nullptr;
  if (!reparse(r.text, after) || !(p = last_prop(after, key)) || !same_value(p->value, v) || !body_kept(c, r.text))
    return fail(r, text, "cannot write '" + std::string(key) + "' here without changing other lines; edit it by hand"), r;
  return r;
}

EditResult remove_property(std::string_view text, std::string_view key) {
  EditResult r;
  Ctx c;
  if (!load(text, c, r)) return r;
  std::vector<Splice> sps;
  // Every occurrence goes, or the earlier one would come back into effect.
  for (const PropertyLayout& pl : c.layout) {
    if (pl.key != key || (pl.key_plain && key == "<<")) continue;
    KeyLines k;
    if (!key_lines(c, pl, k, r)) return r;
    sps.push_back({k.start, k.end, ""});
  }
  apply(text, std::move(sps), r);
  if (!r.changed) return r;
  std::vector<Property> after;
  if (!reparse(r.text, after) || last_prop(after, key) || !body_kept(c, r.text))
    return fail(r, text, "cannot remove '" + std::string(key) + "' cleanly; edit it by hand"), r;
  return r;
}

//-----------------------------------------------------------------------------
// [SECTION] Tags and categories
//-----------------------------------------------------------------------------

static std::string_view singular_of(std::string_view field) {
  if (field == "tags") return "tag";
  if (field == "categories") return "category";
  return {};
}

// The key Jekyll reads for this field, and the names it holds.
static std::string effective_key(const Ctx& c, std::string_view field, std::vector<std::string>& names) {
  std::string_view s = singular_of(field);
  std::string_view used = names_from_properties(c.props, s.empty() ? std::string_view("\x01") : s, field, names);
  return std::string(used);
}

static bool names_after(std::string_view text, std::string_view field, std::vector<std::string>& names) {
  std::vector<Property> props;
  if (!reparse(text, props)) return false;
  std::string_view s = singular_of(field);
  names_from_properties(props, s.empty() ? std::string_view("\x01") : s, field, names);
  return true;
}

static bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

static Value list_of(const std::vector<std::string>& names) {
  Value v;
  v.kind = Value::Kind::List;
  for (const std::string& n : names) {
    Value s;
    s.kind = Value::Kind::String;
    s.scalar = n;
    v.items.push_back(std::move(s));
  }
  return v;
}

static bool span_editable(const Ctx& c, const ItemSpan& s) {
  return s.quote != '*' && s.quote != '~' && s.quote != '|' && c.text[s.pos] != '&' && c.text[s.pos] != '!';
}

// Rewrites the key's value as a flow list of `names` (used when a string or
// block scalar has to become a list).
static bool rewrite_as_list(const Ctx& c, const PropertyLayout& pl, const std::vector<std::string>& names, Splice& sp,
                            EditResult& r) {
  Value v = list_of(names);
  PropertyLayout flat = pl;
  flat.style = ValueStyle::Flow;  // never reuse block item lines here
  return value_splice(c, &flat, pl.key, v, sp, r);
}

static bool verify_names(const Ctx& c, EditResult& r, std::string_view text, std::string_view field,
                         const std::vector<std::string>& want) {
  std::vector<std::string> got;
  if (!names_after(r.text, field, got) || got != want || !body_kept(c, r.text))
    return fail(r, text, "cannot change " + std::string(field) + " here without touching other lines; edit it by hand");
  return true;
}

EditResult add_tag(std::string_view text, std::string_view field, std::string_view name) {
  EditResult r;
  if (name.find_first_not_of(" \t\r\n") == std::string_view::npos) return fail(r, text, "empty name"), r;
  Ctx c;
  if (!load(text, c, r)) return r;
  std::vector<std::string> names;
  std::string key = effective_key(c, field, names);
  if (contains(names, name)) { r.ok = true; r.text.assign(text); return r; }
  std::vector<std::string> want = names;
  want.emplace_back(name);

  int idx = key.empty() ? -1 : find_key(c, key);
  Splice sp;
  if (idx < 0) {
    // No such key yet (or it only comes from a merge): write one.
    EditResult s = set_property(text, field, list_of({std::string(name)}));
    if (!s.ok) return s;
    r = std::move(s);
  } else {
    const PropertyLayout& pl = c.layout[size_t(idx)];
    const std::string_view t = c.text;
    bool quoted_items = first_quote(pl) != 0;
    if (pl.style == ValueStyle::Flow && t[pl.value_pos] == '[') {
      size_t close = flow_close(t, pl.value_pos, c.fm.content_end);
      if (close == std::string_view::npos) return fail(r, text, "cannot find the end of the list"), r;
      size_t last = close;
      while (last > pl.value_pos && (is_space_or_tab(t[last - 1]) || t[last - 1] == '\n' || t[last - 1] == '\r')) last--;
      std::string item = yaml_scalar(name, true, quoted_items ? first_quote(pl) : 0);
      if (t[last - 1] == '[') sp = {last, last, item};
      else if (t[last - 1] == ',') sp = {last, last, " " + item};
      else sp = {last, last, ", " + item};
    } else if (pl.style == ValueStyle::Block && !pl.items.empty()) {
      KeyLines k;
      if (!key_lines(c, pl, k, r)) return r;
      std::string line = item_prefix(c, pl) + yaml_scalar(name, false, first_quote(pl)) + std::string(k.eol);
      sp = {k.end, k.end, line};
    } else if (pl.style == ValueStyle::Empty || pl.style == ValueStyle::Plain || pl.style == ValueStyle::Quoted ||
               pl.style == ValueStyle::BlockScalar) {
      if (!rewrite_as_list(c, pl, want, sp, r)) return r;
    } else {
      return fail(r, text, key + " is not a list; edit it by hand"), r;
    }
    apply(text, {sp}, r);
  }
  if (!verify_names(c, r, text, field, want)) return r;
  return r;
}

// Splice removing one flow item with one neighbouring comma.
static Splice remove_flow_item(std::string_view t, size_t pos, size_t limit) {
  size_t end = scalar_end(t, pos, true, limit);
  size_t j = end;
  while (j < limit && (is_space_or_tab(t[j]) || t[j] == '\n' || t[j] == '\r')) j++;
  if (j < limit && t[j] == ',') {
    j++;
    while (j < limit && is_space_or_tab(t[j])) j++;
    return {pos, j, ""};
  }
  size_t b = pos;
  while (b > 0 && (is_space_or_tab(t[b - 1]) || t[b - 1] == '\n' || t[b - 1] == '\r')) b--;
  if (b > 0 && t[b - 1] == ',') return {b - 1, end, ""};
  return {pos, end, ""};
}

// Collects the edits that drop (to == nullptr) or rename every item equal to `from`.
static bool item_splices(const Ctx& c, const PropertyLayout& pl, std::string_view from, const std::string* to,
                         std::vector<Splice>& out, size_t& removed_block_items, EditResult& r) {
  std::string_view t = c.text;
  KeyLines k;
  if (!key_lines(c, pl, k, r)) return false;
  for (const ItemSpan& s : pl.spans) {
    if (s.value != from || s.quote == '~') continue;
    if (!span_editable(c, s)) return fail(r, t, "a matching item uses a YAML alias, anchor or tag; edit it by hand");
    if (to) {
      out.push_back({s.pos, scalar_end(t, s.pos, s.in_flow, k.end), yaml_scalar(*to, s.in_flow, s.quote == '"' || s.quote == '\'' ? s.quote : 0)});
      continue;
    }
    if (s.in_flow) {
      out.push_back(remove_flow_item(t, s.pos, k.end));
      continue;
    }
    if (s.depth != 1) return fail(r, t, "a matching item is in a nested block list; edit it by hand");
    auto it = std::find(pl.items.begin(), pl.items.end(), s.pos);
    if (it == pl.items.end()) return fail(r, t, "cannot locate the list item");
    size_t b = line_begin_of(t, s.pos);
    std::string_view lead = t.substr(b, s.pos - b);
    if (lead.find_first_not_of(" -") != std::string_view::npos || std::count(lead.begin(), lead.end(), '-') != 1)
      return fail(r, t, "a matching item shares its line; edit it by hand");
    size_t e = it + 1 != pl.items.end() ? line_begin_of(t, *(it + 1)) : k.end;
    e = trim_trailing_lines(t, next_line(t, s.pos), e);
    out.push_back({b, e, ""});
    removed_block_items++;
  }
  return true;
}

static std::string join_words(const std::vector<std::string>& w) {
  std::string s;
  for (const std::string& x : w) s += (s.empty() ? "" : " ") + x;
  return s;
}

// Shared by remove_tag and rename_tag.
static EditResult change_tag(std::string_view text, std::string_view field, std::string_view from, const std::string* to) {
  EditResult r;
  Ctx c;
  if (!load(text, c, r)) return r;
  std::vector<std::string> names;
  std::string key = effective_key(c, field, names);
  if (!contains(names, from)) { r.ok = true; r.text.assign(text); return r; }
  // Renaming to a name the post already has is dropping the old one (no twin items).
  if (to && *to != from && contains(names, *to)) to = nullptr;
  std::vector<std::string> want;
  for (const std::string& n : names) {
    if (n != from) { if (!contains(want, n)) want.push_back(n); }
    else if (to && !contains(want, *to)) want.push_back(*to);
  }
  int idx = find_key(c, key);
  if (idx < 0) return fail(r, text, std::string(field) + " come from a YAML merge; edit them by hand"), r;
  const PropertyLayout& pl = c.layout[size_t(idx)];
  const Property* prop = last_prop(c.props, key);
  std::vector<Splice> sps;
  if (pl.style == ValueStyle::Flow || pl.style == ValueStyle::Block) {
    size_t removed = 0;
    if (!item_splices(c, pl, from, to, sps, removed, r)) return r;
    if (removed && removed == pl.items.size()) {
      // Every item line went: leave an explicit empty list, not a null.
      Splice sp;
      if (!rewrite_as_list(c, pl, {}, sp, r)) return r;
      sps = {sp};
    }
  } else if (prop && prop->value.kind == Value::Kind::String && key == field &&
             (pl.style == ValueStyle::Plain || pl.style == ValueStyle::Quoted)) {
    // "tags: a b c" stays a string with the word dropped or renamed.
    std::vector<std::string> words;
    collect_names(prop->value, true, words);
    std::vector<std::string> kept;
    for (const std::string& w : words)
      if (w != from) kept.push_back(w);
      else if (to) kept.push_back(*to);
    Splice sp;
    bool has_space = to && to->find_first_of(" \t") != std::string::npos;
    if (kept.empty() || has_space) {
      if (!rewrite_as_list(c, pl, want, sp, r)) return r;
    } else {
      Value s;
      s.kind = Value::Kind::String;
      s.scalar = join_words(kept);
      if (!value_splice(c, &pl, key, s, sp, r)) return r;
    }
    sps = {sp};
  } else {
    Splice sp;
    if (!rewrite_as_list(c, pl, want, sp, r)) return r;
    sps = {sp};
  }
  apply(text, std::move(sps), r);
  verify_names(c, r, text, field, want);
  return r;
}

EditResult remove_tag(std::string_view text, std::string_view field, std::string_view name) {
  return change_tag(text, field, name, nullptr);
}

EditResult rename_tag(std::string_view text, std::string_view field, std::string_view from, std::string_view to) {
  EditResult r;
  if (to.find_first_not_of(" \t\r\n") == std::string_view::npos) return fail(r, text, "empty name"), r;
  std::string t(to);
  return change_tag(text, field, from, &t);
}

}  // namespace sheaf
