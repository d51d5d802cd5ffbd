// Sheaf desktop: the main window's place and size, and its content scale.
//
// The place and size are kept in the settings (window_geometry=X,Y,W,H in
// screen coordinates, window_maximized=1), saved once a move or resize has
// settled and again at exit, and restored at start clamped to the work area
// of the monitor the window mostly was on (the first one when that monitor is
// gone), so the window never opens off screen.
//
// HiDPI: ImGui's sizes are scaled from a copy taken at scale 1, so a new
// scale (the window moved to another monitor) is never applied on top of the
// last one; FontScaleDpi follows too.
//
// [SECTION] Place and size
// [SECTION] Content scale
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>

#include "app/host.h"
#include "core/json.h"
#include "imgui.h"
#include "platform/native/native_state.h"

namespace sheaf::native {

//-----------------------------------------------------------------------------
// [SECTION] Place and size
//-----------------------------------------------------------------------------

namespace {

constexpr int kMinWidth = 480, kMinHeight = 320;

struct Rect {
  int x = 0, y = 0, w = 0, h = 0;
};

bool g_geometry_changed = false;
double g_changed_at = 0;
Rect g_normal;  // the last place and size while neither maximized nor iconified

bool parse_geometry(const std::string& s, Rect& r) {
  return std::sscanf(s.c_str(), "%d,%d,%d,%d", &r.x, &r.y, &r.w, &r.h) == 4 && r.w > 0 && r.h > 0;
}

long overlap(const Rect& a, const Rect& b) {
  const long w = std::min(a.x + a.w, b.x + b.w) - std::max(a.x, b.x);
  const long h = std::min(a.y + a.h, b.y + b.h) - std::max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

// The work area (the monitor less panels and docks) the rect mostly lies on,
// or the primary monitor's when it lies on none.
bool work_area_for(const Rect& r, Rect& out) {
  int count = 0;
  GLFWmonitor** monitors = glfwGetMonitors(&count);
  long best = 0;
  for (int i = 0; i < count; i++) {
    Rect wa;
    glfwGetMonitorWorkarea(monitors[i], &wa.x, &wa.y, &wa.w, &wa.h);
    if (const long o = overlap(r, wa); o > best) {
      best = o;
      out = wa;
    }
  }
  if (best > 0) return true;
  GLFWmonitor* primary = glfwGetPrimaryMonitor();
  if (!primary) return false;
  glfwGetMonitorWorkarea(primary, &out.x, &out.y, &out.w, &out.h);
  return out.w > 0 && out.h > 0;
}

// Inside the work area, with room for the window's frame (title bar).
Rect clamp_to(Rect r, const Rect& wa, int left, int top, int right, int bottom) {
  r.w = std::clamp(r.w, std::min(kMinWidth, wa.w), std::max(1, wa.w - left - right));
  r.h = std::clamp(r.h, std::min(kMinHeight, wa.h), std::max(1, wa.h - top - bottom));
  r.x = std::clamp(r.x, wa.x + left, std::max(wa.x + left, wa.x + wa.w - right - r.w));
  r.y = std::clamp(r.y, wa.y + top, std::max(wa.y + top, wa.y + wa.h - bottom - r.h));
  return r;
}

void on_moved_or_resized(GLFWwindow* window, int, int) {
  if (!glfwGetWindowAttrib(window, GLFW_MAXIMIZED) && !glfwGetWindowAttrib(window, GLFW_ICONIFIED)) {
    glfwGetWindowPos(window, &g_normal.x, &g_normal.y);
    glfwGetWindowSize(window, &g_normal.w, &g_normal.h);
  }
  g_geometry_changed = true;
  g_changed_at = glfwGetTime();
}

}  // namespace

GLFWwindow* create_main_window(const char* title) {
  Rect saved;
  const bool have = parse_geometry(platform::load_setting("window_geometry"), saved);
  // A saved size is the real one: scaling it to the monitor again would grow it.
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, have ? GLFW_FALSE : GLFW_TRUE);
  glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);  // placed before it is shown
  GLFWwindow* window = glfwCreateWindow(have ? saved.w : 1280, have ? saved.h : 800, title, nullptr, nullptr);
  if (!window) return nullptr;
  int left = 0, top = 0, right = 0, bottom = 0;
  glfwGetWindowFrameSize(window, &left, &top, &right, &bottom);
  Rect wa;
  if (have) {
    Rect r = work_area_for(saved, wa) ? clamp_to(saved, wa, left, top, right, bottom) : saved;
    glfwSetWindowSize(window, r.w, r.h);
    glfwSetWindowPos(window, r.x, r.y);
  } else {
    // A first start: the window manager places it, but a size scaled for a
    // HiDPI monitor may be larger than the monitor.
    Rect r;
    glfwGetWindowSize(window, &r.w, &r.h);
    if (work_area_for(Rect{0, 0, 0, 0}, wa)) {
      const Rect fit = clamp_to(r, wa, left, top, right, bottom);
      if (fit.w != r.w || fit.h != r.h) glfwSetWindowSize(window, fit.w, fit.h);
    }
  }
  glfwShowWindow(window);
  if (platform::load_setting("window_maximized") == "1") glfwMaximizeWindow(window);
  glfwGetWindowPos(window, &g_normal.x, &g_normal.y);
  glfwGetWindowSize(window, &g_normal.w, &g_normal.h);
  g_geometry_changed = false;
  glfwSetWindowPosCallback(window, on_moved_or_resized);
  glfwSetWindowSizeCallback(window, on_moved_or_resized);
  return window;
}

void save_window_geometry(GLFWwindow* window) {
  g_geometry_changed = false;
  if (g_normal.w > 0 && g_normal.h > 0)
    platform::save_setting("window_geometry", std::to_string(g_normal.x) + "," + std::to_string(g_normal.y) + "," +
                                                  std::to_string(g_normal.w) + "," + std::to_string(g_normal.h));
  platform::save_setting("window_maximized", glfwGetWindowAttrib(window, GLFW_MAXIMIZED) ? "1" : "");
}

void window_tick(GLFWwindow* window) {
  // Once the drag or resize has paused: not a settings write per mouse move.
  if (g_geometry_changed && glfwGetTime() - g_changed_at > 0.5) save_window_geometry(window);
}

//-----------------------------------------------------------------------------
// [SECTION] Content scale
//-----------------------------------------------------------------------------

namespace {

ImGuiStyle g_base_style;  // ImGui's sizes at scale 1
float g_scale = 1;

void apply_content_scale(float scale) {
  if (scale <= 0) scale = 1;
  g_scale = scale;
  ImGuiStyle& style = ImGui::GetStyle();
  ImGuiStyle scaled = g_base_style;
  std::memcpy(scaled.Colors, style.Colors, sizeof(style.Colors));  // the theme may have changed since
  scaled.ScaleAllSizes(scale);
  scaled.FontScaleDpi = scale;
  style = scaled;
}

}  // namespace

void follow_content_scale(GLFWwindow* window) {
  g_base_style = ImGui::GetStyle();
  float xscale = 1, yscale = 1;
  glfwGetWindowContentScale(window, &xscale, &yscale);
  apply_content_scale(xscale);
  glfwSetWindowContentScaleCallback(window, [](GLFWwindow*, float x, float) { apply_content_scale(x); });
}

std::string window_json(GLFWwindow* window) {
  int x = 0, y = 0, w = 0, h = 0;
  glfwGetWindowPos(window, &x, &y);
  glfwGetWindowSize(window, &w, &h);
  JsonWriter j;
  j.begin_object();
  j.key("x").value(int64_t(x)).key("y").value(int64_t(y)).key("width").value(int64_t(w)).key("height").value(int64_t(h));
  j.key("maximized").value(glfwGetWindowAttrib(window, GLFW_MAXIMIZED) != 0);
  const ImGuiStyle& style = ImGui::GetStyle();
  j.key("scale").value(double(g_scale)).key("font_scale_dpi").value(double(style.FontScaleDpi));
  j.key("frame_padding").begin_array().value(double(style.FramePadding.x)).value(double(style.FramePadding.y)).end_array();
  j.key("title").value(state().title);
  j.end_object();
  return j.take();
}

}  // namespace sheaf::native
