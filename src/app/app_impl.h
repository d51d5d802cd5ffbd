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
};

}  // namespace sheaf
