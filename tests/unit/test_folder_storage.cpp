// FolderStorage over a real temporary folder.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "core/folder_storage.h"
#include "temp_dir.h"

using namespace sheaf;
namespace fs = std::filesystem;

namespace {
using test::TempDir;

struct Loaded {
  std::vector<StoredFile> files;
  StorageResult result;
  bool called = false;
};

Loaded load(FolderStorage& s) {
  Loaded l;
  s.load_all([&](std::vector<StoredFile> f, StorageResult r) {
    l.files = std::move(f);
    l.result = std::move(r);
    l.called = true;
  });
  return l;
}
}  // namespace

TEST_CASE("folder storage: load_all reads documents recursively, skipping tool folders") {
  TempDir d;
  d.write("_posts/2024-02-25-a.md", "---\ntitle: 가\n---\r\nbody\r\n");
  d.write("notes/deep/b.markdown", "# b");
  d.write("c.txt", "plain");
  d.write("C2.MD", "upper case extension");
  d.write("img/logo.png", "\x89PNG");
  d.write(".git/x.md", "no");
  d.write(".obsidian/y.md", "no");
  d.write("node_modules/pkg/readme.md", "no");
  d.write("_site/index.md", "no");
  d.write(".hidden.md", "no");
  d.write("_posts/a.md.sheaf-tmp", "no");
  FolderStorage s(d.path.string());
  CHECK(std::string(s.backend_name()) == "folder");
  Loaded l = load(s);
  REQUIRE(l.called);
  CHECK(l.result.ok);
  CHECK(l.result.error.empty());
  REQUIRE(l.files.size() == 4);
  CHECK(l.files[0].path == "C2.MD");
  CHECK(l.files[1].path == "_posts/2024-02-25-a.md");
  CHECK(l.files[1].text == "---\ntitle: 가\n---\r\nbody\r\n");
  CHECK(l.files[2].path == "c.txt");
  CHECK(l.files[3].path == "notes/deep/b.markdown");
  CHECK(l.files[3].text == "# b");
  int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  for (const StoredFile& f : l.files) {
    CHECK(f.modified > now - 600000);
    CHECK(f.modified < now + 600000);
    CHECK(f.version == 1);  // first seen
  }
}

TEST_CASE("folder storage: save is atomic, exact and bumps the version") {
  TempDir d;
  FolderStorage s(d.path.string());
  StoredFile f;
  f.path = "_posts/new/2024-03-01-글.md";
  static const char bytes[] = "---\r\ntitle: \"새 글\"\r\n---\r\n본문 \xEF\xBB\xBF\0end";
  f.text.assign(bytes, sizeof bytes - 1);  // keeps the NUL
  REQUIRE(f.text.size() == 42);
  bool called = false;
  uint64_t version = 0;
  s.save(f, [&](StorageResult r, uint64_t v) {
    called = true;
    CHECK(r.ok);
    CHECK(r.error.empty());
    version = v;
  });
  CHECK(called);  // synchronous
  CHECK(version == 1);
  CHECK(d.read(f.path) == f.text);
  CHECK_FALSE(fs::exists(d.path / (f.path + ".sheaf-tmp")));
  f.text = "shorter";
  s.save(f, [&](StorageResult r, uint64_t v) { CHECK(r.ok); version = v; });
  CHECK(version == 2);
  CHECK(d.read(f.path) == "shorter");
  Loaded l = load(s);
  REQUIRE(l.files.size() == 1);
  CHECK(l.files[0].path == f.path);
  CHECK(l.files[0].version == 2);
}

TEST_CASE("folder storage: paths outside the root are refused") {
  TempDir d;
  FolderStorage s((d.path / "nb").string());
  fs::create_directories(d.path / "nb");
  for (const char* bad : {"../evil.md", "/etc/evil.md", "a/../../evil.md", "a//b.md", "", "./a.md", "a\\b.md", "C:/x.md"}) {
    CAPTURE(bad);
    StoredFile f;
    f.path = bad;
    f.text = "x";
    bool called = false;
    s.save(f, [&](StorageResult r, uint64_t) {
      called = true;
      CHECK_FALSE(r.ok);
      CHECK(r.error.find("not a path inside the notebook") != std::string::npos);
    });
    CHECK(called);
  }
  CHECK_FALSE(fs::exists(d.path / "evil.md"));
  CHECK(is_safe_relative_path("_posts/2024-01-01-a.md"));
  CHECK(is_safe_relative_path("노트/메모.md"));
}

TEST_CASE("folder storage: remove deletes, a missing file is an error naming it") {
  TempDir d;
  d.write("a.md", "x");
  FolderStorage s(d.path.string());
  bool ok = false;
  s.remove("a.md", [&](StorageResult r) { ok = r.ok; });
  CHECK(ok);
  CHECK_FALSE(fs::exists(d.path / "a.md"));
  std::string err;
  s.remove("a.md", [&](StorageResult r) { ok = r.ok; err = r.error; });
  CHECK_FALSE(ok);
  CHECK(err == "a.md: no such file");
  s.remove("../a.md", [&](StorageResult r) { ok = r.ok; });
  CHECK_FALSE(ok);
}

TEST_CASE("folder storage: huge files are skipped with a note, a missing root fails") {
  TempDir d;
  d.write("small.md", "ok");
  {
    std::ofstream(d.path / "huge.md", std::ios::binary) << "x";
  }
  fs::resize_file(d.path / "huge.md", FolderStorage::kMaxFileBytes + 1);  // sparse, cheap
  FolderStorage s(d.path.string());
  Loaded l = load(s);
  CHECK(l.result.ok);
  REQUIRE(l.files.size() == 1);
  CHECK(l.files[0].path == "small.md");
  CHECK(l.result.error == "huge.md: 64 MB is over the 64 MB limit, not loaded");

  FolderStorage missing((d.path / "nope").string());
  Loaded m = load(missing);
  CHECK(m.called);
  CHECK_FALSE(m.result.ok);
  CHECK(m.result.error.find("not a readable folder") != std::string::npos);
  CHECK(m.files.empty());
}

TEST_CASE("folder storage: a checked save refuses when the file moved on") {
  TempDir d;
  d.write("a.md", "one");
  FolderStorage s(d.path.string());
  Loaded l = load(s);
  REQUIRE(l.files.size() == 1);
  StoredFile f = l.files[0];
  SaveOptions checked;
  checked.check_version = true;
  f.text = "two";
  uint64_t v = 0;
  s.save(f, checked, [&](StorageResult r, uint64_t nv) { CHECK(r.ok); v = nv; });
  CHECK(v == f.version + 1);
  // Saving again with the old version is a conflict, and the file is untouched.
  f.text = "stale";
  bool conflict = false;
  s.save(f, checked, [&](StorageResult r, uint64_t) { conflict = r.conflict && !r.ok; });
  CHECK(conflict);
  CHECK(d.read("a.md") == "two");
  // Another program rewriting the file also counts as a newer version.
  f.version = v;
  fs::last_write_time(d.path / "a.md", fs::last_write_time(d.path / "a.md") - std::chrono::hours(1));
  conflict = false;
  s.save(f, checked, [&](StorageResult r, uint64_t) { conflict = r.conflict; });
  CHECK(conflict);
  // Version 0 means "must be new".
  StoredFile n;
  n.path = "a.md";
  n.text = "new";
  conflict = false;
  s.save(n, checked, [&](StorageResult r, uint64_t) { conflict = r.conflict; });
  CHECK(conflict);
  n.path = "b.md";
  s.save(n, checked, [&](StorageResult r, uint64_t nv) { CHECK(r.ok); CHECK(nv == 1); });
  bool found = false;
  s.load("b.md", [&](bool fnd, StoredFile got, StorageResult r) { found = fnd && got.text == "new" && r.ok; });
  CHECK(found);
  s.load("zzz.md", [&](bool fnd, StoredFile, StorageResult r) { found = fnd; CHECK(r.ok); });
  CHECK_FALSE(found);
}

TEST_CASE("folder storage: rename, trash, restore and empty") {
  TempDir d;
  d.write("_posts/a.md", "가나다");
  d.write("b.md", "b");
  FolderStorage s(d.path.string());
  bool ok = false;
  s.rename("_posts/a.md", "b.md", [&](StorageResult r) { ok = r.ok; });
  CHECK_FALSE(ok);  // taken
  s.rename("_posts/a.md", "_posts/새 이름.md", [&](StorageResult r) { ok = r.ok; });
  CHECK(ok);
  CHECK(d.read("_posts/새 이름.md") == "가나다");
  CHECK_FALSE(fs::exists(d.path / "_posts/a.md"));

  TrashItem item;
  s.move_to_trash("_posts/새 이름.md", [&](StorageResult r, TrashItem t) { ok = r.ok; item = t; });
  CHECK(ok);
  CHECK(item.file.text == "가나다");
  CHECK_FALSE(fs::exists(d.path / "_posts/새 이름.md"));
  CHECK(load(s).files.size() == 1);  // the trash is not part of the notebook
  std::vector<TrashItem> items;
  s.list_trash([&](std::vector<TrashItem> t, StorageResult) { items = t; });
  REQUIRE(items.size() == 1);
  CHECK(items[0].key == item.key);
  CHECK(items[0].path == "_posts/새 이름.md");
  CHECK(items[0].file.text == "가나다");

  StoredFile back;
  s.restore_from_trash(item.key, [&](StorageResult r, StoredFile f) { ok = r.ok; back = f; });
  CHECK(ok);
  CHECK(back.path == "_posts/새 이름.md");
  CHECK(d.read("_posts/새 이름.md") == "가나다");
  s.list_trash([&](std::vector<TrashItem> t, StorageResult) { items = t; });
  CHECK(items.empty());

  s.move_to_trash("b.md", [&](StorageResult r, TrashItem) { ok = r.ok; });
  s.empty_trash([&](StorageResult r) { ok = r.ok; });
  CHECK(ok);
  CHECK_FALSE(fs::exists(d.path / FolderStorage::kTrashDir));
  // A trashed path is not a document path.
  StoredFile t;
  t.path = std::string(FolderStorage::kTrashDir) + "/x.md";
  s.save(t, [&](StorageResult r, uint64_t) { ok = r.ok; });
  CHECK_FALSE(ok);
}
