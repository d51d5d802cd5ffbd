// Sheaf web: downloads (Blob links) and the file pickers (hidden inputs in
// index.html, read by web/glue.js like a drop).
#include <emscripten.h>

#include "app/host.h"

namespace sheaf::platform {

// The bytes are copied into the Blob before this returns.
EM_JS(void, sheaf_js_download, (const char* name, const char* bytes, int len, const char* mime), {
  var blob = new Blob([HEAPU8.slice(bytes, bytes + len)], { type: UTF8ToString(mime) });
  var url = URL.createObjectURL(blob);
  var a = document.createElement('a');
  a.href = url;
  a.download = UTF8ToString(name);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(function() { URL.revokeObjectURL(url); }, 60000);
});

EM_JS(int, sheaf_js_pick_files, (int folder), {
  var input = document.getElementById(folder ? 'import-folder' : 'import-files');
  if (!input) return 0;
  input.value = "";
  input.click();
  return 1;
});

void save_file(std::string name, std::string bytes, std::string_view mime, std::function<void(std::string)> done) {
  std::string m(mime);
  sheaf_js_download(name.c_str(), bytes.data(), int(bytes.size()), m.c_str());
  done("downloaded " + name);
}

// The picked files take the drop's way in (web/glue.js, then drop.cpp) to the
// App this page runs, which is the one asking.
std::string pick_files(bool folder, App&) {
  if (sheaf_js_pick_files(folder ? 1 : 0)) return "";
  return "This page has no file picker: drop Markdown files or folders on it to import them";
}

}  // namespace sheaf::platform
