// Desktop: legacy text to UTF-8 with glibc's iconv (its gconv modules ship
// CP949, the superset of EUC-KR that Korean Windows writes).
#include <iconv.h>

#include <cerrno>
#include <string>

#include "app/host.h"

namespace sheaf::platform {

bool decode_legacy_text(std::string_view bytes, const char* encoding, std::string& utf8) {
  std::string from = encoding;
  if (from == "EUC-KR") from = "CP949";
  if ((from == "UTF-16LE" || from == "UTF-16BE") && bytes.size() >= 2) bytes.remove_prefix(2);  // the BOM
  iconv_t cd = iconv_open("UTF-8", from.c_str());
  if (cd == (iconv_t)-1) return false;
  utf8.assign(bytes.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size(), out_left = utf8.size();
  char* out = utf8.data();
  bool ok = true;
  while (in_left > 0) {
    if (iconv(cd, &in, &in_left, &out, &out_left) != size_t(-1)) continue;
    if (errno != E2BIG) { ok = false; break; }  // an invalid or cut-off sequence: no guessing
    size_t used = size_t(out - utf8.data());
    utf8.resize(utf8.size() * 2);
    out = utf8.data() + used;
    out_left = utf8.size() - used;
  }
  iconv_close(cd);
  if (!ok) return false;
  utf8.resize(size_t(out - utf8.data()));
  return true;
}

}  // namespace sheaf::platform
