// Desktop platform state shared by the per-concern files.
#pragma once
#include <functional>

struct GLFWwindow;

namespace sheaf::native {

struct State {
  GLFWwindow* window = nullptr;
};
State& state();

// Work finished on a background thread (image decoding) is handed back to the
// main thread here, so callbacks never race with ImGui.
void post_to_main_thread(std::function<void()> task);
void pump_main_thread_tasks();

}  // namespace sheaf::native
