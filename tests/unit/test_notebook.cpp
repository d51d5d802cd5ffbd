// The headless Notebook over an in-memory storage with a fake clock: loading
// (cold, warm, reconciled), autosave timing, saves in flight, failures and
// retries, conflicts, posts that go while being edited, the trash and import.
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>

#include "core/notebook.h"
#include "fake_clock.h"
#include "memory_storage.h"

using namespace sheaf;
using Kind = NotebookEvent::Kind;

namespace {

using test::FakeClock;

const char* kHello = "---\ntitle: 안녕하세요\ntags: [인사, korean]\n---\n\n첫 글입니다.\n";
const char* kSecond = "---\ntitle: Second\ncategories: [notes]\n---\n\nBody two.\n";

struct Fixture {
  test::MemoryBackend storage;
  FakeClock fake;
  std::unique_ptr<Notebook> nb;
  std::vector<NotebookEvent> events;

  Fixture() {
    storage.files["_posts/2026-01-01-hello.md"] = StoredFile{"_posts/2026-01-01-hello.md", kHello, 1, 1};
    storage.files["_posts/2026-01-02-second.md"] = StoredFile{"_posts/2026-01-02-second.md", kSecond, 2, 1};
  }
  Notebook& open(NotebookOptions o = {}) {
    nb = std::make_unique<Notebook>(storage, fake.clock(), std::move(o));
    nb->load();
    storage.run_pending();
    drain();
    return *nb;
  }
  void drain() {
    for (auto& e : nb->take_events()) events.push_back(std::move(e));
  }
  bool saw(Kind k, const std::string& path = {}) const {
    return std::any_of(events.begin(), events.end(),
                       [&](const NotebookEvent& e) { return e.kind == k && (path.empty() || e.path == path); });
  }
  const NotebookEvent* last(Kind k) const {
    for (auto it = events.rbegin(); it != events.rend(); ++it)
      if (it->kind == k) return &*it;
    return nullptr;
  }
  DocId id(const std::string& path) const { return nb->id_of_path(path); }
  void advance(double seconds) {
    fake.t += seconds;
    nb->tick();
    storage.run_pending();
    drain();
  }
};

const std::string kHelloPath = "_posts/2026-01-01-hello.md";

}  // namespace

TEST_CASE("notebook: a cold load indexes every file, clean and parsed") {
  Fixture f;
  Notebook& nb = f.open();
  CHECK(nb.load_state() == LoadState::Ready);
  CHECK(f.saw(Kind::Ready));
  CHECK_FALSE(f.saw(Kind::Listed));  // no index cache yet
  CHECK(nb.library().size() == 2);
  CHECK(nb.load_stats().kind == "cold");
  const Post* p = nb.post(f.id(kHelloPath));
  REQUIRE(p);
  CHECK(p->id == "_posts/2026-01-01-hello");
  CHECK(p->doc.title == "안녕하세요");
  CHECK_FALSE(p->dirty());
  CHECK(nb.unsaved_count() == 0);
  CHECK(nb.title(f.id(kHelloPath)) == "안녕하세요");
  CHECK(nb.find_by_id("_posts/2026-01-01-hello") == f.id(kHelloPath));
}

TEST_CASE("notebook: autosave waits for the delay after the last edit") {
  Fixture f;
  NotebookOptions o;
  o.autosave_delay = 0.5;
  Notebook& nb = f.open(o);
  const DocId id = f.id(kHelloPath);
  nb.set_text(id, std::string(kHello) + "둘째 줄\n");
  CHECK(nb.post(id)->dirty());
  CHECK(nb.unsaved_count() == 1);
  f.advance(0.3);
  CHECK(f.storage.saves == 0);  // still typing, as far as the timer knows
  nb.set_text(id, std::string(kHello) + "둘째 줄과 셋째\n");  // another keystroke restarts it
  f.advance(0.3);
  CHECK(f.storage.saves == 0);
  f.advance(0.25);
  CHECK(f.storage.saves == 1);
  CHECK(f.storage.strict_saves == 0);  // autosaves do not wait for the disk
  CHECK(f.storage.files[kHelloPath].text == std::string(kHello) + "둘째 줄과 셋째\n");
  CHECK_FALSE(nb.post(id)->dirty());
  CHECK(nb.last_autosave_lag() == doctest::Approx(0.55));
  f.advance(5);
  CHECK(f.storage.saves == 1);  // nothing more to save
}

TEST_CASE("notebook: dirty follows the text, not the history of edits") {
  Fixture f;
  Notebook& nb = f.open();
  const DocId id = f.id(kHelloPath);
  nb.set_text(id, "changed");
  CHECK(nb.post(id)->dirty());
  nb.set_text(id, kHello);  // typed back to what is stored
  CHECK_FALSE(nb.post(id)->dirty());
  f.advance(2);
  CHECK(f.storage.saves == 0);
}

TEST_CASE("notebook: an edit during a save in flight is saved after it, against the new version") {
  Fixture f;
  Notebook& nb = f.open();
  f.storage.deferred = true;
  const DocId id = f.id(kHelloPath);
  nb.set_text(id, "one");
  f.fake.t += 1;
  nb.tick();  // the autosave starts; storage has not answered
  CHECK(nb.post(id)->saving == 1);
  const size_t waiting = f.storage.waiting();
  nb.set_text(id, "one two");
  nb.save(id, SaveKind::Auto);  // waits behind the first: nothing new is sent
  CHECK(f.storage.waiting() == waiting);
  CHECK(nb.post(id)->save_again);
  f.storage.run_pending();  // first answer, then the queued second save
  CHECK(f.storage.files[kHelloPath].text == "one two");
  CHECK(f.storage.files[kHelloPath].version == 3);
  CHECK_FALSE(nb.post(id)->dirty());
  CHECK(nb.saving_count() == 0);
}

TEST_CASE("notebook: a full disk keeps the text, says so, and retries later") {
  Fixture f;
  NotebookOptions o;
  o.retry_seconds = 5;
  Notebook& nb = f.open(o);
  const DocId id = f.id(kHelloPath);
  f.storage.fail_saves = 1;
  f.storage.fail_with_quota = true;
  nb.set_text(id, "내용이 바뀜");
  f.advance(1);
  const NotebookEvent* e = f.last(Kind::SaveFailed);
  REQUIRE(e);
  CHECK(e->quota);
  CHECK(e->path == kHelloPath);
  CHECK(e->error.find("full") != std::string::npos);
  CHECK(nb.post(id)->dirty());
  CHECK(nb.post(id)->doc.text == "내용이 바뀜");
  CHECK(nb.failed_count() == 1);
  CHECK(f.storage.files[kHelloPath].text == kHello);
  f.advance(2);
  CHECK(f.storage.saves == 1);  // not yet: the retry waits
  f.advance(4);
  CHECK(f.storage.saves == 2);
  CHECK(f.storage.files[kHelloPath].text == "내용이 바뀜");
  CHECK_FALSE(nb.post(id)->dirty());
  CHECK(nb.post(id)->save_error.empty());
}

TEST_CASE("notebook: an explicit save is strict and reported") {
  Fixture f;
  Notebook& nb = f.open();
  nb.set_text(f.id(kHelloPath), "x");
  nb.save_all(SaveKind::Explicit);
  f.drain();
  CHECK(f.storage.strict_saves == 1);
  CHECK(f.saw(Kind::Saved, kHelloPath));
}

TEST_CASE("notebook: a save over another writer's newer version asks, and each answer does what it says") {
  for (ConflictChoice choice : {ConflictChoice::KeepMine, ConflictChoice::TakeTheirs, ConflictChoice::KeepBoth}) {
    CAPTURE(int(choice));
    Fixture f;
    Notebook& nb = f.open();
    const DocId id = f.id(kHelloPath);
    f.storage.write_elsewhere(kHelloPath, "theirs");
    nb.set_text(id, "mine");
    f.advance(1);
    const NotebookEvent* e = f.last(Kind::Conflict);
    REQUIRE(e);
    CHECK(e->found);
    CHECK(nb.post(id)->conflict);
    f.advance(10);
    CHECK(f.storage.files[kHelloPath].text == "theirs");  // nothing is written while the question is open
    nb.resolve_conflict(kHelloPath, choice);
    f.storage.run_pending();
    f.drain();
    if (choice == ConflictChoice::KeepMine) {
      CHECK(f.storage.files[kHelloPath].text == "mine");
      CHECK_FALSE(nb.post(id)->dirty());
    } else if (choice == ConflictChoice::TakeTheirs) {
      CHECK(f.storage.files[kHelloPath].text == "theirs");
      CHECK(nb.post(id)->doc.text == "theirs");
      CHECK_FALSE(nb.post(id)->dirty());
    } else {
      CHECK(f.storage.files[kHelloPath].text == "theirs");
      CHECK(nb.post(id)->doc.text == "theirs");
      const std::string copy = "_posts/2026-01-01-hello (2).md";
      REQUIRE(f.storage.files.count(copy));
      CHECK(f.storage.files[copy].text == "mine");
      CHECK(f.saw(Kind::Open, copy));
    }
  }
}

TEST_CASE("notebook: changes made elsewhere are followed unless the post has unsaved edits") {
  Fixture f;
  Notebook& nb = f.open();
  const DocId id = f.id(kHelloPath);
  f.storage.write_elsewhere(kHelloPath, "---\ntitle: 바뀐 제목\n---\n");
  nb.changed_elsewhere(kHelloPath);
  CHECK(nb.title(nb.id_of_path(kHelloPath)) == "바뀐 제목");

  // Deleted elsewhere while being edited here: the edits stay.
  const std::string second = "_posts/2026-01-02-second.md";
  nb.set_text(f.id(second), "my unsaved words");
  f.storage.files.erase(second);
  nb.changed_elsewhere(second);
  f.drain();
  REQUIRE(nb.find_by_path(second));
  CHECK(nb.find_by_path(second)->doc.text == "my unsaved words");
  CHECK_FALSE(f.saw(Kind::Dropped, second));
  // Its save then meets the deletion as a conflict; "keep mine" brings it back.
  f.advance(1);
  const NotebookEvent* e = f.last(Kind::Conflict);
  REQUIRE(e);
  CHECK_FALSE(e->found);
  nb.resolve_conflict(second, ConflictChoice::KeepMine);
  CHECK(f.storage.files[second].text == "my unsaved words");
  (void)id;
}

TEST_CASE("notebook: a post trashed while its save is in flight goes, and the late answer is harmless") {
  Fixture f;
  Notebook& nb = f.open();
  f.storage.deferred = true;
  const DocId id = f.id(kHelloPath);
  nb.set_text(id, "last words");
  f.fake.t += 1;
  nb.tick();  // autosave in flight
  nb.trash(id);  // dirty: saves its latest text first, then trashes
  f.storage.run_pending();
  f.drain();
  CHECK(nb.find_by_path(kHelloPath) == nullptr);
  CHECK(f.saw(Kind::Dropped, kHelloPath));
  const NotebookEvent* t = f.last(Kind::Trashed);
  REQUIRE(t);
  REQUIRE(f.storage.trash.count(t->key));
  CHECK(f.storage.trash[t->key].file.text == "last words");  // the trash holds what was seen
  CHECK(nb.library().size() == 1);
  // Undo brings it back, opened.
  nb.undo_trash();
  f.storage.run_pending();
  f.drain();
  REQUIRE(nb.find_by_path(kHelloPath));
  CHECK(nb.find_by_path(kHelloPath)->doc.text == "last words");
  CHECK(f.saw(Kind::Open, kHelloPath));
  CHECK(nb.last_trash_key().empty());
}

TEST_CASE("notebook: storage answers after the notebook is gone do nothing") {
  Fixture f;
  f.storage.deferred = true;
  {
    Notebook nb(f.storage, f.fake.clock());
    nb.load();
  }
  CHECK(f.storage.run_pending() >= 1);  // the blob read answers into nothing, and stops there
}

TEST_CASE("notebook: a warm start lists from the cache first, then reconciles with the files") {
  Fixture f;
  Notebook& first = f.open();
  first.save_index_cache_now();
  REQUIRE(f.storage.blobs.count("index-cache"));
  const DocId second_id = f.id("_posts/2026-01-02-second.md");
  // Meanwhile: one file changed, one removed, one added.
  f.storage.write_elsewhere(kHelloPath, "---\ntitle: 고친 글\n---\n\n");
  f.storage.files.erase("_posts/2026-01-02-second.md");
  f.storage.files["notes/new.md"] = StoredFile{"notes/new.md", "# 새 노트\n", 5, 1};
  f.nb.reset();
  f.events.clear();

  f.storage.deferred = true;
  f.nb = std::make_unique<Notebook>(f.storage, f.fake.clock());
  Notebook& nb = *f.nb;
  nb.load();
  CHECK(nb.load_state() == LoadState::Loading);
  f.storage.run_pending();  // the blob, then the files (queued by the blob's answer)
  f.drain();
  CHECK(f.saw(Kind::Listed));
  CHECK(f.saw(Kind::Ready));
  CHECK(nb.load_state() == LoadState::Ready);
  CHECK(nb.load_stats().kind == "warm");
  CHECK(nb.library().size() == 2);
  CHECK(nb.find_by_path("_posts/2026-01-02-second.md") == nullptr);
  CHECK(f.saw(Kind::Dropped, "_posts/2026-01-02-second.md"));
  REQUIRE(nb.find_by_path("notes/new.md"));
  CHECK(nb.title(nb.id_of_path(kHelloPath)) == "고친 글");
  CHECK(nb.load_stats().reparsed == 2);  // the changed file and the new one
  CHECK_FALSE(nb.find_by_path(kHelloPath)->dirty());
  (void)second_id;
}

TEST_CASE("notebook: the list is usable between the cache and the files") {
  Fixture f;
  f.open().save_index_cache_now();
  f.nb.reset();
  f.storage.deferred = true;
  f.nb = std::make_unique<Notebook>(f.storage, f.fake.clock());
  Notebook& nb = *f.nb;
  nb.load();
  CHECK_FALSE(nb.listed());
  REQUIRE(f.storage.run_one());  // the index cache arrives; the files are still being read
  CHECK(nb.load_state() == LoadState::Listed);
  CHECK(nb.library().size() == 2);
  const DocId id = f.id(kHelloPath);
  REQUIRE(nb.post(id));
  CHECK_FALSE(nb.post(id)->loaded);
  CHECK(nb.title(id) == "안녕하세요");  // from the cache
  nb.set_autosave_delay(0);
  f.fake.t += 1;
  nb.tick();  // nothing to save, nothing parsed from bytes not yet here
  CHECK(f.storage.saves == 0);
  REQUIRE(f.storage.run_one());  // the files
  CHECK(nb.ready());
  CHECK(nb.id_of_path(kHelloPath) == id);  // unchanged files keep their ids
  CHECK(nb.post(id)->loaded);
  nb.ensure_parsed(id);
  CHECK(nb.post(id)->doc.title == "안녕하세요");
}

TEST_CASE("notebook: new, duplicate and rename keep names unique and content whole") {
  Fixture f;
  Notebook& nb = f.open();
  const DocId n = nb.new_post("새 글 제목");
  f.drain();
  const Post* p = nb.post(n);
  REQUIRE(p);
  CHECK(p->doc.path == "_posts/2026-01-01-새-글-제목.md");
  CHECK(f.storage.files.count(p->doc.path));
  CHECK(f.saw(Kind::Open, p->doc.path));
  CHECK_FALSE(p->dirty());

  const DocId d = nb.duplicate(f.id(kHelloPath));
  REQUIRE(nb.post(d));
  CHECK(nb.post(d)->doc.path == "_posts/2026-01-01-hello (2).md");
  CHECK(f.storage.files["_posts/2026-01-01-hello (2).md"].text == kHello);

  nb.rename(f.id(kHelloPath), "_posts/2026-01-02-second.md");  // taken
  f.drain();
  REQUIRE(f.last(Kind::Failed));
  CHECK(f.last(Kind::Failed)->error.find("already exists") != std::string::npos);

  nb.set_text(f.id(kHelloPath), "unsaved before the rename");
  nb.rename(f.id(kHelloPath), "/notes/hello.md");
  f.drain();
  CHECK(f.saw(Kind::Renamed, kHelloPath));
  CHECK(nb.find_by_path(kHelloPath) == nullptr);
  REQUIRE(nb.find_by_path("notes/hello.md"));
  CHECK(f.storage.files.count(kHelloPath) == 0);
  CHECK(f.storage.files["notes/hello.md"].text == "unsaved before the rename");  // its edits were saved too
}

TEST_CASE("notebook: import places files, asks on a clash, and refuses what it cannot take") {
  Fixture f;
  Notebook& nb = f.open();
  nb.import_begin(4);
  nb.import_add("../../etc/new.md", "# 안전한 이름\n");
  nb.import_add(kHelloPath, "replacement");
  nb.import_add("picture.png", "\x89PNG");
  nb.import_add("bad.md", std::string("\xff\xfe\x00", 3));
  nb.tick();
  f.drain();
  CHECK(f.saw(Kind::ImportRenamed, "etc/new.md"));
  CHECK(f.saw(Kind::ImportRejected, "picture.png"));
  REQUIRE(f.last(Kind::ImportClash));
  CHECK(f.last(Kind::ImportClash)->path == kHelloPath);
  CHECK(nb.import().active);
  CHECK(nb.import().asking);
  nb.answer_clash(ClashChoice::KeepBoth, false);
  nb.tick();
  f.drain();
  CHECK_FALSE(nb.import().active);
  CHECK(f.saw(Kind::ImportDone));
  CHECK(nb.import().added == 2);
  CHECK(nb.import().rejected.size() == 2);
  CHECK(f.storage.files["_posts/2026-01-01-hello (2).md"].text == "replacement");
  CHECK(f.storage.files[kHelloPath].text == kHello);
  CHECK(f.storage.files["etc/new.md"].text == "# 안전한 이름\n");
  CHECK(f.saw(Kind::Open, "etc/new.md"));  // the first placed is shown
}

TEST_CASE("notebook: an EUC-KR file is offered for conversion and waits for the answer") {
  Fixture f;
  NotebookOptions o;
  o.decode_legacy = [](std::string_view, const char* enc, std::string& out) {
    if (std::string_view(enc) != "EUC-KR") return false;
    out = "# 한글\n";
    return true;
  };
  Notebook& nb = f.open(o);
  nb.import_begin(1);
  nb.import_add("old.md", "# \xc7\xd1\xb1\xdb\n");  // 한글 in EUC-KR
  nb.tick();
  f.drain();
  const NotebookEvent* e = f.last(Kind::ImportConvert);
  REQUIRE(e);
  CHECK(e->encoding == "EUC-KR");
  CHECK(e->text.find("한글") != std::string::npos);
  CHECK(nb.import().active);
  nb.answer_conversion("old.md", true);
  nb.tick();
  f.drain();
  CHECK_FALSE(nb.import().active);
  CHECK(f.storage.files["old.md"].text == "# 한글\n");
  // Skipping says what it was.
  nb.import_add("older.md", "# \xc7\xd1\xb1\xdb\n");
  nb.answer_conversion("older.md", false);
  nb.tick();
  CHECK_FALSE(nb.import().active);
  CHECK(nb.import().rejected.back() == "older.md: not UTF-8 (EUC-KR (Korean)), skipped");
  CHECK_FALSE(f.storage.files.count("older.md"));
}

TEST_CASE("notebook: the index cache is written a while after the library changes") {
  Fixture f;
  NotebookOptions o;
  o.cache_delay = 3;
  Notebook& nb = f.open(o);
  f.advance(0.1);  // a cold start has no cache: one is due
  CHECK_FALSE(f.storage.blobs.count("index-cache"));
  f.advance(3.5);
  REQUIRE(f.storage.blobs.count("index-cache"));
  std::string first = f.storage.blobs["index-cache"];
  f.advance(10);
  CHECK(f.storage.blobs["index-cache"] == first);  // unchanged library: not written again
  nb.set_text(f.id(kHelloPath), "---\ntitle: 새 제목\n---\n");
  f.advance(0.1);
  f.advance(3.5);
  CHECK(f.storage.blobs["index-cache"] != first);
}

TEST_CASE("notebook: an edit re-parses around the change, and search finds the new words at once") {
  Fixture f;
  Notebook& nb = f.open();
  const DocId id = f.id(kHelloPath);
  std::string text = kHello;
  for (int i = 0; i < 40; i++) text += "\n문단 " + std::to_string(i) + " 입니다.\n";
  nb.set_text(id, text);
  const uint64_t v0 = nb.post(id)->version;
  CHECK(nb.post(id)->span_base == 0);  // set_text knows no change: a full parse
  // Type a word into the middle of the 20th paragraph.
  const uint32_t at = uint32_t(text.find("문단 20") + std::string("문단 20").size());
  const std::string word = " 바나나";
  std::string typed = text;
  typed.insert(at, word);
  nb.edit_text(id, typed, at, 0, uint32_t(word.size()));
  const Post* p = nb.post(id);
  CHECK(p->doc.text == typed);
  CHECK(p->version > v0);
  CHECK(p->dirty());
  // What a full parse gives, and the title from the front matter, unchanged.
  const Document full = parse_document(kHelloPath, typed);
  CHECK(p->doc.tree.nodes.size() == full.tree.nodes.size());
  CHECK(p->doc.title == "안녕하세요");
  CHECK(p->doc.word_count == full.word_count);
  // The index has the new words for a text query right away.
  const SearchResults r = nb.library().search("바나나");
  REQUIRE(r.hits.size() == 1);
  CHECK(r.hits[0].id == id);
  // And the old version's span says what changed when the parse was partial.
  if (!p->span.full) {
    CHECK(p->span_base == v0);
    CHECK(p->span.byte_begin <= at);
    CHECK(p->span.new_byte_end >= at + word.size());
  }
  // A change in the front matter (the title) reaches the list too.
  const std::string retitled = "---\ntitle: 새 제목\n" + typed.substr(typed.find("tags:"));
  nb.edit_text(id, retitled, 4, uint32_t(std::string("title: 안녕하세요\n").size()),
               uint32_t(std::string("title: 새 제목\n").size()));
  CHECK(nb.post(id)->doc.title == "새 제목");
  CHECK(nb.title(id) == "새 제목");
}

TEST_CASE("notebook: a second after typing stops, an incrementally parsed post is checked against a full parse") {
  Fixture f;
  Notebook& nb = f.open();
  const DocId id = f.id(kHelloPath);
  std::string text = kHello;
  for (int i = 0; i < 30; i++) text += "\n문단 " + std::to_string(i) + " 입니다.\n";
  nb.set_text(id, text);
  const uint32_t at = uint32_t(text.find("문단 15") + std::string("문단 15").size());
  std::string typed = text;
  typed.insert(at, "!");
  nb.edit_text(id, typed, at, 0, 1);
  REQUIRE_FALSE(nb.post(id)->span.full);
  REQUIRE(nb.post(id)->check_parse);
  // Agreeing trees: the check keeps the post as it is (no new version).
  uint64_t v = nb.post(id)->version;
  f.advance(0.5);
  CHECK(nb.post(id)->check_parse);  // still typing, as far as it knows
  f.advance(0.6);
  CHECK_FALSE(nb.post(id)->check_parse);
  CHECK(nb.post(id)->version == v);
  CHECK(nb.parse_repairs() == 0);
  // A tree that went wrong (forced here) is replaced by the full parse.
  typed.insert(at, "?");
  nb.edit_text(id, typed, at, 0, 1);
  Post* p = nb.post(id);
  REQUIRE(p->doc.tree.nodes.size() > 3);
  p->doc.tree.nodes[2].src_end += 1;
  v = p->version;
  f.advance(1.1);
  CHECK(nb.parse_repairs() == 1);
  CHECK(nb.post(id)->version > v);
  CHECK(nb.post(id)->doc.tree.nodes[2].src_end == parse_document(kHelloPath, typed).tree.nodes[2].src_end);
  CHECK(nb.post(id)->doc.text == typed);
}

TEST_CASE("notebook: images in an imported folder are kept as assets from their assets folder on") {
  Fixture f;
  Notebook& nb = f.open();
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + "pixels";
  f.storage.assets["assets/img/taken.png"] = {"other bytes", 1};
  nb.import_begin(6);
  nb.import_add("블로그/_posts/2026-02-01-새-글.md", "# 새 글\n\n![](/assets/img/trip/sea.png)\n");
  nb.import_add("블로그/assets/img/trip/sea.png", png);
  nb.import_add("블로그/images/b.png", png);
  nb.import_add("블로그/assets/fake.png", "not an image");
  nb.import_add("블로그/assets/img/taken.png", png);
  nb.import_add("lone.png", png);
  for (int i = 0; i < 5; i++) f.advance(0.1);
  CHECK(f.storage.assets.count("assets/img/trip/sea.png") == 1);
  CHECK(f.storage.assets["assets/img/trip/sea.png"].bytes == png);
  CHECK(f.storage.assets.count("블로그/images/b.png") == 1);  // no assets/ folder: kept at its path
  CHECK(f.storage.assets["assets/img/taken.png"].bytes == "other bytes");  // never overwritten
  CHECK(f.storage.assets.count("lone.png") == 0);
  const ImportProgress& im = nb.import();
  CHECK(im.images == 2);
  CHECK_FALSE(im.active);
  REQUIRE(im.rejected.size() == 3);
  CHECK(std::any_of(im.rejected.begin(), im.rejected.end(),
                    [](const std::string& r) { return r == "블로그/assets/fake.png: not a PNG, JPEG, GIF or WebP image"; }));
  CHECK(std::any_of(im.rejected.begin(), im.rejected.end(),
                    [](const std::string& r) { return r.rfind("assets/img/taken.png: an image with other bytes", 0) == 0; }));
  CHECK(std::any_of(im.rejected.begin(), im.rejected.end(),
                    [](const std::string& r) { return r.rfind("lone.png: an image; open a post", 0) == 0; }));
  CHECK(f.saw(Kind::ImportDone));
}
