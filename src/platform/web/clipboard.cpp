// Sheaf web clipboard.
//
// The built-in GLFW clipboard is an empty stub, and a page may only read the
// system clipboard inside a `paste` event. So:
//   copy  -> navigator.clipboard.writeText (or a hidden textarea + execCommand)
//   paste -> Ctrl/Cmd+V is hidden from GLFW; the browser then fires `paste`
//            with the text, which we keep and replay to ImGui as Ctrl+V.
// clipboard_text() answers with the most recent text either way.
#include <GLFW/glfw3.h>
#include <emscripten.h>

#include <string>

#include "imgui.h"
#include "platform/web/web.h"

namespace sheaf::web {

struct WebClipboard {
  std::string text;  // last pasted or copied text
};
static WebClipboard g_clip;

EM_JS(void, sheaf_js_clipboard_listen, (), {
  // Registered before GLFW's own window listener, so it runs first.
  window.addEventListener('keydown', function(e) {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key == 'v' || e.key == 'V'))
      e.stopImmediatePropagation();  // not preventDefault: the paste event must still come
  }, true);
  document.addEventListener('paste', function(e) {
    var t = e.clipboardData ? e.clipboardData.getData('text/plain') : "";
    e.preventDefault();
    var n = lengthBytesUTF8(t) + 1;
    var p = _malloc(n);
    stringToUTF8(t, p, n);
    Module._sheaf_web_paste(p, n - 1);
  });
});

EM_JS(void, sheaf_js_clipboard_write, (const char* text), {
  var t = UTF8ToString(text);
  Module.sheafLastCopied = t;
  var fallback = function() {
    var prev = document.activeElement;
    var ta = document.createElement('textarea');
    ta.value = t;
    ta.setAttribute('readonly', "");
    ta.style.cssText = 'position:fixed;left:-9999px;top:0;opacity:0';
    document.body.appendChild(ta);
    ta.select();
    try { document.execCommand('copy'); } catch (e) {}
    document.body.removeChild(ta);
    if (prev && prev.focus) prev.focus();
  };
  if (navigator.clipboard && navigator.clipboard.writeText)
    navigator.clipboard.writeText(t).catch(fallback);
  else
    fallback();
});

void install_clipboard_listeners() { sheaf_js_clipboard_listen(); }

void install_clipboard_handlers() {
  ImGuiPlatformIO& pio = ImGui::GetPlatformIO();
  pio.Platform_SetClipboardTextFn = [](ImGuiContext*, const char* text) {
    set_clipboard_text(text ? text : "");
  };
  pio.Platform_GetClipboardTextFn = [](ImGuiContext*) -> const char* { return g_clip.text.c_str(); };
}

void set_clipboard_text(std::string_view text) {
  g_clip.text = std::string(text);
  sheaf_js_clipboard_write(g_clip.text.c_str());
}

}  // namespace sheaf::web

// From the paste listener: keep the text, then press Ctrl+V in ImGui. The
// input queue spreads down/up over frames, so one call can queue all four.
extern "C" EMSCRIPTEN_KEEPALIVE void sheaf_web_paste(char* owned, int len) {
  sheaf::web::g_clip.text = sheaf::web::take_string(owned, len);
  if (!ImGui::GetCurrentContext()) return;
  ImGuiIO& io = ImGui::GetIO();
  GLFWwindow* w = glfwGetCurrentContext();
  bool ctrl_held = w && (glfwGetKey(w, GLFW_KEY_LEFT_CONTROL) == GLFW_PRESS ||
                         glfwGetKey(w, GLFW_KEY_RIGHT_CONTROL) == GLFW_PRESS);
  io.AddKeyEvent(ImGuiMod_Ctrl, true);  // Cmd+V on a Mac arrives without Ctrl
  io.AddKeyEvent(ImGuiKey_V, true);
  io.AddKeyEvent(ImGuiKey_V, false);
  io.AddKeyEvent(ImGuiMod_Ctrl, ctrl_held);
}

extern "C" EMSCRIPTEN_KEEPALIVE const char* sheaf_web_clipboard_text() {
  return sheaf::web::g_clip.text.c_str();
}
