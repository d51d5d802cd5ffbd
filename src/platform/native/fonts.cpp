// Sheaf desktop fonts: none of the platform's own. The app reads Debian's TTF
// files with ImGui's stb_truetype loader (ui/fonts.cpp), so the desktop keeps
// working offline with the same faces the web page is cut from.
#include "app/host.h"

namespace sheaf::platform {

const ImFontLoader* font_loader() { return nullptr; }

}  // namespace sheaf::platform
