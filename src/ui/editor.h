// Sheaf source editor: the Markdown source of one post in an ImGui multiline
// text field, plus an edit history that lives outside the widget.
//
// ImGui's own undo stack is small and is thrown away when the field loses
// focus, so the field runs with ImGuiInputTextFlags_NoUndoRedo and every
// change (typing, the properties form, a task toggle) is recorded here as a
// replacement of one byte range. Undo applies the inverse replacements.
//
// [SECTION] Edit history
// [SECTION] Source editor widget
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "imgui.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Edit history
//-----------------------------------------------------------------------------

// text[at, at + removed.size()) was replaced by `inserted`.
struct TextChange {
  uint32_t at = 0;
  std::string removed, inserted;
};

// The smallest single replacement turning `before` into `after` (common
// prefix and suffix kept). The range is widened to whole UTF-8 characters so
// an undo never splits a Hangul syllable.
TextChange diff_texts(std::string_view before, std::string_view after);

enum class EditKind : uint8_t {
  Typing,  // keystrokes: consecutive ones within a short pause merge into one step
  Other,   // form edits, task toggles, paste: always a step of their own
};

class EditHistory {
 public:
  static constexpr double kMergeSeconds = 1.0;
  static constexpr size_t kMaxBytes = 64u << 20;  // oldest steps are dropped past this
  static constexpr size_t kMaxSteps = 5000;

  // Records before -> after; no-op when they are equal.
  void record(std::string_view before, std::string_view after, EditKind kind, double now);
  // The next record starts a new step (caret moved, focus changed, ...).
  void seal() { sealed_ = true; }
  // Undo/redo the last step on `text`. Returns false (text untouched) when
  // there is nothing to do or `text` no longer matches the history.
  // `caret` receives the byte offset where the change ends.
  bool undo(std::string& text, uint32_t* caret = nullptr);
  bool redo(std::string& text, uint32_t* caret = nullptr);
  void clear();

  size_t undo_steps() const { return undo_.size(); }
  size_t redo_steps() const { return redo_.size(); }
  size_t bytes() const { return bytes_; }

 private:
  struct Step {
    std::vector<TextChange> changes;  // applied in order
    EditKind kind = EditKind::Other;
    double time = 0;
  };
  static size_t step_bytes(const Step& s);
  void trim();

  std::vector<Step> undo_, redo_;
  size_t bytes_ = 0;
  bool sealed_ = true;
};

//-----------------------------------------------------------------------------
// [SECTION] Source editor widget
//-----------------------------------------------------------------------------

class SourceEditor {
 public:
  // Draws `text` in an editable monospace field of `size`. Returns true when
  // the user changed `text` this frame.
  bool draw(const char* label, std::string& text, ImVec2 size);

  // The caller replaced `text` (undo, form, task toggle, another tab): show
  // the new bytes and select [sel_begin, sel_end) on the next draw.
  void reload(uint32_t sel_begin, uint32_t sel_end);
  void focus() { want_focus_ = true; }  // keyboard focus on the next draw
  // Focuses the field with the caret at `offset` and scrolls it into view
  // (a diagnostic clicked in the preview).
  void go_to(uint32_t offset) {
    want_focus_ = true;
    goto_ = int64_t(offset);
    scroll_goto_ = offset;
  }
  void unfocus();                       // give up keyboard focus now

  bool active() const { return active_; }  // the field has keyboard focus
  uint32_t caret() const { return caret_; }
  uint32_t sel_begin() const { return sel_a_ < sel_b_ ? sel_a_ : sel_b_; }
  uint32_t sel_end() const { return sel_a_ < sel_b_ ? sel_b_ : sel_a_; }
  bool caret_moved() const { return caret_moved_; }  // by the user, without a text change

  // Shortcuts the field saw this frame (it does not handle them itself).
  bool take_undo() { bool v = undo_; undo_ = false; return v; }
  bool take_redo() { bool v = redo_; redo_ = false; return v; }
  bool take_escape() { bool v = escape_; escape_ = false; return v; }

  // --- scrolling by source position ------------------------------------------
  float line_height() const { return line_h_; }
  float scroll_y() const { return scroll_y_; }
  float view_height() const { return view_h_; }
  uint32_t offset_at_y(float content_y) const;  // byte offset of the line at a content y
  float y_of_offset(uint32_t offset) const;     // content y of the line holding `offset`
  uint32_t top_offset() const { return offset_at_y(scroll_y_); }
  void scroll_to_y(float y) { pending_scroll_ = y < 0 ? 0 : y; }
  void scroll_to_offset(uint32_t offset) { scroll_to_y(y_of_offset(offset)); }

  // Caret rectangle on screen (x, y, w, h) as drawn last frame; h == 0 when inactive.
  ImVec4 caret_rect() const { return caret_rect_; }

 private:
  void index_lines(const std::string& text);

  ImGuiID id_ = 0;
  void* field_ = nullptr;  // the ImGuiWindow the field scrolls in
  bool active_ = false, want_focus_ = false, want_unfocus_ = false;
  bool undo_ = false, redo_ = false, escape_ = false;
  bool reload_ = false;
  int focusing_ = 0;  // frames left for a focus request to land
  uint32_t reload_a_ = 0, reload_b_ = 0;
  uint32_t caret_ = 0, sel_a_ = 0, sel_b_ = 0;
  bool caret_moved_ = false;
  float line_h_ = 16, scroll_y_ = 0, view_h_ = 0, pending_scroll_ = -1;
  int64_t goto_ = -1;                // caret to place once the field is active
  uint32_t scroll_goto_ = UINT32_MAX;  // offset to scroll into view once lines are indexed

 public:
  void place_pending_caret(ImGuiInputTextCallbackData* data);  // from the field's callback

 private:
  ImVec4 caret_rect_{0, 0, 0, 0};
  std::vector<uint32_t> line_starts_{0};
  size_t lines_for_size_ = SIZE_MAX;
  bool lines_dirty_ = true;
};

}  // namespace sheaf
