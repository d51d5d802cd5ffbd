// Sheaf desktop: file dialogs and exports.
//
// Open and save dialogs come from the desktop's own dialog program, zenity
// (GNOME/GTK) or else kdialog (KDE), run as a child process with an argument
// vector (no shell, so any file name is safe) on a worker thread; the answer
// is handed back to the main thread. Without either program, exports go to
// ~/Downloads and imports are dropped on the window.
//
// [SECTION] Dialog programs
// [SECTION] Reading imports
// [SECTION] Writing exports
// [SECTION] Platform entry points
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include "app/app.h"
#include "app/host.h"
#include "core/assets.h"
#include "core/safe_write.h"
#include "platform/native/native_state.h"

extern char** environ;

namespace sheaf::native {

namespace fs = std::filesystem;

//-----------------------------------------------------------------------------
// [SECTION] Dialog programs
//-----------------------------------------------------------------------------

namespace {

// One dialog at a time: a second menu click while one is up is refused.
std::atomic<bool> g_dialog_open{false};
std::atomic<pid_t> g_dialog_pid{0};
std::atomic<bool> g_quitting{false};

struct Tool {
  std::string name;  // "zenity" or "kdialog"
  std::string path;
};

// Looked up on every use, so installing zenity while the app runs works.
bool find_program(const char* name, std::string& out) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string dir = dirs.substr(start, end - start);
    if (dir.empty()) dir.assign(1, '.');  // assign, not = ".": GCC 12 warns falsely (-Wrestrict)
    std::string candidate = dir + "/" + name;
    struct stat st;
    if (stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(candidate.c_str(), X_OK) == 0) {
      out = candidate;
      return true;
    }
    start = end + 1;
  }
  return false;
}

bool find_tool(Tool& t) {
  for (const char* name : {"zenity", "kdialog"}) {
    if (find_program(name, t.path)) {
      t.name = name;
      return true;
    }
  }
  return false;
}

struct DialogAnswer {
  enum Kind { Chosen, Cancelled, Failed } kind = Failed;
  std::vector<std::string> paths;
  std::string error;
};

// Runs the dialog and waits for it (call from a worker thread). Its stdout is
// the chosen paths, one per line; exit status 1 is Cancel for both programs.
DialogAnswer run_dialog(const Tool& tool, const std::vector<std::string>& args) {
  DialogAnswer ans;
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) {
    ans.error = std::string("could not start ") + tool.name + ": " + std::strerror(errno);
    return ans;
  }
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  // GTK and Qt chatter on stderr ("mapped without a transient parent"): not ours to show.
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, tool.path.c_str(), &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  close(out[1]);
  if (rc != 0) {
    close(out[0]);
    ans.error = std::string("could not start ") + tool.name + ": " + std::strerror(rc);
    return ans;
  }
  g_dialog_pid = pid;
  std::string text;
  char buf[4096];
  for (;;) {
    ssize_t n = read(out[0], buf, sizeof buf);
    if (n > 0) text.append(buf, size_t(n));
    else if (n < 0 && errno == EINTR) continue;
    else break;
  }
  close(out[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  g_dialog_pid = 0;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 1) {
    ans.kind = DialogAnswer::Cancelled;
    return ans;
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    ans.error = tool.name + " failed (" +
                (WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                                   : "signal " + std::to_string(WTERMSIG(status))) +
                ")";
    return ans;
  }
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) ans.paths.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  ans.kind = ans.paths.empty() ? DialogAnswer::Cancelled : DialogAnswer::Chosen;
  return ans;
}

std::string home_dir() {
  const char* home = std::getenv("HOME");
  return home && *home ? home : ".";
}

std::vector<std::string> open_args(const Tool& t, bool folder, const std::string& title) {
  if (t.name == "zenity") {
    if (folder) return {t.path, "--file-selection", "--directory", "--title=" + title};
    return {t.path, "--file-selection", "--multiple", "--separator=\n", "--title=" + title,
            "--file-filter=Markdown and text (*.md *.markdown *.txt) | *.md *.markdown *.txt",
            "--file-filter=All files | *"};
  }
  if (folder) return {t.path, "--title", title, "--getexistingdirectory", home_dir()};
  return {t.path,       "--title",   title, "--getopenfilename", home_dir(),
          "*.md *.markdown *.txt|Markdown and text files", "--multiple", "--separate-output"};
}

// An open dialog (files, or one folder) on a worker thread: `answered` runs
// there with the answer, unless the app is quitting by then. Returns "" when
// it opened, otherwise why not (`no_tool` without zenity or kdialog).
std::string open_dialog(bool folder, const std::string& title, std::string no_tool,
                        std::function<void(DialogAnswer)> answered) {
  Tool tool;
  if (!find_tool(tool)) return no_tool;
  if (g_dialog_open.exchange(true)) return "A file dialog is already open";
  std::thread([tool, args = open_args(tool, folder, title), answered = std::move(answered)] {
    DialogAnswer ans = run_dialog(tool, args);
    g_dialog_open = false;
    if (!g_quitting) answered(std::move(ans));
  }).detach();
  return "";
}

std::vector<std::string> save_args(const Tool& t, const std::string& suggested) {
  if (t.name == "zenity")
    return {t.path, "--file-selection", "--save", "--confirm-overwrite", "--title=Export", "--filename=" + suggested};
  return {t.path, "--title", "Export", "--getsavefilename", suggested};
}

std::string downloads_dir() {
  std::error_code ec;
  fs::path home = home_dir();
  return fs::is_directory(home / "Downloads", ec) ? (home / "Downloads").string() : home.string();
}

}  // namespace

void close_file_dialogs() {
  g_quitting = true;
  if (pid_t pid = g_dialog_pid) kill(pid, SIGTERM);
}

//-----------------------------------------------------------------------------
// [SECTION] Reading imports
//-----------------------------------------------------------------------------

static bool importable(const fs::path& p) {
  std::string ext = p.extension().string();
  for (char& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
  // Images come along too (kept beside the posts, core/notebook.cpp).
  return ext == ".md" || ext == ".markdown" || ext == ".txt" || sheaf::has_image_extension(p.filename().string());
}

static ImportFile read_one(std::string rel, const fs::path& file) {
  ImportFile f;
  f.path = std::move(rel);
  // Other files are refused by name in App::import_file: no need to read a
  // folder's videos into memory first.
  if (!importable(file)) return f;
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    f.error = std::string("could not be read (") + std::strerror(errno) + ")";
    return f;
  }
  f.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) f.error = "could not be read";
  return f;
}

std::vector<ImportFile> read_import_paths(const std::vector<std::string>& paths) {
  std::vector<ImportFile> files;
  for (const std::string& s : paths) {
    fs::path p(s);
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) {
      files.push_back(read_one(p.filename().string(), p));
    } else if (fs::is_directory(p, ec)) {
      fs::path top = p.filename().empty() ? p.parent_path() : p;  // "dir/" names itself too
      for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::recursive_directory_iterator();
           it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (!name.empty() && name[0] == '.') {  // .git, .DS_Store...
          if (it->is_directory(ec)) it.disable_recursion_pending();
          continue;
        }
        if (it->is_regular_file(ec))
          files.push_back(read_one((top.filename() / it->path().lexically_relative(p)).generic_string(), it->path()));
      }
    }
  }
  return files;
}

void deliver_import(unsigned session, std::vector<ImportFile> files) {
  if (files.empty()) return;
  post_to_app(session, [files = std::move(files)](App& app) mutable {
    app.import_begin(int(files.size()));
    for (ImportFile& f : files) {
      if (!f.error.empty()) app.import_reject(f.path, f.error);
      else app.import_file(std::move(f.path), std::move(f.bytes));
    }
    app.import_end();
  });
}

std::string pick_folder(const std::string& title, std::string no_tool,
                        std::function<void(std::string path, std::string error)> chosen) {
  return open_dialog(true, title, std::move(no_tool), [chosen = std::move(chosen)](DialogAnswer ans) {
    if (ans.kind == DialogAnswer::Cancelled) return;
    std::string path = ans.kind == DialogAnswer::Chosen ? ans.paths.front() : std::string();
    post_to_main_thread([chosen, path = std::move(path), err = std::move(ans.error)] { chosen(path, err); });
  });
}

//-----------------------------------------------------------------------------
// [SECTION] Writing exports
//-----------------------------------------------------------------------------

// Exports go through the shared writer: atomic, and an overwritten file keeps
// its mode and links (core/safe_write.h). Returns the path or "error: ...".
static std::string write_atomically(const std::string& path, const std::string& bytes, mode_t mask) {
  SafeWriteOptions o;
  o.umask_bits = int(mask);
  SafeWriteResult r = write_file_safely(path, bytes, o);
  return r.ok ? path : "error: could not write " + r.error;
}

// Without a dialog: into the Downloads folder, never over an existing file.
static std::string save_to_folder(const fs::path& dir, const std::string& name, const std::string& bytes,
                                  mode_t mask) {
  fs::path base(name);
  fs::path target = dir / base;
  std::error_code ec;
  for (int n = 2; fs::exists(target, ec) && n < 1000; n++)
    target = dir / fs::path(base.stem().string() + " (" + std::to_string(n) + ")" + base.extension().string());
  return write_atomically(target.string(), bytes, mask);
}

}  // namespace sheaf::native

//-----------------------------------------------------------------------------
// [SECTION] Platform entry points
//-----------------------------------------------------------------------------

namespace sheaf::platform {

using namespace sheaf::native;

void save_file(std::string name, std::string bytes, std::string_view, std::function<void(std::string)> done) {
  mode_t mask = umask(0);  // read on the main thread: umask has no getter
  umask(mask);
  // Tests (and scripts) can name a folder and skip the dialog.
  const char* over = std::getenv("SHEAF_EXPORT_DIR");
  Tool tool;
  if (over || !find_tool(tool)) {
    std::string where = save_to_folder(over ? fs::path(over) : fs::path(downloads_dir()), name, bytes, mask);
    if (!over && where.rfind("error:", 0) != 0) where += " (no save dialog: install zenity or kdialog to choose where)";
    done(where);
    return;
  }
  if (g_dialog_open.exchange(true)) {
    done("error: a file dialog is already open");
    return;
  }
  std::string suggested = (fs::path(downloads_dir()) / name).string();
  std::thread([tool, suggested, bytes = std::move(bytes), done = std::move(done), mask]() mutable {
    DialogAnswer ans = run_dialog(tool, save_args(tool, suggested));
    g_dialog_open = false;
    std::string result;
    if (ans.kind == DialogAnswer::Chosen) result = write_atomically(ans.paths.front(), bytes, mask);
    else if (ans.kind == DialogAnswer::Failed) result = "error: the save dialog could not be shown: " + ans.error;
    if (g_quitting) return;
    post_to_main_thread([done = std::move(done), result = std::move(result)] { done(result); });
  }).detach();
}

std::string pick_files(bool folder, App&) {
  const unsigned session = state().session;  // the picks are for this notebook, not one switched to meanwhile
  return open_dialog(
      folder, folder ? "Import a folder" : "Import Markdown files",
      folder ? "No file dialog (install zenity or kdialog): drop the folder on the window to import it"
             : "No file dialog (install zenity or kdialog): drop Markdown files or folders on the window to "
               "import them",
      [folder, session](DialogAnswer ans) {
        if (ans.kind == DialogAnswer::Cancelled) return;
        if (ans.kind == DialogAnswer::Failed) {
          // Through the import path, which names what was not imported and why.
          post_to_app(session, [err = ans.error](App& app) { app.import_reject("the file dialog", err); });
          return;
        }
        std::vector<ImportFile> files = read_import_paths(ans.paths);
        if (files.empty() && folder) {
          std::string name = fs::path(ans.paths.front()).filename().string();
          post_to_app(session, [name](App& app) {
            app.import_reject(name.empty() ? "the folder" : name, "has no files to import");
          });
          return;
        }
        if (!g_quitting) deliver_import(session, std::move(files));
      });
}

}  // namespace sheaf::platform
