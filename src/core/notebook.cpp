// Sheaf core: the notebook, headless (see notebook.h).
//
// Index of this file:
// [SECTION] Clock, hash, names
// [SECTION] Posts
// [SECTION] Loading (cold, warm, reconcile)
// [SECTION] Edits and saves
// [SECTION] Conflicts and changes made elsewhere
// [SECTION] Document actions and the trash
// [SECTION] Import
// [SECTION] Each frame
#include "core/notebook.h"

#include "core/scan.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>
#include <ctime>

#include "core/assets.h"
#include "core/folder_storage.h"
#include "core/index_cache.h"
#include "core/utf8.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Clock, hash, names
//-----------------------------------------------------------------------------

double steady_ms() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

NotebookClock NotebookClock::system() {
  NotebookClock c;
  c.seconds = [] { return steady_ms() / 1000.0; };
  c.wall_ms = [] {
    return int64_t(std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count());
  };
  return c;
}

// Eight bytes a step: it runs on every keystroke, over the whole post.
uint64_t text_hash(std::string_view text) { return content_hash(text); }

std::string Notebook::id_for_path(const std::string& path) {
  size_t dot = path.rfind('.');
  size_t slash = path.rfind('/');
  if (dot != std::string::npos && (slash == std::string::npos || dot > slash)) return path.substr(0, dot);
  return path;
}

std::string Notebook::slug_for_title(const std::string& title) {
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

std::string Notebook::today() const {
  std::time_t t = std::time_t(wall() / 1000);
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
    if (c == '\n' || c == '\r') {
      out += ' ';
      continue;
    }
    out += c;
  }
  return out + "\"";
}

//-----------------------------------------------------------------------------
// [SECTION] Posts
//-----------------------------------------------------------------------------

Notebook::Notebook(Storage& storage, NotebookClock clock, NotebookOptions options)
    : storage_(storage), clock_(std::move(clock)), options_(std::move(options)),
      alive_(std::make_shared<Notebook*>(this)) {
  // After a warm start the search text is folded from the posts' bytes when
  // first needed (or while idle), not during loading.
  library_.set_text_source([this](DocId id, const LibraryEntry&) -> const std::string* {
    const Post* p = post(id);
    return p && p->loaded ? &p->doc.text : nullptr;
  });
  // is:future asks the notebook's wall clock (a fake one in tests).
  if (clock_.wall_ms) library_.set_clock([this] { return wall() / 1000; });
}

Notebook::~Notebook() { *alive_ = nullptr; }

// Wraps a storage callback so it does nothing once the notebook is gone.
#define SHEAF_ALIVE_GUARD()         \
  std::weak_ptr<Notebook*> alive = alive_; \
  (void)alive
#define SHEAF_IF_GONE_RETURN() \
  if (alive.expired() || !*alive.lock()) return

Post* Notebook::find_by_path(std::string_view path) { return post(library_.find(path)); }

DocId Notebook::find_by_id(std::string_view id) const {
  if (id.empty()) return kNoDoc;
  DocId by_path = library_.find(id);
  if (by_path != kNoDoc) return by_path;
  for (DocId i = 0; i < posts_.size(); i++)
    if (posts_[i] && posts_[i]->id == id) return i;
  return kNoDoc;
}

std::string Notebook::title(DocId id) const {
  if (const LibraryEntry* e = library_.entry(id)) return e->title;
  const Post* p = post(id);
  return p ? p->doc.title : std::string();
}

size_t Notebook::unsaved_count() const {
  size_t n = 0;
  for (const auto& p : posts_) n += p && p->loaded && p->dirty();
  return n;
}

size_t Notebook::failed_count() const {
  size_t n = 0;
  for (const auto& p : posts_) n += p && p->dirty() && !p->save_error.empty();
  return n;
}

size_t Notebook::saving_count() const {
  size_t n = 0;
  for (const auto& p : posts_) n += p && p->saving;
  return n;
}

std::string Notebook::unique_path(const std::string& path) const {
  if (library_.find(path) == kNoDoc) return path;
  size_t slash = path.rfind('/');
  size_t dot = path.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) dot = path.size();
  std::string stem = path.substr(0, dot), ext = path.substr(dot);
  for (int n = 2;; n++) {
    std::string p = stem + " (" + std::to_string(n) + ")" + ext;
    if (library_.find(p) == kNoDoc) return p;
  }
}

DocId Notebook::put(StoredFile file) {
  auto p = std::make_unique<Post>();
  p->id = id_for_path(file.path);
  p->doc = parse_post(file.path, std::move(file.text));
  p->text_hash = p->stored_hash = text_hash(p->doc.text);
  file.text.clear();
  DocId id = library_.put(p->doc, file.modified, file.version);
  if (id >= posts_.size()) posts_.resize(id + 1);
  p->version = ++versions_;
  p->span_base = 0;
  if (posts_[id] && options_.before_drop) options_.before_drop(id, *posts_[id], true);
  p->stored = std::move(file);
  posts_[id] = std::move(p);
  return id;
}

void Notebook::drop(DocId id) {
  Post* p = post(id);
  if (!p) return;
  std::string path = p->doc.path;
  if (options_.before_drop) options_.before_drop(id, *p, false);
  library_.remove(path);
  conflicts_.erase(path);
  posts_[id].reset();
  NotebookEvent e(NotebookEvent::Kind::Dropped);
  e.path = std::move(path);
  emit(std::move(e));
}

// A post that exists only in memory yet: the first save creates it (checked:
// the path must still be free).
DocId Notebook::add_unsaved(const std::string& path, std::string text, SaveKind kind) {
  DocId id = put(StoredFile{path, std::move(text), 0, 0});
  Post& p = *posts_[id];
  p.stored = StoredFile{path, {}, 0, 0};
  p.unconfirmed = true;
  save(id, kind);
  return id;
}

void Notebook::ensure_parsed(DocId id) {
  Post* p = post(id);
  if (!p || p->parsed || !p->loaded) return;
  std::string path = p->doc.path;
  p->doc = parse_post(path, std::move(p->doc.text));
  p->parsed = true;
  p->version = ++versions_;
  p->span_base = 0;
}

//-----------------------------------------------------------------------------
// [SECTION] Loading (cold, warm, reconcile)
//-----------------------------------------------------------------------------
// With a usable index cache, posts start unparsed: the library entries come
// from the cache and each Document is parsed when first needed (selection,
// export, edit) or in the background a few milliseconds per tick.

void Notebook::load() {
  state_ = LoadState::Loading;
  stats_ = LoadStats{};
  stats_.started_ms = steady_ms();
  SHEAF_ALIVE_GUARD();
  storage_.load_blob("index-cache", [this, alive](bool, std::string cache) {
    SHEAF_IF_GONE_RETURN();
    stats_.cache_read_ms = steady_ms() - stats_.started_ms;
    if (list_from_cache(cache)) {
      state_ = LoadState::Listed;
      cache.clear();
      emit(NotebookEvent{NotebookEvent::Kind::Listed});
    }
    storage_.load_all([this, alive, cache = std::move(cache)](std::vector<StoredFile> files, StorageResult result) {
      SHEAF_IF_GONE_RETURN();
      finish_load(std::move(files), cache, std::move(result));
    });
    // Asked after the files, so the list is never held back by it: the
    // library takes the site's rules whenever it answers.
    reload_site();
  });
}

void Notebook::reload_site() {
  SHEAF_ALIVE_GUARD();
  storage_.load_asset("_config.yml", [this, alive](bool found, std::string text, StorageResult) {
    SHEAF_IF_GONE_RETURN();
    take_site(found, std::move(text));
  });
}

void Notebook::take_site(bool found, std::string text) {
  site_loads_++;
  if (found == site_found_ && text == site_text_) return;  // unchanged: nothing to re-apply
  site_found_ = found;
  site_text_ = std::move(text);
  const std::string separator = site_->excerpt_separator;
  site_ = std::make_shared<const Site>(found ? parse_site_config(site_text_) : Site{});
  library_.set_site(site_);
  // The excerpt marker is in the tree: parsed posts are parsed again under a
  // new separator (once per change of _config.yml; the text is untouched).
  if (site_->excerpt_separator != separator)
    for (auto& p : posts_)
      if (p && p->parsed && p->loaded) {
        std::string path = p->doc.path;
        p->doc = parse_post(path, std::move(p->doc.text));
        p->version = ++versions_;
        p->span_base = 0;
      }
}

// Posts are parsed with the site's excerpt separator (<!--more--> without one).
Document Notebook::parse_post(std::string path, std::string text) const {
  return parse_document(std::move(path), std::move(text), site_->excerpt_separator);
}

void Notebook::finish_load(std::vector<StoredFile> files, const std::string& cache, StorageResult result) {
  stats_.files_read_ms = steady_ms() - stats_.started_ms;
  scan_ = stats_of(files);
  if (!result.ok) load_error_ = result.error;
  if (state_ == LoadState::Listed) take_files(std::move(files));
  else load_cold(std::move(files), cache);
  state_ = LoadState::Ready;
  NotebookEvent e(NotebookEvent::Kind::Ready);
  e.error = load_error_;
  emit(std::move(e));
  if (rescan_after_load_) {
    rescan_after_load_ = false;
    rescan();
  }
}

void Notebook::load_cold(std::vector<StoredFile> files, const std::string& cache) {
  double t0 = steady_ms();
  posts_.clear();
  library_.clear();
  if (cache.empty()) {
    posts_.reserve(files.size());
    for (StoredFile& f : files) put(std::move(f));
    stats_.kind = "cold";
  } else {
    LibraryLoadStats s = load_library(library_, files, cache);
    stats_.kind = s.cache_used ? "warm" : "cold";
    stats_.reparsed = s.parsed;
    posts_.resize(library_.slot_count());
    for (StoredFile& f : files) {
      DocId id = library_.find(f.path);
      if (id == kNoDoc) continue;
      if (id >= posts_.size()) posts_.resize(id + 1);
      auto p = std::make_unique<Post>();
      p->id = id_for_path(f.path);
      p->doc.path = f.path;
      p->doc.text = std::move(f.text);
      p->text_hash = p->stored_hash = text_hash(p->doc.text);
      f.text.clear();
      p->parsed = false;
      p->stored = std::move(f);
      posts_[id] = std::move(p);
    }
  }
  // An unchanged notebook needs no new cache; a cold start or changed files do.
  cache_generation_ = stats_.kind == "warm" && stats_.reparsed == 0 ? library_.generation() : 0;
  stats_.index_ms = steady_ms() - t0;
  stats_.load_ms = steady_ms() - stats_.started_ms;
  stats_.list_ms = stats_.load_ms;
  stats_.list_clock_ms = steady_ms();
}

bool Notebook::list_from_cache(const std::string& cache) {
  if (cache.empty()) return false;
  double t0 = steady_ms();
  LibraryLoadStats s;
  if (!restore_library(library_, cache, &s)) return false;
  posts_.clear();
  posts_.resize(library_.slot_count());
  for (DocId id : library_.ids()) {
    const LibraryEntry* e = library_.entry(id);
    auto p = std::make_unique<Post>();
    p->id = id_for_path(e->path);
    p->doc.path = e->path;
    p->parsed = false;
    p->loaded = false;
    p->stored.path = e->path;
    p->stored.modified = e->modified;
    p->stored.version = e->version;
    posts_[id] = std::move(p);
  }
  stats_.kind = "warm";
  stats_.index_ms = steady_ms() - t0;
  stats_.list_clock_ms = steady_ms();
  stats_.list_ms = stats_.list_clock_ms - stats_.started_ms;
  return true;
}

void Notebook::take_files(std::vector<StoredFile> files) {
  double t0 = steady_ms();
  LibraryLoadStats s = reconcile_library(library_, files);
  stats_.reparsed = s.parsed;
  // Posts follow the library's ids: unchanged files keep theirs (and the
  // selection); new files get new ones; posts whose file is gone go.
  std::vector<std::unique_ptr<Post>> old = std::move(posts_);
  posts_.clear();
  posts_.resize(library_.slot_count());
  for (StoredFile& f : files) {
    DocId id = library_.find(f.path);
    if (id == kNoDoc) continue;
    if (id >= posts_.size()) posts_.resize(id + 1);
    std::unique_ptr<Post> p;
    if (id < old.size() && old[id] && old[id]->doc.path == f.path) p = std::move(old[id]);
    else p = std::make_unique<Post>();
    p->id = id_for_path(f.path);
    p->doc = Document{};
    p->doc.path = f.path;
    p->doc.text = std::move(f.text);
    p->text_hash = p->stored_hash = text_hash(p->doc.text);
    f.text.clear();
    p->parsed = false;
    p->loaded = true;
    p->version = ++versions_;
    p->span_base = 0;
    p->stored = std::move(f);
    posts_[id] = std::move(p);
  }
  for (DocId i = 0; i < old.size(); i++)
    if (const auto& gone = old[i]) {
      if (options_.before_drop) options_.before_drop(i, *gone, false);
      NotebookEvent e(NotebookEvent::Kind::Dropped);
      e.path = gone->doc.path;
      emit(std::move(e));
    }
  cache_generation_ = stats_.reparsed == 0 ? library_.generation() : 0;
  stats_.index_ms += steady_ms() - t0;
  stats_.load_ms = steady_ms() - stats_.started_ms;
}

void Notebook::parse_in_background() {
  double until = steady_ms() + 4;
  // The search text first, so the first search does not wait for it.
  for (size_t left = library_.pending_text(); left && steady_ms() < until;) {
    size_t now_left = library_.build_pending_text(64);
    if (now_left == left) break;  // the rest has no bytes to fold (yet)
    left = now_left;
  }
  for (DocId i = 0; i < posts_.size() && steady_ms() < until; i++)
    if (posts_[i] && !posts_[i]->parsed) ensure_parsed(i);
}

//-----------------------------------------------------------------------------
// [SECTION] Edits and saves
//-----------------------------------------------------------------------------

void Notebook::set_text(DocId id, std::string text) {
  Post* p = post(id);
  if (!p) return;
  p->doc.text = std::move(text);
  text_changed(id);
}

void Notebook::text_changed(DocId id) {
  Post* p = post(id);
  if (!p) return;
  std::string path = p->doc.path;
  p->doc = parse_post(path, std::move(p->doc.text));
  p->span_base = 0;
  p->check_parse = false;
  after_edit(*p);
}

void Notebook::edit_text(DocId id, std::string text, uint32_t at, uint32_t removed, uint32_t inserted) {
  Post* p = post(id);
  if (!p) return;
  if (!p->parsed || !p->loaded) {
    p->doc.text = std::move(text);
    return text_changed(id);
  }
  const uint64_t base = p->version;
  p->span = reparse_after_edit(p->doc, std::move(text), at, removed, inserted);
  p->span_base = p->span.full ? 0 : base;
  p->check_parse = p->check_parse || !p->span.full;
  after_edit(*p);
}

// What every edit does after the parse: a new version, the hash that says
// unsaved, the index entry and the autosave clock.
// Typing leaves the folding of the body for search to the first query or
// to idle time (parse_in_background), so a keystroke does not redo it.
void Notebook::after_edit(Post& p) {
  p.parsed = true;
  p.loaded = true;
  p.version = ++versions_;
  p.text_hash = text_hash(p.doc.text);
  library_.put(make_entry_body_pending(p.doc, wall(), p.stored.version, p.text_hash));
  p.edited_at = now();
}

void Notebook::save(DocId id, SaveKind kind) {
  Post* pp = post(id);
  if (!pp || !pp->loaded) return;
  Post& p = *pp;
  if (!p.dirty() || p.conflict) return;
  // One save at a time per post, except when the page is going away: then a
  // second one is queued behind the first (backends run them in order).
  if (p.saving > 0 && kind != SaveKind::Flush) {
    p.save_again = true;
    return;
  }
  if (kind == SaveKind::Auto) last_autosave_lag_ = now() - p.edited_at;
  StoredFile f;
  f.path = p.doc.path;
  f.text = p.doc.text;
  f.modified = wall();
  f.version = p.stored.version + uint64_t(p.saving);  // what storage will hold when it gets to this one
  SaveOptions o;
  o.check_version = true;
  o.strict = kind == SaveKind::Explicit;
  p.saving++;
  p.save_again = false;
  std::string path = f.path;
  const uint64_t sent = p.text_hash;
  const int64_t modified = f.modified;
  const uint64_t size = f.text.size();
  SHEAF_ALIVE_GUARD();
  storage_.save(f, o, [this, alive, path, sent, modified, size, kind](StorageResult r, uint64_t version) {
    SHEAF_IF_GONE_RETURN();
    Post* q = find_by_path(path);
    if (!q) return;  // renamed or deleted meanwhile: its own action saved it
    q->saving = std::max(0, q->saving - 1);
    // Our own write is no news to the next scan (it would read the file back to find out).
    if (r.ok && r.modified) note_own_write(FileStat{path, r.modified, size});
    if (r.ok) {
      if (version > q->stored.version) {
        q->stored_hash = sent;
        q->unconfirmed = false;
        q->stored.version = version;
        q->stored.modified = modified;
      }
      q->save_error.clear();
      q->retry_at = 0;
      if (kind == SaveKind::Explicit) {
        NotebookEvent e(NotebookEvent::Kind::Saved);
        e.path = path;
        emit(std::move(e));
      }
      if (q->dirty() && q->save_again) save(library_.find(path), SaveKind::Auto);
    } else if (r.conflict) {
      if (q->saving == 0) on_conflict(path);
    } else {
      q->save_error = r.error;
      q->retry_at = now() + options_.retry_seconds;
      last_error_ = r.error;
      NotebookEvent e(NotebookEvent::Kind::SaveFailed);
      e.path = path;
      e.error = r.error;
      e.quota = r.quota;
      emit(std::move(e));
    }
  });
}

void Notebook::save_all(SaveKind kind) {
  for (DocId i = 0; i < posts_.size(); i++)
    if (posts_[i] && posts_[i]->dirty()) save(i, kind);
}

//-----------------------------------------------------------------------------
// [SECTION] Conflicts and changes made elsewhere
//-----------------------------------------------------------------------------

void Notebook::take_theirs(const StoredFile& theirs) {
  Post* p = find_by_path(theirs.path);
  if (!p) return;
  p->doc = parse_post(theirs.path, theirs.text);
  p->parsed = true;
  p->loaded = true;
  p->version = ++versions_;
  p->span_base = 0;
  p->stored = theirs;
  p->stored.text.clear();
  p->text_hash = p->stored_hash = text_hash(p->doc.text);
  p->unconfirmed = false;
  p->conflict = false;
  p->save_error.clear();
  library_.put(p->doc, theirs.modified, theirs.version);
}

void Notebook::on_conflict(const std::string& path) {
  Post* p = find_by_path(path);
  if (!p || p->conflict) return;
  p->conflict = true;
  SHEAF_ALIVE_GUARD();
  storage_.load(path, [this, alive, path](bool found, StoredFile theirs, StorageResult) {
    SHEAF_IF_GONE_RETURN();
    if (!find_by_path(path)) return;
    conflicts_[path] = Conflict{found, std::move(theirs)};
    NotebookEvent e(NotebookEvent::Kind::Conflict);
    e.path = path;
    e.found = found;
    e.outside = storage_.shared_with_other_programs();
    emit(std::move(e));
  });
}

void Notebook::resolve_conflict(const std::string& path, ConflictChoice choice) {
  auto it = conflicts_.find(path);
  Post* p = find_by_path(path);
  if (it == conflicts_.end() || !p) return;
  Conflict c = std::move(it->second);
  conflicts_.erase(it);
  p->conflict = false;
  if (choice == ConflictChoice::KeepMine) {
    // Mine wins: save over exactly the version we were shown.
    p->stored.version = c.found ? c.theirs.version : 0;
    p->unconfirmed = true;
    save(library_.find(path), SaveKind::Explicit);
  } else if (choice == ConflictChoice::TakeTheirs && c.found) {
    take_theirs(c.theirs);
  } else {
    // Both: my text goes to a new file; the original path shows theirs (or
    // goes, when the other side deleted it).
    std::string mine = p->doc.text;
    std::string copy = unique_path(path);
    if (c.found) take_theirs(c.theirs);
    else drop(library_.find(path));
    add_unsaved(copy, std::move(mine), SaveKind::Explicit);
    NotebookEvent e(NotebookEvent::Kind::Open);
    e.path = copy;
    emit(std::move(e));
  }
}

void Notebook::changed_elsewhere(const std::string& path) {
  SHEAF_ALIVE_GUARD();
  storage_.load(path, [this, alive, path](bool found, StoredFile file, StorageResult r) {
    SHEAF_IF_GONE_RETURN();
    if (!r.ok) return;
    Post* p = find_by_path(path);
    if (p && (p->dirty() || p->saving)) return;
    if (!found) {
      if (p) drop(library_.find(path));
      return;
    }
    if (p && p->stored.version >= file.version) return;  // our own save, or older news
    put(std::move(file));
  });
}

void Notebook::note_own_write(FileStat stat) {
  auto it = std::lower_bound(scan_.begin(), scan_.end(), stat.path,
                             [](const FileStat& a, const std::string& p) { return a.path < p; });
  if (it != scan_.end() && it->path == stat.path) *it = std::move(stat);
  else scan_.insert(it, std::move(stat));
}

void Notebook::rescan() {
  if (state_ != LoadState::Ready) {
    rescan_after_load_ = state_ != LoadState::Idle;  // a change seen while loading is looked at once it is done
    return;
  }
  if (rescanning_) return;
  rescanning_ = true;
  reload_site();
  SHEAF_ALIVE_GUARD();
  storage_.list_stats([this, alive](std::vector<FileStat> stats, StorageResult r) {
    SHEAF_IF_GONE_RETURN();
    rescanning_ = false;
    if (!r.ok) return;
    ScanDiff d = diff_scans(scan_, stats);
    scan_ = std::move(stats);
    rescans_++;
    last_rescan_changes_ = d.size();
    for (const auto* list : {&d.changed, &d.added, &d.removed})
      for (const std::string& path : *list) outside_change(path);
  });
}

// A file another program touched: read it and follow it, or ask.
void Notebook::outside_change(const std::string& path) {
  SHEAF_ALIVE_GUARD();
  storage_.load(path, [this, alive, path](bool found, StoredFile file, StorageResult r) {
    SHEAF_IF_GONE_RETURN();
    if (!r.ok) return;
    Post* p = find_by_path(path);
    if (!p) {
      if (found) put(std::move(file));  // a new file
      return;
    }
    if (found && p->stored.version >= file.version && !p->unconfirmed) return;  // our own save
    if (p->saving || p->conflict) return;  // the save meets the change, or the user is already asked
    if (p->dirty()) {
      // Unsaved edits are never replaced: the user chooses.
      p->conflict = true;
      NotebookEvent e(NotebookEvent::Kind::Conflict);
      e.path = path;
      e.found = found;
      e.outside = true;
      conflicts_[path] = Conflict{found, std::move(file)};
      emit(std::move(e));
      return;
    }
    if (!found) {
      drop(library_.find(path));
      return;
    }
    put(std::move(file));
    emit(NotebookEvent(NotebookEvent::Kind::Reloaded, path));
  });
}

//-----------------------------------------------------------------------------
// [SECTION] Document actions and the trash
//-----------------------------------------------------------------------------

DocId Notebook::new_post(const std::string& title_in) {
  std::string title = title_in.empty() ? std::string("새 글") : title_in;
  std::string date = today();
  std::string path = unique_path("_posts/" + date + "-" + slug_for_title(title) + ".md");
  std::string text = "---\ntitle: " + yaml_quoted(title) + "\ndate: " + date + "\ntags: []\n---\n\n";
  DocId id = add_unsaved(path, std::move(text), SaveKind::Explicit);
  NotebookEvent e(NotebookEvent::Kind::Open);
  e.path = path;
  emit(std::move(e));
  return id;
}

void Notebook::rename(DocId id, const std::string& to_in) {
  Post* p = post(id);
  if (!p) return;
  std::string from = p->doc.path;
  std::string to = to_in;
  while (!to.empty() && to.front() == '/') to.erase(to.begin());
  if (to.empty() || to == from) return;
  if (library_.find(to) != kNoDoc) return emit_failure("Cannot rename: " + to + " already exists.");
  if (p->stored.version == 0) {
    // Never stored yet: just take the new name in memory.
    std::string text = p->doc.text;
    drop(id);
    add_unsaved(to, std::move(text), SaveKind::Explicit);
    NotebookEvent e(NotebookEvent::Kind::Renamed);
    e.path = from;
    e.to = to;
    emit(std::move(e));
    return;
  }
  SHEAF_ALIVE_GUARD();
  storage_.rename(from, to, [this, alive, from, to](StorageResult r) {
    SHEAF_IF_GONE_RETURN();
    if (!r.ok) return emit_failure("Rename failed: " + r.error);
    Post* p = find_by_path(from);
    if (!p) return;
    StoredFile stored = p->stored;
    stored.path = to;
    std::string text = p->doc.text;
    const uint64_t confirmed = p->stored_hash;
    const bool unconfirmed = p->unconfirmed;
    const bool dirty = p->dirty();
    drop(library_.find(from));
    StoredFile f = stored;
    f.text = std::move(text);
    DocId nid = put(std::move(f));
    posts_[nid]->stored = stored;
    posts_[nid]->stored_hash = confirmed;
    posts_[nid]->unconfirmed = unconfirmed;
    if (dirty) save(nid, SaveKind::Auto);
    NotebookEvent e(NotebookEvent::Kind::Renamed);
    e.path = from;
    e.to = to;
    emit(std::move(e));
  });
}

DocId Notebook::duplicate(DocId id) {
  Post* p = post(id);
  if (!p) return kNoDoc;
  std::string path = unique_path(p->doc.path);
  DocId nid = add_unsaved(path, p->doc.text, SaveKind::Explicit);
  NotebookEvent e(NotebookEvent::Kind::Open);
  e.path = path;
  emit(std::move(e));
  return nid;
}

void Notebook::trash_stored(const std::string& path) {
  SHEAF_ALIVE_GUARD();
  storage_.move_to_trash(path, [this, alive, path](StorageResult r, TrashItem item) {
    SHEAF_IF_GONE_RETURN();
    if (!r.ok) {
      emit_failure("Delete failed: " + r.error);
      return;
    }
    if (find_by_path(path)) drop(library_.find(path));
    last_trash_key_ = item.key;
    NotebookEvent e(NotebookEvent::Kind::Trashed);
    e.path = path;
    e.key = item.key;
    emit(std::move(e));
  });
}

void Notebook::trash(DocId id) {
  Post* p = post(id);
  if (!p) return;
  std::string path = p->doc.path;
  if (p->stored.version == 0) {
    // Nothing stored yet: nothing to trash either.
    drop(id);
    return;
  }
  if (p->dirty()) {
    // Store the latest text first, so the trash holds what the user saw.
    StoredFile f{path, p->doc.text, 0, p->stored.version};
    SHEAF_ALIVE_GUARD();
    storage_.save(f, SaveOptions{}, [this, alive, path](StorageResult r, uint64_t) {
      SHEAF_IF_GONE_RETURN();
      if (!r.ok) {
        emit_failure("Not deleted: the latest text could not be saved (" + r.error + ")");
        return;
      }
      trash_stored(path);
    });
    return;
  }
  trash_stored(path);
}

void Notebook::restore(const std::string& key) {
  SHEAF_ALIVE_GUARD();
  storage_.restore_from_trash(key, [this, alive, key](StorageResult r, StoredFile f) {
    SHEAF_IF_GONE_RETURN();
    if (!r.ok) {
      emit_failure("Restore failed: " + r.error);
      return;
    }
    if (last_trash_key_ == key) last_trash_key_.clear();
    std::string path = f.path;
    put(std::move(f));
    NotebookEvent e(NotebookEvent::Kind::Restored);
    e.path = path;
    e.key = key;
    emit(e);
    e.kind = NotebookEvent::Kind::Open;
    emit(std::move(e));
  });
}

void Notebook::undo_trash() {
  if (!last_trash_key_.empty()) restore(last_trash_key_);
}

void Notebook::list_trash() {
  SHEAF_ALIVE_GUARD();
  storage_.list_trash([this, alive](std::vector<TrashItem> items, StorageResult r) {
    SHEAF_IF_GONE_RETURN();
    trash_ = std::move(items);
    if (!r.ok) {
      emit_failure(r.error);
    }
  });
}

void Notebook::empty_trash() {
  SHEAF_ALIVE_GUARD();
  storage_.empty_trash([this, alive](StorageResult r) {
    SHEAF_IF_GONE_RETURN();
    if (!r.ok) {
      emit_failure(r.error);
    }
    last_trash_key_.clear();
    list_trash();
  });
}

//-----------------------------------------------------------------------------
// [SECTION] Import
//-----------------------------------------------------------------------------
// Files arrive one by one (the browser reads them asynchronously) into a
// queue; each tick places some. A name clash stops the queue on a question:
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

void Notebook::import_begin(int total) {
  if (!import_.active) import_ = ImportProgress{};
  import_.active = true;
  import_.total += total;
}

// The first lines of converted text, for the question.
static std::string preview_lines(const std::string& utf8) {
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
  return preview;
}

void Notebook::import_add(std::string path, std::string bytes) {
  if (!import_.active) import_begin(1);  // a lone file (e.g. a desktop drop)
  import_.received++;
  // A dropped name may climb ("../"), nest oddly or carry control bytes: it
  // is made safe, and the event says what it became.
  std::string safe = sanitize_relative_path(path);
  if (safe.empty()) return import_reject(path, "no usable file name");
  if (safe != path &&
      !(path.size() == safe.size() + 1 && path[0] == '/' && path.compare(1, std::string::npos, safe) == 0)) {
    NotebookEvent e(NotebookEvent::Kind::ImportRenamed);
    e.path = safe;
    e.to = path;
    emit(std::move(e));
  }
  path = std::move(safe);
  if (has_image_extension(path)) return import_image(std::move(path), std::move(bytes));
  if (!importable_name(path)) return import_reject(path, "not a Markdown or text file (.md, .markdown, .txt)");
  size_t bad = 0;
  if (!utf8_valid(bytes, &bad)) {
    // Say what the bytes most likely are, and where UTF-8 breaks.
    LineCol lc = line_col_at(bytes, bad);
    std::string where = " (line " + std::to_string(lc.line) + ", column " + std::to_string(lc.column) + ")";
    const char* enc = guess_legacy_encoding(bytes);
    std::string utf8;
    if (enc && options_.decode_legacy && options_.decode_legacy(bytes, enc, utf8) && utf8_valid(utf8)) {
      // The user chooses; the import waits for the answer (the file is not done).
      NotebookEvent e(NotebookEvent::Kind::ImportConvert);
      e.path = path;
      e.encoding = enc;
      e.text = preview_lines(utf8);
      conversions_[path] = Conversion{std::move(utf8), enc};
      import_.asking = true;
      emit(std::move(e));
      return;
    }
    if (enc && std::string_view(enc) == "EUC-KR")
      import_reject(path, "not UTF-8: it reads as EUC-KR Korean" + where + "; save it as UTF-8 and drop it again");
    else if (enc)
      import_reject(path, std::string("not UTF-8: it is ") + enc +
                              " text (it starts with a byte-order mark); save it as UTF-8 and drop it again");
    else
      import_reject(path, "not valid UTF-8 text" + where);
    return;
  }
  import_queue_.push_back(StoredFile{std::move(path), std::move(bytes), 0, 0});
}

void Notebook::answer_conversion(const std::string& path, bool convert) {
  auto it = conversions_.find(path);
  if (it == conversions_.end()) return;
  std::string utf8 = std::move(it->second.utf8);
  const std::string enc = it->second.encoding == "EUC-KR" ? "EUC-KR (Korean)" : it->second.encoding;
  conversions_.erase(it);
  import_.asking = !conversions_.empty();
  if (convert) {
    import_queue_.push_back(StoredFile{path, std::move(utf8), 0, 0});
    NotebookEvent e(NotebookEvent::Kind::ImportConverted);
    e.path = path;
    emit(std::move(e));
  } else {
    import_.done++;
    import_.skipped++;
    import_.rejected.push_back(path + ": not UTF-8 (" + enc + "), skipped");
  }
}

// An image that came with the posts (a dropped site folder's assets/): kept
// beside them as an asset; a lone image is refused (it goes into a post). Its path starts at its "assets/" folder when it has
// one, so the posts' "/assets/..." links find it; an asset already there with
// other bytes is left alone and the image is reported as skipped.
void Notebook::import_image(std::string path, std::string bytes) {
  // A lone image (not inside a dropped folder) belongs in a post, not loose in the site.
  std::string why = path.find('/') == std::string::npos
                        ? path + ": an image; open a post in Edit or Side by side and drop it there to add it to the post"
                        : image_refusal(path, bytes);
  if (!why.empty()) {
    import_.done++;
    import_.rejected.push_back(why);
    NotebookEvent e(NotebookEvent::Kind::ImportRejected);
    e.path = path;
    e.error = why.substr(std::min(why.size(), path.size() + 2));
    emit(std::move(e));
    return;
  }
  std::string target = path;
  if (target.rfind("assets/", 0) != 0) {
    size_t at = target.find("/assets/");
    if (at != std::string::npos) target = target.substr(at + 1);
  }
  SHEAF_ALIVE_GUARD();
  auto data = std::make_shared<std::string>(std::move(bytes));
  storage_.load_asset(target, [this, alive, target, data](bool found, std::string existing, StorageResult) {
    SHEAF_IF_GONE_RETURN();
    auto fail = [this, target](std::string reason) {
      import_.done++;
      import_.rejected.push_back(target + ": " + reason);
      NotebookEvent e(NotebookEvent::Kind::ImportRejected);
      e.path = target;
      e.error = std::move(reason);
      emit(std::move(e));
    };
    if (found && existing == *data) {  // the same image: nothing to do
      import_.done++;
      import_.images++;
      return;
    }
    if (found) return fail("an image with other bytes is at this path in the notebook; kept the notebook's");
    storage_.save_asset(target, *data, [this, alive, target, fail](StorageResult r) {
      SHEAF_IF_GONE_RETURN();
      if (!r.ok) return fail(r.error.empty() ? std::string("could not be saved") : r.error);
      import_.done++;
      import_.images++;
    });
  });
}

void Notebook::import_reject(std::string name, std::string reason) {
  if (!import_.active) import_begin(1);
  import_.done++;
  import_.rejected.push_back(name + ": " + reason);
  NotebookEvent e(NotebookEvent::Kind::ImportRejected);
  e.path = std::move(name);
  e.error = std::move(reason);
  emit(std::move(e));
}

void Notebook::place_import(StoredFile f, ClashChoice choice) {
  import_.done++;
  Post* existing = find_by_path(f.path);
  DocId id = kNoDoc;
  std::string placed = f.path;
  if (!existing) {
    id = add_unsaved(f.path, std::move(f.text), SaveKind::Import);
    import_.added++;
  } else if (choice == ClashChoice::Replace) {  // an edit of the existing post
    id = library_.find(f.path);
    set_text(id, std::move(f.text));
    save(id, SaveKind::Explicit);
    import_.replaced++;
  } else if (choice == ClashChoice::KeepBoth) {
    placed = unique_path(f.path);
    id = add_unsaved(placed, std::move(f.text), SaveKind::Import);
    import_.added++;
  } else {
    import_.skipped++;
  }
  // The first post an import places is shown (the rest are in the list).
  if (id != kNoDoc && import_.added + import_.replaced == 1) {
    NotebookEvent e(NotebookEvent::Kind::Open);
    e.path = placed;
    emit(std::move(e));
  }
}

void Notebook::answer_clash(ClashChoice choice, bool for_all) {
  if (!import_.asking || import_queue_.empty() || !conversions_.empty()) return;
  import_.asking = false;
  if (for_all) clash_all_ = int(choice);
  StoredFile f = std::move(import_queue_.front());
  import_queue_.pop_front();
  place_import(std::move(f), choice);
}

void Notebook::import_tick() {
  // During a warm start's second step the files being read would not know of
  // an import: it waits (queued) until they are in.
  if (!import_.active || state_ != LoadState::Ready) return;
  const double until = steady_ms() + 12;  // keep frames smooth
  while (!import_queue_.empty() && !import_.asking) {
    if (steady_ms() > until) break;
    StoredFile& f = import_queue_.front();
    if (library_.find(f.path) != kNoDoc && clash_all_ < 0) {
      import_.asking = true;
      NotebookEvent e(NotebookEvent::Kind::ImportClash);
      e.path = f.path;
      emit(std::move(e));
      break;
    }
    StoredFile file = std::move(f);
    import_queue_.pop_front();
    place_import(std::move(file), clash_all_ < 0 ? ClashChoice::Replace : ClashChoice(clash_all_));
  }
  if (import_.done < import_.total || !import_queue_.empty() || import_.asking) return;
  import_.active = false;
  clash_all_ = -1;
  emit(NotebookEvent{NotebookEvent::Kind::ImportDone});
}

//-----------------------------------------------------------------------------
// [SECTION] Each frame
//-----------------------------------------------------------------------------

void Notebook::refresh_quota() {
  quota_at_ = now();
  SHEAF_ALIVE_GUARD();
  storage_.estimate([this, alive](uint64_t used, uint64_t total) {
    SHEAF_IF_GONE_RETURN();
    quota_used_ = used;
    quota_total_ = total;
  });
}

void Notebook::save_index_cache_now() {
  cache_generation_ = library_.generation();
  cache_due_ = 0;
  storage_.save_blob("index-cache", save_index_cache(library_), [](StorageResult) {});
}

void Notebook::save_index_cache_later() {
  if (state_ != LoadState::Ready || library_.generation() == cache_generation_) return;
  const double t = now();
  if (cache_due_ == 0) {
    cache_due_ = t + options_.cache_delay;
    return;
  }
  if (t >= cache_due_) save_index_cache_now();
}

void Notebook::tick() {
  const double t = now();
  // Autosave shortly after typing stops; retry failed saves now and then.
  for (DocId i = 0; i < posts_.size(); i++) {
    Post* p = posts_[i].get();
    if (p && p->check_parse) check_parse(*p, t);
    if (!p || !p->loaded || !p->dirty() || p->saving || p->conflict) continue;
    if (!p->save_error.empty()) {
      if (t >= p->retry_at) save(i, SaveKind::Auto);
    } else if (t - p->edited_at >= options_.autosave_delay) {
      save(i, SaveKind::Auto);
    }
  }
  if (state_ == LoadState::Ready && t - quota_at_ > options_.quota_refresh) refresh_quota();
  save_index_cache_later();
  if (state_ == LoadState::Ready) parse_in_background();
  import_tick();
}

// The incremental re-parse is checked against random edits in the tests,
// yet md4c has context rules no test can exhaust. A second after typing
// stops, a post parsed incrementally is parsed in full once; when the trees
// disagree in shape the full one wins and the version moves on (views lay
// out afresh). The text is never touched either way.
static bool same_shape(const MarkdownTree& a, const MarkdownTree& b) {
  if (a.nodes.size() != b.nodes.size()) return false;
  for (size_t i = 0; i < a.nodes.size(); i++) {
    const Node &x = a.nodes[i], &y = b.nodes[i];
    if (x.type != y.type || x.src_begin != y.src_begin || x.src_end != y.src_end || x.parent != y.parent ||
        x.next_sibling != y.next_sibling || x.level != y.level || x.task != y.task || x.tight != y.tight ||
        x.flags != y.flags || x.start != y.start || x.align != y.align)
      return false;
  }
  return true;
}

void Notebook::check_parse(Post& post, double t) {
  Post* p = &post;
  if (!p->check_parse || t - p->edited_at < 1.0) return;
  p->check_parse = false;
  Document full = parse_post(p->doc.path, p->doc.text);
  if (same_shape(full.tree, p->doc.tree) && full.diagnostics.size() == p->doc.diagnostics.size() &&
      full.headings.size() == p->doc.headings.size() && full.title == p->doc.title)
    return;
  parse_repairs_++;
  p->doc = std::move(full);
  p->version = ++versions_;
  p->span_base = 0;
  library_.put(make_entry_body_pending(p->doc, wall(), p->stored.version, p->text_hash));
}

std::vector<NotebookEvent> Notebook::take_events() {
  std::vector<NotebookEvent> out;
  out.swap(events_);
  return out;
}

}  // namespace sheaf
