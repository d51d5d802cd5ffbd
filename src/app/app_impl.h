// Sheaf application internals shared by the files of src/app/: the posts in
// memory and the state of the panels. Only src/app includes this.
#pragma once
#include <deque>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "app/app.h"
#include "core/document.h"
#include "core/library.h"
#include "core/notebook.h"
#include "core/storage.h"
#include "ui/dialogs.h"
#include "ui/theme.h"
#include "ui/doc_view.h"
#include "ui/sidebar.h"

namespace sheaf {

class JsonWriter;
struct EditorState;  // app_editor.cpp
struct BulkState;    // app_bulk.cpp

// A dismissable line above the post (errors, "Deleted. Undo").
struct Notice {
  std::string text;
  bool error = false;
  std::string action;            // button label ("" for none)
  std::function<void()> on_action;
  double until = 0;              // ImGui time to hide it (0: until dismissed)
  ImVec4 action_rect{0, 0, 0, 0};  // the action button as drawn last frame (for tests)
  std::string undoes{};          // what its action undoes ("trash:<key>"), so only that notice goes with it
  bool action_keeps = false;     // the first action leaves the notice up (e.g. "Show source")
  std::string action2{};         // a second button after the first ("" for none); it closes the notice
  std::function<void()> on_action2{};
  ImVec4 action2_rect{0, 0, 0, 0};
};

// The panels' part of the notebook's life: its questions and messages as
// dialogs and notices, the window title, the trash window.
struct StorageUiState {
  std::deque<Dialog> dialogs;
  std::vector<Notice> notices;
  std::string window_title;     // last title set
  bool show_trash = false;
};

// Crash recovery (app.cpp): the "opening" marker names the post being opened
// until it has been drawn, so the start after a crash knows which post to
// leave closed.
struct RecoveryState {
  std::string marker;            // what the "opening" setting holds now ("": none)
  std::string marker_root;       // the notebook the marker belongs to, as last saved
  std::string shown;             // path of the post the pane showed last frame
  int shown_frames = 0;          // frames it has been drawn for
  bool previewed = false;        // this frame laid out its preview
  int preview_frames = 0;        // consecutive frames with its preview drawn
  std::string crashed;           // the post the previous start died opening ("": none)
  bool holding = false;          // the start's location opens nothing
  bool noticed = false;          // the recovery notice has been shown
  std::vector<std::string> quarantined;  // paths never opened by themselves this session
  std::string crash_on_open;     // test hook: id or path whose next layout aborts
  bool marking_rows = false;     // the list's row_problem also marks quarantined posts
};

// Images pasted or dropped into the editor (app_images.cpp).
struct PasteState {
  int saving = 0;           // images being written now
  std::string last_path;    // the asset the last one became
  std::string last_error;   // why the last one was refused ("" when it was kept)
  std::string last_markdown;
  std::set<std::string> reserved;  // paths picked for images still being written (two quick pastes differ)
};

struct AppImpl {
  App* app = nullptr;  // the App this belongs to (where the platform's file picker answers)
  Storage* storage = nullptr;
  AppOptions options;
  std::unique_ptr<Notebook> nb;  // the posts, saves and actions (core/notebook.h)
  ViewSettings saved_view;  // theme and zoom as last saved (App::frame saves changes)
  ImVec4 theme_button;      // screen rect of the status bar's theme button (test bridge)
  DocId selected = kNoDoc;  // the one post shown (the view is given it each frame)
  std::string query;             // the search box; kept in the location
  std::string pending_location;  // a location that arrived before the notebook loaded
  Sidebar sidebar;
  DocView view;
  std::string status;
  std::string renaming;             // path of the shown post while its rename is under way
  std::function<void()> on_loaded;  // the notebook listed or loaded its posts (applies the location)
  std::shared_ptr<EditorState> editor;  // app_editor.cpp (shared_ptr: EditorState stays incomplete here)
  StorageUiState st;  // save pipeline, dialogs, import, trash (app_storage.cpp, app_documents.cpp)
  std::shared_ptr<BulkState> bulk;  // bulk tag/category edits (app_bulk.cpp)
  RecoveryState rec;                // crash recovery (app.cpp)
  PasteState paste;                 // images into the editor (app_images.cpp)
};

// --- app.cpp -------------------------------------------------------------------
// A post the last start died opening: never opened by itself, and a click
// shows its source only.
bool quarantined(const AppImpl& a, std::string_view path);
// The preview is about to lay `p` out: notes it for recovery, and aborts when
// the crash_on_open test hook names it.
void before_preview(AppImpl& a, const Post& p);

// --- app_editor.cpp ------------------------------------------------------------
// Writes the post's text to storage now (Ctrl+S), through the save pipeline.
void save_post_now(AppImpl& a, DocId id);
// The right pane: mode toolbar, properties form, source editor and preview.
void draw_post_pane(AppImpl& a, ImVec2 size);
// Switches the pane to the source alone (no preview laid out).
void show_source_only(AppImpl& a);

// The editor's caret in post `id` (UINT32_MAX when the editor shows another).
uint32_t editor_caret(AppImpl& a, DocId id);
// A post is open in Edit or Side by side (where an image lands).
bool editor_open(const AppImpl& a);
// Inserts `text` at the editor's caret, replacing its selection (else at
// `fallback`), as one undoable edit, the caret after it.
bool insert_at_caret(AppImpl& a, DocId id, const std::string& text, uint32_t fallback);

// --- app_images.cpp ------------------------------------------------------------
// An image pasted or dropped into the editor: checked, written into the
// site (core/assets.h) and its Markdown inserted at the caret; a refusal is
// a notice saying why.
void paste_image(AppImpl& a, std::string name, std::string bytes);

// --- app_storage.cpp ---------------------------------------------------------
// The adapter over the Notebook: its events become notices and dialogs, and
// the File menu, the status bar and the title show its state.
Post* post(AppImpl& a, DocId id);
const Post* post(const AppImpl& a, DocId id);
// The editor calls this after changing post(id)->doc.text: the notebook
// re-parses, re-indexes and schedules the autosave.
void mark_edited(AppImpl& a, DocId id);
void storage_frame(AppImpl& a);            // notebook tick, events, shortcuts, notices, dialogs (once per frame)
void draw_file_menu(AppImpl& a);           // inside the main menu bar
void update_window_title(AppImpl& a);      // "● title — Sheaf" while unsaved
void show_notice(AppImpl& a, Notice n);
void draw_storage_status(AppImpl& a);  // the status bar's right part
// The File menu's actions, for the menu and the test bridge.
Post* selected_post(AppImpl& a);
bool open_folder_or_explain(AppImpl& a);  // File > Open folder…: the platform's picker, or why not
bool pick_or_explain(AppImpl& a, bool folder);  // Import files or a folder: the platform's picker, or why not
void open_new_post_dialog(AppImpl& a);
void open_rename_dialog(AppImpl& a, const Post& sel);
// A post the notebook made or brought back is shown (and named in the location).
void select_id(AppImpl& a, DocId id);
// The notebook is about to drop `id`: the view lets go of its document, and a
// selection moves to a post that is safe to open.
void before_drop(AppImpl& a, DocId id, const Post& p, bool replaced);
NotebookOptions notebook_options(AppImpl& a);  // the platform's decoder, and the hooks above

// --- app_bulk.cpp ------------------------------------------------------------
// A tag or category row's context menu chose a bulk edit: opens its dialog.
void open_bulk_dialog(AppImpl& a, const FacetMenuPick& pick);
// Before the panes: Ctrl+Z takes back the last bulk edit while it is the
// latest change (and keeps the editor's and the trash's Ctrl+Z out of it).
void bulk_shortcuts(AppImpl& a);
// After the panes: the dialog, and a slice of the running apply or undo.
void bulk_frame(AppImpl& a);
bool bulk_busy(const AppImpl& a);  // an apply or undo is running (keep frames coming)

// --- app_documents.cpp -------------------------------------------------------
void delete_post(AppImpl& a, DocId id);  // to the trash, with Undo
void draw_trash_window(AppImpl& a);
void export_post_markdown(AppImpl& a, DocId id);
void export_post_html(AppImpl& a, DocId id);
void export_notebook_zip(AppImpl& a);

}  // namespace sheaf
