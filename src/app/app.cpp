// Sheaf application: the notebook in memory, the selection, and the frame.
//
// Index of this file:
// [SECTION] State
// [SECTION] Loading and ids
// [SECTION] Selection and location
// [SECTION] Crash recovery
// [SECTION] Frame

#include "app/app.h"
#include "app/app_impl.h"

#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <cstdlib>

#include "core/document.h"
#include "core/json.h"
#include "core/storage.h"
#include "imgui.h"
#include "app/host.h"
#include "ui/fonts.h"
#include "ui/ime_preedit.h"
#include "ui/image_cache.h"
#include "core/library.h"
#include "ui/doc_view.h"
#include "ui/sidebar.h"
#include "ui/theme.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] State
//-----------------------------------------------------------------------------

static std::string make_location(const AppImpl& a);
static void read_opening_marker(AppImpl& a);
static void show_recovery_notice(AppImpl& a);
static void open_post(AppImpl& a, DocId id);
static std::string idle_marker(const AppImpl& a);
static void write_marker(AppImpl& a, const std::string& path);

App::App(Storage& storage, AppOptions options) : impl_(std::make_unique<AppImpl>()) {
  impl_->app = this;
  impl_->storage = &storage;
  impl_->options = std::move(options);
  if (impl_->options.notebook_id.empty()) impl_->options.notebook_id = impl_->options.notebook_root;
  if (impl_->options.decode_image) set_image_decoder(impl_->options.decode_image);
  impl_->view.set_notebook_root(impl_->options.notebook_root);
  // Images inside the notebook come from its storage, whatever backend it is.
  set_image_bytes_decoder(platform::decode_image_bytes);
  impl_->view.set_asset_loader([this](const std::string& path, std::function<void(bool, std::string, std::string)> done) {
    impl_->storage->load_asset(path, [done](bool found, std::string bytes, StorageResult r) {
      done(found, std::move(bytes), r.error);
    });
  });
  impl_->nb = std::make_unique<Notebook>(storage, NotebookClock::system(), notebook_options(*impl_));
  // Once the list is up (from the index cache) and again once every file is
  // in, the location that arrived meanwhile is applied.
  impl_->on_loaded = [this] {
    std::string loc = impl_->pending_location;
    on_location_changed(loc);
  };
  // A tag or category chip in the post header filters the library by it.
  impl_->view.on_filter = [this](const std::string& filter) {
    AppImpl& a = *impl_;
    size_t colon = filter.find(':');
    if (colon == std::string::npos) return;
    a.query = add_query_filter(a.query, filter.substr(0, colon), filter.substr(colon + 1), false);
    platform::set_location(make_location(a));
  };
}
App::~App() { closing(); }

// A clean exit is no crash, whatever was being opened (a crashed post not yet
// seen in preview stays marked: the next start keeps it closed too).
void App::closing() { write_marker(*impl_, idle_marker(*impl_)); }

//-----------------------------------------------------------------------------
// [SECTION] Loading and ids
//-----------------------------------------------------------------------------

static DocId find_post(const AppImpl& a, std::string_view id) {
  for (DocId i = 0; i < a.nb->slot_count(); i++)
    if (const Post* p = a.nb->post(i); p && p->id == id) return i;
  return kNoDoc;
}

void App::start() {
  AppImpl& a = *impl_;
  read_opening_marker(a);  // before anything is opened
  // The reader's last theme and zoom; on a first run, the system's light or dark.
  ViewSettings& vs = view_settings();
  const std::string theme = platform::load_setting("theme");
  vs.dark = theme.empty() ? platform::system_prefers_dark() : theme == "dark";
  const std::string zoom = platform::load_setting("zoom");
  if (!zoom.empty()) vs.zoom_step = std::clamp(std::atoi(zoom.c_str()), -4, 8);
  const std::string wrap = platform::load_setting("editor_wrap"), measure = platform::load_setting("editor_measure");
  if (!wrap.empty()) vs.editor_wrap = wrap != "off";
  if (!measure.empty()) vs.editor_measure = measure == "on";
  a.saved_view = vs;
  set_dark_theme(vs.dark);  // ImGui's style follows the viewer's palette
  // Once per ImGui context: an App made again on the same context (the
  // desktop switching notebooks) keeps the faces already in the atlas.
  const ImFontLoader* loader = platform::font_loader();
  if (!fonts().regular || !ImGui::GetIO().Fonts->Fonts.contains(fonts().regular)) {
    Fonts f = loader ? load_fonts_from(loader) : load_fonts(a.options.fonts_dir);
    if (!f.ok) a.status = f.error;
  } else if (!fonts().ok) {
    a.status = fonts().error;
  }
  a.nb->load();  // the index cache, then the files (on_loaded applies the location each time)
}

void App::import_begin(int total) { impl_->nb->import_begin(total); }
void App::import_file(std::string path, std::string bytes) { impl_->nb->import_add(std::move(path), std::move(bytes)); }
void App::import_reject(std::string name, std::string reason) {
  impl_->nb->import_reject(std::move(name), std::move(reason));
}
void App::import_end() {}
void App::paste_image(std::string name, std::string bytes) { sheaf::paste_image(*impl_, std::move(name), std::move(bytes)); }
bool App::editing_post() const { return editor_open(*impl_); }  // the notebook closes the import once every file is placed
void App::on_fonts_changed() { fonts_changed(); }
void App::flush_saves() { impl_->nb->save_all(SaveKind::Flush); }
void App::on_changed_elsewhere(std::string path) { impl_->nb->changed_elsewhere(path); }
void App::on_storage_changed() { impl_->nb->rescan(); }
void App::set_ime_preedit(std::string text) { sheaf::set_ime_preedit(std::move(text)); }
//-----------------------------------------------------------------------------
// [SECTION] Selection and location
//-----------------------------------------------------------------------------
// The location is "/post/<id>", with "?q=<query>" appended when a search is
// active, so a filtered view can be bookmarked and reloaded.

static constexpr std::string_view kPostPrefix = "/post/";
static constexpr std::string_view kQueryMark = "?q=";

static std::string make_location(const AppImpl& a) {
  std::string loc = "/";
  if (const Post* p = post(a, a.selected)) loc = std::string(kPostPrefix) + p->id;
  if (!a.query.empty()) loc += std::string(kQueryMark) + a.query;
  return loc;
}

static void show_title(AppImpl& a) { update_window_title(a); }

// The user opened a post (a click, the bridge, a notice's action).
static void open_post(AppImpl& a, DocId id) {
  const Post* p = post(a, id);
  if (!p) return;
  a.rec.holding = false;
  if (quarantined(a, p->doc.path)) show_source_only(a);  // the preview only when asked for
  if (a.selected != id) {
    a.selected = id;
    platform::set_location(make_location(a));
    show_title(a);
  }
}

bool App::select_post(std::string_view id) {
  AppImpl& a = *impl_;
  DocId i = find_post(a, id);
  if (i == kNoDoc) return false;
  open_post(a, i);
  return true;
}

void App::on_location_changed(std::string_view loc) {
  AppImpl& a = *impl_;
  if (!a.nb->ready()) a.pending_location = std::string(loc);  // applied (again) once every file is in
  if (!a.nb->listed()) return;
  std::string_view path = loc;
  std::string query;
  if (size_t q = loc.find(kQueryMark); q != std::string_view::npos) {
    query = std::string(loc.substr(q + kQueryMark.size()));
    path = loc.substr(0, q);
  }
  a.query = query;
  show_recovery_notice(a);
  if (path.substr(0, kPostPrefix.size()) == kPostPrefix) {
    DocId i = find_post(a, path.substr(kPostPrefix.size()));
    if (i != kNoDoc && !a.rec.holding && !quarantined(a, post(a, i)->doc.path)) {
      a.selected = i;
      show_title(a);
      return;
    }
    if (i == kNoDoc) a.status = "No post at " + std::string(path);
  }
  if (a.rec.holding) {
    // Starting after a crash: nothing is opened, and the location stops
    // naming the post. Later locations (back, forward) are the user's.
    a.selected = kNoDoc;
    if (a.nb->ready()) {
      platform::set_location(make_location(a), true);
      a.rec.holding = false;
    }
    show_title(a);
    return;
  }
  // Nothing (valid) named: show the first result that is safe to open.
  if (a.selected == kNoDoc || !post(a, a.selected)) {
    const SearchResults& r = a.sidebar.results(a.nb->library(), a.query);
    a.selected = kNoDoc;
    for (const auto& hit : r.hits)
      if (const Post* p = post(a, hit.id); p && !quarantined(a, p->doc.path)) {
        a.selected = hit.id;
        break;
      }
    show_title(a);
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Crash recovery
//-----------------------------------------------------------------------------
// A post that kills the program while it is laid out would be opened again by
// the next start (the URL hash, the first result), which would die the same
// way, for ever. So the path of the post being opened sits in the "opening"
// setting (localStorage, or the desktop's settings file: both written at
// once) until the post has been drawn for a couple of frames. A start that
// finds it still set opens nothing by itself and says why.

static constexpr const char* kOpeningKey = "opening";
static constexpr const char* kOpeningRootKey = "opening.notebook";  // whose post it is (desktop: any folder)
static constexpr int kFramesToTrust = 2;

bool quarantined(const AppImpl& a, std::string_view path) {
  return std::find(a.rec.quarantined.begin(), a.rec.quarantined.end(), path) != a.rec.quarantined.end();
}

static void write_marker(AppImpl& a, const std::string& path) {
  if (a.rec.marker == path) return;  // settings are written only on change
  if (!path.empty() && a.rec.marker_root != a.options.notebook_id) {
    a.rec.marker_root = a.options.notebook_id;
    platform::save_setting(kOpeningRootKey, a.rec.marker_root);
  }
  a.rec.marker = path;
  platform::save_setting(kOpeningKey, path);
}

static void read_opening_marker(AppImpl& a) {
  RecoveryState& r = a.rec;
  r.marker = platform::load_setting(kOpeningKey);
  r.marker_root = platform::load_setting(kOpeningRootKey);
  if (r.marker.empty() || r.marker_root != a.options.notebook_id) return;  // none, or another notebook's
  r.crashed = r.marker;
  r.holding = true;
  r.quarantined.push_back(r.crashed);
}

// Once the posts are known: what happened, and what can be done about it.
static void show_recovery_notice(AppImpl& a) {
  RecoveryState& r = a.rec;
  if (r.crashed.empty() || r.noticed) return;
  const DocId id = a.nb->id_of_path(r.crashed);
  if (id == kNoDoc) {
    if (!a.nb->ready()) return;  // a warm start's list may not have it yet
    r.noticed = true;      // gone since: nothing to keep closed
    r.holding = false;
    write_marker(a, "");
    return;
  }
  r.noticed = true;
  std::string name = a.nb->title(id);
  if (name.empty()) name = r.crashed;
  Notice n;
  n.text = "Sheaf closed while opening ‘" + name + "’. It was not opened again.";
  n.error = true;
  const std::string path = r.crashed;
  n.action = "Show source";
  n.action_keeps = true;  // having seen it, the reader may still want it gone
  n.on_action = [&a, path] {
    DocId i = a.nb->id_of_path(path);
    show_source_only(a);
    open_post(a, i);
  };
  n.action2 = "Move to trash";
  n.on_action2 = [&a, path] {
    DocId i = a.nb->id_of_path(path);
    if (i != kNoDoc) delete_post(a, i);  // with the usual Undo notice
  };
  show_notice(a, std::move(n));
}

// The marker while no post is being opened: the crashed post, as long as it
// is still here and has not been seen in preview (so reloading in the
// recovery state recovers again), else nothing.
static std::string idle_marker(const AppImpl& a) {
  const RecoveryState& r = a.rec;
  if (r.crashed.empty() || !quarantined(a, r.crashed) || a.nb->id_of_path(r.crashed) == kNoDoc) return {};
  return r.crashed;
}

// Before the post pane: the post about to be parsed and laid out is named in
// the marker.
static void before_opening(AppImpl& a) {
  RecoveryState& r = a.rec;
  const Post* p = a.nb->ready() ? post(a, a.selected) : nullptr;
  const std::string path = p ? p->doc.path : std::string();
  if (path != r.shown) {
    r.shown = path;
    r.shown_frames = r.preview_frames = 0;
  }
  r.previewed = false;
  if (!path.empty() && r.shown_frames < kFramesToTrust) write_marker(a, path);
}

// The preview is about to lay `p` out (app_editor.cpp).
void before_preview(AppImpl& a, const Post& p) {
  const std::string& hook = a.rec.crash_on_open;
  if (!hook.empty() && (hook == p.id || hook == p.doc.path)) {
    // TEST HOOK (crash_on_open): die the way a layout bug would.
    std::fprintf(stderr, "sheaf: crash_on_open test hook: aborting while laying out %s\n", p.doc.path.c_str());
    std::abort();
  }
  if (p.doc.path == a.rec.shown) a.rec.previewed = true;
}

// After the frame: a post drawn for long enough is trusted and the marker
// goes. A quarantined post keeps it until its preview has drawn as long.
static void after_opening(AppImpl& a) {
  RecoveryState& r = a.rec;
  if (r.shown.empty()) {
    write_marker(a, idle_marker(a));
    return;
  }
  r.shown_frames++;
  r.preview_frames = r.previewed ? r.preview_frames + 1 : 0;
  if (r.preview_frames >= kFramesToTrust && quarantined(a, r.shown))
    r.quarantined.erase(std::find(r.quarantined.begin(), r.quarantined.end(), r.shown));
  if (r.shown_frames >= kFramesToTrust && !quarantined(a, r.shown)) write_marker(a, "");
}

//-----------------------------------------------------------------------------
// [SECTION] Frame
//-----------------------------------------------------------------------------

void App::frame() {
  AppImpl& a = *impl_;
  handle_zoom_shortcuts();
  // Theme and zoom persist as soon as they change, whichever control changed them.
  const ViewSettings& vs = view_settings();
  if (vs.dark != a.saved_view.dark) platform::save_setting("theme", vs.dark ? "dark" : "light");
  if (vs.zoom_step != a.saved_view.zoom_step) platform::save_setting("zoom", std::to_string(vs.zoom_step));
  if (vs.editor_wrap != a.saved_view.editor_wrap) platform::save_setting("editor_wrap", vs.editor_wrap ? "on" : "off");
  if (vs.editor_measure != a.saved_view.editor_measure)
    platform::save_setting("editor_measure", vs.editor_measure ? "on" : "off");
  a.saved_view = vs;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
  ImGui::Begin("##sheaf", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_MenuBar);
  ImGui::PopStyleVar(2);
  if (ImGui::BeginMenuBar()) {
    draw_file_menu(a);
    if (ImGui::BeginMenu("View")) {
      if (ImGui::MenuItem("Dark theme", nullptr, view_settings().dark)) set_dark_theme(!view_settings().dark);
      ImGui::Separator();
      if (ImGui::MenuItem("Zoom in", "Ctrl++", false, view_settings().zoom_step < 8)) zoom_by(+1);
      if (ImGui::MenuItem("Zoom out", "Ctrl+-", false, view_settings().zoom_step > -4)) zoom_by(-1);
      if (ImGui::MenuItem("Actual size", "Ctrl+0", false, view_settings().zoom_step != 0)) zoom_by(0);
      ImGui::Separator();
      ViewSettings& v = view_settings();
      if (ImGui::MenuItem("Wrap source lines", nullptr, v.editor_wrap)) v.editor_wrap = !v.editor_wrap;
      if (ImGui::MenuItem("Comfortable measure", nullptr, v.editor_measure, v.editor_wrap)) v.editor_measure = !v.editor_measure;
      ImGui::EndMenu();
    }
    ImGui::EndMenuBar();
  }

  const float status_h = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float dpi = ImGui::GetStyle().FontScaleDpi > 0 ? ImGui::GetStyle().FontScaleDpi : 1.0f;  // HiDPI: wider in pixels
  const float list_w = std::clamp(avail.x * 0.3f, 240.0f * dpi, 420.0f * dpi);
  const float body_h = avail.y - status_h;

  // Left: search, filters and facets above, the matching posts below.
  ImGui::BeginChild("##left", ImVec2(list_w, body_h), ImGuiChildFlags_Borders);
  if (!a.nb->listed()) {
    ImGui::TextDisabled(a.nb->load_state() == LoadState::Loading ? "Loading notebook…" : "No notebook");
  } else {
    bulk_shortcuts(a);  // before anything else reads Ctrl+Z
    // Ctrl+K in the source editor makes a link instead.
    if (ImGui::GetIO().KeyCtrl && !ImGui::GetIO().WantTextInput && ImGui::IsKeyPressed(ImGuiKey_K, false))
      a.sidebar.focus_search();
    ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(FLT_MAX, body_h * 0.45f));
    ImGui::BeginChild("##filters", ImVec2(0, 0), ImGuiChildFlags_AutoResizeY);
    SidebarEvents ev = a.sidebar.draw(a.nb->library(), a.query);
    ImGui::EndChild();
    if (ev.query_changed) platform::set_location(make_location(a), true);
    if (ev.bulk.chosen) open_bulk_dialog(a, ev.bulk);
    ImGui::Separator();
    ImGui::BeginChild("##results");
    SidebarEvents rev = a.sidebar.draw_results(a.nb->library(), a.selected);
    ImGui::EndChild();
    if (rev.open != kNoDoc && post(a, rev.open)) open_post(a, rev.open);
  }
  ImGui::EndChild();
  ImGui::SameLine(0, 0);

  // Right: the selected post, in the editor's mode (app_editor.cpp).
  before_opening(a);  // names it in the marker first: parsing and layout may crash
  a.nb->ensure_parsed(a.selected);  // restored from the index cache: parse on first view
  if (a.nb->load_state() == LoadState::Listed) {
    // Listed from the index cache; the posts' bytes are still on their way.
    ImGui::BeginChild("##opening", ImVec2(0, body_h));
    ImGui::SetCursorPos(ImVec2(24, 24));
    ImGui::TextDisabled("Opening %zu posts…", a.nb->library().size());
    ImGui::EndChild();
  } else {
    draw_post_pane(a, ImVec2(0, body_h));
  }
  storage_frame(a);  // autosave, shortcuts, notices overlay, dialogs (app_storage.cpp)
  if (!a.rec.quarantined.empty() && !a.rec.marking_rows) {
    // The list marks a quarantined post like one with errors (⛔).
    a.rec.marking_rows = true;
    a.sidebar.row_problem = [&a, inner = a.sidebar.row_problem](DocId id) {
      const Post* p = post(a, id);
      if (p && quarantined(a, p->doc.path)) return 2;
      return inner ? inner(id) : 0;
    };
  }

  // Bottom: status bar.
  ImGui::Separator();
  ImGui::SetCursorPosX(ImGui::GetStyle().ItemSpacing.x);
  if (!a.nb->load_error().empty())
    ImGui::TextColored(ImVec4(0.9f, 0.3f, 0.3f, 1), "%s", a.nb->load_error().c_str());
  else
    ImGui::TextDisabled("%zu posts · %s%s%s", a.nb->library().size(), a.storage->backend_name(),
                        a.status.empty() ? "" : " · ", a.status.c_str());
  draw_storage_status(a);
  const char* theme_label = view_settings().dark ? "Light theme" : "Dark theme";
  ImGui::SameLine(ImGui::GetWindowWidth() - ImGui::CalcTextSize(theme_label).x - ImGui::GetStyle().FramePadding.x * 2 -
                  ImGui::GetStyle().ItemSpacing.x);
  if (ImGui::SmallButton(theme_label)) set_dark_theme(!view_settings().dark);
  a.theme_button = ImVec4(ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y, ImGui::GetItemRectSize().x,
                          ImGui::GetItemRectSize().y);
  ImGui::End();
  bulk_frame(a);  // the bulk edit dialog, and a slice of a running apply or undo (app_bulk.cpp)
  after_opening(a);
  draw_ime_preedit();  // last, over everything
}

void App::find_in_post(std::string_view query) { impl_->view.open_find(std::string(query)); }

bool App::wants_text_input() const { return ImGui::GetIO().WantTextInput; }
bool App::showing_post() const { return impl_->selected != kNoDoc && impl_->view.block_count() > 0; }
bool App::quit_requested() const { return false; }
bool App::waiting_for_list() const { return impl_->nb->load_state() == LoadState::Loading; }
// An import places its files a slice per frame: it keeps frames coming, or an
// idle page (one frame every half second) would take minutes over 10,000 files.
bool App::busy() const { return bulk_busy(*impl_) || impl_->nb->busy(); }

}  // namespace sheaf
