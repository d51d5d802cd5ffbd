// Sheaf bulk edit dialog: the modal that renames, merges or deletes one tag
// or category across every post.
//
// It asks for the new name (Rename, Merge; Merge completes from the existing
// names), shows the core's plan as the preview (the description, the posts
// that change, the posts that cannot be edited) and says Apply or Cancel.
// It never writes: Apply comes back as an event and the app applies the
// plan. While the app applies it, the same modal shows a progress bar.
//
//   dlg.open(BulkAction::Rename, false, "AI");
//   BulkDialogEvent ev = dlg.draw(lib, planner);   // once per frame
//   if (ev.apply) ... apply dlg.plan() ...
//
// [SECTION] Dialog
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/bulk_edit.h"
#include "imgui.h"

namespace sheaf {

class Library;

//-----------------------------------------------------------------------------
// [SECTION] Dialog
//-----------------------------------------------------------------------------

struct BulkDialogEvent {
  bool apply = false;   // Apply or Enter, with a valid plan that changes something
  bool cancel = false;  // Cancel or Escape
};

class BulkDialog {
 public:
  // Makes the preview for a request (the app's plan_bulk_edit over its posts).
  using Planner = std::function<BulkOperation(const BulkRequest&)>;

  void open(BulkAction action, bool categories, std::string name);
  void close();
  bool is_open() const { return open_; }
  // Replaces what the name field holds (as if typed).
  void set_input(std::string text);

  // The app is applying (or undoing) a plan: the modal shows `what` and a
  // bar instead of the form until close().
  void show_progress(std::string what, size_t done, size_t total);
  bool in_progress() const { return progress_total_ > 0; }

  // Draws the modal when open. `hidden`: another modal is up; keep the state
  // and draw nothing this frame.
  BulkDialogEvent draw(const Library& lib, const Planner& plan, bool hidden = false);

  // Re-plans now if the preview is older than the name or the library.
  const BulkOperation& plan_now(const Library& lib, const Planner& plan);
  // Hands the plan over (after an apply event), leaving the dialog without one.
  BulkOperation take_plan();

  // What tests and the bridge read.
  const BulkRequest& request() const { return request_; }
  const BulkOperation& plan() const { return plan_; }
  bool planned() const { return planned_; }    // plan() matches the current request
  const std::string& problem() const { return problem_; }  // why Apply is off ("" when it is on)
  size_t progress_done() const { return progress_done_; }
  size_t progress_total() const { return progress_total_; }
  struct ControlRect {
    std::string name;  // "input", "apply", "cancel", "suggest:<name>"
    ImVec4 rect;       // x, y, w, h
  };
  const std::vector<ControlRect>& controls() const { return controls_; }

 private:
  void update_request();
  void refresh_names(const Library& lib);
  bool replan_if_stale(const Library& lib, const Planner& plan, bool force);
  void draw_form(const Library& lib, const Planner& plan, BulkDialogEvent& ev);
  void draw_preview(const Library& lib);
  void rect(std::string name);

  bool open_ = false;
  bool closing_ = false;  // closed while the modal is up: take it down next draw
  bool focus_field_ = false;
  BulkRequest request_;
  std::string input_;
  std::string problem_;

  BulkOperation plan_;
  bool planned_ = false;
  std::string planned_to_;
  uint64_t planned_generation_ = 0;
  double input_changed_at_ = 0;

  std::vector<std::string> names_;  // existing names of the edited kind (completion)
  uint64_t names_generation_ = ~0ull;
  bool names_categories_ = false;

  std::string progress_what_;
  size_t progress_done_ = 0, progress_total_ = 0;

  std::vector<ControlRect> controls_;
};

}  // namespace sheaf
