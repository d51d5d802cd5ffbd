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
void deliver_import(App& to, std::vector<ImportFile> files);
// Closes a file dialog that is still open (the app is quitting).
void close_file_dialogs();

}  // namespace sheaf::native
