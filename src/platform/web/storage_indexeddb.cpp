// Sheaf web storage: sheaf::Storage on IndexedDB (the JavaScript side is web/idb.js).
//
// On first start the store is empty: the sample notebook preloaded at
// /notebook in MEMFS is saved into it, so a new visitor sees the samples and
// their edits then persist. Every answer reaches the app through post(), at
// the top of a frame.
#include <emscripten.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/storage.h"
#include "platform/web/web.h"

namespace sheaf::web {

struct PendingLoad {
  std::function<void(std::vector<StoredFile>, StorageResult)> done;
  std::vector<StoredFile> files;
};

struct IdbState {
  int next_id = 1;
  std::map<int, PendingLoad> loads;
  std::map<int, std::function<void(StorageResult, uint64_t)>> saves;
  std::map<int, std::function<void(StorageResult)>> removes;
  std::string seed_dir;
};
static IdbState g_idb;

// Each JS string crosses into the heap as (malloc'd pointer, byte length); C++ frees it.
EM_JS(void, sheaf_js_idb_load_all, (int id), {
  var heap = function(s) {
    var n = lengthBytesUTF8(s) + 1;
    var p = _malloc(n);
    stringToUTF8(s, p, n);
    return [p, n - 1];
  };
  SheafIDB.persist();
  SheafIDB.loadAll().then(function(r) {
    for (var i = 0; i < r.files.length; i++) {
      var f = r.files[i];
      var path = heap(String(f.path)), text = heap(String(f.text));
      Module._sheaf_web_idb_file(id, path[0], path[1], text[0], text[1], +f.modified || 0, +f.version || 0);
    }
    Module._sheaf_web_idb_loaded(id, r.seeded ? 1 : 0, 0, 0);
  }, function(e) {
    var m = heap('Could not open the notebook database: ' + SheafIDB.describe(e));
    Module._sheaf_web_idb_loaded(id, 0, m[0], m[1]);
  });
});

EM_JS(void, sheaf_js_idb_seed, (int id, int count, const char** paths, const char** texts, const int* lens, double now), {
  var dec = new TextDecoder();
  var records = [];
  for (var i = 0; i < count; i++) {
    var t = HEAPU32[(texts >> 2) + i];
    records.push({ path: UTF8ToString(HEAPU32[(paths >> 2) + i]),
                   text: dec.decode(HEAPU8.slice(t, t + HEAP32[(lens >> 2) + i])),
                   modified: now, version: 1 });
  }
  SheafIDB.seed(records).then(function() {
    Module._sheaf_web_idb_seeded(id, 0, 0);
  }, function(e) {
    var s = 'Could not store the sample notebook: ' + SheafIDB.describe(e);
    var n = lengthBytesUTF8(s) + 1, p = _malloc(n);
    stringToUTF8(s, p, n);
    Module._sheaf_web_idb_seeded(id, p, n - 1);
  });
});

EM_JS(void, sheaf_js_idb_save, (int id, const char* path, const char* text, int len, double modified), {
  var p = UTF8ToString(path);
  var t = new TextDecoder().decode(HEAPU8.slice(text, text + len));
  SheafIDB.save(p, t, modified).then(function(v) {
    Module._sheaf_web_idb_saved(id, v, 0, 0);
  }, function(e) {
    var s = 'Could not save ' + p + ': ' + SheafIDB.describe(e);
    var n = lengthBytesUTF8(s) + 1, m = _malloc(n);
    stringToUTF8(s, m, n);
    Module._sheaf_web_idb_saved(id, 0, m, n - 1);
  });
});

EM_JS(void, sheaf_js_idb_remove, (int id, const char* path), {
  var p = UTF8ToString(path);
  SheafIDB.remove(p).then(function() {
    Module._sheaf_web_idb_removed(id, 0, 0);
  }, function(e) {
    var s = 'Could not delete ' + p + ': ' + SheafIDB.describe(e);
    var n = lengthBytesUTF8(s) + 1, m = _malloc(n);
    stringToUTF8(s, m, n);
    Module._sheaf_web_idb_removed(id, m, n - 1);
  });
});

EM_JS(double, sheaf_js_now_ms, (), { return Date.now(); });

static bool is_markdown(const std::filesystem::path& p) {
  std::string ext = p.extension().string();
  for (char& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".md" || ext == ".markdown";
}

// Every Markdown file under dir, with its path relative to dir. Images and
// other assets stay in MEMFS, where image.cpp finds them.
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

class IndexedDbStorage final : public Storage {
 public:
  const char* backend_name() const override { return "IndexedDB"; }

  void load_all(std::function<void(std::vector<StoredFile>, StorageResult)> done) override {
    int id = g_idb.next_id++;
    g_idb.loads[id].done = std::move(done);
    sheaf_js_idb_load_all(id);
  }

  void save(const StoredFile& file, std::function<void(StorageResult, uint64_t)> done) override {
    int id = g_idb.next_id++;
    g_idb.saves[id] = std::move(done);
    sheaf_js_idb_save(id, file.path.c_str(), file.text.data(), int(file.text.size()), double(file.modified));
  }

  void remove(const std::string& path, std::function<void(StorageResult)> done) override {
    int id = g_idb.next_id++;
    g_idb.removes[id] = std::move(done);
    sheaf_js_idb_remove(id, path.c_str());
  }
};

std::unique_ptr<Storage> make_indexeddb_storage(std::string seed_dir) {
  g_idb.seed_dir = std::move(seed_dir);
  return std::make_unique<IndexedDbStorage>();
}

static void finish_load(int id, StorageResult result) {
  auto it = g_idb.loads.find(id);
  if (it == g_idb.loads.end()) return;
  PendingLoad load = std::move(it->second);
  g_idb.loads.erase(it);
  post([load = std::move(load), result = std::move(result)]() mutable {
    load.done(std::move(load.files), std::move(result));
  });
}

}  // namespace sheaf::web

using namespace sheaf;
using namespace sheaf::web;

extern "C" {

EMSCRIPTEN_KEEPALIVE void sheaf_web_idb_file(int id, char* path, int path_len, char* text, int text_len,
                                             double modified, double version) {
  StoredFile f;
  f.path = take_string(path, path_len);
  f.text = take_string(text, text_len);
  f.modified = int64_t(modified);
  f.version = uint64_t(version);
  auto it = g_idb.loads.find(id);
  if (it != g_idb.loads.end()) it->second.files.push_back(std::move(f));
}

EMSCRIPTEN_KEEPALIVE void sheaf_web_idb_loaded(int id, int seeded, char* error, int error_len) {
  auto it = g_idb.loads.find(id);
  if (it == g_idb.loads.end()) return;
  std::string err = take_string(error, error_len);
  PendingLoad& load = it->second;
  bool need_seed = load.files.empty() && !seeded;
  if (!need_seed) {
    finish_load(id, StorageResult{err.empty(), err});
    return;
  }
  load.files = read_seed(g_idb.seed_dir);
  double now = sheaf_js_now_ms();
  for (auto& f : load.files) f.modified = int64_t(now);
  if (load.files.empty() || !err.empty()) {
    // Nothing to seed (so do not mark the store seeded), or no database:
    // still show the samples, and say why nothing will persist.
    finish_load(id, StorageResult{err.empty(), err});
    return;
  }
  std::vector<const char*> paths, texts;
  std::vector<int> lens;
  for (auto& f : load.files) {
    paths.push_back(f.path.c_str());
    texts.push_back(f.text.data());
    lens.push_back(int(f.text.size()));
  }
  sheaf_js_idb_seed(id, int(load.files.size()), paths.data(), texts.data(), lens.data(), now);
}

EMSCRIPTEN_KEEPALIVE void sheaf_web_idb_seeded(int id, char* error, int error_len) {
  std::string err = take_string(error, error_len);
  finish_load(id, StorageResult{err.empty(), err});
}

EMSCRIPTEN_KEEPALIVE void sheaf_web_idb_saved(int id, double version, char* error, int error_len) {
  auto it = g_idb.saves.find(id);
  if (it == g_idb.saves.end()) return;
  auto done = std::move(it->second);
  g_idb.saves.erase(it);
  std::string err = take_string(error, error_len);
  post([done = std::move(done), err, version] {
    done(StorageResult{err.empty(), err}, err.empty() ? uint64_t(version) : 0);
  });
}

EMSCRIPTEN_KEEPALIVE void sheaf_web_idb_removed(int id, char* error, int error_len) {
  auto it = g_idb.removes.find(id);
  if (it == g_idb.removes.end()) return;
  auto done = std::move(it->second);
  g_idb.removes.erase(it);
  std::string err = take_string(error, error_len);
  post([done = std::move(done), err] { done(StorageResult{err.empty(), err}); });
}

}  // extern "C"
