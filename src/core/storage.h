// Sheaf core: the storage interface.
//
// A notebook is a set of Markdown files addressed by a relative path. The
// desktop stores them in a real folder; the web stores them in IndexedDB.
// IndexedDB is asynchronous, so every call reports back through a callback;
// a synchronous backend simply calls it before returning.
//
// Besides the documents, a backend keeps a trash (deleted documents that can
// come back until the trash is emptied) and small named blobs (the index
// cache). Backends that have no blob store report "not found".
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sheaf {

struct StoredFile {
  std::string path;      // relative, '/'-separated, e.g. "_posts/2024-02-25-hello.md"
  std::string text;      // exact bytes
  int64_t modified = 0;  // milliseconds since 1970
  uint64_t version = 0;  // bumped by every successful save
};

// A document's date and size, listed without reading it: what a scan for
// changes made outside Sheaf compares (core/scan.h).
struct FileStat {
  std::string path;
  int64_t modified = 0;  // milliseconds since 1970
  uint64_t size = 0;     // bytes
};

struct StorageResult {
  bool ok = true;
  std::string error;      // human-readable, names the file
  bool conflict = false;  // a save refused because the stored version moved on
  bool quota = false;     // the browser or disk is out of space
  int64_t modified = 0;   // after a save: the file's date as stored (0 when the backend does not say)
};

struct SaveOptions {
  // When set, the save happens only if the stored version still equals
  // file.version (0: the path must not exist yet); checked in the same
  // transaction as the write. Otherwise the result has conflict = true.
  bool check_version = false;
  // Wait for the data to reach the disk before reporting success (explicit
  // saves). Off: the commit is reported once the backend has accepted it.
  bool strict = true;
};

struct TrashItem {
  std::string key;   // backend's name for this trashed copy
  std::string path;  // where it lived
  int64_t deleted = 0;
  StoredFile file;   // text and metadata as they were
};

class Storage {
 public:
  virtual ~Storage() = default;
  virtual const char* backend_name() const = 0;
  // True when other programs write these files too (a folder on disk), so a
  // version that moved on is "changed outside Sheaf", not "in another tab".
  virtual bool shared_with_other_programs() const { return false; }
  // Reads every document of the notebook (not the trash).
  virtual void load_all(std::function<void(std::vector<StoredFile> files, StorageResult)> done) = 0;
  // Reads one document; found = false when there is none at that path.
  virtual void load(const std::string& path, std::function<void(bool found, StoredFile, StorageResult)> done) = 0;
  // Saves one document as one atomic write; done.ok only once it is committed.
  virtual void save(const StoredFile& file, const SaveOptions& options,
                    std::function<void(StorageResult, uint64_t new_version)> done) = 0;
  void save(const StoredFile& file, std::function<void(StorageResult, uint64_t new_version)> done) {
    save(file, SaveOptions{}, std::move(done));
  }
  virtual void remove(const std::string& path, std::function<void(StorageResult)> done) = 0;
  // Moves `from` to `to` in one step; refuses when `to` exists.
  virtual void rename(const std::string& from, const std::string& to, std::function<void(StorageResult)> done) = 0;

  // Trash: the document leaves the notebook and its copy lands in the trash atomically.
  virtual void move_to_trash(const std::string& path, std::function<void(StorageResult, TrashItem)> done) = 0;
  virtual void list_trash(std::function<void(std::vector<TrashItem>, StorageResult)> done) = 0;
  // Puts a trashed copy back at its path (refused when that path is taken again).
  virtual void restore_from_trash(const std::string& key, std::function<void(StorageResult, StoredFile)> done) = 0;
  virtual void empty_trash(std::function<void(StorageResult)> done) = 0;

  // Every document's path, date and size, sorted by path, without reading
  // any (the same files load_all reads). Backends whose documents only change
  // through Sheaf answer ok = false, and nothing is scanned.
  virtual void list_stats(std::function<void(std::vector<FileStat>, StorageResult)> done) {
    done({}, StorageResult{false, "this notebook is not scanned for outside changes"});
  }

  // Assets: the site's other files (images under assets/), raw bytes at a
  // notebook path such as "assets/img/hello/photo.png". Paths obey the same
  // rules as documents (relative, inside the notebook). Backends that keep
  // no assets answer found = false / ok = false.
  virtual void load_asset(const std::string& /*path*/,
                          std::function<void(bool found, std::string bytes, StorageResult)> done) {
    done(false, std::string(), StorageResult{false, "this notebook keeps no images"});
  }
  // Creates or replaces one asset as one atomic write.
  virtual void save_asset(const std::string& path, const std::string& /*bytes*/, std::function<void(StorageResult)> done) {
    done(StorageResult{false, path + ": this notebook keeps no images"});
  }
  // Every asset's path, date and size, sorted by path (an export takes them along).
  virtual void list_assets(std::function<void(std::vector<FileStat>, StorageResult)> done) { done({}, StorageResult{}); }

  // Named blobs (e.g. "index-cache"). Default: nothing stored.
  virtual void load_blob(const std::string& /*name*/, std::function<void(bool found, std::string bytes)> done) {
    done(false, std::string());
  }
  virtual void save_blob(const std::string& /*name*/, const std::string& /*bytes*/, std::function<void(StorageResult)> done) {
    done(StorageResult{});
  }
  // Bytes used and available (0, 0 when unknown).
  virtual void estimate(std::function<void(uint64_t used, uint64_t quota)> done) { done(0, 0); }
};

}  // namespace sheaf
