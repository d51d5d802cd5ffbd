// Bulk tag/category edits through the whole app, without a GPU: the tag row's
// context menu, the dialog (Korean name, inline refusals, preview, errors),
// Enter/Escape, applying through the save pipeline, and one-step undo from
// Ctrl+Z that leaves every file byte-identical. A large notebook shows the
// progress and still undoes in one step.
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "app/app.h"
#include "core/storage.h"
#include "doctest/doctest.h"
#include "imgui.h"
#include "ui_env.h"

using namespace sheaf;

namespace {

// Storage in memory that stores every save as is (no version checks).
struct BulkTestStorage : test::MemoryStorage {
  int saves = 0;
  void save(const StoredFile& f, const SaveOptions& o, std::function<void(StorageResult, uint64_t)> done) override {
    saves++;
    MemoryStorage::save(f, o, std::move(done));
  }

  std::map<std::string, std::string> texts() const {
    std::map<std::string, std::string> t;
    for (auto& [p, f] : files) t[p] = f.text;
    return t;
  }
};

// The JSON string value after "key": (first occurrence after `from`).
std::string json_string(const std::string& json, const std::string& key, size_t from = 0) {
  size_t k = json.find("\"" + key + "\":\"", from);
  if (k == std::string::npos) return "";
  std::string out;
  for (size_t i = k + key.size() + 4; i < json.size() && json[i] != '"'; i++) {
    if (json[i] != '\\') {
      out += json[i];
      continue;
    }
    char c = json[++i];
    if (c == 'n') out += '\n';
    else if (c == 'r') out += '\r';
    else if (c == 't') out += '\t';
    else if (c == 'u') {
      out += char(std::stoi(json.substr(i + 1, 4), nullptr, 16));
      i += 4;
    } else out += c;
  }
  return out;
}

// A flat value (number, bool) after "key":.
std::string json_flat(const std::string& json, const std::string& key, size_t from = 0) {
  size_t k = json.find("\"" + key + "\":", from);
  if (k == std::string::npos) return "";
  size_t v = k + key.size() + 3;
  return json.substr(v, json.find_first_of(",}]", v) - v);
}

// Centre of the control named `name` ({"name":...,"rect":[x,y,w,h]}); false if absent.
bool control_center(const std::string& json, const std::string& name, float& x, float& y) {
  size_t k = json.find("{\"name\":\"" + name + "\",\"rect\":[");
  if (k == std::string::npos) return false;
  float r[4];
  if (std::sscanf(json.c_str() + json.find('[', k), "[%f,%f,%f,%f]", &r[0], &r[1], &r[2], &r[3]) != 4) return false;
  if (r[2] <= 0 || r[3] <= 0) return false;
  x = r[0] + r[2] / 2;
  y = r[1] + r[3] / 2;
  return true;
}

std::string bulk_json(const App& app) {
  std::string s = app.bridge_state_json();
  return s.substr(s.find("\"bulk\":"));
}

void frames(App& app, int n = 1) {
  for (int i = 0; i < n; i++) {
    test::next_frame();
    app.frame();
  }
}

void click(App& app, float x, float y, int button = 0) {
  ImGuiIO& io = ImGui::GetIO();
  io.AddMousePosEvent(x, y);
  frames(app);
  io.AddMouseButtonEvent(button, true);
  frames(app);
  io.AddMouseButtonEvent(button, false);
  frames(app, 2);
}

void click_control(App& app, const std::string& name, int button = 0) {
  float x = 0, y = 0;
  REQUIRE_MESSAGE(control_center(app.bridge_state_json(), name, x, y), "no control " << name);
  click(app, x, y, button);
}

void key(App& app, ImGuiKey k, bool ctrl = false) {
  ImGuiIO& io = ImGui::GetIO();
  if (ctrl) io.AddKeyEvent(ImGuiMod_Ctrl, true);
  io.AddKeyEvent(k, true);
  io.AddKeyEvent(k, false);
  if (ctrl) io.AddKeyEvent(ImGuiMod_Ctrl, false);
  frames(app, 3);
}

std::string post_text(App& app, const std::string& path) { return json_string(app.bridge_call("text", path), "text"); }

// Everything except the given line(s) of `before` is in `after`, in order.
bool only_line_changed(const std::string& before, const std::string& after, const std::string& line_start) {
  auto lines = [](const std::string& t) {
    std::vector<std::string> out;
    size_t a = 0;
    while (a <= t.size()) {
      size_t b = t.find('\n', a);
      if (b == std::string::npos) b = t.size();
      out.push_back(t.substr(a, b - a));
      a = b + 1;
    }
    return out;
  };
  auto x = lines(before), y = lines(after);
  if (x.size() != y.size()) return false;
  for (size_t i = 0; i < x.size(); i++)
    if (x[i] != y[i] && x[i].rfind(line_start, 0) != 0) return false;
  return before != after;
}

void add(BulkTestStorage& st, std::string path, std::string text) { st.files[path] = StoredFile{path, text, 0, 1}; }

}  // namespace

TEST_CASE("bulk: right-click a tag, rename it to a Korean name with Enter, Ctrl+Z puts every byte back") {
  test::ensure_frame();
  BulkTestStorage st;
  add(st, "_posts/2024-01-01-a.md", "---\ntitle: A\n# a comment\ntags: [AI, docker]\n---\nBody with AI\n");
  add(st, "_posts/2024-01-02-b.md", "---\r\ntitle: B\r\ntags: [ai, \"Deep Learning\"]\r\n---\r\nCRLF body\r\n");
  add(st, "_posts/2024-01-03-c.md", "---\ntitle: C\ntags: [other]\n---\nno tag here\n");
  add(st, "_posts/2024-01-04-d.md", "+++\ntitle = \"D\"\ntags = [\"AI\"]\n+++\nTOML\n");
  const auto before = st.texts();
  App app(st, AppOptions{});
  app.start();
  frames(app, 4);

  // The row's context menu, then Rename….
  // The list shows one spelling of AI/ai: whichever the library keeps.
  float x, y;
  const std::string tag_row = control_center(app.bridge_state_json(), "tag:AI", x, y) ? "tag:AI" : "tag:ai";
  const std::string from = tag_row.substr(4);
  click_control(app, tag_row, 1);
  click_control(app, "menu:rename");
  std::string b = bulk_json(app);
  REQUIRE(json_flat(b, "open") == "true");
  CHECK(json_string(b, "action") == "rename");

  // The field starts with the current name, selected: that is refused inline.
  CHECK(json_string(b, "problem").find("current name") != std::string::npos);
  key(app, ImGuiKey_Backspace);
  CHECK(json_string(bulk_json(app), "problem") == "Type the new name.");
  ImGui::GetIO().AddInputCharactersUTF8("머신러닝");
  frames(app, 3);
  b = bulk_json(app);
  CHECK(json_string(b, "problem").empty());
  CHECK(json_string(b, "description").find("to '머신러닝' in 2 posts") != std::string::npos);
  CHECK(json_flat(b, "count") == "2");
  CHECK(b.find("_posts/2024-01-04-d.md: ") != std::string::npos);  // TOML: reported, left alone

  key(app, ImGuiKey_Enter);
  frames(app, 2);
  b = bulk_json(app);
  CHECK(json_flat(b, "open") == "false");
  CHECK(json_flat(b, "written") == "2");
  CHECK(json_flat(b, "undo_is_latest") == "true");
  // Written through the save pipeline: storage has the new bytes, only the tags line differs.
  const auto after = st.texts();
  CHECK(only_line_changed(before.at("_posts/2024-01-01-a.md"), after.at("_posts/2024-01-01-a.md"), "tags:"));
  CHECK(after.at("_posts/2024-01-01-a.md") == "---\ntitle: A\n# a comment\ntags: [머신러닝, docker]\n---\nBody with AI\n");
  CHECK(after.at("_posts/2024-01-02-b.md") == "---\r\ntitle: B\r\ntags: [머신러닝, \"Deep Learning\"]\r\n---\r\nCRLF body\r\n");
  CHECK(after.at("_posts/2024-01-03-c.md") == before.at("_posts/2024-01-03-c.md"));
  CHECK(after.at("_posts/2024-01-04-d.md") == before.at("_posts/2024-01-04-d.md"));
  CHECK(post_text(app, "_posts/2024-01-01-a.md") == after.at("_posts/2024-01-01-a.md"));
  const std::string state = app.bridge_state_json();
  CHECK(state.find("Renamed tag '" + from + "' to '머신러닝' in 2 posts.") != std::string::npos);
  CHECK(control_center(state, "tag:머신러닝", x, y));

  // Ctrl+Z with no field focused: the whole operation, byte-exact.
  key(app, ImGuiKey_Z, true);
  frames(app, 2);
  CHECK(st.texts() == before);
  for (auto& [path, text] : before) CHECK(post_text(app, path) == text);
  b = bulk_json(app);
  CHECK(json_flat(b, "can_undo") == "false");
  CHECK(json_string(b, "result") == "Undone: 2 posts restored.");
}

TEST_CASE("bulk: Escape cancels, merge completes from existing names, and a later edit keeps Ctrl+Z for the editor") {
  test::ensure_frame();
  BulkTestStorage st;
  add(st, "_posts/x.md", "---\ntitle: X\ncategories:\n  - guide\n  - reference\n---\nx\n");
  add(st, "_posts/y.md", "---\ntitle: Y\ncategories: reference\n---\ny\n");
  add(st, "_posts/z.md", "---\ntitle: Z\ncategories: [misc]\n---\nz\n");
  const auto before = st.texts();
  App app(st, AppOptions{});
  app.start();
  frames(app, 4);

  // Escape: nothing happens.
  REQUIRE(json_flat(app.bridge_call("bulkOpen", "delete", "cat:misc"), "ok") == "true");
  frames(app, 3);
  CHECK(json_string(bulk_json(app), "description") == "delete category 'misc' in 1 post");
  key(app, ImGuiKey_Escape);
  CHECK(json_flat(bulk_json(app), "open") == "false");
  // Also while typing in the name field.
  REQUIRE(json_flat(app.bridge_call("bulkOpen", "rename", "cat:misc"), "ok") == "true");
  frames(app, 3);
  ImGui::GetIO().AddInputCharactersUTF8("기타");
  frames(app, 3);
  CHECK(json_string(bulk_json(app), "to") == "기타");
  key(app, ImGuiKey_Escape);
  CHECK(json_flat(bulk_json(app), "open") == "false");
  CHECK(st.texts() == before);

  // Merge: typing "gu" offers "guide"; Tab completes it. (Tags folded away
  // so the category list is in view.)
  click_control(app, "header:tags");
  click_control(app, "header:categories");
  click_control(app, "cat:reference", 1);
  click_control(app, "menu:merge");
  ImGui::GetIO().AddInputCharactersUTF8("gu");
  frames(app, 3);
  float x, y;
  CHECK(control_center(bulk_json(app), "suggest:guide", x, y));
  key(app, ImGuiKey_Tab);
  std::string b = bulk_json(app);
  CHECK(json_string(b, "to") == "guide");
  CHECK(json_string(b, "description") == "merge category 'reference' into 'guide' in 2 posts");
  click_control(app, "apply");
  const auto merged = st.texts();
  CHECK(merged.at("_posts/x.md") == "---\ntitle: X\ncategories:\n  - guide\n---\nx\n");
  CHECK(merged.at("_posts/y.md") == "---\ntitle: Y\ncategories: guide\n---\ny\n");

  // Another change after it: the bulk edit is no longer the latest, so
  // Ctrl+Z leaves it alone (its Undo button still works).
  app.bridge_call("setText", "_posts/z.md", "---\ntitle: Z\ncategories: [misc]\n---\nz changed\n");
  frames(app, 2);
  CHECK(json_flat(bulk_json(app), "undo_is_latest") == "false");
  key(app, ImGuiKey_Z, true);
  CHECK(st.texts().at("_posts/x.md") == merged.at("_posts/x.md"));
  std::string s = app.bridge_state_json();
  size_t notice = s.find("\"text\":\"Merged category 'reference' into 'guide' in 2 posts.\"");
  REQUIRE(notice != std::string::npos);
  size_t r = s.find("\"action_rect\":[", notice);
  float rx, ry, rw, rh;
  REQUIRE(std::sscanf(s.c_str() + r + 15, "%f,%f,%f,%f", &rx, &ry, &rw, &rh) == 4);
  click(app, rx + rw / 2, ry + rh / 2);
  frames(app, 2);
  CHECK(st.texts().at("_posts/x.md") == before.at("_posts/x.md"));
  CHECK(st.texts().at("_posts/y.md") == before.at("_posts/y.md"));
}

TEST_CASE("bulk: thousands of posts apply over several frames with progress and undo in one step") {
  test::ensure_frame();
  BulkTestStorage st;
  const int n = 3000;
  for (int i = 0; i < n; i++) {
    char path[64];
    std::snprintf(path, sizeof path, "_posts/2024-01-01-p%04d.md", i);
    std::string body;
    for (int k = 0; k < 20; k++) body += "- 항목 " + std::to_string(k) + " with *some* `code` and [a link](x.md)\n";
    add(st, path, "---\ntitle: 글 " + std::to_string(i) + "\ntags: [공통, t" + std::to_string(i % 7) +
                      "]\n---\n" + body);
  }
  const auto before = st.texts();
  App app(st, AppOptions{});
  app.start();
  frames(app, 3);
  REQUIRE(json_flat(app.bridge_call("bulkOpen", "rename", "tag:공통"), "ok") == "true");
  app.bridge_call("bulkInput", "common");
  frames(app, 30);  // this many posts: the preview waits for a pause in typing
  CHECK(json_flat(bulk_json(app), "count") == std::to_string(n));
  ImGui::GetIO().AddKeyEvent(ImGuiKey_Enter, true);
  ImGui::GetIO().AddKeyEvent(ImGuiKey_Enter, false);
  frames(app);
  int progress_frames = 0;
  for (int i = 0; i < 2000 && json_flat(bulk_json(app), "running") == "true"; i++) {
    progress_frames++;
    CHECK(json_flat(bulk_json(app), "open") == "true");  // the progress modal
    frames(app);
  }
  CHECK(progress_frames > 1);
  CHECK(json_flat(bulk_json(app), "written") == std::to_string(n));
  const auto after = st.texts();
  CHECK(only_line_changed(before.at("_posts/2024-01-01-p0001.md"), after.at("_posts/2024-01-01-p0001.md"), "tags:"));
  CHECK(after.at("_posts/2024-01-01-p0001.md").find("tags: [common, t1]\n") != std::string::npos);
  REQUIRE(json_flat(app.bridge_call("bulkUndo"), "ok") == "true");
  for (int i = 0; i < 2000 && (json_flat(bulk_json(app), "running") == "true" || i == 0); i++) frames(app);
  frames(app, 2);
  CHECK(st.texts() == before);
}

namespace {

// Storage whose trash keeps what was deleted, so a delete can be undone.
struct TrashingStorage : BulkTestStorage {
  std::map<std::string, StoredFile> trash;
  void move_to_trash(const std::string& path, std::function<void(StorageResult, TrashItem)> done) override {
    TrashItem item;
    item.key = "t:" + path;
    item.path = path;
    item.file = files[path];
    trash[item.key] = item.file;
    files.erase(path);
    done({}, item);
  }
  void restore_from_trash(const std::string& key, std::function<void(StorageResult, StoredFile)> done) override {
    StoredFile f = trash[key];
    trash.erase(key);
    files[f.path] = f;
    done({}, f);
  }
};

}  // namespace

TEST_CASE("bulk: undoing a delete keeps the bulk edit's own Undo notice") {
  test::ensure_frame();
  TrashingStorage st;
  add(st, "_posts/2024-01-01-a.md", "---\ntitle: A\ntags: [old]\n---\nA\n");
  add(st, "_posts/2024-01-02-b.md", "---\ntitle: B\ntags: [old]\n---\nB\n");
  add(st, "_posts/2024-01-03-c.md", "---\ntitle: C\n---\nC\n");
  App app(st, AppOptions{});
  app.start();
  frames(app, 4);
  float x, y;
  // The tag list's open state is ImGui's, shared with the tests before: open it if folded.
  if (!control_center(app.bridge_state_json(), "tag:old", x, y)) click_control(app, "header:tags");
  click_control(app, "tag:old", 1);
  click_control(app, "menu:rename");
  key(app, ImGuiKey_Backspace);
  ImGui::GetIO().AddInputCharactersUTF8("새것");
  frames(app, 3);
  key(app, ImGuiKey_Enter);
  frames(app, 2);
  auto undo_notices = [&]() {
    const std::string s = app.bridge_state_json();
    int n = 0;
    for (size_t at = s.find("\"action\":\"Undo\""); at != std::string::npos; at = s.find("\"action\":\"Undo\"", at + 1)) n++;
    return n;
  };
  REQUIRE(undo_notices() == 1);  // the rename's
  CHECK(app.bridge_call("delete", "_posts/2024-01-03-c").find("\"ok\":true") != std::string::npos);
  frames(app, 2);
  CHECK(undo_notices() == 2);  // the rename's and the delete's
  CHECK(app.bridge_call("undo", "").find("\"ok\":true") != std::string::npos);
  frames(app, 2);
  CHECK(st.files.count("_posts/2024-01-03-c.md") == 1);
  CHECK(undo_notices() == 1);  // the delete's went with it; the rename's stays
  CHECK(app.bridge_state_json().find("Renamed tag 'old' to '새것' in 2 posts.") != std::string::npos);
}
