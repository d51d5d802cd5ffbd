// Sheaf core: bulk tag and category edits (see bulk_edit.h).
//
// Index of this file:
// [SECTION] Planning
// [SECTION] Applying and undo

#include "core/bulk_edit.h"

#include "core/document.h"
#include "core/edit.h"
#include "core/library.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Planning
//-----------------------------------------------------------------------------

static const char* action_verb(BulkAction a) {
  switch (a) {
    case BulkAction::Rename: return "rename";
    case BulkAction::Merge: return "merge";
    case BulkAction::Delete: return "delete";
  }
  return "?";
}

BulkOperation plan_bulk_edit(const Library& lib, const BulkRequest& req, const TextLookup& text_of) {
  BulkOperation op;
  op.request = req;
  const char* field = req.categories ? "categories" : "tags";
  const std::string from = fold(req.from);
  const bool deleting = req.action == BulkAction::Delete;
  if (from.empty()) {
    op.errors.push_back("no name given");
    return op;
  }
  if (!deleting && req.to.find_first_not_of(" \t\r\n") == std::string::npos) {
    op.errors.push_back("no new name given");
    return op;
  }

  // The facet posting list already knows which posts carry the name (and, for
  // hierarchical names, its children); the query engine gives us those ids.
  Query q;
  QueryNode n;
  n.op = req.categories ? QueryOp::Category : QueryOp::Tag;
  n.value = from;
  q.nodes.push_back(n);
  std::vector<DocId> ids = lib.match(q);
  lib.sort(ids, SortKey::Title);

  for (DocId id : ids) {
    const LibraryEntry* e = lib.entry(id);
    std::string text;
    if (!text_of(e->path, text)) {
      op.errors.push_back(e->path + ": cannot read the post");
      continue;
    }
    BulkFileChange ch;
    ch.path = e->path;
    ch.old_text = text;
    const std::vector<std::string>& names = req.categories ? e->categories : e->tags;
    std::vector<std::string> have;  // folded names the post holds as edits go
    for (const std::string& name : names) have.push_back(fold(name));
    for (const std::string& name : names) {
      std::string f = fold(name);
      bool exact = f == from;
      bool child = !exact && req.include_children && !deleting && f.size() > from.size() &&
                   f.compare(0, from.size(), from) == 0 && f[from.size()] == '/';
      if (!exact && !child) continue;
      EditResult r;
      std::string target;
      if (deleting) {
        r = remove_tag(text, field, name);
      } else {
        target = req.to + name.substr(from.size());  // keeps the child part as spelled
        if (target == name) continue;
        // Already there (merge): drop this one rather than write a duplicate.
        std::string ft = fold(target);
        bool present = false;
        for (const std::string& h : have) present |= h == ft && h != f;
        r = present ? remove_tag(text, field, name) : rename_tag(text, field, name, target);
        if (r.ok && r.changed) {
          for (std::string& h : have)
            if (h == f) h = ft;
        }
      }
      if (!r.ok) {
        op.errors.push_back(e->path + ": " + r.error);
        ch.removed.clear();
        text = ch.old_text;
        break;
      }
      if (!r.changed) continue;
      text = std::move(r.text);
      ch.removed.push_back(name);
      if (!deleting) ch.added.push_back(target);
    }
    if (text != ch.old_text) {
      ch.new_text = std::move(text);
      op.changes.push_back(std::move(ch));
    }
  }

  std::string what = std::string(req.categories ? "category" : "tag") + " '" + req.from + "'";
  op.description = std::string(action_verb(req.action)) + " " + what;
  if (!deleting) op.description += (req.action == BulkAction::Merge ? " into '" : " to '") + req.to + "'";
  op.description += " in " + std::to_string(op.changes.size()) + (op.changes.size() == 1 ? " post" : " posts");
  return op;
}

//-----------------------------------------------------------------------------
// [SECTION] Applying and undo
//-----------------------------------------------------------------------------

size_t apply_bulk_edit(Library& lib, const BulkOperation& op, bool undo, const TextLookup& text_of,
                       const TextWriter& write, std::vector<std::string>& errors, bool reindex) {
  size_t written = 0;
  for (const BulkFileChange& ch : op.changes) {
    const std::string& expect = undo ? ch.new_text : ch.old_text;
    const std::string& next = undo ? ch.old_text : ch.new_text;
    std::string now;
    if (!text_of(ch.path, now)) {
      errors.push_back(ch.path + ": cannot read the post");
      continue;
    }
    // Someone edited the post since the plan: never overwrite their work.
    if (now != expect) {
      errors.push_back(ch.path + ": changed since the edit was planned; left alone");
      continue;
    }
    std::string err;
    if (!write(ch.path, next, err)) {
      errors.push_back(ch.path + ": " + err);
      continue;
    }
    written++;
    if (!reindex) continue;
    DocId id = lib.find(ch.path);
    const LibraryEntry* e = lib.entry(id);
    int64_t modified = e ? e->modified : 0;
    uint64_t version = e ? e->version : 0;
    lib.put(parse_document(ch.path, next), modified, version);
  }
  return written;
}

}  // namespace sheaf
