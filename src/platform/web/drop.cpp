// Sheaf web drop: Markdown files dropped anywhere on the page go to
// App::import_file. Folders are walked (webkitGetAsEntry) and keep their
// relative paths; anything not ending in .md/.markdown is ignored.
#include <emscripten.h>

#include <string>

#include "app/app.h"
#include "platform/web/web.h"

namespace sheaf::web {

EM_JS(void, sheaf_js_drop_listen, (), {
  var wanted = function(name) { var n = name.toLowerCase(); return n.endsWith('.md') || n.endsWith('.markdown') || n.endsWith('.txt'); };
  var send = function(path, buf) {
    var bytes = new Uint8Array(buf);
    var n = lengthBytesUTF8(path) + 1, p = _malloc(n);
    stringToUTF8(path, p, n);
    var d = _malloc(Math.max(1, bytes.length));
    HEAPU8.set(bytes, d);
    Module._sheaf_web_import(p, n - 1, d, bytes.length);
  };
  var readFile = function(file, path) {
    if (wanted(file.name)) file.arrayBuffer().then(function(b) { send(path, b); });
  };
  // Directory readers return entries in batches; read until an empty batch.
  var walk = function(entry) {
    if (entry.isFile) {
      entry.file(function(f) { var path = entry.fullPath; readFile(f, path.charAt(0) == '/' ? path.substring(1) : path); });
    } else if (entry.isDirectory) {
      var reader = entry.createReader();
      var more = function() {
        reader.readEntries(function(list) {
          if (!list.length) return;
          list.forEach(walk);
          more();
        });
      };
      more();
    }
  };
  window.addEventListener('dragover', function(e) {
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
  });
  window.addEventListener('drop', function(e) {
    e.preventDefault();
    var dt = e.dataTransfer;
    if (!dt) return;
    var items = dt.items ? Array.prototype.slice.call(dt.items) : [];
    var entries = items.map(function(it) { return it.webkitGetAsEntry ? it.webkitGetAsEntry() : null; });
    if (entries.length && entries.every(function(x) { return x; })) entries.forEach(walk);
    else Array.prototype.slice.call(dt.files || []).forEach(function(f) { readFile(f, f.name); });
  });
});

void install_drop_listeners() { sheaf_js_drop_listen(); }

}  // namespace sheaf::web

extern "C" EMSCRIPTEN_KEEPALIVE void sheaf_web_import(char* path, int path_len, char* bytes, int len) {
  std::string p = sheaf::web::take_string(path, path_len);
  std::string b = sheaf::web::take_string(bytes, len);
  sheaf::web::post([p = std::move(p), b = std::move(b)]() mutable {
    if (sheaf::App* app = sheaf::web::app()) app->import_file(std::move(p), std::move(b));
  });
}
