// Sheaf web shell: links (ImGui's OpenInShell hook), the page title, and the location as the URL hash
// (#/post/<id>). Back/forward and hand-edited hashes reach the app through
// hashchange/popstate; our own pushState calls fire neither.
#include <emscripten.h>

#include <cctype>
#include <string>

#include "app/app.h"
#include "app/host.h"
#include "imgui.h"
#include "platform/web/web.h"

namespace sheaf::platform {

EM_JS(void, sheaf_js_open_url, (const char* url), {
  window.open(UTF8ToString(url), '_blank', 'noopener,noreferrer');
});

EM_JS(void, sheaf_js_set_title, (const char* title), {
  document.title = UTF8ToString(title);
});

// The hash without '#', each '/'-separated segment percent-decoded.
EM_JS(char*, sheaf_js_location, (), {
  var h = window.location.hash || "";
  if (h.charAt(0) == '#') h = h.substring(1);
  h = h.split('/').map(function(s) { try { return decodeURIComponent(s); } catch (e) { return s; } }).join('/');
  var n = lengthBytesUTF8(h) + 1;
  var p = _malloc(n);
  stringToUTF8(h, p, n);
  return p;
});

EM_JS(void, sheaf_js_push_location, (const char* loc, int replace), {
  var s = UTF8ToString(loc);
  var url = s ? '#' + s.split('/').map(encodeURIComponent).join('/')
              : window.location.pathname + window.location.search;
  if (replace) window.history.replaceState(null, "", url);
  else window.history.pushState(null, "", url);
});

static bool has_scheme(std::string_view url, std::string_view scheme) {
  if (url.size() <= scheme.size()) return false;
  for (size_t i = 0; i < scheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(url[i])) != scheme[i]) return false;
  return true;
}

static bool open_url(std::string_view url) {
  if (!has_scheme(url, "http://") && !has_scheme(url, "https://") && !has_scheme(url, "mailto:"))
    return false;
  sheaf_js_open_url(std::string(url).c_str());
  return true;
}

void set_window_title(std::string_view title) { sheaf_js_set_title(std::string(title).c_str()); }

std::string location() {
  char* p = sheaf_js_location();
  std::string s(p);
  free(p);
  return s;
}

static std::string g_last_location;  // the location the app last knew about

void set_location(std::string_view loc, bool replace) {
  if (loc == location()) return;  // no duplicate history entries
  g_last_location = std::string(loc);
  sheaf_js_push_location(g_last_location.c_str(), replace ? 1 : 0);
}

}  // namespace sheaf::platform

namespace sheaf::web {

void install_shell_handlers() {
  ImGui::GetPlatformIO().Platform_OpenInShellFn = [](ImGuiContext*, const char* url) {
    return url && platform::open_url(url);
  };
}

EM_JS(void, sheaf_js_watch_location, (), {
  var changed = function() { Module._sheaf_web_location_changed(); };
  window.addEventListener('hashchange', changed);
  window.addEventListener('popstate', changed);
});

void install_location_listeners() { sheaf_js_watch_location(); }

void notify_location(bool force) {
  std::string loc = platform::location();
  if (!force && loc == platform::g_last_location) return;  // hashchange and popstate both fire
  platform::g_last_location = loc;
  if (App* a = app()) a->on_location_changed(loc);
}

}  // namespace sheaf::web

extern "C" EMSCRIPTEN_KEEPALIVE void sheaf_web_location_changed() {
  sheaf::web::post([] { sheaf::web::notify_location(false); });
}
