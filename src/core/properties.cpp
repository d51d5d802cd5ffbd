// Sheaf core: front matter text -> typed properties.
//
// YAML goes through yaml-cpp's event parser straight into our Value tree: no
// YAML::Node graph is built, aliases are expanded by us under a node budget,
// merge keys ("<<") are applied when their map closes, and nesting is bounded
// by an explicit stack. TOML goes through toml++. JSON is YAML.
//
// [SECTION] Scalars
// [SECTION] YAML builder
// [SECTION] YAML entry point
// [SECTION] TOML
// [SECTION] Entry point
#include "core/properties.h"

#include <algorithm>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <istream>
#include <streambuf>
#include <unordered_map>

#include "core/metadata.h"
#include "core/utf8.h"
#include "core/yaml_fast.h"
#include "yaml-cpp/eventhandler.h"
#include "yaml-cpp/exceptions.h"
#include "yaml-cpp/mark.h"
#include "yaml-cpp/parser.h"

#if SHEAF_HAVE_TOMLPP
#if __has_include(<toml++/toml.hpp>)
#include <toml++/toml.hpp>
#else
#include <toml++/toml.h>
#endif
#endif

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Scalars
//-----------------------------------------------------------------------------

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool looks_like_null(std::string_view s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

bool looks_like_bool(std::string_view s) {
  return s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE";
}

bool looks_like_number(std::string_view s) {
  if (s.empty()) return false;
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return true;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
    for (size_t i = 2; i < s.size(); i++) {
      char c = s[i];
      bool ok = s[1] == 'x' ? (is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) : (c >= '0' && c <= '7');
      if (!ok) return false;
    }
    return true;
  }
  size_t i = 0;
  if (s[0] == '+' || s[0] == '-') i++;
  std::string_view r = s.substr(i);
  if (r == ".inf" || r == ".Inf" || r == ".INF") return true;
  size_t int_digits = 0, frac_digits = 0;
  while (i < s.size() && is_digit(s[i])) { i++; int_digits++; }
  if (i < s.size() && s[i] == '.') {
    i++;
    while (i < s.size() && is_digit(s[i])) { i++; frac_digits++; }
  }
  if (int_digits + frac_digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) i++;
    size_t exp_digits = 0;
    while (i < s.size() && is_digit(s[i])) { i++; exp_digits++; }
    if (exp_digits == 0) return false;
  }
  return i == s.size();
}

Value::Kind classify_plain_scalar(std::string_view s) {
  if (looks_like_null(s)) return Value::Kind::Null;
  // Cheap first-byte filter keeps the common case (plain words) fast.
  char c = s[0];
  if (c == 't' || c == 'T' || c == 'f' || c == 'F') return looks_like_bool(s) ? Value::Kind::Bool : Value::Kind::String;
  if (is_digit(c) || c == '-' || c == '+' || c == '.') {
    if (looks_like_number(s)) return Value::Kind::Number;
    if (s.size() >= 8 && is_digit(c) && parse_date(s, nullptr)) return Value::Kind::Date;
  }
  return Value::Kind::String;
}

//-----------------------------------------------------------------------------
// [SECTION] YAML builder
//-----------------------------------------------------------------------------

namespace {

// Thrown from inside the event handler to stop yaml-cpp: a limit is hit, or the
// input is wrong in a way yaml-cpp lets pass.
struct BuildError {
  YAML::Mark mark;
  std::string message;
};

// A read-only streambuf over existing bytes, so yaml-cpp reads without a copy.
struct ViewBuf : std::streambuf {
  ViewBuf(const char* b, size_t n) {
    char* p = const_cast<char*>(b);
    setg(p, p, p + n);
  }
};

struct Anchored {
  Value value;
  size_t nodes = 0;
  size_t bytes = 0;
};

// Counts nodes and scalar bytes of a value without recursing.
static void measure(const Value& v, size_t& nodes, size_t& bytes) {
  std::vector<const Value*> todo{&v};
  while (!todo.empty()) {
    const Value* x = todo.back();
    todo.pop_back();
    nodes++;
    bytes += x->scalar.size();
    for (const Value& i : x->items) todo.push_back(&i);
    for (const auto& e : x->entries) { bytes += e.first.size(); todo.push_back(&e.second); }
  }
}

struct Frame {
  Value value;  // List or Map being built
  YAML::anchor_t anchor = 0;
  bool flow = false;
  bool want_key = true;  // Map: the next child is a key
  bool key_ok = true;    // Map: the pending key was a scalar
  bool key_merge = false;
  std::string key;
  int key_line = 0;
  std::vector<size_t> merges;  // indexes in value.entries of "<<" entries
  std::vector<int> lines;      // root map only: file line of each entry's key
};

class Builder : public YAML::EventHandler {
 public:
  Builder(std::string_view src, size_t base, int base_line, std::vector<PropertyLayout>* layout,
          std::vector<Diagnostic>& diags)
      : src_(src), base_(base), base_line_(base_line), layout_(layout), diags_(diags) {}

  Value root;
  std::vector<int> root_lines;
  bool have_root = false;

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& m, YAML::anchor_t a) override {
    note_event(m, ValueStyle::Empty, 0, nullptr, false);
    Value v;
    finish(std::move(v), a, m, true, "");
  }

  void OnAlias(const YAML::Mark& m, YAML::anchor_t a) override {
    note_event(m, ValueStyle::Alias, '*', nullptr, false);
    auto it = anchors_.find(a);
    if (it == anchors_.end())  // an alias to a node still being built: a cycle
      throw BuildError{m, "alias refers to a node that contains it"};
    spend(it->second.nodes, it->second.bytes, m);
    Value copy = it->second.value;
    finish(std::move(copy), 0, m, false, "");
  }

  void OnScalar(const YAML::Mark& m, const std::string& tag, YAML::anchor_t a, const std::string& s) override {
    Value v;
    v.scalar = s;
    v.kind = kind_for_tag(tag, s);
    char q = quote_at(m);
    if ((q == '"' || q == '\'') && !quote_closed(size_t(m.pos), q))
      throw BuildError{m, "this quoted string is never closed"};
    note_event(m, q == '"' || q == '\'' ? ValueStyle::Quoted : tag == "!" ? ValueStyle::BlockScalar : ValueStyle::Plain, q,
               &s, tag == "?");
    spend(1, s.size(), m);
    finish(std::move(v), a, m, tag == "?", s);
  }

  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t a, YAML::EmitterStyle::value st) override {
    note_event(m, st == YAML::EmitterStyle::Flow ? ValueStyle::Flow : ValueStyle::Block, 0, nullptr, false);
    push(m, a, st == YAML::EmitterStyle::Flow, Value::Kind::List);
  }
  void OnSequenceEnd() override { pop(); }

  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t a, YAML::EmitterStyle::value st) override {
    note_event(m, st == YAML::EmitterStyle::Flow ? ValueStyle::Flow : ValueStyle::Block, 0, nullptr, false);
    push(m, a, st == YAML::EmitterStyle::Flow, Value::Kind::Map);
  }
  void OnMapEnd() override { pop(); }

 private:
  std::string_view src_;
  size_t base_;
  int base_line_;
  std::vector<PropertyLayout>* layout_;
  std::vector<Diagnostic>& diags_;
  std::vector<Frame> stack_;
  std::unordered_map<YAML::anchor_t, Anchored> anchors_;
  size_t nodes_ = 0, bytes_ = 0;
  YAML::Mark last_mark_;

  static Value::Kind kind_for_tag(const std::string& tag, const std::string& s) {
    if (tag == "?") return classify_plain_scalar(s);
    if (tag == "!") return Value::Kind::String;
    // Explicit tags: honour the standard ones, treat the rest as plain.
    std::string_view t(tag);
    size_t colon = t.rfind(':');
    std::string_view name = colon == std::string_view::npos ? t.substr(t.rfind('!') + 1) : t.substr(colon + 1);
    if (name == "str") return Value::Kind::String;
    if (name == "int" || name == "float") return Value::Kind::Number;
    if (name == "bool") return Value::Kind::Bool;
    if (name == "null") return Value::Kind::Null;
    if (name == "timestamp") return Value::Kind::Date;
    return classify_plain_scalar(s);
  }

  // yaml-cpp accepts a quoted scalar that runs to the end of the input; YAML
  // (and Jekyll) do not, and the value would swallow the keys after it.
  bool quote_closed(size_t open, char q) const {
    for (size_t i = open + 1; i < src_.size(); i++) {
      if (q == '"' && src_[i] == '\\') {
        i++;
      } else if (src_[i] == q) {
        if (q == '\'' && i + 1 < src_.size() && src_[i + 1] == '\'') {
          i++;  // '' is a quote inside single quotes
          continue;
        }
        return true;
      }
    }
    return false;
  }

  char quote_at(const YAML::Mark& m) const {
    if (m.pos < 0 || size_t(m.pos) >= src_.size()) return 0;
    char c = src_[m.pos];
    return c == '"' || c == '\'' || c == '|' || c == '>' ? c : 0;
  }

  void spend(size_t nodes, size_t bytes, const YAML::Mark& m) {
    nodes_ += nodes;
    bytes_ += bytes;
    if (nodes_ > kMaxValueNodes || bytes_ > kMaxValueBytes)
      throw BuildError{m, "front matter expands to too many values (alias bomb?)"};
  }

  // Records key/value/item positions of top-level properties for editing.
  void note_event(const YAML::Mark& m, ValueStyle style, char q, const std::string* s, bool plain) {
    last_mark_ = m;
    if (!layout_ || stack_.empty() || stack_[0].value.kind != Value::Kind::Map) return;
    size_t pos = base_ + size_t(m.pos < 0 ? 0 : m.pos);
    if (stack_.size() == 1) {
      Frame& f = stack_[0];
      if (f.want_key) {
        PropertyLayout pl;
        pl.key = s ? *s : std::string();
        pl.key_plain = plain;
        pl.key_pos = pos;
        pl.line = base_line_ + m.line;
        layout_->push_back(std::move(pl));
      } else if (!layout_->empty()) {
        PropertyLayout& pl = layout_->back();
        pl.style = style;
        pl.value_pos = pos;
        pl.quote = (q == '"' || q == '\'') ? q : 0;
      }
      return;
    }
    if (layout_->empty() || stack_[0].want_key) return;  // inside a complex key
    PropertyLayout& pl = layout_->back();
    const Frame& parent = stack_.back();
    if (parent.value.kind != Value::Kind::List) return;
    if (stack_.size() == 2) pl.items.push_back(pos);
    if (style == ValueStyle::Flow || style == ValueStyle::Block) return;
    ItemSpan sp;
    sp.pos = pos;
    sp.quote = style == ValueStyle::Alias ? '*' : style == ValueStyle::Empty ? '~' : style == ValueStyle::BlockScalar ? '|' : q;
    sp.depth = int(stack_.size()) - 1;
    sp.in_flow = parent.flow;
    if (s) sp.value = *s;
    pl.spans.push_back(std::move(sp));
  }

  void push(const YAML::Mark& m, YAML::anchor_t a, bool flow, Value::Kind kind) {
    if (int(stack_.size()) >= kMaxValueDepth) throw BuildError{m, "front matter is nested too deeply"};
    spend(1, 0, m);
    Frame f;
    f.value.kind = kind;
    f.anchor = a;
    f.flow = flow;
    stack_.push_back(std::move(f));
  }

  void pop() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    if (f.value.kind == Value::Kind::Map && !f.merges.empty()) apply_merges(f);
    if (stack_.empty() && !f.lines.empty()) root_lines = std::move(f.lines);
    finish(std::move(f.value), f.anchor, last_mark_, false, "");
  }

  // YAML merge keys: entries of the merged map(s) that the map does not set
  // itself are inserted where the "<<" key stood. Earlier maps win.
  void apply_merges(Frame& f) {
    std::vector<std::pair<std::string, Value>> out;
    std::vector<int> lines;
    auto has_key = [&](const std::string& k) {
      for (const auto& e : f.value.entries)
        if (e.first == k && e.first != "<<") return true;
      for (const auto& e : out)
        if (e.first == k) return true;
      return false;
    };
    size_t next_merge = 0;
    for (size_t i = 0; i < f.value.entries.size(); i++) {
      int line = i < f.lines.size() ? f.lines[i] : 0;
      if (next_merge < f.merges.size() && f.merges[next_merge] == i) {
        next_merge++;
        Value& src = f.value.entries[i].second;
        std::vector<Value*> maps;
        if (src.kind == Value::Kind::Map) maps.push_back(&src);
        else if (src.kind == Value::Kind::List)
          for (Value& it : src.items)
            if (it.kind == Value::Kind::Map) maps.push_back(&it);
        for (Value* mp : maps)
          for (auto& e : mp->entries)
            if (!has_key(e.first)) {
              out.push_back(e);
              lines.push_back(line);
            }
        continue;
      }
      out.push_back(std::move(f.value.entries[i]));
      lines.push_back(line);
    }
    f.value.entries = std::move(out);
    if (!f.lines.empty()) f.lines = std::move(lines);
  }

  // Hands a finished node to its parent (or makes it the root).
  void finish(Value&& v, YAML::anchor_t a, const YAML::Mark& m, bool plain, const std::string& text) {
    if (a != 0) {
      Anchored an;
      measure(v, an.nodes, an.bytes);
      // Keeping the copy is work too: nested anchors would otherwise copy
      // the same subtree once per level.
      spend(an.nodes, an.bytes, m);
      an.value = v;
      anchors_[a] = std::move(an);
    }
    if (stack_.empty()) {
      root = std::move(v);
      have_root = true;
      return;
    }
    Frame& p = stack_.back();
    if (p.value.kind == Value::Kind::List) {
      p.value.items.push_back(std::move(v));
      return;
    }
    if (p.want_key) {
      p.want_key = false;
      p.key_ok = v.is_scalar();
      p.key_merge = plain && text == "<<";
      p.key = v.kind == Value::Kind::Null ? std::string() : std::move(v.scalar);
      p.key_line = base_line_ + m.line;
      if (!p.key_ok)
        diags_.push_back({Severity::Warning, base_line_ + m.line, m.column + 1, "front matter: a key that is a list or map is ignored"});
      return;
    }
    p.want_key = true;
    if (!p.key_ok) return;
    if (p.key_merge) p.merges.push_back(p.value.entries.size());
    p.value.entries.emplace_back(std::move(p.key), std::move(v));
    if (stack_.size() == 1) p.lines.push_back(p.key_line);
  }
};

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] YAML entry point
//-----------------------------------------------------------------------------

// Parses src (which starts at file offset `base`, file line `base_line`).
static void parse_yaml(std::string_view file, size_t base, size_t end, int base_line, const char* what,
                       std::vector<Property>& out, std::vector<Diagnostic>& diags, std::vector<PropertyLayout>* layout) {
  std::string_view src = file.substr(base, end - base);
  // Column of a mark in bytes: yaml-cpp counts bytes for UTF-8 input.
  auto report = [&](const YAML::Mark& m, const std::string& msg) {
    int line = m.line >= 0 ? base_line + m.line : base_line;
    int col = m.column >= 0 ? m.column + 1 : 1;
    diags.push_back({Severity::Error, line, col, std::string(what) + " front matter: " + msg});
    out.clear();
    if (layout) layout->clear();
  };
  Builder b(src, base, base_line, layout, diags);
  try {
    ViewBuf buf(src.data(), src.size());
    std::istream in(&buf);
    YAML::Parser parser(in);
    parser.HandleNextDocument(b);
  } catch (const BuildError& e) {
    report(e.mark, e.message);
    return;
  } catch (const YAML::Exception& e) {
    report(e.mark, e.msg);
    return;
  } catch (const std::exception& e) {
    report(YAML::Mark::null_mark(), e.what());
    return;
  } catch (...) {
    report(YAML::Mark::null_mark(), "unreadable");
    return;
  }
  if (!b.have_root || b.root.kind == Value::Kind::Null) return;
  if (b.root.kind != Value::Kind::Map) {
    diags.push_back({Severity::Error, base_line, 1, std::string(what) + " front matter is not a set of key: value pairs"});
    if (layout) layout->clear();
    return;
  }
  out.reserve(b.root.entries.size());
  for (size_t i = 0; i < b.root.entries.size(); i++) {
    Property p;
    p.key = std::move(b.root.entries[i].first);
    p.value = std::move(b.root.entries[i].second);
    p.line = i < b.root_lines.size() ? b.root_lines[i] : base_line;
    out.push_back(std::move(p));
  }
}

//-----------------------------------------------------------------------------
// [SECTION] TOML
//-----------------------------------------------------------------------------

#if SHEAF_HAVE_TOMLPP
static std::string two(int v) {
  char b[8];
  snprintf(b, sizeof b, "%02d", v);
  return b;
}

static Value toml_value(const toml::node& n, int depth) {
  Value v;
  if (depth > kMaxValueDepth) return v;
  switch (n.type()) {
    case toml::node_type::table: {
      v.kind = Value::Kind::Map;
      const toml::table& t = *n.as_table();
      std::vector<std::pair<const toml::key*, const toml::node*>> kv;
      for (auto&& [k, child] : t) kv.emplace_back(&k, &child);
      // toml++ tables are unordered: restore file order from source positions.
      std::stable_sort(kv.begin(), kv.end(), [](auto& a, auto& b) {
        auto pa = a.first->source().begin, pb = b.first->source().begin;
        return pa.line != pb.line ? pa.line < pb.line : pa.column < pb.column;
      });
      for (auto& [k, child] : kv) v.entries.emplace_back(std::string(k->str()), toml_value(*child, depth + 1));
      break;
    }
    case toml::node_type::array:
      v.kind = Value::Kind::List;
      for (const toml::node& child : *n.as_array()) v.items.push_back(toml_value(child, depth + 1));
      break;
    case toml::node_type::string:
      v.kind = Value::Kind::String;
      v.scalar = n.as_string()->get();
      break;
    case toml::node_type::integer:
      v.kind = Value::Kind::Number;
      v.scalar = std::to_string(n.as_integer()->get());
      break;
    case toml::node_type::floating_point: {
      v.kind = Value::Kind::Number;
      // Shortest of %.15g / %.17g that reads back exactly (no float to_chars in
      // every standard library we build with).
      double x = n.as_floating_point()->get();
      char buf[64];
      snprintf(buf, sizeof buf, "%.15g", x);
      if (std::strtod(buf, nullptr) != x) snprintf(buf, sizeof buf, "%.17g", x);
      v.scalar = buf;
      break;
    }
    case toml::node_type::boolean:
      v.kind = Value::Kind::Bool;
      v.scalar = n.as_boolean()->get() ? "true" : "false";
      break;
    case toml::node_type::date: {
      auto d = n.as_date()->get();
      v.kind = Value::Kind::Date;
      v.scalar = std::to_string(d.year) + "-" + two(d.month) + "-" + two(d.day);
      break;
    }
    case toml::node_type::time: {
      auto t = n.as_time()->get();
      v.kind = Value::Kind::String;
      v.scalar = two(t.hour) + ":" + two(t.minute) + ":" + two(t.second);
      break;
    }
    case toml::node_type::date_time: {
      auto dt = n.as_date_time()->get();
      v.kind = Value::Kind::Date;
      v.scalar = std::to_string(dt.date.year) + "-" + two(dt.date.month) + "-" + two(dt.date.day) + "T" +
                 two(dt.time.hour) + ":" + two(dt.time.minute) + ":" + two(dt.time.second);
      if (dt.offset) {
        int off = dt.offset->minutes;
        if (off == 0) v.scalar += "Z";
        else {
          v.scalar += off < 0 ? "-" : "+";
          off = off < 0 ? -off : off;
          v.scalar += two(off / 60) + ":" + two(off % 60);
        }
      }
      break;
    }
    default:
      break;
  }
  return v;
}

static void parse_toml(std::string_view src, int content_line, std::vector<Property>& out, std::vector<Diagnostic>& diags) {
  try {
    toml::table t = toml::parse(src);
    std::vector<std::pair<const toml::key*, const toml::node*>> kv;
    for (auto&& [k, child] : t) kv.emplace_back(&k, &child);
    std::stable_sort(kv.begin(), kv.end(), [](auto& a, auto& b) {
      auto pa = a.first->source().begin, pb = b.first->source().begin;
      return pa.line != pb.line ? pa.line < pb.line : pa.column < pb.column;
    });
    for (auto& [k, child] : kv) {
      Property p;
      p.key = std::string(k->str());
      p.value = toml_value(*child, 1);
      p.line = content_line - 1 + int(k->source().begin.line);
      out.push_back(std::move(p));
    }
  } catch (const toml::parse_error& e) {
    out.clear();
    diags.push_back({Severity::Error, content_line - 1 + int(e.source().begin.line), int(e.source().begin.column),
                     "TOML front matter: " + std::string(e.description())});
  } catch (const std::exception& e) {
    out.clear();
    diags.push_back({Severity::Error, content_line, 1, std::string("TOML front matter: ") + e.what()});
  } catch (...) {
    out.clear();
    diags.push_back({Severity::Error, content_line, 1, "TOML front matter: unreadable"});
  }
}
#endif

//-----------------------------------------------------------------------------
// [SECTION] Entry point
//-----------------------------------------------------------------------------

void parse_properties(std::string_view text, const FrontMatter& fm, std::vector<Property>& out,
                      std::vector<Diagnostic>& diags, std::vector<PropertyLayout>* layout) {
  out.clear();
  if (layout) layout->clear();
  switch (fm.format) {
    case FrontMatterFormat::Yaml:
      // Plain front matter skips yaml-cpp; the fast path declines anything else.
      if (!layout && yaml_fast_path_enabled() &&
          parse_yaml_fast(text.substr(fm.content_begin, fm.content_end - fm.content_begin), fm.content_line, out))
        break;
      parse_yaml(text, fm.content_begin, fm.content_end, fm.content_line, "YAML", out, diags, layout);
      break;
    case FrontMatterFormat::Json:
      // The braces are part of the JSON value, so parse from the opening line.
      parse_yaml(text, fm.begin, fm.end, fm.content_line - 1, "JSON", out, diags, layout);
      break;
    case FrontMatterFormat::Toml:
#if SHEAF_HAVE_TOMLPP
      parse_toml(text.substr(fm.content_begin, fm.content_end - fm.content_begin), fm.content_line, out, diags);
#else
      diags.push_back({Severity::Warning, 1, 1, "TOML front matter is not supported in this build"});
#endif
      break;
    case FrontMatterFormat::None:
      break;
  }
}

}  // namespace sheaf
