// Changing notebooks (File > Notebooks): App::save_before_leaving saves every
// post at once and refuses, with a notice that names the post, while one is
// not on disk, so the text is never lost to a switch.
#include <string>

#include "app/app.h"
#include "doctest/doctest.h"
#include "memory_storage.h"
#include "ui_env.h"

using namespace sheaf;

namespace {

void frames(App& app, int n) {
  for (int i = 0; i < n; i++) {
    test::next_frame();
    app.frame();
  }
}

}  // namespace

TEST_CASE("switch: unsaved posts are saved before leaving, and a failed save keeps the notebook open") {
  test::ensure_frame();
  test::MemoryBackend st;
  st.write_elsewhere("_posts/2024-03-01-일기.md", "---\ntitle: 봄 일기\n---\n\n벚꽃이 피었다.\n");
  st.write_elsewhere("_posts/2024-03-02-notes.md", "---\ntitle: Notes\n---\n\nplain\n");
  App app(st, AppOptions{});
  app.start();
  frames(app, 3);
  REQUIRE(app.bridge_state_json().find("\"ready\":true") != std::string::npos);
  app.bridge_call("autosaveDelay", "600000");  // only the switch saves
  const std::string edited = "---\ntitle: 봄 일기\n---\n\n벚꽃이 피었다. 바람이 분다.\n";
  CHECK(app.bridge_call("setText", "_posts/2024-03-01-일기", edited).find("\"ok\":true") != std::string::npos);
  frames(app, 2);

  // The disk refuses: no switch, the notice names the post and why, the text stays.
  st.fail_saves = 100;
  CHECK_FALSE(app.save_before_leaving());
  frames(app, 2);
  const std::string s = app.bridge_state_json();
  CHECK(s.find("Stayed on this notebook: “봄 일기” (write failed) is not saved") != std::string::npos);
  CHECK(s.find("\"unsaved\":[{\"path\":\"_posts/2024-03-01-일기.md\"") != std::string::npos);
  CHECK(app.bridge_call("text", "_posts/2024-03-01-일기").find("바람이 분다") != std::string::npos);
  CHECK(st.files["_posts/2024-03-01-일기.md"].text.find("바람이 분다") == std::string::npos);

  // The disk works again: everything is written now, at once, and leaving is fine.
  st.fail_saves = 0;
  CHECK(app.save_before_leaving());
  CHECK(st.files["_posts/2024-03-01-일기.md"].text == edited);
  CHECK(app.bridge_state_json().find("\"unsaved\":[]") != std::string::npos);
}
