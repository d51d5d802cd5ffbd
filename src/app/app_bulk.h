// Sheaf app: the state of bulk tag and category edits (app_bulk.cpp),
// shared with the test bridge (test_bridge.cpp), which only reads it.
#pragma once
#include <string>
#include <vector>

#include "app/app_impl.h"
#include "core/bulk_edit.h"
#include "ui/bulk_dialog.h"

namespace sheaf {

struct BulkJob {
  bool active = false;
  bool undo = false;
  BulkOperation op;
  size_t next = 0, written = 0;
  std::vector<std::string> errors;
};

struct BulkState {
  BulkDialog dialog;
  BulkJob job;
  // The last applied operation: what Undo writes back.
  BulkOperation last;
  bool can_undo = false;
  uint64_t last_generation = 0;  // library generation right after applying it
  std::string last_notice;       // the text of its "… [Undo]" notice
  bool undo_requested = false;   // the notice's button (run outside the overlay's loop)
  // The latest finished job, for the bridge.
  std::string result;
  size_t result_written = 0;
  std::vector<std::string> result_errors;
};

BulkState& bulk_state(AppImpl& a);  // made on first use
// The last applied bulk edit is still the latest change to the notebook, so
// its Undo (or Ctrl+Z) may take it back.
bool bulk_undo_is_latest(const AppImpl& a, const BulkState& b);

inline const char* bulk_action_name(BulkAction x) {
  switch (x) {
    case BulkAction::Merge: return "merge";
    case BulkAction::Delete: return "delete";
    default: return "rename";
  }
}

}  // namespace sheaf
