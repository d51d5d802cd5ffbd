// Sheaf app: the right pane's state (app_editor.cpp), shared with the test
// bridge (test_bridge.cpp), which only reads it.
#pragma once
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "app/app_impl.h"
#include "imgui.h"
#include "ui/editor.h"
#include "ui/properties_form.h"

namespace sheaf {

enum class EditorMode : uint8_t { Preview, Edit, Split };

inline const char* mode_name(EditorMode m) {
  switch (m) {
    case EditorMode::Edit: return "edit";
    case EditorMode::Split: return "split";
    default: return "preview";
  }
}

struct EditorState {
  EditorMode mode = EditorMode::Preview;
  SourceEditor editor;
  PropertiesForm form;
  bool form_open = true;

  // The editor's copy of the shown post's text, and which version it is.
  std::string buf;
  DocId buf_post = kNoDoc;
  uint64_t buf_version = 0;

  std::unordered_map<DocId, EditHistory> history;  // per post, kept when switching posts
  uint32_t pending_task = UINT32_MAX;              // a task box clicked in the preview
  uint32_t pending_click = UINT32_MAX;             // text clicked in the preview (side by side)
  int goto_line = 0, goto_column = 0;              // a diagnostic clicked in the preview (1-based)
  std::string pending_rename;                      // the form's "Rename file to" taken: the new path

  // Completion names, refreshed when the library changes.
  uint64_t names_generation = ~0ull;
  std::vector<std::string> tag_names, category_names;

  // Scroll sync: last seen positions, and frames to ignore after we moved a side.
  float last_editor_y = -1, last_view_y = -1;
  int quiet_editor = 0, quiet_view = 0;

  // Where the panes are (scroll sync asks whether the mouse is over the
  // preview), and the toolbar's controls for the test bridge (only while
  // test_rects_wanted()); x, y, w, h as drawn last frame.
  ImVec4 editor_rect{0, 0, 0, 0}, preview_rect{0, 0, 0, 0};
  std::vector<std::pair<std::string, ImVec4>> controls;
};

EditorState& editor_state(AppImpl& a);  // made on first use
// What the toolbar's mode buttons do.
void set_editor_mode(AppImpl& a, EditorMode m);

}  // namespace sheaf
