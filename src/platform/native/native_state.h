// Desktop platform state shared by the per-concern files.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "core/image.h"

struct GLFWwindow;

namespace sheaf {
class App;
}

namespace sheaf::native {

struct State {
  GLFWwindow* window = nullptr;
  std::string notebook_root;  // the folder open now (canonical)
  App* app = nullptr;         // the app over it
  // Counts the notebooks opened in this run: work begun for one (a drop, a
  // file dialog) is dropped if the window has changed to another meanwhile.
  unsigned session = 0;
  // A folder switch_notebook has saved everything for: main.cpp opens it
  // after the frame (the App cannot be replaced while it runs).
  std::string switch_to;
  std::string title;  // the window's title as set last
};
State& state();

// ImGui's PlatformIO hooks the UI goes through: the clipboard (clipboard.cpp)
// and opening links (shell.cpp). After the ImGui GLFW backend's init.
void install_clipboard_handlers();
void install_shell_handlers();

// image.cpp: stb_image on a worker thread (AppOptions::decode_image).
void decode_image_async(std::string path, std::function<void(DecodedImage)> done);

// Work finished on a background thread (image decoding, file dialogs) is
// handed back to the main thread here, so callbacks never race with ImGui.
void post_to_main_thread(std::function<void()> task);
void pump_main_thread_tasks();
// As post_to_main_thread, for the app of `session` (state().session when the
// work began): dropped if another notebook is open by then.
void post_to_app(unsigned session, std::function<void(App&)> task);

// files.cpp: imports files and folders given by path (a drop or a picker).
// Folders are walked recursively, hidden entries left out, and keep their
// paths below the folder's own name. Reads on the calling thread, delivers
// to `to` on the main thread (which must outlive the main loop's last pump).
struct ImportFile {
  std::string path;   // notebook path
  std::string bytes;
  std::string error;  // could not be read: why
};
std::vector<ImportFile> read_import_paths(const std::vector<std::string>& paths);
void deliver_import(unsigned session, std::vector<ImportFile> files);
// Asks for one folder (zenity or kdialog, as the imports do). `chosen` runs
// later on the main thread with its path, or with why the dialog failed
// (error); not at all on Cancel. Returns "" when the dialog opened,
// otherwise why not (`no_tool` without either program).
std::string pick_folder(const std::string& title, std::string no_tool,
                        std::function<void(std::string path, std::string error)> chosen);
// Closes a file dialog that is still open (the app is quitting).
void close_file_dialogs();

// notebooks.cpp: the recent folders, kept in the settings.
void remember_folder(const std::string& canonical);  // now the most recent
std::string last_folder();                           // the most recent that still exists, "" when none

// window.cpp: the window's place and size as last time (kept in the
// settings, clamped to a monitor's work area), and its content scale.
GLFWwindow* create_main_window(const char* title);
void follow_content_scale(GLFWwindow* window);  // after ImGui's context: sizes and fonts follow the monitor's scale
void window_tick(GLFWwindow* window);           // saves a moved or resized window once it settles
void save_window_geometry(GLFWwindow* window);  // at exit
std::string window_json(GLFWwindow* window);    // {"x","y","width","height","maximized","scale",...,"title"} for the report

}  // namespace sheaf::native
