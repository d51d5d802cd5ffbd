// Sheaf platform layer: the few services that differ between the web page and
// the desktop app. Each concern is one file per platform
// (src/platform/web/X.cpp, src/platform/native/X.cpp); the build picks the
// folder, so there is no virtual dispatch and no #ifdef in callers.
#pragma once
#include <functional>
#include <string>
#include <string_view>

namespace sheaf::platform {

// clipboard.cpp
void set_clipboard_text(std::string_view text);
std::string clipboard_text();

// shell.cpp: opening links, window title, the location (URL hash on the web)
bool open_url(std::string_view url);  // http, https, mailto only; returns false if refused
void set_window_title(std::string_view title);
std::string location();                    // e.g. "/post/hello" ("" when none)
// Pushes a history entry on the web, or replaces the current one (for changes
// that should not fill the back button, such as each keystroke of a search).
void set_location(std::string_view loc, bool replace = false);

// image.cpp: asynchronous image decoding into RGBA8
struct DecodedImage { int width = 0, height = 0; std::string rgba; std::string error; };
void decode_image_async(std::string url_or_path, std::function<void(DecodedImage)> done);

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
// Opens a file picker (folder = a whole folder); the files arrive through
// App::import_*. Returns "" when a picker opened, otherwise what the user can
// do instead (desktop without zenity or kdialog: drop files on the window).
std::string pick_files(bool folder);

// settings.cpp: the reader's preferences that outlive a session (theme, zoom).
// Web: the page's localStorage. Desktop: $XDG_CONFIG_HOME/sheaf/settings (else
// ~/.config/sheaf/settings), one `key=value` per line, replaced atomically.
std::string load_setting(std::string_view key);  // "" when never saved
void save_setting(std::string_view key, std::string_view value);
bool system_prefers_dark();  // web: prefers-color-scheme; desktop: a GTK_THEME ending in ":dark"

}  // namespace sheaf::platform
