// Web: legacy text to UTF-8 with the browser's TextDecoder ("euc-kr" is
// windows-949 there; a fatal decoder refuses bytes it cannot read).
#include <emscripten.h>

#include <cstdlib>
#include <string>

#include "app/host.h"

namespace sheaf::web {

EM_JS(char*, sheaf_js_decode_text, (const char* bytes, int len, const char* label, int* out_len), {
  try {
    var text = new TextDecoder(UTF8ToString(label), { fatal: true }).decode(HEAPU8.subarray(bytes, bytes + len));
    var n = lengthBytesUTF8(text), p = _malloc(n + 1);
    if (!p) return 0;
    stringToUTF8(text, p, n + 1);
    HEAP32[out_len >> 2] = n;
    return p;
  } catch (e) {
    return 0;
  }
});

}  // namespace sheaf::web

namespace sheaf::platform {

bool decode_legacy_text(std::string_view bytes, const char* encoding, std::string& utf8) {
  std::string label = encoding;
  if (label == "EUC-KR") label = "euc-kr";
  else if (label == "UTF-16LE") label = "utf-16le";
  else if (label == "UTF-16BE") label = "utf-16be";
  int n = 0;
  char* p = web::sheaf_js_decode_text(bytes.data(), int(bytes.size()), label.c_str(), &n);
  if (!p) return false;
  utf8.assign(p, size_t(n));
  std::free(p);
  return true;
}

}  // namespace sheaf::platform
