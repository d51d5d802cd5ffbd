// sheaf-cli tags DIR [--json]
//
// Facet counts of a notebook: tags (nested ones also counted under their
// parents), categories and years, most used first.
#include <algorithm>
#include <cstdio>

#include "cli/cli.h"
#include "cli/library_load.h"
#include "core/folder_storage.h"
#include "core/index_cache.h"
#include "core/json.h"
#include "core/library.h"
#include "core/site.h"

#include <filesystem>

namespace sheaf::cli {

std::shared_ptr<const Site> load_site(const std::string& dir, const char* command) {
  FolderStorage storage(dir);
  std::shared_ptr<const Site> site;
  storage.load_asset("_config.yml", [&](bool found, std::string text, StorageResult r) {
    if (!found) {
      if (!r.ok) error(command, r.error);
      return;
    }
    auto s = std::make_shared<Site>(parse_site_config(text));
    std::string where = (std::filesystem::path(dir) / "_config.yml").string();
    for (const Diagnostic& d : s->diagnostics)
      error(where + ":" + std::to_string(d.line) + ":" + std::to_string(d.column), d.message);
    if (s->present) site = std::move(s);
  });
  return site;
}

bool find_site_root(const std::string& file, std::string& root) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path p = fs::absolute(fs::path(file), ec);
  if (ec) return false;
  for (fs::path d = p.parent_path(); !d.empty(); d = d.parent_path()) {
    if (fs::is_regular_file(d / "_config.yml", ec)) {
      root = d.string();
      return true;
    }
    if (d == d.parent_path()) break;
  }
  return false;
}

int load_dir_into(const std::string& dir, Library& lib, const char* command) {
  FolderStorage storage(dir);
  lib.set_site(load_site(dir, command));
  int rc = kOk;
  storage.load_all([&](std::vector<StoredFile> files, StorageResult r) {
    if (!r.ok) {
      error(command, r.error);
      rc = kIoError;
      return;
    }
    if (!r.error.empty()) error(command, r.error);  // skipped files; the rest still count
    load_library(lib, files);
  });
  return rc;
}

static std::vector<FacetValue> by_count(FacetList f) {
  std::stable_sort(f.values.begin(), f.values.end(),
                   [](const FacetValue& a, const FacetValue& b) { return a.count > b.count; });
  return std::move(f.values);
}

int cmd_tags(const Args& args) {
  std::string dir;
  bool json = false;
  for (const std::string& a : args) {
    if (a == "--json") json = true;
    else if (dir.empty()) dir = a;
    else return error("tags", "unexpected argument '" + a + "'"), kUsage;
  }
  if (dir.empty()) return error("tags", "usage: tags DIR [--json]"), kUsage;
  Library lib;
  int rc = load_dir_into(dir, lib, "tags");
  if (rc != kOk) return rc;

  struct Group {
    const char* name;
    FacetKind kind;
  };
  const Group groups[] = {{"tags", FacetKind::Tags}, {"categories", FacetKind::Categories}, {"years", FacetKind::Years}};
  if (json) {
    JsonWriter w(true);
    w.begin_object().key("posts").value(int64_t(lib.size()));
    for (const Group& g : groups) {
      w.key(g.name).begin_array();
      for (const FacetValue& v : by_count(lib.facet(g.kind)))
        w.begin_object().key("name").value(v.name).key("count").value(int64_t(v.count)).end_object();
      w.end_array();
    }
    w.end_object();
    std::printf("%s\n", w.str().c_str());
    return kOk;
  }
  std::printf("%zu posts\n", lib.size());
  for (const Group& g : groups) {
    std::printf("\n%s\n", g.name);
    for (const FacetValue& v : by_count(lib.facet(g.kind))) std::printf("%6u  %s\n", v.count, v.name.c_str());
  }
  return kOk;
}

}  // namespace sheaf::cli
