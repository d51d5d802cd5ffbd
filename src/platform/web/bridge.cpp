// Sheaf test bridge: C functions the page glue (web/glue.js) wraps as
// Module.sheaf.{state, select, location, clipboard, ...} for end-to-end tests
// and for poking at the app from the browser console.
#include <emscripten.h>

#include <string>

#include "app/app.h"
#include "platform/platform.h"
#include "platform/web/web.h"

namespace {
std::string g_answer;  // keeps the last returned string alive for the caller
}

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* sheaf_bridge_state() {
  sheaf::App* app = sheaf::web::app();
  g_answer = app ? app->bridge_state_json() : std::string("{\"ready\":false}");
  return g_answer.c_str();
}

EMSCRIPTEN_KEEPALIVE int sheaf_bridge_select(const char* id) {
  sheaf::App* app = sheaf::web::app();
  sheaf::web::wake();
  return app && id && app->select_post(id) ? 1 : 0;
}

EMSCRIPTEN_KEEPALIVE const char* sheaf_bridge_location() {
  g_answer = sheaf::platform::location();
  return g_answer.c_str();
}

EMSCRIPTEN_KEEPALIVE int sheaf_bridge_wants_text_input() {
  sheaf::App* app = sheaf::web::app();
  return app && app->wants_text_input() ? 1 : 0;
}

}  // extern "C"
