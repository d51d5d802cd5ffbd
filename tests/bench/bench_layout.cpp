// Layout benchmark: the preview's re-layout after one keystroke in the middle
// of a long post, a full layout_document against layout_document_update
// (which lays out the edited top-level block and moves the rest). Posts of
// 100 KB, 1 MB and 10 MB made by repeating the sample posts; median of
// several runs, CPU time of this thread. Spans come from two full parses
// (not timed). Prints a table.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/document.h"
#include "imgui.h"
#include "span_of_parses.h"
#include "ui/fonts.h"
#include "ui/layout.h"

using namespace sheaf;

namespace {

double cpu_ms() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

// A list in this post parses differently once the text above it shifts by a
// byte or three (with some of the other posts before it): a one-letter edit
// anywhere above then re-parses everything down to it, which times the
// parser's non-locality and not the layout. Left out until that is fixed.
const char* const kLeftOut = "02-experiment-notes.md";

// The bodies of the sample posts (but one), repeated after one front matter.
std::string repeated_posts(size_t bytes) {
  std::vector<std::filesystem::path> files;
  for (const char* dir : {SHEAF_SOURCE_DIR "/assets", SHEAF_SOURCE_DIR "/tests/data/posts"}) {
    if (!std::filesystem::is_directory(dir)) continue;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
      if (e.is_regular_file() && e.path().extension() == ".md" && e.path().filename() != kLeftOut) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::string body;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string t = ss.str();
    Document d = parse_document("x.md", t);
    body += t.substr(d.front_matter.body_begin) + "\n\n";
  }
  std::string s = "---\ntitle: layout bench\n---\n\n";
  while (s.size() < bytes && !body.empty()) s += body;
  return s;
}

// Bytes inside plain paragraphs from the middle on: after their first letter.
std::vector<size_t> paragraph_spots(const Document& d) {
  std::vector<size_t> v;
  const std::vector<uint32_t> tops = test::top_blocks(d);
  for (size_t i = tops.size() / 2; i < tops.size(); i++) {
    const Node& n = d.tree.nodes[tops[i]];
    if (n.type != NodeType::Paragraph || n.first_child == kNoNode) continue;
    const Node& t = d.tree.nodes[n.first_child];
    if (t.type == NodeType::Text && !t.text_in_pool && t.text_len > 10 && std::isalpha((unsigned char)d.text[t.text_begin]))
      v.push_back(t.text_begin + 1);
  }
  return v;
}

// The letter typed: a Hangul syllable as in bench_editor, else one of 1 or 2 bytes.
const char* const kLetters[] = {"한", "x", "é"};

struct Row {
  size_t bytes = 0, blocks = 0, tops = 0, laid_letter = 0, laid_enter = 0, tried = 0;
  double where = 0;  // the edit's place, as a fraction of the post
  size_t letter_bytes = 0;
  double full = 0, letter = 0, enter = 0;
  bool fast = true;
};

Row run(size_t bytes, int reps) {
  Row r;
  LayoutParams p;
  p.width = 640;
  p.font_size = 16;
  Metrics m;
  const std::string text = repeated_posts(bytes);
  const Document a = parse_document("_posts/bench.md", text);
  // The first paragraph from the middle on whose letter re-parses locally: in
  // these repeated posts a one-byte shift can change how a list far below
  // parses (the parser's business, not the layout's), which would make the
  // span, and what is timed, the whole stretch in between.
  size_t at = 0;
  Document b;
  const char* typed = kLetters[0];
  bool found = false;
  for (size_t spot : paragraph_spots(a)) {
    for (const char* l : kLetters) {
      r.tried++;
      at = spot;
      typed = l;
      b = parse_document("_posts/bench.md", text.substr(0, at) + typed + text.substr(at));
      ReparseSpan s = test::span_of_parses(a, b);
      if ((found = !s.full && s.old_count == 1 && s.new_count == 1)) break;
    }
    if (found) break;
  }
  r.letter_bytes = std::strlen(typed);
  r.where = double(at) / double(text.size());
  const Document c = parse_document("_posts/bench.md", text.substr(0, at) + "\n\n" + text.substr(at));
  const ReparseSpan ab = test::span_of_parses(a, b), ba = test::span_of_parses(b, a);
  const ReparseSpan ac = test::span_of_parses(a, c), ca = test::span_of_parses(c, a);
  r.bytes = text.size();
  r.tops = test::top_blocks(a).size();

  DocLayout l;
  std::vector<double> full, letter, enter;
  for (int i = 0; i < reps; i++) {
    double t = cpu_ms();
    layout_document(b, p, m, l);
    full.push_back(cpu_ms() - t);
  }
  layout_document(a, p, m, l);
  r.blocks = l.blocks.size();
  // Type the letter and take it back: each direction is one update.
  for (int i = 0; i < reps; i++) {
    double t = cpu_ms();
    layout_document_update(b, ab, p, m, l);
    letter.push_back(cpu_ms() - t);
    r.laid_letter = std::max<size_t>(r.laid_letter, l.last_laid_blocks);
    t = cpu_ms();
    layout_document_update(a, ba, p, m, l);
    letter.push_back(cpu_ms() - t);
  }
  // Enter: the paragraph splits in two, every later block moves down.
  for (int i = 0; i < reps; i++) {
    double t = cpu_ms();
    layout_document_update(c, ac, p, m, l);
    enter.push_back(cpu_ms() - t);
    r.laid_enter = std::max<size_t>(r.laid_enter, l.last_laid_blocks);
    t = cpu_ms();
    layout_document_update(a, ca, p, m, l);
    enter.push_back(cpu_ms() - t);
  }
  r.fast = r.laid_letter < r.blocks && r.laid_enter < r.blocks;
  r.full = median(full);
  r.letter = median(letter);
  r.enter = median(enter);
  return r;
}

}  // namespace

int main() {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.BackendFlags |= ImGuiBackendFlags_RendererHasTextures;
  io.DisplaySize = ImVec2(1280, 800);
  io.IniFilename = nullptr;
  Fonts f = load_fonts("");
  if (!f.ok) std::printf("note: %s\n", f.error.c_str());
  ImGui::NewFrame();  // baked fonts are valid inside a frame
  std::printf("Preview re-layout after one keystroke in the middle (CPU ms, median; width 640, body 16 px)\n\n");
  std::printf("%9s | %8s | %7s | %9s | %13s | %12s | %s\n", "size", "blocks", "tops", "full", "update letter",
              "update Enter", "blocks laid (letter/Enter), where");
  std::printf("----------+----------+---------+-----------+---------------+--------------+---------------------------\n");
  for (size_t bytes : {size_t(100) << 10, size_t(1) << 20, size_t(10) << 20}) {
    Row r = run(bytes, bytes > (size_t(2) << 20) ? 5 : 11);
    std::printf("%7zuKB | %8zu | %7zu | %9.2f | %13.3f | %12.3f | %zu/%zu at %.0f%%, %zu-byte letter%s\n", r.bytes >> 10,
                r.blocks, r.tops, r.full, r.letter, r.enter, r.laid_letter, r.laid_enter, r.where * 100, r.letter_bytes,
                r.fast ? "" : "  (full: no fast path)");
  }
  std::printf("\nfull = layout_document of the edited post; update = layout_document_update from the\n"
              "layout before the edit (a syllable typed into a paragraph, or Enter splitting it).\n");
  ImGui::EndFrame();
  ImGui::DestroyContext();
  return 0;
}
