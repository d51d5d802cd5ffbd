// Sheaf application: bulk tag and category edits. The sidebar's context menu
// opens the dialog (ui/bulk_dialog.h), the core plans the edit
// (core/bulk_edit.h), and applying writes each changed post through the same
// path as a keystroke: mark_edited() re-parses and re-indexes it, and the save
// pipeline stores it. The applied plan is kept as the undo record: Undo (the
// notice's button, or Ctrl+Z while it is the latest change) writes every old
// text back, byte for byte, in one step.
//
// Large operations run a slice per frame with a progress bar, so 10k posts
// never freeze the page.
//
// Index of this file:
// [SECTION] State
// [SECTION] Planning and writing
// [SECTION] Jobs
// [SECTION] Frame

#include <algorithm>
#include <cstdlib>
#include <iterator>

#include "app/app_bulk.h"
#include "app/app_impl.h"
#include "core/bulk_edit.h"
#include "core/json.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "ui/bulk_dialog.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] State
//-----------------------------------------------------------------------------

static constexpr double kSliceMs = 12.0;       // work per frame while a job runs
static constexpr size_t kSliceBatch = 8;       // changes between clock checks
static constexpr double kNoticeSeconds = 30.0;  // how long Undo is offered

BulkState& bulk_state(AppImpl& a) {
  if (!a.bulk) a.bulk = std::make_shared<BulkState>();
  return *a.bulk;
}
static BulkState& state(AppImpl& a) { return bulk_state(a); }

static double now_s() { return ImGui::GetCurrentContext() ? ImGui::GetTime() : 0.0; }

//-----------------------------------------------------------------------------
// [SECTION] Planning and writing
//-----------------------------------------------------------------------------

// The text in memory is the truth (it may hold edits not saved yet).
static TextLookup text_lookup(AppImpl& a) {
  return [&a](std::string_view path, std::string& text) {
    const Post* p = a.nb->find_by_path(path);
    if (!p || !p->loaded) return false;  // a warm start still reading files
    text = p->doc.text;
    return true;
  };
}

// One post's new text goes the way a keystroke's does: into the post,
// through mark_edited() (parse, index, unsaved mark; the editor and the
// preview follow the version bump) and on to storage.
static TextWriter post_writer(AppImpl& a) {
  return [&a](const std::string& path, const std::string& text, std::string& error) {
    DocId id = a.nb->id_of_path(path);
    if (!post(a, id)) {
      error = "no longer in the notebook";
      return false;
    }
    a.nb->set_text(id, text);
    a.nb->save(id, SaveKind::Auto);
    return true;
  };
}

static BulkOperation plan_for(AppImpl& a, const BulkRequest& r) { return plan_bulk_edit(a.nb->library(), r, text_lookup(a)); }

void open_bulk_dialog(AppImpl& a, const FacetMenuPick& pick) {
  BulkState& b = state(a);
  if (!pick.chosen || pick.name.empty() || b.job.active) return;
  if (!a.nb->ready()) {  // listed from the index cache; the posts' bytes are not all in yet
    show_notice(a, Notice{"The notebook is still opening; try again in a moment.", false, "", nullptr, now_s() + 4});
    return;
  }
  b.dialog.open(pick.action, pick.categories, pick.name);
}

//-----------------------------------------------------------------------------
// [SECTION] Jobs
//-----------------------------------------------------------------------------

// "Renamed tag 'x' to 'y' in 3 posts."
static std::string done_text(const BulkRequest& r, size_t n) {
  const std::string what = std::string(r.categories ? "category" : "tag") + " '" + r.from + "'";
  const std::string posts = std::to_string(n) + (n == 1 ? " post" : " posts");
  switch (r.action) {
    case BulkAction::Rename: return "Renamed " + what + " to '" + r.to + "' in " + posts + ".";
    case BulkAction::Merge: return "Merged " + what + " into '" + r.to + "' in " + posts + ".";
    case BulkAction::Delete: return "Deleted " + what + " from " + posts + ".";
  }
  return {};
}

static void drop_undo_notice(AppImpl& a, BulkState& b) {
  if (b.last_notice.empty()) return;
  const std::string text = b.last_notice;
  a.st.notices.erase(std::remove_if(a.st.notices.begin(), a.st.notices.end(),
                                    [&](const Notice& n) { return n.text == text; }),
                     a.st.notices.end());
  b.last_notice.clear();
}

static void finish_job(AppImpl& a, BulkState& b) {
  BulkJob& j = b.job;
  j.active = false;
  b.dialog.close();
  b.result_written = j.written;
  b.result_errors = j.errors;
  const BulkRequest req = j.op.request;
  std::string errors_text;
  if (!j.errors.empty())
    errors_text = std::to_string(j.errors.size()) + (j.errors.size() == 1 ? " post was" : " posts were") +
                  " left alone: " + j.errors.front() + (j.errors.size() > 1 ? " …" : "");
  if (!j.undo) {
    b.last = std::move(j.op);
    b.can_undo = j.written > 0;
    b.last_generation = a.nb->library().generation();
    b.result = done_text(req, j.written);
    a.status = b.result;
    drop_undo_notice(a, b);
    if (j.written > 0) {
      b.last_notice = b.result;
      show_notice(a, Notice{b.result, false, "Undo", [&a] { state(a).undo_requested = true; }, now_s() + kNoticeSeconds});
    }
  } else {
    b.can_undo = false;
    b.last = BulkOperation{};
    drop_undo_notice(a, b);
    b.result = "Undone: " + std::to_string(j.written) + (j.written == 1 ? " post" : " posts") + " restored.";
    a.status = b.result;
    show_notice(a, Notice{b.result, false, "", nullptr, now_s() + 6});
  }
  if (!errors_text.empty()) show_notice(a, Notice{errors_text, true, "", nullptr, 0});
  j.op = BulkOperation{};
  j.errors.clear();
}

// Applies (or undoes) changes until the slice's time is up. Changes are moved
// into a small operation and back, so no text is copied.
static void run_slice(AppImpl& a, BulkState& b) {
  BulkJob& j = b.job;
  const double until = steady_ms() + kSliceMs;
  std::vector<BulkFileChange>& all = j.op.changes;
  BulkOperation part;
  part.request = j.op.request;
  const TextLookup lookup = text_lookup(a);
  const TextWriter write = post_writer(a);
  while (j.next < all.size() && steady_ms() < until) {
    const size_t end = std::min(all.size(), j.next + kSliceBatch);
    part.changes.assign(std::make_move_iterator(all.begin() + long(j.next)),
                        std::make_move_iterator(all.begin() + long(end)));
    j.written += apply_bulk_edit(a.nb->library(), part, j.undo, lookup, write, j.errors, /*reindex=*/false);
    std::move(part.changes.begin(), part.changes.end(), all.begin() + long(j.next));
    j.next = end;
  }
  if (j.next >= all.size()) finish_job(a, b);
  else b.dialog.show_progress(j.undo ? "Undoing…" : "Applying…", j.next, all.size());
}

static void start_job(AppImpl& a, BulkState& b, BulkOperation op, bool undo) {
  b.job = BulkJob{};
  b.job.active = true;
  b.job.undo = undo;
  b.job.op = std::move(op);
  run_slice(a, b);  // a small one is done right here
}

// The last bulk edit is still the latest change: nothing was edited, added
// or removed since (every such change moves the library's generation).
bool bulk_undo_is_latest(const AppImpl& a, const BulkState& b) {
  if (!b.can_undo || a.nb->library().generation() != b.last_generation) return false;
  return std::any_of(a.st.notices.begin(), a.st.notices.end(),
                     [&](const Notice& n) { return n.text == b.last_notice; });
}

static void start_undo(AppImpl& a, BulkState& b) {
  if (!b.can_undo || b.job.active) return;
  BulkOperation op = std::move(b.last);
  b.last = BulkOperation{};
  b.can_undo = false;
  start_job(a, b, std::move(op), true);
}

//-----------------------------------------------------------------------------
// [SECTION] Frame
//-----------------------------------------------------------------------------

void bulk_shortcuts(AppImpl& a) {
  if (!a.bulk) return;
  BulkState& b = *a.bulk;
  ImGuiIO& io = ImGui::GetIO();
  if (!(io.KeyCtrl || io.KeySuper) || io.KeyShift || io.WantTextInput) return;
  if (!ImGui::IsKeyPressed(ImGuiKey_Z, false)) return;
  const bool modal = b.dialog.is_open() || b.job.active;
  if (!modal && !bulk_undo_is_latest(a, b)) return;  // Ctrl+Z belongs to the editor or the trash
  // Ours this frame: the editor's and the trash's handlers run later and
  // must not undo a second thing with the same key press.
  ImGui::SetKeyOwner(ImGuiKey_Z, ImGui::GetID("##sheaf-bulk-undo"), ImGuiInputFlags_LockThisFrame);
  if (!modal) start_undo(a, b);
}

void bulk_frame(AppImpl& a) {
  if (!a.bulk) return;
  BulkState& b = *a.bulk;
  if (b.job.active) run_slice(a, b);
  if (b.undo_requested) {
    b.undo_requested = false;
    start_undo(a, b);
  }
  // One modal at a time: a storage question (conflict, clash) goes first.
  BulkDialogEvent ev = b.dialog.draw(a.nb->library(), [&a](const BulkRequest& r) { return plan_for(a, r); },
                                     !a.st.dialogs.empty());
  if (ev.cancel) b.dialog.close();
  if (ev.apply) {
    BulkOperation op = b.dialog.take_plan();
    b.dialog.close();
    start_job(a, b, std::move(op), false);
  }
}

bool bulk_busy(const AppImpl& a) { return a.bulk && (a.bulk->job.active || a.bulk->undo_requested); }

}  // namespace sheaf
