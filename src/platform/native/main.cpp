// Sheaf desktop: GLFW + OpenGL3 main loop around sheaf::App.
//
// Usage: sheaf [FOLDER] [--report FILE]
//   FOLDER   the notebook folder (default: the built-in sample notebook)
//   --report write the app's state as JSON to FILE once the notebook is shown
//            (used by the desktop tests)
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <GLFW/glfw3.h>

#include "app/app.h"
#include "core/folder_storage.h"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "platform/native/native_state.h"

namespace {

volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

std::string read_file(const char* path) {
  std::ifstream f(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

// Files and whole folders dropped on the window; folders keep their relative
// paths (below the dropped folder's name). Hidden entries are left out.
void on_drop(GLFWwindow* w, int count, const char** paths) {
  namespace fs = std::filesystem;
  auto* app = static_cast<sheaf::App*>(glfwGetWindowUserPointer(w));
  std::vector<std::pair<std::string, fs::path>> files;  // (notebook path, file)
  for (int i = 0; i < count; i++) {
    fs::path p(paths[i]);
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) {
      files.emplace_back(p.filename().string(), p);
    } else if (fs::is_directory(p, ec)) {
      for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::recursive_directory_iterator();
           it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (!name.empty() && name[0] == '.') {
          if (it->is_directory(ec)) it.disable_recursion_pending();
          continue;
        }
        if (it->is_regular_file(ec))
          files.emplace_back((p.filename() / it->path().lexically_relative(p)).generic_string(), it->path());
      }
    }
  }
  if (files.empty()) return;
  app->import_begin(int(files.size()));
  for (auto& [rel, file] : files) app->import_file(rel, read_file(file.c_str()));
  app->import_end();
}

}  // namespace

int main(int argc, char** argv) {
  std::string folder;
  std::string report_path;
  for (int i = 1; i < argc; i++) {
    if (!std::strcmp(argv[i], "--report") && i + 1 < argc) {
      report_path = argv[++i];
    } else if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) {
      std::printf("usage: sheaf [FOLDER] [--report FILE]\n");
      return 0;
    } else {
      folder = argv[i];
    }
  }
  if (folder.empty()) folder = SHEAF_ASSETS_DIR "/notebook";
  if (!std::filesystem::is_directory(folder)) {
    std::fprintf(stderr, "sheaf: %s is not a folder\n", folder.c_str());
    return 2;
  }
  std::signal(SIGTERM, on_signal);
  std::signal(SIGINT, on_signal);
  std::signal(SIGCHLD, SIG_IGN);  // xdg-open children reap themselves

  glfwSetErrorCallback([](int code, const char* msg) { std::fprintf(stderr, "sheaf: GLFW error %d: %s\n", code, msg); });
  if (!glfwInit()) return 1;
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  GLFWwindow* window = glfwCreateWindow(1280, 800, "Sheaf", nullptr, nullptr);
  if (!window) {
    std::fprintf(stderr, "sheaf: could not open a window (OpenGL 3.0 needed)\n");
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  float xscale = 1, yscale = 1;
  glfwGetWindowContentScale(window, &xscale, &yscale);
  ImGui::GetStyle().ScaleAllSizes(xscale);
  ImGui::GetStyle().FontScaleDpi = xscale;
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 130");

  sheaf::FolderStorage storage(folder);
  sheaf::AppOptions options;
  options.notebook_root = folder;
  sheaf::App app(storage, options);
  sheaf::native::state().window = window;
  glfwSetWindowUserPointer(window, &app);
  glfwSetDropCallback(window, on_drop);
  app.start();

  int frames_since_ready = 0;
  bool reported = false;
  while (!glfwWindowShouldClose(window) && !g_stop) {
    glfwPollEvents();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    app.frame();
    ImGui::Render();
    int w, h;
    glfwGetFramebufferSize(window, &w, &h);
    glViewport(0, 0, w, h);
    glClearColor(0.96f, 0.96f, 0.95f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glfwSwapBuffers(window);
    sheaf::native::pump_main_thread_tasks();

    // A few frames after loading, the layout has settled: report once.
    if (!report_path.empty() && !reported && app.bridge_state_json().find("\"ready\":true") != std::string::npos &&
        ++frames_since_ready >= 3) {
      std::ofstream(report_path + ".tmp") << app.bridge_state_json();
      std::filesystem::rename(report_path + ".tmp", report_path);
      reported = true;
    }
  }

  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return 0;
}
