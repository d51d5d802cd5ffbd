// Sheaf web: downloads (Blob links) and the file pickers (hidden inputs in
// index.html, read by web/glue.js like a drop).
#include <emscripten.h>

#include "platform/platform.h"

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

std::string save_file(std::string_view name, std::string_view bytes, std::string_view mime) {
  std::string n(name), m(mime);
  sheaf_js_download(n.c_str(), bytes.data(), int(bytes.size()), m.c_str());
  return "downloaded " + n;
}

bool pick_files(bool folder) { return sheaf_js_pick_files(folder ? 1 : 0) != 0; }

}  // namespace sheaf::platform
