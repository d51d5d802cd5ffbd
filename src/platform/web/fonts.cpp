// Sheaf web glyphs: an ImGui 1.92 font loader whose glyphs come from the
// browser's text engine (web/fonts.js draws them on an OffscreenCanvas), so
// the page ships unicode-range WOFF2 slices fetched on demand instead of
// 18 MB of TTF files in the wasm heap.
//
// Each ImGui face (ui/fonts.h: regular, bold, italic, bold italic, mono) is
// one source; its FontNo picks the CSS font stack in fonts.js. Glyphs are
// drawn at the device pixel size (font size x DPR), as stb_truetype does on
// the desktop, and colour emoji come back as RGBA glyphs.
#include <emscripten.h>

#include <cmath>
#include <vector>

#include "app/app.h"
#include "app/host.h"
#include "imgui.h"
#include "imgui_internal.h"  // ImFontLoader, the atlas packer
#include "platform/web/web.h"

namespace sheaf::web {

EM_JS(int, sheaf_js_font_has, (int face, int cp), { return SheafFonts.has(face, cp); });
EM_JS(void, sheaf_js_font_vmetrics, (int face, float* out), {
  var m = SheafFonts.vmetrics(face);
  HEAPF32[out >> 2] = m[0];
  HEAPF32[(out >> 2) + 1] = m[1];
});
EM_JS(float, sheaf_js_font_advance, (int face, int cp, float size), { return SheafFonts.advance(face, cp, size); });
// out: advance, x0, y0, w, h, colored, pending. 0: no font draws cp.
EM_JS(int, sheaf_js_font_raster, (int face, int cp, float size, float density, float* out), {
  var r = SheafFonts.raster(face, cp, size, density);
  if (!r) return 0;
  for (var i = 0; i < 7; i++) HEAPF32[(out >> 2) + i] = r[i];
  return 1;
});
EM_JS(void, sheaf_js_font_pixels, (unsigned char* dst), { HEAPU8.set(SheafFonts.state.pixels, dst); });
EM_JS(int, sheaf_js_fonts_take_changed, (), { return SheafFonts.takeChanged() ? 1 : 0; });
EM_JS(void, sheaf_js_fonts_frame_drawn, (int post_shown), { SheafFonts.frameDrawn(post_shown != 0); });

namespace {

bool src_init(ImFontAtlas*, ImFontConfig*) { return true; }

bool contains_glyph(ImFontAtlas*, ImFontConfig* src, ImWchar cp) { return sheaf_js_font_has(src->FontNo, int(cp)) != 0; }

bool baked_init(ImFontAtlas*, ImFontConfig* src, ImFontBaked* baked, void*) {
  if (src->MergeMode) return true;
  float m[2];
  sheaf_js_font_vmetrics(src->FontNo, m);
  baked->Ascent = std::ceil(m[0] * baked->Size);
  baked->Descent = std::floor(m[1] * baked->Size);
  return true;
}

bool load_glyph(ImFontAtlas* atlas, ImFontConfig* src, ImFontBaked* baked, void*, ImWchar cp, ImFontGlyph* out,
                float* out_advance) {
  if (out_advance) {  // metrics only: layout measuring text
    const float adv = sheaf_js_font_advance(src->FontNo, int(cp), baked->Size);
    if (adv < 0) return false;
    *out_advance = adv;
    return true;
  }
  const float density = src->RasterizerDensity * baked->RasterizerDensity;
  float g[7];
  if (!sheaf_js_font_raster(src->FontNo, int(cp), baked->Size, density, g)) return false;
  out->Codepoint = cp;
  out->AdvanceX = g[0];
  const int w = int(g[3]), h = int(g[4]);
  if (w <= 0 || h <= 0) return true;  // a space, or a glyph whose slice is still on its way
  ImFontAtlasRectId pack = ImFontAtlasPackAddRect(atlas, w, h);
  if (pack == ImFontAtlasRectId_Invalid) return false;
  ImTextureRect* r = ImFontAtlasPackGetRect(atlas, pack);
  const bool colored = g[5] != 0;
  static std::vector<unsigned char> px;  // staging for one glyph's pixels
  px.resize(size_t(w) * size_t(h) * (colored ? 4 : 1));
  sheaf_js_font_pixels(px.data());
  const float inv = 1.0f / density;
  out->X0 = g[1] * inv;
  out->Y0 = g[2] * inv + std::round(baked->Ascent);
  out->X1 = out->X0 + float(w) * inv;
  out->Y1 = out->Y0 + float(h) * inv;
  out->Visible = true;
  out->Colored = colored;
  out->PackId = pack;
  ImFontAtlasBakedSetFontGlyphBitmap(atlas, baked, src, out, r, px.data(),
                                     colored ? ImTextureFormat_RGBA32 : ImTextureFormat_Alpha8,
                                     colored ? w * 4 : w);
  return true;
}

ImFontLoader make_loader() {
  ImFontLoader l;
  l.Name = "browser canvas";
  l.FontSrcInit = src_init;
  l.FontSrcContainsGlyph = contains_glyph;
  l.FontBakedInit = baked_init;
  l.FontBakedLoadGlyph = load_glyph;
  return l;
}

}  // namespace

// A slice arrived since the last frame: the app drops its glyphs and lays out again.
void sync_fonts(App& app) {
  if (sheaf_js_fonts_take_changed()) app.on_fonts_changed();
}
void fonts_frame_drawn(const App& app) { sheaf_js_fonts_frame_drawn(app.showing_post() ? 1 : 0); }

}  // namespace sheaf::web

namespace sheaf::platform {

const ImFontLoader* font_loader() {
  static const ImFontLoader loader = sheaf::web::make_loader();
  return &loader;
}

}  // namespace sheaf::platform
