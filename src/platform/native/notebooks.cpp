// Sheaf desktop: the notebooks the File menu offers (app/host.h), which are
// the folder open now and the recent folders.
//
// The recent folders live in the settings as recent_folder.0 (the most
// recent) to recent_folder.9, canonical paths. Ones that no longer exist are
// dropped when the list is read. Switching saves every post first (the app
// refuses, with a notice, when one cannot be saved) and then asks main.cpp
// to open the other folder after the frame.
//
// [SECTION] Recent folders
// [SECTION] Platform entry points
#include <filesystem>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/host.h"
#include "platform/native/native_state.h"

namespace sheaf::native {

namespace fs = std::filesystem;

//-----------------------------------------------------------------------------
// [SECTION] Recent folders
//-----------------------------------------------------------------------------

namespace {

constexpr int kMaxRecent = 10;

std::string recent_key(int i) { return "recent_folder." + std::to_string(i); }

bool is_folder(const std::string& path) {
  std::error_code ec;
  return !path.empty() && fs::is_directory(path, ec);
}

std::vector<std::string>& recent() {
  static std::vector<std::string> list;
  static bool loaded = false;
  if (loaded) return list;
  loaded = true;
  for (int i = 0; i < kMaxRecent; i++) {
    std::string p = platform::load_setting(recent_key(i));
    if (!is_folder(p)) continue;  // moved or deleted since: gone from the list
    bool seen = false;
    for (const std::string& q : list) seen = seen || q == p;
    if (!seen) list.push_back(std::move(p));
  }
  return list;
}

void store_recent() {
  const std::vector<std::string>& list = recent();
  for (int i = 0; i < kMaxRecent; i++)
    platform::save_setting(recent_key(i), size_t(i) < list.size() ? list[size_t(i)] : std::string());
}

void forget_folder(const std::string& path) {
  std::vector<std::string>& list = recent();
  for (size_t i = 0; i < list.size(); i++)
    if (list[i] == path) {
      list.erase(list.begin() + long(i));
      store_recent();
      return;
    }
}

std::string folder_name(const std::string& path) {
  fs::path p(path);
  std::string name = p.filename().string();
  return name.empty() ? path : name;
}

}  // namespace

void remember_folder(const std::string& canonical) {
  // The settings file holds one line per key: a name with a line break cannot be kept.
  if (canonical.find_first_of("\r\n") != std::string::npos) return;
  std::vector<std::string>& list = recent();
  for (size_t i = 0; i < list.size(); i++)
    if (list[i] == canonical) list.erase(list.begin() + long(i--));
  list.insert(list.begin(), canonical);
  if (list.size() > size_t(kMaxRecent)) list.resize(size_t(kMaxRecent));
  store_recent();
}

std::string last_folder() {
  for (const std::string& p : recent())
    if (is_folder(p)) return p;
  return {};
}

}  // namespace sheaf::native

//-----------------------------------------------------------------------------
// [SECTION] Platform entry points
//-----------------------------------------------------------------------------

namespace sheaf::platform {

using namespace sheaf::native;

std::vector<NotebookChoice> notebook_choices() {
  const std::string& root = state().notebook_root;
  std::vector<std::string> paths = recent();
  bool listed = false;
  for (const std::string& p : paths) listed = listed || p == root;
  if (!listed && !root.empty()) paths.insert(paths.begin(), root);  // the sample notebook is not kept as recent
  std::vector<NotebookChoice> out;
  for (const std::string& p : paths) out.push_back(NotebookChoice{p, folder_name(p), p, p == root});
  // Two folders of one name (two "blog"s) are told apart by the folder above.
  for (NotebookChoice& c : out) {
    int same = 0;
    for (const NotebookChoice& o : out) same += o.name == folder_name(c.id);
    if (same > 1) c.name += " (" + folder_name(fs::path(c.id).parent_path().string()) + ")";
  }
  return out;
}

std::string open_folder_notebook() {
  const unsigned session = state().session;
  return pick_folder(
      "Open a folder as the notebook",
      "No folder dialog (install zenity or kdialog): start Sheaf with the folder, sheaf FOLDER, "
      "or drop the folder on the window to import its posts here",
      [session](std::string path, std::string error) {
        if (state().session != session || !state().app) return;
        if (!error.empty()) state().app->notify("The folder dialog could not be shown: " + error, true);
        else switch_notebook(path);
      });
}

void switch_notebook(std::string_view id) {
  State& s = state();
  const std::string path(id);
  std::error_code ec;
  const fs::path canon = fs::canonical(path, ec);
  if (ec || !fs::is_directory(canon, ec)) {
    forget_folder(path);
    if (s.app) s.app->notify("‘" + path + "’ is not a folder (moved or deleted?); it is gone from File > Notebooks", true);
    return;
  }
  if (canon.string() == s.notebook_root) return;
  // Every text on disk first; when one is not, the app says so and we stay.
  if (s.app && !s.app->save_before_leaving()) return;
  s.switch_to = canon.string();
}

}  // namespace sheaf::platform
