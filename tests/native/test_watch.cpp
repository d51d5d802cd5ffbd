// The desktop app's folder watcher (src/platform/native/watch.h): inotify
// events come through as one debounced "rescan due", folders made later are
// watched too, skipped folders stay quiet, and the polling fallback keeps
// its beat. Real folders under the temp folder; waits are bounded polls.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "platform/native/watch.h"

using sheaf::native::FolderWatcher;
#include "temp_dir.h"

namespace fs = std::filesystem;

namespace {

struct TempDir : sheaf::test::TempDir {
  TempDir() : sheaf::test::TempDir("sheaf-watch") {}
};

void put(const std::string& p, const std::string& s) { std::ofstream(p, std::ios::binary) << s; }

double clock_now() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

// Polls as the app's frames do until a rescan is due; false after `timeout` s.
bool wait_due(FolderWatcher& w, double timeout = 5) {
  const double until = clock_now() + timeout;
  while (clock_now() < until) {
    if (w.poll(clock_now())) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

// Polls for `seconds` (well past the debounce) and counts the rescans due.
int dues_within(FolderWatcher& w, double seconds) {
  int n = 0;
  const double until = clock_now() + seconds;
  while (clock_now() < until) {
    n += w.poll(clock_now());
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return n;
}

// A notebook with a post, a draft folder and the folders FolderStorage skips.
void make_notebook(const TempDir& d) {
  fs::create_directories(d / "_posts");
  fs::create_directories(d / ".git/objects/ab");
  fs::create_directories(d / "node_modules/pkg/lib");
  fs::create_directories(d / "_site/2026/12");
  put(d / "_posts/2026-12-07-첫-글.md", "---\ntitle: 첫 글\n---\n안녕하세요.\n");
}

}  // namespace

TEST_CASE("watch: a write, a new file in a new folder, a delete and a rename are each seen") {
  TempDir d;
  make_notebook(d);
  FolderWatcher w(d.path.string());
  REQUIRE_FALSE(w.polling());
  CHECK(w.watched_folders() == 2);  // the root and _posts; not .git, node_modules, _site
  CHECK_FALSE(w.poll(clock_now()));

  put(d / "_posts/2026-12-07-첫-글.md", "---\ntitle: 고친 첫 글\n---\n안녕하세요.\n");
  CHECK(wait_due(w));

  fs::create_directories(d / "_drafts/2026");
  put(d / "_drafts/2026/초안.md", "---\ntitle: 초안\n---\n");
  CHECK(wait_due(w));
  // The new folders are watched from now on.
  CHECK(w.watched_folders() == 4);
  put(d / "_drafts/2026/초안.md", "---\ntitle: 다시 쓴 초안\n---\n");
  CHECK(wait_due(w));

  fs::remove(d / "_posts/2026-12-07-첫-글.md");
  CHECK(wait_due(w));

  fs::rename(d / "_drafts/2026/초안.md", d / "_drafts/2026/draft.md");
  CHECK(wait_due(w));
}

TEST_CASE("watch: a renamed folder's subfolders keep being watched") {
  TempDir d;
  make_notebook(d);
  fs::create_directories(d / "notes/2026/12");
  FolderWatcher w(d.path.string());
  REQUIRE_FALSE(w.polling());
  fs::rename(d / "notes", d / "journal");
  CHECK(wait_due(w));
  put(d / "journal/2026/12/일기.md", "---\ntitle: 일기\n---\n");
  CHECK(wait_due(w));
  // A folder made below the renamed one is watched under its new path.
  fs::create_directories(d / "journal/2026/12/사진");
  CHECK(wait_due(w));
  put(d / "journal/2026/12/사진/설명.md", "---\ntitle: 사진 설명\n---\n");
  CHECK(wait_due(w));
  // A folder moved out of the notebook is no longer watched.
  fs::rename(d / "journal", d / ".attic");
  CHECK(wait_due(w));
  CHECK(w.watched_folders() == 2);
  put(d / ".attic/2026/12/일기.md", "---\ntitle: 치운 일기\n---\n");
  CHECK(dues_within(w, 0.5) == 0);
}

TEST_CASE("watch: a burst of 200 writes is one rescan, due after the debounce") {
  TempDir d;
  make_notebook(d);
  FolderWatcher w(d.path.string());
  REQUIRE_FALSE(w.polling());
  for (int i = 0; i < 200; i++)
    put(d / ("_posts/글-" + std::to_string(i % 40) + ".md"), "---\ntitle: 글 " + std::to_string(i) + "\n---\n본문\n");
  // The watcher's clock is the caller's: the events are read at t = 100.
  CHECK_FALSE(w.poll(100.0));
  CHECK_FALSE(w.poll(100.0 + FolderWatcher::kDebounce / 2));
  CHECK(w.poll(100.0 + FolderWatcher::kDebounce + 0.01));
  CHECK_FALSE(w.poll(101.0));
  CHECK_FALSE(w.poll(105.0));
  // And on the real clock, nothing more comes of that burst.
  CHECK(dues_within(w, 0.4) == 0);
}

TEST_CASE("watch: a program that keeps writing is noticed within the longest delay") {
  TempDir d;
  make_notebook(d);
  FolderWatcher w(d.path.string());
  REQUIRE_FALSE(w.polling());
  int due_at = -1;
  for (int step = 0; step <= 15 && due_at < 0; step++) {  // a write every 0.1 s (the caller's clock)
    put(d / "_posts/log.md", "---\ntitle: 기록\n---\n" + std::to_string(step) + "\n");
    if (w.poll(step * 0.1)) due_at = step;
  }
  CHECK(due_at == 10);  // kMaxDelay = 1 s after the first write, though the writes go on
}

TEST_CASE("watch: skipped folders and dot-files do not call for a rescan") {
  TempDir d;
  make_notebook(d);
  FolderWatcher w(d.path.string());
  REQUIRE_FALSE(w.polling());
  put(d / ".git/index.lock", "x");
  put(d / ".git/objects/ab/cdef", "blob");
  fs::create_directories(d / ".git/refs/heads");
  put(d / "node_modules/pkg/lib/index.js", "module.exports = 1;\n");
  put(d / "_site/2026/12/index.html", "<p>built</p>\n");
  put(d / "_posts/.2026-12-07-첫-글.md.sheaf-Ab12Cd", "our own save's temporary file");
  fs::create_directories(d / ".cache/deep");
  put(d / ".cache/deep/x.md", "hidden");
  CHECK(dues_within(w, 0.5) == 0);
  // The watcher still works: a post's change is seen.
  put(d / "_posts/2026-12-07-첫-글.md", "---\ntitle: 첫 글 (고침)\n---\n");
  CHECK(wait_due(w));
}

TEST_CASE("watch: without inotify a rescan is due every poll interval") {
  TempDir d;
  make_notebook(d);
  FolderWatcher w(d.path.string(), /*force_polling=*/true);
  REQUIRE(w.polling());
  CHECK(w.polling_reason != "");
  CHECK_FALSE(w.poll(10.0));  // the beat starts at the first poll
  CHECK_FALSE(w.poll(11.0));
  CHECK(w.poll(10.0 + FolderWatcher::kPollInterval));
  CHECK_FALSE(w.poll(12.5));
  CHECK(w.poll(14.0));
  // On the real clock a change is picked up within an interval.
  FolderWatcher real(d.path.string(), true);
  CHECK_FALSE(real.poll(clock_now()));
  put(d / "_posts/2026-12-07-첫-글.md", "---\ntitle: 폴링으로 찾은 글\n---\n");
  CHECK(wait_due(real, FolderWatcher::kPollInterval + 2));
}

TEST_CASE("watch: a folder that does not exist falls back to polling") {
  TempDir d;
  FolderWatcher w(d / "없는-폴더");
  CHECK(w.polling());
  CHECK(w.polling_reason != "");
}
