// Sheaf web platform: what the files of src/platform/web share with each other.
// Not part of app/host.h: the app never sees these.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/image.h"

struct GLFWwindow;

namespace sheaf {
class App;
class Storage;
}

namespace sheaf::web {

// main.cpp
// Browser callbacks (IndexedDB, fetch, paste, drop, hashchange) arrive between
// frames; post() defers their work to the top of the next frame, before
// ImGui's NewFrame. Storage answers are the exception (see finish() in
// storage_indexeddb.cpp): between frames they run at once, which is the same
// place in the app's life, only sooner.
void post(std::function<void()> work);
App* app();  // null until the app is created
bool in_frame();  // true while frame() runs (app code may be on the stack)
void wake();  // something changed outside an input event: draw frames again for a while

// fonts.cpp (glyphs drawn by the browser, see web/fonts.js)
void sync_fonts(App& app);               // before NewFrame: a slice arrived, glyphs are dropped
void fonts_frame_drawn(const App& app);  // after a frame: notes when text first stood complete

// clipboard.cpp
void install_clipboard_listeners();  // before glfwInit: our keydown hook must run first
void install_clipboard_handlers();   // after the ImGui GLFW backend, which installs dead stubs
void set_clipboard_text(std::string_view text);  // what ImGui's clipboard hook calls

// ime.cpp (text agent for IME input, see web/ime.js)
void install_ime_listeners();  // before glfwInit: our key hooks must run before GLFW's
void install_ime_handlers();   // after the ImGui backends: Platform_SetImeDataFn

// shell.cpp
void install_shell_handlers();  // ImGui's OpenInShell hook: links open in a new tab (http, https, mailto only)
void install_location_listeners();
void notify_location(bool force);  // tells the app when the URL hash differs from the last one seen

// image.cpp: fetch + createImageBitmap in the browser (AppOptions::decode_image)
void decode_image_async(std::string url_or_path, std::function<void(DecodedImage)> done);

// drop.cpp
void install_drop_listeners();

// storage_indexeddb.cpp
std::unique_ptr<Storage> make_indexeddb_storage(std::string seed_dir);
// Another tab changed a document (BroadcastChannel); called at the top of a frame.
void set_remote_change_listener(std::function<void(std::string path)> listener);

// storage_folder.cpp: the folder notebook chosen at start (web/fsa.js holds
// its handle and waits for the browser's permission before any file call).
std::unique_ptr<Storage> make_folder_storage(const std::string& name);

// notebooks.cpp: the folder notebook this page runs on ("" for the browser's own).
std::string start_folder_name();

// Helpers for strings that JavaScript allocated with _malloc and hands over.
std::string take_string(char* owned, int len);

}  // namespace sheaf::web
