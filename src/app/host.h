// Sheaf host services: what the application asks of the program that runs it
// (the web page or the desktop app). The app declares them here and each
// platform defines them, one file per concern (src/platform/web/X.cpp,
// src/platform/native/X.cpp); the UI tests define stand-ins. The build picks
// the definitions, so there is no virtual dispatch and no #ifdef in callers.
//
// This header and app/app.h are all a platform may see of the app. The UI
// layer does not use these: it reaches the clipboard and links through ImGui's
// PlatformIO hooks and decodes images through the decoder in AppOptions.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/image.h"

struct ImFontLoader;

namespace sheaf {
class App;
}

namespace sheaf::platform {

// shell.cpp: the window title and the location (URL hash on the web)
void set_window_title(std::string_view title);
std::string location();                    // e.g. "/post/hello" ("" when none)
// Pushes a history entry on the web, or replaces the current one (for changes
// that should not fill the back button, such as each keystroke of a search).
void set_location(std::string_view loc, bool replace = false);

// encoding.cpp: text in a legacy encoding, for an import that offers to convert
// it. `encoding` is what guess_legacy_encoding named ("EUC-KR" is read as its
// superset CP949, as browsers do; "UTF-16LE"/"UTF-16BE" lose their BOM).
// False when the bytes do not decode cleanly.
bool decode_legacy_text(std::string_view bytes, const char* encoding, std::string& utf8);

// files.cpp: handing files to the user and asking for files
// Hands `bytes` to the user as a file called `name`. Web: a download (a Blob
// link). Desktop: a save dialog (zenity or kdialog), or the Downloads folder
// when there is neither. `done` runs later on the main thread (or before this
// returns) with where the file went, an error message starting with "error:",
// or "" when the user cancelled.
void save_file(std::string name, std::string bytes, std::string_view mime, std::function<void(std::string)> done);
// Opens a file picker (folder = a whole folder); the files arrive later, on
// the main thread, through `to`'s import_begin/import_file/import_reject/
// import_end. Returns "" when a picker opened, otherwise what the user can do
// instead (desktop without zenity or kdialog: drop files on the window).
std::string pick_files(bool folder, App& to);

// notebooks.cpp: which notebooks the File menu offers and how to change to
// another. Desktop: the folder open now and the recent folders. Web: the
// browser's own notebook (IndexedDB) and each folder opened with the File
// System Access API. Changing saves every post first, then starts over on
// the other notebook (the web reloads the page).
struct NotebookChoice {
  std::string id;      // what switch_notebook takes
  std::string name;    // the menu's label: a folder's name, "This browser"
  std::string detail;  // a path or a note (the item's tooltip)
  bool current = false;
};
std::vector<NotebookChoice> notebook_choices();
// Asks for a folder and makes it the notebook. "" when a picker opened (the
// change comes later); otherwise one line saying why not, e.g. a browser
// without the File System Access API.
std::string open_folder_notebook();
void switch_notebook(std::string_view id);

// image.cpp: decodes an image's bytes (read through Storage::load_asset) off
// the frame; `done` runs on the main thread. Desktop: stb_image on a worker
// thread. Web: the browser's decoder (createImageBitmap). The sizes in
// core/limits.h are refused before decoding.
void decode_image_bytes(std::string bytes, std::string name, std::function<void(DecodedImage)> done);

// settings.cpp: the reader's preferences that outlive a session (theme, zoom).
// Web: the page's localStorage. Desktop: $XDG_CONFIG_HOME/sheaf/settings (else
// ~/.config/sheaf/settings), one `key=value` per line, replaced atomically.
std::string load_setting(std::string_view key);  // "" when never saved
void save_setting(std::string_view key, std::string_view value);
bool system_prefers_dark();  // web: prefers-color-scheme; desktop: a GTK_THEME ending in ":dark"

// fonts.cpp: where glyphs come from. Desktop: nullptr, and the app reads
// Debian's TTF files with ImGui's stb_truetype (ui/fonts.h). Web: a loader that
// draws each glyph with the browser's fonts (web/fonts.js), so the page ships
// unicode-range slices instead of whole fonts. It calls App::on_fonts_changed
// when a slice arrives.
const ImFontLoader* font_loader();

}  // namespace sheaf::platform
