// Sheaf core: write_file_safely (see safe_write.h for the rules).
#include "core/safe_write.h"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <string>

#if !defined(_WIN32)
#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#else
#include <cstdio>
#include <fstream>
#endif

namespace sheaf {

bool is_safe_write_temp_name(std::string_view name) {
  size_t at = name.rfind(".sheaf-");
  return name.size() > 1 && name[0] == '.' && at != std::string_view::npos && at > 0 && name.size() - at == 13;
}

#if !defined(_WIN32)

namespace {

std::string reason(int err) { return std::strerror(err); }

// Canonical absolute path, or "" when it cannot be resolved.
std::string real_path(const std::string& p) {
  char* r = ::realpath(p.c_str(), nullptr);
  if (!r) return std::string();
  std::string out(r);
  std::free(r);
  return out;
}

bool inside(const std::string& path, const std::string& root) {
  if (root == "/") return true;
  return path.size() > root.size() && path.compare(0, root.size(), root) == 0 && path[root.size()] == '/';
}

std::string dir_of(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string base_of(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

mode_t current_umask() {
#if defined(__linux__)
  // Linux shows it in /proc without changing it, which is safe beside other
  // threads that create files.
  if (FILE* f = std::fopen("/proc/self/status", "r")) {
    char line[256];
    unsigned m = 0;
    bool found = false;
    while (!found && std::fgets(line, sizeof line, f)) found = std::sscanf(line, "Umask: %o", &m) == 1;
    std::fclose(f);
    if (found) return mode_t(m);
  }
#endif
  mode_t m = ::umask(022);  // elsewhere reading it means setting it: put it straight back
  ::umask(m);
  return m;
}

// A temporary file that is not inherited by programs the app starts
// (zenity, a browser) while it is open.
int make_temp(std::string& tmpl) {
#if defined(__linux__) || defined(__FreeBSD__) || defined(__OpenBSD__) || defined(__NetBSD__)
  return ::mkostemp(tmpl.data(), O_CLOEXEC);
#else
  return ::mkstemp(tmpl.data());
#endif
}

}  // namespace

SafeWriteResult write_file_safely(const std::string& path, std::string_view bytes, const SafeWriteOptions& o) {
  SafeWriteResult res;
  auto fail = [&](std::string msg, int err = 0) {
    res.ok = false;
    res.reason = msg;
    res.error = path + ": " + msg;
    res.no_space = err == ENOSPC || err == EDQUOT;
    return res;
  };

  // 1. Which file is written: a link's target, never the link itself.
  std::string target = path;
  struct stat lst;
  bool exists = ::lstat(path.c_str(), &lst) == 0;
  if (!exists && errno != ENOENT) return fail(reason(errno), errno);
  if (exists && S_ISLNK(lst.st_mode)) {
    std::string resolved = real_path(path);
    if (resolved.empty()) return fail("a symbolic link whose target does not exist; not written");
    target = resolved;
    res.through_link = true;
    exists = ::stat(target.c_str(), &lst) == 0;
    if (!exists) return fail("a symbolic link whose target cannot be read (" + reason(errno) + "); not written", errno);
  }
  if (!o.root.empty()) {
    std::string root = real_path(o.root);
    if (root.empty()) return fail("the folder " + o.root + " cannot be resolved (" + reason(errno) + ")", errno);
    // A new file's folder must resolve inside too (a linked folder counts).
    std::string where = exists ? real_path(target) : real_path(dir_of(target));
    if (where.empty()) return fail("its folder cannot be resolved (" + reason(errno) + ")", errno);
    if (!(exists ? inside(where, root) : (where == root || inside(where, root)))) {
      if (res.through_link) return fail("a symbolic link to " + where + ", outside " + root + "; not written");
      return fail("resolves to " + where + ", outside " + root + "; not written");
    }
  }
  if (exists && !S_ISREG(lst.st_mode)) return fail("not a regular file; not written");
  if (exists && lst.st_nlink > 1)
    return fail("has " + std::to_string(lst.st_nlink) +
                " hard links; replacing it would split it from its other names, so it was not written "
                "(remove the other links, or edit a copy)");

  // 2. The new bytes, complete and on disk, under a temporary name.
  const std::string dir = dir_of(target);
  std::string tmp = dir + "/." + base_of(target) + ".sheaf-XXXXXX";
  int fd = make_temp(tmp);
  if (fd < 0) return fail("cannot create a temporary file in " + dir + ": " + reason(errno), errno);
  int err = 0;
  for (size_t done = 0; done < bytes.size() && !err;) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) err = n < 0 ? errno : EIO;
    else done += size_t(n);
  }
  // 3. What the old file was: its mode, and (as root) its owner.
  const mode_t mode = exists ? (lst.st_mode & 07777) : (mode_t(o.new_mode) & ~(o.umask_bits >= 0 ? mode_t(o.umask_bits) : current_umask()) & 07777);
  // Owner first: a chown may clear set-id bits, which the chmod then restores.
  if (!err && exists && ::geteuid() == 0 && (lst.st_uid != ::geteuid() || lst.st_gid != ::getegid()) &&
      ::fchown(fd, lst.st_uid, lst.st_gid) != 0)
    err = errno;
  if (!err && ::fchmod(fd, mode) != 0) err = errno;
  if (!err && o.sync && ::fsync(fd) != 0) err = errno;
  if (::close(fd) != 0 && !err) err = errno;
  // 4. The switch: one rename, then the folder entry to disk.
  if (!err && ::rename(tmp.c_str(), target.c_str()) != 0) err = errno;
  if (err) {
    ::unlink(tmp.c_str());
    return fail(reason(err), err);
  }
  if (o.sync) {
    int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
      ::fsync(dfd);
      ::close(dfd);
    }
  }
  res.ok = true;
  res.target = target;
  return res;
}

#else  // _WIN32: no links, modes or fsync to keep; a temporary file and a replace.

SafeWriteResult write_file_safely(const std::string& path, std::string_view bytes, const SafeWriteOptions&) {
  SafeWriteResult res;
  std::string tmp = path + ".sheaf-tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(bytes.data(), std::streamsize(bytes.size()));
    f.flush();
    if (!f) {
      res.error = path + ": write failed";
      return res;
    }
  }
  std::remove(path.c_str());
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    res.error = path + ": " + std::strerror(errno);
    std::remove(tmp.c_str());
    return res;
  }
  res.ok = true;
  res.target = path;
  return res;
}

#endif

}  // namespace sheaf
