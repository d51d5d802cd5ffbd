// Sheaf application: the notebook in memory, the selection, and the frame.
//
// Index of this file:
// [SECTION] State
// [SECTION] Loading and ids
// [SECTION] Selection and location
// [SECTION] Frame
// [SECTION] Test bridge

#include "app/app.h"

#include <algorithm>
#include <cstdio>

#include "core/document.h"
#include "core/json.h"
#include "core/storage.h"
#include "imgui.h"
#include "platform/platform.h"
#include "ui/fonts.h"
#include "ui/post_list.h"
#include "ui/viewer_slot.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] State
//-----------------------------------------------------------------------------

struct Post {
  std::string id;  // stable within a session: the path without its extension
  Document doc;
  uint64_t version = 1;  // bumped whenever doc.text changes
  StoredFile stored;     // what storage holds (for saving and conflict checks)
};

struct AppImpl {
  Storage* storage = nullptr;
  AppOptions options;
  bool loading = false;
  bool ready = false;
  std::string load_error;
  std::vector<Post> posts;
  std::vector<int> order;  // indices into posts, newest first
  int selected = -1;
  std::string pending_location;  // a location that arrived before the notebook loaded
  PostList list;
  ViewerSlot viewer;
  std::string status;
};

App::App(Storage& storage, AppOptions options) : impl_(std::make_unique<AppImpl>()) {
  impl_->storage = &storage;
  impl_->options = std::move(options);
}
App::~App() = default;

//-----------------------------------------------------------------------------
// [SECTION] Loading and ids
//-----------------------------------------------------------------------------

static std::string id_for_path(const std::string& path) {
  size_t dot = path.rfind('.');
  size_t slash = path.rfind('/');
  if (dot != std::string::npos && (slash == std::string::npos || dot > slash)) return path.substr(0, dot);
  return path;
}

// Newest first; undated posts after dated ones, then by title.
static void sort_posts(AppImpl& a) {
  a.order.resize(a.posts.size());
  for (size_t i = 0; i < a.posts.size(); i++) a.order[i] = int(i);
  std::stable_sort(a.order.begin(), a.order.end(), [&](int x, int y) {
    const Document& dx = a.posts[x].doc;
    const Document& dy = a.posts[y].doc;
    bool hx = !dx.date.empty(), hy = !dy.date.empty();
    if (hx != hy) return hx;
    if (dx.date_key != dy.date_key) return dx.date_key > dy.date_key;
    return dx.title < dy.title;
  });
}

static int find_post(const AppImpl& a, std::string_view id) {
  for (size_t i = 0; i < a.posts.size(); i++)
    if (a.posts[i].id == id) return int(i);
  return -1;
}

static void add_or_replace(AppImpl& a, StoredFile file) {
  std::string id = id_for_path(file.path);
  int existing = find_post(a, id);
  Post* p;
  if (existing >= 0) {
    p = &a.posts[existing];
    p->version++;
  } else {
    a.posts.emplace_back();
    p = &a.posts.back();
    p->id = id;
  }
  p->doc = parse_document(file.path, file.text);
  p->stored = std::move(file);
}

void App::start() {
  AppImpl& a = *impl_;
  Fonts f = load_fonts(a.options.fonts_dir);
  if (!f.ok) a.status = f.error;
  a.loading = true;
  a.storage->load_all([this](std::vector<StoredFile> files, StorageResult result) {
    AppImpl& a = *impl_;
    a.loading = false;
    if (!result.ok) a.load_error = result.error;
    a.posts.clear();
    a.posts.reserve(files.size());
    for (StoredFile& f : files) add_or_replace(a, std::move(f));
    sort_posts(a);
    a.ready = true;
    if (!a.pending_location.empty()) {
      std::string loc = std::move(a.pending_location);
      on_location_changed(loc);
    } else if (a.selected < 0 && !a.order.empty()) {
      a.selected = a.order[0];
    }
  });
}

void App::import_file(std::string path, std::string bytes) {
  AppImpl& a = *impl_;
  StoredFile f;
  f.path = std::move(path);
  f.text = std::move(bytes);
  std::string id = id_for_path(f.path);
  add_or_replace(a, f);
  sort_posts(a);
  a.storage->save(f, [this, id](StorageResult r, uint64_t version) {
    int i = find_post(*impl_, id);
    if (i >= 0 && r.ok) impl_->posts[i].stored.version = version;
    if (!r.ok) impl_->status = r.error;
  });
  select_post(id);
}

//-----------------------------------------------------------------------------
// [SECTION] Selection and location
//-----------------------------------------------------------------------------

static constexpr std::string_view kPostPrefix = "/post/";

bool App::select_post(std::string_view id) {
  AppImpl& a = *impl_;
  int i = find_post(a, id);
  if (i < 0) return false;
  if (a.selected != i) {
    a.selected = i;
    platform::set_location(std::string(kPostPrefix) + a.posts[i].id);
    platform::set_window_title(a.posts[i].doc.title + " — Sheaf");
  }
  return true;
}

void App::on_location_changed(std::string_view loc) {
  AppImpl& a = *impl_;
  if (!a.ready) {
    a.pending_location = std::string(loc);
    return;
  }
  if (loc.substr(0, kPostPrefix.size()) == kPostPrefix) {
    int i = find_post(a, loc.substr(kPostPrefix.size()));
    if (i >= 0) {
      a.selected = i;
      platform::set_window_title(a.posts[i].doc.title + " — Sheaf");
      return;
    }
    a.status = "No post at " + std::string(loc);
  }
  if (a.selected < 0 && !a.order.empty()) a.selected = a.order[0];
}

//-----------------------------------------------------------------------------
// [SECTION] Frame
//-----------------------------------------------------------------------------

void App::frame() {
  AppImpl& a = *impl_;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
  ImGui::Begin("##sheaf", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  ImGui::PopStyleVar(2);

  const float status_h = ImGui::GetFrameHeight();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float list_w = std::clamp(avail.x * 0.28f, 220.0f, 380.0f);
  const float body_h = avail.y - status_h;

  // Left: the post list.
  ImGui::BeginChild("##list", ImVec2(list_w, body_h), ImGuiChildFlags_Borders);
  if (!a.ready) {
    ImGui::TextDisabled(a.loading ? "Loading notebook…" : "No notebook");
  } else {
    std::vector<PostListItem> items;
    items.reserve(a.order.size());
    for (int i : a.order) {
      const Post& p = a.posts[i];
      items.push_back({&p.id, &p.doc, i == a.selected});
    }
    int clicked = a.list.draw(items);
    if (clicked >= 0) select_post(a.posts[a.order[clicked]].id);
  }
  ImGui::EndChild();
  ImGui::SameLine(0, 0);

  // Right: the selected post.
  ImGui::BeginChild("##post", ImVec2(0, body_h), ImGuiChildFlags_None);
  if (a.selected >= 0) {
    const Post& p = a.posts[a.selected];
    a.viewer.draw(p.doc, p.version, ImGui::GetContentRegionAvail());
  } else if (a.ready) {
    ImGui::TextDisabled("This notebook has no posts yet.");
  }
  ImGui::EndChild();

  // Bottom: status bar.
  ImGui::Separator();
  ImGui::SetCursorPosX(ImGui::GetStyle().ItemSpacing.x);
  if (!a.load_error.empty())
    ImGui::TextColored(ImVec4(0.9f, 0.3f, 0.3f, 1), "%s", a.load_error.c_str());
  else
    ImGui::TextDisabled("%zu posts · %s%s%s", a.posts.size(), a.storage->backend_name(),
                        a.status.empty() ? "" : " · ", a.status.c_str());
  ImGui::End();
}

//-----------------------------------------------------------------------------
// [SECTION] Test bridge
//-----------------------------------------------------------------------------

std::string App::bridge_state_json() const {
  const AppImpl& a = *impl_;
  JsonWriter w;
  w.begin_object();
  w.key("ready").value(a.ready);
  w.key("selected").value(a.selected >= 0 ? a.posts[a.selected].id : std::string());
  w.key("selected_title").value(a.selected >= 0 ? a.posts[a.selected].doc.title : std::string());
  w.key("blocks").value(int64_t(a.viewer.block_count()));
  w.key("missing_glyphs").value(int64_t(a.viewer.missing_glyphs()));
  w.key("posts").begin_array();
  for (size_t row = 0; row < a.order.size(); row++) {
    const Post& p = a.posts[a.order[row]];
    w.begin_object();
    w.key("id").value(p.id);
    w.key("title").value(p.doc.title);
    w.key("date").value(p.doc.date);
    w.key("tags").begin_array();
    for (const std::string& t : p.doc.tags) w.value(t);
    w.end_array();
    w.key("rect").begin_array();
    ImVec4 r = a.list.row_rect(int(row));
    for (float v : {r.x, r.y, r.z, r.w}) w.value(double(v));
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.take();
}

bool App::wants_text_input() const { return ImGui::GetIO().WantTextInput; }
bool App::quit_requested() const { return false; }

}  // namespace sheaf
