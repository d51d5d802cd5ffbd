// Sheaf application internals shared by the files of src/app/: the posts in
// memory and the state of the panels. Only src/app includes this.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "app/app.h"
#include "core/document.h"
#include "core/library.h"
#include "core/storage.h"
#include "ui/doc_view.h"
#include "ui/sidebar.h"

namespace sheaf {

class JsonWriter;
struct EditorState;  // app_editor.cpp

struct Post {
  std::string id;  // stable within a session: the path without its extension
  Document doc;
  uint64_t version = 1;  // bumped whenever doc.text changes (the viewer's cache key)
  StoredFile stored;     // what storage holds (for saving and conflict checks)
};

struct AppImpl {
  Storage* storage = nullptr;
  AppOptions options;
  bool loading = false;
  bool ready = false;
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
};

// --- app_editor.cpp ------------------------------------------------------------
// Call after changing post->doc.text: re-parses, bumps the version, re-indexes
// (and, once the save pipeline lands, schedules the autosave).
void mark_edited(AppImpl& a, DocId id);
// Writes the post's text to storage now (Ctrl+S). A failed save keeps the
// text in memory and says so in the status line.
void save_post_now(AppImpl& a, DocId id);
// The right pane: mode toolbar, properties form, source editor and preview.
void draw_post_pane(AppImpl& a, ImVec2 size);
// The editor's part of the test bridge state ("editor": {...}).
void write_editor_bridge(const AppImpl& a, JsonWriter& w);

}  // namespace sheaf
