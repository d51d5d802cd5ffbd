// An in-memory Storage for tests, with what real backends do that matters to
// the notebook: versions checked in the same step as the write, a trash,
// blobs, answers that may come later (deferred: callbacks wait in a queue
// until run_pending), and failures on demand (a full disk, an error).
#pragma once
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/storage.h"

namespace sheaf::test {

struct MemoryBackend : Storage {
  std::map<std::string, StoredFile> files;
  std::map<std::string, std::string> blobs;
  std::map<std::string, TrashItem> trash;
  bool deferred = false;          // answers wait for run_pending()
  int fail_saves = 0;             // the next N saves fail
  bool fail_with_quota = false;   // ... as "storage is full"
  int saves = 0, strict_saves = 0;
  std::vector<std::string> saved_paths;
  int64_t clock_ms = 1'700'000'000'000;

  const char* backend_name() const override { return "memory"; }
  bool shared = false;  // like a folder other programs write in
  bool shared_with_other_programs() const override { return shared; }

  // Runs the waiting answers (and any they queue) in order; returns how many.
  int run_pending() {
    int n = 0;
    while (!pending.empty()) {
      auto f = std::move(pending.front());
      pending.pop_front();
      f();
      n++;
    }
    return n;
  }
  // Runs the oldest waiting answer only; false when none waits.
  bool run_one() {
    if (pending.empty()) return false;
    auto f = std::move(pending.front());
    pending.pop_front();
    f();
    return true;
  }
  size_t waiting() const { return pending.size(); }

  // Another program writes the file (its version moves on).
  void write_elsewhere(const std::string& path, const std::string& text) {
    StoredFile& f = files[path];
    f.path = path;
    f.text = text;
    f.version++;
    f.modified = ++clock_ms;
  }

  void load_all(std::function<void(std::vector<StoredFile>, StorageResult)> done) override {
    answer([this, done] {
      std::vector<StoredFile> all;
      for (auto& [p, f] : files) all.push_back(f);
      done(all, {});
    });
  }
  // Dates and sizes, as a folder lists them (scanned = false: like a backend
  // that does not list stats).
  bool scanned = true;
  int stat_listings = 0;
  void list_stats(std::function<void(std::vector<FileStat>, StorageResult)> done) override {
    answer([this, done] {
      if (!scanned) return done({}, StorageResult{false, "not scanned"});
      stat_listings++;
      std::vector<FileStat> all;
      for (auto& [p, f] : files) all.push_back(FileStat{p, f.modified, f.text.size()});
      done(all, {});
    });
  }
  // Assets: raw bytes by path, with their dates (fail_assets: the next N
  // save_asset calls fail).
  struct Asset {
    std::string bytes;
    int64_t modified = 0;
  };
  std::map<std::string, Asset> assets;
  int fail_assets = 0;
  void load_asset(const std::string& path, std::function<void(bool, std::string, StorageResult)> done) override {
    answer([this, path, done] {
      auto it = assets.find(path);
      if (it == assets.end()) return done(false, std::string(), StorageResult{});
      done(true, it->second.bytes, StorageResult{});
    });
  }
  void save_asset(const std::string& path, const std::string& bytes, std::function<void(StorageResult)> done) override {
    answer([this, path, bytes, done] {
      if (path.empty() || path[0] == '/' || path.find("..") != std::string::npos)
        return done(StorageResult{false, path + ": not a path inside the notebook"});
      if (fail_assets > 0) {
        fail_assets--;
        StorageResult r{false, path + ": storage is full"};
        r.quota = true;
        return done(r);
      }
      assets[path] = Asset{bytes, ++clock_ms};
      done(StorageResult{});
    });
  }
  void list_assets(std::function<void(std::vector<FileStat>, StorageResult)> done) override {
    answer([this, done] {
      std::vector<FileStat> all;
      for (auto& [p, a] : assets) all.push_back(FileStat{p, a.modified, a.bytes.size()});
      done(all, {});
    });
  }

  // Another program deletes the file.
  void delete_elsewhere(const std::string& path) { files.erase(path); }
  void load(const std::string& path, std::function<void(bool, StoredFile, StorageResult)> done) override {
    answer([this, path, done] {
      auto it = files.find(path);
      if (it == files.end()) return done(false, {}, {});
      done(true, it->second, {});
    });
  }
  void save(const StoredFile& file, const SaveOptions& o, std::function<void(StorageResult, uint64_t)> done) override {
    answer([this, file, o, done] {
      saves++;
      strict_saves += o.strict;
      StorageResult r;
      auto it = files.find(file.path);
      const uint64_t have = it == files.end() ? 0 : it->second.version;
      if (fail_saves > 0) {
        fail_saves--;
        r.ok = false;
        r.quota = fail_with_quota;
        r.error = fail_with_quota ? "the storage is full" : "write failed";
        return done(r, have);
      }
      if (o.check_version && have != file.version) {
        r.ok = false;
        r.conflict = true;
        r.error = "changed elsewhere";
        return done(r, have);
      }
      StoredFile f = file;
      f.version = have + 1;
      f.modified = ++clock_ms;
      r.modified = f.modified;
      files[file.path] = f;
      saved_paths.push_back(file.path);
      done(r, f.version);
    });
  }
  void remove(const std::string& path, std::function<void(StorageResult)> done) override {
    answer([this, path, done] {
      files.erase(path);
      done({});
    });
  }
  void rename(const std::string& from, const std::string& to, std::function<void(StorageResult)> done) override {
    answer([this, from, to, done] {
      StorageResult r;
      if (!files.count(from) || files.count(to)) {
        r.ok = false;
        r.error = files.count(to) ? to + " exists" : from + " is gone";
        return done(r);
      }
      StoredFile f = files[from];
      files.erase(from);
      f.path = to;
      files[to] = f;
      done(r);
    });
  }
  void move_to_trash(const std::string& path, std::function<void(StorageResult, TrashItem)> done) override {
    answer([this, path, done] {
      auto it = files.find(path);
      if (it == files.end()) {
        StorageResult r;
        r.ok = false;
        r.error = path + " is gone";
        return done(r, {});
      }
      TrashItem t;
      t.deleted = ++clock_ms;
      t.key = std::to_string(t.deleted) + "/" + path;
      t.path = path;
      t.file = it->second;
      files.erase(it);
      trash[t.key] = t;
      done({}, t);
    });
  }
  void list_trash(std::function<void(std::vector<TrashItem>, StorageResult)> done) override {
    answer([this, done] {
      std::vector<TrashItem> all;
      for (auto& [k, t] : trash) all.push_back(t);
      done(all, {});
    });
  }
  void restore_from_trash(const std::string& key, std::function<void(StorageResult, StoredFile)> done) override {
    answer([this, key, done] {
      auto it = trash.find(key);
      StorageResult r;
      if (it == trash.end() || files.count(it->second.path)) {
        r.ok = false;
        r.error = it == trash.end() ? "no such item" : it->second.path + " is taken";
        return done(r, {});
      }
      StoredFile f = it->second.file;
      f.version++;
      files[f.path] = f;
      trash.erase(it);
      done(r, f);
    });
  }
  void empty_trash(std::function<void(StorageResult)> done) override {
    answer([this, done] {
      trash.clear();
      done({});
    });
  }
  void load_blob(const std::string& name, std::function<void(bool, std::string)> done) override {
    answer([this, name, done] {
      auto it = blobs.find(name);
      if (it == blobs.end()) return done(false, {});
      done(true, it->second);
    });
  }
  void save_blob(const std::string& name, const std::string& bytes, std::function<void(StorageResult)> done) override {
    answer([this, name, bytes, done] {
      blobs[name] = bytes;
      done({});
    });
  }
  void estimate(std::function<void(uint64_t, uint64_t)> done) override {
    answer([done] { done(1000, 5000); });
  }

 private:
  std::deque<std::function<void()>> pending;
  void answer(std::function<void()> f) {
    if (deferred) pending.push_back(std::move(f));
    else f();
  }
};

}  // namespace sheaf::test
