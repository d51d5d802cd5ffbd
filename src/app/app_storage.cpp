// Sheaf application: the save pipeline.
//
// Index of this file:
// [SECTION] Posts by path
// [SECTION] Edits and saves
// [SECTION] Conflicts with another tab
// [SECTION] Changes made elsewhere
// [SECTION] Frame: timers, shortcuts, notices, title, status bar
// [SECTION] Menu
// [SECTION] Test bridge
//
// Rules: doc.text is what the user sees and is never dropped; a post stays
// dirty until storage confirms (on the transaction's `complete`) a save of
// exactly its current text. A failed save keeps the text, shows why, offers
// an export and retries later. A save is checked against the version this
// tab last loaded or saved, so another tab's newer save is never silently
// overwritten: the user chooses.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "app/app_impl.h"
#include "core/index_cache.h"
#include "core/json.h"
#include "imgui.h"
#include "platform/platform.h"

namespace sheaf {

static constexpr double kRetrySeconds = 5.0;
static constexpr double kQuotaRefreshSeconds = 30.0;
static constexpr double kCacheDelaySeconds = 3.0;

static double now_s() { return ImGui::GetCurrentContext() ? ImGui::GetTime() : 0.0; }

static int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

//-----------------------------------------------------------------------------
// [SECTION] Posts by path
//-----------------------------------------------------------------------------

Post* find_post_by_path(AppImpl& a, std::string_view path) {
  DocId id = a.library.find(path);
  return id < a.posts.size() ? a.posts[id].get() : nullptr;
}

static DocId id_of(AppImpl& a, const Post* p) { return p ? a.library.find(p->doc.path) : kNoDoc; }

void drop_post(AppImpl& a, DocId id) {
  if (id >= a.posts.size() || !a.posts[id]) return;
  a.library.remove(a.posts[id]->doc.path);
  if (a.viewed == a.posts[id].get()) a.viewed = nullptr;
  a.posts[id].reset();
  if (a.selected == id) {
    a.selected = kNoDoc;
    for (DocId i : a.library.ids())
      if (i < a.posts.size() && a.posts[i] && !quarantined(a, a.posts[i]->doc.path)) { a.selected = i; break; }
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

//-----------------------------------------------------------------------------
// [SECTION] Loading (warm start)
//-----------------------------------------------------------------------------
// With a usable index cache, posts start unparsed: the library entries come
// from the cache and each Document is parsed when first needed (selection,
// export, edit) or in the background a few milliseconds per frame. The
// library's search text is folded the same way (see Library::set_text_source).

double now_ms_steady() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void load_posts(AppImpl& a, std::vector<StoredFile> files, const std::string& cache) {
  double t0 = now_ms_steady();
  a.posts.clear();
  a.library.clear();
  if (cache.empty()) {
    a.posts.reserve(files.size());
    for (StoredFile& f : files) put_post(a, std::move(f));
    a.st.load_kind = "cold";
  } else {
    LibraryLoadStats stats = load_library(a.library, files, cache);
    a.st.load_kind = stats.cache_used ? "warm" : "cold";
    a.st.index_reparsed = stats.parsed;
    a.posts.resize(a.library.slot_count());
    for (StoredFile& f : files) {
      DocId id = a.library.find(f.path);
      if (id == kNoDoc) continue;
      if (id >= a.posts.size()) a.posts.resize(id + 1);
      auto p = std::make_unique<Post>();
      p->id = post_id_for_path(f.path);
      p->doc.path = f.path;
      p->doc.text = f.text;
      p->parsed = false;
      p->stored = std::move(f);
      a.posts[id] = std::move(p);
    }
  }
  // An unchanged notebook needs no new cache; a cold start or changed files do.
  a.st.cache_generation = a.st.load_kind == "warm" && a.st.index_reparsed == 0 ? a.library.generation() : 0;
  a.st.index_ms = now_ms_steady() - t0;
  a.st.load_ms = now_ms_steady() - a.st.load_started_ms;
  a.st.list_ms = a.st.load_ms;
  a.st.list_clock_ms = now_ms_steady();
}

bool list_from_cache(AppImpl& a, const std::string& cache) {
  double t0 = now_ms_steady();
  LibraryLoadStats stats;
  if (!restore_library(a.library, cache, &stats)) return false;
  a.posts.clear();
  a.posts.resize(a.library.slot_count());
  for (DocId id : a.library.ids()) {
    const LibraryEntry* e = a.library.entry(id);
    auto p = std::make_unique<Post>();
    p->id = post_id_for_path(e->path);
    p->doc.path = e->path;
    p->parsed = false;
    p->loaded = false;
    p->stored.path = e->path;
    p->stored.modified = e->modified;
    p->stored.version = e->version;
    a.posts[id] = std::move(p);
  }
  a.st.load_kind = "warm";
  a.st.index_ms = now_ms_steady() - t0;
  a.st.list_clock_ms = now_ms_steady();
  a.st.list_ms = a.st.list_clock_ms - a.st.load_started_ms;
  return true;
}

void take_files(AppImpl& a, std::vector<StoredFile> files) {
  double t0 = now_ms_steady();
  LibraryLoadStats stats = reconcile_library(a.library, files);
  a.st.index_reparsed = stats.parsed;
  // Posts follow the library's ids: unchanged files keep theirs (and the
  // selection); new files get new ones; posts whose file is gone go.
  std::vector<std::unique_ptr<Post>> old = std::move(a.posts);
  a.posts.clear();
  a.posts.resize(a.library.slot_count());
  for (StoredFile& f : files) {
    DocId id = a.library.find(f.path);
    if (id == kNoDoc) continue;
    if (id >= a.posts.size()) a.posts.resize(id + 1);
    std::unique_ptr<Post> p;
    if (id < old.size() && old[id] && old[id]->doc.path == f.path) p = std::move(old[id]);
    else p = std::make_unique<Post>();
    p->id = post_id_for_path(f.path);
    p->doc = Document{};
    p->doc.path = f.path;
    p->doc.text = f.text;
    p->parsed = false;
    p->loaded = true;
    p->version++;
    p->stored = std::move(f);
    a.posts[id] = std::move(p);
  }
  if (a.selected >= a.posts.size() || !a.posts[a.selected]) a.selected = kNoDoc;
  a.st.cache_generation = a.st.index_reparsed == 0 ? a.library.generation() : 0;
  a.st.index_ms += now_ms_steady() - t0;
  a.st.load_ms = now_ms_steady() - a.st.load_started_ms;
}

void ensure_parsed(AppImpl& a, DocId id) {
  if (id >= a.posts.size() || !a.posts[id] || a.posts[id]->parsed || !a.posts[id]->loaded) return;
  Post& p = *a.posts[id];
  std::string path = p.doc.path;
  p.doc = parse_document(path, std::move(p.doc.text));
  p.parsed = true;
  p.version++;
}

std::string post_title(const AppImpl& a, DocId id) {
  if (const LibraryEntry* e = a.library.entry(id)) return e->title;
  return id < a.posts.size() && a.posts[id] ? a.posts[id]->doc.title : std::string();
}

static void parse_in_background(AppImpl& a) {
  double until = now_ms_steady() + 4;
  // The search text first, so the first search does not wait for it.
  for (size_t left = a.library.pending_text(); left && now_ms_steady() < until;) {
    size_t now_left = a.library.build_pending_text(64);
    if (now_left == left) break;  // the rest has no bytes to fold (yet)
    left = now_left;
  }
  for (DocId i = 0; i < a.posts.size() && now_ms_steady() < until; i++)
    if (a.posts[i] && !a.posts[i]->parsed) ensure_parsed(a, i);
}

//-----------------------------------------------------------------------------
// [SECTION] Edits and saves
//-----------------------------------------------------------------------------

void mark_edited(AppImpl& a, DocId id) {
  if (id >= a.posts.size() || !a.posts[id]) return;
  Post& p = *a.posts[id];
  std::string path = p.doc.path;
  p.doc = parse_document(path, std::move(p.doc.text));
  p.parsed = true;
  p.version++;
  a.library.put(p.doc, wall_ms(), p.stored.version);
  p.dirty = p.doc.text != p.stored.text || p.stored.version == 0;
  p.edited_at = now_s();
  update_window_title(a);
}

static void on_conflict(AppImpl& a, const std::string& path);

void save_post(AppImpl& a, DocId id, SaveKind kind) {
  if (id >= a.posts.size() || !a.posts[id]) return;
  Post& p = *a.posts[id];
  if (!p.dirty || p.conflict) return;
  // One save at a time per post, except when the page is going away: then a
  // second one is queued behind the first (IndexedDB runs them in order).
  if (p.saving > 0 && kind != SaveKind::Flush) {
    p.save_again = true;
    return;
  }
  if (kind == SaveKind::Auto) a.st.last_autosave_lag = now_s() - p.edited_at;
  StoredFile f;
  f.path = p.doc.path;
  f.text = p.doc.text;
  f.modified = wall_ms();
  f.version = p.stored.version + uint64_t(p.saving);  // what storage will hold when it gets to this one
  SaveOptions o;
  o.check_version = true;
  o.strict = kind == SaveKind::Explicit;
  p.saving++;
  p.save_again = false;
  std::string path = f.path, sent = f.text;
  int64_t modified = f.modified;
  a.storage->save(f, o, [&a, path, sent, modified, kind](StorageResult r, uint64_t version) {
    Post* q = find_post_by_path(a, path);
    if (!q) return;  // renamed or deleted meanwhile: its own action saved it
    q->saving = std::max(0, q->saving - 1);
    if (r.ok) {
      if (version > q->stored.version) {
        q->stored.text = sent;
        q->stored.version = version;
        q->stored.modified = modified;
      }
      q->dirty = q->doc.text != q->stored.text;
      q->save_error.clear();
      q->retry_at = 0;
      if (kind == SaveKind::Explicit) a.status = "Saved " + path;
      if (q->dirty && q->save_again) save_post(a, id_of(a, q), SaveKind::Auto);
    } else if (r.conflict) {
      if (q->saving == 0) on_conflict(a, path);
    } else {
      q->save_error = r.error;
      q->retry_at = now_s() + kRetrySeconds;
      a.st.last_error = r.error;
      Notice n;
      n.error = true;
      n.text = (r.quota ? "Storage is full — not saved: " : "Not saved: ") + r.error +
               ". Your text is kept here; export it to be safe.";
      n.action = "Export this post";
      n.on_action = [&a, path] {
        if (Post* x = find_post_by_path(a, path)) export_post_markdown(a, id_of(a, x));
      };
      show_notice(a, std::move(n));
    }
    update_window_title(a);
  });
}

void save_all(AppImpl& a, SaveKind kind) {
  for (DocId i = 0; i < a.posts.size(); i++)
    if (a.posts[i] && a.posts[i]->dirty) save_post(a, i, kind);
}

//-----------------------------------------------------------------------------
// [SECTION] Conflicts with another tab
//-----------------------------------------------------------------------------

static void take_theirs(AppImpl& a, const StoredFile& theirs) {
  Post* p = find_post_by_path(a, theirs.path);
  if (!p) return;
  p->doc = parse_document(theirs.path, theirs.text);
  p->parsed = true;
  p->version++;
  p->stored = theirs;
  p->dirty = false;
  p->conflict = false;
  p->save_error.clear();
  a.library.put(p->doc, theirs.modified, theirs.version);
}

static void on_conflict(AppImpl& a, const std::string& path) {
  Post* p = find_post_by_path(a, path);
  if (!p || p->conflict) return;
  p->conflict = true;
  a.storage->load(path, [&a, path](bool found, StoredFile theirs, StorageResult) {
    Post* p = find_post_by_path(a, path);
    if (!p) return;
    Dialog d;
    d.kind = "conflict";
    d.title = "Changed in another tab";
    d.message = "“" + post_title(a, id_of(a, p)) + "” (" + path + ") was " +
                (found ? "saved in another tab or window" : "deleted in another tab or window") +
                " after you started editing it here.\n\nWhich version should be kept?";
    d.buttons = {"Keep mine", "Take theirs", "Keep both (mine as a copy)"};
    d.on_answer = [&a, path, found, theirs](int choice, bool, const std::string&) {
      Post* p = find_post_by_path(a, path);
      if (!p) return;
      p->conflict = false;
      if (choice == 0) {
        // Mine wins: save over exactly the version we were shown.
        p->stored.version = found ? theirs.version : 0;
        p->dirty = true;
        save_post(a, id_of(a, p), SaveKind::Explicit);
      } else if (choice == 1 && found) {
        take_theirs(a, theirs);
      } else {
        // Both: my text goes to a new file; the original path shows theirs.
        std::string mine = p->doc.text;
        std::string copy = unique_path(a, path);
        if (found) {
          take_theirs(a, theirs);
        } else {
          drop_post(a, id_of(a, p));
        }
        StoredFile f;
        f.path = copy;
        f.text = mine;
        DocId id = put_post(a, f);
        a.posts[id]->stored = StoredFile{copy, {}, 0, 0};
        a.posts[id]->dirty = true;
        save_post(a, id, SaveKind::Explicit);
      }
      update_window_title(a);
    };
    a.st.dialogs.push_back(std::move(d));
  });
}

//-----------------------------------------------------------------------------
// [SECTION] Changes made elsewhere
//-----------------------------------------------------------------------------
// Another tab saved, renamed or deleted a document. Unchanged posts follow;
// a post with unsaved edits keeps them (its next save reports the conflict).

void on_changed_elsewhere(AppImpl& a, const std::string& path) {
  a.storage->load(path, [&a, path](bool found, StoredFile file, StorageResult r) {
    if (!r.ok) return;
    Post* p = find_post_by_path(a, path);
    if (p && (p->dirty || p->saving)) return;
    if (!found) {
      if (p) drop_post(a, id_of(a, p));
      return;
    }
    if (p && p->stored.version >= file.version) return;  // our own save, or older news
    std::string sel = a.selected < a.posts.size() && a.posts[a.selected] ? a.posts[a.selected]->id : std::string();
    put_post(a, std::move(file));
    (void)sel;
  });
}

//-----------------------------------------------------------------------------
// [SECTION] Frame: timers, shortcuts, notices, title, status bar
//-----------------------------------------------------------------------------

void update_window_title(AppImpl& a) {
  std::string t = "Sheaf";
  if (a.selected < a.posts.size() && a.posts[a.selected]) {
    const Post& p = *a.posts[a.selected];
    t = (p.dirty ? "● " : "") + post_title(a, a.selected) + " — Sheaf";
  }
  if (t != a.st.window_title) {
    a.st.window_title = t;
    platform::set_window_title(t);
  }
}

static void refresh_quota(AppImpl& a) {
  a.st.quota_at = now_s();
  a.storage->estimate([&a](uint64_t used, uint64_t total) {
    a.st.quota_used = used;
    a.st.quota_total = total;
  });
}

static void save_index_cache_later(AppImpl& a) {
  if (!a.ready || a.library.generation() == a.st.cache_generation) return;
  double t = now_s();
  if (a.st.cache_due == 0) {
    a.st.cache_due = t + kCacheDelaySeconds;
    return;
  }
  if (t < a.st.cache_due) return;
  a.st.cache_due = 0;
  a.st.cache_generation = a.library.generation();
  a.storage->save_blob("index-cache", save_index_cache(a.library), [](StorageResult) {});
}

// Notices and the import progress float over the top right of the window,
// so they never shift the panes' layout.
static void draw_overlay(AppImpl& a) {
  double t = now_s();
  a.st.notices.erase(std::remove_if(a.st.notices.begin(), a.st.notices.end(),
                                    [&](const Notice& n) { return n.until > 0 && t > n.until; }),
                     a.st.notices.end());
  const ImportState& im = a.st.import;
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
  if (!a.sidebar.row_marker)
    a.sidebar.row_marker = [&a](DocId id) { return id < a.posts.size() && a.posts[id] && a.posts[id]->dirty; };
  if (!a.sidebar.row_problem)
    a.sidebar.row_problem = [&a](DocId id) {
      int worst = 0;
      if (id < a.posts.size() && a.posts[id])
        for (const Diagnostic& d : a.posts[id]->doc.diagnostics)
          worst = std::max(worst, d.severity == Severity::Error ? 2 : d.severity == Severity::Warning ? 1 : 0);
      return worst;
    };
  double t = now_s();
  ImGuiIO& io = ImGui::GetIO();
  // Ctrl+S (Cmd+S): save every unsaved post now, with durable commits.
  if ((io.KeyCtrl || io.KeySuper) && ImGui::IsKeyPressed(ImGuiKey_S, false)) save_all(a, SaveKind::Explicit);
  // Ctrl+Z outside a text field undoes the last delete while its "Undo" notice
  // shows (afterwards Ctrl+Z belongs to the editor's history only).
  bool undo_offered = std::any_of(a.st.notices.begin(), a.st.notices.end(),
                                  [&a](const Notice& n) { return n.undoes == "trash:" + a.st.last_trash_key; });
  if ((io.KeyCtrl || io.KeySuper) && !io.WantTextInput && ImGui::IsKeyPressed(ImGuiKey_Z, false) &&
      !a.st.last_trash_key.empty() && undo_offered)
    undo_delete(a);
  // Autosave shortly after typing stops; retry failed saves now and then.
  for (DocId i = 0; i < a.posts.size(); i++) {
    Post* p = a.posts[i].get();
    if (!p || !p->dirty || p->saving || p->conflict) continue;
    if (!p->save_error.empty()) {
      if (t >= p->retry_at) save_post(a, i, SaveKind::Auto);
    } else if (t - p->edited_at >= a.st.autosave_delay) {
      save_post(a, i, SaveKind::Auto);
    }
  }
  if (a.ready && t - a.st.quota_at > kQuotaRefreshSeconds) refresh_quota(a);
  save_index_cache_later(a);
  if (a.ready) parse_in_background(a);
  import_frame(a);
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
  size_t unsaved = 0, failed = 0;
  for (const auto& p : a.posts)
    if (p && p->dirty) {
      unsaved++;
      if (!p->save_error.empty()) failed++;
    }
  ImGui::SameLine();
  if (failed)
    // Short here (the theme button shares the line); the notice has the details.
    ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1), "· %zu not saved%s", failed,
                       a.st.last_error.find("full") != std::string::npos ? " (storage full)" : "");
  else if (unsaved)
    ImGui::TextColored(ImVec4(0.75f, 0.45f, 0.0f, 1), "· %zu unsaved", unsaved);
  else if (a.ready)
    ImGui::TextDisabled("· all saved");
  if (a.st.quota_total > 0) {
    ImGui::SameLine();
    ImGui::TextDisabled("· storage %s used, %s free", human_bytes(a.st.quota_used).c_str(),
                        human_bytes(a.st.quota_total - std::min(a.st.quota_used, a.st.quota_total)).c_str());
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Menu
//-----------------------------------------------------------------------------

static Post* selected_post(AppImpl& a) {
  return a.selected < a.posts.size() ? a.posts[a.selected].get() : nullptr;
}

// Opens the platform's picker, or says why there is none and what to do.
static bool pick_or_explain(AppImpl& a, bool folder) {
  std::string why = platform::pick_files(folder);
  if (why.empty()) return true;
  a.status = why;
  show_notice(a, Notice{why, false, "", nullptr, ImGui::GetTime() + 10});
  return false;
}

static void open_new_post_dialog(AppImpl& a) {
  Dialog d;
  d.kind = "new";
  d.title = "New post";
  d.message = "Title of the new post:";
  d.has_input = true;
  d.buttons = {"Create", "Cancel"};
  d.on_answer = [&a](int c, bool, const std::string& title) {
    if (c == 0) new_post(a, title);
  };
  a.st.dialogs.push_back(std::move(d));
}

static void open_rename_dialog(AppImpl& a, const Post& sel) {
  Dialog d;
  d.kind = "rename";
  d.title = "Rename";
  d.message = "New path of “" + post_title(a, a.selected) + "”:";
  d.has_input = true;
  d.input = sel.doc.path;
  d.buttons = {"Rename", "Cancel"};
  std::string path = sel.doc.path;
  d.on_answer = [&a, path](int c, bool, const std::string& to) {
    Post* p = find_post_by_path(a, path);
    if (c == 0 && p) rename_post(a, id_of(a, p), to);
  };
  a.st.dialogs.push_back(std::move(d));
}

void draw_file_menu(AppImpl& a) {
  Post* sel = selected_post(a);
  if (ImGui::BeginMenu("File")) {
    if (ImGui::MenuItem("New post…", nullptr, false, a.ready)) open_new_post_dialog(a);
    if (ImGui::MenuItem("Save", "Ctrl+S", false, a.ready)) save_all(a, SaveKind::Explicit);
    if (ImGui::MenuItem("Rename…", nullptr, false, sel != nullptr)) open_rename_dialog(a, *sel);
    if (ImGui::MenuItem("Duplicate", nullptr, false, sel != nullptr)) duplicate_post(a, a.selected);
    if (ImGui::MenuItem("Delete (to trash)", nullptr, false, sel != nullptr)) delete_post(a, a.selected);
    ImGui::Separator();
    if (ImGui::MenuItem("Import files…", nullptr, false, a.ready)) pick_or_explain(a, false);
    if (ImGui::MenuItem("Import folder…", nullptr, false, a.ready)) pick_or_explain(a, true);
    ImGui::Separator();
    if (ImGui::MenuItem("Export post (.md)", nullptr, false, sel != nullptr)) export_post_markdown(a, a.selected);
    if (ImGui::MenuItem("Export post (HTML)", nullptr, false, sel != nullptr)) export_post_html(a, a.selected);
    if (ImGui::MenuItem("Export notebook (.zip)", nullptr, false, a.ready)) export_notebook_zip(a);
    ImGui::Separator();
    if (ImGui::MenuItem("Trash…", nullptr, a.st.show_trash)) {
      a.st.show_trash = !a.st.show_trash;
      if (a.st.show_trash) refresh_trash(a);
    }
    ImGui::EndMenu();
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Test bridge
//-----------------------------------------------------------------------------

void write_storage_state(const AppImpl& a, JsonWriter& w) {
  w.key("storage").begin_object();
  size_t unsaved = 0, saving = 0;
  w.key("unsaved").begin_array();
  for (const auto& p : a.posts) {
    if (!p) continue;
    if (p->saving) saving++;
    if (!p->dirty) continue;
    unsaved++;
    w.begin_object();
    w.key("path").value(p->doc.path);
    w.key("error").value(p->save_error);
    w.key("conflict").value(p->conflict);
    w.end_object();
  }
  w.end_array();
  w.key("saving").value(int64_t(saving));
  w.key("last_error").value(a.st.last_error);
  w.key("title").value(a.st.window_title);
  w.key("notices").begin_array();
  for (const Notice& n : a.st.notices) {
    w.begin_object();
    w.key("text").value(n.text).key("error").value(n.error).key("action").value(n.action);
    w.key("action_rect").begin_array();
    for (float v : {n.action_rect.x, n.action_rect.y, n.action_rect.z, n.action_rect.w}) w.value(double(v));
    w.end_array();
    w.key("action2").value(n.action2);
    w.key("action2_rect").begin_array();
    for (float v : {n.action2_rect.x, n.action2_rect.y, n.action2_rect.z, n.action2_rect.w}) w.value(double(v));
    w.end_array();
    w.end_object();
  }
  w.end_array();
  if (!a.st.dialogs.empty()) {
    const Dialog& d = a.st.dialogs.front();
    w.key("dialog").begin_object();
    w.key("kind").value(d.kind).key("title").value(d.title).key("message").value(d.message);
    w.key("buttons").begin_array();
    for (const std::string& b : d.buttons) w.value(b);
    w.end_array();
    w.end_object();
  } else {
    w.key("dialog").null();
  }
  w.key("dialogs").value(int64_t(a.st.dialogs.size()));
  const ImportState& im = a.st.import;
  w.key("import").begin_object();
  w.key("active").value(im.active).key("total").value(int64_t(im.total)).key("done").value(int64_t(im.done));
  w.key("added").value(int64_t(im.added)).key("replaced").value(int64_t(im.replaced));
  w.key("skipped").value(int64_t(im.skipped));
  w.key("rejected").begin_array();
  for (const std::string& r : im.rejected) w.value(r);
  w.end_array();
  w.end_object();
  w.key("quota").begin_object();
  w.key("used").value(double(a.st.quota_used)).key("total").value(double(a.st.quota_total));
  w.end_object();
  w.key("trash").begin_array();
  for (const TrashItem& t : a.st.trash) {
    w.begin_object();
    w.key("key").value(t.key).key("path").value(t.path);
    w.end_object();
  }
  w.end_array();
  w.key("undo").value(a.st.last_trash_key);
  w.key("load_ms").value(a.st.load_ms).key("index_ms").value(a.st.index_ms).key("load_kind").value(a.st.load_kind);
  w.key("cache_read_ms").value(a.st.cache_read_ms).key("files_read_ms").value(a.st.files_read_ms);
  w.key("autosave_lag_ms").value(a.st.last_autosave_lag * 1000);
  w.key("list_ms").value(a.st.list_ms).key("list_clock_ms").value(a.st.list_clock_ms);
  w.end_object();
}

static std::string ok_json(bool ok, const std::string& error = {}) {
  JsonWriter w;
  w.begin_object().key("ok").value(ok);
  if (!error.empty()) w.key("error").value(error);
  w.end_object();
  return w.take();
}

static DocId post_arg(AppImpl& a, std::string_view id) {
  if (id.empty()) return a.selected;
  for (DocId i = 0; i < a.posts.size(); i++)
    if (a.posts[i] && (a.posts[i]->id == id || a.posts[i]->doc.path == id)) return i;
  return kNoDoc;
}

std::string storage_bridge_call(AppImpl& a, std::string_view name, std::string_view arg1, std::string_view arg2) {
  auto need_post = [&](DocId& id) {
    id = post_arg(a, arg1);
    return id < a.posts.size() && a.posts[id];
  };
  DocId id = kNoDoc;
  if (name == "setText") {  // (id|path, text): what the editor does for a keystroke
    if (!need_post(id)) return ok_json(false, "no such post");
    a.posts[id]->doc.text = std::string(arg2);
    mark_edited(a, id);
    return ok_json(true);
  }
  if (name == "text") {  // (id|path): the text in memory
    if (!need_post(id)) return ok_json(false, "no such post");
    JsonWriter w;
    w.begin_object().key("ok").value(true).key("text").value(a.posts[id]->doc.text);
    w.key("path").value(a.posts[id]->doc.path).key("dirty").value(a.posts[id]->dirty);
    w.key("version").value(double(a.posts[id]->stored.version)).end_object();
    return w.take();
  }
  if (name == "save") {
    if (arg1.empty()) save_all(a, SaveKind::Explicit);
    else if (need_post(id)) save_post(a, id, SaveKind::Explicit);
    else return ok_json(false, "no such post");
    return ok_json(true);
  }
  if (name == "flush") {
    save_all(a, SaveKind::Flush);
    return ok_json(true);
  }
  if (name == "autosaveDelay") {
    a.st.autosave_delay = std::atof(std::string(arg1).c_str()) / 1000.0;
    return ok_json(true);
  }
  if (name == "answer") {  // (button index, "all")
    bool all = arg2 == "all";
    return ok_json(answer_dialog(a.st.dialogs, std::atoi(std::string(arg1).c_str()), all));
  }
  if (name == "answerInput") {  // (text): fills the dialog's field and presses its first button
    std::string text(arg1);
    return ok_json(answer_dialog(a.st.dialogs, 0, false, &text));
  }
  if (name == "newPost") {
    new_post(a, std::string(arg1));
    return ok_json(true);
  }
  if (name == "rename") {
    if (!need_post(id)) return ok_json(false, "no such post");
    rename_post(a, id, std::string(arg2));
    return ok_json(true);
  }
  if (name == "duplicate") {
    if (!need_post(id)) return ok_json(false, "no such post");
    duplicate_post(a, id);
    return ok_json(true);
  }
  if (name == "delete") {
    if (!need_post(id)) return ok_json(false, "no such post");
    delete_post(a, id);
    return ok_json(true);
  }
  if (name == "undo") {
    if (a.st.last_trash_key.empty()) return ok_json(false, "nothing to undo");
    undo_delete(a);
    return ok_json(true);
  }
  if (name == "listTrash") {
    refresh_trash(a);
    return ok_json(true);
  }
  if (name == "restore") {
    restore_trash_item(a, std::string(arg1));
    return ok_json(true);
  }
  if (name == "emptyTrash") {
    empty_trash(a);
    return ok_json(true);
  }
  if (name == "exportPost" || name == "exportHtml") {
    if (!need_post(id)) return ok_json(false, "no such post");
    if (name == "exportPost") export_post_markdown(a, id);
    else export_post_html(a, id);
    return ok_json(true);
  }
  if (name == "exportZip") {
    export_notebook_zip(a);
    return ok_json(true);
  }
  if (name == "quota") {
    refresh_quota(a);
    return ok_json(true);
  }
  if (name == "saveIndexCache") {
    a.st.cache_generation = a.library.generation();
    a.storage->save_blob("index-cache", save_index_cache(a.library), [](StorageResult) {});
    return ok_json(true);
  }
  if (name == "menu") {  // (item): runs a File menu action without the mouse
    if (arg1 == "importFiles") return ok_json(pick_or_explain(a, false));
    if (arg1 == "importFolder") return ok_json(pick_or_explain(a, true));
    if (arg1 == "newPost" && a.ready) {  // the dialogs, as the menu opens them (screenshots)
      open_new_post_dialog(a);
      return ok_json(true);
    }
    if (arg1 == "rename" && selected_post(a)) {
      open_rename_dialog(a, *selected_post(a));
      return ok_json(true);
    }
    return ok_json(false, "unknown menu item");
  }
  return ok_json(false, "unknown call " + std::string(name));
}

}  // namespace sheaf
