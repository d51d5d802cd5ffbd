// Sheaf editing: the right pane's modes (preview, edit, side by side), how an
// edit reaches the Post, undo/redo across every kind of edit, and scroll sync.
// The pane's state is in app_editor.h.
//
// Every change to a post's text goes through apply_text(): it records the
// change in the post's EditHistory and hands text and change to
// Notebook::edit_text(), which re-parses around the change, bumps the version
// and keeps the span, so the preview re-lays only those blocks in the same
// frame.
//
// Index of this file:
// [SECTION] State
// [SECTION] Edits and history
// [SECTION] Saving
// [SECTION] Scroll sync
// [SECTION] Pane

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <unordered_map>

#include "app/app_editor.h"
#include "app/app_impl.h"
#include "core/json.h"
#include "core/text_search.h"
#include "imgui.h"
#include "ui/editor.h"
#include "ui/layout.h"
#include "ui/properties_form.h"
#include "ui/theme.h"
#include "ui/test_probe.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] State
//-----------------------------------------------------------------------------

// Byte offset of a 1-based file line and byte column, clamped to the text.
static uint32_t offset_of_line_column(const std::string& text, int line, int column) {
  size_t off = 0;
  for (int l = 1; l < line && off < text.size(); l++) {
    size_t nl = text.find('\n', off);
    if (nl == std::string::npos) return uint32_t(text.size());
    off = nl + 1;
  }
  const size_t eol = std::min(text.find('\n', off), text.size());
  return uint32_t(std::min(off + size_t(std::max(0, column - 1)), eol));
}

static Post* find(AppImpl& a, DocId id) { return post(a, id); }

EditorState& editor_state(AppImpl& a) {
  if (!a.editor) a.editor = std::make_shared<EditorState>();
  return *a.editor;
}
static EditorState& state(AppImpl& a) { return editor_state(a); }

static double now() { return ImGui::GetCurrentContext() ? ImGui::GetTime() : 0.0; }

//-----------------------------------------------------------------------------
// [SECTION] Edits and history
//-----------------------------------------------------------------------------

// Where the caret goes when the text under it changed elsewhere.
static uint32_t shift_caret(uint32_t caret, const TextChange& c) {
  if (caret <= c.at) return caret;
  if (caret >= c.at + c.removed.size()) return uint32_t(caret - c.removed.size() + c.inserted.size());
  return c.at + uint32_t(c.inserted.size());
}

// The editor shows `id`: copy the post's text into its buffer and keep the
// caret where it was relative to the change.
// With the change known (and the same post shown) the editor re-lays only
// the rows it touched.
static void refresh_buffer(EditorState& e, DocId id, const Post& p, uint32_t caret, const TextChange* change = nullptr) {
  const bool same_post = e.buf_post == id;
  e.buf = p.doc.text;
  e.buf_post = id;
  e.buf_version = p.version;
  if (change && same_post) e.editor.reload(caret, caret, *change);
  else e.editor.reload(caret, caret);
}

// The change the editor reports for its own edit, when it does turn the
// post's text into `text` (checked at its ends; the rest is the editor's
// buffer, a copy of the post's text).
static bool change_fits(std::string_view before, std::string_view after, const TextChange& c) {
  return c.at + c.removed.size() <= before.size() &&
         before.size() - c.removed.size() + c.inserted.size() == after.size() &&
         before.compare(c.at, c.removed.size(), c.removed) == 0 && after.compare(c.at, c.inserted.size(), c.inserted) == 0;
}

// Every edit comes through here. `caret` (optional) is where to put the caret
// afterwards; by default it follows the change. `known` is the change when
// the editor made it, sparing a comparison of the whole text.
static void apply_text(AppImpl& a, DocId id, std::string text, EditKind kind, uint32_t caret = UINT32_MAX,
                       const TextChange* known = nullptr) {
  Post* p = find(a, id);
  if (!p || text == p->doc.text) return;
  EditorState& e = state(a);
  const bool typed_here = e.buf_post == id && text == e.buf;  // typing: the field already holds it
  TextChange change = known && change_fits(p->doc.text, text, *known) ? *known : diff_texts(p->doc.text, text);
  e.history[id].record(change, kind, now());
  a.nb->edit_text(id, std::move(text), change.at, uint32_t(change.removed.size()), uint32_t(change.inserted.size()));
  update_window_title(a);
  if (e.buf_post == id) {
    if (typed_here) {
      e.buf_version = p->version;  // the editor already shows these bytes
    } else {
      refresh_buffer(e, id, *p, caret != UINT32_MAX ? caret : shift_caret(e.editor.caret(), change), &change);
    }
  }
}

static bool undo_redo(AppImpl& a, DocId id, bool redo) {
  Post* p = find(a, id);
  if (!p) return false;
  EditorState& e = state(a);
  EditHistory& h = e.history[id];
  std::string t = p->doc.text;
  uint32_t caret = 0;
  if (!(redo ? h.redo(t, &caret) : h.undo(t, &caret))) return false;
  const TextChange change = diff_texts(p->doc.text, t);
  a.nb->edit_text(id, std::move(t), change.at, uint32_t(change.removed.size()), uint32_t(change.inserted.size()));
  update_window_title(a);
  if (e.buf_post == id) refresh_buffer(e, id, *p, caret, &change);
  return true;
}

uint32_t editor_caret(AppImpl& a, DocId id) {
  EditorState& e = state(a);
  return e.buf_post == id ? e.editor.caret() : UINT32_MAX;
}

bool editor_open(const AppImpl& a) {
  return a.editor && a.editor->mode != EditorMode::Preview && a.editor->buf_post == a.selected && a.selected != kNoDoc;
}

bool insert_at_caret(AppImpl& a, DocId id, const std::string& text, uint32_t fallback) {
  Post* p = find(a, id);
  if (!p) return false;
  uint32_t at = editor_caret(a, id), end = at;
  if (at == UINT32_MAX) {
    at = end = fallback;
  } else {
    // A selection is replaced, as a typed paste replaces it.
    const EditorState& e = state(a);
    at = std::min(e.editor.sel_begin(), e.editor.sel_end());
    end = std::max(e.editor.sel_begin(), e.editor.sel_end());
  }
  const uint32_t size = uint32_t(p->doc.text.size());
  at = std::min(at, size);
  end = std::clamp(end, at, size);
  auto boundary = [&](uint32_t& o) {  // never inside a character
    while (o > 0 && o < size && (uint8_t(p->doc.text[o]) & 0xC0) == 0x80) o--;
  };
  boundary(at);
  boundary(end);
  std::string t = p->doc.text;
  t.replace(at, end - at, text);
  EditHistory& h = state(a).history[id];
  h.seal();  // its own step: one Undo takes the whole insertion back
  apply_text(a, id, std::move(t), EditKind::Other, at + uint32_t(text.size()));
  h.seal();
  return true;
}

// Flips the task mark at `offset` ("[ ]" <-> "[x]").
static void toggle_task(AppImpl& a, DocId id, uint32_t offset) {
  Post* p = find(a, id);
  if (!p || offset >= p->doc.text.size()) return;
  const char c = p->doc.text[offset];
  if (c != ' ' && c != 'x' && c != 'X') return;  // the text moved under the click: do nothing
  std::string t = p->doc.text;
  t[offset] = c == ' ' ? 'x' : ' ';
  state(a).history[id].seal();
  apply_text(a, id, std::move(t), EditKind::Other);
}

//-----------------------------------------------------------------------------
// [SECTION] Saving
//-----------------------------------------------------------------------------

static bool is_dirty(const Post& p) { return p.dirty(); }

// Ctrl+S and the Save button: the pipeline's explicit (durable) save. Errors
// are shown by the pipeline (notice and status bar) and the text stays.
void save_post_now(AppImpl& a, DocId id) {
  Post* p = find(a, id);
  if (!p || !is_dirty(*p)) return;
  a.nb->save(id, SaveKind::Explicit);
}

//-----------------------------------------------------------------------------
// [SECTION] Scroll sync
//-----------------------------------------------------------------------------
// By source position: the editor's first visible line is a byte offset; the
// preview block holding that offset (blocks carry source ranges) gives a y,
// interpolated within the block. The other way round goes through the same
// ranges.

static bool is_anchor_block(const Block& b) {
  return b.src_end > b.src_begin && !(b.kind == BlockKind::Text && b.text.text.empty());
}

// A block's vertical extent: text blocks carry their height in the text layout.
static float block_top(const Block& b) { return std::min(b.y, b.text_y); }
static float block_bottom(const Block& b) { return std::max(b.y + b.h, b.text_y + b.layout.height); }

static float layout_y_of_offset(const DocLayout& l, uint32_t off) {
  const Block* best = nullptr;
  for (const Block& b : l.blocks) {
    if (!is_anchor_block(b)) continue;
    if (b.src_begin > off) break;
    best = &b;
  }
  if (!best) return 0;
  const float top = block_top(*best), bottom = block_bottom(*best);
  if (off >= best->src_end) return bottom;
  float f = float(off - best->src_begin) / float(best->src_end - best->src_begin);
  return top + f * (bottom - top);
}

static uint32_t offset_of_layout_y(const DocLayout& l, float y) {
  for (const Block& b : l.blocks) {
    const float top = block_top(b), bottom = block_bottom(b);
    if (!is_anchor_block(b) || bottom <= y) continue;
    if (y <= top) return b.src_begin;
    float f = std::clamp((y - top) / std::max(1.0f, bottom - top), 0.0f, 1.0f);
    return b.src_begin + uint32_t(f * float(b.src_end - b.src_begin));
  }
  return l.blocks.empty() ? 0 : l.blocks.back().src_end;
}

static bool mouse_in(ImVec4 r) {
  ImVec2 m = ImGui::GetIO().MousePos;
  return m.x >= r.x && m.y >= r.y && m.x < r.x + r.z && m.y < r.y + r.w;
}

// Called after both panes drew. The pane under the mouse (or the editor, for
// keyboard scrolling and typing) drives the other.
static void sync_scroll(AppImpl& a, EditorState& e, bool text_changed) {
  const DocLayout* l = a.view.layout();
  if (!l) return;
  const float ey = e.editor.scroll_y();
  const float vy = a.view.scroll_y() - a.view.body_top();
  const bool over_preview = mouse_in(e.preview_rect);
  const bool editor_moved = e.quiet_editor == 0 && std::abs(ey - e.last_editor_y) > 0.5f && !over_preview;
  const bool view_moved = e.quiet_view == 0 && std::abs(vy - e.last_view_y) > 0.5f && over_preview;
  if (text_changed && !over_preview) {
    // Typing: the caret's block stays level with the caret.
    const ImVec4 c = e.editor.caret_rect();
    const float caret_dy = c.w > 0 ? c.y - e.editor_rect.y : 0.0f;
    a.view.scroll_to(std::max(0.0f, layout_y_of_offset(*l, e.editor.caret()) - caret_dy));
    e.quiet_view = 2;
  } else if (editor_moved) {
    a.view.scroll_to(layout_y_of_offset(*l, e.editor.top_offset()));
    e.quiet_view = 2;
  } else if (view_moved) {
    e.editor.scroll_to_offset(offset_of_layout_y(*l, std::max(0.0f, vy)));
    e.quiet_editor = 2;
  }
  if (e.quiet_editor) e.quiet_editor--;
  if (e.quiet_view) e.quiet_view--;
  e.last_editor_y = ey;
  e.last_view_y = vy;
}

//-----------------------------------------------------------------------------
// [SECTION] Pane
//-----------------------------------------------------------------------------

static void note_rect(EditorState& e, std::string name) {
  if (!test_rects_wanted()) return;
  ImVec2 m = ImGui::GetItemRectMin(), s = ImGui::GetItemRectSize();
  e.controls.emplace_back(std::move(name), ImVec4(m.x, m.y, s.x, s.y));
}

static void set_mode(EditorState& e, EditorMode m) {
  if (e.mode == m) return;
  e.mode = m;
  if (m == EditorMode::Preview) e.editor.unfocus();
  else e.editor.focus();
}

void show_source_only(AppImpl& a) { set_mode(state(a), EditorMode::Edit); }
void set_editor_mode(AppImpl& a, EditorMode m) { set_mode(state(a), m); }

static void draw_preview(AppImpl& a, EditorState& e, const Post& p, ImVec2 size) {
  a.view.set_document(&p.doc, p.version, p.span, p.span_base);  // a no-op while it is the same document and version
  // A Jekyll site's reading of the post (core/site.h): its mark, date and categories.
  a.view.site_header = {};
  const Library& lib = a.nb->library();
  if (lib.site())
    if (const LibraryEntry* le = lib.entry(lib.find(p.doc.path))) {
      a.view.site_header.site = true;
      a.view.site_header.mark = post_state_label(post_state(*le, lib.now()));
      a.view.site_header.date = le->date;
      a.view.site_header.categories = le->categories;
      const size_t own = le->own ? le->own->properties : le->properties.size();
      for (size_t i = own; i < le->properties.size() && i - own < le->inherited_from.size(); i++) {
        std::string v;
        for (const std::string& x : le->properties[i].values) v += (v.empty() ? "" : ", ") + x;
        a.view.site_header.inherited.push_back({le->properties[i].key, v, le->inherited_from[i - own]});
      }
    }
  before_preview(a, p);  // the layout happens in draw(); recovery wants to know first
  ImVec2 pos = ImGui::GetCursorScreenPos();
  ImVec2 avail = ImGui::GetContentRegionAvail();
  ImVec2 s(size.x > 0 ? size.x : avail.x, size.y > 0 ? size.y : avail.y);
  e.preview_rect = ImVec4(pos.x, pos.y, s.x, s.y);
  a.view.draw(s);
}

// Toolbar: the three modes, the save state, Save.
static void draw_toolbar(AppImpl& a, EditorState& e, const Post& p) {
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetStyle().ItemSpacing.x);
  const struct { EditorMode mode; const char* label; const char* name; } modes[] = {
      {EditorMode::Preview, "Preview", "mode:preview"},
      {EditorMode::Edit, "Edit", "mode:edit"},
      {EditorMode::Split, "Side by side", "mode:split"},
  };
  for (const auto& m : modes) {
    const bool on = e.mode == m.mode;
    if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::Button(m.label)) set_mode(e, m.mode);
    if (on) ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Ctrl+E cycles preview, edit and side by side");
    note_rect(e, m.name);
    ImGui::SameLine();
  }
  ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
  const bool dirty = is_dirty(p);
  ImGui::AlignTextToFramePadding();
  if (!p.save_error.empty() && dirty)
    ImGui::TextColored(ImVec4(0.85f, 0.25f, 0.2f, 1), "● Not saved");
  else if (dirty)
    ImGui::TextColored(ImVec4(0.85f, 0.55f, 0.1f, 1), "● Unsaved changes");
  else
    ImGui::TextDisabled("Saved");
  ImGui::SameLine();
  ImGui::BeginDisabled(!dirty);
  if (ImGui::SmallButton("Save")) save_post_now(a, a.selected);
  ImGui::EndDisabled();
  note_rect(e, "save");
  if (e.mode != EditorMode::Preview) {
    ImGui::SameLine();
    EditHistory& h = e.history[a.selected];
    ImGui::BeginDisabled(h.undo_steps() == 0);
    if (ImGui::SmallButton("Undo")) undo_redo(a, a.selected, false);
    ImGui::EndDisabled();
    note_rect(e, "undo");
    ImGui::SameLine();
    ImGui::BeginDisabled(h.redo_steps() == 0);
    if (ImGui::SmallButton("Redo")) undo_redo(a, a.selected, true);
    ImGui::EndDisabled();
    note_rect(e, "redo");
  }
}

// Properties form and source editor, filling `size`. Returns true when the
// user typed this frame.
static bool draw_source(AppImpl& a, EditorState& e, Post& p, ImVec2 size) {
  const DocId id = a.selected;
  ImGui::BeginChild("##source_col", size, ImGuiChildFlags_None, ImGuiWindowFlags_NoScrollbar);
  // Properties, collapsible; its edits arrive as whole new texts from core/edit.h.
  ImGui::SetNextItemOpen(e.form_open, ImGuiCond_Always);
  e.form_open = ImGui::CollapsingHeader("Properties");
  note_rect(e, "properties");
  if (e.form_open) {
    if (e.names_generation != a.nb->library().generation()) {
      e.names_generation = a.nb->library().generation();
      e.tag_names.clear();
      e.category_names.clear();
      for (const FacetValue& v : a.nb->library().facet(FacetKind::Tags).values) e.tag_names.push_back(v.name);
      for (const FacetValue& v : a.nb->library().facet(FacetKind::Categories).values) e.category_names.push_back(v.name);
    }
    std::vector<InheritedProperty> inherited;
    if (a.nb->site().present) {
      std::vector<std::string> own;
      for (const Property& pr : p.doc.properties) own.push_back(pr.key);
      inherited = site_defaults(a.nb->site(), p.doc.path, own);
    }
    e.form.set_inherited(std::move(inherited));
    FormEdit fe = e.form.draw(p.doc, p.version, e.tag_names, e.category_names);
    // The offer after a date edit: renamed once the pane is drawn (the post
    // is replaced by one at the new path).
    if (!fe.rename_to.empty()) e.pending_rename = fe.rename_to;
    if (test_rects_wanted())
      for (const auto& c : e.form.controls()) e.controls.emplace_back("form:" + c.name, c.rect);
    if (fe.changed) {
      e.history[id].seal();
      apply_text(a, id, std::move(fe.text), EditKind::Other);
      a.status = "Changed " + fe.what;
    }
  }
  ImVec2 pos = ImGui::GetCursorScreenPos();
  ImVec2 avail = ImGui::GetContentRegionAvail();
  e.editor_rect = ImVec4(pos.x, pos.y, avail.x, avail.y);
  bool typed = false;
  // The edit reaches the post (and its parse) inside draw(), so the rows
  // drawn this frame are styled from the new parse.
  e.editor.set_document(&p.doc, p.version, p.span, p.span_base);
  e.editor.on_edit = [&a, &e, id](const TextChange& c) {
    apply_text(a, id, e.buf, e.editor.last_edit_kind(), UINT32_MAX, &c);
    SourceEditor::Parse parse;
    if (const Post* q = find(a, id)) parse = {&q->doc, q->version, &q->span, q->span_base};
    return parse;
  };
  if (e.editor.draw("##source", e.buf, avail)) {
    apply_text(a, id, e.buf, e.editor.last_edit_kind());  // a no-op when on_edit already took it
    typed = true;
  }
  e.editor.on_edit = nullptr;
  if (e.editor.caret_moved()) e.history[id].seal();
  if (e.editor.take_undo()) undo_redo(a, id, false);
  if (e.editor.take_redo()) undo_redo(a, id, true);
  e.editor.take_escape();  // the field already let go of the keyboard
  ImGui::EndChild();
  return typed;
}

void draw_post_pane(AppImpl& a, ImVec2 size) {
  EditorState& e = state(a);
  e.controls.clear();
  e.editor_rect = e.preview_rect = ImVec4(0, 0, 0, 0);
  ImGui::BeginChild("##post", size, ImGuiChildFlags_None, ImGuiWindowFlags_NoScrollbar);
  Post* p = find(a, a.selected);
  if (!p) {
    if (a.nb->ready()) ImGui::TextDisabled(a.nb->empty() ? "This notebook has no posts yet." : "No post selected.");
    ImGui::EndChild();
    return;
  }
  const DocId id = a.selected;
  if (!a.view.on_task_toggle) a.view.on_task_toggle = [&e](uint32_t off) { e.pending_task = off; };
  // Side by side, a click in the preview puts the caret at that spot of the source.
  if (!a.view.on_text_click)
    a.view.on_text_click = [&e](uint32_t off) {
      if (e.mode == EditorMode::Split) e.pending_click = off;
    };
  if (!a.view.on_diagnostic)
    a.view.on_diagnostic = [&e](int line, int column) {
      e.goto_line = line;
      e.goto_column = column;
    };

  // The editor's buffer follows the post: another post, or a change that did
  // not come from typing here (undo, form, task, reload from storage).
  if (e.buf_post != id) {
    if (e.buf_post != kNoDoc) e.history[e.buf_post].seal();
    refresh_buffer(e, id, *p, 0);
    e.editor.scroll_to_y(0);
  } else if (e.buf_version != p->version) {
    refresh_buffer(e, id, *p, std::min<uint32_t>(e.editor.caret(), uint32_t(p->doc.text.size())));
  }

  // Shortcuts for the pane. Undo/redo here only when no text field has the
  // keyboard: the editor reports its own, and form fields keep theirs.
  ImGuiIO& io = ImGui::GetIO();
  if (io.KeyCtrl && !io.KeyAlt) {
    if (ImGui::IsKeyPressed(ImGuiKey_E, false))
      set_mode(e, e.mode == EditorMode::Preview ? EditorMode::Edit
                  : e.mode == EditorMode::Edit  ? EditorMode::Split
                                                : EditorMode::Preview);
    // Ctrl+S is the app's (app_storage.cpp saves every unsaved post, this one included).
    if (!io.WantTextInput) {
      if (ImGui::IsKeyPressed(ImGuiKey_Z, true)) undo_redo(a, id, io.KeyShift);
      if (ImGui::IsKeyPressed(ImGuiKey_Y, true)) undo_redo(a, id, true);
    }
  }

  draw_toolbar(a, e, *p);
  ImGui::Separator();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  bool typed = false;
  switch (e.mode) {
    case EditorMode::Preview:
      draw_preview(a, e, *p, avail);
      break;
    case EditorMode::Edit:
      typed = draw_source(a, e, *p, avail);
      break;
    case EditorMode::Split: {
      const float half = std::floor(avail.x * 0.5f);
      typed = draw_source(a, e, *p, ImVec2(half, avail.y));
      ImGui::SameLine(0, 0);
      draw_preview(a, e, *find(a, id), ImVec2(avail.x - half, avail.y));  // drawn after the edit: live
      sync_scroll(a, e, typed);
      break;
    }
  }
  if (e.pending_task != UINT32_MAX) {
    toggle_task(a, id, e.pending_task);
    e.pending_task = UINT32_MAX;
  }
  if (e.pending_click != UINT32_MAX) {
    e.editor.go_to(e.pending_click);
    e.pending_click = UINT32_MAX;
  }
  if (e.goto_line > 0) {
    // Show the source beside the preview, caret on the reported spot.
    if (e.mode == EditorMode::Preview) set_mode(e, EditorMode::Split);
    e.editor.go_to(offset_of_line_column(find(a, id)->doc.text, e.goto_line, e.goto_column));
    e.goto_line = 0;
  }
  ImGui::EndChild();
  if (!e.pending_rename.empty() && find(a, id)) {
    // Last, as the post is replaced by one at the new path. The notebook's
    // rename: lossless, refused when the name is taken; the app follows the
    // post to its new path (the Renamed event).
    a.renaming = find(a, id)->doc.path;
    a.nb->rename(id, e.pending_rename);
    a.status = "Renaming to " + e.pending_rename;
    e.pending_rename.clear();
  }
}

}  // namespace sheaf
