// Sheaf desktop: notices when another program (sed, git pull, another
// editor) changes the notebook folder, so the app can rescan it
// (App::on_storage_changed).
//
// Linux: inotify on the folder and every folder below it that FolderStorage
// reads (not dot-folders, node_modules or _site), with watches added for
// folders made later. Events are debounced: poll() says a rescan is due
// kDebounce seconds after the last event (a `git checkout` of 500 files is
// one rescan), and at the latest kMaxDelay after the first, so a program that
// never stops writing still gets noticed. Without inotify (it failed to
// start, the system's watch limit was reached, its queue overflowed, or
// force_polling) a rescan is simply due every kPollInterval seconds.
#pragma once
#include <string>
#include <unordered_map>

namespace sheaf::native {

struct FolderWatcher {
  static constexpr double kDebounce = 0.15;
  static constexpr double kMaxDelay = 1.0;
  static constexpr double kPollInterval = 2.0;

  explicit FolderWatcher(std::string root, bool force_polling = false);
  ~FolderWatcher();
  FolderWatcher(const FolderWatcher&) = delete;
  FolderWatcher& operator=(const FolderWatcher&) = delete;

  // Once a frame, never blocks. True when a rescan is due now.
  bool poll(double now_seconds);

  bool polling() const { return fd < 0; }
  size_t watched_folders() const { return dirs.size(); }

  // --- state ---
  std::string root;
  int fd = -1;                                // inotify, -1 when polling
  std::unordered_map<int, std::string> dirs;  // watch descriptor -> folder path
  std::string polling_reason;                 // why there is no inotify (logged once)
  double first_event = -1, last_event = -1;   // the pending events' times (-1: none)
  double next_poll = -1;                      // polling: when the next rescan is due
  bool rewalk = false;                        // a folder moved away: drop the watches left outside

  // Internals (watch.cpp).
  void fall_back(const std::string& reason, double now);
  void watch_tree(const std::string& folder);
  bool watch_one(const std::string& folder);
  void read_events(double now);
  void note_event(double now);
};

}  // namespace sheaf::native
