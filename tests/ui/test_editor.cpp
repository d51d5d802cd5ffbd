// Source editor: the edit history (diffs, grouping, undo/redo, refusal on a
// mismatch) and the widget driven through ImGui input events (typing Korean,
// Escape never reverting, reloads while focused, undo shortcuts), then the
// whole app: modes, typing, undo across post switches and task toggles.
#include <cstdio>
#include <string>
#include <vector>

#include "core/storage.h"
#include "doctest/doctest.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "app/app.h"
#include "ui/editor.h"
#include "ui_env.h"

using namespace sheaf;

//-----------------------------------------------------------------------------
// Edit history
//-----------------------------------------------------------------------------

TEST_CASE("diff_texts keeps Hangul syllables whole") {
  // 글 = EA B8 80 and 국 = EA B5 AD share their first byte.
  TextChange c = diff_texts("한글 입력", "한국 입력");
  CHECK(c.at == 3);
  CHECK(c.removed == "글");
  CHECK(c.inserted == "국");
  TextChange ins = diff_texts("ab", "a한b");
  CHECK(ins.at == 1);
  CHECK(ins.removed.empty());
  CHECK(ins.inserted == "한");
  TextChange same = diff_texts("xyz", "xyz");
  CHECK(same.removed.empty());
  CHECK(same.inserted.empty());
}

TEST_CASE("typing merges into one step (a new line, a pause or a seal starts another)") {
  EditHistory h;
  std::string t;
  auto type = [&](std::string s, double time) {
    std::string before = t;
    t += s;
    h.record(before, t, EditKind::Typing, time);
  };
  type("한", 0.0);
  type("글", 0.1);
  type(" ", 0.2);
  CHECK(h.undo_steps() == 1);
  type("\n", 0.3);  // still joins (the step's inserted text had no newline)
  type("둘", 0.4);  // after a newline: new step
  CHECK(h.undo_steps() == 2);
  type("셋", 5.0);  // after a pause: new step
  CHECK(h.undo_steps() == 3);
  h.seal();
  type("넷", 5.1);
  CHECK(h.undo_steps() == 4);

  uint32_t caret = 0;
  REQUIRE(h.undo(t, &caret));
  CHECK(t == "한글 \n둘셋");
  CHECK(caret == t.size());
  REQUIRE(h.undo(t));
  REQUIRE(h.undo(t));
  CHECK(t == "한글 \n");
  REQUIRE(h.undo(t));
  CHECK(t.empty());
  CHECK_FALSE(h.undo(t));
  REQUIRE(h.redo(t));
  REQUIRE(h.redo(t));
  CHECK(t == "한글 \n둘");
  // A new edit drops the redo steps.
  std::string before = t;
  t += "!";
  h.record(before, t, EditKind::Other, 9);
  CHECK(h.redo_steps() == 0);
}

TEST_CASE("backspacing merges with the typing it erases, and undo brings it back") {
  EditHistory h;
  std::string t = "abc";
  std::string b = t;
  t = "abcd";
  h.record(b, t, EditKind::Typing, 0);
  b = t;
  t = "abc";
  h.record(b, t, EditKind::Typing, 0.1);
  b = t;
  t = "ab";
  h.record(b, t, EditKind::Typing, 0.2);
  CHECK(h.undo_steps() == 1);
  REQUIRE(h.undo(t));
  CHECK(t == "abc");
}

TEST_CASE("undo refuses, and changes nothing, when the text no longer matches") {
  EditHistory h;
  std::string t = "- [ ] task";
  h.record(t, "- [x] task", EditKind::Other, 0);
  std::string other = "completely different";
  CHECK_FALSE(h.undo(other));
  CHECK(other == "completely different");
  CHECK(h.undo_steps() == 1);  // still there for the right text
  std::string right = "- [x] task";
  CHECK(h.undo(right));
  CHECK(right == "- [ ] task");
}

//-----------------------------------------------------------------------------
// Widget
//-----------------------------------------------------------------------------

namespace {

bool frame(SourceEditor& ed, std::string& text) {
  test::next_frame();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(800, 600));
  ImGui::Begin("editor-test", nullptr, ImGuiWindowFlags_NoDecoration);
  bool changed = ed.draw("##src", text, ImVec2(780, 560));
  ImGui::End();
  return changed;
}

void key(ImGuiKey k, bool ctrl = false, bool shift = false) {
  ImGuiIO& io = ImGui::GetIO();
  if (ctrl) io.AddKeyEvent(ImGuiMod_Ctrl, true);
  if (shift) io.AddKeyEvent(ImGuiMod_Shift, true);
  io.AddKeyEvent(k, true);
  io.AddKeyEvent(k, false);
  if (shift) io.AddKeyEvent(ImGuiMod_Shift, false);
  if (ctrl) io.AddKeyEvent(ImGuiMod_Ctrl, false);
}

}  // namespace

TEST_CASE("the editor takes Korean text, keeps it on Escape, and reports undo shortcuts") {
  SourceEditor ed;
  std::string text = "# 제목\n\n본문\n";
  ed.focus();
  for (int i = 0; i < 4; i++) frame(ed, text);
  REQUIRE(ed.active());
  key(ImGuiKey_End, true);  // Ctrl+End: end of text
  frame(ed, text);
  ImGui::GetIO().AddInputCharactersUTF8("한글 입력");
  bool changed = false;
  for (int i = 0; i < 4; i++) changed |= frame(ed, text);
  CHECK(changed);
  CHECK(text == "# 제목\n\n본문\n한글 입력");
  CHECK(ed.caret() == text.size());
  CHECK(ed.caret_rect().w > 0);

  // ImGui's field reverts everything on Escape; ours must keep the text.
  key(ImGuiKey_Escape);
  for (int i = 0; i < 3; i++) frame(ed, text);
  CHECK(text == "# 제목\n\n본문\n한글 입력");
  CHECK_FALSE(ed.active());
  CHECK(ed.take_escape());

  // Undo keys are reported, not acted on.
  ed.focus();
  for (int i = 0; i < 4; i++) frame(ed, text);
  key(ImGuiKey_Z, true);
  frame(ed, text);
  frame(ed, text);
  CHECK(ed.take_undo());
  CHECK(text == "# 제목\n\n본문\n한글 입력");
  key(ImGuiKey_Z, true, true);
  frame(ed, text);
  frame(ed, text);
  CHECK(ed.take_redo());
}

TEST_CASE("a reload while focused shows the new bytes and puts the caret where asked") {
  SourceEditor ed;
  std::string text = "첫 줄\n둘째 줄\n";
  ed.focus();
  for (int i = 0; i < 4; i++) frame(ed, text);
  REQUIRE(ed.active());
  text = "- [x] 바뀐 글\n";
  ed.reload(4, 4);
  frame(ed, text);
  frame(ed, text);
  ImGui::GetIO().AddInputCharactersUTF8("A");
  frame(ed, text);
  frame(ed, text);
  CHECK(text == "- [xA] 바뀐 글\n");
}

TEST_CASE("the line index maps offsets and y both ways") {
  SourceEditor ed;
  test::ensure_frame();
  ImGui::ClearActiveID();  // the previous test left its field focused
  std::string text;
  for (int i = 0; i < 200; i++) text += "줄 " + std::to_string(i) + "\n";
  frame(ed, text);
  const float lh = ed.line_height();
  REQUIRE(lh > 0);
  const uint32_t line50 = uint32_t(text.find("줄 50\n"));
  const float y = ed.y_of_offset(line50 + 2);
  CHECK(ed.offset_at_y(y) == line50);
  CHECK(ed.offset_at_y(y + lh * 0.5f) == line50);
  ed.scroll_to_offset(line50);
  frame(ed, text);
  frame(ed, text);
  CHECK(ed.top_offset() == line50);
}

//-----------------------------------------------------------------------------
// App: modes, typing, undo across posts, form and task edits
//-----------------------------------------------------------------------------

namespace {

struct MemoryStorage : test::StubStorage {
  std::vector<StoredFile> files;
  int saves = 0;
  bool fail = false;
  const char* backend_name() const override { return "memory"; }
  void load_all(std::function<void(std::vector<StoredFile>, StorageResult)> done) override { done(files, {}); }
  void load(const std::string& path, std::function<void(bool, StoredFile, StorageResult)> done) override {
    for (auto& x : files)
      if (x.path == path) return done(true, x, {});
    done(false, {}, {});
  }
  void save(const StoredFile& f, const SaveOptions&, std::function<void(StorageResult, uint64_t)> done) override {
    saves++;
    if (fail) {
      StorageResult r;
      r.ok = false;
      r.error = "disk full";
      done(r, 0);
      return;
    }
    for (auto& x : files)
      if (x.path == f.path) x = f;
    done({}, f.version + 1);
  }
};

std::string field(const std::string& json, const std::string& key) {
  // Good enough for the flat values the tests read: "key":value up to , or }.
  size_t k = json.find("\"" + key + "\":");
  if (k == std::string::npos) return "";
  size_t v = k + key.size() + 3;
  if (json[v] == '"') {
    std::string out;
    for (size_t i = v + 1; i < json.size() && json[i] != '"'; i++) {
      if (json[i] == '\\' && i + 1 < json.size()) {
        i++;
        out += json[i] == 'n' ? '\n' : json[i];
      } else {
        out += json[i];
      }
    }
    return out;
  }
  size_t e = json.find_first_of(",}", v);
  return json.substr(v, e - v);
}

std::string editor_json(const App& app) {
  std::string s = app.bridge_state_json();
  return s.substr(s.find("\"editor\":"));
}

void app_frame(App& app) {
  test::next_frame();
  app.frame();
}

}  // namespace

TEST_CASE("app: Ctrl+E edits, typing reaches the post, undo survives switching posts and task toggles") {
  test::ensure_frame();
  MemoryStorage st;
  st.files.push_back({"_posts/2024-01-01-a.md", "---\ntitle: 가\n---\n\n- [ ] 할 일\n\n본문\n", 0, 1});
  st.files.push_back({"_posts/2024-01-02-b.md", "---\ntitle: 나\n---\n\n다른 글\n", 0, 1});
  App app(st, AppOptions{});
  app.start();
  REQUIRE(app.select_post("_posts/2024-01-01-a"));
  for (int i = 0; i < 3; i++) app_frame(app);
  CHECK(field(editor_json(app), "mode") == "preview");

  key(ImGuiKey_E, true);
  for (int i = 0; i < 4; i++) app_frame(app);
  CHECK(field(editor_json(app), "mode") == "edit");
  CHECK(field(editor_json(app), "active") == "true");
  key(ImGuiKey_End, true);
  app_frame(app);
  ImGui::GetIO().AddInputCharactersUTF8("추가");
  for (int i = 0; i < 3; i++) app_frame(app);
  const std::string typed = "---\ntitle: 가\n---\n\n- [ ] 할 일\n\n본문\n추가";
  CHECK(field(editor_json(app), "text") == typed);
  CHECK(field(editor_json(app), "dirty") == "true");

  // Away and back: the history is still there.
  REQUIRE(app.select_post("_posts/2024-01-02-b"));
  for (int i = 0; i < 3; i++) app_frame(app);
  CHECK(field(editor_json(app), "text") == "---\ntitle: 나\n---\n\n다른 글\n");
  REQUIRE(app.select_post("_posts/2024-01-01-a"));
  for (int i = 0; i < 3; i++) app_frame(app);
  key(ImGuiKey_Z, true);
  for (int i = 0; i < 3; i++) app_frame(app);
  CHECK(field(editor_json(app), "text") == "---\ntitle: 가\n---\n\n- [ ] 할 일\n\n본문\n");
  CHECK(field(editor_json(app), "dirty") == "false");
  key(ImGuiKey_Y, true);
  for (int i = 0; i < 3; i++) app_frame(app);
  CHECK(field(editor_json(app), "text") == typed);

  // Ctrl+S writes through the storage; a failing save keeps the text.
  // (Autosave may already have written earlier edits: count from here.)
  const int saves_before = st.saves;
  st.fail = true;
  key(ImGuiKey_S, true);
  for (int i = 0; i < 2; i++) app_frame(app);
  CHECK(st.saves == saves_before + 1);
  CHECK(field(editor_json(app), "dirty") == "true");
  CHECK(field(editor_json(app), "text") == typed);
  st.fail = false;
  key(ImGuiKey_S, true);
  for (int i = 0; i < 2; i++) app_frame(app);
  CHECK(st.saves == saves_before + 2);
  CHECK(field(editor_json(app), "dirty") == "false");
  CHECK(st.files[0].text == typed);
}

TEST_CASE("app: a diagnostic under the title shows its place in the source when clicked") {
  test::ensure_frame();
  MemoryStorage st;
  const std::string text = "---\ntitle: 잘못된 글자\n---\n\n첫 줄\n앞 \xff 뒤\n";
  st.files.push_back({"_posts/2024-01-03-bad.md", text, 0, 1});
  App app(st, AppOptions{});
  app.start();
  REQUIRE(app.select_post("_posts/2024-01-03-bad"));
  for (int i = 0; i < 4; i++) app_frame(app);
  std::string s = app.bridge_state_json();
  const std::string d = s.substr(s.find("\"diagnostics\":"));
  CHECK(field(d, "severity") == "warning");
  CHECK(field(d, "line") == "6");
  CHECK(field(d, "column") == "5");  // bytes: "앞 " is 4
  CHECK(field(d, "message").find("invalid UTF-8") != std::string::npos);
  CHECK(field(s, "problem") == "1");  // the list marks the post with a warning
  const float x = (std::stof(field(d, "x0")) + std::stof(field(d, "x1"))) * 0.5f;
  const float y = (std::stof(field(d, "y0")) + std::stof(field(d, "y1"))) * 0.5f;
  CHECK(field(editor_json(app), "mode") == "preview");
  ImGuiIO& io = ImGui::GetIO();
  io.AddMousePosEvent(x, y);
  app_frame(app);
  io.AddMouseButtonEvent(0, true);
  app_frame(app);
  io.AddMouseButtonEvent(0, false);
  for (int i = 0; i < 5; i++) app_frame(app);
  const std::string e = editor_json(app);
  CHECK(field(e, "mode") == "split");
  CHECK(field(e, "active") == "true");
  CHECK(field(e, "caret_offset") == std::to_string(text.find("\xff")));
  // Nothing was rewritten because of the diagnostic.
  CHECK(st.files[0].text == text);
  CHECK(st.saves == 0);
}

TEST_CASE("app: side by side, a click on the preview's text moves the caret there while the source has the keyboard") {
  test::ensure_frame();
  MemoryStorage st;
  std::string text = "---\ntitle: 나란히\n---\n";
  for (int i = 0; i < 12; i++) text += "\n" + std::to_string(i) + "번째 문단입니다. 미리보기에서 누르면 원문의 그 자리로 갑니다.\n";
  st.files.push_back({"_posts/2024-01-04-split.md", text, 0, 1});
  App app(st, AppOptions{});
  app.start();
  REQUIRE(app.select_post("_posts/2024-01-04-split"));
  for (int i = 0; i < 3; i++) app_frame(app);
  key(ImGuiKey_E, true);
  app_frame(app);
  key(ImGuiKey_E, true);
  for (int i = 0; i < 4; i++) app_frame(app);
  std::string e = editor_json(app);
  REQUIRE(field(e, "mode") == "split");
  REQUIRE(field(e, "active") == "true");
  REQUIRE(field(e, "caret_offset") == "0");
  // preview_rect is [x,y,w,h].
  const size_t r = e.find("\"preview_rect\":[");
  REQUIRE(r != std::string::npos);
  float px = 0, py = 0, pw = 0, ph = 0;
  REQUIRE(std::sscanf(e.c_str() + r + 16, "%f,%f,%f,%f", &px, &py, &pw, &ph) == 4);
  ImGuiIO& io = ImGui::GetIO();
  // Down the preview's text in steps smaller than a line: every press lands
  // on text or between lines, and each puts the caret at the same place or
  // further down the source.
  uint32_t last = 0;
  int moved = 0;
  for (float fy = 0.3f; fy < 0.68f; fy += 0.02f) {
    io.AddMousePosEvent(px + pw * 0.4f, py + ph * fy);
    app_frame(app);
    io.AddMouseButtonEvent(0, true);
    app_frame(app);
    io.AddMouseButtonEvent(0, false);
    for (int i = 0; i < 3; i++) app_frame(app);
    e = editor_json(app);
    const uint32_t caret = uint32_t(std::stoul(field(e, "caret_offset")));
    CHECK(field(e, "active") == "true");
    CHECK(caret >= last);
    if (caret > last) moved++;
    last = caret;
  }
  CHECK(moved >= 8);
  CHECK(last > text.find("5번째"));
}
