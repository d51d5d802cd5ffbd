// Desktop shell: links open in the system browser (ImGui's OpenInShell hook,
// which the viewer's links go through); the "location" is kept in memory (the
// desktop has no URL bar).
#include <GLFW/glfw3.h>
#include <spawn.h>
#include <sys/wait.h>

#include <filesystem>
#include <string>
#include <thread>

#include "app/host.h"
#include "imgui.h"
#include "platform/native/native_state.h"

extern char** environ;

namespace sheaf::native {

static bool allowed_scheme(std::string_view url) {
  for (std::string_view s : {"http://", "https://", "mailto:"})
    if (url.size() > s.size() && url.substr(0, s.size()) == s) return true;
  return false;
}

static bool open_url(std::string_view url) {
  if (!allowed_scheme(url)) return false;
  // posix_spawn with an argument vector: the URL never passes through a shell.
  std::string u(url);
  char* argv[] = {const_cast<char*>("xdg-open"), u.data(), nullptr};
  pid_t pid;
  if (posix_spawnp(&pid, "xdg-open", nullptr, nullptr, argv, environ) != 0) return false;
  // Reaped here rather than by ignoring SIGCHLD, which would hide the file
  // dialogs' exit status (Cancel) from waitpid.
  std::thread([pid] { waitpid(pid, nullptr, 0); }).detach();
  return true;
}

void install_shell_handlers() {
  ImGui::GetPlatformIO().Platform_OpenInShellFn = [](ImGuiContext*, const char* url) {
    return url && open_url(url);
  };
}

}  // namespace sheaf::native

namespace sheaf::platform {

static std::string g_location;

// The app names the post ("● Title — Sheaf"); the folder's name goes before
// "Sheaf", so two windows (or a switch) on other notebooks tell apart.
void set_window_title(std::string_view title) {
  native::State& s = native::state();
  std::string t(title);
  const std::string folder = std::filesystem::path(s.notebook_root).filename().string();
  constexpr std::string_view kApp = "Sheaf";
  if (!folder.empty() && t.size() >= kApp.size() && t.compare(t.size() - kApp.size(), kApp.size(), kApp) == 0)
    t.insert(t.size() - kApp.size(), folder + " — ");
  s.title = t;
  if (s.window) glfwSetWindowTitle(s.window, t.c_str());
}

std::string location() { return g_location; }
void set_location(std::string_view loc, bool) { g_location = std::string(loc); }

}  // namespace sheaf::platform
