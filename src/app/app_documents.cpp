// Sheaf application: document actions (new, rename, duplicate, delete to the
// trash with undo), import with name-clash questions, and export.
//
// Index of this file:
// [SECTION] Names
// [SECTION] New, rename, duplicate
// [SECTION] Delete, trash, undo
// [SECTION] Import
// [SECTION] Export
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>
#include <cstdio>
#include <ctime>

#include "app/app_impl.h"
#include "core/folder_storage.h"
#include "core/html.h"
#include "core/utf8.h"
#include "core/zip.h"
#include "imgui.h"
#include "platform/platform.h"

namespace sheaf {

static double now_s() { return ImGui::GetCurrentContext() ? ImGui::GetTime() : 0.0; }

static DocId id_of(AppImpl& a, const Post* p) { return p ? a.library.find(p->doc.path) : kNoDoc; }

static void select_id(AppImpl& a, DocId id) {
  if (id >= a.posts.size() || !a.posts[id]) return;
  if (quarantined(a, a.posts[id]->doc.path)) show_source_only(a);  // it crashed a start: no preview unasked
  a.selected = id;
  std::string loc = "/post/" + a.posts[id]->id;
  if (!a.query.empty()) loc += "?q=" + a.query;
  platform::set_location(loc);
  update_window_title(a);
}

// A post that exists only in memory yet: the first save creates it
// (checked: the path must still be free).
static DocId add_new_post(AppImpl& a, const std::string& path, std::string text,
                          SaveKind kind = SaveKind::Explicit) {
  StoredFile f;
  f.path = path;
  f.text = std::move(text);
  DocId id = put_post(a, f);
  Post& p = *a.posts[id];
  p.stored = StoredFile{path, {}, 0, 0};
  p.dirty = true;
  save_post(a, id, kind);
  return id;
}

//-----------------------------------------------------------------------------
// [SECTION] Names
//-----------------------------------------------------------------------------

std::string slug_for_title(const std::string& title) {
  // Letters of any script stay (Hangul included); ASCII is lower-cased;
  // spaces become '-'; characters that trouble file systems or URLs go.
  std::string out;
  for (unsigned char c : title) {
    if (c >= 0x80) {
      out += char(c);
    } else if (std::isalnum(c)) {
      out += char(std::tolower(c));
    } else if (c == ' ' || c == '-' || c == '_' || c == '\t') {
      if (!out.empty() && out.back() != '-') out += '-';
    } else if (c == '.') {
      if (!out.empty() && out.back() != '-' && out.back() != '.') out += '.';
    }
  }
  while (!out.empty() && (out.back() == '-' || out.back() == '.')) out.pop_back();
  while (!out.empty() && (out.front() == '-' || out.front() == '.')) out.erase(out.begin());
  if (out.size() > 120) {
    out.resize(120);
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();  // whole characters
    if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
  }
  return out.empty() ? "untitled" : out;
}

static bool path_taken(const AppImpl& a, const std::string& path) { return a.library.find(path) != kNoDoc; }

std::string unique_path(const AppImpl& a, const std::string& path) {
  if (!path_taken(a, path)) return path;
  size_t slash = path.rfind('/');
  size_t dot = path.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) dot = path.size();
  std::string stem = path.substr(0, dot), ext = path.substr(dot);
  for (int n = 2;; n++) {
    std::string p = stem + " (" + std::to_string(n) + ")" + ext;
    if (!path_taken(a, p)) return p;
  }
}

static std::string today() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

static std::string yaml_quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n' || c == '\r') { out += ' '; continue; }
    out += c;
  }
  return out + "\"";
}

//-----------------------------------------------------------------------------
// [SECTION] New, rename, duplicate
//-----------------------------------------------------------------------------

void new_post(AppImpl& a, const std::string& title_in) {
  std::string title = title_in.empty() ? std::string("새 글") : title_in;
  std::string date = today();
  std::string path = unique_path(a, "_posts/" + date + "-" + slug_for_title(title) + ".md");
  std::string text = "---\ntitle: " + yaml_quoted(title) + "\ndate: " + date + "\ntags: []\n---\n\n";
  DocId id = add_new_post(a, path, text);
  select_id(a, id);
}

void rename_post(AppImpl& a, DocId id, const std::string& to_in) {
  if (id >= a.posts.size() || !a.posts[id]) return;
  std::string from = a.posts[id]->doc.path;
  std::string to = to_in;
  while (!to.empty() && to.front() == '/') to.erase(to.begin());
  if (to.empty() || to == from) return;
  if (path_taken(a, to)) {
    show_notice(a, Notice{"Cannot rename: " + to + " already exists.", true, "", nullptr, now_s() + 8});
    return;
  }
  Post& p = *a.posts[id];
  if (p.stored.version == 0) {
    // Never stored yet: just take the new name in memory.
    std::string text = p.doc.text;
    drop_post(a, id);
    select_id(a, add_new_post(a, to, text));
    return;
  }
  a.storage->rename(from, to, [&a, from, to](StorageResult r) {
    Post* p = find_post_by_path(a, from);
    if (!r.ok) {
      show_notice(a, Notice{"Rename failed: " + r.error, true, "", nullptr, 0});
      return;
    }
    if (!p) return;
    bool was_selected = a.selected == id_of(a, p);
    StoredFile stored = p->stored;
    stored.path = to;
    std::string text = p->doc.text;
    bool dirty = p->dirty;
    drop_post(a, id_of(a, p));
    StoredFile f = stored;
    f.text = text;
    DocId nid = put_post(a, f);
    a.posts[nid]->stored = stored;
    a.posts[nid]->dirty = dirty;
    if (dirty) save_post(a, nid, SaveKind::Auto);
    if (was_selected) select_id(a, nid);
    a.status = "Renamed to " + to;
  });
}

void duplicate_post(AppImpl& a, DocId id) {
  if (id >= a.posts.size() || !a.posts[id]) return;
  std::string path = unique_path(a, a.posts[id]->doc.path);
  select_id(a, add_new_post(a, path, a.posts[id]->doc.text));
}

//-----------------------------------------------------------------------------
// [SECTION] Delete, trash, undo
//-----------------------------------------------------------------------------

static void trash_stored(AppImpl& a, const std::string& path) {
  a.storage->move_to_trash(path, [&a, path](StorageResult r, TrashItem item) {
    if (!r.ok) {
      show_notice(a, Notice{"Delete failed: " + r.error, true, "", nullptr, 0});
      return;
    }
    if (Post* p = find_post_by_path(a, path)) drop_post(a, id_of(a, p));
    a.st.last_trash_key = item.key;
    std::string key = item.key;
    Notice n{"Moved “" + path + "” to the trash.", false, "Undo", [&a, key] { restore_trash_item(a, key); }, now_s() + 15};
    n.undoes = "trash:" + key;
    show_notice(a, std::move(n));
    if (a.st.show_trash) refresh_trash(a);
    update_window_title(a);
  });
}

void delete_post(AppImpl& a, DocId id) {
  if (id >= a.posts.size() || !a.posts[id]) return;
  Post& p = *a.posts[id];
  std::string path = p.doc.path;
  if (p.stored.version == 0) {
    // Nothing stored yet: nothing to trash either.
    drop_post(a, id);
    return;
  }
  if (p.dirty) {
    // Store the latest text first, so the trash holds what the user saw.
    StoredFile f{path, p.doc.text, 0, p.stored.version};
    a.storage->save(f, SaveOptions{}, [&a, path](StorageResult r, uint64_t) {
      if (!r.ok) {
        show_notice(a, Notice{"Not deleted: the latest text could not be saved (" + r.error + ")", true, "", nullptr, 0});
        return;
      }
      trash_stored(a, path);
    });
    return;
  }
  trash_stored(a, path);
}

void restore_trash_item(AppImpl& a, const std::string& key) {
  a.storage->restore_from_trash(key, [&a, key](StorageResult r, StoredFile f) {
    if (!r.ok) {
      show_notice(a, Notice{"Restore failed: " + r.error, true, "", nullptr, 0});
      return;
    }
    if (a.st.last_trash_key == key) a.st.last_trash_key.clear();
    // Drop the "Moved to the trash" notice that offered this undo (and only it:
    // a bulk edit's Undo stays).
    a.st.notices.erase(std::remove_if(a.st.notices.begin(), a.st.notices.end(),
                                      [&key](const Notice& n) { return n.undoes == "trash:" + key; }),
                       a.st.notices.end());
    DocId id = put_post(a, f);
    select_id(a, id);
    a.status = "Restored " + f.path;
    if (a.st.show_trash) refresh_trash(a);
  });
}

void undo_delete(AppImpl& a) {
  if (!a.st.last_trash_key.empty()) restore_trash_item(a, a.st.last_trash_key);
}

void refresh_trash(AppImpl& a) {
  a.storage->list_trash([&a](std::vector<TrashItem> items, StorageResult r) {
    a.st.trash = std::move(items);
    a.st.trash_count = a.st.trash.size();
    if (!r.ok) a.status = r.error;
  });
}

void empty_trash(AppImpl& a) {
  a.storage->empty_trash([&a](StorageResult r) {
    if (!r.ok) show_notice(a, Notice{r.error, true, "", nullptr, 0});
    a.st.last_trash_key.clear();
    refresh_trash(a);
  });
}

void draw_trash_window(AppImpl& a) {
  if (!a.st.show_trash) return;
  ImGui::SetNextWindowSize(ImVec2(520, 360), ImGuiCond_FirstUseEver);
  if (ImGui::Begin("Trash###sheaf-trash", &a.st.show_trash)) {
    if (a.st.trash.empty()) ImGui::TextDisabled("The trash is empty.");
    std::string restore;
    for (const TrashItem& t : a.st.trash) {
      ImGui::PushID(t.key.c_str());
      if (ImGui::SmallButton("Restore")) restore = t.key;
      ImGui::SameLine();
      ImGui::TextUnformatted(t.path.c_str());
      ImGui::PopID();
    }
    if (!restore.empty()) restore_trash_item(a, restore);
    ImGui::Separator();
    if (ImGui::Button("Empty trash") && !a.st.trash.empty()) {
      Dialog d;
      d.kind = "empty-trash";
      d.title = "Empty trash";
      d.message = "Delete the " + std::to_string(a.st.trash.size()) + " posts in the trash for good?";
      d.buttons = {"Empty trash", "Cancel"};
      d.on_answer = [&a](int c, bool, const std::string&) {
        if (c == 0) empty_trash(a);
      };
      a.st.dialogs.push_back(std::move(d));
    }
  }
  ImGui::End();
}

//-----------------------------------------------------------------------------
// [SECTION] Import
//-----------------------------------------------------------------------------
// Files arrive one by one (the browser reads them asynchronously) into a
// queue; each frame places some. A name clash stops the queue on a question:
// replace, keep both ("x (2).md") or skip, optionally for all the rest.

static bool importable_name(const std::string& path) {
  std::string lower;
  for (char c : path) lower += char(std::tolower(static_cast<unsigned char>(c)));
  auto ends = [&](const char* e) {
    size_t n = std::strlen(e);
    return lower.size() > n && lower.compare(lower.size() - n, n, e) == 0;
  };
  return ends(".md") || ends(".markdown") || ends(".txt");
}

void import_begin(AppImpl& a, int total) {
  ImportState& im = a.st.import;
  if (!im.active) im = ImportState{};
  im.active = true;
  im.total += total;
}

static void offer_conversion(AppImpl& a, std::string path, const char* encoding, std::string utf8);

void import_add(AppImpl& a, std::string path, std::string bytes) {
  ImportState& im = a.st.import;
  if (!im.active) import_begin(a, 1);  // a lone file (e.g. desktop drop)
  im.received++;
  // A dropped name may climb ("../"), nest oddly or carry control bytes:
  // it is made safe, and the notice says what it became.
  std::string safe = sanitize_relative_path(path);
  if (safe.empty()) {
    import_reject(a, path, "no usable file name");
    return;
  }
  if (safe != path && !(path.size() == safe.size() + 1 && path[0] == '/' && path.compare(1, std::string::npos, safe) == 0))
    show_notice(a, Notice{"Imported ‘" + safe + "’ (the dropped name was unsafe: ‘" + path + "’)", false, "", nullptr, 0});
  path = std::move(safe);
  if (!importable_name(path)) {
    import_reject(a, path, "not a Markdown or text file (.md, .markdown, .txt)");
    return;
  }
  size_t bad = 0;
  if (!utf8_valid(bytes, &bad)) {
    // Say what the bytes most likely are, and where UTF-8 breaks.
    LineCol lc = line_col_at(bytes, bad);
    std::string where = " (line " + std::to_string(lc.line) + ", column " + std::to_string(lc.column) + ")";
    const char* enc = guess_legacy_encoding(bytes);
    std::string utf8;
    if (enc && platform::decode_legacy_text(bytes, enc, utf8) && utf8_valid(utf8)) {
      offer_conversion(a, std::move(path), enc, std::move(utf8));
      return;
    }
    if (enc && std::string_view(enc) == "EUC-KR")
      import_reject(a, path, "not UTF-8: it reads as EUC-KR Korean" + where + "; save it as UTF-8 and drop it again");
    else if (enc)
      import_reject(a, path, std::string("not UTF-8: it is ") + enc + " text (it starts with a byte-order mark); save it as UTF-8 and drop it again");
    else
      import_reject(a, path, "not valid UTF-8 text" + where);
    return;
  }
  StoredFile f;
  f.path = std::move(path);
  f.text = std::move(bytes);
  im.queue.push_back(std::move(f));
}

// Text in a legacy encoding: a dialog shows how it reads once converted, and
// the user chooses. The import waits for the answer (the file is not done).
static void offer_conversion(AppImpl& a, std::string path, const char* encoding, std::string utf8) {
  const std::string enc = std::string_view(encoding) == "EUC-KR" ? "EUC-KR (Korean)" : encoding;
  std::string preview;
  int lines = 0;
  for (size_t b = 0; b < utf8.size() && lines < 6; lines++) {
    size_t e = utf8.find('\n', b);
    if (e == std::string::npos) e = utf8.size();
    size_t keep = std::min<size_t>(e - b, 120);
    while (keep > 0 && keep < e - b && (uint8_t(utf8[b + keep]) & 0xC0) == 0x80) keep--;  // cut between characters
    preview += "    " + utf8.substr(b, keep) + (keep < e - b ? "…" : "") + "\n";
    b = e + 1;
  }
  Dialog d;
  d.kind = "convert";
  d.title = "Not UTF-8: convert it?";
  d.message = "“" + path + "” is not UTF-8. Read as " + enc + ", it begins:\n\n" + preview +
              "\nConvert it to UTF-8 and import it, or skip it?";
  d.buttons = {"Convert and import", "Skip"};
  d.on_answer = [&a, path, enc, utf8 = std::move(utf8)](int choice, bool, const std::string&) mutable {
    ImportState& im = a.st.import;
    if (choice == 0) {
      im.queue.push_back(StoredFile{path, std::move(utf8), 0, 0});
      show_notice(a, Notice{"Converted ‘" + path + "’ from " + enc + " to UTF-8", false, "", nullptr, 0});
    } else {
      im.done++;
      im.skipped++;
      im.rejected.push_back(path + ": not UTF-8 (" + enc + "), skipped");
    }
  };
  a.st.dialogs.push_back(std::move(d));
}

void import_reject(AppImpl& a, std::string name, std::string reason) {
  ImportState& im = a.st.import;
  if (!im.active) import_begin(a, 1);
  im.done++;
  im.rejected.push_back(name + ": " + reason);
  show_notice(a, Notice{"Not imported: " + name + " — " + reason, true, "", nullptr, 0});
}

void import_end(AppImpl& a) {
  // Nothing to do: import_frame closes the import once every file is placed.
  a.st.import.received = std::max(a.st.import.received, 0);
}

static void place_import(AppImpl& a, StoredFile f, int choice) {
  ImportState& im = a.st.import;
  im.done++;
  Post* existing = find_post_by_path(a, f.path);
  DocId id = kNoDoc;
  if (!existing) {
    id = add_new_post(a, f.path, std::move(f.text), SaveKind::Import);
    im.added++;
  } else if (choice == 0) {  // replace: an edit of the existing post (undo-able by re-import only)
    DocId eid = id_of(a, existing);
    existing->doc.text = std::move(f.text);
    mark_edited(a, eid);
    save_post(a, eid, SaveKind::Explicit);
    id = eid;
    im.replaced++;
  } else if (choice == 1) {  // keep both
    id = add_new_post(a, unique_path(a, f.path), std::move(f.text), SaveKind::Import);
    im.added++;
  } else {
    im.skipped++;
  }
  // The first post an import places is shown (the rest are in the list).
  if (id != kNoDoc && im.added + im.replaced == 1) select_id(a, id);
}

void import_frame(AppImpl& a) {
  ImportState& im = a.st.import;
  // During a warm start's second step the files being read would not know
  // of an import: it waits (queued, with its progress bar) until they are in.
  if (!im.active || !a.ready) return;
  auto start = std::chrono::steady_clock::now();
  while (!im.queue.empty() && !im.asking) {
    if (std::chrono::steady_clock::now() - start > std::chrono::milliseconds(12)) break;  // keep frames smooth
    StoredFile& f = im.queue.front();
    if (path_taken(a, f.path) && im.clash_all < 0) {
      im.asking = true;
      Dialog d;
      d.kind = "clash";
      d.title = "A post with this name exists";
      d.message = "“" + f.path + "” is already in the notebook.\n\nReplace it with the imported file, keep both (the "
                  "import gets a new name), or skip the imported file?";
      d.buttons = {"Replace", "Keep both", "Skip"};
      d.offer_apply_all = true;
      d.on_answer = [&a](int choice, bool all, const std::string&) {
        ImportState& im = a.st.import;
        im.asking = false;
        if (im.queue.empty()) return;
        if (all) im.clash_all = choice;
        StoredFile f = std::move(im.queue.front());
        im.queue.pop_front();
        place_import(a, std::move(f), choice);
      };
      a.st.dialogs.push_back(std::move(d));
      break;
    }
    StoredFile file = std::move(f);
    im.queue.pop_front();
    place_import(a, std::move(file), im.clash_all < 0 ? 0 : im.clash_all);
  }
  if (im.done < im.total || !im.queue.empty() || im.asking) return;  // the overlay shows progress
  im.active = false;
  char msg[160];
  std::snprintf(msg, sizeof msg, "Imported %d file%s%s", im.added + im.replaced, im.added + im.replaced == 1 ? "" : "s",
                im.skipped ? " (some skipped)" : "");
  a.status = msg;
  im.clash_all = -1;
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
  if (id >= a.posts.size() || !a.posts[id]) return;
  const Post& p = *a.posts[id];
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
  if (id >= a.posts.size() || !a.posts[id]) return;
  ensure_parsed(a, id);
  const Post& p = *a.posts[id];
  HtmlOptions o;  // safe mode by default: no scripts, no event handlers
  std::string body = to_html(p.doc, o);
  // Images keep their paths: relative ones resolve next to where the page is
  // saved, site-root ones against the blog's own server.
  std::string page = "<!doctype html>\n<html lang=\"ko\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
                     html_escape(p.doc.title) +
                     "</title>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<style>body{max-width:46em;margin:2em auto;padding:0 1em;font-family:sans-serif;line-height:1.7}"
                     "img{max-width:100%}pre{overflow:auto;background:#f4f4f4;padding:.8em}</style>\n</head>\n<body>\n"
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

void export_notebook_zip(AppImpl& a) {
  std::vector<ZipEntry> entries;
  std::vector<std::string> names;
  for (const auto& p : a.posts) {
    if (!p) continue;
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
  std::sort(entries.begin(), entries.end(), [](const ZipEntry& x, const ZipEntry& y) { return x.name < y.name; });
  std::string zip = make_zip(entries);
  if (zip.empty() && !entries.empty()) {
    show_notice(a, Notice{"Export failed: the notebook is too large for a zip file", true, "", nullptr, 0});
    return;
  }
  save_export(a, "sheaf-notebook-" + today() + ".zip", std::move(zip), "application/zip");
}

}  // namespace sheaf
