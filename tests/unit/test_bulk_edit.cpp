// Bulk tag/category edits: plan (preview), apply, one-step byte-exact undo.
#include <doctest/doctest.h>

#include <map>

#include "core/bulk_edit.h"
#include "core/document.h"
#include "core/library.h"

using namespace sheaf;

namespace {

struct Notebook {
  std::map<std::string, std::string> files;
  Library lib;

  Notebook() {
    files["a.md"] = "---\ntitle: A\n# keep this comment\ntags:\n  - AI\n  - Docker\ncategories: [Dev]\n---\nBody A with tags: AI\n";
    files["b.md"] = "---\r\ntitle: \"B\"\r\ntags: [ai, \"Deep Learning\"]\r\n---\r\nBody B\r\n";
    files["c.md"] = "---\ntitle: C\ntags:\n- lang/cpp\n- Lang\n- ai\ncategories:\n  - dev\n---\n본문 C\n";
    files["d.md"] = "---\ntitle: D\ntags: [other]\n---\nno ai here\n";
    files["e.md"] = "+++\ntitle = \"E\"\ntags = [\"AI\"]\n+++\nTOML front matter\n";
    for (auto& [p, t] : files) lib.put(parse_document(p, t));
  }
  TextLookup reader() {
    return [this](std::string_view p, std::string& out) {
      auto it = files.find(std::string(p));
      if (it == files.end()) return false;
      out = it->second;
      return true;
    };
  }
  TextWriter writer() {
    return [this](const std::string& p, const std::string& t, std::string&) {
      files[p] = t;
      return true;
    };
  }
};

const BulkFileChange* change_for(const BulkOperation& op, const std::string& path) {
  for (const BulkFileChange& c : op.changes)
    if (c.path == path) return &c;
  return nullptr;
}

}  // namespace

TEST_CASE("bulk: rename a tag across posts, only the tag lines change, undo is byte-exact") {
  Notebook nb;
  const auto before = nb.files;
  BulkRequest req;
  req.from = "ai";
  req.to = "ML";
  BulkOperation op = plan_bulk_edit(nb.lib, req, nb.reader());
  // Preview: a, b, c change; d has no such tag; e is TOML and is reported.
  CHECK(op.changes.size() == 3);
  CHECK(change_for(op, "d.md") == nullptr);
  REQUIRE(op.errors.size() == 1);
  CHECK(op.errors[0].rfind("e.md: ", 0) == 0);
  CHECK(op.description == "rename tag 'ai' to 'ML' in 3 posts");
  CHECK(nb.files == before);  // planning writes nothing
  const BulkFileChange* a = change_for(op, "a.md");
  REQUIRE(a);
  CHECK(a->removed == std::vector<std::string>{"AI"});
  CHECK(a->added == std::vector<std::string>{"ML"});

  std::vector<std::string> errors;
  CHECK(apply_bulk_edit(nb.lib, op, false, nb.reader(), nb.writer(), errors) == 3);
  CHECK(errors.empty());
  CHECK(nb.files["a.md"] == "---\ntitle: A\n# keep this comment\ntags:\n  - ML\n  - Docker\ncategories: [Dev]\n---\nBody A with tags: AI\n");
  CHECK(nb.files["b.md"] == "---\r\ntitle: \"B\"\r\ntags: [ML, \"Deep Learning\"]\r\n---\r\nBody B\r\n");
  CHECK(nb.files["c.md"] == "---\ntitle: C\ntags:\n- lang/cpp\n- Lang\n- ML\ncategories:\n  - dev\n---\n본문 C\n");
  CHECK(nb.files["d.md"] == before.at("d.md"));
  // The index followed: the facet moved.
  CHECK(nb.lib.facet_count(FacetKind::Tags, "ai") == 1);  // only the TOML post remains
  CHECK(nb.lib.facet_count(FacetKind::Tags, "ml") == 3);

  // One undo reverts every file to its exact bytes.
  CHECK(apply_bulk_edit(nb.lib, op, true, nb.reader(), nb.writer(), errors) == 3);
  CHECK(errors.empty());
  CHECK(nb.files == before);
  CHECK(nb.lib.facet_count(FacetKind::Tags, "ai") == 4);
  CHECK(nb.lib.facet_count(FacetKind::Tags, "ml") == 0);
}

TEST_CASE("bulk: merge into an existing tag drops the duplicate") {
  Notebook nb;
  nb.files["f.md"] = "---\ntags: [Docker, AI]\n---\n";
  nb.lib.put(parse_document("f.md", nb.files["f.md"]));
  BulkRequest req;
  req.action = BulkAction::Merge;
  req.from = "docker";
  req.to = "AI";
  BulkOperation op = plan_bulk_edit(nb.lib, req, nb.reader());
  CHECK(op.description == "merge tag 'docker' into 'AI' in 2 posts");
  std::vector<std::string> errors;
  apply_bulk_edit(nb.lib, op, false, nb.reader(), nb.writer(), errors);
  CHECK(nb.files["f.md"] == "---\ntags: [AI]\n---\n");
  CHECK(nb.files["a.md"] == "---\ntitle: A\n# keep this comment\ntags:\n  - AI\ncategories: [Dev]\n---\nBody A with tags: AI\n");
  CHECK(nb.lib.facet_count(FacetKind::Tags, "docker") == 0);
}

TEST_CASE("bulk: delete a category, rename a parent moves its children") {
  Notebook nb;
  const auto before = nb.files;
  BulkRequest del;
  del.action = BulkAction::Delete;
  del.categories = true;
  del.from = "DEV";
  BulkOperation op = plan_bulk_edit(nb.lib, del, nb.reader());
  CHECK(op.changes.size() == 2);
  std::vector<std::string> errors;
  apply_bulk_edit(nb.lib, op, false, nb.reader(), nb.writer(), errors);
  CHECK(nb.files["a.md"] == "---\ntitle: A\n# keep this comment\ntags:\n  - AI\n  - Docker\ncategories: []\n---\nBody A with tags: AI\n");
  CHECK(nb.lib.facet_count(FacetKind::Categories, "dev") == 0);
  apply_bulk_edit(nb.lib, op, true, nb.reader(), nb.writer(), errors);
  CHECK(nb.files == before);

  BulkRequest ren;
  ren.from = "lang";
  ren.to = "code";
  op = plan_bulk_edit(nb.lib, ren, nb.reader());
  REQUIRE(op.changes.size() == 1);
  CHECK(op.changes[0].removed == std::vector<std::string>{"lang/cpp", "Lang"});
  CHECK(op.changes[0].added == std::vector<std::string>{"code/cpp", "code"});
  apply_bulk_edit(nb.lib, op, false, nb.reader(), nb.writer(), errors);
  CHECK(nb.files["c.md"] == "---\ntitle: C\ntags:\n- code/cpp\n- code\n- ai\ncategories:\n  - dev\n---\n본문 C\n");
  CHECK(nb.lib.facet_count(FacetKind::Tags, "code") == 1);
  CHECK(nb.lib.facet_count(FacetKind::Tags, "code/cpp") == 1);
  CHECK(nb.lib.facet_count(FacetKind::Tags, "lang") == 0);
}

TEST_CASE("bulk: a post edited after planning is left alone") {
  Notebook nb;
  BulkRequest req;
  req.action = BulkAction::Delete;
  req.from = "ai";
  BulkOperation op = plan_bulk_edit(nb.lib, req, nb.reader());
  nb.files["b.md"] += "edited meanwhile\n";
  std::string b = nb.files["b.md"];
  std::vector<std::string> errors;
  CHECK(apply_bulk_edit(nb.lib, op, false, nb.reader(), nb.writer(), errors) == 2);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find("b.md") == 0);
  CHECK(nb.files["b.md"] == b);
}

TEST_CASE("bulk: without reindexing the writer keeps the index (the app re-indexes each post itself)") {
  Notebook nb;
  const uint64_t generation = nb.lib.generation();
  BulkRequest req;
  req.from = "docker";
  req.to = "container";
  BulkOperation op = plan_bulk_edit(nb.lib, req, nb.reader());
  std::vector<std::string> errors;
  CHECK(apply_bulk_edit(nb.lib, op, false, nb.reader(), nb.writer(), errors, /*reindex=*/false) == 1);
  CHECK(nb.files["a.md"].find("  - container\n") != std::string::npos);
  CHECK(nb.lib.generation() == generation);
  CHECK(nb.lib.facet_count(FacetKind::Tags, "docker") == 1);
}

TEST_CASE("bulk: nothing to do and bad requests") {
  Notebook nb;
  BulkRequest req;
  req.from = "nope";
  req.to = "x";
  BulkOperation op = plan_bulk_edit(nb.lib, req, nb.reader());
  CHECK(op.empty());
  CHECK(op.errors.empty());
  req.from = "ai";
  req.to = "  ";
  op = plan_bulk_edit(nb.lib, req, nb.reader());
  CHECK(op.empty());
  CHECK(op.errors.size() == 1);
}
