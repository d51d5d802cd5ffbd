// Sheaf fonts: which files make up each face, and loading them into ImGui 1.92
// (dynamic glyphs: no glyph ranges, no atlas pre-build).
#pragma once
#include <string>

struct ImFont;
struct ImFontLoader;

namespace sheaf {

// File names, as Debian installs them. The web build copies them into /fonts;
// the desktop build finds them under /usr/share/fonts (see find_fonts_dir).
struct FontFiles {
  static constexpr const char* kHangul = "NanumGothic.ttf";
  static constexpr const char* kHangulBold = "NanumGothicBold.ttf";
  static constexpr const char* kHangulMono = "NanumGothicCoding.ttf";
  static constexpr const char* kLatin = "DejaVuSans.ttf";
  static constexpr const char* kLatinBold = "DejaVuSans-Bold.ttf";
  static constexpr const char* kLatinItalic = "DejaVuSans-Oblique.ttf";
  static constexpr const char* kLatinBoldItalic = "DejaVuSans-BoldOblique.ttf";
  static constexpr const char* kMono = "DejaVuSansMono.ttf";
  static constexpr const char* kEmoji = "Symbola_hint.ttf";
};

struct Fonts {
  ImFont* regular = nullptr;
  ImFont* bold = nullptr;
  ImFont* italic = nullptr;
  ImFont* bold_italic = nullptr;
  ImFont* mono = nullptr;
  bool ok = false;
  std::string error;
};

// Loads every face from `dir` (a flat folder holding the files above) or, when
// a file is missing there, from the system font folders.
Fonts load_fonts(const std::string& dir);
// Builds the faces on a loader that draws glyphs itself (the web page draws
// them with the browser's fonts). Each face is one source whose FontNo says
// which face it is: the FontFace values below.
Fonts load_fonts_from(const ImFontLoader* loader);
enum FontFace : int { kFaceRegular = 0, kFaceBold, kFaceItalic, kFaceBoldItalic, kFaceMono };
Fonts& fonts();  // the loaded set

// Glyph shapes or advances changed under the app (a web font slice arrived):
// every baked glyph is dropped and the epoch moves on, so each cached layout
// measures its text again. Call between frames.
void fonts_changed();
unsigned fonts_epoch();

}  // namespace sheaf
