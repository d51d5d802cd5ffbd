// sheaf-cli inspect FILE...: everything the core knows about each file, as JSON.
// A file inside a Jekyll site (a _config.yml in its folder or above) is read
// with the site's rules, and a "site" object says what they gave.
#include "cli/cli.h"
#include "cli/library_load.h"
#include "core/document.h"
#include "core/json.h"
#include "core/library.h"
#include "core/site.h"

#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>

namespace sheaf::cli {

static const char* format_name(FrontMatterFormat f) {
  switch (f) {
    case FrontMatterFormat::Yaml: return "yaml";
    case FrontMatterFormat::Toml: return "toml";
    case FrontMatterFormat::Json: return "json";
    default: return "none";
  }
}

static const char* title_source_name(TitleSource s) {
  switch (s) {
    case TitleSource::FrontMatter: return "front-matter";
    case TitleSource::Heading: return "heading";
    default: return "file-name";
  }
}

// Values keep their type: numbers and booleans as JSON numbers/booleans when
// they are valid JSON, dates and strings as strings, nesting as nesting.
// Iterative, so a deeply nested value cannot exhaust the stack.
static void write_value(JsonWriter& w, const Value& root) {
  struct Frame {
    const Value* v;
    size_t next;
  };
  std::vector<Frame> stack;
  auto open = [&](const Value& v) {
    switch (v.kind) {
      case Value::Kind::Null: w.null(); return;
      case Value::Kind::Bool: w.value(v.scalar == "true" || v.scalar == "True" || v.scalar == "TRUE"); return;
      case Value::Kind::Number: {
        char* end = nullptr;
        double d = std::strtod(v.scalar.c_str(), &end);
        if (end && *end == 0 && !v.scalar.empty() && v.scalar.find_first_of("xXoO_") == std::string::npos)
          w.value(d);
        else
          w.value(v.scalar);
        return;
      }
      case Value::Kind::String:
      case Value::Kind::Date: w.value(v.scalar); return;
      case Value::Kind::List: w.begin_array(); break;
      case Value::Kind::Map: w.begin_object(); break;
    }
    stack.push_back({&v, 0});
  };
  open(root);
  while (!stack.empty()) {
    Frame& f = stack.back();
    const Value& v = *f.v;
    if (v.kind == Value::Kind::List) {
      if (f.next == v.items.size()) {
        w.end_array();
        stack.pop_back();
        continue;
      }
      open(v.items[f.next++]);
    } else {
      if (f.next == v.entries.size()) {
        w.end_object();
        stack.pop_back();
        continue;
      }
      const auto& e = v.entries[f.next++];
      w.key(e.first);
      open(e.second);
    }
  }
}

int cmd_inspect(const Args& args) {
  if (args.empty()) {
    error("inspect", "usage: sheaf-cli inspect FILE...");
    return kUsage;
  }
  int rc = kOk;
  JsonWriter w(true);
  std::map<std::string, std::shared_ptr<const Site>> sites;  // by root, each read once
  w.begin_array();
  for (const std::string& path : args) {
    std::string text, err;
    if (!read_file(path, text, err)) {
      error(path, err);
      rc = kIoError;
      continue;
    }
    // The site, if any: the path then counts from the site's root.
    std::shared_ptr<const Site> site;
    std::string root, rel = path;
    if (path != "-" && find_site_root(path, root)) {
      auto it = sites.find(root);
      if (it == sites.end()) it = sites.emplace(root, load_site(root, "inspect")).first;
      site = it->second;
      std::error_code ec;
      std::filesystem::path r = std::filesystem::relative(std::filesystem::absolute(path, ec), root, ec);
      if (!ec && !r.empty()) rel = r.generic_string();
    }
    Document d = parse_document(site ? rel : path, std::move(text));
    const std::vector<std::string>* tags = &d.tags;
    const std::vector<std::string>* categories = &d.categories;
    std::string date = d.date;
    Library lib;
    const LibraryEntry* entry = nullptr;
    if (site) {
      lib.set_site(site);
      entry = lib.entry(lib.put(d));
      tags = &entry->tags;
      categories = &entry->categories;
      date = entry->date;
    }
    w.begin_object();
    w.key("path").value(path);
    w.key("format").value(format_name(d.front_matter.format));
    w.key("title").value(d.title);
    w.key("title_source").value(title_source_name(d.title_source));
    if (date.empty()) w.key("date").null(); else w.key("date").value(date);
    w.key("tags").begin_array();
    for (auto& t : *tags) w.value(t);
    w.end_array();
    w.key("categories").begin_array();
    for (auto& c : *categories) w.value(c);
    w.end_array();
    w.key("properties").begin_object();
    for (const Property& p : d.properties) {
      w.key(p.key);
      write_value(w, p.value);
    }
    w.end_object();
    if (site && entry) {
      std::vector<std::string> own;
      for (const Property& p : d.properties) own.push_back(p.key);
      PostState state = post_state(*entry, lib.now());
      w.key("site").begin_object();
      w.key("root").value(root);
      w.key("path").value(rel);
      w.key("type").value(site_type(*site, rel));
      static const char* kStates[] = {"published", "draft", "unpublished", "scheduled"};
      w.key("state").value(kStates[int(state)]);
      w.key("inherited").begin_object();
      for (const InheritedProperty& ip : site_defaults(*site, rel, own)) {
        w.key(ip.property.key).begin_object();
        w.key("value");
        write_value(w, ip.property.value);
        w.key("from").value(ip.from);
        w.end_object();
      }
      w.end_object();
      w.end_object();
    }
    w.key("diagnostics").begin_array();
    for (const Diagnostic& g : d.diagnostics) {
      w.begin_object();
      w.key("severity").value(severity_name(g.severity));
      w.key("line").value(g.line);
      w.key("column").value(g.column);
      w.key("message").value(g.message);
      w.end_object();
    }
    w.end_array();
    w.key("headings").begin_array();
    for (const Heading& h : d.headings) {
      w.begin_object();
      w.key("level").value(h.level);
      w.key("text").value(h.text);
      w.key("anchor").value(h.anchor);
      w.end_object();
    }
    w.end_array();
    w.key("words").value(int64_t(d.word_count));
    w.key("bytes").value(int64_t(d.text.size()));
    w.end_object();
  }
  w.end_array();
  std::fwrite(w.str().data(), 1, w.str().size(), stdout);
  std::fputc('\n', stdout);
  return rc;
}

}  // namespace sheaf::cli
