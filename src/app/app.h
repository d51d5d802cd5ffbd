// Sheaf application: the notebook in memory, the selection, and the frame
// that composes the panels. Platform main loops own one App and call frame()
// between ImGui::NewFrame() and ImGui::Render().
//
// This class is the one door from a platform into the app: a platform sees
// app/app.h and app/host.h (the services it defines for the app) and nothing
// else of src/app or src/ui (toolchain/check-layers.py holds it to that).
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/image.h"

namespace sheaf {

class Storage;
struct AppImpl;

struct AppOptions {
  std::string fonts_dir;      // where NanumGothic*.ttf etc. are (see ui/fonts.h)
  std::string notebook_root;  // for resolving site-root image paths ("" on the web)
  // Names this notebook for what the app remembers per notebook (the post
  // being opened, for crash recovery). Empty: notebook_root.
  std::string notebook_id;
  // The platform's image decoder, handed to the viewer at construction
  // (null: keep the one already set; with none at all, images show an error).
  ImageDecoder decode_image = nullptr;
};

class App {
 public:
  App(Storage& storage, AppOptions options);
  ~App();

  void start();  // loads fonts and begins loading the notebook
  void frame();  // one frame of widgets, full viewport

  // The location changed from outside (URL hash, back/forward): "/post/<id>".
  void on_location_changed(std::string_view location);
  // Files arriving from outside (drop, file picker): begin(total), then each
  // file or refusal, then end. A lone import_file works too.
  void import_begin(int total);
  void import_file(std::string path, std::string bytes);
  void import_reject(std::string name, std::string reason);
  void import_end();
  // An image pasted (web: the paste event's image) or dropped on the window
  // while a post is open in the editor: it becomes a file of the site and
  // its Markdown lands at the caret (app_images.cpp). `name` may be "".
  void paste_image(std::string name, std::string bytes);
  // A post is open in Edit or Side by side: dropped images go to it, not to an import.
  bool editing_post() const;
  // The page is being hidden or closed: start saving every unsaved post now.
  void flush_saves();
  // Before the platform changes to another notebook: saves every unsaved post
  // now (the storage must answer at once, as FolderStorage does) and says
  // whether every text is on disk. When one is not (a failed save, a conflict
  // to settle) or an import or bulk edit is running, a notice says so, the
  // text stays, and the caller must not change.
  bool save_before_leaving();
  // A line for the user from the platform (a dialog that could not be shown).
  void notify(std::string text, bool error);
  // The program is closing normally (page unload, desktop exit): the post
  // being opened did not crash it, so the next start need not recover.
  void closing();
  // Another tab (or program) changed this document in storage.
  void on_changed_elsewhere(std::string path);
  // Files in the notebook's folder may have changed outside Sheaf (a watcher
  // fired, the window or tab came back to the front, a periodic check):
  // scans them, and clean posts follow while edited ones ask (Notebook::rescan).
  void on_storage_changed();
  // Glyph shapes changed (a web font slice arrived). Call between frames:
  // baked glyphs are dropped and every layout measures its text again.
  void on_fonts_changed();
  // What the input method is composing ("" when nothing): the frame draws it
  // at the caret of the active text field (ImGui has no preedit of its own).
  void set_ime_preedit(std::string text);

  // --- test bridge: what the app shows, as JSON --------------------------------
  // {"ready":bool,"selected":"id","posts":[{"id","title","date","tags":[]}...],"blocks":N}
  std::string bridge_state_json() const;
  bool select_post(std::string_view id);
  void find_in_post(std::string_view query);  // opens the post's find bar with `query`
  // Storage and document actions for tests and the console (see app_storage.cpp):
  // returns JSON, {"ok":false,"error":...} when refused.
  std::string bridge_call(std::string_view name, std::string_view arg1 = {}, std::string_view arg2 = {});
  bool wants_text_input() const;  // an ImGui text field is active (IME agent focus)
  bool showing_post() const;      // a post is open and laid out
  bool quit_requested() const;
  // Work is running across frames (a bulk edit, an import): draw frames even when idle.
  bool busy() const;
  // The notebook is being read and nothing is listed yet: the same frame
  // would be drawn again and again (the web page draws fewer meanwhile).
  bool waiting_for_list() const;

 private:
  std::unique_ptr<AppImpl> impl_;
};

}  // namespace sheaf
