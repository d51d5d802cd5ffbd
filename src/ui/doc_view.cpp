// Sheaf viewer widget.
//
// [SECTION] State
// [SECTION] Helpers
// [SECTION] Layout cache and glyph coverage
// [SECTION] Properties header
// [SECTION] Drawing blocks
// [SECTION] Hit testing and mouse
// [SECTION] Selection
// [SECTION] Find
// [SECTION] Links and anchors
// [SECTION] Outline
// [SECTION] Frame
// [SECTION] Public accessors
#include "ui/doc_view.h"

#include "imgui_internal.h"  // ImGuiInputTextState: reload the find field after an outside change

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "core/document.h"
#include "core/limits.h"
#include "imgui.h"
#include "misc/cpp/imgui_stdlib.h"
#include "ui/fonts.h"
#include "ui/image_cache.h"
#include "ui/layout.h"
#include "ui/test_probe.h"
#include "ui/theme.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] State
//-----------------------------------------------------------------------------

struct TextPos {
  uint32_t block = 0, off = 0;
  bool operator<(const TextPos& o) const { return block != o.block ? block < o.block : off < o.off; }
  bool operator==(const TextPos& o) const { return block == o.block && off == o.off; }
};

struct FindMatch {
  uint32_t block, begin, end;
};

struct DocViewState {
  const Document* doc = nullptr;
  uint64_t version = 0;
  std::string notebook_root;
  AssetLoader asset_loader;  // the app's storage (set_asset_loader)

  // Layout cache: recomputed only when one of these changes.
  DocLayout layout;
  std::string layout_error;  // why the last layout failed ("" when it did not)
  bool have_layout = false;
  uint64_t lay_version = 0;
  float lay_width = -1, lay_font = -1;
  unsigned lay_epoch = 0;  // fonts_epoch() the layout measured with
  uint64_t lay_images = 0;
  int layout_count = 0;
  ReparseSpan span;         // from span_base to version (span_base 0: none)
  uint64_t span_base = 0;
  int missing = 0;
  uint64_t missing_version = ~0ull;

  ImageCache images;
  std::unordered_map<uint32_t, float> code_scroll;  // code block -> horizontal scroll
  uint32_t code_drag = UINT32_MAX;  // code block whose scrollbar thumb is being dragged
  float code_drag_grab = 0;         // where on the thumb it was grabbed

  // Scrolling.
  float scroll_y = 0;
  float pending_scroll = -1;  // layout y to bring to the top on the next draw
  std::string pending_anchor;  // resolved after the next layout
  bool reset_scroll = false;   // a new post starts at the top
  float body_top = 0;         // content y where the body starts (below the header)
  float view_h = 0;

  // Outline.
  bool outline = false;
  bool outline_user_set = false;
  int current_heading = -1;

  // Find.
  bool find_open = false;
  bool find_focus = false;
  bool find_reload = false;  // find_query was set from outside while the field may be active
  std::string find_query, find_done_query;
  uint64_t find_done_layout = 0;
  std::vector<FindMatch> matches;
  int find_current = -1;
  bool find_scroll = false;

  // Selection.
  bool has_sel = false;
  TextPos sel_anchor, sel_caret;
  bool dragging = false;

  // Links drawn last frame (screen rects) and the notice line.
  std::vector<DocView::LinkRect> link_rects;
  struct ImageRect {
    std::string url;
    ImageEntry::State state;
    ImVec2 min, max;
  };
  std::vector<ImageRect> image_rects;  // images drawn last frame, for the test bridge
  std::vector<ImVec4> diag_rects;      // diagnostic rows drawn last frame (x, y, w, h), for the test bridge
  std::string message;
  std::string tooltip;  // the link tooltip shown this frame ("" when none), for the test bridge
  double message_until = 0;

  // Where the layout was drawn last frame (screen position of layout 0,0).
  ImVec2 origin;
};

//-----------------------------------------------------------------------------
// [SECTION] Helpers
//-----------------------------------------------------------------------------

namespace {

ImU32 ink(Ink i) { return palette()[i]; }

bool starts_with_ci(std::string_view s, std::string_view p) {
  if (s.size() < p.size()) return false;
  for (size_t i = 0; i < p.size(); i++)
    if (std::tolower((unsigned char)s[i]) != p[i]) return false;
  return true;
}

double now_seconds() { return ImGui::GetCurrentContext() ? ImGui::GetTime() : 0.0; }

void set_message(DocViewState& s, std::string msg) {
  s.message = std::move(msg);
  s.message_until = now_seconds() + 4.0;
}

bool is_word_cp(uint32_t cp) {
  if (cp == ' ' || cp == '\t' || cp == '\n' || cp == 0x3000) return false;
  if (cp < 0x80 && !std::isalnum(int(cp)) && cp != '_' && cp != '-') return false;
  return !is_break_after(cp);
}

const Value* find_prop(const Document& d, std::string_view key) {
  for (const Property& p : d.properties)
    if (p.key == key) return &p.value;
  return nullptr;
}

bool is_true(const Value* v) { return v && v->is_scalar() && (v->scalar == "true" || v->scalar == "True" || v->scalar == "yes"); }

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Layout cache and glyph coverage
//-----------------------------------------------------------------------------

namespace {

void ensure_layout(DocViewState& s, float width, Metrics& m) {
  const float font = body_font_size();
  if (!s.doc) return;
  if (s.have_layout && s.lay_version == s.version && s.lay_width == width && s.lay_font == font &&
      s.lay_images == s.images.generation() && s.lay_epoch == fonts_epoch())
    return;
  LayoutParams p;
  p.width = width;
  p.font_size = font;
  p.image_size = [&s](std::string_view url) -> ImVec2 {
    const ImageEntry& e = s.images.request(resolve_image_path(url, s.doc->path, s.notebook_root));
    if (e.state == ImageEntry::State::Ready) return ImVec2(float(e.width), float(e.height));
    return ImVec2(0, 0);
  };
  // The per-post boundary: a post that cannot be laid out (out of memory, or
  // a bug) gets a note in its place, and the app goes on.
  // After a keystroke only the blocks around it are laid out again.
  const bool update = s.have_layout && s.layout_error.empty() && s.span_base != 0 && s.lay_version == s.span_base &&
                      s.lay_width == width && s.lay_font == font && s.lay_images == s.images.generation() &&
                      s.lay_epoch == fonts_epoch();
  s.layout_error.clear();
  try {
    if (update) layout_document_update(*s.doc, s.span, p, m, s.layout);
    else layout_document(*s.doc, p, m, s.layout);
  } catch (const std::exception& e) {
    s.layout_error = e.what();
  } catch (...) {
    s.layout_error = "unknown error";
  }
  if (!s.layout_error.empty()) {
    s.layout = DocLayout();
    Document note = parse_document(s.doc->path, "Sheaf could not lay this post out (" + s.layout_error +
                                                    "). Its text is unchanged: open it in Edit mode to see the source.\n");
    try {
      layout_document(note, p, m, s.layout);
    } catch (...) {
      s.layout = DocLayout();
    }
  }
  s.have_layout = true;
  s.lay_version = s.version;
  s.lay_width = width;
  s.lay_font = font;
  s.lay_epoch = fonts_epoch();
  s.lay_images = s.images.generation();
  s.layout_count++;
  // Selection offsets may point past shorter texts now.
  if (s.has_sel) {
    auto clamp = [&](TextPos& p) {
      if (p.block >= s.layout.blocks.size()) p = {uint32_t(s.layout.blocks.size()), 0};
    };
    clamp(s.sel_anchor);
    clamp(s.sel_caret);
    if (s.layout.blocks.empty()) s.has_sel = false;
  }
}

// Counts codepoints that no face in the merged chain has. Invisible
// joiners and selectors are skipped: they are never drawn.
int count_missing(const Document& doc, const DocLayout& l) {
  std::unordered_map<uint64_t, bool> known;
  int missing = 0;
  auto check = [&](Face f, std::string_view s) {
    ImFont* font = face_font(f);
    for (size_t i = 0; i < s.size();) {
      uint32_t cp = utf8_decode(s, i);
      if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || is_invisible(cp)) continue;
      uint64_t key = (uint64_t(f) << 32) | cp;
      auto it = known.find(key);
      bool has;
      if (it == known.end()) {
        has = cp <= 0x10FFFF && font->IsGlyphInFont(ImWchar(cp));
        known.emplace(key, has);
      } else {
        has = it->second;
      }
      if (!has) missing++;
    }
  };
  for (const Block& b : l.blocks)
    for (const Span& sp : b.text.spans)
      if (sp.object < 0) check(sp.style.face, std::string_view(b.text.text).substr(sp.begin, sp.end - sp.begin));
  for (const ImageRef& r : l.images) check(Face::Regular, r.alt);
  check(Face::Bold, doc.title);
  check(Face::Regular, doc.date);
  for (const std::string& t : doc.tags) check(Face::Regular, t);
  for (const std::string& c : doc.categories) check(Face::Regular, c);
  return missing;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Properties header
//-----------------------------------------------------------------------------

namespace {

void value_rows(const Value& v, int depth);

void value_cell(const Value& v, int depth) {
  if (v.is_scalar()) {
    if (v.kind == Value::Kind::Null)
      ImGui::TextDisabled("(empty)");
    else
      ImGui::TextWrapped("%s", v.scalar.c_str());
    return;
  }
  if (v.kind == Value::Kind::List) {
    bool all_scalar = true;
    for (const Value& it : v.items) all_scalar = all_scalar && it.is_scalar();
    if (all_scalar) {
      std::string joined;
      for (const Value& it : v.items) joined += (joined.empty() ? "" : ", ") + it.scalar;
      if (v.items.empty()) joined = "[]";
      ImGui::TextWrapped("%s", joined.c_str());
      return;
    }
  }
  if (depth > 12) {
    ImGui::TextDisabled("...");
    return;
  }
  value_rows(v, depth + 1);
}

// Nested maps and lists as indented key/value lines inside the cell.
void value_rows(const Value& v, int depth) {
  ImGui::PushID(&v);
  if (v.kind == Value::Kind::Map) {
    for (const auto& [k, val] : v.entries) {
      ImGui::PushID(k.c_str());
      if (val.is_scalar()) {
        ImGui::TextDisabled("%s:", k.c_str());
        ImGui::SameLine();
        value_cell(val, depth);
      } else if (ImGui::TreeNodeEx(k.c_str(), ImGuiTreeNodeFlags_DefaultOpen | ImGuiTreeNodeFlags_SpanAvailWidth)) {
        value_cell(val, depth);
        ImGui::TreePop();
      }
      ImGui::PopID();
    }
  } else if (v.kind == Value::Kind::List) {
    int i = 0;
    for (const Value& it : v.items) {
      ImGui::PushID(i++);
      if (it.is_scalar()) {
        ImGui::Bullet();
        value_cell(it, depth);
      } else if (ImGui::TreeNodeEx("item", ImGuiTreeNodeFlags_DefaultOpen, "- (%d)", i)) {
        value_cell(it, depth);
        ImGui::TreePop();
      }
      ImGui::PopID();
    }
  }
  ImGui::PopID();
}

// A rounded, clickable chip; wraps to the next line, at the column's left
// edge `left_x` (window coordinates), when it does not fit.
bool chip(const char* id, const std::string& label, float left_x, float right_edge, float font_size) {
  ImFont* f = face_font(Face::Regular);
  float small = std::floor(font_size * 0.85f + 0.5f);
  ImVec2 ts = f->CalcTextSizeA(small, FLT_MAX, 0, label.c_str());
  ImVec2 size(ts.x + small, small * 1.6f);
  ImGui::SameLine(0, small * 0.4f);
  if (ImGui::GetCursorScreenPos().x + size.x > right_edge) {
    ImGui::NewLine();
    ImGui::SetCursorPosX(left_x);
  }
  ImVec2 p = ImGui::GetCursorScreenPos();
  bool clicked = ImGui::InvisibleButton(id, size);
  bool hovered = ImGui::IsItemHovered();
  if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImU32 bg = ink(Ink::ChipBg);
  if (hovered) bg = (bg & 0x00FFFFFF) | 0xC0000000;
  dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), bg, size.y * 0.5f);
  dl->AddText(f, small, ImVec2(p.x + small * 0.5f, p.y + (size.y - small) * 0.5f), ink(Ink::ChipText), label.c_str());
  return clicked;
}

bool is_header_key(const std::string& k) {
  return k == "title" || k == "date" || k == "tags" || k == "tag" || k == "categories" || k == "category";
}

// What the parser found wrong (broken YAML, invalid UTF-8, an unclosed
// fence...), under the title where it cannot be missed: one row each, with
// its line and column; a click shows the place in the source. The file is
// never changed because of them.
void draw_diagnostics(DocView& view, DocViewState& s, float col_x, float col_w, float em) {
  const std::vector<Diagnostic>& diags = s.doc->diagnostics;
  s.diag_rects.clear();
  if (diags.empty()) return;
  const size_t kShown = 8;
  const float fs = std::floor(em * 0.85f);
  ImGui::PushFont(face_font(Face::Regular), push_font_size(fs));
  ImGui::SetCursorPosX(col_x);
  ImGui::Dummy(ImVec2(0, em * 0.2f));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float pad = std::floor(em * 0.5f);
  for (size_t i = 0; i < diags.size() && i < kShown; i++) {
    const Diagnostic& dg = diags[i];
    const bool err = dg.severity == Severity::Error;
    char where[48] = "";
    if (dg.line > 0) std::snprintf(where, sizeof(where), "line %d, column %d: ", dg.line, dg.column);
    std::string text = std::string(err ? "⛔ " : "⚠ ") + where + dg.message;
    ImGui::SetCursorPosX(col_x);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float wrap = col_w - pad * 2;
    const ImVec2 ts = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap);
    const ImVec2 size(col_w, ts.y + pad);
    ImGui::PushID(int(i));
    const bool clicked = ImGui::InvisibleButton("##diag", size) && dg.line > 0;
    const bool hovered = ImGui::IsItemHovered() && dg.line > 0;
    ImGui::PopID();
    if (test_rects_wanted()) s.diag_rects.push_back(ImVec4(p.x, p.y, size.x, size.y));
    const ImU32 tint = ink(err ? Ink::Error : Ink::Warning);
    dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), (tint & 0x00FFFFFF) | (hovered ? 0x38000000 : 0x1E000000), 4.0f);
    dl->AddRectFilled(p, ImVec2(p.x + 3, p.y + size.y), tint, 1.5f);
    dl->AddText(nullptr, 0.0f, ImVec2(p.x + pad, p.y + pad * 0.5f), err ? ink(Ink::Error) : ink(Ink::Text), text.c_str(),
                nullptr, wrap);
    if (hovered) {
      ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
      ImGui::SetTooltip("Show line %d in the source", dg.line);
    }
    if (clicked && view.on_diagnostic) view.on_diagnostic(dg.line, dg.column);
    ImGui::Dummy(ImVec2(0, 2));
  }
  if (diags.size() > kShown) {
    ImGui::SetCursorPosX(col_x);
    ImGui::TextDisabled("… and %zu more (sheaf-cli lint lists them all)", diags.size() - kShown);
  }
  ImGui::PopFont();
}

void draw_header(DocView& view, DocViewState& s, float col_x, float col_w, float em) {
  const Document& d = *s.doc;
  const float right = ImGui::GetWindowPos().x + col_x + col_w;
  ImGui::SetCursorPosX(col_x);
  ImGui::PushTextWrapPos(col_x + col_w);
  // A title taken from the first heading is already the body's first line.
  const bool show_title = !d.title.empty() && d.title_source != TitleSource::Heading;
  if (show_title) {
    ImGui::PushFont(face_font(Face::Bold), push_font_size(std::floor(em * 2.0f)));
    ImGui::PushStyleColor(ImGuiCol_Text, ink(Ink::Heading));
    ImGui::TextWrapped("%s", d.title.c_str());
    ImGui::PopStyleColor();
    ImGui::PopFont();
  }
  ImGui::PushFont(face_font(Face::Regular), push_font_size(std::floor(em * 0.9f)));
  bool line_started = false;
  const DocView::SiteHeader& site = view.site_header;
  const std::string& date = site.site && !site.date.empty() ? site.date : d.date;
  if (!site.mark.empty()) {
    // The site's publishing state, boxed, before the date.
    ImGui::SetCursorPosX(col_x);
    ImVec2 at = ImGui::GetCursorScreenPos(), sz = ImGui::CalcTextSize(site.mark.c_str());
    ImGui::GetWindowDrawList()->AddRect(ImVec2(at.x - 2, at.y), ImVec2(at.x + sz.x + 2, at.y + sz.y), ink(Ink::Warning), 3.0f);
    ImGui::PushStyleColor(ImGuiCol_Text, ink(Ink::Warning));
    ImGui::TextUnformatted(site.mark.c_str());
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", site.mark == "Draft"         ? "In _drafts/: Jekyll builds it only with --drafts"
                              : site.mark == "Unpublished" ? "published: false: Jekyll leaves it out"
                                                           : "Dated after now: Jekyll leaves it out until then (future: false)");
    if (!date.empty()) {
      ImGui::SameLine();
      line_started = true;  // the date goes on the mark's line
    }
  }
  if (!date.empty()) {
    if (!line_started) ImGui::SetCursorPosX(col_x);
    ImGui::PushStyleColor(ImGuiCol_Text, ink(Ink::Muted));
    ImGui::TextUnformatted(date.c_str());
    ImGui::PopStyleColor();
    line_started = true;
  }
  int n = 0;
  auto chips = [&](const std::vector<std::string>& items, const char* prefix, const char* icon) {
    for (const std::string& t : items) {
      if (!line_started) {
        ImGui::SetCursorPosX(col_x);
        ImGui::Dummy(ImVec2(0, 0));
        line_started = true;
      }
      ImGui::PushID(n++);
      if (chip("##chip", std::string(icon) + t, col_x, right, em) && view.on_filter) view.on_filter(std::string(prefix) + t);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show posts with %s%s", prefix, t.c_str());
      ImGui::PopID();
    }
  };
  chips(site.site ? site.categories : d.categories, "cat:", "▸ ");
  chips(d.tags, "tag:", "#");
  ImGui::PopFont();

  // Remaining properties in a compact collapsible table.
  int others = 0;
  for (const Property& p : d.properties) others += is_header_key(p.key) ? 0 : 1;
  for (const auto& ih : site.inherited) others += is_header_key(ih.key) ? 0 : 1;
  if (others > 0) {
    ImGui::SetCursorPosX(col_x);
    ImGui::PushFont(face_font(Face::Regular), push_font_size(std::floor(em * 0.85f)));
    char label[64];
    std::snprintf(label, sizeof(label), "Properties (%d)###props", others);
    ImGui::SetNextItemWidth(col_w);
    ImGui::PushStyleColor(ImGuiCol_Text, ink(Ink::Muted));
    bool open = ImGui::TreeNodeEx(label, ImGuiTreeNodeFlags_NoTreePushOnOpen);
    ImGui::PopStyleColor();
    if (open) {
      ImGui::SetCursorPosX(col_x);
      if (ImGui::BeginTable("##props_table", 2,
                            ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg,
                            ImVec2(col_w, 0))) {
        ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthFixed, em * 9);
        ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
        for (const Property& p : d.properties) {
          if (is_header_key(p.key)) continue;
          ImGui::TableNextRow();
          ImGui::TableNextColumn();
          ImGui::TextDisabled("%s", p.key.c_str());
          ImGui::TableNextColumn();
          ImGui::PushID(p.key.c_str());
          value_cell(p.value, 0);
          ImGui::PopID();
        }
        // Inherited from the site's defaults: muted, with where they come from.
        for (const auto& ih : site.inherited) {
          if (is_header_key(ih.key)) continue;
          ImGui::TableNextRow();
          ImGui::TableNextColumn();
          ImGui::TextDisabled("%s", ih.key.c_str());
          ImGui::TableNextColumn();
          ImGui::TextDisabled("%s", ih.value.c_str());
          if (ImGui::IsItemHovered()) ImGui::SetTooltip("Inherited: %s", ih.from.c_str());
        }
        ImGui::EndTable();
      }
    }
    ImGui::PopFont();
  }
  ImGui::PopTextWrapPos();
  draw_diagnostics(view, s, col_x, col_w, em);
  if (show_title || !date.empty() || !site.mark.empty() || !d.tags.empty() || !d.categories.empty() || others ||
      !d.diagnostics.empty()) {
    ImGui::Dummy(ImVec2(0, em * 0.4f));
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddLine(ImVec2(ImGui::GetWindowPos().x + col_x, p.y), ImVec2(right, p.y), ink(Ink::Rule));
    ImGui::Dummy(ImVec2(0, em * 0.8f));
  }
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Drawing blocks
//-----------------------------------------------------------------------------

namespace {

struct DrawCtx {
  DocViewState& s;
  ImDrawList* dl;
  ImVec2 origin;          // screen position of layout (0,0)
  float top, bottom;      // visible layout y range
  Metrics& m;
  int hovered_link = -1;
  uint32_t hovered_copy = UINT32_MAX;
  uint32_t hovered_bar = UINT32_MAX;  // code block whose scrollbar is under the mouse
};

ImVec2 to_screen(const DrawCtx& c, ImVec2 p) { return ImVec2(c.origin.x + p.x, c.origin.y + p.y); }

float block_scroll(const DrawCtx& c, uint32_t bi) {
  auto it = c.s.code_scroll.find(bi);
  return it == c.s.code_scroll.end() ? 0.0f : it->second;
}

// A code block wider than its box gets a scrollbar in its bottom padding:
// the wheel and Shift+wheel scroll it too, but a bar shows that there is more
// to the right and can be dragged.
struct CodeScrollbar {
  float track_x0 = 0, track_x1 = 0, y0 = 0, y1 = 0;  // layout coordinates
  float thumb_x0 = 0, thumb_x1 = 0;
  float max_scroll = 0;
};

bool code_scrollbar(const Block& b, float scroll, CodeScrollbar& bar) {
  const float pad = b.text_x - b.x;
  const float inner = b.w - pad * 2;
  if (b.kind != BlockKind::Code || b.layout.width <= inner || inner <= 0) return false;
  bar.max_scroll = b.layout.width - inner;
  bar.track_x0 = b.x + pad;
  bar.track_x1 = b.x + b.w - pad;
  const float thick = std::max(4.0f, std::floor(pad * 0.45f));
  bar.y1 = b.y + b.h - std::floor((pad - thick) * 0.5f);
  bar.y0 = bar.y1 - thick;
  const float track = bar.track_x1 - bar.track_x0;
  const float thumb = std::max(thick * 3, track * inner / b.layout.width);
  bar.thumb_x0 = bar.track_x0 + (track - thumb) * std::clamp(scroll / bar.max_scroll, 0.0f, 1.0f);
  bar.thumb_x1 = bar.thumb_x0 + thumb;
  return true;
}

void draw_deco(DrawCtx& c, const Block& b, const Deco& d) {
  ImVec2 a = to_screen(c, d.a), e = to_screen(c, d.b);
  ImU32 col = ink(d.ink);
  switch (d.kind) {
    case Deco::Fill: c.dl->AddRectFilled(a, e, col, b.kind == BlockKind::Code ? 6.0f : 0.0f); break;
    case Deco::Frame: c.dl->AddRect(a, e, col); break;
    case Deco::Bar: c.dl->AddRectFilled(a, e, col, 2.0f); break;
    case Deco::Disc: c.dl->AddCircleFilled(ImVec2((a.x + e.x) * 0.5f, (a.y + e.y) * 0.5f), (e.x - a.x) * 0.5f, col); break;
    case Deco::Circle: c.dl->AddCircle(ImVec2((a.x + e.x) * 0.5f, (a.y + e.y) * 0.5f), (e.x - a.x) * 0.5f, col, 0, 1.2f); break;
    case Deco::Square: c.dl->AddRectFilled(ImVec2(a.x + 1, a.y + 1), ImVec2(e.x - 1, e.y - 1), col); break;
    case Deco::CheckOff: c.dl->AddRect(a, e, col, 3.0f, 0, 1.5f); break;
    case Deco::CheckOn: {
      c.dl->AddRectFilled(a, e, ink(Ink::Link), 3.0f);
      float w = e.x - a.x;
      ImVec2 pts[3] = {ImVec2(a.x + w * 0.22f, a.y + w * 0.52f), ImVec2(a.x + w * 0.42f, a.y + w * 0.72f),
                       ImVec2(a.x + w * 0.80f, a.y + w * 0.28f)};
      c.dl->AddPolyline(pts, 3, IM_COL32(255, 255, 255, 255), 0, std::max(1.5f, w * 0.13f));
      break;
    }
    case Deco::HLine: c.dl->AddLine(a, ImVec2(e.x, a.y), col, 1.0f); break;
    case Deco::Label: {
      const char* t = c.s.layout.labels.data() + d.label_begin;
      c.dl->AddText(face_font(d.face), d.size, a, col, t, t + d.label_len);
      break;
    }
    case Deco::CopyButton: {
      bool hov = c.hovered_copy == d.label_begin;
      c.dl->AddRect(a, e, hov ? ink(Ink::Link) : ink(Ink::Rule), 4.0f);
      const char* label = "Copy";
      ImFont* f = face_font(Face::Regular);
      ImVec2 ts = f->CalcTextSizeA(d.size, FLT_MAX, 0, label);
      c.dl->AddText(f, d.size, ImVec2((a.x + e.x - ts.x) * 0.5f, (a.y + e.y - ts.y) * 0.5f), hov ? ink(Ink::Link) : col, label);
      break;
    }
  }
}

// An inline image: its texture once decoded, else a box with the alt text
// (a compact chip inside a sentence, a wide notice alone on its line).
void draw_object(DrawCtx& c, const InlineObject& o, ImVec2 a, ImVec2 size, int32_t link) {
  const ImageRef& ref = c.s.layout.images[o.image];
  static const ImageEntry kOverLimit = [] {
    ImageEntry e;
    e.state = ImageEntry::State::Failed;
    e.error = "not loaded: this post has more than " + std::to_string(limits::kMaxImages) + " images";
    return e;
  }();
  const ImageEntry& e = ref.over_limit ? kOverLimit
                                       : c.s.images.request(resolve_image_path(ref.url, c.s.doc->path, c.s.notebook_root));
  const ImVec2 z(a.x + size.x, a.y + size.y);
  if (test_rects_wanted()) c.s.image_rects.push_back({ref.url, e.state, a, z});
  const ImVec2 mp = ImGui::GetIO().MousePos;
  const bool hovered = ImGui::IsWindowHovered() && mp.x >= a.x && mp.x < z.x && mp.y >= a.y && mp.y < z.y;
  if (e.state == ImageEntry::State::Ready && e.texture) {
    c.dl->AddImage(e.texture->GetTexRef(), a, z);
    if (hovered && link >= 0) c.dl->AddRect(a, z, ink(Ink::Link), 0, 0, 2.0f);
    return;
  }
  const bool failed = e.state == ImageEntry::State::Failed;
  const bool chip = o.placeholder && size.y < c.s.lay_font * 2;  // a compact one inside a sentence
  c.dl->AddRectFilled(a, z, ink(Ink::Placeholder), chip ? 4.0f : 6.0f);
  const float em = c.s.lay_font;
  std::string label = failed ? "⚠ " : "🖼 ";
  label += ref.alt.empty() ? "image" : ref.alt;
  if (!chip) label += failed ? "  (not loaded)" : "  (loading...)";
  ImFont* f = face_font(Face::Regular);
  const float fs = std::floor(em * 0.9f);
  const float padx = chip ? em * 0.4f : em * 0.6f;
  c.dl->PushClipRect(a, z, true);
  c.dl->AddText(f, fs, ImVec2(a.x + padx, a.y + (z.y - a.y - fs) * 0.5f), ink(failed ? Ink::Error : Ink::Muted),
                label.c_str(), nullptr, chip ? 0.0f : z.x - a.x - em * 1.2f);
  c.dl->PopClipRect();
  // Details on hover: where it was looked for and why it failed (a link's own
  // tooltip wins when the image is inside one).
  if (hovered && link < 0)
    ImGui::SetTooltip("%s%s%s", ref.url.c_str(), failed ? "\n" : "", failed ? e.error.c_str() : "");
}

// Highlights [from, to) of a text block (selection and find matches).
void draw_range(DrawCtx& c, const Block& b, uint32_t from, uint32_t to, ImU32 col, float dx) {
  if (from >= to && !(from == to && false)) return;
  const TextLayout& l = b.layout;
  for (const Line& ln : l.lines) {
    if (ln.end < from || ln.begin > to) continue;
    if (ln.end == from && ln.end != ln.begin) continue;
    float y0 = b.text_y + ln.y, y1 = y0 + ln.h;
    if (y1 < c.top || y0 > c.bottom) continue;
    float x0 = from <= ln.begin ? 0 : line_x_of(b.text, l, ln, from, c.m);
    float x1 = to >= ln.end ? ln.w + (to > ln.end ? 4.0f : 0.0f) : line_x_of(b.text, l, ln, to, c.m);
    if (x1 <= x0) x1 = x0 + 3;
    c.dl->AddRectFilled(to_screen(c, ImVec2(b.text_x + x0 - dx, y0)), to_screen(c, ImVec2(b.text_x + x1 - dx, y1)), col, 2.0f);
  }
}

void draw_text_block(DrawCtx& c, uint32_t bi) {
  const Block& b = c.s.layout.blocks[bi];
  const TextLayout& l = b.layout;
  const bool code = b.kind == BlockKind::Code;
  const float dx = code ? block_scroll(c, bi) : 0.0f;
  if (code) {
    ImVec2 a = to_screen(c, ImVec2(b.x + 1, b.y)), e = to_screen(c, ImVec2(b.x + b.w - 1, b.y + b.h));
    c.dl->PushClipRect(a, e, true);
  }
  // Selection and find highlights under the text.
  if (c.s.has_sel) {
    TextPos lo = std::min(c.s.sel_anchor, c.s.sel_caret), hi = std::max(c.s.sel_anchor, c.s.sel_caret);
    if (bi >= lo.block && bi <= hi.block) {
      uint32_t from = bi == lo.block ? lo.off : 0;
      uint32_t to = bi == hi.block ? hi.off : uint32_t(b.text.text.size()) + (bi < hi.block ? 1 : 0);
      draw_range(c, b, from, to, ink(Ink::Selection), dx);
    }
  }
  if (c.s.find_open && !c.s.matches.empty()) {
    auto it = std::lower_bound(c.s.matches.begin(), c.s.matches.end(), bi,
                               [](const FindMatch& m, uint32_t v) { return m.block < v; });
    for (; it != c.s.matches.end() && it->block == bi; ++it) {
      bool cur = int(it - c.s.matches.begin()) == c.s.find_current;
      draw_range(c, b, it->begin, it->end, ink(cur ? Ink::FindCurrent : Ink::FindMatch), dx);
    }
  }
  // Visible lines only: binary search on line y.
  float local_top = c.top - b.text_y;
  auto first = std::lower_bound(l.lines.begin(), l.lines.end(), local_top,
                                [](const Line& ln, float y) { return ln.y + ln.h < y; });
  const char* text = b.text.text.data();
  for (auto it = first; it != l.lines.end(); ++it) {
    const Line& ln = *it;
    if (b.text_y + ln.y > c.bottom) break;
    for (uint32_t k = ln.piece_begin; k < ln.piece_end; k++) {
      const Piece& p = l.pieces[k];
      const Span& sp = b.text.spans[p.span];
      const SpanStyle& st = sp.style;
      ImVec2 pos = to_screen(c, ImVec2(b.text_x + p.x - dx, b.text_y + ln.y + p.y));
      pos.x = std::floor(pos.x);
      pos.y = std::floor(pos.y);
      if (sp.object >= 0) {
        draw_object(c, b.text.objects[sp.object], pos, l.object_size[sp.object], sp.link);
        if (sp.link >= 0 && test_rects_wanted()) c.s.link_rects.push_back({pos, ImVec2(pos.x + p.w, pos.y + l.object_size[sp.object].y),
                                                    c.s.layout.links[sp.link].href});
        continue;
      }
      ImU32 col = ink(st.ink);
      if (st.flags & SpanFlags_CodeBg)
        c.dl->AddRectFilled(ImVec2(pos.x - 2, pos.y - 1), ImVec2(pos.x + p.w + 2, pos.y + st.size + 2), ink(Ink::CodeBg), 3.0f);
      if (st.flags & SpanFlags_Chip)
        c.dl->AddRectFilled(ImVec2(pos.x - 3, pos.y - 1), ImVec2(pos.x + p.w + 3, pos.y + st.size + 3), ink(Ink::ChipBg),
                            (st.size + 4) * 0.5f);
      c.dl->AddText(face_font(st.face), st.size, pos, col, text + p.begin, text + p.end);
      const Metrics::Entry& e = c.m.get(st.face, st.size);
      if (st.flags & SpanFlags_Strike) {
        float y = pos.y + e.ascent * 0.62f;
        c.dl->AddLine(ImVec2(pos.x, y), ImVec2(pos.x + p.w, y), col, std::max(1.0f, st.size / 14.0f));
      }
      bool underline = (st.flags & SpanFlags_Underline) || (sp.link >= 0 && sp.link == c.hovered_link);
      if (underline) {
        float y = pos.y + e.ascent + 2;
        c.dl->AddLine(ImVec2(pos.x, y), ImVec2(pos.x + p.w, y), col, 1.0f);
      }
      if (sp.link >= 0 && test_rects_wanted())
        c.s.link_rects.push_back({pos, ImVec2(pos.x + p.w, pos.y + ln.h - p.y), c.s.layout.links[sp.link].href});
    }
  }
  if (code) {
    c.dl->PopClipRect();
    CodeScrollbar bar;
    if (code_scrollbar(b, dx, bar)) {
      const bool hot = c.hovered_bar == bi || c.s.code_drag == bi;
      const float r = (bar.y1 - bar.y0) * 0.5f;
      c.dl->AddRectFilled(to_screen(c, ImVec2(bar.track_x0, bar.y0)), to_screen(c, ImVec2(bar.track_x1, bar.y1)),
                          ink(Ink::Rule), r);
      c.dl->AddRectFilled(to_screen(c, ImVec2(bar.thumb_x0, bar.y0)), to_screen(c, ImVec2(bar.thumb_x1, bar.y1)),
                          ink(hot ? Ink::Link : Ink::Muted), r);
    }
  }
}

void draw_blocks(DrawCtx& c) {
  const DocLayout& l = c.s.layout;
  c.s.link_rects.clear();
  c.s.image_rects.clear();
  for (size_t i = l.first_visible(c.top); i < l.blocks.size(); i++) {
    const Block& b = l.blocks[i];
    if (b.ext_top > c.bottom) {
      // Blocks are in y order, but decorations can reach above: stop once
      // even the block's own top is past the view.
      if (b.y > c.bottom) break;
      continue;
    }
    if (b.ext_bottom < c.top) continue;
    for (const Deco& d : b.decos)
      if (d.kind != Deco::Label && d.kind != Deco::CopyButton) draw_deco(c, b, d);
    draw_text_block(c, uint32_t(i));
    for (const Deco& d : b.decos)
      if (d.kind == Deco::Label || d.kind == Deco::CopyButton) draw_deco(c, b, d);
  }
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Hit testing and mouse
//-----------------------------------------------------------------------------

namespace {

struct Hit {
  bool ok = false;
  TextPos pos;
  int link = -1;
};

// Maps a layout point to a text position. With `nearest`, points between
// blocks snap to the closest preceding text (for drag selection).
Hit hit_test(DocViewState& s, ImVec2 p, bool nearest, Metrics& m) {
  Hit h;
  const DocLayout& l = s.layout;
  if (l.blocks.empty()) return h;
  size_t start = l.first_visible(p.y - 1);
  int best = -1;
  for (size_t i = start; i < l.blocks.size(); i++) {
    const Block& b = l.blocks[i];
    if (b.y > p.y + 1) break;
    if (b.text.text.empty()) continue;
    if (p.x < b.x - 2 || p.x > b.x + b.w + 2) continue;
    if (p.y >= b.text_y && p.y < b.text_y + b.layout.height) {
      best = int(i);
      break;
    }
    if (nearest && b.text_y <= p.y) best = int(i);
  }
  if (best < 0 && nearest) {
    // Above everything or in a margin: the last text block starting above p.
    for (size_t i = std::min(start, l.blocks.size() - 1) + 1; i-- > 0;) {
      const Block& b = l.blocks[i];
      if (!b.text.text.empty() && b.text_y <= p.y) {
        best = int(i);
        break;
      }
    }
    if (best < 0) {
      h.ok = true;
      h.pos = {0, 0};
      return h;
    }
  }
  if (best < 0) return h;
  const Block& b = l.blocks[best];
  const float dx = b.kind == BlockKind::Code ? (s.code_scroll.count(best) ? s.code_scroll[best] : 0.0f) : 0.0f;
  float ly = p.y - b.text_y;
  const std::vector<Line>& lines = b.layout.lines;
  if (ly >= b.layout.height) {
    h.ok = true;
    h.pos = {uint32_t(best), uint32_t(b.text.text.size())};
    return h;
  }
  auto it = std::upper_bound(lines.begin(), lines.end(), ly, [](float y, const Line& ln) { return y < ln.y + ln.h; });
  if (it == lines.end()) it = lines.end() - 1;
  float lx = p.x - b.text_x + dx;
  h.ok = true;
  h.pos = {uint32_t(best), line_offset_at(b.text, b.layout, *it, lx, m)};
  for (uint32_t k = it->piece_begin; k < it->piece_end; k++) {
    const Piece& pc = b.layout.pieces[k];
    if (lx >= pc.x && lx < pc.x + pc.w && ly >= it->y && ly < it->y + it->h) h.link = b.text.spans[pc.span].link;
  }
  return h;
}

// The task box under layout point p: the source offset of its mark, or UINT32_MAX.
uint32_t task_box_at(const DocViewState& s, ImVec2 p, float em) {
  if (!s.doc) return UINT32_MAX;
  const std::vector<Node>& nodes = s.doc->tree.nodes;
  const float slack = em * 0.2f;
  for (size_t i = s.layout.first_visible(p.y - em); i < s.layout.blocks.size(); i++) {
    const Block& b = s.layout.blocks[i];
    if (b.y > p.y + em * 2) break;
    for (const Deco& d : b.decos) {
      if (d.kind != Deco::CheckOn && d.kind != Deco::CheckOff) continue;
      if (p.x < d.a.x - slack || p.x > d.b.x + slack || p.y < d.a.y - slack || p.y > d.b.y + slack) continue;
      // The marker sits on the first block of its item: climb to that item.
      for (uint32_t n = b.node; n < nodes.size(); n = nodes[n].parent)
        if (nodes[n].type == NodeType::ListItem && nodes[n].task) return nodes[n].task_mark_offset;
    }
  }
  return UINT32_MAX;
}

void word_bounds(const std::string& t, uint32_t off, uint32_t& a, uint32_t& b) {
  a = b = off;
  // Forward over word clusters.
  while (b < t.size()) {
    size_t k = b;
    uint32_t cp = utf8_decode(t, k);
    if (!is_word_cp(cp)) break;
    b = uint32_t(next_cluster(t, b));
  }
  // Backward: step to previous UTF-8 starts.
  while (a > 0) {
    uint32_t q = a - 1;
    while (q > 0 && (((unsigned char)t[q]) & 0xC0) == 0x80) q--;
    size_t k = q;
    uint32_t cp = utf8_decode(t, k);
    if (!is_word_cp(cp) && !is_invisible(cp)) break;
    a = q;
  }
  if (a == b && b < t.size()) b = uint32_t(next_cluster(t, b));  // a lone punctuation mark
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Selection
//-----------------------------------------------------------------------------

namespace {

uint32_t map_to_source(const DocViewState& s, TextPos p, bool is_end) {
  const Block& b = s.layout.blocks[std::min<size_t>(p.block, s.layout.blocks.size() - 1)];
  if (p.block >= s.layout.blocks.size()) return b.src_end;
  int si = b.text.span_at(p.off);
  if (si < 0) return is_end ? b.src_end : b.src_begin;
  const Span& sp = b.text.spans[si];
  if (p.off >= sp.end && is_end) return sp.exact ? sp.src + (sp.end - sp.begin) : sp.src_end;
  if (sp.exact) return std::min(sp.src + (p.off - sp.begin), sp.src_end);
  return is_end ? sp.src_end : sp.src;
}

std::string plain_range(const DocViewState& s, TextPos lo, TextPos hi) {
  std::string out;
  const auto& blocks = s.layout.blocks;
  for (uint32_t bi = lo.block; bi <= hi.block && bi < blocks.size(); bi++) {
    const std::string& t = blocks[bi].text.text;
    uint32_t a = bi == lo.block ? std::min<uint32_t>(lo.off, uint32_t(t.size())) : 0;
    uint32_t b = bi == hi.block ? std::min<uint32_t>(hi.off, uint32_t(t.size())) : uint32_t(t.size());
    if (t.empty() && bi != lo.block) continue;
    if (!out.empty() && bi != lo.block) out += '\n';
    if (b <= a) continue;
    // Inline images read as their alt text.
    for (const Span& sp : blocks[bi].text.spans) {
      if (sp.end <= a || sp.begin >= b) continue;
      if (sp.object >= 0)
        out += s.layout.images[blocks[bi].text.objects[sp.object].image].alt;
      else
        out.append(t, std::max(a, sp.begin), std::min(b, sp.end) - std::max(a, sp.begin));
    }
  }
  return out;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Find
//-----------------------------------------------------------------------------

namespace {

void run_find(DocViewState& s) {
  s.matches.clear();
  s.find_done_query = s.find_query;
  s.find_done_layout = uint64_t(s.layout_count);
  const std::string& q = s.find_query;
  if (q.empty()) {
    s.find_current = -1;
    return;
  }
  auto eq = [](char a, char b) {
    // ASCII letters compare without case; Hangul and other bytes exactly.
    if ((unsigned char)a < 0x80 && (unsigned char)b < 0x80) return std::tolower((unsigned char)a) == std::tolower((unsigned char)b);
    return a == b;
  };
  for (uint32_t bi = 0; bi < s.layout.blocks.size(); bi++) {
    const std::string& t = s.layout.blocks[bi].text.text;
    auto it = t.begin();
    while (true) {
      it = std::search(it, t.end(), q.begin(), q.end(), eq);
      if (it == t.end()) break;
      uint32_t a = uint32_t(it - t.begin());
      s.matches.push_back({bi, a, a + uint32_t(q.size())});
      it += q.size();
    }
  }
  if (s.matches.empty())
    s.find_current = -1;
  else if (s.find_current < 0 || s.find_current >= int(s.matches.size()))
    s.find_current = 0;
}

void scroll_to_match(DocViewState& s) {
  if (s.find_current < 0 || s.find_current >= int(s.matches.size())) return;
  const FindMatch& fm = s.matches[s.find_current];
  const Block& b = s.layout.blocks[fm.block];
  float y = b.text_y;
  for (const Line& ln : b.layout.lines)
    if (ln.begin <= fm.begin) y = b.text_y + ln.y;
  s.pending_scroll = std::max(0.0f, y - s.view_h * 0.3f);
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Links and anchors
//-----------------------------------------------------------------------------

DocView::LinkAction DocView::activate_link(std::string_view href) {
  DocViewState& s = *s_;
  if (!href.empty() && href[0] == '#') {
    if (scroll_to_anchor(href.substr(1))) return LinkAction::ScrolledToAnchor;
    set_message(s, "No heading \"" + std::string(href) + "\" in this post");
    return LinkAction::AnchorNotFound;
  }
  if (starts_with_ci(href, "http://") || starts_with_ci(href, "https://") || starts_with_ci(href, "mailto:")) {
    // The platform's hook (ImGui's PlatformIO) opens it in the browser or mail program.
    const ImGuiPlatformIO& pio = ImGui::GetPlatformIO();
    if (pio.Platform_OpenInShellFn && pio.Platform_OpenInShellFn(ImGui::GetCurrentContext(), std::string(href).c_str()))
      return LinkAction::Opened;
    set_message(s, "Could not open " + std::string(href));
    return LinkAction::Refused;
  }
  size_t colon = href.find(':');
  std::string scheme = colon == std::string_view::npos ? std::string() : std::string(href.substr(0, colon + 1));
  set_message(s, scheme.empty() ? "Not opened: \"" + std::string(href) + "\" is not a web link"
                                : "Refused to open a " + scheme + " link");
  return LinkAction::Refused;
}

bool DocView::scroll_to_anchor(std::string_view anchor) {
  DocViewState& s = *s_;
  std::string a = percent_decode(anchor);
  if (!s.have_layout || s.lay_version != s.version) {
    // Not laid out yet: resolved by the next draw.
    if (!s.doc) return false;
    for (const Heading& h : s.doc->headings)
      if (h.anchor == a) {
        s.pending_anchor = a;
        return true;
      }
    return false;
  }
  const AnchorPos* p = s.layout.find_anchor(a);
  if (!p) return false;
  s.pending_scroll = p->y;
  return true;
}

//-----------------------------------------------------------------------------
// [SECTION] Outline
//-----------------------------------------------------------------------------

namespace {

void update_current_heading(DocViewState& s) {
  s.current_heading = -1;
  if (!s.doc || !s.have_layout) return;
  const float probe = s.scroll_y - s.body_top + body_font_size() * 3;
  // Anchors are in document order, as are headings.
  size_t hi = 0;
  for (size_t i = 0; i < s.layout.anchors.size(); i++) {
    if (s.layout.anchors[i].y > probe) break;
    for (; hi < s.doc->headings.size(); hi++)
      if (s.doc->headings[hi].anchor == s.layout.anchors[i].anchor) {
        s.current_heading = int(hi);
        break;
      }
  }
}

void draw_outline(DocView& view, DocViewState& s, float em) {
  const Document& d = *s.doc;
  ImGui::PushFont(face_font(Face::Regular), push_font_size(std::floor(em * 0.85f)));
  ImGui::TextDisabled("Outline");
  ImGui::Separator();
  int min_level = 6;
  for (const Heading& h : d.headings) min_level = std::min(min_level, h.level);
  for (size_t i = 0; i < d.headings.size(); i++) {
    const Heading& h = d.headings[i];
    ImGui::PushID(int(i));
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (h.level - min_level) * em * 0.8f);
    bool current = int(i) == s.current_heading;
    if (current) ImGui::PushStyleColor(ImGuiCol_Text, ink(Ink::Link));
    if (ImGui::Selectable(h.text.empty() ? "(untitled)" : h.text.c_str(), current)) view.scroll_to_anchor(h.anchor);
    if (current) ImGui::PopStyleColor();
    ImGui::PopID();
  }
  ImGui::PopFont();
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Frame
//-----------------------------------------------------------------------------

DocView::DocView() : s_(std::make_unique<DocViewState>()) {}
DocView::~DocView() = default;

void DocView::set_document(const Document* doc, uint64_t version, const ReparseSpan& span, uint64_t base) {
  if (doc == s_->doc && version == s_->version) return;
  set_document(doc, version);
  s_->span = span;
  s_->span_base = span.full ? 0 : base;
}

void DocView::set_document(const Document* doc, uint64_t version) {
  DocViewState& s = *s_;
  if (doc == s.doc && version == s.version) return;
  s.span_base = 0;
  const bool other_doc = doc != s.doc || (doc && s.doc && doc->path != s.doc->path);
  s.doc = doc;
  s.version = version;
  if (other_doc) {
    // Versions count per document, so another document at the same version
    // must not reuse this one's layout or glyph count.
    s.have_layout = false;
    s.missing_version = ~0ull;
    s.has_sel = false;
    s.code_scroll.clear();
    s.code_drag = UINT32_MAX;
    s.reset_scroll = true;
    s.find_current = -1;
    s.outline_user_set = false;
  }
  s.outline = s.outline_user_set ? s.outline : (doc && is_true(find_prop(*doc, "toc")) && !doc->headings.empty());
}

void DocView::set_notebook_root(std::string root) {
  s_->notebook_root = std::move(root);
  s_->images.set_assets(s_->notebook_root, s_->asset_loader);
}
void DocView::set_asset_loader(AssetLoader loader) {
  s_->asset_loader = std::move(loader);
  s_->images.set_assets(s_->notebook_root, s_->asset_loader);
}

void DocView::draw(ImVec2 size) {
  DocViewState& s = *s_;
  ImGui::PushID(this);
  ImGui::BeginChild("##docview", size, ImGuiChildFlags_None, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  const bool focused = ImGui::IsWindowFocused(ImGuiFocusedFlags_ChildWindows);
  ImGuiIO& io = ImGui::GetIO();
  if (focused) {
    handle_zoom_shortcuts();
    if (io.KeyCtrl && ImGui::IsKeyPressed(ImGuiKey_F, false)) open_find(s.find_query);
    if (io.KeyCtrl && ImGui::IsKeyPressed(ImGuiKey_A, false) && !io.WantTextInput) select_all();
    if (io.KeyCtrl && ImGui::IsKeyPressed(ImGuiKey_C, false) && !io.WantTextInput) copy_selection();
  }
  if (s.images.update()) { /* layout key includes the generation */ }
  const float em = body_font_size();
  Metrics m;

  if (!s.doc) {
    ImGui::TextDisabled("No post selected");
    ImGui::EndChild();
    ImGui::PopID();
    return;
  }

  // Find bar.
  if (s.find_open) {
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x * 0.5f, em * 20));
    if (s.find_focus) {
      ImGui::SetKeyboardFocusHere();
      s.find_focus = false;
    }
    // An active field keeps its own copy of the text; make it take ours. (A
    // field that is just being focused reads ours anyway, and selects it all,
    // so typing after Ctrl+F replaces the last search, as in a browser.)
    if (s.find_reload) {
      if (ImGui::GetActiveID() == ImGui::GetID("##find"))
        if (ImGuiInputTextState* st = ImGui::GetInputTextState(ImGui::GetID("##find"))) st->ReloadUserBufAndMoveToEnd();
      s.find_reload = false;
    }
    // Esc in an ImGui field reverts it to its text before it was activated;
    // here Esc closes the bar and the search is kept for the next Ctrl+F.
    const std::string typed = s.find_query;
    bool enter = ImGui::InputTextWithHint("##find", "Find in post", &s.find_query,
                                          ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll);
    if (ImGui::IsKeyPressed(ImGuiKey_Escape)) s.find_query = typed;
    bool active = ImGui::IsItemActive();
    if (enter) {
      find_step(io.KeyShift);
      s.find_focus = true;
    }
    ImGui::SameLine();
    if (s.matches.empty())
      ImGui::TextDisabled(s.find_query.empty() ? "" : "no matches");
    else
      ImGui::TextDisabled("%d / %d", s.find_current + 1, int(s.matches.size()));
    ImGui::SameLine();
    if (ImGui::ArrowButton("##prev", ImGuiDir_Up)) find_step(true);
    ImGui::SameLine();
    if (ImGui::ArrowButton("##next", ImGuiDir_Down)) find_step(false);
    ImGui::SameLine();
    if (ImGui::SmallButton("Close") || ((active || focused) && ImGui::IsKeyPressed(ImGuiKey_Escape))) close_find();
  }

  // Outline beside the body.
  ImVec2 avail = ImGui::GetContentRegionAvail();
  if (s.outline && !s.doc->headings.empty()) {
    float ow = std::min(em * 14, avail.x * 0.3f);
    ImGui::BeginChild("##outline", ImVec2(ow, avail.y), ImGuiChildFlags_None);
    draw_outline(*this, s, em);
    ImGui::EndChild();
    ImGui::SameLine();
    avail.x -= ow + ImGui::GetStyle().ItemSpacing.x;
  }

  ImGui::PushStyleColor(ImGuiCol_ChildBg, palette().background);
  ImGui::BeginChild("##body", avail, ImGuiChildFlags_None, ImGuiWindowFlags_AlwaysVerticalScrollbar);
  const float inner_w = ImGui::GetContentRegionAvail().x;
  const float col_w = std::floor(std::max(em * 8, std::min(inner_w - em * 1.5f, em * 46)));
  const float col_x = std::floor(std::max(em * 0.75f, (inner_w - col_w) * 0.5f));
  s.view_h = ImGui::GetWindowHeight();

  // Header: regular ImGui widgets, then the body starts below them.
  ImGui::Dummy(ImVec2(0, em * 0.5f));
  draw_header(*this, s, col_x, col_w, em);
  s.body_top = ImGui::GetCursorPosY();

  ensure_layout(s, col_w, m);
  if (!s.pending_anchor.empty()) {
    if (const AnchorPos* p = s.layout.find_anchor(s.pending_anchor)) s.pending_scroll = p->y;
    s.pending_anchor.clear();
  }
  if (s.find_open && (s.find_query != s.find_done_query || s.find_done_layout != uint64_t(s.layout_count))) {
    run_find(s);
    s.find_scroll = true;
  }
  if (s.find_scroll) {
    scroll_to_match(s);
    s.find_scroll = false;
  }

  ImGui::SetCursorPosX(col_x);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  s.origin = origin;
  // One item covers the body: it owns mouse drags and gives the scroll extent.
  ImGui::InvisibleButton("##text", ImVec2(col_w, std::max(1.0f, s.layout.height)));
  const bool hovered = ImGui::IsItemHovered();
  const bool active = ImGui::IsItemActive();
  const bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
  ImGui::Dummy(ImVec2(0, em * 2));

  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 clip_min = dl->GetClipRectMin(), clip_max = dl->GetClipRectMax();
  DrawCtx c{s, dl, origin, clip_min.y - origin.y, clip_max.y - origin.y, m};

  // Mouse: links, copy buttons, code scrolling, selection.
  const ImVec2 mp(io.MousePos.x - origin.x, io.MousePos.y - origin.y);
  Hit h;
  // A press or its release between lines still means the nearest text.
  if (hovered || active) h = hit_test(s, mp, active || s.dragging, m);
  if (hovered) {
    for (size_t i = s.layout.first_visible(mp.y); i < s.layout.blocks.size(); i++) {
      const Block& b = s.layout.blocks[i];
      if (b.y > mp.y) break;
      if (b.kind != BlockKind::Code || mp.y > b.y + b.h || mp.x < b.x || mp.x > b.x + b.w) continue;
      for (const Deco& d : b.decos)
        if (d.kind == Deco::CopyButton && mp.x >= d.a.x && mp.x <= d.b.x && mp.y >= d.a.y && mp.y <= d.b.y) c.hovered_copy = d.label_begin;
      CodeScrollbar bar;
      const float slop = 3;  // the bar is thin: accept a few pixels around it
      if (code_scrollbar(b, s.code_scroll.count(uint32_t(i)) ? s.code_scroll[uint32_t(i)] : 0.0f, bar) &&
          mp.y >= bar.y0 - slop && mp.y <= bar.y1 + slop && mp.x >= bar.track_x0 && mp.x <= bar.track_x1)
        c.hovered_bar = uint32_t(i);
      float wheel = io.MouseWheelH != 0 ? -io.MouseWheelH : (io.KeyShift ? io.MouseWheel : 0.0f);
      float inner = b.w - (b.text_x - b.x) * 2;
      if (wheel != 0 && b.layout.width > inner) {
        float& sx = s.code_scroll[uint32_t(i)];
        sx = std::clamp(sx - wheel * em * 3, 0.0f, b.layout.width - inner);
      }
    }
  }
  s.tooltip.clear();
  if (hovered && h.link >= 0) {
    c.hovered_link = h.link;
    ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    const LinkInfo& li = s.layout.links[h.link];
    s.tooltip = li.title.empty() ? li.href : li.href + "\n" + li.title;
    ImGui::SetTooltip("%s", s.tooltip.c_str());
  } else if (hovered && (c.hovered_copy != UINT32_MAX || c.hovered_bar != UINT32_MAX)) {
    ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  } else if (hovered && h.ok) {
    ImGui::SetMouseCursor(ImGuiMouseCursor_TextInput);
  }
  const uint32_t task_mark = (hovered && on_task_toggle) ? task_box_at(s, mp, em) : UINT32_MAX;
  if (task_mark != UINT32_MAX) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  if (clicked && task_mark != UINT32_MAX) {
    on_task_toggle(task_mark);
  } else if (clicked) {
    if (c.hovered_bar != UINT32_MAX) {
      // Grab the thumb where it was pressed; a press on the track moves the
      // thumb's middle there first.
      const Block& b = s.layout.blocks[c.hovered_bar];
      float& sx = s.code_scroll[c.hovered_bar];
      CodeScrollbar bar;
      code_scrollbar(b, sx, bar);
      if (mp.x < bar.thumb_x0 || mp.x > bar.thumb_x1) {
        const float half = (bar.thumb_x1 - bar.thumb_x0) * 0.5f;
        const float room = (bar.track_x1 - bar.track_x0) - half * 2;
        sx = room > 0 ? std::clamp((mp.x - half - bar.track_x0) / room, 0.0f, 1.0f) * bar.max_scroll : 0.0f;
        code_scrollbar(b, sx, bar);
      }
      s.code_drag = c.hovered_bar;
      s.code_drag_grab = mp.x - bar.thumb_x0;
    } else if (c.hovered_copy != UINT32_MAX) {
      const Block& b = s.layout.blocks[c.hovered_copy];
      ImGui::SetClipboardText(b.text.text.c_str());
      set_message(s, "Code copied");
    } else if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
      select_word_at(mp);
    } else if (h.ok) {
      if (io.KeyShift && s.has_sel) {
        s.sel_caret = h.pos;
      } else {
        s.sel_anchor = s.sel_caret = h.pos;
        s.has_sel = false;
      }
      s.dragging = true;
    }
  }
  if (s.code_drag != UINT32_MAX) {
    if (!active || s.code_drag >= s.layout.blocks.size()) {
      s.code_drag = UINT32_MAX;
    } else {
      const Block& b = s.layout.blocks[s.code_drag];
      float& sx = s.code_scroll[s.code_drag];
      CodeScrollbar bar;
      if (code_scrollbar(b, sx, bar)) {
        const float room = (bar.track_x1 - bar.track_x0) - (bar.thumb_x1 - bar.thumb_x0);
        sx = room > 0 ? std::clamp((mp.x - s.code_drag_grab - bar.track_x0) / room, 0.0f, 1.0f) * bar.max_scroll : 0.0f;
      }
      ImGui::SetMouseCursor(ImGuiMouseCursor_Arrow);
    }
  }
  if (s.dragging && active && h.ok && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2.0f)) {
    s.sel_caret = h.pos;
    s.has_sel = !(s.sel_anchor == s.sel_caret);
    // Auto-scroll while dragging past the edges.
    if (io.MousePos.y < clip_min.y) ImGui::SetScrollY(ImGui::GetScrollY() - em);
    if (io.MousePos.y > clip_max.y) ImGui::SetScrollY(ImGui::GetScrollY() + em);
  }
  if (s.dragging && ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
    s.dragging = false;
    const ImVec2 moved = ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0.0f);
    const bool still = moved.x == 0.0f && moved.y == 0.0f;
    if (!s.has_sel && h.link >= 0 && still) activate_link(s.layout.links[h.link].href);
    else if (!s.has_sel && still && h.ok && on_text_click && !s.layout.blocks.empty())
      on_text_click(map_to_source(s, h.pos, false));
  }

  draw_blocks(c);

  // Keyboard scrolling when the view has focus and no text field is active.
  if (focused && !io.WantTextInput && !io.KeyCtrl) {
    float sy = ImGui::GetScrollY(), page = std::max(em * 3, s.view_h - em * 3);
    if (ImGui::IsKeyPressed(ImGuiKey_PageDown) || ImGui::IsKeyPressed(ImGuiKey_Space)) sy += page;
    if (ImGui::IsKeyPressed(ImGuiKey_PageUp)) sy -= page;
    if (ImGui::IsKeyPressed(ImGuiKey_DownArrow)) sy += em * 3;
    if (ImGui::IsKeyPressed(ImGuiKey_UpArrow)) sy -= em * 3;
    if (ImGui::IsKeyPressed(ImGuiKey_Home)) sy = 0;
    if (ImGui::IsKeyPressed(ImGuiKey_End)) sy = ImGui::GetScrollMaxY();
    if (sy != ImGui::GetScrollY()) ImGui::SetScrollY(std::clamp(sy, 0.0f, ImGui::GetScrollMaxY()));
  }
  if (s.reset_scroll) {
    ImGui::SetScrollY(0);
    s.reset_scroll = false;
  }
  if (s.pending_scroll >= 0) {
    ImGui::SetScrollY(s.body_top + s.pending_scroll);
    s.pending_scroll = -1;
  }
  s.scroll_y = ImGui::GetScrollY();
  update_current_heading(s);

  // Notices (refused links, copied) float at the bottom of the view.
  if (!s.message.empty() && now_seconds() < s.message_until) {
    ImFont* f = face_font(Face::Regular);
    float fs = std::floor(em * 0.9f);
    ImVec2 ts = f->CalcTextSizeA(fs, FLT_MAX, 0, s.message.c_str());
    ImVec2 wp = ImGui::GetWindowPos(), ws = ImGui::GetWindowSize();
    ImVec2 a(wp.x + (ws.x - ts.x) * 0.5f - fs, wp.y + ws.y - ts.y - fs * 2.2f);
    ImDrawList* fg = ImGui::GetForegroundDrawList();
    fg->AddRectFilled(a, ImVec2(a.x + ts.x + fs * 2, a.y + ts.y + fs), IM_COL32(40, 40, 46, 230), 6.0f);
    fg->AddText(f, fs, ImVec2(a.x + fs, a.y + fs * 0.5f), IM_COL32(255, 255, 255, 255), s.message.c_str());
  }
  ImGui::EndChild();
  ImGui::PopStyleColor();
  ImGui::EndChild();
  ImGui::PopID();
}

//-----------------------------------------------------------------------------
// [SECTION] Public accessors
//-----------------------------------------------------------------------------

size_t DocView::block_count() const { return s_->have_layout ? s_->layout.blocks.size() : 0; }
// Counted when asked (tests, the bridge), not per keystroke: it reads every
// character of the post.
int DocView::missing_glyphs() const {
  DocViewState& s = *s_;
  if (!s.doc || !s.have_layout) return 0;
  if (s.missing_version != uint64_t(s.layout_count)) {
    s.missing = count_missing(*s.doc, s.layout);
    s.missing_version = uint64_t(s.layout_count);
  }
  return s.missing;
}

std::vector<DocView::LinkRect> DocView::visible_links() const { return s_->link_rects; }
const std::string& DocView::message() const { return s_->message; }

float DocView::scroll_y() const { return s_->scroll_y; }
float DocView::body_top() const { return s_->body_top; }
ImVec2 DocView::layout_origin() const { return s_->origin; }
void DocView::scroll_to(float body_y) { s_->pending_scroll = std::max(0.0f, body_y); }
void DocView::set_outline_visible(bool v) {
  s_->outline = v;
  s_->outline_user_set = true;
}
bool DocView::outline_visible() const { return s_->outline; }
int DocView::current_heading() const { return s_->current_heading; }

void DocView::open_find(std::string query) {
  s_->find_open = true;
  s_->find_focus = true;
  s_->find_reload = true;
  s_->find_query = std::move(query);
  s_->find_done_query.assign(1, '\x01');  // force a search on the next draw
}
const std::string& DocView::find_query() const { return s_->find_query; }
void DocView::close_find() {
  s_->find_open = false;
  s_->matches.clear();
  s_->find_current = -1;
}
bool DocView::find_open() const { return s_->find_open; }
void DocView::set_find_query(std::string query) {
  s_->find_query = std::move(query);
  if (s_->have_layout) {
    run_find(*s_);
    scroll_to_match(*s_);
  }
}
void DocView::find_step(bool backwards) {
  DocViewState& s = *s_;
  if (s.find_query != s.find_done_query && s.have_layout) run_find(s);
  if (s.matches.empty()) return;
  int n = int(s.matches.size());
  s.find_current = backwards ? (s.find_current - 1 + n) % n : (s.find_current + 1) % n;
  scroll_to_match(s);
}
int DocView::find_count() const { return int(s_->matches.size()); }
int DocView::find_current() const { return s_->find_current; }

void DocView::select_all() {
  DocViewState& s = *s_;
  if (!s.have_layout || s.layout.blocks.empty()) return;
  s.sel_anchor = {0, 0};
  s.sel_caret = {uint32_t(s.layout.blocks.size() - 1), uint32_t(s.layout.blocks.back().text.text.size())};
  s.has_sel = true;
}
void DocView::clear_selection() { s_->has_sel = false; }
void DocView::set_selection(uint32_t ba, uint32_t oa, uint32_t bb, uint32_t ob) {
  s_->sel_anchor = {ba, oa};
  s_->sel_caret = {bb, ob};
  s_->has_sel = !(s_->sel_anchor == s_->sel_caret);
}

bool DocView::select_word_at(ImVec2 layout_pos) {
  DocViewState& s = *s_;
  if (!s.have_layout) return false;
  Metrics m;
  Hit h = hit_test(s, layout_pos, false, m);
  if (!h.ok) return false;
  const std::string& t = s.layout.blocks[h.pos.block].text.text;
  uint32_t a, b;
  word_bounds(t, h.pos.off, a, b);
  if (a == b) return false;
  set_selection(h.pos.block, a, h.pos.block, b);
  return true;
}

std::string DocView::selection_plain() const {
  const DocViewState& s = *s_;
  if (!s.has_sel || !s.have_layout) return "";
  return plain_range(s, std::min(s.sel_anchor, s.sel_caret), std::max(s.sel_anchor, s.sel_caret));
}

std::string DocView::selection_text() const {
  const DocViewState& s = *s_;
  if (!s.has_sel || !s.have_layout || !s.doc || s.layout.blocks.empty()) return "";
  TextPos lo = std::min(s.sel_anchor, s.sel_caret), hi = std::max(s.sel_anchor, s.sel_caret);
  if (lo.block >= s.layout.blocks.size()) return "";
  hi.block = std::min<uint32_t>(hi.block, uint32_t(s.layout.blocks.size() - 1));
  if (lo.block == hi.block) {
    // Inside one block: the source slice when the text maps byte for byte,
    // otherwise (entities, code blocks) what is shown.
    const Block& b = s.layout.blocks[lo.block];
    bool exact = true;
    for (const Span& sp : b.text.spans)
      if (sp.end > lo.off && sp.begin < hi.off && !sp.exact && sp.object < 0) {
        // Soft and hard breaks are generated but sit between exact runs; an
        // inline image maps to its whole source.
        std::string_view st = std::string_view(b.text.text).substr(sp.begin, sp.end - sp.begin);
        if (st != " " && st != "\n") exact = false;
      }
    if (!exact) return plain_range(s, lo, hi);
  }
  uint32_t a = map_to_source(s, lo, false), z = map_to_source(s, hi, true);
  if (z <= a || z > s.doc->text.size()) return plain_range(s, lo, hi);
  return s.doc->text.substr(a, z - a);
}

bool DocView::copy_selection() {
  std::string t = selection_text();
  if (t.empty()) return false;
  ImGui::SetClipboardText(t.c_str());
  return true;
}

const Document* DocView::document() const { return s_->doc; }
const DocLayout* DocView::layout() const { return s_->have_layout ? &s_->layout : nullptr; }
int DocView::layout_count() const { return s_->layout_count; }
double DocView::last_layout_ms() const { return s_->layout.build_ms; }
float DocView::layout_width() const { return s_->lay_width; }
float DocView::code_scroll_x(uint32_t block) const {
  auto it = s_->code_scroll.find(block);
  return it == s_->code_scroll.end() ? 0.0f : it->second;
}

}  // namespace sheaf

namespace sheaf {

DocView::Probe DocView::probe() const {
  const DocViewState& s = *s_;
  Probe p;
  p.blocks = int(block_count());
  for (const Block& b : s.layout.blocks)
    for (const Deco& d : b.decos)
      if (d.kind == Deco::Bar && int(d.ink) >= int(Ink::CalloutNote) && int(d.ink) <= int(Ink::CalloutPlain)) p.callouts++;
  p.missing_glyphs = missing_glyphs();
  p.layout_ms = s.layout.build_ms;
  p.layout_error = s.layout_error;
  p.layout_count = s.layout_count;
  p.height = s.layout.height;
  p.column_width = s.layout.width;
  p.scroll_y = s.scroll_y;
  p.outline = s.outline;
  p.current_heading = s.current_heading;
  p.find_open = s.find_open;
  p.find_query = s.find_query;
  p.find_count = int(s.matches.size());
  p.find_current = s.find_current;
  p.selection = selection_plain();
  p.message = s.message;
  p.tooltip = s.tooltip;
  p.images_loading = int(s.images.loading());
  p.links = s.link_rects;
  for (const DocViewState::ImageRect& r : s.image_rects) {
    static const char* kState[] = {"loading", "ready", "failed"};
    p.images.push_back({r.url, kState[int(r.state)], r.min, r.max});
  }
  p.diagnostic_rects = s.diag_rects;
  return p;
}

}  // namespace sheaf
