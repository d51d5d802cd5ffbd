// Sheaf core: the notebook, headless.
//
// A Notebook is the posts in memory over a Storage backend: the library
// index, loading (cold, or warm from the index cache and then reconciled with
// the files), edits, the save queue with autosave and retries, conflicts with
// another tab or program, document actions (new, rename, duplicate, trash,
// restore) and import. It draws nothing: the app drives it once a frame with
// tick(), reads its state, and turns the events it reports into notices and
// dialogs. Time comes from an injected clock, so tests can drive it with a
// fake one over an in-memory storage.
//
// Rules: doc.text is what the user sees and is never dropped. A post stays
// dirty until storage confirms a save of exactly its current text (dirty is
// derived from a hash of the text against the hash of what was confirmed:
// the text is held once). A failed save keeps the text and retries later. A
// save is checked against the version this notebook last loaded or saved, so
// another writer's newer save is never silently overwritten: the user
// chooses (resolve_conflict).
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/incremental.h"
#include "core/library.h"
#include "core/site.h"
#include "core/storage.h"

namespace sheaf {

// Seconds for timers (autosave, retries) and wall-clock milliseconds for
// file dates; the app passes real clocks, tests a fake one.
struct NotebookClock {
  std::function<double()> seconds;
  std::function<int64_t()> wall_ms;
  static NotebookClock system();
};

// One state for the whole start: nothing yet; reading; listed from the index
// cache while the files are still coming (a warm start); every file in.
enum class LoadState { Idle, Loading, Listed, Ready };

// Auto: after typing stops. Explicit: Ctrl+S, waits for the disk. Flush: the
// page is going away (queued behind a save in flight). Import: like Auto.
enum class SaveKind { Auto, Explicit, Flush, Import };

struct Post {
  std::string id;        // stable within a session: the path without its extension
  Document doc;          // doc.text is the truth
  // Changes whenever doc changes; unique across the notebook, so a post that
  // takes another's slot never matches a cache key of the old one.
  uint64_t version = 0;
  // What storage holds: path, modified and version (its text is not kept:
  // stored_hash stands for it).
  StoredFile stored;
  uint64_t text_hash = 0;    // of doc.text
  uint64_t stored_hash = 0;  // of the text storage last confirmed
  bool parsed = true;  // false after a warm start until first needed (doc has path and text only)
  bool loaded = true;  // false while a warm start waits for the bytes (doc has its path only)

  double edited_at = 0;     // clock seconds of the last edit (autosave timer)
  int saving = 0;           // saves in flight
  bool save_again = false;  // edited while a save was in flight
  bool conflict = false;    // waiting for the user to settle a conflict
  std::string save_error;   // last failure, kept until a save succeeds
  double retry_at = 0;      // when to try a failed save again

  // In memory only (a new post, a copy), or to be saved whatever the texts
  // (a conflict settled as "keep mine"): dirty until a save is confirmed.
  bool unconfirmed = false;

  // The last edit's re-parse: which top-level blocks changed between version
  // span_base and `version` (span_base 0: no such span, lay out afresh).
  ReparseSpan span;
  uint64_t span_base = 0;
  // Parsed incrementally since the last full parse: once typing pauses the
  // notebook checks the tree against a full parse (see Notebook::tick).
  bool check_parse = false;

  bool dirty() const { return unconfirmed || text_hash != stored_hash; }
};

// What happened that the user should hear of, or answer. The app drains
// these once a frame (take_events).
struct NotebookEvent {
  enum class Kind {
    Listed,          // the list is up from the index cache (files still coming)
    Ready,           // every file is in (or the load failed: error)
    Saved,           // path (explicit saves only)
    SaveFailed,      // path, error, quota
    Conflict,        // path: answer with resolve_conflict(); found = false when the other side deleted it;
                     // outside = true for files other programs write too (a folder), not another tab
    Reloaded,        // path: a post without edits now shows what another program wrote
    Renamed,         // path -> to
    Trashed,         // path, key: offer Undo
    Restored,        // path, key
    Open,            // the post at path was made by an action (new, duplicate, restore, import): show it
    Dropped,         // the post at path left the notebook (deleted, renamed, gone elsewhere)
    ImportClash,     // path exists: answer with answer_clash()
    ImportConvert,   // path is not UTF-8 but reads as `encoding`: answer with answer_conversion(); text = preview
    ImportRenamed,   // the dropped name `to` was unsafe; it is imported as path
    ImportConverted, // path was converted from `encoding`
    ImportRejected,  // path (the name as given), error (why)
    ImportDone,      // counts in import()
    Failed,          // an action failed: error (rename, delete, restore, trash)
  };
  explicit NotebookEvent(Kind k, std::string p = {}) : kind(k), path(std::move(p)) {}
  Kind kind;
  std::string path, to, key, error, encoding, text;
  bool found = true, quota = false, outside = false;
};

enum class ConflictChoice { KeepMine, TakeTheirs, KeepBoth };
enum class ClashChoice { Replace, KeepBoth, Skip };

struct ImportProgress {
  int total = 0, received = 0, done = 0;
  bool active = false;
  bool asking = false;  // a clash or conversion question is open
  int added = 0, replaced = 0, skipped = 0;
  int images = 0;                     // images kept beside the posts (assets)
  std::vector<std::string> rejected;  // "name: reason"
};

struct LoadStats {
  std::string kind;            // "cold" or "warm"
  double started_ms = 0;       // steady clock at load()
  double load_ms = 0;          // start to every file in
  double index_ms = 0;         // of which: building the index
  double list_ms = 0;          // start to a usable list
  double list_clock_ms = 0;    // steady clock then
  double cache_read_ms = 0;    // start to the index cache read
  double files_read_ms = 0;    // start to every file read
  size_t reparsed = 0;         // files a warm start had to parse
};

struct NotebookOptions {
  double autosave_delay = 0.5;  // seconds after the last edit
  double retry_seconds = 5.0;   // after a failed save
  double cache_delay = 3.0;     // index cache written this long after the library changed
  double quota_refresh = 30.0;  // storage estimate asked this often
  // Text in a legacy encoding (e.g. "EUC-KR") to UTF-8; false when it cannot.
  std::function<bool(std::string_view bytes, const char* encoding, std::string& utf8)> decode_legacy;
  // Called just before a post leaves memory, while it is still readable (a
  // view holding its Document lets go): dropped, or replaced by a new Post in
  // the same slot (replaced = true).
  std::function<void(DocId, const Post&, bool replaced)> before_drop;
  // When set, events are handed over as they happen (once the notebook's
  // state is whole again) instead of waiting in take_events().
  std::function<void(const NotebookEvent&)> on_event;
};

class Notebook {
 public:
  Notebook(Storage& storage, NotebookClock clock, NotebookOptions options = {});
  ~Notebook();
  Notebook(const Notebook&) = delete;
  Notebook& operator=(const Notebook&) = delete;

  // --- loading -------------------------------------------------------------
  // The index cache first (one small record), then every file. With a usable
  // cache the list is up (Listed) before the files arrive; they are then
  // reconciled with it: unchanged posts keep their ids.
  void load();
  LoadState load_state() const { return state_; }
  bool ready() const { return state_ == LoadState::Ready; }
  bool listed() const { return state_ == LoadState::Listed || state_ == LoadState::Ready; }
  const std::string& load_error() const { return load_error_; }
  const LoadStats& load_stats() const { return stats_; }

  // --- the Jekyll site ------------------------------------------------------
  // _config.yml at the notebook's root, read through Storage::load_asset at
  // load and again by every rescan(); its rules go to the library
  // (Library::set_site). Not present without one, or when it does not parse
  // (site().diagnostics then says why, located in _config.yml).
  const Site& site() const { return *site_; }
  // Reads _config.yml again now (rescan() does this too).
  void reload_site();
  size_t site_loads() const { return site_loads_; }  // answers taken (tests)

  // --- posts ---------------------------------------------------------------
  const Library& library() const { return library_; }
  Library& library() { return library_; }
  size_t slot_count() const { return posts_.size(); }
  Post* post(DocId id) { return id < posts_.size() ? posts_[id].get() : nullptr; }
  const Post* post(DocId id) const { return id < posts_.size() ? posts_[id].get() : nullptr; }
  Post* find_by_path(std::string_view path);
  DocId id_of_path(std::string_view path) const { return library_.find(path); }
  DocId find_by_id(std::string_view id) const;  // "_posts/x" (or a path)
  bool empty() const { return library_.size() == 0; }
  std::string title(DocId id) const;  // from the index (works unparsed)
  void ensure_parsed(DocId id);       // a post restored from the cache is parsed when first needed
  size_t unsaved_count() const;
  size_t failed_count() const;
  size_t saving_count() const;
  std::string unique_path(const std::string& path) const;  // "x.md" -> "x (2).md" when taken

  // --- edits and saves -----------------------------------------------------
  // The post's text is now `text` (a keystroke, a form, a bulk edit): parses
  // it, bumps its version, re-indexes it and starts the autosave timer.
  void set_text(DocId id, std::string text);
  // After changing post(id)->doc.text in place (the editor's buffer).
  void text_changed(DocId id);
  // As set_text when the change is known: bytes [at, at + removed) of the
  // old text became `inserted` bytes. Re-parses only around them (see
  // core/incremental.h) and keeps the span for the preview.
  void edit_text(DocId id, std::string text, uint32_t at, uint32_t removed, uint32_t inserted);
  void save(DocId id, SaveKind kind);
  void save_all(SaveKind kind);
  void resolve_conflict(const std::string& path, ConflictChoice choice);
  // Another tab or program changed `path`: an unchanged post follows; one
  // with unsaved edits keeps them (its next save meets the conflict).
  void changed_elsewhere(const std::string& path);
  // Looks for changes made outside Sheaf (another editor, a git pull): lists
  // every file's date and size (Storage::list_stats) and compares the list
  // with the last one (core/scan.h). Each file that changed, came or went is
  // read again: a post without unsaved edits follows it; one with edits is
  // never touched and asks instead (a Conflict event; found = false when the
  // file is gone). Our own saves are no news: the backend's date for each
  // is noted, and a file found changed anyway is recognised by its version.
  // Asked for while loading, it runs once the load is done; ignored while a
  // scan is under way and by backends that do not list stats.
  void rescan();
  bool rescanning() const { return rescanning_; }
  // Completed scans, and how many files the last one found changed (tests, the log).
  size_t rescans() const { return rescans_; }
  size_t last_rescan_changes() const { return last_rescan_changes_; }
  double autosave_delay() const { return options_.autosave_delay; }
  void set_autosave_delay(double seconds) { options_.autosave_delay = seconds; }
  double last_autosave_lag() const { return last_autosave_lag_; }
  // How many idle checks found the incremental tree different from a full
  // parse and replaced it (0 is the expected figure; for tests and the log).
  size_t parse_repairs() const { return parse_repairs_; }
  const std::string& last_error() const { return last_error_; }

  // --- document actions ----------------------------------------------------
  DocId new_post(const std::string& title);  // "_posts/<today>-<slug>.md"
  void rename(DocId id, const std::string& to);
  DocId duplicate(DocId id);
  void trash(DocId id);  // saves unsaved text first, so the trash holds what was seen
  void restore(const std::string& key);
  void undo_trash();     // restores the last trashed post
  const std::string& last_trash_key() const { return last_trash_key_; }
  void list_trash();
  void empty_trash();
  const std::vector<TrashItem>& trash_items() const { return trash_; }

  // --- import --------------------------------------------------------------
  // begin(total), then each file or refusal, then end; a lone add works too.
  // tick() places the files a slice at a time; a name clash stops on a
  // question (answer_clash).
  void import_begin(int total);
  void import_add(std::string path, std::string bytes);
  void import_reject(std::string name, std::string reason);
  void import_image(std::string path, std::string bytes);  // an image among the files: kept as an asset
  void answer_clash(ClashChoice choice, bool for_all);
  void answer_conversion(const std::string& path, bool convert);
  const ImportProgress& import() const { return import_; }

  // --- each frame ----------------------------------------------------------
  // Autosave, retries, the index cache, the storage estimate, background
  // parsing and the import queue, within a few milliseconds.
  void tick();
  bool busy() const { return import_.active; }
  std::vector<NotebookEvent> take_events();
  void refresh_quota();
  uint64_t quota_used() const { return quota_used_; }
  uint64_t quota_total() const { return quota_total_; }
  void save_index_cache_now();

  // A post's id: its path without the extension ("_posts/2024-01-01-x").
  static std::string id_for_path(const std::string& path);
  static std::string slug_for_title(const std::string& title);

 private:
  void after_edit(Post& p);
  void check_parse(Post& p, double t);  // the idle full parse after incremental ones
  size_t parse_repairs_ = 0;
  struct Conflict {
    bool found = false;
    StoredFile theirs;
  };
  struct ImportQueueItem {
    StoredFile file;
  };

  void emit_failure(std::string why) {
    NotebookEvent e(NotebookEvent::Kind::Failed);
    e.error = std::move(why);
    emit(std::move(e));
  }
  void emit(NotebookEvent e) {
    if (options_.on_event) options_.on_event(e);
    else events_.push_back(std::move(e));
  }
  DocId put(StoredFile file);  // parses, indexes, replaces any post at its path
  void drop(DocId id);
  DocId add_unsaved(const std::string& path, std::string text, SaveKind kind);
  void finish_load(std::vector<StoredFile> files, const std::string& cache, StorageResult result);
  void load_cold(std::vector<StoredFile> files, const std::string& cache);
  bool list_from_cache(const std::string& cache);
  void take_files(std::vector<StoredFile> files);
  void on_conflict(const std::string& path);
  void outside_change(const std::string& path);
  void note_own_write(FileStat stat);
  void take_theirs(const StoredFile& theirs);
  void trash_stored(const std::string& path);
  void place_import(StoredFile f, ClashChoice choice);
  void import_tick();
  void parse_in_background();
  void save_index_cache_later();
  std::string today() const;
  double now() const { return clock_.seconds ? clock_.seconds() : 0.0; }
  int64_t wall() const { return clock_.wall_ms ? clock_.wall_ms() : 0; }

  void take_site(bool found, std::string text);
  Document parse_post(std::string path, std::string text) const;

  Storage& storage_;
  NotebookClock clock_;
  std::shared_ptr<const Site> site_ = std::make_shared<const Site>();
  std::string site_text_;  // the _config.yml the site came from
  bool site_found_ = false;
  size_t site_loads_ = 0;
  NotebookOptions options_;
  // Callbacks from storage may run after this notebook is gone (a backend
  // answering late): they hold this token and check it first.
  std::shared_ptr<Notebook*> alive_;

  LoadState state_ = LoadState::Idle;
  std::string load_error_;
  LoadStats stats_;
  Library library_;
  std::vector<std::unique_ptr<Post>> posts_;  // indexed by the library's DocId
  std::vector<NotebookEvent> events_;
  uint64_t versions_ = 0;  // the last version stamp handed out
  std::map<std::string, Conflict> conflicts_;
  double last_autosave_lag_ = 0;
  std::vector<FileStat> scan_;  // the last listing (from the load, then each rescan)
  bool rescanning_ = false, rescan_after_load_ = false;
  size_t rescans_ = 0, last_rescan_changes_ = 0;
  std::string last_error_;

  std::string last_trash_key_;
  std::vector<TrashItem> trash_;

  ImportProgress import_;
  std::deque<StoredFile> import_queue_;
  struct Conversion {
    std::string utf8;      // the converted text
    std::string encoding;  // what it was read as
  };
  std::map<std::string, Conversion> conversions_;  // by path, waiting for an answer
  int clash_all_ = -1;                               // ClashChoice applied to every clash (-1: ask)

  uint64_t cache_generation_ = 0;  // library generation the index cache was saved at
  double cache_due_ = 0;
  uint64_t quota_used_ = 0, quota_total_ = 0;
  double quota_at_ = -1e9;
};

// FNV-1a over the bytes: what dirty compares.
uint64_t text_hash(std::string_view text);
double steady_ms();  // a monotonic clock in milliseconds (load figures)

}  // namespace sheaf
