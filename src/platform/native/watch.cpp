// Sheaf desktop: the notebook folder's watcher (see watch.h).
#include "platform/native/watch.h"

#include "core/folder_storage.h"  // is_skipped_folder: the folders a notebook never reads

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#if defined(__linux__)
#include <sys/inotify.h>
#include <unistd.h>
#endif

namespace sheaf::native {

namespace fs = std::filesystem;


//-----------------------------------------------------------------------------
// [SECTION] Setup
//-----------------------------------------------------------------------------

#if defined(__linux__)
static constexpr uint32_t kMask = IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_ATTRIB | IN_MOVED_FROM |
                                  IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;
#endif

FolderWatcher::FolderWatcher(std::string root_folder, bool force_polling) : root(std::move(root_folder)) {
#if defined(__linux__)
  if (force_polling) {
    fall_back("asked to poll", -1);
    return;
  }
  fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) {
    fall_back(std::string("inotify is not available (") + std::strerror(errno) + ")", -1);
    return;
  }
  watch_tree(root);
  if (fd >= 0 && dirs.empty()) fall_back("the folder cannot be watched", -1);
#else
  (void)force_polling;
  fall_back("this system has no inotify", -1);
#endif
}

FolderWatcher::~FolderWatcher() {
#if defined(__linux__)
  if (fd >= 0) close(fd);
#endif
}

// From now on a rescan every kPollInterval; `now` >= 0 makes one due at once
// (events may have been lost).
void FolderWatcher::fall_back(const std::string& reason, double now) {
#if defined(__linux__)
  if (fd >= 0) close(fd);
#endif
  fd = -1;
  dirs.clear();
  first_event = last_event = -1;
  polling_reason = reason;
  next_poll = now;
  std::fprintf(stderr, "sheaf: looking for outside changes in %s every %g s: %s\n", root.c_str(), kPollInterval,
               reason.c_str());
}

// Adds a watch; false once the watcher has fallen back to polling.
bool FolderWatcher::watch_one(const std::string& folder) {
#if defined(__linux__)
  if (fd < 0) return false;
  int wd = inotify_add_watch(fd, folder.c_str(), kMask);
  if (wd >= 0) {
    dirs[wd] = folder;  // a folder watched already keeps its descriptor: the path is updated
    return true;
  }
  if (errno == ENOSPC || errno == ENOMEM) {
    fall_back("the system's limit of watched folders is reached (fs.inotify.max_user_watches)", 0);
    return false;
  }
  return true;  // gone already, or unreadable: FolderStorage skips it too
#else
  (void)folder;
  return false;
#endif
}

// `folder` and every folder below it that FolderStorage reads.
void FolderWatcher::watch_tree(const std::string& folder) {
  if (!watch_one(folder)) return;
  std::error_code ec;
  fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::error_code dec;
    if (it->is_symlink(dec) || !it->is_directory(dec)) continue;  // FolderStorage does not follow folder links
    if (is_skipped_folder(it->path().filename().string())) {
      it.disable_recursion_pending();
      continue;
    }
    if (!watch_one(it->path().string())) return;
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Events
//-----------------------------------------------------------------------------

void FolderWatcher::note_event(double now) {
  if (first_event < 0) first_event = now;
  last_event = now;
}

void FolderWatcher::read_events(double now) {
#if defined(__linux__)
  alignas(inotify_event) char buf[16 * 1024];
  while (fd >= 0) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) break;
    if (n <= 0) {
      fall_back(std::string("reading the folder's events failed (") + std::strerror(errno) + ")", now);
      return;
    }
    for (char* p = buf; p < buf + n;) {
      const inotify_event* ev = reinterpret_cast<const inotify_event*>(p);
      p += sizeof(inotify_event) + ev->len;
      if (ev->mask & IN_Q_OVERFLOW) {
        fall_back("more changes at once than the system could queue", now);
        return;
      }
      if (ev->mask & IN_IGNORED) {  // the folder is gone (its parent's event counted)
        dirs.erase(ev->wd);
        continue;
      }
      auto at = dirs.find(ev->wd);
      if (at == dirs.end()) continue;
      const std::string name = ev->len ? ev->name : "";
      if (ev->mask & IN_ISDIR) {
        if (is_skipped_folder(name)) continue;
        if (ev->mask & (IN_CREATE | IN_MOVED_TO)) {
          const std::string path = at->second + "/" + name;  // a copy: watching adds to `dirs`
          watch_tree(path);  // files made in it before its watch are found by the rescan
          if (fd < 0) return;
        }
        // Moved away: if it left the notebook (or went into a skipped folder)
        // its watches must go; a move inside is re-watched by its IN_MOVED_TO.
        if (ev->mask & IN_MOVED_FROM) rewalk = true;
      } else if (!name.empty() && name[0] == '.') {
        continue;  // a dot-file is never a post: our own save's temporary file, an editor's swap file
      }
      note_event(now);
    }
  }
  if (rewalk && fd >= 0) {
    // Watch the tree again: a folder watched already keeps its descriptor
    // and gets its new path; descriptors not met (moved out) are dropped.
    rewalk = false;
    std::unordered_map<int, std::string> before;
    before.swap(dirs);
    watch_tree(root);
    if (fd < 0) return;
    for (const auto& [wd, path] : before)
      if (!dirs.count(wd)) inotify_rm_watch(fd, wd);
  }
#else
  (void)now;
#endif
}

bool FolderWatcher::poll(double now) {
  if (fd < 0) {
    if (next_poll < 0) {
      next_poll = now + kPollInterval;
      return false;
    }
    if (now < next_poll) return false;
    next_poll = now + kPollInterval;
    return true;
  }
  read_events(now);
  if (fd < 0) return poll(now);  // fell back just now: due at once
  if (first_event < 0) return false;
  if (now - last_event < kDebounce && now - first_event < kMaxDelay) return false;
  first_event = last_event = -1;
  return true;
}

}  // namespace sheaf::native
