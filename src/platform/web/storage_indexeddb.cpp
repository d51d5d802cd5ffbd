// Sheaf web storage: sheaf::Storage on IndexedDB (the JavaScript side is web/idb.js).
//
// [SECTION] Requests
// [SECTION] JavaScript calls
// [SECTION] Sample notebook
// [SECTION] IndexedDbStorage
// [SECTION] Answers from JavaScript
//
// On first start the store is empty: the sample notebook preloaded at
// /notebook in MEMFS is saved into it (its images into the assets store), so
// a new visitor sees the samples and their edits then persist. Every answer reaches the app between frames
// (at once, or through post() at the top of the next frame when one is being drawn).
#include <emscripten.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/assets.h"
#include "core/folder_storage.h"  // is_safe_relative_path
#include "core/storage.h"
#include "platform/web/web.h"

namespace sheaf::web {

//-----------------------------------------------------------------------------
// [SECTION] Requests
//-----------------------------------------------------------------------------
// Every call gets an id; JavaScript answers with zero or more records
// (sheaf_web_idb_file / _blob) and then one sheaf_web_idb_done.

enum Status { kOk = 0, kError = 1, kConflict = 2, kQuota = 3, kNotFound = 4 };

struct Reply {
  int status = kOk;
  double number = 0;  // a version, or bytes used
  double number2 = 0; // bytes available
  std::string error;
  std::vector<StoredFile> files;
  std::vector<TrashItem> trash;
  std::string blob;
  std::vector<FileStat> stats;  // list_assets
  StorageResult result() const {
    StorageResult r;
    r.ok = status == kOk || status == kNotFound;
    r.error = r.ok ? std::string() : error;
    r.conflict = status == kConflict;
    r.quota = status == kQuota;
    return r;
  }
};

struct IdbState {
  int next_id = 1;
  std::map<int, Reply> replies;                        // records gathered so far
  std::map<int, std::function<void(Reply&)>> pending;  // runs at the top of a frame
  std::string seed_dir;
};
static IdbState g_idb;

static int begin_request(std::function<void(Reply&)> done) {
  int id = g_idb.next_id++;
  g_idb.pending[id] = std::move(done);
  return id;
}

//-----------------------------------------------------------------------------
// [SECTION] JavaScript calls
//-----------------------------------------------------------------------------
// Shared helpers live on Module.sheafIdb (set up once by sheaf_js_idb_init).

EM_JS(void, sheaf_js_idb_init, (), {
  // The browser's encoder writes straight into the heap: a notebook's worth
  // of text at load is several times faster than a JavaScript loop. Three
  // bytes per UTF-16 unit is the most UTF-8 can need.
  var encoder = new TextEncoder();
  var heap = function(s) {
    var cap = s.length * 3 + 1;
    var p = _malloc(cap);
    var r = encoder.encodeInto(s, HEAPU8.subarray(p, p + cap - 1));
    HEAPU8[p + r.written] = 0;
    return [p, r.written];
  };
  var sendFile = function(id, f, key, deleted) {
    var path = heap(String(f.path)), text = heap(String(f.text)), k = heap(String(key || ""));
    Module._sheaf_web_idb_file(id, path[0], path[1], text[0], text[1], +f.modified || 0, +f.version || 0,
                               k[0], k[1], +deleted || 0);
  };
  var done = function(id, status, number, number2, message) {
    var m = message ? heap(message) : [0, 0];
    Module._sheaf_web_idb_done(id, status, number || 0, number2 || 0, m[0], m[1]);
  };
  // Error -> status: 1 error, 2 conflict, 3 quota.
  var fail = function(id, what, e) {
    var status = e && e.name === 'SheafConflict' ? 2 : (SheafIDB.isQuota(e) ? 3 : 1);
    if (status == 2 && e.current) sendFile(id, e.current);
    var text = status == 3 ? what + ': the browser storage is full (' + SheafIDB.describe(e) + ')'
                           : what + ': ' + SheafIDB.describe(e);
    done(id, status, 0, 0, text);
  };
  Module.sheafIdb = { heap: heap, sendFile: sendFile, done: done, fail: fail };
  SheafIDB.onRemoteChange = function(paths) {
    paths.forEach(function(p) {
      var s = heap(String(p));
      Module._sheaf_web_idb_remote(s[0], s[1]);
    });
  };
});

EM_JS(void, sheaf_js_idb_load_all, (int id), {
  var I = Module.sheafIdb;
  SheafIDB.persist();
  SheafIDB.loadAll().then(function(r) {
    // Thousands of files cross into the heap a few milliseconds at a time, so
    // the page keeps drawing (the list from the index cache is already up).
    var i = 0;
    var pump = function() {
      var until = performance.now() + 8;
      while (i < r.files.length && performance.now() < until) I.sendFile(id, r.files[i++]);
      if (i < r.files.length) setTimeout(pump, 0);
      else I.done(id, 0, r.seeded ? 1 : 0, 0, "");
    };
    pump();
  }, function(e) { I.fail(id, 'Could not open the notebook database', e); });
});

EM_JS(void, sheaf_js_idb_load, (int id, const char* path), {
  var I = Module.sheafIdb, p = UTF8ToString(path);
  SheafIDB.load(p).then(function(r) {
    if (r) I.sendFile(id, r);
    I.done(id, r ? 0 : 4, 0, 0, "");
  }, function(e) { I.fail(id, 'Could not read ' + p, e); });
});

EM_JS(void, sheaf_js_idb_seed, (int id, int count, const char** paths, const char** texts, const int* lens, double now), {
  var I = Module.sheafIdb;
  var dec = new TextDecoder();
  var records = [];
  for (var i = 0; i < count; i++) {
    var t = HEAPU32[(texts >> 2) + i];
    records.push({ path: UTF8ToString(HEAPU32[(paths >> 2) + i]),
                   text: dec.decode(HEAPU8.subarray(t, t + HEAP32[(lens >> 2) + i])),
                   modified: now, version: 1 });
  }
  SheafIDB.seed(records).then(function() { I.done(id, 0, 0, 0, ""); },
                              function(e) { I.fail(id, 'Could not store the sample notebook', e); });
});

// Decoding happens here, synchronously, so the text is copied out of the heap
// before this call returns (the caller may be a pagehide handler).
EM_JS(void, sheaf_js_idb_save, (int id, const char* path, const char* text, int len, double modified, int check,
                                double base, int strict), {
  var I = Module.sheafIdb, p = UTF8ToString(path);
  var t = new TextDecoder().decode(HEAPU8.subarray(text, text + len));
  SheafIDB.save(p, t, modified, { check: !!check, base: base, strict: !!strict }).then(
    function(v) { I.done(id, 0, v, 0, ""); },
    function(e) { I.fail(id, 'Could not save ' + p, e); });
});

EM_JS(void, sheaf_js_idb_remove, (int id, const char* path), {
  var I = Module.sheafIdb, p = UTF8ToString(path);
  SheafIDB.remove(p).then(function() { I.done(id, 0, 0, 0, ""); },
                          function(e) { I.fail(id, 'Could not delete ' + p, e); });
});

EM_JS(void, sheaf_js_idb_rename, (int id, const char* from, const char* to), {
  var I = Module.sheafIdb, a = UTF8ToString(from), b = UTF8ToString(to);
  SheafIDB.rename(a, b).then(function() { I.done(id, 0, 0, 0, ""); },
                             function(e) { I.fail(id, 'Could not rename ' + a, e); });
});

EM_JS(void, sheaf_js_idb_trash, (int id, const char* path), {
  var I = Module.sheafIdb, p = UTF8ToString(path);
  SheafIDB.trash(p).then(function(item) {
    I.sendFile(id, item.file, item.key, item.deleted);
    I.done(id, 0, 0, 0, "");
  }, function(e) { I.fail(id, 'Could not move ' + p + ' to the trash', e); });
});

EM_JS(void, sheaf_js_idb_list_trash, (int id), {
  var I = Module.sheafIdb;
  SheafIDB.listTrash().then(function(items) {
    items.forEach(function(item) { I.sendFile(id, Object.assign({}, item.file, { path: item.path }), item.key, item.deleted); });
    I.done(id, 0, 0, 0, "");
  }, function(e) { I.fail(id, 'Could not read the trash', e); });
});

EM_JS(void, sheaf_js_idb_restore, (int id, const char* key), {
  var I = Module.sheafIdb, k = UTF8ToString(key);
  SheafIDB.restore(k).then(function(rec) {
    I.sendFile(id, rec);
    I.done(id, 0, 0, 0, "");
  }, function(e) { I.fail(id, 'Could not restore ' + k.substring(k.indexOf('/') + 1), e); });
});

EM_JS(void, sheaf_js_idb_empty_trash, (int id), {
  var I = Module.sheafIdb;
  SheafIDB.emptyTrash().then(function() { I.done(id, 0, 0, 0, ""); },
                             function(e) { I.fail(id, 'Could not empty the trash', e); });
});

EM_JS(void, sheaf_js_idb_load_blob, (int id, const char* name), {
  var I = Module.sheafIdb, n = UTF8ToString(name);
  SheafIDB.loadBlob(n).then(function(bytes) {
    if (bytes) {
      var p = _malloc(Math.max(1, bytes.length));
      HEAPU8.set(bytes, p);
      Module._sheaf_web_idb_blob(id, p, bytes.length);
    }
    I.done(id, bytes ? 0 : 4, 0, 0, "");
  }, function(e) { I.fail(id, 'Could not read ' + n, e); });
});

EM_JS(void, sheaf_js_idb_save_blob, (int id, const char* name, const char* bytes, int len), {
  var I = Module.sheafIdb, n = UTF8ToString(name);
  SheafIDB.saveBlob(n, HEAPU8.slice(bytes, bytes + len)).then(function() { I.done(id, 0, 0, 0, ""); },
                                                              function(e) { I.fail(id, 'Could not store ' + n, e); });
});

EM_JS(void, sheaf_js_idb_load_asset, (int id, const char* path), {
  var I = Module.sheafIdb, p = UTF8ToString(path);
  SheafIDB.loadAsset(p).then(function(bytes) {
    if (bytes) {
      var b = _malloc(Math.max(1, bytes.length));
      HEAPU8.set(bytes, b);
      Module._sheaf_web_idb_blob(id, b, bytes.length);
    }
    I.done(id, bytes ? 0 : 4, 0, 0, "");
  }, function(e) { I.fail(id, 'Could not read ' + p, e); });
});

// The bytes are copied out of the heap before this returns.
EM_JS(void, sheaf_js_idb_save_asset, (int id, const char* path, const char* bytes, int len, double modified), {
  var I = Module.sheafIdb, p = UTF8ToString(path);
  SheafIDB.saveAsset(p, HEAPU8.slice(bytes, bytes + len), modified).then(function() { I.done(id, 0, 0, 0, ""); },
                                                                         function(e) { I.fail(id, 'Could not save ' + p, e); });
});

EM_JS(void, sheaf_js_idb_list_assets, (int id), {
  var I = Module.sheafIdb;
  SheafIDB.listAssets().then(function(list) {
    list.forEach(function(a) {
      var s = I.heap(String(a.path));
      Module._sheaf_web_idb_stat(id, s[0], s[1], +a.modified || 0, +a.size || 0);
    });
    I.done(id, 0, 0, 0, "");
  }, function(e) { I.fail(id, 'Could not list the images', e); });
});

EM_JS(void, sheaf_js_idb_estimate, (int id), {
  var I = Module.sheafIdb;
  SheafIDB.estimate().then(function(e) { I.done(id, 0, e.usage, e.quota, ""); },
                           function() { I.done(id, 0, 0, 0, ""); });
});

EM_JS(double, sheaf_js_now_ms, (), { return Date.now(); });

//-----------------------------------------------------------------------------
// [SECTION] Sample notebook
//-----------------------------------------------------------------------------

static bool is_markdown(const std::filesystem::path& p) {
  std::string ext = p.extension().string();
  for (char& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".md" || ext == ".markdown";
}

// Every Markdown file under dir, with its path relative to dir (the images
// are read_seed_images'; MEMFS keeps them too, where image.cpp finds them).
static std::vector<StoredFile> read_seed(const std::string& dir) {
  namespace fs = std::filesystem;
  std::vector<StoredFile> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file(ec) || !is_markdown(it->path())) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    StoredFile f;
    f.path = fs::relative(it->path(), dir, ec).generic_string();
    f.text = text.str();
    f.version = 1;
    out.push_back(std::move(f));
  }
  return out;
}

// The sample notebook's images (PNG, JPEG, GIF, WebP files under dir).
static std::vector<std::pair<std::string, std::string>> read_seed_images(const std::string& dir) {
  namespace fs = std::filesystem;
  std::vector<std::pair<std::string, std::string>> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file(ec) || !has_image_extension(it->path().filename().string())) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    out.emplace_back(fs::relative(it->path(), dir, ec).generic_string(), bytes.str());
  }
  return out;
}

//-----------------------------------------------------------------------------
// [SECTION] IndexedDbStorage
//-----------------------------------------------------------------------------

// Relative, inside the notebook, no dot-folder part (as FolderStorage).
static bool asset_path_ok(const std::string& path) {
  if (!is_safe_relative_path(path)) return false;
  for (size_t b = 0; b < path.size();) {
    if (path[b] == '.') return false;
    size_t e = path.find('/', b);
    b = e == std::string::npos ? path.size() : e + 1;
  }
  return true;
}

class IndexedDbStorage final : public Storage {
 public:
  const char* backend_name() const override { return "IndexedDB"; }

  void load_all(std::function<void(std::vector<StoredFile>, StorageResult)> done) override {
    int id = begin_request([done = std::move(done)](Reply& r) mutable {
      // An empty store that was never seeded gets the sample notebook first.
      bool seeded = r.number != 0;
      if (r.status != kOk || seeded || !r.files.empty()) {
        done(std::move(r.files), r.result());
        return;
      }
      std::vector<StoredFile> files = read_seed(g_idb.seed_dir);
      if (files.empty()) {  // nothing to seed: do not mark the store seeded
        done(std::move(files), r.result());
        return;
      }
      double now = sheaf_js_now_ms();
      std::vector<const char*> paths, texts;
      std::vector<int> lens;
      for (auto& f : files) {
        f.modified = int64_t(now);
        paths.push_back(f.path.c_str());
        texts.push_back(f.text.data());
        lens.push_back(int(f.text.size()));
      }
      // The JavaScript side copies the texts before this call returns.
      int seed_id = begin_request([done = std::move(done), files](Reply& s) mutable {
        // The samples' images join them in the store, so the notebook's own
        // copy (and its .zip export) has them; the answers need no waiting.
        if (s.status == kOk)
          for (const auto& [path, bytes] : read_seed_images(g_idb.seed_dir)) {
            int img_id = begin_request([](Reply&) {});
            sheaf_js_idb_save_asset(img_id, path.c_str(), bytes.data(), int(bytes.size()), sheaf_js_now_ms());
          }
        // On failure still show the samples, and say why nothing will persist.
        done(std::move(files), s.result());
      });
      sheaf_js_idb_seed(seed_id, int(files.size()), paths.data(), texts.data(), lens.data(), now);
    });
    sheaf_js_idb_load_all(id);
  }

  void load(const std::string& path, std::function<void(bool, StoredFile, StorageResult)> done) override {
    int id = begin_request([done = std::move(done), path](Reply& r) {
      bool found = r.status == kOk && !r.files.empty();
      StoredFile f = found ? std::move(r.files[0]) : StoredFile{path, {}, 0, 0};
      done(found, std::move(f), r.result());
    });
    sheaf_js_idb_load(id, path.c_str());
  }

  using Storage::save;
  void save(const StoredFile& file, const SaveOptions& options,
            std::function<void(StorageResult, uint64_t)> done) override {
    int id = begin_request([done = std::move(done)](Reply& r) {
      // On a conflict, the stored record (if any) came along: report its version.
      uint64_t v = r.status == kOk ? uint64_t(r.number) : (r.files.empty() ? 0 : r.files[0].version);
      done(r.result(), v);
    });
    sheaf_js_idb_save(id, file.path.c_str(), file.text.data(), int(file.text.size()), double(file.modified),
                      options.check_version ? 1 : 0, double(file.version), options.strict ? 1 : 0);
  }

  void remove(const std::string& path, std::function<void(StorageResult)> done) override {
    int id = begin_request([done = std::move(done)](Reply& r) { done(r.result()); });
    sheaf_js_idb_remove(id, path.c_str());
  }

  void rename(const std::string& from, const std::string& to, std::function<void(StorageResult)> done) override {
    int id = begin_request([done = std::move(done)](Reply& r) { done(r.result()); });
    sheaf_js_idb_rename(id, from.c_str(), to.c_str());
  }

  void move_to_trash(const std::string& path, std::function<void(StorageResult, TrashItem)> done) override {
    int id = begin_request([done = std::move(done), path](Reply& r) {
      TrashItem item = r.trash.empty() ? TrashItem{} : std::move(r.trash[0]);
      if (item.path.empty()) item.path = path;
      done(r.result(), std::move(item));
    });
    sheaf_js_idb_trash(id, path.c_str());
  }

  void list_trash(std::function<void(std::vector<TrashItem>, StorageResult)> done) override {
    int id = begin_request([done = std::move(done)](Reply& r) { done(std::move(r.trash), r.result()); });
    sheaf_js_idb_list_trash(id);
  }

  void restore_from_trash(const std::string& key, std::function<void(StorageResult, StoredFile)> done) override {
    int id = begin_request([done = std::move(done)](Reply& r) {
      done(r.result(), r.files.empty() ? StoredFile{} : std::move(r.files[0]));
    });
    sheaf_js_idb_restore(id, key.c_str());
  }

  void empty_trash(std::function<void(StorageResult)> done) override {
    int id = begin_request([done = std::move(done)](Reply& r) { done(r.result()); });
    sheaf_js_idb_empty_trash(id);
  }

  void load_blob(const std::string& name, std::function<void(bool, std::string)> done) override {
    int id = begin_request([done = std::move(done)](Reply& r) { done(r.status == kOk, std::move(r.blob)); });
    sheaf_js_idb_load_blob(id, name.c_str());
  }

  void save_blob(const std::string& name, const std::string& bytes, std::function<void(StorageResult)> done) override {
    int id = begin_request([done = std::move(done)](Reply& r) { done(r.result()); });
    sheaf_js_idb_save_blob(id, name.c_str(), bytes.data(), int(bytes.size()));
  }

  // Assets live in their own store (web/idb.js). Their paths obey the
  // documents' rules; the sample notebook's images stay in MEMFS, where the
  // viewer falls back to when the store has no such image.
  void load_asset(const std::string& path, std::function<void(bool, std::string, StorageResult)> done) override {
    if (!asset_path_ok(path)) {
      done(false, std::string(), StorageResult{false, path + ": not a path inside the notebook"});
      return;
    }
    int id = begin_request([done = std::move(done)](Reply& r) {
      done(r.status == kOk, std::move(r.blob), r.result());
    });
    sheaf_js_idb_load_asset(id, path.c_str());
  }

  void save_asset(const std::string& path, const std::string& bytes, std::function<void(StorageResult)> done) override {
    if (!asset_path_ok(path)) {
      done(StorageResult{false, path + ": not a path inside the notebook"});
      return;
    }
    int id = begin_request([done = std::move(done)](Reply& r) { done(r.result()); });
    sheaf_js_idb_save_asset(id, path.c_str(), bytes.data(), int(bytes.size()), sheaf_js_now_ms());
  }

  void list_assets(std::function<void(std::vector<FileStat>, StorageResult)> done) override {
    int id = begin_request([done = std::move(done)](Reply& r) { done(std::move(r.stats), r.result()); });
    sheaf_js_idb_list_assets(id);
  }

  void estimate(std::function<void(uint64_t, uint64_t)> done) override {
    int id = begin_request([done = std::move(done)](Reply& r) { done(uint64_t(r.number), uint64_t(r.number2)); });
    sheaf_js_idb_estimate(id);
  }
};

static std::function<void(std::string)> g_remote_listener;

std::unique_ptr<Storage> make_indexeddb_storage(std::string seed_dir) {
  g_idb.seed_dir = std::move(seed_dir);
  sheaf_js_idb_init();
  return std::make_unique<IndexedDbStorage>();
}

void set_remote_change_listener(std::function<void(std::string path)> listener) {
  g_remote_listener = std::move(listener);
}

static void finish(int id) {
  auto it = g_idb.pending.find(id);
  if (it == g_idb.pending.end()) return;
  auto done = std::move(it->second);
  g_idb.pending.erase(it);
  Reply reply = std::move(g_idb.replies[id]);
  g_idb.replies.erase(id);
  // Between frames the answer is handled at once, so a chain of requests (the
  // index cache, every file, the sample notebook's seed) goes on without a
  // frame of waiting at each step: on a cold start that was a frame (tens of
  // milliseconds under software GL) per step before the list.
  if (in_frame()) {
    post([done = std::move(done), reply = std::move(reply)]() mutable { done(reply); });
    return;
  }
  done(reply);
  wake();
}

}  // namespace sheaf::web

using namespace sheaf;
using namespace sheaf::web;

//-----------------------------------------------------------------------------
// [SECTION] Answers from JavaScript
//-----------------------------------------------------------------------------

extern "C" {

EMSCRIPTEN_KEEPALIVE void sheaf_web_idb_file(int id, char* path, int path_len, char* text, int text_len,
                                             double modified, double version, char* key, int key_len,
                                             double deleted) {
  StoredFile f;
  f.path = take_string(path, path_len);
  f.text = take_string(text, text_len);
  f.modified = int64_t(modified);
  f.version = uint64_t(version);
  std::string k = take_string(key, key_len);
  Reply& r = g_idb.replies[id];
  if (k.empty()) {
    r.files.push_back(std::move(f));
  } else {
    TrashItem item;
    item.key = std::move(k);
    item.path = f.path;
    item.deleted = int64_t(deleted);
    item.file = std::move(f);
    r.trash.push_back(std::move(item));
  }
}

EMSCRIPTEN_KEEPALIVE void sheaf_web_idb_stat(int id, char* path, int path_len, double modified, double size) {
  g_idb.replies[id].stats.push_back(FileStat{take_string(path, path_len), int64_t(modified), uint64_t(size)});
}

EMSCRIPTEN_KEEPALIVE void sheaf_web_idb_blob(int id, char* bytes, int len) {
  g_idb.replies[id].blob = take_string(bytes, len);
}

EMSCRIPTEN_KEEPALIVE void sheaf_web_idb_done(int id, int status, double number, double number2, char* error,
                                             int error_len) {
  Reply& r = g_idb.replies[id];
  r.status = status;
  r.number = number;
  r.number2 = number2;
  r.error = take_string(error, error_len);
  finish(id);
}

EMSCRIPTEN_KEEPALIVE void sheaf_web_idb_remote(char* path, int len) {
  std::string p = take_string(path, len);
  post([p = std::move(p)] {
    if (g_remote_listener) g_remote_listener(p);
  });
}

}  // extern "C"
