// Sheaf web settings: the reader's preferences in localStorage (small, per
// origin, survives reloads; a private window or a blocked storage just forgets).
#include <emscripten.h>

#include <cstdlib>
#include <string>

#include "app/host.h"

namespace {

EM_JS(char*, sheaf_js_load_setting, (const char* key), {
  var v = null;
  try { v = window.localStorage.getItem('sheaf.' + UTF8ToString(key)); } catch (e) { }
  if (v === null) v = "";
  var n = lengthBytesUTF8(v) + 1, p = _malloc(n);
  stringToUTF8(v, p, n);
  return p;
});

EM_JS(void, sheaf_js_save_setting, (const char* key, const char* value), {
  var k = UTF8ToString(key), v = UTF8ToString(value);
  try { window.localStorage.setItem('sheaf.' + k, v); } catch (e) { }
  if (k == 'theme') document.documentElement.dataset.theme = v;  // the page's own boxes follow (sheaf.css)
});

EM_JS(int, sheaf_js_prefers_dark, (), {
  try { return window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 1 : 0; } catch (e) { return 0; }
});

}  // namespace

namespace sheaf::platform {

std::string load_setting(std::string_view key) {
  char* p = sheaf_js_load_setting(std::string(key).c_str());
  std::string v = p ? p : "";
  std::free(p);
  return v;
}

void save_setting(std::string_view key, std::string_view value) {
  sheaf_js_save_setting(std::string(key).c_str(), std::string(value).c_str());
}

bool system_prefers_dark() { return sheaf_js_prefers_dark() != 0; }

}  // namespace sheaf::platform
