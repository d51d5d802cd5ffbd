// Sheaf application: the adapter over the Notebook (core/notebook.h).
//
// Index of this file:
// [SECTION] Posts and selection
// [SECTION] Notebook events as notices and dialogs
// [SECTION] Frame: tick, shortcuts, notices, title, status bar
// [SECTION] Menu
//
// The notebook owns the posts and every rule about saving them; this file
// only shows what it reports and asks what it wants answered.
#include <algorithm>
#include <cstring>
#include <cstdio>
#include <cstdlib>

#include "app/app_impl.h"
#include "core/json.h"
#include "imgui.h"
#include "app/host.h"

namespace sheaf {

static double now_s() { return ImGui::GetCurrentContext() ? ImGui::GetTime() : 0.0; }

//-----------------------------------------------------------------------------
// [SECTION] Posts and selection
//-----------------------------------------------------------------------------

Post* post(AppImpl& a, DocId id) { return a.nb ? a.nb->post(id) : nullptr; }
const Post* post(const AppImpl& a, DocId id) { return a.nb ? a.nb->post(id) : nullptr; }

void mark_edited(AppImpl& a, DocId id) {
  a.nb->text_changed(id);
  update_window_title(a);
}

void select_id(AppImpl& a, DocId id) {
  const Post* p = post(a, id);
  if (!p) return;
  if (quarantined(a, p->doc.path)) show_source_only(a);  // it crashed a start: no preview unasked
  a.selected = id;
  std::string loc = "/post/" + p->id;
  if (!a.query.empty()) loc += "?q=" + a.query;
  platform::set_location(loc);
  update_window_title(a);
}

void before_drop(AppImpl& a, DocId id, const Post& p, bool replaced) {
  if (a.view.document() == &p.doc) a.view.set_document(nullptr, 0);
  if (replaced || a.selected != id) return;
  a.selected = kNoDoc;
  for (DocId i : a.nb->library().ids())
    if (i != id && post(a, i) && !quarantined(a, post(a, i)->doc.path)) {
      a.selected = i;
      break;
    }
}

void show_notice(AppImpl& a, Notice n) {
  // One notice per text: a repeated error replaces the old one.
  a.st.notices.erase(std::remove_if(a.st.notices.begin(), a.st.notices.end(),
                                    [&](const Notice& o) { return o.text == n.text; }),
                     a.st.notices.end());
  a.st.notices.push_back(std::move(n));
  if (a.st.notices.size() > 4) a.st.notices.erase(a.st.notices.begin());
}

static void error_notice(AppImpl& a, std::string text) { show_notice(a, Notice{std::move(text), true, "", nullptr, 0}); }

void App::notify(std::string text, bool error) {
  AppImpl& a = *impl_;
  a.status = text;
  show_notice(a, Notice{std::move(text), error, "", nullptr, error ? 0 : now_s() + 8});
}

bool App::save_before_leaving() {
  AppImpl& a = *impl_;
  if (busy()) {
    error_notice(a, "Not changed: an import or a bulk edit is still running here; try again when it is done.");
    return false;
  }
  a.nb->save_all(SaveKind::Flush);
  if (a.nb->unsaved_count() == 0) return true;
  // Named one by one: the user must know which text is only in memory.
  std::string names;
  size_t named = 0, left = 0;
  for (DocId id = 0; id < a.nb->slot_count(); id++) {
    const Post* p = a.nb->post(id);
    if (!p || !p->loaded || !p->dirty()) continue;
    left++;
    if (named == 3) continue;
    names += (named++ ? ", “" : "“") + a.nb->title(id) + "”";
    if (p->conflict) names += " (a conflict to settle)";
    else if (!p->save_error.empty()) names += " (" + p->save_error + ")";
    else if (p->saving) names += " (still saving)";
  }
  if (left > named) names += " and " + std::to_string(left - named) + " more";
  error_notice(a, "Stayed on this notebook: " + names + (left == 1 ? " is" : " are") +
                      " not saved. The text is kept here; fix the problem or save it elsewhere, then switch again.");
  return false;
}

//-----------------------------------------------------------------------------
// [SECTION] Notebook events as notices and dialogs
//-----------------------------------------------------------------------------

static void ask_conflict(AppImpl& a, const NotebookEvent& e) {
  Dialog d;
  d.kind = "conflict";
  d.title = e.outside ? "Changed outside Sheaf" : "Changed in another tab";
  const char* how = e.outside ? (e.found ? "changed on disk (by another program or window)"
                                        : "deleted on disk (by another program or window)")
                              : (e.found ? "saved in another tab or window" : "deleted in another tab or window");
  d.message = "“" + a.nb->title(a.nb->id_of_path(e.path)) + "” (" + e.path + ") was " + how +
              " while it has edits here that are not saved.\n\nWhich version should be kept?";
  d.buttons = {"Keep mine", "Take theirs", "Keep both (mine as a copy)"};
  const std::string path = e.path;
  const bool found = e.found;
  d.on_answer = [&a, path, found](int choice, bool, const std::string&) {
    ConflictChoice c = choice == 0 ? ConflictChoice::KeepMine
                       : choice == 1 && found ? ConflictChoice::TakeTheirs
                                              : ConflictChoice::KeepBoth;
    a.nb->resolve_conflict(path, c);
    update_window_title(a);
  };
  a.st.dialogs.push_back(std::move(d));
}

static void ask_clash(AppImpl& a, const NotebookEvent& e) {
  Dialog d;
  d.kind = "clash";
  d.title = "A post with this name exists";
  d.message = "“" + e.path + "” is already in the notebook.\n\nReplace it with the imported file, keep both (the "
              "import gets a new name), or skip the imported file?";
  d.buttons = {"Replace", "Keep both", "Skip"};
  d.offer_apply_all = true;
  d.on_answer = [&a](int choice, bool all, const std::string&) {
    a.nb->answer_clash(choice == 0 ? ClashChoice::Replace : choice == 1 ? ClashChoice::KeepBoth : ClashChoice::Skip,
                       all);
  };
  a.st.dialogs.push_back(std::move(d));
}

// Text in a legacy encoding: a dialog shows how it reads once converted, and
// the user chooses. The import waits for the answer.
static void ask_conversion(AppImpl& a, const NotebookEvent& e) {
  const std::string enc = e.encoding == "EUC-KR" ? "EUC-KR (Korean)" : e.encoding;
  Dialog d;
  d.kind = "convert";
  d.title = "Not UTF-8: convert it?";
  d.message = "“" + e.path + "” is not UTF-8. Read as " + enc + ", it begins:\n\n" + e.text +
              "\nConvert it to UTF-8 and import it, or skip it?";
  d.buttons = {"Convert and import", "Skip"};
  const std::string path = e.path;
  d.on_answer = [&a, path, enc](int choice, bool, const std::string&) {
    a.nb->answer_conversion(path, choice == 0);
    if (choice == 0) show_notice(a, Notice{"Converted ‘" + path + "’ from " + enc + " to UTF-8", false, "", nullptr, 0});
  };
  a.st.dialogs.push_back(std::move(d));
}

static void drop_undo_notice(AppImpl& a, const std::string& key) {
  // Only the notice that offered this undo goes (a bulk edit's Undo stays).
  a.st.notices.erase(std::remove_if(a.st.notices.begin(), a.st.notices.end(),
                                    [&key](const Notice& n) { return n.undoes == "trash:" + key; }),
                     a.st.notices.end());
}

static void on_notebook_event(AppImpl& a, const NotebookEvent& e) {
  using K = NotebookEvent::Kind;
  switch (e.kind) {
    case K::Listed:
    case K::Ready:
      if (a.on_loaded) a.on_loaded();
      break;
    case K::Saved:
      a.status = "Saved " + e.path;
      break;
    case K::SaveFailed: {
      Notice n;
      n.error = true;
      n.text = (e.quota ? "Storage is full — not saved: " : "Not saved: ") + e.error +
               ". Your text is kept here; export it to be safe.";
      n.action = "Export this post";
      const std::string path = e.path;
      n.on_action = [&a, path] { export_post_markdown(a, a.nb->id_of_path(path)); };
      show_notice(a, std::move(n));
      break;
    }
    case K::Conflict: ask_conflict(a, e); break;
    case K::Reloaded: {
      const DocId id = a.nb->id_of_path(e.path);
      a.status = "Reloaded " + e.path + " (changed on disk)";
      if (id == a.selected)
        show_notice(a, Notice{"“" + a.nb->title(id) + "” changed on disk: showing the new text.", false, "", nullptr,
                              now_s() + 6});
      break;
    }
    case K::Renamed: {
      a.status = "Renamed to " + e.to;
      if (a.renaming == e.path) select_id(a, a.nb->id_of_path(e.to));  // it was the one shown
      a.renaming.clear();
      break;
    }
    case K::Trashed: {
      const std::string key = e.key;
      Notice n{"Moved “" + e.path + "” to the trash.", false, "Undo", [&a, key] { a.nb->restore(key); },
               now_s() + 15};
      n.undoes = "trash:" + key;
      show_notice(a, std::move(n));
      if (a.st.show_trash) a.nb->list_trash();
      break;
    }
    case K::Restored:
      drop_undo_notice(a, e.key);
      a.status = "Restored " + e.path;
      if (a.st.show_trash) a.nb->list_trash();
      break;
    case K::Open: select_id(a, a.nb->id_of_path(e.path)); break;
    case K::Dropped: break;  // before_drop has let go of it
    case K::ImportClash: ask_clash(a, e); break;
    case K::ImportConvert: ask_conversion(a, e); break;
    case K::ImportRenamed:
      show_notice(a, Notice{"Imported ‘" + e.path + "’ (the dropped name was unsafe: ‘" + e.to + "’)", false, "",
                            nullptr, 0});
      break;
    case K::ImportConverted: break;  // the dialog's answer says so
    case K::ImportRejected: error_notice(a, "Not imported: " + e.path + " — " + e.error); break;
    case K::ImportDone: {
      const ImportProgress& im = a.nb->import();
      char msg[160];
      std::snprintf(msg, sizeof msg, "Imported %d file%s%s", im.added + im.replaced,
                    im.added + im.replaced == 1 ? "" : "s", im.skipped ? " (some skipped)" : "");
      if (im.images > 0)
        std::snprintf(msg + std::strlen(msg), sizeof msg - std::strlen(msg), " and %d image%s", im.images,
                      im.images == 1 ? "" : "s");
      a.status = msg;
      break;
    }
    case K::Failed:
      if (e.error.rfind("Cannot rename", 0) == 0) show_notice(a, Notice{e.error, true, "", nullptr, now_s() + 8});
      else error_notice(a, e.error);
      break;
  }
  update_window_title(a);
}

NotebookOptions notebook_options(AppImpl& a) {
  NotebookOptions o;
  o.decode_legacy = [](std::string_view bytes, const char* enc, std::string& out) {
    return platform::decode_legacy_text(bytes, enc, out);
  };
  o.before_drop = [&a](DocId id, const Post& p, bool replaced) { before_drop(a, id, p, replaced); };
  o.on_event = [&a](const NotebookEvent& e) { on_notebook_event(a, e); };
  return o;
}

//-----------------------------------------------------------------------------
// [SECTION] Frame: tick, shortcuts, notices, title, status bar
//-----------------------------------------------------------------------------

void update_window_title(AppImpl& a) {
  std::string t = "Sheaf";
  if (const Post* p = post(a, a.selected)) t = (p->dirty() ? "● " : "") + a.nb->title(a.selected) + " — Sheaf";
  if (t != a.st.window_title) {
    a.st.window_title = t;
    platform::set_window_title(t);
  }
}

// Notices and the import progress float over the top right of the window,
// so they never shift the panes' layout.
static void draw_overlay(AppImpl& a) {
  double t = now_s();
  a.st.notices.erase(std::remove_if(a.st.notices.begin(), a.st.notices.end(),
                                    [&](const Notice& n) { return n.until > 0 && t > n.until; }),
                     a.st.notices.end());
  const ImportProgress& im = a.nb->import();
  if (a.st.notices.empty() && !im.active) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float width = std::min(vp->WorkSize.x * 0.6f, ImGui::GetFontSize() * 40);
  // Bottom right, above the status bar: clear of the menu and the editor's toolbar.
  const float status_h = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x - 12, vp->WorkPos.y + vp->WorkSize.y - status_h - 8),
                          ImGuiCond_Always, ImVec2(1, 1));
  ImGui::SetNextWindowSize(ImVec2(width, 0));
  ImGui::SetNextWindowBgAlpha(0.97f);
  ImGui::Begin("##sheaf-notices", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoMove);
  if (im.active) {
    char label[64];
    std::snprintf(label, sizeof label, "Importing %d / %d", im.done, im.total);
    ImGui::ProgressBar(im.total ? float(im.done) / float(im.total) : 0.0f, ImVec2(-1, 0), label);
  }
  for (size_t i = 0; i < a.st.notices.size(); i++) {
    Notice& n = a.st.notices[i];
    ImGui::PushID(int(i));
    ImGui::PushStyleColor(ImGuiCol_ChildBg, n.error ? ImVec4(0.99f, 0.87f, 0.85f, 1) : ImVec4(0.88f, 0.93f, 0.99f, 1));
    ImGui::BeginChild("##notice", ImVec2(0, 0), ImGuiChildFlags_AutoResizeY | ImGuiChildFlags_AlwaysUseWindowPadding);
    // Room on the right for the buttons (a second action needs more).
    float buttons = ImGui::GetFontSize() * 9;
    if (!n.action2.empty())
      buttons = ImGui::CalcTextSize((n.action + n.action2 + "  ✕").c_str()).x +
                ImGui::GetStyle().FramePadding.x * 6 + ImGui::GetStyle().ItemSpacing.x * 3;
    ImGui::PushTextWrapPos(ImGui::GetContentRegionAvail().x - buttons);
    if (n.error)
      ImGui::TextColored(ImVec4(0.6f, 0.05f, 0.05f, 1), "%s", n.text.c_str());
    else
      ImGui::TextColored(ImVec4(0.1f, 0.15f, 0.3f, 1), "%s", n.text.c_str());
    ImGui::PopTextWrapPos();
    bool close = false;
    std::function<void()> run;  // a clicked action, run once its notice is gone (it may add notices)
    if (!n.action.empty()) {
      ImGui::SameLine();
      const bool clicked = ImGui::SmallButton(n.action.c_str());
      n.action_rect = ImVec4(ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y, ImGui::GetItemRectSize().x,
                             ImGui::GetItemRectSize().y);
      if (clicked) run = n.on_action;
      close = clicked && !n.action_keeps;
    }
    if (!n.action2.empty() && !run) {
      ImGui::SameLine();
      const bool clicked = ImGui::SmallButton(n.action2.c_str());
      n.action2_rect = ImVec4(ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y, ImGui::GetItemRectSize().x,
                              ImGui::GetItemRectSize().y);
      if (clicked) {
        run = n.on_action2;
        close = true;
      }
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("✕")) close = true;
    ImGui::EndChild();
    ImGui::PopStyleColor();
    ImGui::PopID();
    if (close) {
      if (i < a.st.notices.size()) a.st.notices.erase(a.st.notices.begin() + long(i));
      if (run) run();
      break;
    }
    if (run) run();  // the notice stays (action_keeps)
  }
  ImGui::End();
}

void storage_frame(AppImpl& a) {
  if (!a.sidebar.row_marker) a.sidebar.row_marker = [&a](DocId id) { return post(a, id) && post(a, id)->dirty(); };
  if (!a.sidebar.row_problem)
    a.sidebar.row_problem = [&a](DocId id) {
      int worst = 0;
      if (const Post* p = post(a, id))
        for (const Diagnostic& d : p->doc.diagnostics)
          worst = std::max(worst, d.severity == Severity::Error ? 2 : d.severity == Severity::Warning ? 1 : 0);
      return worst;
    };
  ImGuiIO& io = ImGui::GetIO();
  // Ctrl+S (Cmd+S): save every unsaved post now, with durable commits.
  if ((io.KeyCtrl || io.KeySuper) && ImGui::IsKeyPressed(ImGuiKey_S, false)) a.nb->save_all(SaveKind::Explicit);
  // Ctrl+Z outside a text field undoes the last delete while its "Undo" notice
  // shows (afterwards Ctrl+Z belongs to the editor's history only).
  const std::string& key = a.nb->last_trash_key();
  bool undo_offered = !key.empty() && std::any_of(a.st.notices.begin(), a.st.notices.end(),
                                                  [&](const Notice& n) { return n.undoes == "trash:" + key; });
  if ((io.KeyCtrl || io.KeySuper) && !io.WantTextInput && ImGui::IsKeyPressed(ImGuiKey_Z, false) && undo_offered)
    a.nb->undo_trash();
  a.nb->tick();  // autosave, retries, index cache, estimate, background parsing, import
  draw_overlay(a);
  draw_dialogs(a.st.dialogs);
  draw_trash_window(a);
  update_window_title(a);
}

static std::string human_bytes(uint64_t n) {
  char buf[32];
  if (n >= (1ull << 30))
    std::snprintf(buf, sizeof buf, "%.1f GB", double(n) / double(1ull << 30));
  else if (n >= (1ull << 20))
    std::snprintf(buf, sizeof buf, "%.1f MB", double(n) / double(1ull << 20));
  else
    std::snprintf(buf, sizeof buf, "%.0f KB", double(n) / 1024.0);
  return buf;
}

void draw_storage_status(AppImpl& a) {
  const size_t unsaved = a.nb->unsaved_count(), failed = a.nb->failed_count();
  ImGui::SameLine();
  if (failed)
    // Short here (the theme button shares the line); the notice has the details.
    ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1), "· %zu not saved%s", failed,
                       a.nb->last_error().find("full") != std::string::npos ? " (storage full)" : "");
  else if (unsaved)
    ImGui::TextColored(ImVec4(0.75f, 0.45f, 0.0f, 1), "· %zu unsaved", unsaved);
  else if (a.nb->ready())
    ImGui::TextDisabled("· all saved");
  if (a.nb->quota_total() > 0) {
    const uint64_t used = a.nb->quota_used(), total = a.nb->quota_total();
    ImGui::SameLine();
    ImGui::TextDisabled("· storage %s used, %s free", human_bytes(used).c_str(),
                        human_bytes(total - std::min(used, total)).c_str());
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Menu
//-----------------------------------------------------------------------------

Post* selected_post(AppImpl& a) { return post(a, a.selected); }

// Opens the platform's picker, or says why there is none and what to do.
bool pick_or_explain(AppImpl& a, bool folder) {
  std::string why = platform::pick_files(folder, *a.app);
  if (why.empty()) return true;
  a.status = why;
  show_notice(a, Notice{why, false, "", nullptr, ImGui::GetTime() + 10});
  return false;
}

void open_new_post_dialog(AppImpl& a) {
  Dialog d;
  d.kind = "new";
  d.title = "New post";
  d.message = "Title of the new post:";
  d.has_input = true;
  d.buttons = {"Create", "Cancel"};
  d.on_answer = [&a](int c, bool, const std::string& title) {
    if (c == 0) a.nb->new_post(title);
  };
  a.st.dialogs.push_back(std::move(d));
}

void open_rename_dialog(AppImpl& a, const Post& sel) {
  Dialog d;
  d.kind = "rename";
  d.title = "Rename";
  d.message = "New path of “" + a.nb->title(a.selected) + "”:";
  d.has_input = true;
  d.input = sel.doc.path;
  d.buttons = {"Rename", "Cancel"};
  std::string path = sel.doc.path;
  d.on_answer = [&a, path](int c, bool, const std::string& to) {
    if (c == 0 && a.nb->find_by_path(path)) {
      a.renaming = path;
      a.nb->rename(a.nb->id_of_path(path), to);
    }
  };
  a.st.dialogs.push_back(std::move(d));
}

// File > Open folder…: a real folder becomes the notebook.
bool open_folder_or_explain(AppImpl& a) {
  std::string why = platform::open_folder_notebook();
  if (why.empty()) return true;
  a.status = why;
  show_notice(a, Notice{why, false, "", nullptr, ImGui::GetTime() + 10});
  return false;
}

static void draw_notebook_items(AppImpl& a) {
  if (ImGui::MenuItem("Open folder…")) open_folder_or_explain(a);
  const std::vector<platform::NotebookChoice> choices = platform::notebook_choices();
  if (choices.size() > 1 && ImGui::BeginMenu("Notebooks")) {
    for (const platform::NotebookChoice& c : choices) {
      if (ImGui::MenuItem(c.name.c_str(), nullptr, c.current) && !c.current) platform::switch_notebook(c.id);
      if (!c.detail.empty()) ImGui::SetItemTooltip("%s", c.detail.c_str());
    }
    ImGui::EndMenu();
  }
}

void draw_file_menu(AppImpl& a) {
  Post* sel = selected_post(a);
  if (ImGui::BeginMenu("File")) {
    draw_notebook_items(a);
    ImGui::Separator();
    if (ImGui::MenuItem("New post…", nullptr, false, a.nb->ready())) open_new_post_dialog(a);
    if (ImGui::MenuItem("Save", "Ctrl+S", false, a.nb->ready())) a.nb->save_all(SaveKind::Explicit);
    if (ImGui::MenuItem("Rename…", nullptr, false, sel != nullptr)) open_rename_dialog(a, *sel);
    if (ImGui::MenuItem("Duplicate", nullptr, false, sel != nullptr)) a.nb->duplicate(a.selected);
    if (ImGui::MenuItem("Delete (to trash)", nullptr, false, sel != nullptr)) delete_post(a, a.selected);
    ImGui::Separator();
    if (ImGui::MenuItem("Import files…", nullptr, false, a.nb->ready())) pick_or_explain(a, false);
    if (ImGui::MenuItem("Import folder…", nullptr, false, a.nb->ready())) pick_or_explain(a, true);
    ImGui::Separator();
    if (ImGui::MenuItem("Export post (.md)", nullptr, false, sel != nullptr)) export_post_markdown(a, a.selected);
    if (ImGui::MenuItem("Export post (HTML)", nullptr, false, sel != nullptr)) export_post_html(a, a.selected);
    if (ImGui::MenuItem("Export notebook (.zip)", nullptr, false, a.nb->ready())) export_notebook_zip(a);
    ImGui::Separator();
    if (ImGui::MenuItem("Trash…", nullptr, a.st.show_trash)) {
      a.st.show_trash = !a.st.show_trash;
      if (a.st.show_trash) a.nb->list_trash();
    }
    ImGui::EndMenu();
  }
}

}  // namespace sheaf
