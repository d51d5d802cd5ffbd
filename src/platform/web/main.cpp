// Sheaf web main loop: Emscripten + built-in GLFW + ImGui GLFW/OpenGL3 backends
// on a WebGL2 canvas that fills the window.
//
// The built-in GLFW knows nothing about devicePixelRatio, so this file owns the
// canvas size: the backing store is CSS size x DPR, ImGui works in CSS pixels
// (io.DisplaySize) and renders at io.DisplayFramebufferScale, which ImGui 1.92
// also uses as the font rasterizer density, so text stays sharp on HiDPI.
// GLFW reports mouse positions in backing-store pixels; we scale them back.
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>

#include <cfloat>
#include <cstdlib>
#include <filesystem>
#include <unordered_map>
#include <vector>

#include "app/app.h"
#include "app/host.h"
#include "core/storage.h"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "platform/web/web.h"

namespace sheaf::web {

struct WebBackend {
  GLFWwindow* window = nullptr;
  std::unique_ptr<Storage> storage;
  std::unique_ptr<App> app;
  std::vector<std::function<void()>> posted;
  float css_w = 1, css_h = 1;  // canvas size in CSS pixels
  int fb_w = 1, fb_h = 1;      // canvas backing store in device pixels
  float dpr = 1;
  ImGuiMouseCursor cursor = ImGuiMouseCursor_COUNT;  // last one shown (COUNT: none yet)
  unsigned frames = 0;
  bool in_frame = false;  // inside frame(): app code may be on the stack
  double last_frame_ms = 0;  // performance.now() of the last drawn frame
};
static WebBackend g;

// Idle throttling: after kAwakeMs without input, posted work or a resize, and
// while no text field is active, frames are drawn only every kIdleFrameMs. The
// canvas keeps showing the last frame meanwhile.
static constexpr double kAwakeMs = 1500;
static constexpr double kIdleFrameMs = 500;
// While the notebook is read at start (nothing listed yet) the frame would not
// change: drawing one every 60 ms of software GL kept the storage answers
// waiting behind it. Input, posted work or a resize still draw at once.
static constexpr double kLoadingFrameMs = 250;

EM_JS(void, sheaf_js_watch_activity, (), {
  var wake = function(e) {
    var t = performance.now();
    Module.sheafLastActivity = t;
    if (e) Module.sheafLastInput = t;  // an event, not the start's own call
  };
  ['pointermove', 'pointerdown', 'pointerup', 'mousemove', 'mousedown', 'mouseup', 'wheel', 'touchstart',
   'touchmove', 'touchend', 'keydown', 'keyup', 'keypress', 'resize', 'focus', 'blur', 'paste', 'drop',
   'dragover', 'hashchange', 'popstate', 'visibilitychange'].forEach(function(t) {
    window.addEventListener(t, wake, true);
  });
  Module.sheafWake = wake;
  wake();
});

EM_JS(void, sheaf_js_wake, (), { Module.sheafLastActivity = performance.now(); });
EM_JS(double, sheaf_js_now, (), { return performance.now(); });
EM_JS(double, sheaf_js_last_activity, (), { return Module.sheafLastActivity || 0; });
EM_JS(double, sheaf_js_last_input, (), { return Module.sheafLastInput || 0; });

void wake() { sheaf_js_wake(); }

void post(std::function<void()> work) {
  g.posted.push_back(std::move(work));
  wake();
}
App* app() { return g.app.get(); }
bool in_frame() { return g.in_frame; }

std::string take_string(char* owned, int len) {
  std::string s = owned ? std::string(owned, static_cast<size_t>(len)) : std::string();
  free(owned);
  return s;
}

// Resizes the backing store to CSS size x DPR when either changed.
// out: css_w, css_h, fb_w, fb_h, dpr.
EM_JS(void, sheaf_js_sync_canvas, (float* out), {
  var c = Module.canvas;
  var r = c.getBoundingClientRect();
  var dpr = window.devicePixelRatio || 1;
  var w = Math.max(1, Math.round(r.width * dpr));
  var h = Math.max(1, Math.round(r.height * dpr));
  if (c.width != w) c.width = w;
  if (c.height != h) c.height = h;
  var i = out >> 2;
  HEAPF32[i] = Math.max(1, r.width);
  HEAPF32[i + 1] = Math.max(1, r.height);
  HEAPF32[i + 2] = w;
  HEAPF32[i + 3] = h;
  HEAPF32[i + 4] = dpr;
});

EM_JS(void, sheaf_js_set_cursor, (const char* css), {
  Module.canvas.style.cursor = UTF8ToString(css);
});

EM_JS(void, sheaf_js_frame_done, (unsigned n), {
  window.__sheafFrames = n;
  if (n == 1) {
    window.__sheafReady = true;
    if (Module.sheafFirstFrame) Module.sheafFirstFrame();
  }
});

EM_JS(void, sheaf_js_fatal, (const char* msg), {
  var m = UTF8ToString(msg);
  if (window.sheafShowError) window.sheafShowError(m);
  else console.error(m);
});

static const char* css_cursor(ImGuiMouseCursor c) {
  switch (c) {
    case ImGuiMouseCursor_None: return "none";
    case ImGuiMouseCursor_TextInput: return "text";
    case ImGuiMouseCursor_ResizeAll: return "move";
    case ImGuiMouseCursor_ResizeNS: return "ns-resize";
    case ImGuiMouseCursor_ResizeEW: return "ew-resize";
    case ImGuiMouseCursor_ResizeNESW: return "nesw-resize";
    case ImGuiMouseCursor_ResizeNWSE: return "nwse-resize";
    case ImGuiMouseCursor_Hand: return "pointer";
    case ImGuiMouseCursor_Wait: return "wait";
    case ImGuiMouseCursor_Progress: return "progress";
    case ImGuiMouseCursor_NotAllowed: return "not-allowed";
    default: return "default";
  }
}

// GLFW scales positions by backing/CSS size; ImGui wants CSS pixels.
static void on_cursor_pos(GLFWwindow* w, double x, double y) {
  ImGui_ImplGlfw_CursorPosCallback(w, x * g.css_w / g.fb_w, y * g.css_h / g.fb_h);
}

// The backend polls glfwGetCursorPos (unscaled) whenever it thinks the mouse
// is outside the window, so it must always believe it is inside. Leaving is
// reported to ImGui directly.
static void on_cursor_enter(GLFWwindow* w, int entered) {
  if (entered)
    ImGui_ImplGlfw_CursorEnterCallback(w, 1);
  else
    ImGui::GetIO().AddMousePosEvent(-FLT_MAX, -FLT_MAX);
}

// Key repeat comes from the browser, not from ImGui's timer. ImGui repeats a
// key for as long as it sees it down; on a page under load a single press's
// keyup can arrive half a second late, and one Enter became five newlines.
// The browser's repeat keydowns (GLFW_REPEAT here) follow the user's own
// settings and are never invented: each becomes a release and a press, and
// one that comes before the last pair went through (two frames, as ImGui
// takes one change of a key per frame) is dropped rather than piled up.
static void on_key(GLFWwindow* w, int key, int scancode, int action, int mods) {
  static std::unordered_map<int, unsigned> repeat_frame;  // GLFW key -> frame its last repeat was queued
  if (action != GLFW_REPEAT) {
    if (action == GLFW_RELEASE) repeat_frame.erase(key);
    ImGui_ImplGlfw_KeyCallback(w, key, scancode, action, mods);
    return;
  }
  auto it = repeat_frame.find(key);
  if (it != repeat_frame.end() && g.frames < it->second + 2) return;
  repeat_frame[key] = g.frames;
  ImGui_ImplGlfw_KeyCallback(w, key, scancode, GLFW_RELEASE, mods);
  ImGui_ImplGlfw_KeyCallback(w, key, scancode, GLFW_PRESS, mods);
}

// The built-in GLFW quantizes wheel steps to whole units (ImGui #6096); read the DOM event.
static EM_BOOL on_wheel(int, const EmscriptenWheelEvent* ev, void*) {
  float step = 0;
  switch (ev->deltaMode) {
    case DOM_DELTA_PIXEL: step = 1.0f / 100.0f; break;  // about 100 px per notch
    case DOM_DELTA_LINE: step = 1.0f / 3.0f; break;
    case DOM_DELTA_PAGE: step = 80.0f; break;
  }
  ImGui::GetIO().AddMouseWheelEvent(float(-ev->deltaX * step), float(-ev->deltaY * step));
  return EM_TRUE;
}

}  // namespace sheaf::web

// The page is unloading normally (glue.js, on pagehide, unless the app died).
extern "C" EMSCRIPTEN_KEEPALIVE void sheaf_web_closing() {
  if (sheaf::web::g.app) sheaf::web::g.app->closing();
}

namespace sheaf::web {

static void frame() {
  struct InFrame {
    InFrame() { g.in_frame = true; }
    ~InFrame() { g.in_frame = false; }
  } in_frame_scope;
  // Work handed over by browser callbacks since the last frame.
  std::vector<std::function<void()>> work;
  work.swap(g.posted);
  for (auto& w : work) w();

  float m[5];
  sheaf_js_sync_canvas(m);
  bool resized = g.css_w != m[0] || g.css_h != m[1] || g.fb_w != int(m[2]) || g.fb_h != int(m[3]);
  g.css_w = m[0]; g.css_h = m[1];
  g.fb_w = int(m[2]); g.fb_h = int(m[3]);
  g.dpr = m[4];

  double now = sheaf_js_now();
  bool busy = !work.empty() || resized || g.frames < 3 || ImGui::GetIO().WantTextInput || g.app->busy() ||
              now - sheaf_js_last_activity() < kAwakeMs;
  if (!busy && now - g.last_frame_ms < kIdleFrameMs) return;
  if (g.frames >= 1 && work.empty() && !resized && g.app->waiting_for_list() && sheaf_js_last_input() < g.last_frame_ms &&
      now - g.last_frame_ms < kLoadingFrameMs)
    return;
  g.last_frame_ms = now;

  sync_fonts(*g.app);
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGuiIO& io = ImGui::GetIO();
  // Override what the backend read from GLFW (which thinks DPR is 1).
  io.DisplaySize = ImVec2(g.css_w, g.css_h);
  io.DisplayFramebufferScale = ImVec2(g.fb_w / g.css_w, g.fb_h / g.css_h);
  ImGui::NewFrame();
  g.app->frame();  // draws the IME preedit last (App::set_ime_preedit)
  ImGui::Render();

  glViewport(0, 0, g.fb_w, g.fb_h);
  glClearColor(0.96f, 0.96f, 0.95f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

  ImGuiMouseCursor c = io.MouseDrawCursor ? ImGuiMouseCursor_None : ImGui::GetMouseCursor();
  if (c != g.cursor) {
    g.cursor = c;
    sheaf_js_set_cursor(css_cursor(c));
  }
  sheaf_js_frame_done(++g.frames);
  fonts_frame_drawn(*g.app);
}

static int run() {
  install_clipboard_listeners();
  install_ime_listeners();
  if (!glfwInit()) {
    sheaf_js_fatal("GLFW could not start.");
    return 1;
  }
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  g.window = glfwCreateWindow(800, 600, "Sheaf", nullptr, nullptr);
  if (!g.window) {
    sheaf_js_fatal("This browser could not create a WebGL2 context.");
    return 1;
  }
  glfwMakeContextCurrent(g.window);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // layout lives in the app, not in a MEMFS file
  io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;  // cursor shapes: done here via CSS

  ImGui_ImplGlfw_InitForOpenGL(g.window, true);
  ImGui_ImplOpenGL3_Init("#version 300 es");
  glfwSetCursorPosCallback(g.window, on_cursor_pos);
  glfwSetKeyCallback(g.window, on_key);
  io.KeyRepeatDelay = 1e9f;  // see on_key
  glfwSetCursorEnterCallback(g.window, on_cursor_enter);
  ImGui_ImplGlfw_CursorEnterCallback(g.window, 1);
  emscripten_set_wheel_callback("#canvas", nullptr, false, on_wheel);
  install_clipboard_handlers();
  install_shell_handlers();
  install_ime_handlers();

  // The notebook is chosen before the page starts (File > Open folder… and
  // the Notebooks menu reload it): a folder on disk, or the browser's own.
  const std::string folder_name = start_folder_name();
  const bool folder = !folder_name.empty();
  AppOptions options;  // no fonts_dir: glyphs come from fonts.cpp
  options.decode_image = decode_image_async;
  if (folder) {
    g.storage = make_folder_storage(folder_name);  // its images come through Storage::load_asset
    for (const sheaf::platform::NotebookChoice& c : sheaf::platform::notebook_choices())
      if (c.current) options.notebook_id = "folder:" + c.id;  // its own crash-recovery marker
  } else {
    g.storage = make_indexeddb_storage("/notebook");
    options.notebook_root = "/notebook";  // the sample notebook's images are preloaded there
  }
  g.app = std::make_unique<App>(*g.storage, options);
  g.app->start();
  if (!folder)
    set_remote_change_listener([](std::string path) {
      if (g.app) g.app->on_changed_elsewhere(std::move(path));
    });
  notify_location(true);  // the app restores the selection from the hash
  install_location_listeners();
  install_drop_listeners();
  sheaf_js_watch_activity();

  emscripten_set_main_loop(frame, 0, false);
  return 0;
}

}  // namespace sheaf::web

int main() { return sheaf::web::run(); }
