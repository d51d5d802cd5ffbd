// Sheaf test bridge: C functions the page glue (web/glue.js) wraps as
// Module.sheaf.{state, select, location, clipboard, ...} for end-to-end tests
// and for poking at the app from the browser console.
#include <emscripten.h>

#include <map>
#include <string>

#include "app/app.h"
#include "core/json.h"
#include "app/host.h"
#include "platform/web/web.h"

namespace {
std::string g_answer;  // keeps the last returned string alive for the caller
std::map<int, std::string> g_images;  // decode results by request, as JSON
int g_next_image = 1;
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

// Opens the find bar of the post view with `q` (what Ctrl+F and typing do).
EMSCRIPTEN_KEEPALIVE void sheaf_bridge_find(const char* q) {
  sheaf::App* app = sheaf::web::app();
  sheaf::web::wake();
  if (app && q) app->find_in_post(q);
}

// Storage and document actions (App::bridge_call); answers JSON.
EMSCRIPTEN_KEEPALIVE const char* sheaf_bridge_call(const char* name, const char* arg1, const char* arg2) {
  sheaf::App* app = sheaf::web::app();
  sheaf::web::wake();
  g_answer = app ? app->bridge_call(name ? name : "", arg1 ? arg1 : "", arg2 ? arg2 : "")
                 : std::string("{\"ok\":false,\"error\":\"not started\"}");
  return g_answer.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* sheaf_bridge_location() {
  g_answer = sheaf::platform::location();
  return g_answer.c_str();
}

EMSCRIPTEN_KEEPALIVE int sheaf_bridge_wants_text_input() {
  sheaf::App* app = sheaf::web::app();
  return app && app->wants_text_input() ? 1 : 0;
}

// Runs web::decode_image_async on a URL or MEMFS path; poll the result with
// sheaf_bridge_image_result(id) ("" until it arrives).
EMSCRIPTEN_KEEPALIVE int sheaf_bridge_decode_image(const char* url) {
  int id = g_next_image++;
  sheaf::web::decode_image_async(url, [id](sheaf::DecodedImage img) {
    const auto* px = reinterpret_cast<const unsigned char*>(img.rgba.data());
    sheaf::JsonWriter w;
    w.begin_object();
    w.key("width").value(img.width).key("height").value(img.height);
    w.key("bytes").value(int64_t(img.rgba.size()));
    w.key("first_pixel").begin_array();
    for (size_t i = 0; i < 4 && i < img.rgba.size(); i++) w.value(int(px[i]));
    w.end_array();
    w.key("error").value(img.error);
    w.end_object();
    g_images[id] = w.take();
  });
  return id;
}

EMSCRIPTEN_KEEPALIVE const char* sheaf_bridge_image_result(int id) {
  auto it = g_images.find(id);
  g_answer = it == g_images.end() ? std::string() : it->second;
  return g_answer.c_str();
}

}  // extern "C"
