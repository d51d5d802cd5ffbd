// Sheaf web import and page-lifecycle entry points. The JavaScript side
// (web/glue.js, SheafImport) walks drops and picked folders, filters and
// checks the files, and calls these in order: begin(total), then one
// sheaf_web_import or sheaf_web_import_reject per file, then end.
#include <emscripten.h>

#include <string>

#include "app/app.h"
#include "platform/web/web.h"

namespace sheaf::web {

EM_JS(void, sheaf_js_import_listen, (), {
  // Images first (web/images.js): its listeners take image pastes and drops
  // meant for the editor before the import sees them.
  if (window.SheafImages) SheafImages.install(Module, window.SheafImport);
  if (window.SheafImport) SheafImport.install(Module);
});

void install_drop_listeners() { sheaf_js_import_listen(); }

}  // namespace sheaf::web

using sheaf::web::post;
using sheaf::web::take_string;

extern "C" {

EMSCRIPTEN_KEEPALIVE void sheaf_web_import_begin(int total) {
  post([total] {
    if (sheaf::App* app = sheaf::web::app()) app->import_begin(total);
  });
}

EMSCRIPTEN_KEEPALIVE void sheaf_web_import(char* path, int path_len, char* bytes, int len) {
  std::string p = take_string(path, path_len);
  std::string b = take_string(bytes, len);
  post([p = std::move(p), b = std::move(b)]() mutable {
    if (sheaf::App* app = sheaf::web::app()) app->import_file(std::move(p), std::move(b));
  });
}

EMSCRIPTEN_KEEPALIVE void sheaf_web_import_reject(char* name, int name_len, char* reason, int reason_len) {
  std::string n = take_string(name, name_len);
  std::string r = take_string(reason, reason_len);
  post([n = std::move(n), r = std::move(r)]() mutable {
    if (sheaf::App* app = sheaf::web::app()) app->import_reject(std::move(n), std::move(r));
  });
}

EMSCRIPTEN_KEEPALIVE void sheaf_web_import_end() {
  post([] {
    if (sheaf::App* app = sheaf::web::app()) app->import_end();
  });
}

// visibilitychange -> hidden, pagehide: start every pending save right now,
// inside the event (not at the next frame, which may never come).
EMSCRIPTEN_KEEPALIVE void sheaf_web_flush() {
  if (sheaf::App* app = sheaf::web::app()) app->flush_saves();
}

}  // extern "C"
