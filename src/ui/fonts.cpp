// Sheaf fonts: one Latin face per style (DejaVu has real bold and italic),
// with NanumGothic merged in for Hangul and Symbola for emoji and symbols.
// ImGui 1.92 rasterizes glyphs on demand, so nothing is pre-baked.
#include "ui/fonts.h"

#include <cstdio>
#include <memory>
#include <vector>

#include "imgui.h"
#include "imgui_internal.h"  // ImFontAtlasBuildDiscardBakes

namespace sheaf {

namespace {

Fonts g_fonts;
unsigned g_epoch = 1;

// TTF bytes are shared by several merged faces (Nanum is under each Latin
// style), so each file is read once and owned here, not by the atlas.
struct FontBlob {
  std::string name;
  std::vector<char> bytes;
};
std::vector<std::unique_ptr<FontBlob>> g_blobs;

const char* const kSystemDirs[] = {
    "/usr/share/fonts/truetype/nanum/",
    "/usr/share/fonts/truetype/dejavu/",
    "/usr/share/fonts/truetype/ancient-scripts/",
};

bool read_file(const std::string& path, std::vector<char>& out) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  std::fseek(f, 0, SEEK_END);
  long size = std::ftell(f);
  std::fseek(f, 0, SEEK_SET);
  out.resize(size > 0 ? size_t(size) : 0);
  bool ok = size > 0 && std::fread(out.data(), 1, out.size(), f) == out.size();
  std::fclose(f);
  return ok;
}

FontBlob* blob(const std::string& dir, const char* name, std::string& error) {
  for (auto& b : g_blobs)
    if (b->name == name) return b.get();
  auto b = std::make_unique<FontBlob>();
  b->name = name;
  bool ok = !dir.empty() && read_file(dir + "/" + name, b->bytes);
  for (const char* sys : kSystemDirs) {
    if (ok) break;
    ok = read_file(std::string(sys) + name, b->bytes);
  }
  if (!ok) {
    if (!error.empty()) error += "; ";
    error += std::string("font not found: ") + name;
    return nullptr;
  }
  g_blobs.push_back(std::move(b));
  return g_blobs.back().get();
}

// Adds `primary` and merges the fallbacks into it, in order: the first face
// that has a glyph wins.
ImFont* add_face(const std::string& dir, const char* primary, std::initializer_list<const char*> fallbacks,
                 std::string& error) {
  ImGuiIO& io = ImGui::GetIO();
  ImFont* font = nullptr;
  bool first = true;
  auto add = [&](const char* name) {
    FontBlob* b = blob(dir, name, error);
    if (!b) return;
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false;
    cfg.MergeMode = !first && font != nullptr;
    std::snprintf(cfg.Name, sizeof(cfg.Name), "%s", name);
    ImFont* f = io.Fonts->AddFontFromMemoryTTF(b->bytes.data(), int(b->bytes.size()), 0.0f, &cfg);
    if (!font) font = f;
    first = false;
  };
  add(primary);
  for (const char* fb : fallbacks) add(fb);
  return font;
}

}  // namespace

Fonts load_fonts(const std::string& dir) {
  using F = FontFiles;
  Fonts out;
  std::string error;
  out.regular = add_face(dir, F::kLatin, {F::kHangul, F::kEmoji}, error);
  out.bold = add_face(dir, F::kLatinBold, {F::kHangulBold, F::kEmoji}, error);
  out.italic = add_face(dir, F::kLatinItalic, {F::kHangul, F::kEmoji}, error);
  out.bold_italic = add_face(dir, F::kLatinBoldItalic, {F::kHangulBold, F::kEmoji}, error);
  out.mono = add_face(dir, F::kMono, {F::kHangulMono, F::kEmoji}, error);
  out.ok = out.regular && out.bold && out.italic && out.bold_italic && out.mono && error.empty();
  out.error = error;
  // Missing faces fall back to the regular one, then to ImGui's built-in font.
  if (!out.regular) out.regular = ImGui::GetIO().Fonts->AddFontDefault();
  for (ImFont** f : {&out.bold, &out.italic, &out.bold_italic, &out.mono})
    if (!*f) *f = out.regular;
  ImGui::GetIO().FontDefault = out.regular;
  g_fonts = out;
  return out;
}

Fonts load_fonts_from(const ImFontLoader* loader) {
  ImGuiIO& io = ImGui::GetIO();
  Fonts out;
  ImFont** slots[] = {&out.regular, &out.bold, &out.italic, &out.bold_italic, &out.mono};
  const char* names[] = {"regular", "bold", "italic", "bold italic", "mono"};
  for (int face = kFaceRegular; face <= kFaceMono; face++) {
    ImFontConfig cfg;
    cfg.FontLoader = loader;
    cfg.FontNo = face;
    std::snprintf(cfg.Name, sizeof(cfg.Name), "%s", names[face]);
    *slots[face] = io.Fonts->AddFont(&cfg);
  }
  out.ok = true;
  for (ImFont** f : slots)
    if (!*f) out.ok = false;
  if (!out.ok) out.error = "the glyph loader could not add its faces";
  if (!out.regular) out.regular = io.Fonts->AddFontDefault();
  for (ImFont** f : slots)
    if (!*f) *f = out.regular;
  io.FontDefault = out.regular;
  g_fonts = out;
  return out;
}

Fonts& fonts() { return g_fonts; }

void fonts_changed() {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  if (atlas->Builder) ImFontAtlasBuildDiscardBakes(atlas, 0);
  g_epoch++;
}

unsigned fonts_epoch() { return g_epoch; }

}  // namespace sheaf
