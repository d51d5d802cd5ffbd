// Scanning for outside changes: the listing diff, FolderStorage's stat
// listing (and the crash leftovers it deletes), and the notebook following a
// folder that another program writes in.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>

#include "core/folder_storage.h"
#include "core/notebook.h"
#include "core/scan.h"
#include "fake_clock.h"
#include "memory_storage.h"
#include "temp_dir.h"

using namespace sheaf;
using Kind = NotebookEvent::Kind;
namespace fs = std::filesystem;

TEST_CASE("scan diff: added, changed by date or size, and removed, each sorted") {
  std::vector<FileStat> before = {{"a.md", 10, 5}, {"b.md", 10, 5}, {"c.md", 10, 5}, {"d.md", 10, 5}};
  std::vector<FileStat> after = {{"a.md", 10, 5}, {"b.md", 11, 5}, {"c.md", 10, 6}, {"e.md", 1, 1}};
  ScanDiff d = diff_scans(before, after);
  CHECK(d.changed == std::vector<std::string>{"b.md", "c.md"});
  CHECK(d.added == std::vector<std::string>{"e.md"});
  CHECK(d.removed == std::vector<std::string>{"d.md"});
  CHECK(d.size() == 4);
  CHECK(diff_scans(before, before).empty());
  // Unsorted input is sorted first, so order alone is never a change.
  std::vector<FileStat> shuffled = {before[2], before[0], before[3], before[1]};
  CHECK(diff_scans(before, shuffled).empty());
  CHECK(diff_scans({}, before).added.size() == 4);
  CHECK(diff_scans(before, {}).removed.size() == 4);
}

TEST_CASE("scan diff: 100000 files compare in one pass") {
  std::vector<FileStat> a, b;
  for (int i = 0; i < 100000; i++) {
    char name[32];
    std::snprintf(name, sizeof name, "_posts/%06d.md", i);
    a.push_back({name, 1000, uint64_t(i)});
    b.push_back({name, i % 1000 == 0 ? 2000 : 1000, uint64_t(i)});
  }
  auto t0 = std::chrono::steady_clock::now();
  ScanDiff d = diff_scans(a, b);
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  CHECK(d.changed.size() == 100);
  CHECK(ms < 500);  // a merge, not a search per file (generous for a loaded machine)
}

using test::TempDir;

TEST_CASE("folder storage: list_stats lists the files load_all reads, with dates and sizes") {
  TempDir dir;
  dir.write("_posts/a.md", "abc");
  dir.write("notes/b.markdown", "hello");
  dir.write(".git/x.md", "no");
  dir.write("_site/y.md", "no");
  dir.write("image.png", "no");
  FolderStorage s(dir.path.string());
  std::vector<FileStat> stats;
  s.list_stats([&](std::vector<FileStat> got, StorageResult r) {
    CHECK(r.ok);
    stats = std::move(got);
  });
  REQUIRE(stats.size() == 2);
  CHECK(stats[0].path == "_posts/a.md");
  CHECK(stats[0].size == 3);
  CHECK(stats[0].modified > 0);
  CHECK(stats[1].path == "notes/b.markdown");
  std::vector<StoredFile> files;
  s.load_all([&](std::vector<StoredFile> got, StorageResult) { files = std::move(got); });
  CHECK(diff_scans(stats_of(files), stats).empty());
  bool failed = false;
  FolderStorage("/no/such/folder/anywhere").list_stats([&](std::vector<FileStat>, StorageResult r) {
    failed = !r.ok && r.error.find("not a readable folder") != std::string::npos;
  });
  CHECK(failed);
}

TEST_CASE("folder storage: a crashed save's temporary file is never listed, and goes once stale") {
  TempDir dir;
  dir.write("_posts/a.md", "abc");
  dir.write("_posts/.a.md.sheaf-Ab12Cd", "half a fi");
  dir.write("_posts/.b.md.sheaf-Zz99Yy", "a save under way right now");
  fs::last_write_time(dir.path / "_posts/.a.md.sheaf-Ab12Cd",
                      fs::file_time_type::clock::now() - std::chrono::hours(1));
  FolderStorage s(dir.path.string());
  std::vector<StoredFile> files;
  s.load_all([&](std::vector<StoredFile> got, StorageResult r) {
    CHECK(r.error == "");
    files = std::move(got);
  });
  REQUIRE(files.size() == 1);
  CHECK(files[0].path == "_posts/a.md");
  CHECK_FALSE(fs::exists(dir.path / "_posts/.a.md.sheaf-Ab12Cd"));
  CHECK(fs::exists(dir.path / "_posts/.b.md.sheaf-Zz99Yy"));  // young: maybe another program's save
}

TEST_CASE("folder storage: a rewrite that keeps the date but not the size is a new version") {
  TempDir dir;
  dir.write("a.md", "one");
  FolderStorage s(dir.path.string());
  uint64_t v1 = 0, v2 = 0;
  s.load("a.md", [&](bool, StoredFile f, StorageResult) { v1 = f.version; });
  auto t = fs::last_write_time(dir.path / "a.md");
  dir.write("a.md", "one and more");
  fs::last_write_time(dir.path / "a.md", t);
  s.load("a.md", [&](bool, StoredFile f, StorageResult) { v2 = f.version; });
  CHECK(v2 == v1 + 1);
}

namespace {
using test::FakeClock;

const std::string kA = "_posts/2026-01-01-a.md";
const std::string kB = "_posts/2026-01-02-b.md";

struct Fixture {
  test::MemoryBackend storage;
  FakeClock fake;
  std::unique_ptr<Notebook> nb;
  std::vector<NotebookEvent> events;
  Fixture() {
    storage.write_elsewhere(kA, "---\ntitle: 가\n---\n본문 가\n");
    storage.write_elsewhere(kB, "---\ntitle: 나\n---\n본문 나\n");
    nb = std::make_unique<Notebook>(storage, fake.clock());
    nb->load();
    storage.run_pending();
    drain();
  }
  void drain() {
    for (auto& e : nb->take_events()) events.push_back(std::move(e));
  }
  void scan() {
    nb->rescan();
    storage.run_pending();
    drain();
  }
  void advance(double s) {
    fake.t += s;
    nb->tick();
    storage.run_pending();
    drain();
  }
  int count(Kind k) const {
    return int(std::count_if(events.begin(), events.end(), [&](const NotebookEvent& e) { return e.kind == k; }));
  }
};
}  // namespace

TEST_CASE("notebook rescan: a clean post follows its file, new files come in, deleted ones go") {
  Fixture f;
  Notebook& nb = f.nb.operator*();
  f.scan();
  CHECK(nb.rescans() == 1);
  CHECK(nb.last_rescan_changes() == 0);
  f.storage.write_elsewhere(kA, "---\ntitle: 가 (고침)\n---\n바뀐 본문\n");
  f.storage.write_elsewhere("_posts/2026-01-03-c.md", "---\ntitle: 다\n---\n");
  f.storage.delete_elsewhere(kB);
  f.scan();
  CHECK(nb.last_rescan_changes() == 3);
  REQUIRE(nb.find_by_path(kA));
  CHECK(nb.find_by_path(kA)->doc.text == "---\ntitle: 가 (고침)\n---\n바뀐 본문\n");
  CHECK_FALSE(nb.find_by_path(kA)->dirty());
  CHECK(nb.title(nb.id_of_path("_posts/2026-01-03-c.md")) == "다");
  CHECK_FALSE(nb.find_by_path(kB));
  CHECK(f.count(Kind::Conflict) == 0);
  CHECK(f.count(Kind::Reloaded) == 1);  // the post that was there and changed
  f.scan();
  CHECK(nb.last_rescan_changes() == 0);  // nothing new since
}

TEST_CASE("notebook rescan: a post with unsaved edits is kept and asks, and each answer works") {
  Fixture f;
  Notebook& nb = f.nb.operator*();
  nb.set_text(nb.id_of_path(kA), "내가 쓰는 중");
  f.storage.write_elsewhere(kA, "누군가 밖에서 고침");
  f.scan();
  REQUIRE(f.count(Kind::Conflict) == 1);
  CHECK(f.events.back().outside);
  CHECK(nb.find_by_path(kA)->doc.text == "내가 쓰는 중");
  CHECK(nb.find_by_path(kA)->conflict);
  f.scan();  // asked once, not at every scan
  CHECK(f.count(Kind::Conflict) == 1);
  nb.resolve_conflict(kA, ConflictChoice::TakeTheirs);
  f.storage.run_pending();
  CHECK(nb.find_by_path(kA)->doc.text == "누군가 밖에서 고침");
  CHECK_FALSE(nb.find_by_path(kA)->dirty());

  // Deleted outside while edited here: asks with found = false; keep mine writes it back.
  nb.set_text(nb.id_of_path(kB), "지우지 마세요");
  f.storage.delete_elsewhere(kB);
  f.scan();
  REQUIRE(f.count(Kind::Conflict) == 2);
  CHECK_FALSE(f.events.back().found);
  nb.resolve_conflict(kB, ConflictChoice::KeepMine);
  f.storage.run_pending();
  CHECK(f.storage.files[kB].text == "지우지 마세요");
}

TEST_CASE("notebook rescan: our own saves are not outside changes") {
  Fixture f;
  Notebook& nb = f.nb.operator*();
  const DocId id = nb.id_of_path(kA);
  nb.set_text(id, "저장된 글");
  nb.save(id, SaveKind::Explicit);
  f.storage.run_pending();
  nb.set_text(id, "저장된 글, 그리고 더");  // typing on after the save
  f.scan();
  CHECK(nb.last_rescan_changes() == 0);  // the save's own date was noted: nothing to read back
  CHECK(f.count(Kind::Conflict) == 0);
  CHECK(nb.find_by_path(kA)->doc.text == "저장된 글, 그리고 더");
  // A new post saved here is not "a new file" either.
  DocId fresh = nb.new_post("새 글");
  f.storage.run_pending();
  f.scan();
  CHECK(f.count(Kind::Conflict) == 0);
  CHECK(nb.id_of_path(nb.post(fresh)->doc.path) == fresh);
}

TEST_CASE("notebook rescan: after the load, one at a time, and a backend without stats is left alone") {
  test::MemoryBackend storage;
  storage.write_elsewhere(kA, "a");
  storage.deferred = true;
  FakeClock fake;
  Notebook nb(storage, fake.clock());
  nb.rescan();  // not even loading: nothing to compare with
  nb.load();
  nb.rescan();  // loading: runs once the load is done
  CHECK(storage.stat_listings == 0);
  storage.run_pending();
  CHECK(storage.stat_listings == 1);
  CHECK(nb.rescans() == 1);
  nb.rescan();
  nb.rescan();  // one under way already
  CHECK(nb.rescanning());
  storage.run_pending();
  CHECK(storage.stat_listings == 2);
  CHECK_FALSE(nb.rescanning());
  storage.scanned = false;
  storage.write_elsewhere(kA, "b");
  nb.rescan();
  storage.run_pending();
  CHECK(nb.find_by_path(kA)->doc.text == "a");
  CHECK(nb.rescans() == 2);
}

TEST_CASE("notebook: a save that meets another writer says who it may be") {
  for (bool shared : {false, true}) {
    Fixture f;
    f.storage.shared = shared;
    Notebook& nb = f.nb.operator*();
    const DocId id = nb.id_of_path(kA);
    nb.set_text(id, "내 글");
    f.storage.write_elsewhere(kA, "남의 글");
    nb.save(id, SaveKind::Explicit);
    f.storage.run_pending();
    f.drain();
    REQUIRE(f.count(Kind::Conflict) == 1);
    CHECK(f.events.back().outside == shared);  // a folder: another program; IndexedDB: another tab
    CHECK(f.storage.files[kA].text == "남의 글");
  }
}
