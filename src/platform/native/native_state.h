// Desktop platform state shared by the per-concern files.
#pragma once
#include <functional>
#include <string>
#include <vector>

struct GLFWwindow;

namespace sheaf {
class App;
}

namespace sheaf::native {

struct State {
  GLFWwindow* window = nullptr;
  App* app = nullptr;  // receives picked files (App::import_*)
};
State& state();

// Work finished on a background thread (image decoding, file dialogs) is
// handed back to the main thread here, so callbacks never race with ImGui.
void post_to_main_thread(std::function<void()> task);
void pump_main_thread_tasks();

// files.cpp: imports files and folders given by path (a drop or a picker).
// Folders are walked recursively, hidden entries left out, and keep their
// paths below the folder's own name. Reads on the calling thread, delivers
// on the main thread.
struct ImportFile {
  std::string path;   // notebook path
  std::string bytes;
  std::string error;  // could not be read: why
};
std::vector<ImportFile> read_import_paths(const std::vector<std::string>& paths);
void deliver_import(std::vector<ImportFile> files);
// Closes a file dialog that is still open (the app is quitting).
void close_file_dialogs();

}  // namespace sheaf::native
