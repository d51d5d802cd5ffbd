// Sheaf desktop: GLFW + OpenGL3 main loop around sheaf::App.
//
// Usage: sheaf [FOLDER] [--report FILE] [--call "NAME [ARG]"]...
//   FOLDER   the notebook folder (default: the built-in sample notebook, see
//            find_assets_dir; --assets-dir prints where it is)
//   --report write the app's state as JSON to FILE once the notebook is shown,
//            and again whenever it changes, with FILE.frames counting the
//            frames drawn since (used by the desktop tests)
//   --call   once the notebook is shown, run a test-bridge call, e.g.
//            --call "menu importFiles" or --call "exportPost ID" (the same
//            calls as the web page's Module.sheaf.call; used by the tests).
//            Repeatable: the calls run in order, a few frames apart. A tab
//            separates a second argument: --call $'setText ID\tTEXT'.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <GLFW/glfw3.h>

#include "app/app.h"
#include "core/assets.h"
#include "core/folder_storage.h"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "platform/native/native_state.h"

namespace {

volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

// Files and whole folders dropped on the window (read on a worker thread,
// imported on the main thread, as the file dialogs' picks are).
// Image files dropped while a post is open in the editor go into the post
// (GLFW offers no image clipboard, so this is the desktop's way to paste one);
// anything else is an import.
static bool all_images(const std::vector<std::string>& list) {
  for (const std::string& p : list) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(p, ec) || !sheaf::has_image_extension(p)) return false;
  }
  return !list.empty();
}

void on_drop(GLFWwindow* window, int count, const char** paths) {
  auto* app = static_cast<sheaf::App*>(glfwGetWindowUserPointer(window));
  std::vector<std::string> list(paths, paths + count);
  if (app->editing_post() && all_images(list)) {
    std::thread([app, list = std::move(list)] {
      for (const std::string& path : list) {
        std::ifstream in(path, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::string name = std::filesystem::path(path).filename().string();
        sheaf::native::post_to_main_thread([app, name = std::move(name), bytes = std::move(bytes)]() mutable {
          app->paste_image(std::move(name), std::move(bytes));
        });
      }
    }).detach();
    return;
  }
  std::thread([app, list = std::move(list)] {
    sheaf::native::deliver_import(*app, sheaf::native::read_import_paths(list));
  }).detach();
}

// The folder that holds the built-in sample notebook (assets/notebook), found
// from where this program is, so an installed copy works wherever its prefix
// was moved: PREFIX/bin/sheaf finds PREFIX/share/sheaf/assets, a folder named
// assets beside the program is found too. Then the install prefix the build
// was configured for, then (developer builds) the source tree; setting
// SHEAF_NO_SOURCE_ASSETS=1 skips the source tree. SHEAF_ASSETS_DIR in the
// environment overrides them all. Empty when none has a notebook.
std::vector<std::filesystem::path> asset_candidates() {
  namespace fs = std::filesystem;
  std::vector<fs::path> out;
  if (const char* env = std::getenv("SHEAF_ASSETS_DIR"); env && *env) return {fs::path(env)};
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec && exe.has_parent_path()) {
    out.push_back(exe.parent_path().parent_path() / "share" / "sheaf" / "assets");
    out.push_back(exe.parent_path() / "assets");
  }
#ifdef SHEAF_INSTALL_ASSETS_DIR
  out.push_back(SHEAF_INSTALL_ASSETS_DIR);
#endif
#ifdef SHEAF_SOURCE_ASSETS_DIR
  const char* skip = std::getenv("SHEAF_NO_SOURCE_ASSETS");
  if (!skip || !*skip || !std::strcmp(skip, "0")) out.push_back(SHEAF_SOURCE_ASSETS_DIR);
#endif
  return out;
}

std::string find_assets_dir() {
  for (const std::filesystem::path& dir : asset_candidates()) {
    std::error_code ec;
    if (std::filesystem::is_directory(dir / "notebook", ec)) return dir.lexically_normal().string();
  }
  return {};
}

}  // namespace

int main(int argc, char** argv) {
  std::string folder;
  std::string report_path;
  std::vector<std::string> calls;
  for (int i = 1; i < argc; i++) {
    if (!std::strcmp(argv[i], "--report") && i + 1 < argc) {
      report_path = argv[++i];
    } else if (!std::strcmp(argv[i], "--call") && i + 1 < argc) {
      calls.push_back(argv[++i]);
    } else if (!std::strcmp(argv[i], "--assets-dir")) {
      const std::string dir = find_assets_dir();
      if (dir.empty()) return 1;
      std::printf("%s\n", dir.c_str());
      return 0;
    } else if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) {
      std::printf("usage: sheaf [FOLDER] [--report FILE] [--call \"NAME [ARG]\"]...\n"
                  "       sheaf --assets-dir   (print where the sample notebook is read from)\n");
      return 0;
    } else {
      folder = argv[i];
    }
  }
  if (folder.empty()) {
    const std::string assets = find_assets_dir();
    if (assets.empty()) {
      std::fprintf(stderr, "sheaf: the sample notebook was not found; looked in:\n");
      for (const std::filesystem::path& dir : asset_candidates())
        std::fprintf(stderr, "  %s\n", (dir / "notebook").c_str());
      std::fprintf(stderr, "Give a notebook folder: sheaf FOLDER\n");
      return 2;
    }
    folder = assets + "/notebook";
  }
  if (!std::filesystem::is_directory(folder)) {
    std::fprintf(stderr, "sheaf: %s is not a folder\n", folder.c_str());
    return 2;
  }
  std::signal(SIGTERM, on_signal);
  std::signal(SIGINT, on_signal);

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
  sheaf::native::install_clipboard_handlers();  // the UI copies, pastes and opens links through ImGui's hooks
  sheaf::native::install_shell_handlers();

  sheaf::FolderStorage storage(folder);
  sheaf::AppOptions options;
  options.decode_image = sheaf::native::decode_image_async;
  // Canonical: the crash marker names the notebook it belongs to, however the folder was typed.
  std::error_code canon_ec;
  const std::filesystem::path canon = std::filesystem::canonical(folder, canon_ec);
  options.notebook_root = canon_ec ? folder : canon.string();
  sheaf::App app(storage, options);
  sheaf::native::state().window = window;
  sheaf::native::state().notebook_root = options.notebook_root;
  glfwSetWindowUserPointer(window, &app);
  glfwSetDropCallback(window, on_drop);
  app.start();

  int frames_since_ready = 0;
  bool ready_seen = false;
  std::string reported;  // the last report written
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

    // A few frames after loading, the layout has settled: report, run the
    // test's call, then report again whenever the state changes.
    if (!report_path.empty() || !calls.empty()) {
      if (!ready_seen) {
        ready_seen = app.bridge_state_json().find("\"ready\":true") != std::string::npos;
      } else if (++frames_since_ready >= 3 && frames_since_ready % 5 == 3) {
        if (!calls.empty()) {
          const std::string call = calls.front();
          calls.erase(calls.begin());
          // "NAME ARG1" or "NAME ARG1<TAB>ARG2" (a tab, since texts have spaces).
          size_t space = call.find(' ');
          std::string args = space == std::string::npos ? "" : call.substr(space + 1);
          size_t tab = args.find('\t');
          std::string result = tab == std::string::npos
                                   ? app.bridge_call(call.substr(0, space), args)
                                   : app.bridge_call(call.substr(0, space), args.substr(0, tab), args.substr(tab + 1));
          std::fprintf(stderr, "sheaf: --call %s: %s\n", call.c_str(), result.c_str());
        } else if (!report_path.empty()) {
          std::string json = app.bridge_state_json();
          if (json != reported) {
            std::ofstream(report_path + ".tmp") << json;
            std::filesystem::rename(report_path + ".tmp", report_path);
            reported = std::move(json);
          }
          // The frames drawn since loading, so a test can wait for a few more
          // to be on screen (a screenshot) instead of sleeping.
          std::ofstream(report_path + ".frames.tmp") << frames_since_ready << "\n";
          std::filesystem::rename(report_path + ".frames.tmp", report_path + ".frames");
        }
      }
    }
  }
  sheaf::native::close_file_dialogs();

  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return 0;
}
