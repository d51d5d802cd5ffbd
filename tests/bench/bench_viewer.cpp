// Viewer benchmark: layout time and frame CPU time while scrolling for
// generated Korean+English posts of 10 KB, 100 KB and 1 MB, against a naive
// ImGui::TextWrapped of the same text. No GPU: frames are built and
// rendered to draw lists only. Prints a table.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/document.h"
#include "core/highlight.h"
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

// A post that is mostly code: short Korean/English paragraphs between code
// blocks in the highlighted languages, repeated up to `bytes`.
std::string make_code_post(size_t bytes) {
  static const char* blocks[] = {
      "```python\n@dataclass\nclass Config:\n    lr: float = 3e-4  # 학습률\n    name: str = \"실험\"\n\n"
      "def train(model, loader, epochs=10):\n    \"\"\"학습 루프.\n    여러 줄 설명\"\"\"\n    for epoch in range(epochs):\n"
      "        loss = step(model, loader)\n        print(f\"epoch {epoch}: {loss:.3f}\")\n    return model\n```\n\n",
      "```bash\n#!/usr/bin/env bash\nset -euo pipefail\nfor f in _posts/*.md; do\n  echo \"검사: $f\" | tee -a log.txt\n"
      "  grep -n 'TODO' \"$f\" || true  # 없으면 통과\ndone\n```\n\n",
      "```cpp\n#include <vector>\n// 합계를 구한다\ntemplate <class T>\nT sum(const std::vector<T>& v) {\n  T s{};\n"
      "  for (const T& x : v) s += x;  /* 누적 */\n  return s;\n}\nint main() { return sum<int>({1, 2, 3}) == 6 ? 0 : 1; }\n```\n\n",
      "```yaml\ntitle: \"코드 하이라이트\"\ndate: 2024-07-01 10:00:00 +0900\ntags: [jekyll, 블로그]\npublished: true\n"
      "description: |\n  여러 줄 설명\n  두 번째 줄\n```\n\n",
      "```json\n{\n  \"name\": \"sheaf\",\n  \"version\": 3,\n  \"private\": true,\n  \"tags\": [\"노트\", \"blog\"],\n"
      "  \"parent\": null\n}\n```\n\n",
      "```js\nconst posts = await fetch('/posts.json').then((r) => r.json());\nfunction title(p) {\n"
      "  return `${p.title} (${p.date})`; // 제목\n}\n```\n\n",
      "```diff\n--- a/_config.yml\n+++ b/_config.yml\n@@ -1,3 +1,3 @@\n title: 블로그\n-timezone: UTC\n"
      "+timezone: Asia/Seoul\n```\n\n",
  };
  static const char* prose[] = {"코드 블록 사이의 짧은 설명 문단이다. ", "A short paragraph between the code blocks. ",
                                "하이라이트는 레이아웃마다 한 번 계산된다. "};
  std::string s = "---\ntitle: \"Code benchmark post\"\n---\n\n";
  unsigned seed = 7;
  auto rnd = [&]() { return (seed = seed * 1103515245u + 12345u) >> 16; };
  int section = 0;
  while (s.size() < bytes) {
    s += "## 코드 " + std::to_string(++section) + "\n\n";
    s += std::string(prose[rnd() % 3]) + prose[rnd() % 3] + "\n\n";
    s += blocks[rnd() % (sizeof blocks / sizeof blocks[0])];
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

// Full layout (the frame that lays out a new version) of `doc`, median of
// several runs, with code highlighting on or off. Glyphs are warmed first.
double layout_ms(const Document& doc, bool highlight) {
  g_layout_highlight = highlight;
  std::vector<double> v;
  DocView view;
  for (int k = 0; k < 7; k++) {
    view.set_document(&doc, uint64_t(k + 1));
    double t = cpu_ms();
    begin_frame();
    view.draw(ImGui::GetContentRegionAvail());
    end_frame();
    if (k > 0) v.push_back(cpu_ms() - t);
  }
  g_layout_highlight = true;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

void compare_highlight() {
  std::printf("\nCode highlighting: full layout of a 1 MB post, plain reference and highlighted, same run\n");
  std::printf("%-28s %8s %8s %10s %10s %7s %9s %9s\n", "post", "KB", "blocks", "plain ms", "highl. ms", "growth",
              "tokens ms", "spans");
  struct Case {
    const char* name;
    std::string text;
  } cases[] = {{"the 1 MB post above", make_post(size_t(1) << 20)}, {"1 MB, mostly code blocks", make_code_post(size_t(1) << 20)}};
  for (Case& c : cases) {
    Document doc = parse_document("bench.md", c.text);
    layout_ms(doc, true);  // warm glyphs at every size
    // Interleaved rounds, the median of each: a busy neighbour hits both alike.
    std::vector<double> plain, hl;
    for (int r = 0; r < 3; r++) {
      plain.push_back(layout_ms(doc, false));
      hl.push_back(layout_ms(doc, true));
    }
    std::sort(plain.begin(), plain.end());
    std::sort(hl.begin(), hl.end());
    size_t code_blocks = 0, tokens = 0;
    std::vector<HlSpan> spans;
    double t = cpu_ms();
    for (const Node& n : doc.tree.nodes) {
      if (n.type != NodeType::CodeBlock) continue;
      code_blocks++;
      highlight(hl_language(doc.tree.lang(n)), doc.tree.text(n, doc.text), spans);
      tokens += spans.size();
    }
    const double tokenize = cpu_ms() - t;
    std::printf("%-28s %8zu %8zu %10.2f %10.2f %6.1f%% %9.2f %9zu\n", c.name, c.text.size() >> 10, code_blocks, plain[1],
                hl[1], (hl[1] / plain[1] - 1) * 100, tokenize, tokens);
  }
  std::printf("blocks: code blocks in the post; growth: highlighted over plain; tokens ms: core/highlight alone\n"
              "over every code block (once); spans: the coloured spans it made.\n");
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
  compare_highlight();
  ImGui::DestroyContext();
  return 0;
}
