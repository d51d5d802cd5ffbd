// Sheaf application internals shared by the files of src/app/: the posts in
// memory and the state of the panels. Only src/app includes this.
#pragma once
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/app.h"
#include "core/document.h"
#include "core/library.h"
#include "core/storage.h"
#include "ui/dialogs.h"
#include "ui/theme.h"
#include "ui/doc_view.h"
#include "ui/sidebar.h"

namespace sheaf {

class JsonWriter;
struct EditorState;  // app_editor.cpp
struct BulkState;    // app_bulk.cpp

struct Post {
  std::string id;  // stable within a session: the path without its extension
  Document doc;
  uint64_t version = 1;  // bumped whenever doc.text changes (the viewer's cache key)
  StoredFile stored;     // what storage holds (for saving and conflict checks)

  bool parsed = true;  // false after a warm start until first needed (doc has path and text only)
  bool loaded = true;  // false while a warm start waits for the file bytes (doc has its path only)

  // Save pipeline (app_storage.cpp). doc.text is the truth; stored.text is
  // what storage last confirmed.
  bool dirty = false;        // doc.text not yet confirmed saved
  double edited_at = 0;      // ImGui time of the last edit (autosave timer)
  int saving = 0;            // saves in flight
  bool save_again = false;   // edited while a save was in flight
  bool conflict = false;     // waiting for the user to settle a two-tab conflict
  std::string save_error;    // last failure, shown until a save succeeds
  double retry_at = 0;       // when to try a failed save again
};

// A dismissable line above the post (errors, "Deleted. Undo").
struct Notice {
  std::string text;
  bool error = false;
  std::string action;            // button label ("" for none)
  std::function<void()> on_action;
  double until = 0;              // ImGui time to hide it (0: until dismissed)
  ImVec4 action_rect{0, 0, 0, 0};  // the action button as drawn last frame (for tests)
  std::string undoes;            // what its action undoes ("trash:<key>"), so only that notice goes with it
  bool action_keeps = false;     // the first action leaves the notice up (e.g. "Show source")
  std::string action2;           // a second button after the first ("" for none); it closes the notice
  std::function<void()> on_action2;
  ImVec4 action2_rect{0, 0, 0, 0};
};

struct ImportState {
  int total = 0, received = 0, done = 0;  // progress of the current import
  bool active = false;
  std::deque<StoredFile> queue;          // received, not yet placed
  std::vector<std::string> rejected;     // "name: reason"
  int clash_all = -1;                    // answer applied to every clash (-1: ask)
  bool asking = false;                   // a clash dialog is open
  int added = 0, replaced = 0, skipped = 0;
};

struct StorageUiState {
  double autosave_delay = 0.5;  // seconds after the last edit
  double last_autosave_lag = 0; // seconds from the last edit to when its autosave started
  std::deque<Dialog> dialogs;
  std::vector<Notice> notices;
  ImportState import;
  std::string last_error;       // the newest storage error, for the status bar
  std::string window_title;     // last title set
  uint64_t quota_used = 0, quota_total = 0;
  double quota_at = -100;       // when the estimate was last asked for
  uint64_t cache_generation = 0;  // library generation the index cache was saved at
  double cache_due = 0;
  std::string last_trash_key;   // for Undo / Ctrl+Z
  size_t trash_count = 0;
  std::vector<TrashItem> trash;  // as last listed (trash window)
  bool show_trash = false;
  double load_started_ms = 0;
  double load_ms = 0;           // notebook load time at start (warm start figure)
  double index_ms = 0;          // of which: building the index
  double list_ms = 0;           // start to a usable list (warm start: from the cache alone)
  double list_clock_ms = 0;     // now_ms_steady() then (in a browser: since the page began loading)
  double cache_read_ms = 0;     // start to the index cache read
  double files_read_ms = 0;     // start to every file read
  size_t index_reparsed = 0;    // files the warm start had to parse
  std::string load_kind;        // "cold" or "warm"
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

struct AppImpl {
  Storage* storage = nullptr;
  AppOptions options;
  bool loading = false;
  bool ready = false;
  ViewSettings saved_view;  // theme and zoom as last saved (App::frame saves changes)
  ImVec4 theme_button;      // screen rect of the status bar's theme button (test bridge)
  bool listed = false;  // warm start: the list is up from the cache, the files are still coming
  std::string load_error;
  Library library;
  std::vector<std::unique_ptr<Post>> posts;  // indexed by the library's DocId
  DocId selected = kNoDoc;
  std::string query;             // the search box; kept in the location
  std::string pending_location;  // a location that arrived before the notebook loaded
  Sidebar sidebar;
  DocView view;
  const Post* viewed = nullptr;
  uint64_t viewed_version = 0;
  std::string status;
  std::shared_ptr<EditorState> editor;  // app_editor.cpp (shared_ptr: EditorState stays incomplete here)
  StorageUiState st;  // save pipeline, dialogs, import, trash (app_storage.cpp, app_documents.cpp)
  std::shared_ptr<BulkState> bulk;  // bulk tag/category edits (app_bulk.cpp)
  RecoveryState rec;                // crash recovery (app.cpp)
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
// The editor's part of the test bridge state ("editor": {...}).
void write_editor_bridge(const AppImpl& a, JsonWriter& w);

// --- app_storage.cpp ---------------------------------------------------------
// The editor calls this after changing posts[id]->doc.text: re-parses the
// post, bumps its version, re-indexes it, marks it dirty and schedules an
// autosave.
void mark_edited(AppImpl& a, DocId id);
// Startup: fills posts and the library, reusing the index cache when given.
// A post's id: its path without the extension ("_posts/2024-01-01-x").
std::string post_id_for_path(const std::string& path);
void load_posts(AppImpl& a, std::vector<StoredFile> files, const std::string& cache);
// The two-step warm start: list from the cache alone (false when unusable),
// then take the files when they arrive.
bool list_from_cache(AppImpl& a, const std::string& cache);
void take_files(AppImpl& a, std::vector<StoredFile> files);
// Parses a post restored from the cache (no-op when parsed). Call before using doc beyond path/text.
void ensure_parsed(AppImpl& a, DocId id);
std::string post_title(const AppImpl& a, DocId id);  // from the index (works unparsed)
double now_ms_steady();
// Import: like Auto, not waiting for the disk: an import of 10,000 files as
// 10,000 strict transactions would take minutes (each one a flush to disk).
enum class SaveKind { Auto, Explicit, Flush, Import };
void save_post(AppImpl& a, DocId id, SaveKind kind);
void save_all(AppImpl& a, SaveKind kind);  // every dirty post
void storage_frame(AppImpl& a);            // timers, shortcuts, notices, dialogs (once per frame)
void draw_file_menu(AppImpl& a);           // inside the main menu bar
void update_window_title(AppImpl& a);      // "● title — Sheaf" while unsaved
void on_changed_elsewhere(AppImpl& a, const std::string& path);
void show_notice(AppImpl& a, Notice n);
void write_storage_state(const AppImpl& a, JsonWriter& w);
void draw_storage_status(AppImpl& a);  // the status bar's right part
std::string storage_bridge_call(AppImpl& a, std::string_view name, std::string_view arg1, std::string_view arg2);
Post* find_post_by_path(AppImpl& a, std::string_view path);
// Adds or replaces a post from stored bytes (parses it, indexes it).
DocId put_post(AppImpl& a, StoredFile file);
void drop_post(AppImpl& a, DocId id);  // removes from the library and the list

// --- app_bulk.cpp ------------------------------------------------------------
// A tag or category row's context menu chose a bulk edit: opens its dialog.
void open_bulk_dialog(AppImpl& a, const FacetMenuPick& pick);
// Before the panes: Ctrl+Z takes back the last bulk edit while it is the
// latest change (and keeps the editor's and the trash's Ctrl+Z out of it).
void bulk_shortcuts(AppImpl& a);
// After the panes: the dialog, and a slice of the running apply or undo.
void bulk_frame(AppImpl& a);
bool bulk_busy(const AppImpl& a);  // an apply or undo is running (keep frames coming)
void write_bulk_bridge(const AppImpl& a, JsonWriter& w);
// Bridge calls named "bulk…"; false when `name` is not one of them.
bool bulk_bridge_call(AppImpl& a, std::string_view name, std::string_view arg1, std::string_view arg2,
                      std::string& result);

// --- app_documents.cpp -------------------------------------------------------
void new_post(AppImpl& a, const std::string& title);
void rename_post(AppImpl& a, DocId id, const std::string& new_path);
void duplicate_post(AppImpl& a, DocId id);
void delete_post(AppImpl& a, DocId id);  // to the trash, with Undo
void undo_delete(AppImpl& a);
void refresh_trash(AppImpl& a);
void empty_trash(AppImpl& a);
void restore_trash_item(AppImpl& a, const std::string& key);
void import_begin(AppImpl& a, int total);
void import_add(AppImpl& a, std::string path, std::string bytes);
void import_reject(AppImpl& a, std::string name, std::string reason);
void import_end(AppImpl& a);
void import_frame(AppImpl& a);
void export_post_markdown(AppImpl& a, DocId id);
void export_post_html(AppImpl& a, DocId id);
void export_notebook_zip(AppImpl& a);
std::string unique_path(const AppImpl& a, const std::string& path);  // "x.md" -> "x (2).md" when taken
std::string slug_for_title(const std::string& title);
void draw_trash_window(AppImpl& a);

}  // namespace sheaf
