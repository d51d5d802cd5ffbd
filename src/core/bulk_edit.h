// Sheaf core: bulk tag and category edits across the library.
//
// A bulk edit is planned first (the plan is the preview: which posts change
// and how), then applied by the caller, who writes each new text to storage.
// The plan holds the old and new bytes of every changed file, so undoing the
// whole operation is writing the old bytes back: byte-exact, in one step.
// Every file edit goes through core/edit.h, so only the lines of the edited
// key change.
//
// Index of this header:
// [SECTION] Requests and operations
// [SECTION] Planning and applying

#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace sheaf {

class Library;

//-----------------------------------------------------------------------------
// [SECTION] Requests and operations
//-----------------------------------------------------------------------------

enum class BulkAction : uint8_t {
  Rename,  // from -> to (when a post already has `to`, `from` is simply dropped)
  Merge,   // same as Rename; named separately for the UI and the record
  Delete,  // remove `from`
};

struct BulkRequest {
  BulkAction action = BulkAction::Rename;
  bool categories = false;  // false: tags, true: categories
  std::string from;         // matched case-insensitively against each post's own spelling
  std::string to;           // Rename/Merge only
  // Rename/Merge also move nested names: lang -> code turns lang/cpp into code/cpp.
  bool include_children = true;
};

struct BulkFileChange {
  std::string path;
  std::string old_text;
  std::string new_text;
  std::vector<std::string> removed, added;  // names as spelled, for the preview
};

struct BulkOperation {
  BulkRequest request;
  std::string description;               // "rename tag 'AI' to 'ai' in 3 posts"
  std::vector<BulkFileChange> changes;   // only files whose bytes change
  std::vector<std::string> errors;       // "path: why" for posts that could not be edited
  bool empty() const { return changes.empty(); }
};

//-----------------------------------------------------------------------------
// [SECTION] Planning and applying
//-----------------------------------------------------------------------------

// Returns the current bytes of a post, or false when unavailable.
using TextLookup = std::function<bool(std::string_view path, std::string& text)>;

// Plans (dry run) the edit over every post the library lists under `from`.
// Nothing is written; the result is both the preview and the undo record.
BulkOperation plan_bulk_edit(const Library& lib, const BulkRequest& req, const TextLookup& text_of);

// Writes one file; false with `error` filled when it failed.
using TextWriter = std::function<bool(const std::string& path, const std::string& text, std::string& error)>;

// Writes the new texts (or the old ones when `undo`) and re-indexes those
// posts. Before writing, every file is checked to still hold the bytes the
// operation expects; a file changed since the plan is skipped and reported.
// Returns the number of files written; errors go to `errors`. With
// `reindex` false the writer re-indexes each post itself (the app's edit
// pipeline does), so no post is parsed twice.
size_t apply_bulk_edit(Library& lib, const BulkOperation& op, bool undo, const TextLookup& text_of,
                       const TextWriter& write, std::vector<std::string>& errors, bool reindex = true);

}  // namespace sheaf
