// Sheaf core: Storage over a real folder (desktop and command line).
//
// load_all reads every .md, .markdown and .txt file below the root,
// skipping dot-folders, node_modules and _site. Paths are relative and
// '/'-separated. Hidden temporary files a crashed save left behind (see
// core/safe_write.h) are never listed, and are deleted once a minute old.
// save writes a temporary file next to the target, flushes it
// to disk and renames it over the target, so a crash never leaves half a
// file. The trash is the folder .sheaf-trash/<deleted ms>/<path> below the
// root (dot-folders are never loaded as documents). Every callback runs before
// the call returns.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/storage.h"

namespace sheaf {

class FolderStorage : public Storage {
 public:
  // Files above this size are not loaded (they are named in the result's error).
  static constexpr uint64_t kMaxFileBytes = 64ull << 20;

  explicit FolderStorage(std::string root);
  const std::string& root() const { return root_; }

  const char* backend_name() const override { return "folder"; }
  bool shared_with_other_programs() const override { return true; }
  // done(files sorted by path, result). result.ok is false only when the root
  // cannot be read; files skipped or unreadable are listed in result.error
  // with ok still true.
  void load_all(std::function<void(std::vector<StoredFile> files, StorageResult)> done) override;
  void load(const std::string& path, std::function<void(bool, StoredFile, StorageResult)> done) override;
  // The same files as load_all, with their dates and sizes (a stat each).
  void list_stats(std::function<void(std::vector<FileStat>, StorageResult)> done) override;
  // Refuses absolute paths and paths that climb out of the root ("..").
  // Versions live in memory: a file gets version 1 when first seen, and a
  // file changed on disk by another program (modification time moved) counts
  // as a newer version, so a checked save reports a conflict.
  using Storage::save;
  void save(const StoredFile& file, const SaveOptions& options,
            std::function<void(StorageResult, uint64_t new_version)> done) override;
  void remove(const std::string& path, std::function<void(StorageResult)> done) override;
  void rename(const std::string& from, const std::string& to, std::function<void(StorageResult)> done) override;
  void move_to_trash(const std::string& path, std::function<void(StorageResult, TrashItem)> done) override;
  void list_trash(std::function<void(std::vector<TrashItem>, StorageResult)> done) override;
  void restore_from_trash(const std::string& key, std::function<void(StorageResult, StoredFile)> done) override;
  void empty_trash(std::function<void(StorageResult)> done) override;

  // Assets: every file that is not a document, below the root, outside the
  // skipped folders (the same walk as load_all). Saves go through
  // write_file_safely; a document path (.md, .txt) is refused.
  void load_asset(const std::string& path, std::function<void(bool found, std::string bytes, StorageResult)> done) override;
  void save_asset(const std::string& path, const std::string& bytes, std::function<void(StorageResult)> done) override;
  void list_assets(std::function<void(std::vector<FileStat>, StorageResult)> done) override;

  static constexpr const char* kTrashDir = ".sheaf-trash";

 private:
  struct Seen {
    uint64_t version = 0;
    int64_t modified = 0;  // on-disk time when we last read or wrote it
    uint64_t size = 0;     // and the size then (a change within one clock tick still shows)
  };
  uint64_t current_version(const std::string& rel);  // 0 when the file does not exist
  std::string root_;
  std::unordered_map<std::string, Seen> versions_;
};

// Folders a notebook never reads: dot-folders (.git, .sheaf-trash),
// node_modules and _site (a site's build output).
bool is_skipped_folder(std::string_view name);

// True for relative '/'-separated paths that stay inside the root.
bool is_safe_relative_path(const std::string& path);

// A name from outside (a drop, a picker) made into a safe relative path:
// backslashes become '/', empty, "." and ".." parts are dropped, control
// characters and ':' become '_', and a part longer than 255 bytes is cut at a
// character boundary, keeping its extension. "" when nothing is left.
std::string sanitize_relative_path(std::string_view name);

}  // namespace sheaf
