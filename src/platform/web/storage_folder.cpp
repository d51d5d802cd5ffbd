// Sheaf web storage: sheaf::Storage over a real folder on disk, through the
// File System Access API (the JavaScript side is web/fsa.js).
//
// [SECTION] Requests
// [SECTION] JavaScript calls
// [SECTION] FolderHandleStorage
// [SECTION] Answers from JavaScript
//
// The semantics are core/folder_storage.cpp's: every .md, .markdown and .txt
// file below the folder is a document (dot-folders, node_modules and _site
// are skipped; _posts, _drafts and collections are not), files over 64 MB are
// named and left out, the trash is .sheaf-trash/<ms>/<path>, and versions
// count saves plus changes made by other programs (fsa.js keeps the count).
// A checked save first compares the file's date and size with what Sheaf last
// read or wrote and refuses, writing nothing, when they moved. The index cache
// lives in IndexedDB under the folder's id. Every answer reaches the app
// through post(), at the top of a frame.
#include <emscripten.h>

#include <algorithm>
#include <map>

#include "app/app.h"
#include "core/folder_storage.h"
#include "core/storage.h"
#include "platform/web/web.h"

namespace sheaf::web {

//-----------------------------------------------------------------------------
// [SECTION] Requests
//-----------------------------------------------------------------------------
// Every call gets an id; JavaScript answers with zero or more records
// (sheaf_web_fsa_file / _blob) and then one sheaf_web_fsa_done.

namespace {

enum Status { kOk = 0, kError = 1, kConflict = 2, kQuota = 3, kNotFound = 4 };

struct Record {
  StoredFile file;
  uint64_t size = 0;
  std::string key;  // trash items only
  int64_t deleted = 0;
};

struct Reply {
  int status = kOk;
  double number = 0;  // a version
  std::string error;
  std::vector<Record> records;
  std::string blob;
  StorageResult result() const {
    StorageResult r;
    r.ok = status == kOk || status == kNotFound;
    r.error = error;  // problems of a load_all come with ok
    r.conflict = status == kConflict;
    r.quota = status == kQuota;
    return r;
  }
};

struct FsaState {
  int next_id = 1;
  std::map<int, Reply> replies;
  std::map<int, std::function<void(Reply&)>> pending;
};
FsaState g_fsa;

int begin_request(std::function<void(Reply&)> done) {
  int id = g_fsa.next_id++;
  g_fsa.pending[id] = std::move(done);
  return id;
}

// Answers a request at the top of the next frame without asking JavaScript.
void answer_now(std::function<void(Reply&)> done, int status, std::string error) {
  post([done = std::move(done), status, error = std::move(error)]() mutable {
    Reply r;
    r.status = status;
    r.error = std::move(error);
    done(r);
  });
}

bool writable_path(const std::string& path) {
  return is_safe_relative_path(path) && path.rfind(std::string(FolderStorage::kTrashDir) + "/", 0) != 0 &&
         path != FolderStorage::kTrashDir;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] JavaScript calls
//-----------------------------------------------------------------------------

EM_JS(void, sheaf_js_fsa_init, (), {
  var heap = function(bytes) {
    var p = _malloc(Math.max(1, bytes.length));
    HEAPU8.set(bytes, p);
    return [p, bytes.length];
  };
  var enc = new TextEncoder();
  var str = function(s) { return heap(enc.encode(String(s || ""))); };
  // f: {path, bytes?, modified, version, size?}
  var sendFile = function(id, f, key, deleted) {
    var path = str(f.path), k = str(key || "");
    var bytes = f.bytes ? heap(f.bytes) : [0, 0];
    var size = f.bytes ? f.bytes.length : (+f.size || 0);
    Module._sheaf_web_fsa_file(id, path[0], path[1], bytes[0], bytes[1], +f.modified || 0, +f.version || 0, size,
                               k[0], k[1], +deleted || 0);
  };
  var done = function(id, status, number, message) {
    var m = message ? str(message) : [0, 0];
    Module._sheaf_web_fsa_done(id, status, number || 0, m[0], m[1]);
  };
  var fail = function(id, what, e) {
    var f = SheafFSA.fail(what, e);
    done(id, f.status, e && e.version || 0, f.error);
  };
  Module.sheafFsa = { sendFile: sendFile, done: done, fail: fail, heap: heap };
});

EM_JS(void, sheaf_js_fsa_load_all, (int id), {
  var I = Module.sheafFsa;
  SheafFSA.loadAll().then(function(r) {
    // Thousands of files cross into the heap a few milliseconds at a time, so
    // the page keeps drawing (the list from the index cache is already up).
    var i = 0;
    var pump = function() {
      var until = performance.now() + 8;
      while (i < r.files.length && performance.now() < until) I.sendFile(id, r.files[i++]);
      if (i < r.files.length) setTimeout(pump, 0);
      else I.done(id, 0, 0, r.problems.join('; '));
    };
    pump();
  }, function(e) { I.fail(id, 'Could not read the folder ' + (SheafFSA.folder ? SheafFSA.folder.name : ""), e); });
});

EM_JS(void, sheaf_js_fsa_load, (int id, const char* path), {
  var I = Module.sheafFsa, p = UTF8ToString(path);
  SheafFSA.load(p).then(function(r) {
    if (r) I.sendFile(id, r);
    I.done(id, r ? 0 : 4, 0, "");
  }, function(e) { I.fail(id, 'Could not read ' + p, e); });
});

// The bytes are copied out of the heap before this returns (the caller may be
// a pagehide handler).
EM_JS(void, sheaf_js_fsa_save, (int id, const char* path, const char* text, int len, int check, double base), {
  var I = Module.sheafFsa, p = UTF8ToString(path);
  var bytes = HEAPU8.slice(text, text + len);
  SheafFSA.save(p, bytes, { check: !!check, base: base }).then(
    function(v) { I.done(id, 0, v, ""); },
    function(e) { I.fail(id, 'Could not save ' + p, e); });
});

EM_JS(void, sheaf_js_fsa_remove, (int id, const char* path), {
  var I = Module.sheafFsa, p = UTF8ToString(path);
  SheafFSA.remove(p).then(function() { I.done(id, 0, 0, ""); }, function(e) { I.fail(id, 'Could not delete ' + p, e); });
});

EM_JS(void, sheaf_js_fsa_rename, (int id, const char* from, const char* to), {
  var I = Module.sheafFsa, a = UTF8ToString(from), b = UTF8ToString(to);
  SheafFSA.rename(a, b).then(function() { I.done(id, 0, 0, ""); }, function(e) { I.fail(id, 'Could not rename ' + a, e); });
});

EM_JS(void, sheaf_js_fsa_trash, (int id, const char* path), {
  var I = Module.sheafFsa, p = UTF8ToString(path);
  SheafFSA.trash(p).then(function(item) {
    I.sendFile(id, item.file, item.key, item.deleted);
    I.done(id, 0, 0, "");
  }, function(e) { I.fail(id, 'Could not move ' + p + ' to the trash', e); });
});

EM_JS(void, sheaf_js_fsa_list_trash, (int id), {
  var I = Module.sheafFsa;
  SheafFSA.listTrash().then(function(items) {
    items.forEach(function(item) { I.sendFile(id, item.file, item.key, item.deleted); });
    I.done(id, 0, 0, "");
  }, function(e) { I.fail(id, 'Could not read the trash', e); });
});

EM_JS(void, sheaf_js_fsa_restore, (int id, const char* key), {
  var I = Module.sheafFsa, k = UTF8ToString(key);
  SheafFSA.restore(k).then(function(f) {
    I.sendFile(id, f);
    I.done(id, 0, 0, "");
  }, function(e) { I.fail(id, 'Could not restore ' + k.substring(k.indexOf('/') + 1), e); });
});

EM_JS(void, sheaf_js_fsa_empty_trash, (int id), {
  var I = Module.sheafFsa;
  SheafFSA.emptyTrash().then(function() { I.done(id, 0, 0, ""); }, function(e) { I.fail(id, 'Could not empty the trash', e); });
});

// assets = 1: the non-document files instead of the documents.
EM_JS(void, sheaf_js_fsa_list_stats, (int id, int assets), {
  var I = Module.sheafFsa;
  (assets ? SheafFSA.listAssets() : SheafFSA.listStats()).then(function(list) {
    list.forEach(function(s) { I.sendFile(id, s); });
    I.done(id, 0, 0, "");
  }, function(e) { I.fail(id, 'Could not list the folder', e); });
});

EM_JS(void, sheaf_js_fsa_load_asset, (int id, const char* path), {
  var I = Module.sheafFsa, p = UTF8ToString(path);
  SheafFSA.loadAsset(p).then(function(bytes) {
    if (bytes) {
      var b = I.heap(bytes);
      Module._sheaf_web_fsa_blob(id, b[0], b[1]);
    }
    I.done(id, bytes ? 0 : 4, 0, "");
  }, function(e) { I.fail(id, 'Could not read ' + p, e); });
});

EM_JS(void, sheaf_js_fsa_save_asset, (int id, const char* path, const char* bytes, int len), {
  var I = Module.sheafFsa, p = UTF8ToString(path);
  SheafFSA.saveAsset(p, HEAPU8.slice(bytes, bytes + len)).then(function() { I.done(id, 0, 0, ""); },
                                                             function(e) { I.fail(id, 'Could not save ' + p, e); });
});

EM_JS(void, sheaf_js_fsa_load_blob, (int id, const char* name), {
  var I = Module.sheafFsa, n = UTF8ToString(name);
  SheafFSA.loadBlob(n).then(function(bytes) {
    if (bytes) {
      var b = I.heap(bytes);
      Module._sheaf_web_fsa_blob(id, b[0], b[1]);
    }
    I.done(id, bytes ? 0 : 4, 0, "");
  }, function(e) { I.done(id, 4, 0, ""); });
});

EM_JS(void, sheaf_js_fsa_save_blob, (int id, const char* name, const char* bytes, int len), {
  var I = Module.sheafFsa, n = UTF8ToString(name);
  SheafFSA.saveBlob(n, HEAPU8.slice(bytes, bytes + len)).then(function() { I.done(id, 0, 0, ""); },
                                                             function(e) { I.fail(id, 'Could not store ' + n, e); });
});

//-----------------------------------------------------------------------------
// [SECTION] FolderHandleStorage
//-----------------------------------------------------------------------------

namespace {

StoredFile take_file(Record& r) { return std::move(r.file); }

std::string not_inside(const std::string& path) { return path + ": not a path inside the notebook"; }

class FolderHandleStorage final : public Storage {
 public:
  explicit FolderHandleStorage(const std::string& name) : label_("folder \u201C" + name + "\u201D") {}
  // The status bar names the folder: "5 posts · folder “blog”".
  const char* backend_name() const override { return label_.c_str(); }
  bool shared_with_other_programs() const override { return true; }

  void load_all(std::function<void(std::vector<StoredFile>, StorageResult)> done) override {
    int id = begin_request([done = std::move(done)](Reply& r) {
      std::vector<StoredFile> files;
      files.reserve(r.records.size());
      for (Record& rec : r.records) files.push_back(take_file(rec));
      std::sort(files.begin(), files.end(), [](const StoredFile& a, const StoredFile& b) { return a.path < b.path; });
      done(std::move(files), r.result());
    });
    sheaf_js_fsa_load_all(id);
  }

  void load(const std::string& path, std::function<void(bool, StoredFile, StorageResult)> done) override {
    if (!is_safe_relative_path(path)) {
      answer_now([done = std::move(done), path](Reply& r) { done(false, StoredFile{path, {}, 0, 0}, r.result()); },
                 kError, not_inside(path));
      return;
    }
    int id = begin_request([done = std::move(done), path](Reply& r) {
      bool found = r.status == kOk && !r.records.empty();
      StoredFile f = found ? take_file(r.records[0]) : StoredFile{path, {}, 0, 0};
      done(found, std::move(f), r.result());
    });
    sheaf_js_fsa_load(id, path.c_str());
  }

  using Storage::save;
  void save(const StoredFile& file, const SaveOptions& options,
            std::function<void(StorageResult, uint64_t)> done) override {
    auto answer = [done = std::move(done)](Reply& r) { done(r.result(), uint64_t(r.number)); };
    if (!writable_path(file.path)) {
      answer_now(std::move(answer), kError, not_inside(file.path));
      return;
    }
    int id = begin_request(std::move(answer));
    // A folder has no durability switch: every write is committed by close().
    sheaf_js_fsa_save(id, file.path.c_str(), file.text.data(), int(file.text.size()), options.check_version ? 1 : 0,
                      double(file.version));
  }

  void remove(const std::string& path, std::function<void(StorageResult)> done) override {
    auto answer = [done = std::move(done)](Reply& r) { done(r.result()); };
    if (!is_safe_relative_path(path)) return answer_now(std::move(answer), kError, not_inside(path));
    sheaf_js_fsa_remove(begin_request(std::move(answer)), path.c_str());
  }

  void rename(const std::string& from, const std::string& to, std::function<void(StorageResult)> done) override {
    auto answer = [done = std::move(done)](Reply& r) { done(r.result()); };
    for (const std::string* p : {&from, &to})
      if (!writable_path(*p)) return answer_now(std::move(answer), kError, not_inside(*p));
    sheaf_js_fsa_rename(begin_request(std::move(answer)), from.c_str(), to.c_str());
  }

  void move_to_trash(const std::string& path, std::function<void(StorageResult, TrashItem)> done) override {
    auto answer = [done = std::move(done), path](Reply& r) {
      TrashItem item;
      if (!r.records.empty()) {
        Record& rec = r.records[0];
        item.key = std::move(rec.key);
        item.deleted = rec.deleted;
        item.file = take_file(rec);
      }
      item.path = path;
      item.file.path = path;
      done(r.result(), std::move(item));
    };
    if (!writable_path(path)) return answer_now(std::move(answer), kError, not_inside(path));
    sheaf_js_fsa_trash(begin_request(std::move(answer)), path.c_str());
  }

  void list_trash(std::function<void(std::vector<TrashItem>, StorageResult)> done) override {
    int id = begin_request([done = std::move(done)](Reply& r) {
      std::vector<TrashItem> items;
      for (Record& rec : r.records) {
        TrashItem item;
        item.key = std::move(rec.key);
        item.deleted = rec.deleted;
        item.path = rec.file.path;
        item.file = take_file(rec);
        items.push_back(std::move(item));
      }
      done(std::move(items), r.result());
    });
    sheaf_js_fsa_list_trash(id);
  }

  void restore_from_trash(const std::string& key, std::function<void(StorageResult, StoredFile)> done) override {
    auto answer = [done = std::move(done)](Reply& r) {
      done(r.result(), r.records.empty() ? StoredFile{} : take_file(r.records[0]));
    };
    size_t slash = key.find('/');
    if (!is_safe_relative_path(key) || slash == std::string::npos)
      return answer_now(std::move(answer), kError, key + ": not in the trash");
    sheaf_js_fsa_restore(begin_request(std::move(answer)), key.c_str());
  }

  void empty_trash(std::function<void(StorageResult)> done) override {
    sheaf_js_fsa_empty_trash(begin_request([done = std::move(done)](Reply& r) { done(r.result()); }));
  }

  void list_stats(std::function<void(std::vector<FileStat>, StorageResult)> done) override {
    list(false, std::move(done));
  }

  void load_asset(const std::string& path, std::function<void(bool, std::string, StorageResult)> done) override {
    auto answer = [done = std::move(done)](Reply& r) { done(r.status == kOk, std::move(r.blob), r.result()); };
    if (!is_safe_relative_path(path)) return answer_now(std::move(answer), kError, not_inside(path));
    sheaf_js_fsa_load_asset(begin_request(std::move(answer)), path.c_str());
  }

  void save_asset(const std::string& path, const std::string& bytes, std::function<void(StorageResult)> done) override {
    auto answer = [done = std::move(done)](Reply& r) { done(r.result()); };
    if (!writable_path(path)) return answer_now(std::move(answer), kError, not_inside(path));
    sheaf_js_fsa_save_asset(begin_request(std::move(answer)), path.c_str(), bytes.data(), int(bytes.size()));
  }

  void list_assets(std::function<void(std::vector<FileStat>, StorageResult)> done) override { list(true, std::move(done)); }

  void load_blob(const std::string& name, std::function<void(bool, std::string)> done) override {
    int id = begin_request([done = std::move(done)](Reply& r) { done(r.status == kOk, std::move(r.blob)); });
    sheaf_js_fsa_load_blob(id, name.c_str());
  }

  void save_blob(const std::string& name, const std::string& bytes, std::function<void(StorageResult)> done) override {
    int id = begin_request([done = std::move(done)](Reply& r) { done(r.result()); });
    sheaf_js_fsa_save_blob(id, name.c_str(), bytes.data(), int(bytes.size()));
  }

 private:
  std::string label_;

  static void list(bool assets, std::function<void(std::vector<FileStat>, StorageResult)> done) {
    int id = begin_request([done = std::move(done)](Reply& r) {
      std::vector<FileStat> stats;
      stats.reserve(r.records.size());
      for (Record& rec : r.records) stats.push_back(FileStat{std::move(rec.file.path), rec.file.modified, rec.size});
      std::sort(stats.begin(), stats.end(), [](const FileStat& a, const FileStat& b) { return a.path < b.path; });
      done(std::move(stats), r.result());
    });
    sheaf_js_fsa_list_stats(id, assets ? 1 : 0);
  }
};

void finish(int id) {
  auto it = g_fsa.pending.find(id);
  if (it == g_fsa.pending.end()) return;
  auto done = std::move(it->second);
  g_fsa.pending.erase(it);
  Reply reply = std::move(g_fsa.replies[id]);
  g_fsa.replies.erase(id);
  post([done = std::move(done), reply = std::move(reply)]() mutable { done(reply); });
}

}  // namespace

std::unique_ptr<Storage> make_folder_storage(const std::string& name) {
  sheaf_js_fsa_init();
  return std::make_unique<FolderHandleStorage>(name);
}

}  // namespace sheaf::web

using namespace sheaf;
using namespace sheaf::web;

//-----------------------------------------------------------------------------
// [SECTION] Answers from JavaScript
//-----------------------------------------------------------------------------

extern "C" {

EMSCRIPTEN_KEEPALIVE void sheaf_web_fsa_file(int id, char* path, int path_len, char* bytes, int bytes_len,
                                             double modified, double version, double size, char* key, int key_len,
                                             double deleted) {
  Record rec;
  rec.file.path = take_string(path, path_len);
  rec.file.text = take_string(bytes, bytes_len);
  rec.file.modified = int64_t(modified);
  rec.file.version = uint64_t(version);
  rec.size = uint64_t(size);
  rec.key = take_string(key, key_len);
  rec.deleted = int64_t(deleted);
  g_fsa.replies[id].records.push_back(std::move(rec));
}

EMSCRIPTEN_KEEPALIVE void sheaf_web_fsa_blob(int id, char* bytes, int len) {
  g_fsa.replies[id].blob = take_string(bytes, len);
}

EMSCRIPTEN_KEEPALIVE void sheaf_web_fsa_done(int id, int status, double number, char* error, int error_len) {
  Reply& r = g_fsa.replies[id];
  r.status = status;
  r.number = number;
  r.error = take_string(error, error_len);
  finish(id);
}

// fsa.js: the tab came back, the window got focus, or the periodic check:
// the folder may have changed outside Sheaf.
EMSCRIPTEN_KEEPALIVE void sheaf_web_storage_changed() {
  post([] {
    if (App* a = app()) a->on_storage_changed();
  });
}

}  // extern "C"
