#include "platform/native/native_state.h"

#include <mutex>
#include <vector>

namespace sheaf::native {

State& state() {
  static State s;
  return s;
}

static std::mutex g_mutex;
static std::vector<std::function<void()>> g_tasks;

void post_to_main_thread(std::function<void()> task) {
  std::lock_guard<std::mutex> lock(g_mutex);
  g_tasks.push_back(std::move(task));
}

void pump_main_thread_tasks() {
  std::vector<std::function<void()>> tasks;
  {
    std::lock_guard<std::mutex> lock(g_mutex);
    tasks.swap(g_tasks);
  }
  for (auto& t : tasks) t();
}

void post_to_app(unsigned session, std::function<void(App&)> task) {
  post_to_main_thread([session, task = std::move(task)] {
    State& s = state();
    if (s.session == session && s.app) task(*s.app);
  });
}

}  // namespace sheaf::native
