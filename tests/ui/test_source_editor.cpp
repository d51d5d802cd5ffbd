// The source editor's writing surface, driven through ImGui input events as
// a user drives it: list continuation and indentation with their undo steps,
// wrap aids, word and visual-line motion, double and triple clicks, find and
// replace with the regex mode, styling from the parse, and a differential
// check that restyling after edits matches styling from scratch.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/document.h"
#include "core/incremental.h"
#include "core/text_search.h"
#include "doctest/doctest.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "ui/editor.h"
#include "ui/source_lines.h"
#include "ui/theme.h"
#include "ui_env.h"

using namespace sheaf;

namespace {

// An editor over a text that re-parses on every change, as the app does.
struct Harness {
  SourceEditor ed;
  std::string text;
  Document doc;
  uint64_t version = 1;
  EditHistory history;
  int steps_other = 0, steps_typing = 0;
  float width = 780;

  explicit Harness(std::string t) : text(std::move(t)) {
    doc = parse_document("t.md", text);
    ed.on_edit = [this](const TextChange& c) {
      if (!incremental) {
        reparse();
        return SourceEditor::Parse{&doc, version, nullptr, 0};
      }
      // As the app does on a keystroke: re-parse around the change.
      history.record(c, ed.last_edit_kind(), ImGui::GetTime());
      span = reparse_after_edit(doc, text, c.at, uint32_t(c.removed.size()), uint32_t(c.inserted.size()));
      version++;
      spans_incremental += span.full ? 0 : 1;
      return SourceEditor::Parse{&doc, version, span.full ? nullptr : &span, span.full ? 0 : version - 1};
    };
  }
  bool incremental = false;  // on_edit re-parses with reparse_after_edit
  ReparseSpan span;
  int spans_incremental = 0;
  void reparse() {
    if (doc.text == text) return;
    (ed.last_edit_kind() == EditKind::Other ? steps_other : steps_typing)++;
    history.record(doc.text, text, ed.last_edit_kind(), ImGui::GetTime());
    doc = parse_document("t.md", text);
    version++;
  }
  bool frame() {
    test::next_frame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(width + 20, 600));
    ImGui::Begin("source-editor-test", nullptr, ImGuiWindowFlags_NoDecoration);
    ed.set_document(&doc, version);
    const bool changed = ed.draw("##src", text, ImVec2(width, 560));
    ImGui::End();
    return changed;
  }
  void frames(int n) {
    for (int i = 0; i < n; i++) frame();
  }
  void focus_at(uint32_t off) {
    ed.go_to(off);
    frames(3);
    REQUIRE(ed.active());
    REQUIRE(ed.caret() == off);
  }
  void undo() {
    uint32_t caret = 0;
    REQUIRE(history.undo(text, &caret));
    doc = parse_document("t.md", text);
    version++;
    ed.reload(caret, caret);
    frames(2);
  }
};

void key(ImGuiKey k, bool ctrl = false, bool shift = false) {
  ImGuiIO& io = ImGui::GetIO();
  if (ctrl) io.AddKeyEvent(ImGuiMod_Ctrl, true);
  if (shift) io.AddKeyEvent(ImGuiMod_Shift, true);
  io.AddKeyEvent(k, true);
  io.AddKeyEvent(k, false);
  if (shift) io.AddKeyEvent(ImGuiMod_Shift, false);
  if (ctrl) io.AddKeyEvent(ImGuiMod_Ctrl, false);
}

void press(Harness& h, ImGuiKey k, bool ctrl = false, bool shift = false) {
  key(k, ctrl, shift);
  h.frames(2);
}

void type(Harness& h, const char* s) {
  ImGui::GetIO().AddInputCharactersUTF8(s);
  h.frames(2);
}

void click(Harness& h, ImVec2 p, int times = 1) {
  ImGuiIO& io = ImGui::GetIO();
  for (int i = 0; i < times; i++) {
    io.AddMousePosEvent(p.x, p.y);
    io.AddMouseButtonEvent(0, true);
    h.frame();
    io.AddMouseButtonEvent(0, false);
    h.frame();
  }
}

uint32_t at(const std::string& t, std::string_view needle) { return uint32_t(t.find(needle)); }

}  // namespace

TEST_CASE("Enter continues Korean lists, numbers and quotes, ends an empty item, each as one undo step") {
  test::ensure_frame();
  Harness h("- 첫째 항목\n");
  h.focus_at(at(h.text, "\n"));
  press(h, ImGuiKey_Enter);
  CHECK(h.text == "- 첫째 항목\n- \n");
  CHECK(h.ed.caret() == at(h.text, "- \n") + 2);
  CHECK(h.ed.last_edit_kind() == EditKind::Other);
  type(h, "둘째");
  CHECK(h.text == "- 첫째 항목\n- 둘째\n");
  press(h, ImGuiKey_Enter);
  press(h, ImGuiKey_Enter);  // on the empty item: the list ends
  CHECK(h.text == "- 첫째 항목\n- 둘째\n\n");
  h.undo();
  CHECK(h.text == "- 첫째 항목\n- 둘째\n- \n");
  h.undo();
  CHECK(h.text == "- 첫째 항목\n- 둘째\n");

  // Nested four spaces deep, as in real posts (alone at the top it would be code).
  Harness n("- 직업\n    * Data Engineer: 일\n\n9. 아홉\n\n> 인용\n");
  n.focus_at(at(n.text, "일") + 3);
  press(n, ImGuiKey_Enter);
  CHECK(n.text == "- 직업\n    * Data Engineer: 일\n    * \n\n9. 아홉\n\n> 인용\n");
  n.focus_at(at(n.text, "아홉") + 6);
  press(n, ImGuiKey_Enter);
  CHECK(n.text.find("9. 아홉\n10. \n") != std::string::npos);
  n.focus_at(at(n.text, "인용") + 6);
  press(n, ImGuiKey_Enter);
  CHECK(n.text.find("> 인용\n> \n") != std::string::npos);
  // Shift+Enter is a plain line break.
  n.focus_at(at(n.text, "아홉") + 6);
  press(n, ImGuiKey_Enter, false, true);
  CHECK(n.text.find("9. 아홉\n\n10. ") != std::string::npos);

  // Inside a fence Enter is only a line break.
  Harness c("```\n- 코드\n```\n");
  c.frames(2);
  c.focus_at(at(c.text, "코드") + 6);
  press(c, ImGuiKey_Enter);
  CHECK(c.text == "```\n- 코드\n\n```\n");

  // A CRLF file gets CRLF.
  Harness r("- 가\r\n");
  r.focus_at(at(r.text, "\r\n"));
  press(r, ImGuiKey_Enter);
  CHECK(r.text == "- 가\r\n- \r\n");
}

TEST_CASE("Tab and Shift+Tab indent and outdent list items, a selection of several too") {
  test::ensure_frame();
  Harness h("- 하나\n- 둘\n- 셋\n");
  h.focus_at(at(h.text, "둘"));
  press(h, ImGuiKey_Tab);
  CHECK(h.text == "- 하나\n  - 둘\n- 셋\n");
  CHECK(h.ed.caret() == at(h.text, "둘"));  // stays before the same character
  press(h, ImGuiKey_Tab, false, true);
  CHECK(h.text == "- 하나\n- 둘\n- 셋\n");
  h.ed.select(at(h.text, "둘"), at(h.text, "셋") + 3);
  h.frames(2);
  press(h, ImGuiKey_Tab);
  CHECK(h.text == "- 하나\n  - 둘\n  - 셋\n");
  CHECK(h.ed.sel_begin() == at(h.text, "둘"));
  CHECK(h.ed.sel_end() == at(h.text, "셋") + 3);
  CHECK(h.steps_other == 3);
  h.undo();
  CHECK(h.text == "- 하나\n- 둘\n- 셋\n");
  // Outside a list Tab is a tab character.
  Harness p("글\n");
  p.focus_at(0);
  press(p, ImGuiKey_Tab);
  CHECK(p.text == "\t글\n");
}

TEST_CASE("Ctrl+B, Ctrl+I and Ctrl+K wrap a selection or insert markers, and a pasted URL over a selection links it") {
  test::ensure_frame();
  Harness h("굵은 글씨\n");
  h.ed.select(0, at(h.text, " "));
  h.frames(2);
  h.ed.focus();
  h.frames(3);
  press(h, ImGuiKey_B, true);
  CHECK(h.text == "**굵은** 글씨\n");
  CHECK(h.ed.sel_begin() == 2);
  CHECK(h.ed.sel_end() == 2 + 6);
  press(h, ImGuiKey_B, true);  // again: unwrapped
  CHECK(h.text == "굵은 글씨\n");
  h.ed.select(at(h.text, "글씨"), at(h.text, "글씨") + 6);
  h.frames(2);
  press(h, ImGuiKey_I, true);
  CHECK(h.text == "굵은 _글씨_\n");
  h.ed.select(uint32_t(h.text.size() - 1), uint32_t(h.text.size() - 1));
  h.frames(2);
  press(h, ImGuiKey_B, true);  // no selection: the markers, caret between
  CHECK(h.text == "굵은 _글씨_****\n");
  CHECK(h.ed.caret() == h.text.size() - 3);
  type(h, "x");
  CHECK(h.text == "굵은 _글씨_**x**\n");

  Harness k("사이트 보기\n");
  k.ed.select(0, 9);
  k.frames(2);
  k.ed.focus();
  k.frames(3);
  press(k, ImGuiKey_K, true);
  CHECK(k.text == "[사이트](url) 보기\n");
  CHECK(k.text.substr(k.ed.sel_begin(), k.ed.sel_end() - k.ed.sel_begin()) == "url");
  type(k, "https://sheaf.test");
  CHECK(k.text == "[사이트](https://sheaf.test) 보기\n");

  Harness p("여기를 눌러\n");
  p.ed.select(0, 9);
  p.frames(2);
  p.ed.focus();
  p.frames(3);
  ImGui::SetClipboardText("https://sheaf.test/a");
  press(p, ImGuiKey_V, true);
  CHECK(p.text == "[여기를](https://sheaf.test/a) 눌러\n");
  CHECK(p.ed.last_edit_kind() == EditKind::Other);
  // A plain paste is the clipboard's text, one step.
  ImGui::SetClipboardText("붙임");
  press(p, ImGuiKey_V, true);
  CHECK(p.text.find("붙임") != std::string::npos);
}

TEST_CASE("the caret moves by word over Korean and by visual line in a wrapped paragraph") {
  test::ensure_frame();
  Harness h("Hello, 세상아! foo_bar 42\n");
  h.focus_at(0);
  press(h, ImGuiKey_RightArrow, true);
  CHECK(h.ed.caret() == 5);
  press(h, ImGuiKey_RightArrow, true);
  CHECK(h.ed.caret() == at(h.text, "!"));
  press(h, ImGuiKey_RightArrow, true);
  CHECK(h.ed.caret() == at(h.text, " 42"));
  press(h, ImGuiKey_LeftArrow, true);
  CHECK(h.ed.caret() == at(h.text, "foo"));
  press(h, ImGuiKey_LeftArrow, true, true);  // Shift extends
  CHECK(h.ed.caret() == at(h.text, "세상아"));
  CHECK(h.ed.sel_end() == at(h.text, "foo"));
  // One arrow moves one syllable.
  press(h, ImGuiKey_RightArrow);
  CHECK(h.ed.caret() == at(h.text, "foo"));  // collapses to the selection's end
  press(h, ImGuiKey_LeftArrow);  // the space
  press(h, ImGuiKey_LeftArrow);  // "!"
  press(h, ImGuiKey_LeftArrow);  // one whole syllable
  CHECK(h.ed.caret() == at(h.text, "아!"));

  // A long Korean paragraph wraps; Home/End and Up/Down go by visual line.
  std::string para;
  for (int i = 0; i < 40; i++) para += "한국어 문장은 띄어쓰기에서 ";
  para += "끝.\n둘째 줄\n";
  Harness w(para);
  w.width = 500;
  w.focus_at(0);
  const auto& rows = w.ed.lines();
  REQUIRE(rows.size() >= 2);
  REQUIRE(rows.row(0).layout.lines.size() > 3);
  press(w, ImGuiKey_End);
  const uint32_t first_end = w.ed.caret();
  CHECK(first_end > 0);
  CHECK(first_end < at(para, "끝"));
  CHECK(para[first_end - 1] == ' ');  // the wrap came at a space
  press(w, ImGuiKey_Home);
  CHECK(w.ed.caret() == 0);
  press(w, ImGuiKey_DownArrow);
  const uint32_t second = w.ed.caret();
  CHECK(second >= first_end);
  CHECK(second < at(para, "끝"));
  CHECK(is_code_point_boundary(para, second));
  press(w, ImGuiKey_UpArrow);
  CHECK(w.ed.caret() == 0);
  press(w, ImGuiKey_End, true);
  CHECK(w.ed.caret() == para.size());
  press(w, ImGuiKey_Home, true, true);
  CHECK(w.ed.sel_begin() == 0);
  CHECK(w.ed.sel_end() == para.size());
  // The bridge's visual lines: several for the wrapped paragraph, in order.
  const auto& vis = w.ed.visible_lines();
  REQUIRE(vis.size() > 3);
  for (size_t k = 1; k < vis.size(); k++) {
    CHECK(vis[k].begin >= vis[k - 1].end);
    CHECK(vis[k].rect.y > vis[k - 1].rect.y);
    CHECK(vis[k].rect.z <= w.width);
  }
}

TEST_CASE("double-click selects a Korean word, triple-click the paragraph, a drag extends") {
  test::ensure_frame();
  Harness h("사과를 먹었다. 맛있다!\n둘째 줄\n");
  h.frames(3);
  const auto& vis = h.ed.visible_lines();
  REQUIRE(vis.size() >= 2);
  const ImVec4 r = vis[0].rect;
  const ImVec2 p(r.x + 10, r.y + r.w * 0.5f);  // inside "사과를"
  click(h, p, 2);
  CHECK(h.ed.active());
  CHECK(h.text.substr(h.ed.sel_begin(), h.ed.sel_end() - h.ed.sel_begin()) == "사과를");
  click(h, p, 1);  // the third click
  CHECK(h.text.substr(h.ed.sel_begin(), h.ed.sel_end() - h.ed.sel_begin()) == "사과를 먹었다. 맛있다!\n");
  // A single click later, then a drag into the second line.
  ImGuiIO& io = ImGui::GetIO();
  for (int i = 0; i < 30; i++) h.frame();  // past the double-click time
  io.AddMousePosEvent(p.x, p.y);
  io.AddMouseButtonEvent(0, true);
  h.frame();
  const ImVec4 r2 = h.ed.visible_lines()[1].rect;
  io.AddMousePosEvent(r2.x + r2.z, r2.y + r2.w * 0.5f);
  h.frames(2);
  io.AddMouseButtonEvent(0, false);
  h.frame();
  CHECK(h.ed.sel_begin() <= 3);
  CHECK(h.ed.sel_end() >= at(h.text, "줄"));
}

TEST_CASE("find and replace in the source: case, whole word, regex, one undo step with the count") {
  test::ensure_frame();
  Harness h("사과 3개, 사과를 5개. Apple apple APPLE.\n");
  h.focus_at(0);
  press(h, ImGuiKey_F, true);
  CHECK(h.ed.find_open());
  TextSearchOptions o;
  h.ed.set_find("apple", o);
  h.frames(2);
  CHECK(h.ed.find_count() == 3);
  o.match_case = true;
  h.ed.set_find("apple", o);
  h.frames(1);
  CHECK(h.ed.find_count() == 1);
  o = TextSearchOptions();
  o.whole_word = true;
  h.ed.set_find("사과", o);
  h.frames(1);
  CHECK(h.ed.find_count() == 1);  // "사과를" is another word
  o = TextSearchOptions();
  o.regex = true;
  h.ed.set_find("(\\d)개", o);
  h.frames(1);
  CHECK(h.ed.find_count() == 2);
  h.ed.set_replacement("$1 개");
  h.ed.replace_all();
  h.frames(2);
  CHECK(h.text == "사과 3 개, 사과를 5 개. Apple apple APPLE.\n");
  CHECK(h.steps_other == 1);
  h.undo();
  CHECK(h.text == "사과 3개, 사과를 5개. Apple apple APPLE.\n");
  // A broken expression says so and changes nothing.
  h.ed.set_find("(사과", o);
  h.frames(1);
  CHECK(h.ed.find_count() == 0);
  CHECK_FALSE(h.ed.find_error().empty());
  press(h, ImGuiKey_Escape);
  CHECK_FALSE(h.ed.find_open());
}

TEST_CASE("rows are styled from the parse: headings larger and bold, markers muted, code in the code font") {
  test::ensure_frame();
  Harness h("---\ntitle: 제목\n---\n\n# 큰 제목\n\n본문 **굵게** `코드`\n\n```\n블록\n```\n");
  h.frames(2);
  const SourceLines& L = h.ed.lines();
  auto row_with = [&](std::string_view s) -> const SourceRow& {
    const uint32_t off = at(h.text, s);
    return L.row(L.row_of_offset(off));
  };
  auto span_at = [&](std::string_view s) -> const Span& {
    const SourceRow& r = row_with(s);
    const uint32_t local = at(h.text, s) - r.begin;
    return r.text.spans[size_t(r.text.span_at(local))];
  };
  const float body = std::round(body_font_size());
  CHECK(span_at("큰 제목").style.size > body);
  CHECK(span_at("큰 제목").style.face == Face::Bold);
  CHECK(span_at("# 큰").style.ink == Ink::Muted);
  CHECK(span_at("굵게").style.face == Face::Bold);
  CHECK(span_at("**굵게").style.ink == Ink::Muted);
  CHECK(span_at("본문").style.face == Face::Regular);
  CHECK(span_at("코드").style.face == Face::Mono);
  CHECK((row_with("블록").flags & RowFlags_CodeBg));
  CHECK((row_with("title").flags & RowFlags_FrontMatter));
  CHECK(span_at("title").style.ink == Ink::Link);
  CHECK_FALSE((row_with("본문").flags & RowFlags_CodeBg));

  // Typing "**" that closes a span restyles the row in the same frame.
  Harness t("앞 **굵게\n");
  t.focus_at(uint32_t(t.text.size() - 1));
  CHECK(t.ed.lines().row(0).text.spans.size() == 1);
  ImGui::GetIO().AddInputCharactersUTF8("**");
  t.frame();
  CHECK(t.text == "앞 **굵게**\n");
  const SourceRow& r = t.ed.lines().row(0);
  CHECK(r.text.spans[size_t(r.text.span_at(at(t.text, "굵게")))].style.face == Face::Bold);
}

namespace {

// The rows' spans as a comparable value.
std::vector<std::string> row_signature(const SourceLines& L) {
  std::vector<std::string> out;
  for (size_t k = 0; k < L.size(); k++) {
    const SourceRow& r = L.row(k);
    std::string s = std::to_string(r.begin) + ":" + std::to_string(r.end) + ":" + std::to_string(r.flags);
    for (const Span& sp : r.text.spans)
      s += "|" + std::to_string(sp.begin) + "," + std::to_string(sp.end) + "," + std::to_string(int(sp.style.face)) +
           "," + std::to_string(int(sp.style.ink)) + "," + std::to_string(int(sp.style.flags)) + "," +
           std::to_string(int(sp.style.size));
    out.push_back(std::move(s));
  }
  return out;
}

// An edit of `t` at a random character boundary, applied: one of `pieces`
// inserted, or a few bytes deleted.
TextChange random_edit(std::mt19937& rng, std::string& t, const char* const* pieces, size_t count) {
  const uint32_t a = uint32_t(floor_code_point(t, rng() % (t.size() + 1)));
  TextChange c;
  c.at = a;
  if (rng() % 3 == 0 && a < t.size()) {
    const uint32_t b = uint32_t(floor_code_point(t, std::min<size_t>(t.size(), a + 1 + rng() % 6)));
    c.removed = t.substr(a, b - a);
  } else {
    c.inserted = pieces[rng() % count];
  }
  t.replace(c.at, c.removed.size(), c.inserted);
  return c;
}

}  // namespace

TEST_CASE("differential: after random edits the kept and restyled rows equal a fresh styling") {
  test::ensure_frame();
  std::string base =
      "---\ntitle: 실험\ntags: [가, 나]\n---\n\n# 제목\n\n- 항목 **굵게**\n  - 안쪽 `코드`\n\n> 인용 _기울임_\n\n"
      "```cpp\nint x;\n```\n\n| 가 | 나 |\n|---|---|\n| 1 | 2 |\n\n[링크](https://a.b) 끝<br>줄\n";
  const char* pieces[] = {"**", "`", "\n", "```\n", "# ", "- ", "> ", "가나다 ", "_", "[", "](u)", "|", "\n\n", "~~"};
  std::mt19937 rng(12);
  Harness h(base);
  h.frames(2);
  for (int step = 0; step < 120; step++) {
    std::string& t = h.text;
    const TextChange c = random_edit(rng, t, pieces, sizeof(pieces) / sizeof(pieces[0]));
    h.doc = parse_document("t.md", t);
    h.version++;
    h.ed.reload(0, 0, c);
    h.frames(1);
    Harness fresh(t);
    fresh.frames(1);
    REQUIRE(row_signature(h.ed.lines()) == row_signature(fresh.ed.lines()));
  }
}

namespace {

std::vector<std::filesystem::path> files_in(const std::filesystem::path& dir, const char* ext) {
  std::vector<std::filesystem::path> out;
  if (!std::filesystem::is_directory(dir)) return out;
  for (auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.path().extension() == ext) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::string read_all(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// The rows of `h` equal those of `fresh`; else the first that differs is shown.
void require_same_rows(Harness& h, Harness& fresh) {
  const auto got = row_signature(h.ed.lines()), want = row_signature(fresh.ed.lines());
  if (got != want) {
    size_t k = 0;
    while (k < got.size() && k < want.size() && got[k] == want[k]) k++;
    FAIL_CHECK("row ", k, " of ", want.size(), ": ", (k < got.size() ? got[k] : std::string("(none)")), " != ",
               (k < want.size() ? want[k] : std::string("(none)")),
               std::string(h.doc.tree.nodes.size() == fresh.doc.tree.nodes.size() ? " (same node count)"
                                                                                  : " (the parses differ)"),
               " text: ", h.text.substr(h.ed.lines().row(k < got.size() ? k : 0).begin, 40));
  }
  REQUIRE(got == want);
}

// Random edits of `text`, each re-parsed incrementally (as the app does on a
// keystroke) and restyled through the editor; after each, the rows must
// equal those of an editor styled from a full parse of the same text.
// Returns how many of the re-parses were incremental.
int styles_agree_after_edits(const std::string& name, std::string text, int edits, unsigned seed) {
  const char* pieces[] = {"**", "`", "\n", "```\n", "# ", "- ", "> ", "가나다 ", "_", "[", "](u)", "|", "\n\n", "~~",
                          "1. ", "- [ ] ", "<br>", "한", " ", "🙂"};
  std::mt19937 rng(seed);
  Harness h(text);
  h.frames(1);
  int incremental = 0;
  for (int step = 0; step < edits; step++) {
    std::string& t = h.text;
    const TextChange c = random_edit(rng, t, pieces, sizeof(pieces) / sizeof(pieces[0]));
    const ReparseSpan span =
        reparse_after_edit(h.doc, t, c.at, uint32_t(c.removed.size()), uint32_t(c.inserted.size()));
    incremental += span.full ? 0 : 1;
    h.version++;
    h.ed.reload(c.at, c.at, c);
    // As the app hands it over: the span from the version before.
    h.ed.set_document(&h.doc, h.version, span, span.full ? 0 : h.version - 1);
    h.frames(1);
    Harness fresh(t);
    fresh.frames(1);
    INFO(name, " after edit ", step, " at ", c.at);
    require_same_rows(h, fresh);
  }
  return incremental;
}

// The same through the keyboard: the caret put at a random place, then a
// piece typed or Backspace pressed, the editor reporting its own change and
// the harness re-parsing incrementally inside draw(), as the app does.
int typed_styles_agree(const std::string& name, std::string text, int edits, unsigned seed, bool incremental) {
  const char* pieces[] = {"*", "`", "#", "-", ">", "가", "_", "[", "]", "(", "|", "~", "1", " ", "x"};
  std::mt19937 rng(seed);
  Harness h(text);
  h.incremental = incremental;
  h.frames(1);
  h.focus_at(0);
  for (int step = 0; step < edits; step++) {
    const uint32_t at = uint32_t(floor_code_point(h.text, rng() % (h.text.size() + 1)));
    h.ed.select(at, at);
    h.frames(1);
    if (rng() % 4 == 0) press(h, ImGuiKey_Backspace);
    else if (rng() % 5 == 0) press(h, ImGuiKey_Enter);
    else type(h, pieces[rng() % (sizeof(pieces) / sizeof(pieces[0]))]);
    REQUIRE(h.doc.text == h.text);
    Harness fresh(h.text);
    fresh.frames(1);
    INFO(name, " after typed edit ", step, " at ", at);
    require_same_rows(h, fresh);
  }
  return h.spans_incremental;
}

}  // namespace

TEST_CASE("differential: typing at random places of the sample posts, re-parsed incrementally, styles as a full parse does") {
  test::ensure_frame();
  std::vector<std::filesystem::path> files = files_in(std::filesystem::path(SHEAF_SOURCE_DIR) / "assets/notebook", ".md");
  for (const auto& p : files_in(SHEAF_TEST_POSTS, ".md")) files.push_back(p);
  REQUIRE(files.size() >= 10);
  int incremental = 0;
  unsigned seed = 40;
  for (const auto& f : files) {
    incremental += typed_styles_agree(f.filename().string(), read_all(f), 25, seed, true);
    typed_styles_agree(f.filename().string(), read_all(f), 25, seed++, false);  // and with full parses
  }
  MESSAGE(incremental, " of ", 25 * files.size(), " keystrokes were re-parsed incrementally");
}

TEST_CASE("differential: the sample notebook and the test posts, edited at random and re-parsed incrementally, style as a full parse does") {
  test::ensure_frame();
  std::vector<std::filesystem::path> files = files_in(std::filesystem::path(SHEAF_SOURCE_DIR) / "assets/notebook", ".md");
  for (const auto& p : files_in(SHEAF_TEST_POSTS, ".md")) files.push_back(p);
  REQUIRE(files.size() >= 10);
  int incremental = 0, edits = 0;
  unsigned seed = 1;
  for (const auto& f : files) {
    incremental += styles_agree_after_edits(f.filename().string(), read_all(f), 40, seed++);
    edits += 40;
  }
  MESSAGE(incremental, " of ", edits, " re-parses were incremental");
}

TEST_SUITE("seeds" * doctest::skip()) {
TEST_CASE("differential: the seeds, edited at random and re-parsed incrementally, style as a full parse does") {
  test::ensure_frame();
  const auto files = files_in(SHEAF_SEEDS_DIR, ".txt");
  REQUIRE(files.size() >= 5);
  unsigned seed = 100;
  for (const auto& f : files) styles_agree_after_edits(f.filename().string(), read_all(f), 60, seed++);
}
}
TEST_CASE("Backspace that joins a blank line to the heading under it restyles the joined row") {
  // The runs before and after come out the same shifted by one, so only the
  // change itself says that the re-cut row needs styling.
  test::ensure_frame();
  Harness h("---\ntitle: 가\n---\n\n# 이모지 모음 🎉\n\n끝\n");
  h.frames(1);
  h.focus_at(at(h.text, "# 이모지"));
  press(h, ImGuiKey_Backspace);
  REQUIRE(h.text == "---\ntitle: 가\n---\n# 이모지 모음 🎉\n\n끝\n");
  Harness fresh(h.text);
  fresh.frames(1);
  require_same_rows(h, fresh);
}
