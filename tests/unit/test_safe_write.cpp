// The one file writer (core/safe_write.h) and FolderStorage over it: modes,
// owners, symbolic and hard links, failures that leave the old bytes.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/folder_storage.h"
#include "core/safe_write.h"

using namespace sheaf;
#include "temp_dir.h"

namespace fs = std::filesystem;

namespace {

struct TempDir : sheaf::test::TempDir {
  TempDir() : sheaf::test::TempDir("sheaf-safe-write") {}
};

void put(const std::string& p, const std::string& s) { std::ofstream(p, std::ios::binary) << s; }
std::string get(const std::string& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}
mode_t mode_of(const std::string& p) {
  struct stat st;
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 07777;
}
bool is_link(const std::string& p) {
  struct stat st;
  return ::lstat(p.c_str(), &st) == 0 && S_ISLNK(st.st_mode);
}
size_t entries(const fs::path& dir) {
  size_t n = 0;
  for (auto it = fs::directory_iterator(dir); it != fs::directory_iterator(); ++it) n++;
  return n;
}

}  // namespace

TEST_CASE("safe write: the new bytes replace the old and the mode bits stay") {
  TempDir d;
  for (mode_t m : {mode_t(0600), mode_t(0640), mode_t(0755), mode_t(0444)}) {
    std::string p = d / "post.md";
    put(p, "old");
    REQUIRE(::chmod(p.c_str(), m) == 0);
    SafeWriteResult r = write_file_safely(p, "새 내용\n");
    REQUIRE(r.ok);
    CHECK(get(p) == "새 내용\n");
    CHECK(mode_of(p) == m);
    CHECK(entries(d.path) == 1);  // no temporary file left behind
    fs::remove(p);
  }
}

TEST_CASE("safe write: a new file gets 0666 less the umask") {
  TempDir d;
  mode_t old = ::umask(027);
  SafeWriteResult r = write_file_safely(d / "new.md", "x");
  ::umask(old);
  REQUIRE(r.ok);
  CHECK(mode_of(d / "new.md") == 0640);
  SafeWriteOptions o;
  o.umask_bits = 077;  // as a worker thread passes the mask it was given
  REQUIRE(write_file_safely(d / "new2.md", "x", o).ok);
  CHECK(mode_of(d / "new2.md") == 0600);
}

TEST_CASE("safe write: as root the owner and group are kept") {
  if (::geteuid() != 0) return;  // only root can give a file away; other users keep their own files anyway
  TempDir d;
  std::string p = d / "owned.md";
  put(p, "old");
  REQUIRE(::chown(p.c_str(), 1234, 2345) == 0);
  REQUIRE(write_file_safely(p, "new").ok);
  struct stat st;
  REQUIRE(::stat(p.c_str(), &st) == 0);
  CHECK(st.st_uid == 1234u);
  CHECK(st.st_gid == 2345u);
}

TEST_CASE("safe write: a symbolic link inside the root is written through and stays a link") {
  TempDir d;
  fs::create_directories(d.path / "drafts");
  put(d / "drafts/a.md", "old");
  REQUIRE(::chmod((d / "drafts/a.md").c_str(), 0600) == 0);
  REQUIRE(::symlink("drafts/a.md", (d / "link.md").c_str()) == 0);
  SafeWriteOptions o;
  o.root = d.path.string();
  SafeWriteResult r = write_file_safely(d / "link.md", "through the link", o);
  REQUIRE(r.ok);
  CHECK(r.through_link);
  CHECK(is_link(d / "link.md"));
  CHECK(get(d / "drafts/a.md") == "through the link");
  CHECK(mode_of(d / "drafts/a.md") == 0600);
  CHECK(fs::path(r.target).filename() == "a.md");
}

TEST_CASE("safe write: a link leading out of the root is refused and nothing changes") {
  TempDir outside, d;
  put(outside / "secret.md", "theirs");
  REQUIRE(::symlink((outside / "secret.md").c_str(), (d / "link.md").c_str()) == 0);
  SafeWriteOptions o;
  o.root = d.path.string();
  SafeWriteResult r = write_file_safely(d / "link.md", "mine", o);
  CHECK(!r.ok);
  CHECK(r.error.find("link.md: a symbolic link to ") != std::string::npos);
  CHECK(r.reason.find("outside") != std::string::npos);
  CHECK(r.reason.find("not written") != std::string::npos);
  CHECK(get(outside / "secret.md") == "theirs");
  CHECK(is_link(d / "link.md"));
  CHECK(entries(outside.path) == 1);
  CHECK(entries(d.path) == 1);
  // Without a root the same link is followed (the CLI passes one; exports do not).
  CHECK(write_file_safely(d / "link.md", "mine").ok);
  CHECK(get(outside / "secret.md") == "mine");
}

TEST_CASE("safe write: a dangling link is refused") {
  TempDir d;
  REQUIRE(::symlink("gone.md", (d / "link.md").c_str()) == 0);
  SafeWriteResult r = write_file_safely(d / "link.md", "x");
  CHECK(!r.ok);
  CHECK(r.reason == "a symbolic link whose target does not exist; not written");
  CHECK(!fs::exists(d / "gone.md"));
}

TEST_CASE("safe write: a file with two hard links is refused, both names keep their bytes") {
  TempDir d;
  put(d / "a.md", "shared");
  REQUIRE(::link((d / "a.md").c_str(), (d / "b.md").c_str()) == 0);
  SafeWriteResult r = write_file_safely(d / "a.md", "new");
  CHECK(!r.ok);
  CHECK(r.reason.rfind("has 2 hard links;", 0) == 0);
  CHECK(get(d / "a.md") == "shared");
  CHECK(get(d / "b.md") == "shared");
  struct stat st;
  REQUIRE(::stat((d / "a.md").c_str(), &st) == 0);
  CHECK(st.st_nlink == 2u);
}

TEST_CASE("safe write: a failed write leaves the old bytes and no temporary file") {
  TempDir d;
  put(d / "file", "not a folder");
  SafeWriteResult r = write_file_safely(d / "file/post.md", "x");
  CHECK(!r.ok);
  CHECK(r.error.find("file/post.md: ") != std::string::npos);
  CHECK(!r.reason.empty());
  CHECK(get(d / "file") == "not a folder");
  // A folder where the file should be: refused before anything is written.
  fs::create_directories(d.path / "dir.md");
  SafeWriteResult r2 = write_file_safely(d / "dir.md", "x");
  CHECK(!r2.ok);
  CHECK(r2.reason == "not a regular file; not written");
  CHECK(entries(d.path) == 2);
}

TEST_CASE("safe write: temporary names are recognised and never listed as posts") {
  CHECK(is_safe_write_temp_name(".a.md.sheaf-Ab12Cd"));
  CHECK(!is_safe_write_temp_name("a.md"));
  CHECK(!is_safe_write_temp_name(".a.md.sheaf-Ab1"));
  TempDir d;
  put(d / "a.md", "# a\n");
  put(d / ".a.md.sheaf-Ab12Cd", "# half\n");  // as a kill -9 mid-save leaves it
  FolderStorage fsg(d.path.string());
  std::vector<StoredFile> got;
  fsg.load_all([&](std::vector<StoredFile> files, StorageResult) { got = std::move(files); });
  REQUIRE(got.size() == 1);
  CHECK(got[0].path == "a.md");
}

TEST_CASE("folder storage: saves keep 0600, write through inner links and refuse outer ones") {
  TempDir outside, d;
  put(d / "private.md", "---\ntitle: 비밀\n---\n");
  REQUIRE(::chmod((d / "private.md").c_str(), 0600) == 0);
  fs::create_directories(d.path / "_drafts");
  put(d / "_drafts/real.md", "draft");
  REQUIRE(::symlink("_drafts/real.md", (d / "link.md").c_str()) == 0);
  put(outside / "x.md", "theirs");
  REQUIRE(::symlink((outside / "x.md").c_str(), (d / "escape.md").c_str()) == 0);

  FolderStorage st(d.path.string());
  std::vector<StoredFile> files;
  st.load_all([&](std::vector<StoredFile> f, StorageResult) { files = std::move(f); });
  auto save = [&](const std::string& path, const std::string& text) {
    StorageResult got;
    StoredFile f;
    f.path = path;
    f.text = text;
    st.save(f, [&](StorageResult r, uint64_t) { got = r; });
    return got;
  };
  CHECK(save("private.md", "---\ntitle: 비밀 2\n---\n").ok);
  CHECK(mode_of(d / "private.md") == 0600);
  CHECK(save("link.md", "edited").ok);
  CHECK(is_link(d / "link.md"));
  CHECK(get(d / "_drafts/real.md") == "edited");
  StorageResult bad = save("escape.md", "mine");
  CHECK(!bad.ok);
  CHECK(bad.error.rfind("escape.md: a symbolic link to ", 0) == 0);
  CHECK(get(outside / "x.md") == "theirs");
}
