// Images into the editor: pasted bytes become an asset of the notebook (in
// the memory storage) and their Markdown lands at the caret as one undoable
// edit; refusals say why; the preview reads the image through the storage.
#include <string>

#include "app/app.h"
#include "core/limits.h"
#include "doctest/doctest.h"
#include "imgui.h"
#include "memory_storage.h"
#include "ui_env.h"

using namespace sheaf;

namespace sheaf::test {
extern std::vector<std::string> g_decode_bytes;
}

namespace {

void app_frame(App& app) {
  sheaf::test::next_frame();
  app.frame();
}

void key(ImGuiKey k, bool ctrl = false) {
  ImGuiIO& io = ImGui::GetIO();
  if (ctrl) io.AddKeyEvent(ImGuiMod_Ctrl, true);
  io.AddKeyEvent(k, true);
  io.AddKeyEvent(k, false);
  if (ctrl) io.AddKeyEvent(ImGuiMod_Ctrl, false);
}

// A 3 x 2 PNG's first bytes: signature and IHDR (enough for the decoder double).
std::string tiny_png() {
  std::string s("\x89PNG\r\n\x1a\n", 8);
  s += std::string("\0\0\0\x0dIHDR", 8);
  s += std::string("\0\0\0\x03\0\0\0\x02", 8);
  s += std::string("\x08\x06\0\0\0", 5);
  return s;
}

// A field of the bridge's JSON (strings unescaped for \n, \t, \" and \\).
std::string field(const std::string& json, const std::string& name) {
  size_t k = json.find("\"" + name + "\":");
  if (k == std::string::npos) return "<missing>";
  size_t v = k + name.size() + 3;
  if (json[v] != '"') return json.substr(v, json.find_first_of(",}", v) - v);
  std::string out;
  for (size_t i = v + 1; i < json.size() && json[i] != '"'; i++) {
    if (json[i] == '\\' && i + 1 < json.size()) {
      i++;
      out += json[i] == 'n' ? '\n' : json[i] == 't' ? '\t' : json[i];
      continue;
    }
    out += json[i];
  }
  return out;
}

// A field of the state's "paste" object (other objects have a last_error too).
std::string paste_field(const std::string& state, const std::string& name) {
  return field(state.substr(state.find("\"paste\":")), name);
}

}  // namespace

TEST_CASE("images: pasting image bytes saves an asset and inserts its Markdown at the caret, undo removes it") {
  sheaf::test::ensure_frame();
  sheaf::test::MemoryBackend st;
  const std::string text = "---\ntitle: 제주\n---\n\n첫 줄\n둘째 줄\n";
  st.files["_posts/2024-03-01-jeju.md"] = StoredFile{"_posts/2024-03-01-jeju.md", text, 0, 1};
  App app(st, AppOptions{});
  app.start();
  REQUIRE(app.select_post("_posts/2024-03-01-jeju"));
  for (int i = 0; i < 3; i++) app_frame(app);

  // In the preview there is no caret: refused, with a notice saying why.
  CHECK_FALSE(app.editing_post());
  app.paste_image("photo.png", tiny_png());
  app_frame(app);
  CHECK(paste_field(app.bridge_state_json(), "last_error").find("open a post in Edit") != std::string::npos);
  CHECK(st.assets.empty());

  key(ImGuiKey_E, true);
  for (int i = 0; i < 4; i++) app_frame(app);
  REQUIRE(app.editing_post());
  // Caret after "첫 줄" (the end of the first body line).
  const size_t at = text.find("첫 줄") + std::string("첫 줄").size();
  app.bridge_call("editor_select", std::to_string(at));
  for (int i = 0; i < 2; i++) app_frame(app);
  auto post_text = [&] { return field(app.bridge_call("text", "_posts/2024-03-01-jeju"), "text"); };

  app.paste_image("제주 바다.png", tiny_png());
  for (int i = 0; i < 3; i++) app_frame(app);
  REQUIRE(st.assets.count("assets/img/jeju/제주 바다.png") == 1);
  CHECK(st.assets["assets/img/jeju/제주 바다.png"].bytes == tiny_png());
  const std::string md = "![](/assets/img/jeju/제주%20바다.png)";
  std::string want = text;
  want.insert(at, md);
  const std::string state = app.bridge_state_json();
  CHECK(post_text() == want);
  CHECK(paste_field(state, "last_path") == "assets/img/jeju/제주 바다.png");
  CHECK(field(state.substr(state.find("\"editor\":")), "caret_offset") == std::to_string(at + md.size()));

  // A second paste of the same name gets its own file.
  app.paste_image("제주 바다.png", tiny_png());
  for (int i = 0; i < 3; i++) app_frame(app);
  CHECK(st.assets.count("assets/img/jeju/제주 바다-2.png") == 1);

  // A selection is replaced by the image.
  const std::string with_two = post_text();
  const size_t sel = with_two.find("둘째 줄");
  app.bridge_call("editor_select", std::to_string(sel), std::to_string(sel + std::string("둘째 줄").size()));
  for (int i = 0; i < 2; i++) app_frame(app);
  app.paste_image("선택.gif", "GIF89a....");
  for (int i = 0; i < 3; i++) app_frame(app);
  std::string replaced = with_two;
  replaced.replace(sel, std::string("둘째 줄").size(), "![](/assets/img/jeju/선택.gif)");
  CHECK(post_text() == replaced);
  key(ImGuiKey_Z, true);
  for (int i = 0; i < 3; i++) app_frame(app);
  CHECK(post_text() == with_two);

  // Undo takes back the last insertion whole, then the first.
  key(ImGuiKey_Z, true);
  for (int i = 0; i < 3; i++) app_frame(app);
  CHECK(post_text() == want);
  key(ImGuiKey_Z, true);
  for (int i = 0; i < 3; i++) app_frame(app);
  CHECK(post_text() == text);
  // Undo leaves the files in the site (nothing is deleted behind the user's back).
  CHECK(st.assets.size() == 3);
}

TEST_CASE("images: a paste that is not an image, or too large, is refused with the reason") {
  sheaf::test::ensure_frame();
  sheaf::test::MemoryBackend st;
  st.files["_posts/2024-03-02-b.md"] = StoredFile{"_posts/2024-03-02-b.md", "# b\n", 0, 1};
  App app(st, AppOptions{});
  app.start();
  REQUIRE(app.select_post("_posts/2024-03-02-b"));
  for (int i = 0; i < 3; i++) app_frame(app);
  key(ImGuiKey_E, true);
  for (int i = 0; i < 4; i++) app_frame(app);
  REQUIRE(app.editing_post());

  app.paste_image("report.pdf", "%PDF-1.7 not an image");
  app_frame(app);
  std::string state = app.bridge_state_json();
  CHECK(paste_field(state, "last_error") == "report.pdf: not a PNG, JPEG, GIF or WebP image");
  const std::string why = "report.pdf: not a PNG, JPEG, GIF or WebP image";
  CHECK(state.find("{\"text\":\"" + why + "\",\"error\":true") != std::string::npos);  // a notice says it too

  std::string big = tiny_png();
  big.resize(limits::kMaxAssetBytes + 100, '\0');
  app.paste_image("huge.png", big);
  app_frame(app);
  state = app.bridge_state_json();
  CHECK(paste_field(state, "last_error").find("huge.png: 10.0 MB is over the 10 MB limit") == 0);
  CHECK(st.assets.empty());
  CHECK(field(app.bridge_call("text", "_posts/2024-03-02-b"), "text").find("![](") == std::string::npos);

  // A storage that fails says so and inserts nothing.
  st.fail_assets = 1;
  app.paste_image("ok.png", tiny_png());
  for (int i = 0; i < 2; i++) app_frame(app);
  state = app.bridge_state_json();
  CHECK(paste_field(state, "last_error").find("Could not save ok.png") == 0);
  CHECK(field(app.bridge_call("text", "_posts/2024-03-02-b"), "text").find("![](") == std::string::npos);
}

TEST_CASE("images: two images pasted before the storage answers get two names") {
  sheaf::test::ensure_frame();
  sheaf::test::MemoryBackend st;
  st.files["_posts/2024-03-05-e.md"] = StoredFile{"_posts/2024-03-05-e.md", "# e\n", 0, 1};
  App app(st, AppOptions{});
  app.start();
  REQUIRE(app.select_post("_posts/2024-03-05-e"));
  for (int i = 0; i < 3; i++) app_frame(app);
  key(ImGuiKey_E, true);
  for (int i = 0; i < 4; i++) app_frame(app);
  REQUIRE(app.editing_post());
  st.deferred = true;  // every answer waits, as the browser's storage does
  app.paste_image("", tiny_png());
  app.paste_image("", tiny_png() + "x");
  while (st.run_pending() > 0) app_frame(app);
  st.deferred = false;
  for (int i = 0; i < 2; i++) app_frame(app);
  REQUIRE(st.assets.count("assets/img/e/image.png") == 1);
  REQUIRE(st.assets.count("assets/img/e/image-2.png") == 1);
  CHECK(st.assets["assets/img/e/image.png"].bytes != st.assets["assets/img/e/image-2.png"].bytes);
  const std::string t = field(app.bridge_call("text", "_posts/2024-03-05-e"), "text");
  CHECK(t.find("![](/assets/img/e/image.png)") != std::string::npos);
  CHECK(t.find("![](/assets/img/e/image-2.png)") != std::string::npos);
}

TEST_CASE("images: _config.yml's sheaf assets folder is used, a broken one falls back") {
  sheaf::test::ensure_frame();
  sheaf::test::MemoryBackend st;
  st.files["_posts/2024-03-03-c.md"] = StoredFile{"_posts/2024-03-03-c.md", "# c\n", 0, 1};
  st.assets["_config.yml"] = {"title: 사이트\nsheaf:\n  assets: images/posts\n", 1};
  App app(st, AppOptions{});
  app.start();
  REQUIRE(app.select_post("_posts/2024-03-03-c"));
  for (int i = 0; i < 3; i++) app_frame(app);
  key(ImGuiKey_E, true);
  for (int i = 0; i < 4; i++) app_frame(app);
  app.paste_image("", tiny_png());
  for (int i = 0; i < 2; i++) app_frame(app);
  CHECK(st.assets.count("images/posts/image.png") == 1);

  st.assets["_config.yml"] = {"title: [broken\n", 2};
  app.paste_image("", tiny_png());
  for (int i = 0; i < 2; i++) app_frame(app);
  CHECK(st.assets.count("assets/img/c/image.png") == 1);
  CHECK(app.bridge_state_json().find("_config.yml does not parse") != std::string::npos);
}

TEST_CASE("images: the preview reads an image inside the notebook through the storage") {
  sheaf::test::ensure_frame();
  sheaf::test::MemoryBackend st;
  st.files["_posts/2024-03-04-d.md"] =
      StoredFile{"_posts/2024-03-04-d.md", "# d\n\n![](/assets/img/d/p.png)\n\n![](../assets/img/d/missing.png)\n", 0, 1};
  st.assets["assets/img/d/p.png"] = {tiny_png(), 1};
  AppOptions o;
  o.notebook_root = "/site";
  App app(st, o);
  app.start();
  sheaf::test::g_decode_bytes.clear();
  REQUIRE(app.select_post("_posts/2024-03-04-d"));
  for (int i = 0; i < 6; i++) app_frame(app);
  REQUIRE(sheaf::test::g_decode_bytes.size() == 1);
  CHECK(sheaf::test::g_decode_bytes[0] == "assets/img/d/p.png");
  const std::string state = app.bridge_state_json();
  CHECK(state.find("\"state\":\"ready\"") != std::string::npos);
}
