// Viewer benchmark: layout time and frame CPU time while scrolling for
// generated Korean+English posts of 10 KB, 100 KB and 1 MB, against a naive
// ImGui::TextWrapped of the same text. No GPU: frames are built and
// rendered to draw lists only. Prints a table.
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/document.h"
#include "imgui.h"
#include "ui/doc_view.h"
#include "ui/fonts.h"
#include "ui/layout.h"
#include "ui/theme.h"

using namespace sheaf;

namespace {

// Thread CPU time: the machine running this may be shared, and wall time
// would count the time other processes held the cores.
double cpu_ms() {
#ifdef __EMSCRIPTEN__
  // No per-thread CPU clock in wasm: wall time of the single thread.
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
#endif
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

// A deterministic post: headings, Korean/English paragraphs with inline
// styles, nested lists, code and a table, repeated up to `bytes`.
std::string make_post(size_t bytes) {
  static const char* ko[] = {"오늘은 부스트캠프에서 모델 학습과 추론에 대한 강의를 들었다. ",
                             "팀원들과 함께 **데이터 증강** 실험을 하나씩 진행할 예정이다 😊 ",
                             "이론 후에는 실습이 무조건 필요하다는 것을 다시 한 번 느꼈다. ",
                             "[링크](https://example.org/)를 참고해서 `DataLoader`를 작성했다. "};
  static const char* en[] = {"The quick brown fox jumps over the lazy dog. ", "Training & Inference pipelines need *careful* design. ",
                             "Baseline code is almost done; augmentation comes next. "};
  std::string s = "---\ntitle: \"Benchmark post\"\ntags: [bench, 한국어]\n---\n\n";
  unsigned seed = 1;
  auto rnd = [&]() { return (seed = seed * 1103515245u + 12345u) >> 16; };
  int section = 0;
  while (s.size() < bytes) {
    s += "## 섹션 " + std::to_string(++section) + " Section\n\n";
    for (int p = 0; p < 3; p++) {
      int n = 3 + rnd() % 5;
      for (int i = 0; i < n; i++) s += (rnd() % 3) ? ko[rnd() % 4] : en[rnd() % 3];
      s += "\n\n";
    }
    s += "- 첫째 항목 item\n  - 둘째 단계 nested\n    - 셋째 단계 deeper\n- 마지막 항목\n\n";
    if (section % 3 == 0) s += "```python\nfor epoch in range(10):\n    loss = train(model, loader)  # 학습\n```\n\n";
    if (section % 5 == 0) s += "| 항목 | 값 |\n|---|--:|\n| 정확도 | 0.91 |\n| 손실 | 0.23 |\n\n";
  }
  return s;
}

void begin_frame() {
  ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
  ImGui::NewFrame();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
  ImGui::Begin("bench", nullptr, ImGuiWindowFlags_NoDecoration);
}

void end_frame() {
  ImGui::End();
  ImGui::Render();
}

struct Row {
  size_t bytes;
  double parse_ms, layout_cold_ms, layout_warm_ms, relayout_ms, frame_ms, frame_max_ms, naive_ms;
  size_t blocks;
};

Row run(size_t bytes) {
  Row r{};
  std::string text = make_post(bytes);
  r.bytes = text.size();
  double t0 = cpu_ms();
  Document doc = parse_document("bench.md", text);
  r.parse_ms = cpu_ms() - t0;

  DocView view;
  view.set_document(&doc, 1);
  // Cold layout: first frame, glyphs are rasterized on demand.
  double t = cpu_ms();
  begin_frame();
  view.draw(ImGui::GetContentRegionAvail());
  end_frame();
  r.layout_cold_ms = cpu_ms() - t;
  r.blocks = view.block_count();
  // Warm layout of the same document (new version, same glyphs).
  view.set_document(&doc, 2);
  t = cpu_ms();
  begin_frame();
  view.draw(ImGui::GetContentRegionAvail());
  end_frame();
  r.layout_warm_ms = cpu_ms() - t;
  // Width change: narrower window.
  ImGui::GetIO().DisplaySize = ImVec2(640, 800);
  t = cpu_ms();
  begin_frame();
  view.draw(ImGui::GetContentRegionAvail());
  end_frame();
  r.relayout_ms = cpu_ms() - t;
  ImGui::GetIO().DisplaySize = ImVec2(1280, 800);
  begin_frame();
  view.draw(ImGui::GetContentRegionAvail());
  end_frame();

  // Scrolling frames: jump through the whole document.
  const int frames = 300;
  const float height = view.layout() ? view.layout()->height : 0;
  double total = 0, worst = 0;
  for (int f = 0; f < frames * 2; f++) {  // first pass warms glyphs at every size
    view.scroll_to(height * float(f % frames) / frames);
    double t1 = cpu_ms();
    begin_frame();
    view.draw(ImGui::GetContentRegionAvail());
    end_frame();
    double ms = cpu_ms() - t1;
    if (f >= frames) {
      total += ms;
      worst = std::max(worst, ms);
      if (getenv("BENCH_SPIKES") && ms > 2) std::printf("spike frame %d: %.2f ms\n", f, ms);
    }
  }
  r.frame_ms = total / frames;
  r.frame_max_ms = worst;

  // Naive: the whole body through ImGui::TextWrapped, scrolled likewise.
  std::string body = text.substr(doc.front_matter.body_begin);
  double naive = 0;
  const int naive_frames = bytes > 500000 ? 20 : 60;
  for (int f = 0; f < naive_frames; f++) {
    double t1 = cpu_ms();
    begin_frame();
    ImGui::BeginChild("naive", ImGui::GetContentRegionAvail());
    ImGui::PushFont(fonts().regular, body_font_size());
    ImGui::TextWrapped("%s", body.c_str());
    ImGui::PopFont();
    ImGui::SetScrollY(ImGui::GetScrollMaxY() * float(f) / naive_frames);
    ImGui::EndChild();
    end_frame();
    if (f >= 2) naive += cpu_ms() - t1;
  }
  r.naive_ms = naive / (naive_frames - 2);
  return r;
}

}  // namespace

int main() {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.BackendFlags |= ImGuiBackendFlags_RendererHasTextures;
  io.DisplaySize = ImVec2(1280, 800);
  io.IniFilename = nullptr;
#ifdef __EMSCRIPTEN__
  load_fonts("/fonts");  // embedded with --embed-file when built for the web
#else
  load_fonts("");
#endif
  std::printf("Sheaf viewer benchmark (CPU only, 1280x800, body %.0f px)\n\n", body_font_size());
  std::printf("%9s %7s %9s %9s %9s %9s %9s %9s %10s\n", "size", "blocks", "parse ms", "layout1", "layout2",
              "relayout", "frame ms", "frame max", "naive ms");
  for (size_t bytes : {size_t(10) << 10, size_t(100) << 10, size_t(1) << 20}) {
    Row r = run(bytes);
    std::printf("%7zuKB %7zu %9.2f %9.2f %9.2f %9.2f %9.3f %9.3f %10.2f\n", r.bytes >> 10, r.blocks, r.parse_ms,
                r.layout_cold_ms, r.layout_warm_ms, r.relayout_ms, r.frame_ms, r.frame_max_ms, r.naive_ms);
  }
  std::printf("\nAll times are thread CPU milliseconds.\n"
              "layout1: frame with the first layout (glyphs rasterized on demand); layout2: same text again;\n"
              "relayout: after a width change; frame: NewFrame + DocView::draw + Render while scrolling;\n"
              "naive: ImGui::TextWrapped of the same body, one frame.\n");
  ImGui::DestroyContext();
  return 0;
}
