// Sheaf web IME: the C++ half of the text agent (web/ime.js).
//
// ImGui tells us where its caret is through Platform_SetImeDataFn; we pass
// that on to the agent, which focuses a hidden textarea there while a text
// field is active. Committed text comes back through sheaf_ime_commit() as
// UTF-8 for io.AddInputCharactersUTF8. ImGui has no notion of a preedit, so
// the composing syllable goes to the app (App::set_ime_preedit), which draws
// it at the caret.
#include <emscripten.h>

#include <string>

#include "app/app.h"
#include "core/json.h"
#include "imgui.h"
#include "platform/web/web.h"

namespace sheaf::web {

struct ImeAgent {
  std::string preedit;  // composing text, "" when none
  bool want = false;    // last state told to the agent
  ImVec2 pos{-1, -1};
  float line_h = 0;
};
static ImeAgent g_ime;

EM_JS(void, sheaf_js_ime_install, (), {
  if (window.sheafImeAgent) window.sheafImeAgent(Module);
  else console.error('Sheaf: ime.js is missing; IME typing is off');
});

EM_JS(void, sheaf_js_ime_update, (int want, float x, float y, float h), {
  if (Module.sheafIme) Module.sheafIme.update(want, x, y, h);
});

void install_ime_listeners() { sheaf_js_ime_install(); }

// ImGui calls this at the end of a frame whenever the IME data changed.
static void set_ime_data(ImGuiContext*, ImGuiViewport*, ImGuiPlatformImeData* d) {
  const bool want = d->WantVisible || d->WantTextInput;
  if (want == g_ime.want && d->InputPos.x == g_ime.pos.x && d->InputPos.y == g_ime.pos.y && d->InputLineHeight == g_ime.line_h)
    return;
  g_ime.want = want;
  g_ime.pos = d->InputPos;
  g_ime.line_h = d->InputLineHeight;
  sheaf_js_ime_update(want ? 1 : 0, d->InputPos.x, d->InputPos.y, d->InputLineHeight);
}

void install_ime_handlers() { ImGui::GetPlatformIO().Platform_SetImeDataFn = set_ime_data; }

}  // namespace sheaf::web

extern "C" {

// Committed text from the agent (owned: allocated by JavaScript).
EMSCRIPTEN_KEEPALIVE void sheaf_ime_commit(char* owned, int len) {
  std::string text = sheaf::web::take_string(owned, len);
  if (ImGui::GetCurrentContext() && !text.empty()) ImGui::GetIO().AddInputCharactersUTF8(text.c_str());
  sheaf::web::wake();
}

// A click that ends a composition: the committed text must reach the field
// before the click moves its caret, but ImGui applies a character and a mouse
// button queued together in the same frame, click first. A press of an
// unused, non-text key after the text makes ImGui's input trickling hold
// everything after it for the next frames.
EMSCRIPTEN_KEEPALIVE void sheaf_ime_barrier() {
  if (!ImGui::GetCurrentContext()) return;
  ImGuiIO& io = ImGui::GetIO();
  io.AddKeyEvent(ImGuiKey_F24, true);
  io.AddKeyEvent(ImGuiKey_F24, false);
}

EMSCRIPTEN_KEEPALIVE void sheaf_ime_preedit(char* owned, int len) {
  sheaf::web::g_ime.preedit = sheaf::web::take_string(owned, len);
  // Set before the next frame is drawn: posted work runs at the top of it.
  sheaf::web::post([text = sheaf::web::g_ime.preedit] {
    if (sheaf::App* app = sheaf::web::app()) app->set_ime_preedit(text);
  });
}

// For the bridge: {"preedit":"…","want":bool,"caret":[x,y,h]}.
EMSCRIPTEN_KEEPALIVE const char* sheaf_ime_state() {
  static std::string answer;
  sheaf::JsonWriter w;
  w.begin_object();
  w.key("preedit").value(sheaf::web::g_ime.preedit);
  w.key("want").value(sheaf::web::g_ime.want);
  w.key("caret").begin_array();
  w.value(double(sheaf::web::g_ime.pos.x)).value(double(sheaf::web::g_ime.pos.y)).value(double(sheaf::web::g_ime.line_h));
  w.end_array();
  w.end_object();
  answer = w.take();
  return answer.c_str();
}

}  // extern "C"
