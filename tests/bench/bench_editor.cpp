// Editor benchmark: what one keystroke costs on posts of 10 KB to 10 MB,
// side by side, taken as the app takes it: the editor applies the character
// and reports the change, the history records it, the post is re-parsed
// around it (core/incremental.h), re-indexed and re-hashed, and the preview
// re-lays the blocks that changed, then the frame draws. Each size runs
// twice in the same process: "full" re-parses and re-lays everything (what
// every keystroke cost before incremental work), "incremental" is the app's
// path, so the ratio holds on a noisy machine. Then two more figures at 1 MB:
// a frame while the source scrolls, and opening the post in Edit mode.
// CPU time of this thread (wall time in wasm); no GPU. Prints tables.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <chrono>
#include <ctime>
#include <string>
#include <vector>

#include "core/document.h"
#include "core/incremental.h"
#include "core/library.h"
#include "core/notebook.h"
#include "imgui.h"
#include "ui/doc_view.h"
#include "ui/editor.h"
#include "ui/fonts.h"
#include "ui/theme.h"

using namespace sheaf;

namespace {

double cpu_ms() {
#ifdef __EMSCRIPTEN__
  // No per-thread CPU clock in wasm: wall time of the single thread.
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
#endif
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

// A journal-like post: front matter, then sections of Korean and English
// paragraphs, a task list and a fenced code block, until `bytes`.
std::string journal(size_t bytes) {
  const char* lines[] = {
      "오늘은 편집기의 입력 지연을 재어 보았다. 한 글자마다 미리보기가 바로 바뀌어야 한다.",
      "Typing should feel instant, even when the post is long and full of **bold** and `code`.",
      "문단 사이에는 [링크](https://example.org)와 *기울임*이 섞여 있다.",
      "Sheaf로 Markdown 글을 씁니다 2024, 그리고 저장은 자동으로 된다.",
  };
  std::string s = "---\ntitle: 편집기 벤치마크\ndate: 2024-03-01\ntags: [bench, 편집기]\n---\n\n";
  for (int n = 0; s.size() < bytes; n++) {
    s += "## 기록 " + std::to_string(n) + "\n\n";
    for (int p = 0; p < 3; p++) {
      for (int k = 0; k < 3; k++) s += std::string(lines[(n + p + k) % 4]) + " ";
      s += "\n\n";
    }
    s += "- [ ] 할 일 하나\n- [x] 끝난 일\n\n```cpp\nint main(int argc, char** argv) { return 0; }  // 예제\n```\n\n";
  }
  return s;
}

void frame_begin() {
  ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
  ImGui::NewFrame();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
  ImGui::Begin("bench", nullptr, ImGuiWindowFlags_NoDecoration);
}

void frame_end() {
  ImGui::End();
  ImGui::Render();
}

struct Row {
  size_t bytes = 0;
  double parse = 0, put = 0, layout = 0, frame_avg = 0, frame_p95 = 0, frame_max = 0;
  int full_parses = 0, strokes = 0;
};

double p95(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[std::min(v.size() - 1, size_t(double(v.size()) * 0.95))];
}

// The caret in the middle of the text, on a character start.
uint32_t middle(const std::string& t) {
  size_t mid = t.size() / 2;
  while (mid > 0 && (static_cast<unsigned char>(t[mid]) & 0xC0) == 0x80) mid--;
  return uint32_t(mid);
}

Row run(const std::string& text, bool incremental) {
  Row r{};
  r.bytes = text.size();
  Library lib;
  Document doc = parse_document("_posts/bench.md", text);
  lib.put(doc, 0, 1);
  DocView view;
  SourceEditor editor;
  EditHistory history;
  uint64_t version = 1;
  view.set_document(&doc, version);
  editor.set_document(&doc, version);
  std::string buf = text;
  editor.focus();
  const ImVec2 half(640, 760);
  double parse = 0, put = 0;
  bool measure = false;
  // What App does in on_edit (app_editor.cpp apply_text + Notebook::edit_text).
  ReparseSpan last_span;
  uint64_t last_base = 0;
  editor.on_edit = [&](const TextChange& c) {
    history.record(c, EditKind::Typing, ImGui::GetTime());
    const double t0 = cpu_ms();
    ReparseSpan span;
    const uint64_t base = version;
    if (incremental) span = reparse_after_edit(doc, buf, c.at, uint32_t(c.removed.size()), uint32_t(c.inserted.size()));
    else doc = parse_document("_posts/bench.md", buf);
    const double t1 = cpu_ms();
    if (incremental) lib.put(make_entry_body_pending(doc, 0, 1, text_hash(doc.text)));
    else lib.put(doc, 0, 1), (void)text_hash(doc.text);
    const double t2 = cpu_ms();
    ++version;
    last_span = span;
    last_base = incremental && !span.full ? base : 0;
    if (last_base) view.set_document(&doc, version, span, base);
    else view.set_document(&doc, version);
    if (measure) {
      parse += t1 - t0;
      put += t2 - t1;
      r.full_parses += span.full ? 1 : 0;
    }
    return SourceEditor::Parse{&doc, version, last_base ? &last_span : nullptr, last_base};
  };
  auto side_by_side = [&]() {
    frame_begin();
    editor.draw("##src", buf, half);
    ImGui::SameLine();
    view.draw(half);
    frame_end();
  };
  editor.reload(middle(buf), middle(buf));
  for (int i = 0; i < 4; i++) side_by_side();  // focus, fonts warm

  const int strokes = r.bytes > 5000000 ? 10 : r.bytes > 500000 ? 30 : 60;
  const char* syllables[] = {"한", "글", " ", "입", "력"};
  // Unmeasured rounds first: the first use of a glyph rasterizes it, and in
  // wasm the engine swaps in optimized code only after the first few calls.
  for (int round = 0; round < 4; round++)
    for (const char* s : syllables) {
      ImGui::GetIO().AddInputCharactersUTF8(s);
      side_by_side();
    }
  std::vector<double> frames;
  double layout = 0, total = 0;
  measure = true;
  for (int k = 0; k < strokes; k++) {
    ImGui::GetIO().AddInputCharactersUTF8(syllables[k % 5]);
    const int layouts = view.layout_count();
    const double t = cpu_ms();
    side_by_side();
    const double f = cpu_ms() - t;
    frames.push_back(f);
    total += f;
    r.frame_max = std::max(r.frame_max, f);
    if (view.layout_count() != layouts) layout += view.last_layout_ms();
  }
  if (doc.text != buf) std::printf("warning: the post and the editor disagree\n");
  r.strokes = strokes;
  r.parse = parse / strokes;
  r.put = put / strokes;
  r.layout = layout / strokes;
  r.frame_avg = total / strokes;
  r.frame_p95 = p95(frames);
  return r;
}

// Frames while the wheel scrolls the source of a 1 MB post (Edit mode).
double scroll_frame_p95(const std::string& text, double* open_ms) {
  Document doc = parse_document("_posts/bench.md", text);
  SourceEditor editor;
  std::string buf = text;
  const ImVec2 size(1280, 760);
  // Opening: the first frame lays out every row of the source.
  const double t0 = cpu_ms();
  editor.set_document(&doc, 1);
  editor.reload(0, 0);
  frame_begin();
  editor.draw("##src", buf, size);
  frame_end();
  *open_ms = cpu_ms() - t0;
  std::vector<double> frames;
  ImGui::GetIO().AddMousePosEvent(640, 400);
  for (int i = 0; i < 120; i++) {
    ImGui::GetIO().AddMouseWheelEvent(0, -3);
    const double t = cpu_ms();
    frame_begin();
    editor.draw("##src", buf, size);
    frame_end();
    frames.push_back(cpu_ms() - t);
  }
  return p95(frames);
}

}  // namespace

int main(int argc, char** argv) {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.BackendFlags |= ImGuiBackendFlags_RendererHasTextures;
  io.DisplaySize = ImVec2(1300, 800);
  io.IniFilename = nullptr;
#ifdef __EMSCRIPTEN__
  Fonts f = load_fonts("/fonts");  // embedded with --embed-file when built for the web
#else
  Fonts f = load_fonts("");
#endif
  if (!f.ok) std::printf("note: %s\n", f.error.c_str());
  std::printf("One keystroke, side by side (ms per keystroke; targets: p95 <= 3 ms at 100 KB, 8 ms at 1 MB, 40 ms at 10 MB)\n\n");
  std::printf("%10s | %-11s | %8s | %7s | %9s | %11s | %9s | %9s | %s\n", "size", "path", "re-parse", "index",
              "re-layout*", "frame (avg)", "frame p95", "frame max", "full re-parses");
  std::printf("-----------+-------------+----------+---------+-----------+-------------+-----------+-----------+---------------\n");
  // `bench-editor BYTES` runs one size, the app's path only (for a profiler).
  std::vector<size_t> sizes = {10000u, 100000u, 1000000u, 10000000u};
  const bool one = argc > 1;
  if (one) sizes = {size_t(std::strtoull(argv[1], nullptr, 10))};
  for (size_t bytes : sizes) {
    const std::string text = journal(bytes);
    for (bool inc : {false, true}) {
      if (one && !inc) continue;
      Row r = run(text, inc);
      std::printf("%8zu B | %-11s | %8.2f | %7.2f | %9.2f | %11.2f | %9.2f | %9.2f | %d of %d\n", r.bytes,
                  inc ? "incremental" : "full", r.parse, r.put, r.layout, r.frame_avg, r.frame_p95, r.frame_max,
                  inc ? r.full_parses : r.strokes, r.strokes);
    }
  }
  std::printf("\nframe = the whole frame of one keystroke: the editor takes the character, the history records it,\n"
              "re-parse, re-index and hash, preview re-layout, and drawing both panes; the columns before it are parts of it.\n"
              "full = every keystroke re-parses and re-lays the whole post (the reference); incremental = the app's path.\n"
              "* re-layout is the viewer's own wall-clock figure (DocView::last_layout_ms).\n\n");
  if (one) return 0;
  double open_ms = 0;
  const double scroll = scroll_frame_p95(journal(1000000), &open_ms);
  std::printf("Source editor at 1 MB (Edit mode; targets: scroll frame <= 1 ms, open <= 150 ms)\n\n");
  std::printf("%-34s | %8s\n", "measure", "ms");
  std::printf("-----------------------------------+---------\n");
  std::printf("%-34s | %8.2f\n", "open: first frame of the source", open_ms);
  std::printf("%-34s | %8.3f\n", "frame while the wheel scrolls (p95)", scroll);
  ImGui::DestroyContext();
  return 0;
}
