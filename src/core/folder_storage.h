// Sheaf core: Storage over a real folder (desktop and command line).
//
// load_all reads every .md, .markdown and .txt file below the root,
// skipping dot-folders, node_modules and _site. Paths are relative and
// '/'-separated. save writes a temporary file next to the target, flushes it
// to disk and renames it over the target, so a crash never leaves half a
// file. Every callback runs before the call returns.
#pragma once
#include <cstdint>
#include <string>
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
  // done(files sorted by path, result). result.ok is false only when the root
  // cannot be read; files skipped or unreadable are listed in result.error
  // with ok still true.
  void load_all(std::function<void(std::vector<StoredFile> files, StorageResult)> done) override;
  // Refuses absolute paths and paths that climb out of the root ("..").
  void save(const StoredFile& file, std::function<void(StorageResult, uint64_t new_version)> done) override;
  void remove(const std::string& path, std::function<void(StorageResult)> done) override;

 private:
  std::string root_;
  std::unordered_map<std::string, uint64_t> versions_;
};

// True for relative '/'-separated paths that stay inside the root.
bool is_safe_relative_path(const std::string& path);

}  // namespace sheaf
