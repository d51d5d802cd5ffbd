// Sheaf core: Storage over a real folder.
//
// [SECTION] Paths
// [SECTION] FolderStorage
// [SECTION] Assets
// [SECTION] Trash
#include "core/folder_storage.h"

#include "core/safe_write.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

#if !defined(_WIN32)
#include <fcntl.h>
#include <unistd.h>
#endif

namespace fs = std::filesystem;

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Paths
//-----------------------------------------------------------------------------

bool is_safe_relative_path(const std::string& path) {
  if (path.empty() || path[0] == '/' || path.find('\\') != std::string::npos || path.find(':') != std::string::npos ||
      path.find('\0') != std::string::npos)
    return false;
  size_t b = 0;
  while (b <= path.size()) {
    size_t e = path.find('/', b);
    if (e == std::string::npos) e = path.size();
    std::string_view part(path.data() + b, e - b);
    if (part.empty() || part == "." || part == "..") return false;
    b = e + 1;
  }
  return true;
}

std::string sanitize_relative_path(std::string_view name) {
  constexpr size_t kMaxPart = 255;  // bytes: the common file-name limit
  std::string out;
  size_t b = 0;
  while (b <= name.size()) {
    size_t e = name.find_first_of("/\\", b);
    if (e == std::string_view::npos) e = name.size();
    std::string part;
    for (char c : name.substr(b, e - b)) {
      unsigned char u = (unsigned char)c;
      part += (u < 0x20 || u == 0x7F || c == ':') ? '_' : c;
    }
    b = e + 1;
    if (part.empty() || part == "." || part == "..") continue;
    if (part.size() > kMaxPart) {
      size_t dot = part.rfind('.');
      std::string ext = dot != std::string::npos && part.size() - dot <= 16 ? part.substr(dot) : std::string();
      size_t keep = kMaxPart - ext.size();
      while (keep > 0 && (uint8_t(part[keep]) & 0xC0) == 0x80) keep--;  // whole characters only
      part = part.substr(0, keep) + ext;
    }
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}

bool is_skipped_folder(std::string_view name) {
  return (!name.empty() && name[0] == '.') || name == "node_modules" || name == "_site";
}

static bool document_extension(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return ext == ".md" || ext == ".markdown" || ext == ".txt";
}

static int64_t modified_ms(const fs::path& p) {
  std::error_code ec;
  auto t = fs::last_write_time(p, ec);
  if (ec) return 0;
  // Shift by "now" on both clocks: portable where file_clock::to_sys is missing.
  auto sys = std::chrono::system_clock::now() + std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                                    t - fs::file_time_type::clock::now());
  return std::chrono::duration_cast<std::chrono::milliseconds>(sys.time_since_epoch()).count();
}

//-----------------------------------------------------------------------------
// [SECTION] FolderStorage
//-----------------------------------------------------------------------------

FolderStorage::FolderStorage(std::string root) : root_(std::move(root)) {}

// Calls take(entry, rel, size) for every document below the root, in the
// order the folder gives them. Files over the limit and unreadable entries
// go to `problems`. A write_file_safely temporary left by a crash (over a
// minute old: not a save under way in another program) is deleted on the way.
// With `assets` set it walks the other files instead (every non-document).
template <class Take>
static bool walk_documents(const std::string& root_str, std::vector<std::string>& problems, std::string& fatal,
                           Take&& take, bool assets = false) {
  std::error_code ec;
  fs::path root(root_str);
  if (!fs::is_directory(root, ec)) {
    fatal = root_str + ": not a readable folder";
    return false;
  }
  try {
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) {
      fatal = root_str + ": " + ec.message();
      return false;
    }
    const auto stale_before = fs::file_time_type::clock::now() - std::chrono::minutes(1);
    for (; it != end; it.increment(ec)) {
      if (ec) { problems.push_back(ec.message()); ec.clear(); continue; }
      const fs::directory_entry& e = *it;
      std::string name = e.path().filename().string();
      if (e.is_directory(ec)) {
        if (is_skipped_folder(name)) it.disable_recursion_pending();
        continue;
      }
      if (is_safe_write_temp_name(name)) {
        std::error_code tec;
        if (e.is_regular_file(tec) && !e.is_symlink(tec) && e.last_write_time(tec) < stale_before && !tec)
          fs::remove(e.path(), tec);
        continue;
      }
      if (!e.is_regular_file(ec) || document_extension(e.path()) == assets || name[0] == '.') continue;
      std::string rel = e.path().lexically_relative(root).generic_string();
      uint64_t size = e.file_size(ec);
      if (ec) { problems.push_back(rel + ": " + ec.message()); ec.clear(); continue; }
      if (size > FolderStorage::kMaxFileBytes) {
        problems.push_back(rel + ": " + std::to_string(size >> 20) + " MB is over the " +
                           std::to_string(FolderStorage::kMaxFileBytes >> 20) + " MB limit, not loaded");
        continue;
      }
      take(e, rel, size);
    }
  } catch (const std::exception& ex) {
    problems.push_back(ex.what());
  }
  return true;
}

void FolderStorage::load_all(std::function<void(std::vector<StoredFile>, StorageResult)> done) {
  std::vector<StoredFile> files;
  StorageResult res;
  std::vector<std::string> problems;
  std::string fatal;
  bool ok = walk_documents(root_, problems, fatal, [&](const fs::directory_entry& e, std::string& rel, uint64_t size) {
    StoredFile f;
    f.path = std::move(rel);
    std::ifstream in(e.path(), std::ios::binary);
    f.text.resize(size_t(size));
    if (!in.read(f.text.data(), std::streamsize(size)) && !in.eof()) {
      problems.push_back(f.path + ": cannot read");
      return;
    }
    f.text.resize(size_t(in.gcount()));
    f.modified = modified_ms(e.path());
    Seen& seen = versions_[f.path];
    if (seen.version == 0 || seen.modified != f.modified || seen.size != f.text.size()) seen.version++;
    seen.modified = f.modified;
    seen.size = f.text.size();
    f.version = seen.version;
    files.push_back(std::move(f));
  });
  if (!ok) {
    res.ok = false;
    res.error = fatal;
    done(std::move(files), std::move(res));
    return;
  }
  std::sort(files.begin(), files.end(), [](const StoredFile& a, const StoredFile& b) { return a.path < b.path; });
  for (const std::string& p : problems) res.error += (res.error.empty() ? "" : "; ") + p;
  done(std::move(files), std::move(res));
}

void FolderStorage::list_stats(std::function<void(std::vector<FileStat>, StorageResult)> done) {
  std::vector<FileStat> stats;
  std::vector<std::string> problems;
  std::string fatal;
  bool ok = walk_documents(root_, problems, fatal, [&](const fs::directory_entry& e, std::string& rel, uint64_t size) {
    stats.push_back(FileStat{std::move(rel), modified_ms(e.path()), size});
  });
  StorageResult res;
  if (!ok) {
    res.ok = false;
    res.error = fatal;
  }
  std::sort(stats.begin(), stats.end(), [](const FileStat& a, const FileStat& b) { return a.path < b.path; });
  done(std::move(stats), std::move(res));
}

static bool read_whole(const fs::path& p, std::string& out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

//-----------------------------------------------------------------------------
// [SECTION] Assets
//-----------------------------------------------------------------------------

// An asset path: inside the notebook, outside the trash and dot-folders.
static bool asset_path_ok(const std::string& path) {
  if (!is_safe_relative_path(path)) return false;
  size_t b = 0;
  while (b < path.size()) {
    size_t e = path.find('/', b);
    if (e == std::string::npos) e = path.size();
    if (path[b] == '.') return false;
    b = e + 1;
  }
  return true;
}

void FolderStorage::load_asset(const std::string& path, std::function<void(bool, std::string, StorageResult)> done) {
  if (!asset_path_ok(path)) {
    done(false, std::string(), StorageResult{false, path + ": not a path inside the notebook"});
    return;
  }
  fs::path target = fs::path(root_) / fs::path(path);
  std::error_code ec;
  if (!fs::is_regular_file(target, ec)) {
    done(false, std::string(), StorageResult{});
    return;
  }
  const uint64_t size = fs::file_size(target, ec);
  if (!ec && size > kMaxFileBytes) {
    done(false, std::string(), StorageResult{false, path + ": " + std::to_string(size >> 20) + " MB is over the " +
                                                        std::to_string(kMaxFileBytes >> 20) + " MB limit, not read"});
    return;
  }
  std::string bytes;
  if (!read_whole(target, bytes)) {
    done(false, std::string(), StorageResult{false, path + ": cannot read"});
    return;
  }
  done(true, std::move(bytes), StorageResult{});
}

void FolderStorage::save_asset(const std::string& path, const std::string& bytes, std::function<void(StorageResult)> done) {
  if (!asset_path_ok(path) || document_extension(fs::path(path))) {
    done(StorageResult{false, path + ": not a path for an image inside the notebook"});
    return;
  }
  fs::path target = fs::path(root_) / fs::path(path);
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  SafeWriteResult w;
  if (!ec) {
    SafeWriteOptions wo;
    wo.root = root_;
    w = write_file_safely(target.string(), bytes, wo);
  }
  StorageResult res;
  if (ec || !w.ok) {
    res.ok = false;
    res.error = path + ": " + (ec ? ec.message() : w.reason);
    res.quota = w.no_space;
  }
  done(std::move(res));
}

void FolderStorage::list_assets(std::function<void(std::vector<FileStat>, StorageResult)> done) {
  std::vector<FileStat> stats;
  std::vector<std::string> problems;
  std::string fatal;
  bool ok = walk_documents(
      root_, problems, fatal,
      [&](const fs::directory_entry& e, std::string& rel, uint64_t size) {
        stats.push_back(FileStat{std::move(rel), modified_ms(e.path()), size});
      },
      /*assets=*/true);
  StorageResult res;
  if (!ok) {
    res.ok = false;
    res.error = fatal;
  } else {
    for (const std::string& p : problems) res.error += (res.error.empty() ? "" : "; ") + p;
  }
  std::sort(stats.begin(), stats.end(), [](const FileStat& a, const FileStat& b) { return a.path < b.path; });
  done(std::move(stats), std::move(res));
}

uint64_t FolderStorage::current_version(const std::string& rel) {
  fs::path target = fs::path(root_) / fs::path(rel);
  std::error_code ec;
  if (!fs::is_regular_file(target, ec)) return 0;
  int64_t m = modified_ms(target);
  uint64_t size = fs::file_size(target, ec);
  Seen& seen = versions_[rel];
  // Changed behind our back (another program, or never read): a new version.
  if (seen.version == 0 || seen.modified != m || seen.size != size) {
    seen.version++;
    seen.modified = m;
    seen.size = size;
  }
  return seen.version;
}


void FolderStorage::load(const std::string& path, std::function<void(bool, StoredFile, StorageResult)> done) {
  StoredFile f;
  f.path = path;
  if (!is_safe_relative_path(path)) {
    done(false, std::move(f), StorageResult{false, path + ": not a path inside the notebook"});
    return;
  }
  f.version = current_version(path);
  if (f.version == 0) {
    done(false, std::move(f), StorageResult{});
    return;
  }
  fs::path target = fs::path(root_) / fs::path(path);
  if (!read_whole(target, f.text)) {
    done(false, std::move(f), StorageResult{false, path + ": cannot read"});
    return;
  }
  f.modified = modified_ms(target);
  done(true, std::move(f), StorageResult{});
}

void FolderStorage::save(const StoredFile& file, const SaveOptions& options,
                         std::function<void(StorageResult, uint64_t)> done) {
  StorageResult res;
  if (!is_safe_relative_path(file.path) || file.path.rfind(std::string(kTrashDir) + "/", 0) == 0) {
    res.ok = false;
    res.error = file.path + ": not a path inside the notebook";
    done(std::move(res), 0);
    return;
  }
  uint64_t now_version = current_version(file.path);
  if (options.check_version && now_version != file.version) {
    res.ok = false;
    res.conflict = true;
    res.error = file.path + ": changed elsewhere since it was opened";
    done(std::move(res), now_version);
    return;
  }
  fs::path target = fs::path(root_) / fs::path(file.path);
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  // The shared writer keeps the file's mode and links, and refuses a link
  // that leads out of the notebook (core/safe_write.h).
  SafeWriteResult w;
  if (!ec) {
    SafeWriteOptions wo;
    wo.root = root_;
    w = write_file_safely(target.string(), file.text, wo);
  }
  if (ec || !w.ok) {
    res.ok = false;
    res.error = file.path + ": " + (ec ? ec.message() : w.reason);
    res.quota = w.no_space;
    done(std::move(res), now_version);
    return;
  }
  Seen& seen = versions_[file.path];
  seen.version = now_version + 1;
  seen.modified = modified_ms(target);
  seen.size = file.text.size();
  res.modified = seen.modified;
  done(std::move(res), seen.version);
}

void FolderStorage::remove(const std::string& path, std::function<void(StorageResult)> done) {
  StorageResult res;
  if (!is_safe_relative_path(path)) {
    res.ok = false;
    res.error = path + ": not a path inside the notebook";
    done(std::move(res));
    return;
  }
  std::error_code ec;
  if (!fs::remove(fs::path(root_) / fs::path(path), ec)) {
    res.ok = false;
    res.error = path + ": " + (ec ? ec.message() : std::string("no such file"));
  } else {
    versions_.erase(path);
  }
  done(std::move(res));
}

void FolderStorage::rename(const std::string& from, const std::string& to, std::function<void(StorageResult)> done) {
  for (const std::string* p : {&from, &to})
    if (!is_safe_relative_path(*p)) {
      done(StorageResult{false, *p + ": not a path inside the notebook"});
      return;
    }
  fs::path src = fs::path(root_) / fs::path(from), dst = fs::path(root_) / fs::path(to);
  std::error_code ec;
  if (fs::exists(dst, ec)) {
    done(StorageResult{false, to + ": a file with this name exists"});
    return;
  }
  fs::create_directories(dst.parent_path(), ec);
  fs::rename(src, dst, ec);
  if (ec) {
    done(StorageResult{false, from + ": " + ec.message()});
    return;
  }
  Seen seen = versions_[from];
  versions_.erase(from);
  seen.modified = modified_ms(dst);
  seen.size = fs::file_size(dst, ec);
  versions_[to] = seen;
  done(StorageResult{});
}

//-----------------------------------------------------------------------------
// [SECTION] Trash
//-----------------------------------------------------------------------------
// .sheaf-trash/<ms>/<path>: the key is "<ms>/<path>".

static int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void FolderStorage::move_to_trash(const std::string& path, std::function<void(StorageResult, TrashItem)> done) {
  TrashItem item;
  item.path = path;
  if (!is_safe_relative_path(path)) {
    done(StorageResult{false, path + ": not a path inside the notebook"}, std::move(item));
    return;
  }
  fs::path src = fs::path(root_) / fs::path(path);
  item.deleted = now_ms();
  item.key = std::to_string(item.deleted) + "/" + path;
  fs::path dst = fs::path(root_) / kTrashDir / fs::path(item.key);
  std::error_code ec;
  item.file.path = path;
  item.file.modified = modified_ms(src);
  if (!read_whole(src, item.file.text)) {
    done(StorageResult{false, path + ": cannot read"}, std::move(item));
    return;
  }
  fs::create_directories(dst.parent_path(), ec);
  if (!ec) fs::rename(src, dst, ec);  // same file system: atomic, the bytes never leave the disk
  if (ec) {
    done(StorageResult{false, path + ": " + ec.message()}, std::move(item));
    return;
  }
  versions_.erase(path);
  done(StorageResult{}, std::move(item));
}

void FolderStorage::list_trash(std::function<void(std::vector<TrashItem>, StorageResult)> done) {
  std::vector<TrashItem> items;
  fs::path trash = fs::path(root_) / kTrashDir;
  std::error_code ec;
  if (fs::is_directory(trash, ec)) {
    for (auto it = fs::recursive_directory_iterator(trash, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (!it->is_regular_file(ec)) continue;
      std::string key = it->path().lexically_relative(trash).generic_string();
      size_t slash = key.find('/');
      if (slash == std::string::npos) continue;
      TrashItem item;
      item.key = key;
      item.path = key.substr(slash + 1);
      item.deleted = std::atoll(key.substr(0, slash).c_str());
      item.file.path = item.path;
      item.file.modified = modified_ms(it->path());
      read_whole(it->path(), item.file.text);
      items.push_back(std::move(item));
    }
  }
  std::sort(items.begin(), items.end(), [](const TrashItem& a, const TrashItem& b) { return a.deleted > b.deleted; });
  done(std::move(items), StorageResult{});
}

void FolderStorage::restore_from_trash(const std::string& key, std::function<void(StorageResult, StoredFile)> done) {
  StoredFile f;
  size_t slash = key.find('/');
  if (!is_safe_relative_path(key) || slash == std::string::npos) {
    done(StorageResult{false, key + ": not in the trash"}, std::move(f));
    return;
  }
  f.path = key.substr(slash + 1);
  fs::path src = fs::path(root_) / kTrashDir / fs::path(key), dst = fs::path(root_) / fs::path(f.path);
  std::error_code ec;
  if (fs::exists(dst, ec)) {
    done(StorageResult{false, f.path + ": a file with this name exists"}, std::move(f));
    return;
  }
  if (!read_whole(src, f.text)) {
    done(StorageResult{false, f.path + ": not in the trash"}, std::move(f));
    return;
  }
  fs::create_directories(dst.parent_path(), ec);
  fs::rename(src, dst, ec);
  if (ec) {
    done(StorageResult{false, f.path + ": " + ec.message()}, std::move(f));
    return;
  }
  fs::remove(src.parent_path(), ec);  // the now empty <ms> folder, if it is empty
  f.modified = modified_ms(dst);
  f.version = current_version(f.path);
  done(StorageResult{}, std::move(f));
}

void FolderStorage::empty_trash(std::function<void(StorageResult)> done) {
  std::error_code ec;
  fs::remove_all(fs::path(root_) / kTrashDir, ec);
  done(ec ? StorageResult{false, std::string(kTrashDir) + ": " + ec.message()} : StorageResult{});
}

}  // namespace sheaf
