// Sheaf application: the trash window, delete with Undo, and export (the
// document actions themselves are the Notebook's, core/notebook.h).
//
// Index of this file:
// [SECTION] Delete and the trash window
// [SECTION] Export
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <memory>

#include "app/app_impl.h"
#include "core/highlight.h"
#include "core/html.h"
#include "core/zip.h"
#include "imgui.h"
#include "app/host.h"

namespace sheaf {

static double now_s() { return ImGui::GetCurrentContext() ? ImGui::GetTime() : 0.0; }

static std::string today() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

//-----------------------------------------------------------------------------
// [SECTION] Delete and the trash window
//-----------------------------------------------------------------------------

void delete_post(AppImpl& a, DocId id) { a.nb->trash(id); }

void draw_trash_window(AppImpl& a) {
  if (!a.st.show_trash) return;
  ImGui::SetNextWindowSize(ImVec2(520, 360), ImGuiCond_FirstUseEver);
  if (ImGui::Begin("Trash###sheaf-trash", &a.st.show_trash)) {
    if (a.nb->trash_items().empty()) ImGui::TextDisabled("The trash is empty.");
    std::string restore;
    for (const TrashItem& t : a.nb->trash_items()) {
      ImGui::PushID(t.key.c_str());
      if (ImGui::SmallButton("Restore")) restore = t.key;
      ImGui::SameLine();
      ImGui::TextUnformatted(t.path.c_str());
      ImGui::PopID();
    }
    if (!restore.empty()) a.nb->restore(restore);
    ImGui::Separator();
    if (ImGui::Button("Empty trash") && !a.nb->trash_items().empty()) {
      Dialog d;
      d.kind = "empty-trash";
      d.title = "Empty trash";
      d.message = "Delete the " + std::to_string(a.nb->trash_items().size()) + " posts in the trash for good?";
      d.buttons = {"Empty trash", "Cancel"};
      d.on_answer = [&a](int c, bool, const std::string&) {
        if (c == 0) a.nb->empty_trash();
      };
      a.st.dialogs.push_back(std::move(d));
    }
  }
  ImGui::End();
}

//-----------------------------------------------------------------------------
// [SECTION] Export
//-----------------------------------------------------------------------------

static std::string base_name(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Where the export went: a notice names the file (a desktop save dialog
// may take a while, so the status line alone is easy to miss). A cancelled
// dialog says nothing.
static void report_export(AppImpl& a, const std::string& where) {
  if (where.empty()) return;
  if (where.rfind("error:", 0) == 0) {
    show_notice(a, Notice{"Export failed: " + where.substr(where.size() > 6 && where[6] == ' ' ? 7 : 6), true, "",
                          nullptr, 0});
    return;
  }
  a.status = "Exported: " + where;
  show_notice(a, Notice{a.status, false, "", nullptr, now_s() + 8});
}

static void save_export(AppImpl& a, std::string name, std::string bytes, const char* mime) {
  platform::save_file(std::move(name), std::move(bytes), mime, [&a](std::string where) { report_export(a, where); });
}

void export_post_markdown(AppImpl& a, DocId id) {
  const Post* pp = post(a, id);
  if (!pp) return;
  const Post& p = *pp;
  // The exact bytes (what storage holds once saved; the unsaved text otherwise).
  save_export(a, base_name(p.doc.path), p.doc.text, "text/markdown;charset=utf-8");
}

static std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

void export_post_html(AppImpl& a, DocId id) {
  if (!post(a, id)) return;
  a.nb->ensure_parsed(id);
  const Post& p = *post(a, id);
  HtmlOptions o;  // safe mode by default: no scripts, no event handlers
  o.highlight_code = true;
  std::string body = to_html(p.doc, o);
  // Images keep their paths: relative ones resolve next to where the page is
  // saved, site-root ones against the blog's own server.
  std::string page = "<!doctype html>\n<html lang=\"ko\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
                     html_escape(p.doc.title) +
                     "</title>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<style>body{max-width:46em;margin:2em auto;padding:0 1em;font-family:sans-serif;line-height:1.7}"
                     "img{max-width:100%}pre{overflow:auto;background:#f4f4f4;padding:.8em}\n"
                     // The page follows the reader's light or dark setting, as the code colours do.
                     "@media (prefers-color-scheme: dark){body{background:#0d1117;color:#e6edf3}a{color:#58a6ff}"
                     "pre{background:#161b22}}\n" +
                     std::string(highlight_css()) + std::string(export_stylesheet_callouts()) + "</style>\n</head>\n<body>\n"
                     "<article>\n<h1>" +
                     html_escape(p.doc.title) + "</h1>\n" + body + "</article>\n</body>\n</html>\n";
  std::string name = base_name(p.doc.path);
  size_t dot = name.rfind('.');
  if (dot != std::string::npos) name.resize(dot);
  save_export(a, name + ".html", std::move(page), "text/html;charset=utf-8");
}

// Jekyll's layout: documents already in a folder keep their path (e.g.
// _posts/, _drafts/); loose top-level files go into _posts/.
static std::string zip_path(const std::string& path) {
  return path.find('/') == std::string::npos ? "_posts/" + path : path;
}

struct ZipExport {
  std::vector<ZipEntry> entries;
  std::vector<std::string> names;
  std::vector<FileStat> assets;  // still to read, from `next` on
  size_t next = 0;
  std::string problems;  // assets that could not be read
  bool running = false, again = false;
};

static void zip_finish(AppImpl& a, ZipExport& st) {
  std::sort(st.entries.begin(), st.entries.end(), [](const ZipEntry& x, const ZipEntry& y) { return x.name < y.name; });
  std::string zip = make_zip(st.entries);
  if (zip.empty() && !st.entries.empty()) {
    show_notice(a, Notice{"Export failed: the notebook is too large for a zip file", true, "", nullptr, 0});
    return;
  }
  if (!st.problems.empty()) show_notice(a, Notice{"Exported without some files: " + st.problems, true, "", nullptr, 0});
  save_export(a, "sheaf-notebook-" + today() + ".zip", std::move(zip), "application/zip");
}

// One asset after another. A backend that answers at once would recurse
// once per file; the loop takes those answers instead (`again`).
static void zip_next_asset(AppImpl* a, std::shared_ptr<ZipExport> st) {
  if (st->running) {
    st->again = true;
    return;
  }
  st->running = true;
  do {
    st->again = false;
    if (st->next >= st->assets.size()) {
      zip_finish(*a, *st);
      break;
    }
    const FileStat f = st->assets[st->next++];
    a->storage->load_asset(f.path, [a, st, f](bool found, std::string bytes, StorageResult r) {
      if (found && std::find(st->names.begin(), st->names.end(), f.path) == st->names.end()) {
        st->names.push_back(f.path);
        st->entries.push_back(ZipEntry{f.path, std::move(bytes), f.modified});
      } else if (!found) {
        st->problems += (st->problems.empty() ? "" : "; ") + (r.error.empty() ? f.path + ": gone" : r.error);
      }
      zip_next_asset(a, st);
    });
  } while (st->again);
  st->running = false;
}

void export_notebook_zip(AppImpl& a) {
  std::vector<ZipEntry> entries;
  std::vector<std::string> names;
  for (DocId id = 0; id < a.nb->slot_count(); id++) {
    const Post* p = post(a, id);
    if (!p || !p->loaded) continue;
    ZipEntry e;
    e.name = zip_path(p->doc.path);
    // Never two entries with one name (a loose "x.md" and "_posts/x.md").
    for (int n = 2; std::find(names.begin(), names.end(), e.name) != names.end(); n++)
      e.name = zip_path(p->doc.path) + " (" + std::to_string(n) + ")";
    names.push_back(e.name);
    e.data = p->doc.text;
    e.modified = p->stored.modified;
    entries.push_back(std::move(e));
  }
  // Then the site's other files (images, _config.yml) at their own paths,
  // read one after another (the browser's storage answers later).
  auto st = std::make_shared<ZipExport>();
  st->entries = std::move(entries);
  st->names = std::move(names);
  AppImpl* ap = &a;
  a.storage->list_assets([ap, st](std::vector<FileStat> assets, StorageResult r) {
    if (!r.ok) st->problems = r.error;
    st->assets = std::move(assets);
    zip_next_asset(ap, st);
  });
}

}  // namespace sheaf
