// Sheaf core: the storage interface.
//
// A notebook is a set of Markdown files addressed by a relative path. The
// desktop stores them in a real folder; the web stores them in IndexedDB.
// IndexedDB is asynchronous, so every call reports back through a callback;
// a synchronous backend simply calls it before returning.
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

struct StorageResult {
  bool ok = true;
  std::string error;  // human-readable, names the file
};

class Storage {
 public:
  virtual ~Storage() = default;
  virtual const char* backend_name() const = 0;
  // Reads every document of the notebook.
  virtual void load_all(std::function<void(std::vector<StoredFile> files, StorageResult)> done) = 0;
  // Saves one document; done.ok only once the bytes are durably stored.
  virtual void save(const StoredFile& file, std::function<void(StorageResult, uint64_t new_version)> done) = 0;
  virtual void remove(const std::string& path, std::function<void(StorageResult)> done) = 0;
};

}  // namespace sheaf
