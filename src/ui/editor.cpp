// Sheaf source editor.
//
// [SECTION] Edit history
// [SECTION] Source editor widget
#include "ui/editor.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "imgui.h"
#include "imgui_internal.h"
#include "misc/cpp/imgui_stdlib.h"
#include "ui/fonts.h"
#include "ui/theme.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Edit history
//-----------------------------------------------------------------------------

static bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

TextChange diff_texts(std::string_view before, std::string_view after) {
  size_t n = std::min(before.size(), after.size());
  size_t pre = 0;
  while (pre < n && before[pre] == after[pre]) pre++;
  size_t suf = 0;
  while (suf < n - pre && before[before.size() - 1 - suf] == after[after.size() - 1 - suf]) suf++;
  // Widen to character boundaries: the prefix ends before a lead byte, the
  // suffix starts on one (both texts agree on those bytes, so checking one is enough).
  while (pre > 0 && pre < before.size() && is_continuation(before[pre])) pre--;
  while (suf > 0 && is_continuation(before[before.size() - suf])) suf--;
  TextChange c;
  c.at = uint32_t(pre);
  c.removed = std::string(before.substr(pre, before.size() - suf - pre));
  c.inserted = std::string(after.substr(pre, after.size() - suf - pre));
  return c;
}

size_t EditHistory::step_bytes(const Step& s) {
  size_t b = sizeof(Step);
  for (const TextChange& c : s.changes) b += sizeof(TextChange) + c.removed.size() + c.inserted.size();
  return b;
}

void EditHistory::record(std::string_view before, std::string_view after, EditKind kind, double now) {
  if (before == after) return;
  TextChange c = diff_texts(before, after);
  for (const Step& s : redo_) bytes_ -= step_bytes(s);
  redo_.clear();
  // Typing joins the previous typing step when it continues where that one
  // ended and no pause, caret jump or other edit came between. A new line
  // starts a new step so undo goes back a line at a time.
  if (kind == EditKind::Typing && !sealed_ && !undo_.empty() && undo_.back().kind == EditKind::Typing &&
      now - undo_.back().time < kMergeSeconds) {
    Step& last = undo_.back();
    const TextChange& p = last.changes.back();
    const uint32_t end = p.at + uint32_t(p.inserted.size());
    const bool typed_on = c.removed.empty() && c.at == end && p.inserted.find('\n') == std::string::npos;
    const bool erased_back = c.inserted.empty() && c.at + c.removed.size() == end;
    if (typed_on || erased_back) {
      bytes_ -= step_bytes(last);
      last.changes.push_back(std::move(c));
      last.time = now;
      bytes_ += step_bytes(last);
      return;
    }
  }
  Step s;
  s.kind = kind;
  s.time = now;
  s.changes.push_back(std::move(c));
  bytes_ += step_bytes(s);
  undo_.push_back(std::move(s));
  sealed_ = kind != EditKind::Typing;
  trim();
}

void EditHistory::trim() {
  size_t drop = 0;
  size_t b = bytes_;
  while (drop + 1 < undo_.size() && (b > kMaxBytes || undo_.size() - drop > kMaxSteps)) b -= step_bytes(undo_[drop++]);
  if (drop) {
    undo_.erase(undo_.begin(), undo_.begin() + ptrdiff_t(drop));
    bytes_ = b;
  }
}

// Applies `changes` backwards (undo) or forwards (redo). Checks every range
// first, so a history that no longer matches the text changes nothing.
static bool apply_changes(std::string& text, const std::vector<TextChange>& changes, bool backwards, uint32_t* caret) {
  std::string t = text;
  uint32_t where = 0;
  for (size_t k = 0; k < changes.size(); k++) {
    const TextChange& c = changes[backwards ? changes.size() - 1 - k : k];
    const std::string& have = backwards ? c.inserted : c.removed;
    const std::string& put = backwards ? c.removed : c.inserted;
    if (c.at > t.size() || t.compare(c.at, have.size(), have) != 0) return false;
    t.replace(c.at, have.size(), put);
    where = c.at + uint32_t(put.size());
  }
  text.swap(t);
  if (caret) *caret = where;
  return true;
}

bool EditHistory::undo(std::string& text, uint32_t* caret) {
  if (undo_.empty() || !apply_changes(text, undo_.back().changes, true, caret)) return false;
  redo_.push_back(std::move(undo_.back()));
  undo_.pop_back();
  sealed_ = true;
  return true;
}

bool EditHistory::redo(std::string& text, uint32_t* caret) {
  if (redo_.empty() || !apply_changes(text, redo_.back().changes, false, caret)) return false;
  undo_.push_back(std::move(redo_.back()));
  redo_.pop_back();
  sealed_ = true;
  return true;
}

void EditHistory::clear() {
  undo_.clear();
  redo_.clear();
  bytes_ = 0;
  sealed_ = true;
}

//-----------------------------------------------------------------------------
// [SECTION] Source editor widget
//-----------------------------------------------------------------------------

namespace {

struct CallbackState {
  SourceEditor* self;
  int cursor = -1, sel_a = 0, sel_b = 0;
  float scroll_y = 0;
};

int on_callback(ImGuiInputTextCallbackData* data) {
  auto* cb = static_cast<CallbackState*>(data->UserData);
  cb->self->place_pending_caret(data);
  cb->cursor = data->CursorPos;
  cb->sel_a = data->SelectionStart;
  cb->sel_b = data->SelectionEnd;
  return 0;
}

// The child window InputTextMultiline scrolls in (created with the item's id).
ImGuiWindow* field_window(ImGuiID id) {
  ImGuiWindow* parent = ImGui::GetCurrentWindow();
  for (ImGuiWindow* w : parent->DC.ChildWindows)
    if (w->ChildId == id) return w;
  return nullptr;
}

}  // namespace

void SourceEditor::place_pending_caret(ImGuiInputTextCallbackData* data) {
  if (goto_ < 0) return;
  const int pos = int(std::min<int64_t>(goto_, data->BufTextLen));
  data->CursorPos = data->SelectionStart = data->SelectionEnd = pos;
  goto_ = -1;
}

void SourceEditor::unfocus() {
  want_unfocus_ = true;
  want_focus_ = false;
}

void SourceEditor::reload(uint32_t sel_begin, uint32_t sel_end) {
  reload_ = true;
  reload_a_ = sel_begin;
  reload_b_ = sel_end;
  lines_dirty_ = true;
}

void SourceEditor::index_lines(const std::string& text) {
  if (!lines_dirty_ && lines_for_size_ == text.size()) return;
  line_starts_.clear();
  line_starts_.push_back(0);
  for (const char* p = text.data(); (p = static_cast<const char*>(memchr(p, '\n', text.data() + text.size() - p)));)
    line_starts_.push_back(uint32_t(++p - text.data()));
  lines_for_size_ = text.size();
  lines_dirty_ = false;
}

uint32_t SourceEditor::offset_at_y(float y) const {
  const float pad = ImGui::GetCurrentContext() ? ImGui::GetStyle().FramePadding.y : 0.0f;
  long line = long(std::floor((y - pad) / std::max(1.0f, line_h_)));
  line = std::clamp(line, 0L, long(line_starts_.size()) - 1);
  return line_starts_[size_t(line)];
}

float SourceEditor::y_of_offset(uint32_t offset) const {
  const float pad = ImGui::GetCurrentContext() ? ImGui::GetStyle().FramePadding.y : 0.0f;
  size_t line = size_t(std::upper_bound(line_starts_.begin(), line_starts_.end(), offset) - line_starts_.begin()) - 1;
  return pad + float(line) * line_h_;
}

bool SourceEditor::draw(const char* label, std::string& text, ImVec2 size) {
  ImGuiContext& g = *ImGui::GetCurrentContext();
  ImGuiIO& io = ImGui::GetIO();
  ImGui::PushFont(fonts().mono, std::round(body_font_size() * 0.9f));
  line_h_ = ImGui::GetFontSize();
  const ImGuiID id = ImGui::GetID(label);  // the id InputTextMultiline gives itself
  id_ = id;

  // Keys the field must not handle: Escape would revert every edit made since
  // it was focused; undo/redo are ours (the field runs with NoUndoRedo).
  if (g.ActiveId == id) {
    if (ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {
      escape_ = true;
      want_unfocus_ = true;
    }
    if (io.KeyCtrl && ImGui::IsKeyPressed(ImGuiKey_Z, true)) (io.KeyShift ? redo_ : undo_) = true;
    if (io.KeyCtrl && ImGui::IsKeyPressed(ImGuiKey_Y, true)) redo_ = true;
  }
  if (want_unfocus_) {
    if (g.ActiveId == id) ImGui::ClearActiveID();
    want_unfocus_ = false;
  }
  if (reload_) {
    if (ImGuiInputTextState* st = ImGui::GetInputTextState(id)) {
      st->WantReloadUserBuf = true;
      st->ReloadSelectionStart = int(std::min<size_t>(reload_a_, text.size()));
      st->ReloadSelectionEnd = int(std::min<size_t>(reload_b_, text.size()));
    }
    caret_ = sel_a_ = sel_b_ = uint32_t(std::min<size_t>(reload_b_, text.size()));
    reload_ = false;
  }
  // The field's child window from last frame (this frame's list of children
  // is rebuilt as they begin, so look it up after the field instead).
  if (pending_scroll_ >= 0 && field_) {
    ImGui::SetScrollY(static_cast<ImGuiWindow*>(field_), pending_scroll_);
    pending_scroll_ = -1;
  }
  if (want_focus_) {
    ImGui::SetKeyboardFocusHere();
    want_focus_ = false;
    focusing_ = 3;
  }

  CallbackState cb{this};
  // A field taking Tab refuses focus that arrives "by tabbing", which is how
  // SetKeyboardFocusHere() delivers it: leave Tab out until focus landed.
  if (g.ActiveId == id) focusing_ = 0;
  ImGuiInputTextFlags flags = ImGuiInputTextFlags_NoUndoRedo | ImGuiInputTextFlags_CallbackAlways;
  if (focusing_ == 0) flags |= ImGuiInputTextFlags_AllowTabInput;
  else focusing_--;
  // The source sits on the same page colors as the preview.
  ImGui::PushStyleColor(ImGuiCol_FrameBg, palette().background);
  ImGui::PushStyleColor(ImGuiCol_Text, palette()[Ink::Text]);
  ImGui::PushStyleColor(ImGuiCol_TextSelectedBg, palette()[Ink::Selection]);
  ImGui::PushStyleColor(ImGuiCol_InputTextCursor, palette()[Ink::Text]);
  const bool changed = ImGui::InputTextMultiline(label, &text, size, flags, on_callback, &cb);
  ImGui::PopStyleColor(4);
  active_ = g.ActiveId == id;

  caret_moved_ = false;
  if (active_ && cb.cursor >= 0) {
    uint32_t c = uint32_t(cb.cursor), a = uint32_t(cb.sel_a), b = uint32_t(cb.sel_b);
    caret_moved_ = !changed && (c != caret_ || a != sel_a_ || b != sel_b_);
    caret_ = c;
    sel_a_ = a;
    sel_b_ = b;
  }
  if (changed) lines_dirty_ = true;
  index_lines(text);
  if (ImGuiWindow* w = field_window(id)) {
    field_ = w;
    scroll_y_ = w->Scroll.y;
    view_h_ = w->InnerRect.GetHeight();
  }
  if (scroll_goto_ != UINT32_MAX) {
    pending_scroll_ = std::max(0.0f, y_of_offset(scroll_goto_) - view_h_ * 0.3f);
    scroll_goto_ = UINT32_MAX;
  }
  if (active_) {
    const ImGuiPlatformImeData& ime = g.PlatformImeData;
    caret_rect_ = ImVec4(ime.InputPos.x + 1, ime.InputPos.y, 1, ime.InputLineHeight);
  } else {
    caret_rect_ = ImVec4(0, 0, 0, 0);
  }
  ImGui::PopFont();
  return changed;
}

}  // namespace sheaf
