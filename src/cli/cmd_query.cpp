// sheaf-cli query DIR 'QUERY' [--json] [--sort date|title|modified]
//
// Loads every post below DIR into a library and prints the matches, one per
// line (path, date, title separated by tabs) or as JSON. A malformed query
// exits 2 with the message and a caret under the offending token.
#include <cstdio>

#include "cli/cli.h"
#include "cli/library_load.h"
#include "core/json.h"
#include "core/library.h"

namespace sheaf::cli {

int cmd_query(const Args& args) {
  std::string dir, query;
  bool json = false, have_query = false;
  SortKey sort = SortKey::Date;
  for (size_t i = 0; i < args.size(); i++) {
    const std::string& a = args[i];
    if (a == "--json") {
      json = true;
    } else if (a == "--sort") {
      if (i + 1 >= args.size()) return error("query", "--sort needs date, title or modified"), kUsage;
      const std::string& k = args[++i];
      if (k == "date") sort = SortKey::Date;
      else if (k == "title") sort = SortKey::Title;
      else if (k == "modified") sort = SortKey::Modified;
      else return error("query", "unknown sort '" + k + "' (date, title or modified)"), kUsage;
    } else if (dir.empty()) {
      dir = a;
    } else if (!have_query) {
      query = a;
      have_query = true;
    } else {
      return error("query", "unexpected argument '" + a + "'"), kUsage;
    }
  }
  if (dir.empty() || !have_query) return error("query", "usage: query DIR 'QUERY' [--json] [--sort date|title|modified]"), kUsage;

  // Check the query before reading any file: a typo should fail fast.
  Query q;
  QueryError qe;
  if (!parse_query(query, q, qe)) {
    error("query", qe.message);
    std::fprintf(stderr, "  %s\n  %*s^\n", query.c_str(), qe.column - 1, "");
    return kUsage;
  }

  Library lib;
  int rc = load_dir_into(dir, lib, "query");
  if (rc != kOk) return rc;
  std::vector<DocId> ids = lib.match(q);
  lib.sort(ids, sort, false);

  if (json) {
    JsonWriter w(true);
    w.begin_object().key("query").value(query).key("count").value(int64_t(ids.size())).key("results").begin_array();
    for (DocId id : ids) {
      const LibraryEntry& e = *lib.entry(id);
      w.begin_object().key("path").value(e.path).key("date").value(e.date).key("title").value(e.title);
      w.key("tags").begin_array();
      for (const std::string& t : e.tags) w.value(t);
      w.end_array().key("categories").begin_array();
      for (const std::string& c : e.categories) w.value(c);
      w.end_array().end_object();
    }
    w.end_array().end_object();
    std::printf("%s\n", w.str().c_str());
  } else {
    for (DocId id : ids) {
      const LibraryEntry& e = *lib.entry(id);
      std::printf("%s\t%s\t%s\n", e.path.c_str(), e.date.empty() ? "-" : e.date.c_str(), e.title.c_str());
    }
  }
  return kOk;
}

}  // namespace sheaf::cli
