// Sheaf desktop: GLFW + OpenGL3 main loop around sheaf::App.
//
// Usage: sheaf [FOLDER] [--report FILE] [--call "NAME [ARG]"]...
//   FOLDER   the notebook folder; it becomes the most recent of File >
//            Notebooks. A Markdown file opens the notebook it is in (the
//            folder above its _posts) and shows it. Default: the last folder used, if it still exists,
//            else the built-in sample notebook (see find_assets_dir;
//            --assets-dir prints where it is)
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
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <GLFW/glfw3.h>

#include "app/app.h"
#include "app/host.h"
#include "core/assets.h"
#include "core/folder_storage.h"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "platform/native/native_state.h"
#include "platform/native/watch.h"

namespace {

volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

// Files and whole folders dropped on the window (read on a worker thread,
// imported on the main thread, as the file dialogs' picks are), into the
// notebook that was open when they were dropped. Image files dropped while a
// post is open in the editor go into the post (GLFW offers no image
// clipboard, so this is the desktop's way to paste one); anything else is an
// import.
static bool all_images(const std::vector<std::string>& list) {
  for (const std::string& p : list) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(p, ec) || !sheaf::has_image_extension(p)) return false;
  }
  return !list.empty();
}

void on_drop(GLFWwindow*, int count, const char** paths) {
  sheaf::native::State& st = sheaf::native::state();
  const unsigned session = st.session;
  std::vector<std::string> list(paths, paths + count);
  if (st.app && st.app->editing_post() && all_images(list)) {
    std::thread([session, list = std::move(list)] {
      for (const std::string& path : list) {
        std::ifstream in(path, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::string name = std::filesystem::path(path).filename().string();
        sheaf::native::post_to_app(session, [name = std::move(name), bytes = std::move(bytes)](sheaf::App& app) mutable {
          app.paste_image(std::move(name), std::move(bytes));
        });
      }
    }).detach();
    return;
  }
  std::thread([session, list = std::move(list)] {
    sheaf::native::deliver_import(session, sheaf::native::read_import_paths(list));
  }).detach();
}

// One notebook open in the window: the folder's storage and the app over
// it. Made at start and again when File > Notebooks changes folders (on the
// same window and ImGui context); the old one is gone first.
struct Session {
  std::unique_ptr<sheaf::FolderStorage> storage;
  std::unique_ptr<sheaf::App> app;
  // Other programs' changes to the folder (sed, git pull, another editor)
  // are rescanned as they happen (platform/native/watch.h).
  std::unique_ptr<sheaf::native::FolderWatcher> watcher;
};

std::unique_ptr<Session> open_session(const std::string& folder) {
  sheaf::native::State& st = sheaf::native::state();
  auto s = std::make_unique<Session>();
  s->storage = std::make_unique<sheaf::FolderStorage>(folder);
  sheaf::AppOptions options;
  options.decode_image = sheaf::native::decode_image_async;
  options.notebook_root = folder;
  s->app = std::make_unique<sheaf::App>(*s->storage, options);
  st.notebook_root = folder;
  st.app = s->app.get();
  st.session++;
  sheaf::platform::set_window_title("Sheaf");  // the folder's name until a post is shown
  s->app->start();
  s->watcher = std::make_unique<sheaf::native::FolderWatcher>(folder);
  return s;
}

// A Markdown file given instead of a folder (the desktop's "Open with"):
// its notebook is the folder above _posts or _drafts when it is in one, else
// the folder holding it; `post_id` is its id there (the path without the
// extension).
std::string notebook_of_file(const std::string& file, std::string& post_id) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path path = fs::canonical(file, ec);
  if (ec) path = fs::absolute(file, ec);
  fs::path root = path.parent_path();
  if (root.filename() == "_posts" || root.filename() == "_drafts") root = root.parent_path();
  post_id = path.lexically_relative(root).replace_extension().generic_string();
  return root.string();
}

// Canonical: the crash marker and the recent folders name a notebook
// however its folder was typed.
std::string canonical_folder(const std::string& folder) {
  std::error_code ec;
  const std::filesystem::path canon = std::filesystem::canonical(folder, ec);
  return ec ? folder : canon.string();
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
      std::printf("usage: sheaf [FOLDER | FILE.md] [--report FILE] [--call \"NAME [ARG]\"]...\n"
                  "       (no FOLDER: the last folder used, else the sample notebook)\n"
                  "       sheaf --assets-dir   (print where the sample notebook is read from)\n");
      return 0;
    } else {
      folder = argv[i];
    }
  }
  std::string show_post;  // a post to show first (FOLDER was a file in it)
  if (!folder.empty() && std::filesystem::is_regular_file(folder)) folder = notebook_of_file(folder, show_post);
  if (!folder.empty()) {
    if (!std::filesystem::is_directory(folder)) {
      std::fprintf(stderr, "sheaf: %s is not a folder\n", folder.c_str());
      return 2;
    }
    folder = canonical_folder(folder);
    sheaf::native::remember_folder(folder);  // an explicit folder wins and is now the most recent
  } else if (folder = sheaf::native::last_folder(); folder.empty()) {
    const std::string assets = find_assets_dir();
    if (assets.empty()) {
      std::fprintf(stderr, "sheaf: the sample notebook was not found; looked in:\n");
      for (const std::filesystem::path& dir : asset_candidates())
        std::fprintf(stderr, "  %s\n", (dir / "notebook").c_str());
      std::fprintf(stderr, "Give a notebook folder: sheaf FOLDER\n");
      return 2;
    }
    folder = canonical_folder(assets + "/notebook");  // the sample is not kept as a recent folder
  } else {
    sheaf::native::remember_folder(folder);  // the list is written back without the folders that are gone
  }
  std::signal(SIGTERM, on_signal);
  std::signal(SIGINT, on_signal);

  glfwSetErrorCallback([](int code, const char* msg) { std::fprintf(stderr, "sheaf: GLFW error %d: %s\n", code, msg); });
  if (!glfwInit()) return 1;
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  GLFWwindow* window = sheaf::native::create_main_window("Sheaf");  // where and as large as last time
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
  sheaf::native::follow_content_scale(window);  // HiDPI, and again on another monitor
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 130");
  sheaf::native::install_clipboard_handlers();  // the UI copies, pastes and opens links through ImGui's hooks
  sheaf::native::install_shell_handlers();

  sheaf::native::state().window = window;
  glfwSetDropCallback(window, on_drop);
  std::unique_ptr<Session> session = open_session(folder);
  if (!show_post.empty()) session->app->on_location_changed("/post/" + show_post);  // once it is loaded
  // The loop polls events (it never waits), so an idle app notices the
  // watcher's changes too; focus coming back also asks for a scan.
  bool focused = glfwGetWindowAttrib(window, GLFW_FOCUSED) != 0;

  int frames_since_ready = 0;
  bool ready_seen = false;
  std::string reported;  // the last report written
  while (!glfwWindowShouldClose(window) && !g_stop) {
    glfwPollEvents();
    const bool focused_now = glfwGetWindowAttrib(window, GLFW_FOCUSED) != 0;
    if (session->watcher->poll(glfwGetTime()) || (focused_now && !focused)) session->app->on_storage_changed();
    focused = focused_now;
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    session->app->frame();
    ImGui::Render();
    int w, h;
    glfwGetFramebufferSize(window, &w, &h);
    glViewport(0, 0, w, h);
    glClearColor(0.96f, 0.96f, 0.95f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glfwSwapBuffers(window);
    sheaf::native::pump_main_thread_tasks();
    sheaf::native::window_tick(window);

    // File > Notebooks (or the bridge) chose another folder and every post is
    // saved: the old app goes, a new one opens the folder in this window.
    if (std::string next = std::move(sheaf::native::state().switch_to); !next.empty()) {
      sheaf::native::state().switch_to.clear();
      session.reset();
      sheaf::native::state().app = nullptr;
      sheaf::native::remember_folder(next);
      session = open_session(next);
      ready_seen = false;  // the report and the calls wait for the new notebook
      frames_since_ready = 0;
      reported.clear();
    }

    // A few frames after loading, the layout has settled: report, run the
    // test's call, then report again whenever the state changes.
    if (!report_path.empty() || !calls.empty()) {
      if (!ready_seen) {
        ready_seen = session->app->bridge_state_json().find("\"ready\":true") != std::string::npos;
      } else if (++frames_since_ready >= 3 && frames_since_ready % 5 == 3) {
        if (!calls.empty()) {
          const std::string call = calls.front();
          calls.erase(calls.begin());
          // "NAME ARG1" or "NAME ARG1<TAB>ARG2" (a tab, since texts have spaces).
          size_t space = call.find(' ');
          std::string args = space == std::string::npos ? "" : call.substr(space + 1);
          size_t tab = args.find('\t');
          std::string result = tab == std::string::npos
                                   ? session->app->bridge_call(call.substr(0, space), args)
                                   : session->app->bridge_call(call.substr(0, space), args.substr(0, tab), args.substr(tab + 1));
          std::fprintf(stderr, "sheaf: --call %s: %s\n", call.c_str(), result.c_str());
        } else if (!report_path.empty()) {
          // The app's state, with the window's place, size and title (main.cpp's).
          std::string json = session->app->bridge_state_json();
          json.insert(1, "\"window\":" + sheaf::native::window_json(window) + ",");
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
  sheaf::native::save_window_geometry(window);
  sheaf::native::close_file_dialogs();
  session.reset();  // a clean exit: the app says so in the settings
  sheaf::native::state().app = nullptr;

  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return 0;
}
