// Sheaf source editor.
//
// [SECTION] Edit history
// [SECTION] Source editor widget
#include "ui/editor.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <utility>

#include "core/source_style.h"
#include "core/text_search.h"
#include "core/unicode.h"
#include "core/words.h"
#include "core/writing_aids.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "misc/cpp/imgui_stdlib.h"
#include "ui/fonts.h"
#include "ui/ime_preedit.h"
#include "ui/test_probe.h"
#include "ui/layout.h"
#include "ui/source_lines.h"
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
  record(diff_texts(before, after), kind, now);
}

void EditHistory::record(TextChange c, EditKind kind, double now) {
  if (c.removed == c.inserted) return;
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

// Fonts and inks of a source run: the parse's flags, the viewer's faces.
SpanStyle style_of(uint16_t f, float body) {
  SpanStyle st;
  st.size = body;
  const int h = source_heading(f);
  if (h) {
    static const float kScale[7] = {1, 1.5f, 1.3f, 1.15f, 1.05f, 1, 1};
    st.size = std::round(body * kScale[h]);
    st.ink = Ink::Heading;
  }
  const bool bold = h || (f & Src_Strong) || (f & Src_Key);
  const bool italic = (f & Src_Emphasis) != 0;
  st.face = bold && italic ? Face::BoldItalic : bold ? Face::Bold : italic ? Face::Italic : Face::Regular;
  if (f & Src_Code) {
    st.face = Face::Mono;
    st.size = std::round(body * 0.92f);
    st.ink = Ink::Code;
    if (!(f & Src_CodeBlock)) st.flags |= SpanFlags_CodeBg;
  }
  if (f & Src_Strike) st.flags |= SpanFlags_Strike;
  if (f & Src_LinkText) st.ink = Ink::Link;
  if (f & Src_Key) st.ink = Ink::Link;
  if (f & (Src_Marker | Src_Url | Src_Html)) st.ink = Ink::Muted;
  if (f & Src_Error) st.flags |= SpanFlags_Error;
  return st;
}

// Row styling from the runs of the current parse.
struct StyleRuns {
  std::vector<SourceRun> runs;
  bool valid = false;  // runs describe the text shown
};

void style_row_from_runs(const StyleRuns& sr, std::string_view src, uint32_t begin, uint32_t end, float body,
                         InlineText& out, uint8_t& row_flags) {
  row_flags = RowFlags_None;
  if (!sr.valid || sr.runs.empty() || sr.runs.back().end < end) return plain_row_style(src, begin, end, body, out, row_flags);
  auto it = std::upper_bound(sr.runs.begin(), sr.runs.end(), begin,
                             [](uint32_t v, const SourceRun& r) { return v < r.end; });
  for (; it != sr.runs.end() && it->begin < end; ++it) {
    const uint32_t a = std::max(it->begin, begin), b = std::min(it->end, end);
    if (it->flags & Src_CodeBlock) row_flags |= RowFlags_CodeBg;
    if (it->flags & Src_FrontMatter) row_flags |= RowFlags_FrontMatter;
    if (a < b) out.add(src.substr(a, b - a), style_of(it->flags, body), -1, a - begin, b - begin, true);
  }
  if (begin == end) {
    // An empty row still belongs to its block (a blank line in a fence).
    if (it != sr.runs.end() && it->begin <= begin && begin < it->end) {
      if (it->flags & Src_CodeBlock) row_flags |= RowFlags_CodeBg;
      if (it->flags & Src_FrontMatter) row_flags |= RowFlags_FrontMatter;
    }
  }
}

// The start of the grapheme cluster before `i`, walking clusters from a
// nearby point (clusters are short; 64 bytes covers any real one).
size_t prev_cluster(std::string_view s, size_t i) {
  if (i == 0) return 0;
  size_t from = i > 64 ? floor_code_point(s, i - 64) : 0;
  for (size_t k = i; k > from; k--)
    if (s[k - 1] == '\n') {
      from = k - 1 == i - 1 ? k - 1 : k;
      break;
    }
  size_t last = from;
  for (size_t c = from; c < i;) {
    last = c;
    c = next_cluster(s, c);
  }
  return last;
}

ImU32 ink(Ink i) { return palette()[i]; }

}  // namespace

struct SourceEditor::Impl {
  // The view model and its styling.
  std::unique_ptr<SourceLines> lines = std::make_unique<SourceLines>();
  StyleRuns runs;
  SourceStyler styler;
  const Document* doc = nullptr;
  uint64_t doc_version = 0, styled_version = ~0ull;
  const std::string* bound = nullptr;  // the string rows point into
  size_t bound_size = 0;
  const char* bound_data = nullptr;
  bool reset_rows = true;
  bool have_change = false;
  TextChange pending_change;  // a reload with a known change
  // The span of the parse that came with that reload: the rows take the
  // change first (in draw), then the span restyles them.
  bool have_span = false;
  ReparseSpan pending_span;
  uint64_t pending_base = 0;

  // Caret and selection (byte offsets), and where vertical motion aims.
  uint32_t anchor = 0, caret = 0;
  bool at_end = false;  // at a soft-wrap boundary: the caret shows at the end of the upper line
  float goal_x = -1;
  bool active = false, want_focus = false, want_unfocus = false;
  int focusing = 0;
  bool undo = false, redo = false, escape = false;
  bool caret_moved = false, scroll_to_caret = false;
  int64_t pending_sel_a = -1, pending_sel_b = -1;
  EditKind edit_kind = EditKind::Typing;
  double blink_from = 0;

  // Mouse.
  int clicks = 0;
  double last_click = -1;
  ImVec2 last_click_pos;
  bool dragging = false;
  uint32_t drag_a = 0, drag_b = 0;  // the word or line a double/triple click selected

  // Geometry of the last frame.
  ImGuiID id = 0;
  ImVec2 origin;  // screen position of content (0, 0), scroll applied
  float pad_x = 12, pad_y = 8, col_x = 0, col_w = 600;
  float laid_wrap_w = -1;  // the wrap width of the last update, to notice a resize
  float scroll_y = 0, view_h = 0, line_h = 16;
  float pending_scroll = -1;
  ImVec4 caret_rect{0, 0, 0, 0};
  std::vector<EditorVisualLine> visible;

  // Find and replace.
  struct Find {
    bool open = false, replace = false, focus_query = false, external = false;
    std::string query, replacement, error, status;
    TextSearchOptions options;
    std::vector<SearchMatch> matches;
    bool truncated = false;
    int current = -1;
    const char* searched_data = nullptr;
    size_t searched_size = SIZE_MAX;
    uint64_t searched_stamp = ~0ull;
    std::string searched_query;
    TextSearchOptions searched_options;
  } find;
  uint64_t text_stamp = 0;  // bumps with every change of the text

  std::string* text = nullptr;  // during draw()
  bool changed = false;

  // --- text changes ------------------------------------------------------------
  void replace(uint32_t a, uint32_t b, std::string_view ins, EditKind kind) {
    std::string& t = *text;
    a = std::min<uint32_t>(a, uint32_t(t.size()));
    b = std::clamp<uint32_t>(b, a, uint32_t(t.size()));
    TextChange c;
    c.at = a;
    c.removed = t.substr(a, b - a);
    c.inserted = std::string(ins);
    t.replace(a, b - a, ins);
    after_change(c, kind);
    caret = anchor = a + uint32_t(ins.size());
    at_end = false;
    goal_x = -1;
  }
  // Aids work on [low, high) and give the selection back low to high: a
  // backward selection stays backward.
  void apply(const Rewrite& r, EditKind kind) {
    const bool backward = anchor > caret;
    replace(uint32_t(r.begin), uint32_t(r.end), r.text, kind);
    anchor = uint32_t(std::min(r.sel_anchor, text->size()));
    caret = uint32_t(std::min(r.sel_caret, text->size()));
    if (backward && anchor < caret) std::swap(anchor, caret);
  }
  void after_change(const TextChange& c, EditKind kind) {
    std::string& t = *text;
    runs.valid = false;  // the rows re-cut now are plain until the new parse styles them
    lines->edit(t, c.at, uint32_t(c.removed.size()), uint32_t(c.inserted.size()));
    bind(t);
    text_stamp++;
    changed = true;
    // Any step that is not plain typing stands alone in the history; several
    // changes in one frame are one step of the strongest kind.
    edit_kind = frame_edits++ == 0 ? kind : (kind == EditKind::Other ? kind : edit_kind);
    scroll_to_caret = true;
    blink_from = ImGui::GetTime();
    if (on_edit_cb) {
      const SourceEditor::Parse p = on_edit_cb(c);
      if (p.doc && p.doc->text.size() == t.size()) set_document(p.doc, p.version, &c, p.span, p.base);
    }
  }
  std::function<SourceEditor::Parse(const TextChange&)> on_edit_cb;

  void bind(const std::string& t) {
    bound = &t;
    bound_data = t.data();
    bound_size = t.size();
    lines->rebind(t);
  }

  // --- styling ---------------------------------------------------------------
  // Appends a run, merged with the last one when the flags agree (as a
  // styling of the whole text would have it).
  static void append_run(std::vector<SourceRun>& out, SourceRun r) {
    if (r.begin >= r.end) return;
    if (!out.empty() && out.back().end == r.begin && out.back().flags == r.flags) out.back().end = r.end;
    else out.push_back(r);
  }
  // After an incremental re-parse: the runs outside the span are the old
  // ones (moved past it), only the span's bytes are styled afresh.
  bool splice_runs(const ReparseSpan& span, std::vector<SourceRun>& fresh) {
    const std::vector<SourceRun>& old = runs.runs;
    if (old.empty() || span.full || span.byte_begin > span.old_byte_end || span.byte_begin > span.new_byte_end)
      return false;
    const uint32_t b0 = span.byte_begin, old_end = span.old_byte_end, new_end = span.new_byte_end;
    const int64_t delta = int64_t(new_end) - int64_t(old_end);
    fresh.reserve(old.size() + 16);
    size_t i = 0;
    for (; i < old.size() && old[i].begin < b0; i++) append_run(fresh, {old[i].begin, std::min(old[i].end, b0), old[i].flags});
    std::vector<SourceRun> mid;
    styler.style(b0, new_end, mid);
    for (const SourceRun& r : mid) append_run(fresh, r);
    auto after = std::upper_bound(old.begin(), old.end(), old_end, [](uint32_t v, const SourceRun& r) { return v < r.end; });
    for (; after != old.end(); ++after)
      append_run(fresh, {uint32_t(std::max(after->begin, old_end) + delta), uint32_t(after->end + delta), after->flags});
    return !fresh.empty() && fresh.back().end == doc->text.size();
  }

  void set_document(const Document* d, uint64_t version, const TextChange* change, const ReparseSpan* span = nullptr,
                    uint64_t base = 0) {
    doc = d;
    doc_version = version;
    if (have_change && span) {
      pending_span = *span;
      pending_base = base;
      have_span = true;
      return;
    }
    if (!d || !text || d->text.size() != text->size()) return;
    if (styled_version == version && runs.valid) return;
    std::vector<SourceRun> fresh;
    styler.prepare(*d);
    if (span && base == styled_version && splice_runs(*span, fresh)) {
      runs.runs = std::move(fresh);
      runs.valid = true;
      styled_version = version;
      uint32_t lo = span->byte_begin, hi = span->new_byte_end;
      if (change) {
        lo = std::min(lo, change->at);
        hi = std::max(hi, change->at + std::max<uint32_t>(1, uint32_t(change->inserted.size())));
      }
      lines->restyle(lo, std::max(lo + 1, hi));
      return;
    }
    fresh.clear();
    styler.style(0, uint32_t(d->text.size()), fresh);
    // Restyle only where the runs differ (shifted past the change), plus the
    // change itself: the rest of the rows keep their layout.
    uint32_t lo = 0, hi = uint32_t(d->text.size());
    if (runs.valid || change) {
      const std::vector<SourceRun>& old = runs.runs;
      const int64_t delta = change ? int64_t(change->inserted.size()) - int64_t(change->removed.size()) : 0;
      const uint32_t cut = change ? change->at : UINT32_MAX;
      size_t i = 0;
      while (i < old.size() && i < fresh.size() && old[i] == fresh[i] && old[i].end <= cut) i++;
      size_t j = 0;
      while (j < old.size() - i && j < fresh.size() - i) {
        const SourceRun& o = old[old.size() - 1 - j];
        const SourceRun& n = fresh[fresh.size() - 1 - j];
        if (int64_t(o.begin) + delta != int64_t(n.begin) || int64_t(o.end) + delta != int64_t(n.end) ||
            o.flags != n.flags || (change && int64_t(o.begin) < int64_t(cut) + int64_t(change->removed.size())))
          break;
        j++;
      }
      lo = i < fresh.size() ? fresh[i].begin : hi;
      hi = j < fresh.size() - i ? fresh[fresh.size() - 1 - j].end : lo;
      if (change) {
        // The rows the change re-cut were styled before this parse: always
        // theirs, even where the runs came out the same.
        lo = std::min(lo, change->at);
        hi = std::max(hi, change->at + std::max<uint32_t>(1, uint32_t(change->inserted.size())));
      }
    }
    runs.runs = std::move(fresh);
    runs.valid = true;
    styled_version = version;
    if (lo < hi || lo == 0) lines->restyle(lo, hi);
  }

  // --- positions -------------------------------------------------------------
  std::string_view t() const { return *text; }
  uint32_t sel_lo() const { return std::min(anchor, caret); }
  uint32_t sel_hi() const { return std::max(anchor, caret); }
  bool has_sel() const { return anchor != caret; }
  void move_to(uint32_t off, bool extend, bool end_affinity = false) {
    caret = std::min<uint32_t>(off, uint32_t(text->size()));
    if (!extend) anchor = caret;
    at_end = end_affinity;
    caret_moved = true;
    scroll_to_caret = true;
    blink_from = ImGui::GetTime();
  }
  bool in_code_at(uint32_t off) const {
    if (!runs.valid) return false;
    auto it = std::upper_bound(runs.runs.begin(), runs.runs.end(), off,
                               [](uint32_t v, const SourceRun& r) { return v < r.end; });
    if (it == runs.runs.end() && !runs.runs.empty()) it = runs.runs.end() - 1;
    return it != runs.runs.end() && (it->flags & Src_CodeBlock);
  }
  // Content coordinates of the text area for a screen point.
  ImVec2 content_of(ImVec2 screen) const { return ImVec2(screen.x - origin.x - col_x, screen.y - origin.y - pad_y); }

  void keys(Metrics& m);
  void mouse(Metrics& m, bool hovered);
  void draw_rows(ImDrawList* dl, Metrics& m);
  void draw_find_bar(float width);
  void refresh_find();
  size_t do_replace(bool all);
  int pending_replace = 0;
  int frame_edits = 0;  // changes made during this draw()  // 1: the current match, 2: all (from the bar or the API)
};

SourceEditor::SourceEditor() : p_(std::make_unique<Impl>()) {
  Impl* impl = p_.get();
  p_->lines->set_styler([impl](std::string_view src, uint32_t b, uint32_t e, float size, InlineText& out,
                               uint8_t& flags) { style_row_from_runs(impl->runs, src, b, e, size, out, flags); });
}
SourceEditor::~SourceEditor() = default;

void SourceEditor::set_document(const Document* doc, uint64_t version) {
  p_->doc = doc;
  p_->doc_version = version;
  if (p_->text) p_->set_document(doc, version, nullptr);
}

void SourceEditor::set_document(const Document* doc, uint64_t version, const ReparseSpan& span, uint64_t base) {
  p_->doc = doc;
  p_->doc_version = version;
  if (p_->text) p_->set_document(doc, version, nullptr, base ? &span : nullptr, base);
}

EditKind SourceEditor::last_edit_kind() const { return p_->edit_kind; }

void SourceEditor::reload(uint32_t a, uint32_t b) {
  p_->reset_rows = true;
  p_->have_change = false;
  p_->pending_sel_a = a;
  p_->pending_sel_b = b;
}
void SourceEditor::reload(uint32_t a, uint32_t b, const TextChange& change) {
  if (!p_->reset_rows) {
    p_->have_change = true;
    p_->pending_change = change;
  }
  p_->pending_sel_a = a;
  p_->pending_sel_b = b;
}
void SourceEditor::focus() {
  p_->want_focus = true;
  p_->want_unfocus = false;  // the latest request wins
  p_->focusing = 4;
}
void SourceEditor::go_to(uint32_t offset) {
  focus();
  p_->pending_sel_a = p_->pending_sel_b = offset;
}
void SourceEditor::select(uint32_t anchor, uint32_t caret) {
  p_->pending_sel_a = anchor;
  p_->pending_sel_b = caret;
}
void SourceEditor::unfocus() {
  p_->want_unfocus = true;
  p_->want_focus = false;
  if (p_->active && ImGui::GetCurrentContext() && ImGui::GetActiveID() == p_->id) ImGui::ClearActiveID();
  p_->active = false;
}
bool SourceEditor::active() const { return p_->active; }
uint32_t SourceEditor::caret() const { return p_->caret; }
uint32_t SourceEditor::sel_begin() const { return p_->sel_lo(); }
uint32_t SourceEditor::sel_end() const { return p_->sel_hi(); }
bool SourceEditor::caret_moved() const { return p_->caret_moved; }
bool SourceEditor::take_undo() { return std::exchange(p_->undo, false); }
bool SourceEditor::take_redo() { return std::exchange(p_->redo, false); }
bool SourceEditor::take_escape() { return std::exchange(p_->escape, false); }
float SourceEditor::line_height() const { return p_->lines->line_height(); }
float SourceEditor::scroll_y() const { return p_->scroll_y; }
float SourceEditor::view_height() const { return p_->view_h; }
void SourceEditor::scroll_to_y(float y) { p_->pending_scroll = std::max(0.0f, y); }
ImVec4 SourceEditor::caret_rect() const { return p_->caret_rect; }
const std::vector<EditorVisualLine>& SourceEditor::visible_lines() const { return p_->visible; }
const SourceLines& SourceEditor::lines() const { return *p_->lines; }

uint32_t SourceEditor::offset_at_y(float y) const {
  const SourceLines& l = *p_->lines;
  if (l.size() == 0) return 0;
  return l.row(l.row_at_y(y - p_->pad_y)).begin;
}

float SourceEditor::y_of_offset(uint32_t off) const {
  const SourceLines& l = *p_->lines;
  if (l.size() == 0 || !ImGui::GetCurrentContext()) return 0;
  Metrics m;
  return locate(l, std::min<uint32_t>(off, uint32_t(l.text().size())), false, m).y + p_->pad_y;
}

//-----------------------------------------------------------------------------
// Keyboard
//-----------------------------------------------------------------------------

void SourceEditor::Impl::keys(Metrics& m) {
  ImGuiIO& io = ImGui::GetIO();
  const bool ctrl = io.KeyCtrl, shift = io.KeyShift, alt = io.KeyAlt;
  auto pressed = [](ImGuiKey k) { return ImGui::IsKeyPressed(k, true); };
  const std::string_view s = t();

  // Characters first: an IME commit and the key that caused it arrive in the
  // same frame, and the commit belongs before the key's action.
  if (!io.InputQueueCharacters.empty()) {
    std::string typed;
    // With Ctrl held, a backend may send the shortcut's letter as a character:
    // ASCII is dropped then, but not an IME commit (Ctrl+S pressed while a
    // syllable is composing commits it first, and it must land).
    const bool shortcut_held = ctrl && !alt;
    for (ImWchar c : io.InputQueueCharacters) {
      if (c < 0x20 || c == 0x7f) continue;  // controls come as keys
      if (shortcut_held && c < 0x80) continue;
      encode_utf8(typed, char32_t(c));
    }
    io.InputQueueCharacters.resize(0);
    if (!typed.empty()) replace(sel_lo(), sel_hi(), typed, EditKind::Typing);
  }

  if (ctrl && !alt) {
    if (ImGui::IsKeyPressed(ImGuiKey_Z, true)) (shift ? redo : undo) = true;
    if (ImGui::IsKeyPressed(ImGuiKey_Y, true)) redo = true;
    if (ImGui::IsKeyPressed(ImGuiKey_A, false)) {
      anchor = 0;
      caret = uint32_t(s.size());
      caret_moved = true;
    }
    if ((ImGui::IsKeyPressed(ImGuiKey_C, false) || ImGui::IsKeyPressed(ImGuiKey_X, false)) && has_sel()) {
      ImGui::SetClipboardText(std::string(s.substr(sel_lo(), sel_hi() - sel_lo())).c_str());
      if (ImGui::IsKeyPressed(ImGuiKey_X, false)) replace(sel_lo(), sel_hi(), "", EditKind::Other);
    }
    if (ImGui::IsKeyPressed(ImGuiKey_V, false)) {
      const char* clip = ImGui::GetClipboardText();
      std::string pasted = clip ? sanitize_utf8(clip) : std::string();
      if (!pasted.empty()) {
        if (auto link = paste_as_link(t(), sel_lo(), sel_hi(), pasted)) apply(*link, EditKind::Other);
        else replace(sel_lo(), sel_hi(), pasted, EditKind::Other);
      }
    }
    if (ImGui::IsKeyPressed(ImGuiKey_B, false)) apply(toggle_wrap(t(), sel_lo(), sel_hi(), "**"), EditKind::Other);
    if (ImGui::IsKeyPressed(ImGuiKey_I, false)) apply(toggle_wrap(t(), sel_lo(), sel_hi(), "_"), EditKind::Other);
    if (ImGui::IsKeyPressed(ImGuiKey_K, false)) apply(make_link(t(), sel_lo(), sel_hi()), EditKind::Other);
    if (ImGui::IsKeyPressed(ImGuiKey_F, false) || ImGui::IsKeyPressed(ImGuiKey_H, false)) {
      find.open = true;
      find.replace = ImGui::IsKeyPressed(ImGuiKey_H, false);
      if (has_sel() && sel_hi() - sel_lo() < 200 && t().substr(sel_lo(), sel_hi() - sel_lo()).find('\n') == std::string_view::npos)
        find.query = std::string(t().substr(sel_lo(), sel_hi() - sel_lo()));
      find.focus_query = true;
    }
  }

  // Motion. Up/Down/PageUp/PageDown keep the goal x across moves.
  const bool word = ctrl && !alt;
  auto horizontal = [&](bool right) {
    if (has_sel() && !shift) {
      move_to(right ? sel_hi() : sel_lo(), false);
      return;
    }
    uint32_t to = caret;
    if (word) to = uint32_t(right ? next_word_end(t(), caret) : prev_word_start(t(), caret));
    else to = uint32_t(right ? (caret < t().size() ? next_cluster(t(), caret) : caret) : prev_cluster(t(), caret));
    move_to(to, shift);
  };
  if (pressed(ImGuiKey_LeftArrow)) { horizontal(false); goal_x = -1; }
  if (pressed(ImGuiKey_RightArrow)) { horizontal(true); goal_x = -1; }
  auto vertical = [&](int lines_by) {
    if (goal_x < 0) goal_x = locate(*lines, caret, at_end, m).x;
    bool lands_end = false;
    uint32_t to = move_visual_lines(*lines, caret, at_end, lines_by, goal_x, m, &lands_end);
    const float keep = goal_x;
    move_to(to, shift, lands_end);
    goal_x = keep;
  };
  if (pressed(ImGuiKey_UpArrow) && !word) vertical(-1);
  if (pressed(ImGuiKey_DownArrow) && !word) vertical(+1);
  const int page = std::max(1, int(view_h / std::max(1.0f, lines->line_height())) - 1);
  if (pressed(ImGuiKey_PageUp)) vertical(-page), pending_scroll = std::max(0.0f, scroll_y - view_h + lines->line_height());
  if (pressed(ImGuiKey_PageDown)) vertical(+page), pending_scroll = scroll_y + view_h - lines->line_height();
  if (pressed(ImGuiKey_Home)) {
    if (word) move_to(0, shift);
    else move_to(visual_line_bounds(*lines, caret, at_end, m).first, shift);
    goal_x = -1;
  }
  if (pressed(ImGuiKey_End)) {
    if (word) move_to(uint32_t(t().size()), shift);
    else {
      const auto [b, e] = visual_line_bounds(*lines, caret, at_end, m);
      // A wrapped line's end is the next line's start: show it on this one.
      const bool wrapped = e < t().size() && t()[e] != '\n' && t()[e] != '\r';
      uint32_t to = e;
      (void)b;
      move_to(to, shift, wrapped);
    }
    goal_x = -1;
  }

  // Deleting.
  if (pressed(ImGuiKey_Backspace)) {
    if (has_sel()) replace(sel_lo(), sel_hi(), "", EditKind::Typing);
    else if (caret > 0) {
      const uint32_t from = uint32_t(word ? prev_word_start(t(), caret) : prev_cluster(t(), caret));
      replace(from, caret, "", EditKind::Typing);
    }
  }
  if (pressed(ImGuiKey_Delete)) {
    if (has_sel()) replace(sel_lo(), sel_hi(), "", EditKind::Typing);
    else if (caret < t().size()) {
      uint32_t to = uint32_t(word ? next_word_end(t(), caret) : next_cluster(t(), caret));
      if (!word && t()[caret] == '\r' && caret + 1 < t().size() && t()[caret + 1] == '\n') to = caret + 2;
      replace(caret, to, "", EditKind::Typing);
    }
  }

  // Enter: a list or quote continues (one undo step); Shift+Enter is a plain break.
  if (pressed(ImGuiKey_Enter) || pressed(ImGuiKey_KeypadEnter)) {
    std::optional<Rewrite> r;
    if (!shift) r = continue_block_on_enter(t(), sel_lo(), sel_hi(), in_code_at(sel_lo()));
    if (r) apply(*r, EditKind::Other);
    else replace(sel_lo(), sel_hi(), line_break_at(t(), sel_lo()), EditKind::Typing);
  }
  // Tab: indent list items (Shift: outdent); elsewhere a tab character.
  if (pressed(ImGuiKey_Tab) && !ctrl) {
    if (auto r = indent_list(t(), sel_lo(), sel_hi(), shift)) apply(*r, EditKind::Other);
    else if (!shift && !has_sel()) replace(caret, caret, "\t", EditKind::Typing);
  }
  if (ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {
    if (find.open) find.open = false;
    else {
      escape = true;
      want_unfocus = true;
    }
  }
  if (ImGui::IsKeyPressed(ImGuiKey_F3, true) && find.open && !find.matches.empty()) {
    const int n = int(find.matches.size());
    find.current = find.current < 0 ? 0 : (find.current + (shift ? n - 1 : 1)) % n;
    anchor = uint32_t(find.matches[size_t(find.current)].begin);
    move_to(uint32_t(find.matches[size_t(find.current)].end), true);
  }
}

//-----------------------------------------------------------------------------
// Mouse
//-----------------------------------------------------------------------------

void SourceEditor::Impl::mouse(Metrics& m, bool hovered) {
  ImGuiIO& io = ImGui::GetIO();
  const double now_t = ImGui::GetTime();
  if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    const ImVec2 c = content_of(io.MousePos);
    const uint32_t off = offset_at_point(*lines, c.x, c.y, m);
    const float dist = std::abs(io.MousePos.x - last_click_pos.x) + std::abs(io.MousePos.y - last_click_pos.y);
    clicks = (now_t - last_click < io.MouseDoubleClickTime && dist < 6) ? clicks % 3 + 1 : 1;
    last_click = now_t;
    last_click_pos = io.MousePos;
    if (clicks == 2) {
      const auto [a, b] = word_at(t(), off);
      drag_a = uint32_t(a), drag_b = uint32_t(b);
      anchor = drag_a;
      move_to(drag_b, true);
    } else if (clicks == 3) {
      const auto [a, b] = line_at(t(), off);
      drag_a = uint32_t(a), drag_b = uint32_t(b);
      anchor = drag_a;
      move_to(drag_b, true);
    } else {
      drag_a = drag_b = off;
      move_to(off, io.KeyShift);
    }
    goal_x = -1;
    dragging = true;
  }
  if (dragging && ImGui::IsMouseDown(ImGuiMouseButton_Left) && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2.0f)) {
    // Past the top or bottom edge the view scrolls toward the pointer.
    const float top = origin.y + scroll_y, bottom = top + view_h;
    (void)top;
    const ImVec2 c = content_of(io.MousePos);
    uint32_t off = offset_at_point(*lines, c.x, c.y, m);
    if (clicks >= 2) {
      const auto [a, b] = clicks == 2 ? word_at(t(), off) : line_at(t(), off);
      if (off < drag_a) anchor = drag_b, off = uint32_t(a);
      else anchor = drag_a, off = std::max<uint32_t>(uint32_t(b), drag_b);
    } else {
      anchor = drag_a;
    }
    caret = std::min<uint32_t>(off, uint32_t(t().size()));
    caret_moved = true;
    const float win_top = ImGui::GetWindowPos().y, win_bottom = win_top + ImGui::GetWindowHeight();
    if (io.MousePos.y < win_top) pending_scroll = std::max(0.0f, scroll_y - (win_top - io.MousePos.y));
    else if (io.MousePos.y > win_bottom) pending_scroll = scroll_y + (io.MousePos.y - win_bottom);
    (void)bottom;
  }
  if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) dragging = false;
}

//-----------------------------------------------------------------------------
// Drawing
//-----------------------------------------------------------------------------

void SourceEditor::Impl::draw_rows(ImDrawList* dl, Metrics& m) {
  visible.clear();
  const SourceLines& L = *lines;
  if (L.size() == 0) return;
  const float top = scroll_y - pad_y, bottom = scroll_y + view_h;
  const float x0 = origin.x + col_x;
  const float y0 = origin.y + pad_y;
  const float band_a = origin.x + std::max(2.0f, col_x - pad_x * 0.6f);
  const float band_b = origin.x + col_x + col_w + pad_x * 0.6f;
  const uint32_t lo = sel_lo(), hi = sel_hi();
  // The preedit: drawn inline at the caret (the row re-laid with it inserted).
  const std::string& pre = active ? ime_preedit() : std::string();
  const SourcePos cp = locate(L, caret, at_end, m);
  float shift = 0;  // rows below a preedit that grew its row move down
  auto match_it = find.open ? find.matches.begin() : find.matches.end();
  const auto match_end = find.matches.end();
  for (size_t ri = L.row_at_y(std::max(0.0f, top)); ri < L.size(); ri++) {
    const SourceRow& r0 = L.row(ri);
    if (r0.y + shift > bottom) break;
    const SourceRow* r = &r0;
    SourceRow with_pre;
    uint32_t pre_at = UINT32_MAX;
    if (!pre.empty() && ri == cp.row) {
      with_pre.begin = r0.begin;
      with_pre.end = r0.end;
      with_pre.y = r0.y;
      with_pre.flags = r0.flags;
      pre_at = std::clamp(caret, r0.begin, r0.end) - r0.begin;
      InlineText& it = with_pre.text;
      // Copy the row's spans, splitting the one at the caret.
      for (const Span& sp : r0.text.spans) {
        const std::string_view piece(r0.text.text.data() + sp.begin, sp.end - sp.begin);
        if (sp.begin < pre_at && pre_at < sp.end) {
          it.add(piece.substr(0, pre_at - sp.begin), sp.style, -1, sp.src, sp.src + (pre_at - sp.begin), true);
        } else if (sp.begin >= pre_at) {
          break;
        } else {
          it.add(piece, sp.style, -1, sp.src, sp.src_end, true);
        }
      }
      // The syllable takes the look of the text it joins (a heading's size,
      // bold), underlined; never the muted look of a marker.
      SpanStyle ps;
      ps.size = std::round(body_font_size());
      ps.ink = Ink::Text;
      for (const Span& sp : r0.text.spans)
        if (sp.begin < pre_at || (sp.begin == pre_at && pre_at == 0)) ps = sp.style;
      if (ps.ink == Ink::Muted) ps.ink = Ink::Text;
      ps.flags = (ps.flags & ~SpanFlags_Error) | SpanFlags_Underline;
      it.add(pre, ps, -1, pre_at, pre_at, false);
      for (const Span& sp : r0.text.spans) {
        if (sp.end <= pre_at) continue;
        const uint32_t a = std::max(sp.begin, pre_at);
        it.add(std::string_view(r0.text.text.data() + a, sp.end - a), sp.style, -1, sp.src + (a - sp.begin), sp.src_end, true);
      }
      InlineOptions opt;
      opt.wrap_width = view_settings().editor_wrap ? col_w : 0;
      opt.line_spacing = 1.5f;
      layout_inline(it, opt, m, with_pre.layout);
      with_pre.h = std::max(r0.h, with_pre.layout.height);
      r = &with_pre;
    }
    const float ry = y0 + r->y + shift;
    if (r->flags & (RowFlags_CodeBg | RowFlags_FrontMatter))
      dl->AddRectFilled(ImVec2(band_a, ry), ImVec2(band_b, ry + r->h),
                        ink((r->flags & RowFlags_CodeBg) ? Ink::CodeBg : Ink::TableHeaderBg));
    const InlineText& tx = r->text;
    const TextLayout& ly = r->layout;
    // Maps a source byte of this row to the drawn text (past a preedit it moved).
    auto local = [&](uint32_t off) {
      uint32_t l = std::clamp(off, r->begin, r->end) - r->begin;
      if (pre_at != UINT32_MAX && l > pre_at) l += uint32_t(pre.size());
      return l;
    };
    auto highlight = [&](uint32_t a, uint32_t b, ImU32 col, bool newline) {
      if (ly.lines.empty() || tx.empty()) {
        if (a <= r->begin && b > r->end) dl->AddRectFilled(ImVec2(x0, ry), ImVec2(x0 + 6, ry + r->h), col);
        return;
      }
      const uint32_t la = local(a), lb = local(b);
      for (const Line& ln : ly.lines) {
        if (ln.end < la || ln.begin > lb) continue;
        if (ln.end == la && ln.end != ln.begin && &ln != &ly.lines.back()) continue;
        float xa = la <= ln.begin ? 0 : line_x_of(tx, ly, ln, la, m);
        float xb = lb >= ln.end ? ln.w : line_x_of(tx, ly, ln, lb, m);
        if (newline && lb >= ln.end && &ln == &ly.lines.back()) xb += 6;
        if (xb <= xa) continue;
        dl->AddRectFilled(ImVec2(x0 + xa, ry + ln.y), ImVec2(x0 + xb, ry + ln.y + ln.h), col, 2.0f);
      }
    };
    // Find matches, then the selection, under the text.
    while (match_it != match_end && match_it->end <= r->begin && !(match_it->begin == r->begin)) ++match_it;
    for (auto it = match_it; it != match_end && it->begin <= r->end; ++it) {
      const bool cur = int(it - find.matches.begin()) == find.current;
      highlight(it->begin, it->end, ink(cur ? Ink::FindCurrent : Ink::FindMatch), false);
    }
    if (lo < hi && lo <= r->end && hi >= r->begin) highlight(lo, hi, ink(Ink::Selection), hi > r->end);
    // Text.
    const size_t shown_before = visible.size();
    const char* chars = tx.text.data();
    for (const Line& ln : ly.lines) {
      const float ly0 = ry + ln.y;
      if (ly0 > origin.y + bottom + 4) break;
      if (ly0 + ln.h < origin.y + top) continue;
      EditorVisualLine vl;
      vl.begin = r->begin + std::min(ln.begin, pre_at != UINT32_MAX && ln.begin > pre_at ? ln.begin - uint32_t(pre.size()) : ln.begin);
      vl.end = r->begin + (pre_at != UINT32_MAX && ln.end > pre_at ? std::max(pre_at, ln.end - uint32_t(pre.size())) : ln.end);
      vl.rect = ImVec4(x0, ly0, std::max(ln.w, 1.0f), ln.h);
      if (test_rects_wanted()) visible.push_back(vl);
      for (uint32_t k = ln.piece_begin; k < ln.piece_end; k++) {
        const Piece& pc = ly.pieces[k];
        const Span& sp = tx.spans[pc.span];
        const SpanStyle& st = sp.style;
        ImVec2 pos(std::floor(x0 + pc.x), std::floor(ly0 + pc.y));
        const ImU32 col = ink(st.ink);
        if (st.flags & SpanFlags_CodeBg)
          dl->AddRectFilled(ImVec2(pos.x - 1, pos.y - 1), ImVec2(pos.x + pc.w + 1, pos.y + st.size + 2), ink(Ink::CodeBg), 3.0f);
        dl->AddText(face_font(st.face), st.size, pos, col, chars + pc.begin, chars + pc.end);
        const Metrics::Entry& e = m.get(st.face, st.size);
        if (st.flags & SpanFlags_Strike) {
          const float y = pos.y + e.ascent * 0.62f;
          dl->AddLine(ImVec2(pos.x, y), ImVec2(pos.x + pc.w, y), col, std::max(1.0f, st.size / 14.0f));
        }
        if (st.flags & SpanFlags_Underline) {
          const float y = pos.y + e.ascent + 2;
          dl->AddLine(ImVec2(pos.x, y), ImVec2(pos.x + pc.w, y), col, 1.5f);
        }
        if (st.flags & SpanFlags_Error) {
          // A wavy underline where the diagnostic points.
          const float y = pos.y + e.ascent + 3, amp = 1.5f, step = 3.0f;
          const ImU32 red = ink(Ink::Error);
          float x = pos.x;
          bool up = true;
          while (x < pos.x + pc.w) {
            const float nx = std::min(x + step, pos.x + pc.w);
            dl->AddLine(ImVec2(x, y + (up ? amp : -amp)), ImVec2(nx, y + (up ? -amp : amp)), red, 1.0f);
            x = nx;
            up = !up;
          }
        }
      }
    }
    if (test_rects_wanted() && (ly.lines.empty() || tx.empty()) && visible.size() == shown_before) {
      EditorVisualLine vl;
      vl.begin = vl.end = r->begin;
      vl.rect = ImVec4(x0, ry, 1, r->h);
      if (ry + r->h >= origin.y + top) visible.push_back(vl);
    }
    // Caret: after the preedit when composing.
    if (active && ri == cp.row) {
      float cx = x0 + cp.x, cy = ry + (cp.y - r0.y), ch = cp.h;
      if (pre_at != UINT32_MAX && !ly.lines.empty()) {
        const uint32_t lc = pre_at + uint32_t(pre.size());
        const Line* ln = &ly.lines.front();
        for (const Line& l2 : ly.lines)
          if (l2.begin <= lc) ln = &l2;
        cx = x0 + line_x_of(tx, ly, *ln, lc, m);
        cy = ry + ln->y;
        ch = ln->h;
      }
      caret_rect = ImVec4(std::floor(cx), cy, 2, ch);
      const double phase = std::fmod(ImGui::GetTime() - blink_from, 1.2);
      if (phase < 0.7 || !ImGui::GetIO().ConfigInputTextCursorBlink)
        dl->AddRectFilled(ImVec2(std::floor(cx), cy + 2), ImVec2(std::floor(cx) + 2, cy + ch - 2), ink(Ink::Text));
      // The IME's candidate window opens beside the caret.
      ImGuiContext& g = *ImGui::GetCurrentContext();
      g.PlatformImeData.WantVisible = true;
      g.PlatformImeData.WantTextInput = true;
      g.PlatformImeData.InputPos = ImVec2(cx, cy);
      g.PlatformImeData.InputLineHeight = ch;
      g.PlatformImeData.ViewportId = ImGui::GetCurrentWindow()->Viewport->ID;
      if (!pre.empty()) claim_ime_preedit();
    }
    shift += r->h - r0.h;
  }
}

//-----------------------------------------------------------------------------
// Find and replace
//-----------------------------------------------------------------------------

void SourceEditor::Impl::refresh_find() {
  Find& f = find;
  const bool same_options = f.searched_options.match_case == f.options.match_case &&
                            f.searched_options.whole_word == f.options.whole_word &&
                            f.searched_options.regex == f.options.regex;
  if (f.searched_stamp == text_stamp && f.searched_query == f.query && same_options) return;
  const bool query_changed = f.searched_query != f.query || !same_options;
  f.searched_stamp = text_stamp;
  f.searched_query = f.query;
  f.searched_options = f.options;
  SearchResult r = find_all(t(), f.query, f.options);
  f.matches = std::move(r.matches);
  f.error = std::move(r.error);
  f.truncated = r.truncated;
  // The current match: the first at or after the selection's start.
  if (query_changed || f.current >= int(f.matches.size())) {
    f.current = -1;
    for (size_t k = 0; k < f.matches.size(); k++)
      if (f.matches[k].begin >= sel_lo()) {
        f.current = int(k);
        break;
      }
    if (f.current < 0 && !f.matches.empty()) f.current = 0;
  }
}

void SourceEditor::Impl::draw_find_bar(float width) {
  Find& f = find;
  ImGui::PushID("##find");
  const float em = ImGui::GetFontSize();
  ImGui::SetNextItemWidth(std::max(8 * em, width - 22 * em));
  // A query set from outside (a test, the app) replaces what an active field holds.
  if (f.external && ImGui::GetActiveID() == ImGui::GetID("##query")) ImGui::ClearActiveID();
  f.external = false;
  if (f.focus_query) {
    ImGui::SetKeyboardFocusHere();
    f.focus_query = false;
  }
  const bool enter = ImGui::InputTextWithHint("##query", "Find in source", &f.query, ImGuiInputTextFlags_EnterReturnsTrue);
  // The field lets go of the keyboard on Escape: the bar closes with it.
  const bool escaped_field = ImGui::IsItemDeactivated() && ImGui::IsKeyPressed(ImGuiKey_Escape, false);
  ImGui::SameLine();
  ImGui::Checkbox("Aa", &f.options.match_case);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Match case");
  ImGui::SameLine();
  ImGui::Checkbox("Word", &f.options.whole_word);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Whole words only");
  ImGui::SameLine();
  ImGui::Checkbox(".*", &f.options.regex);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Regular expression (ECMAScript, one line at a time; no lookbehind; '.' is one byte)");
  refresh_find();
  ImGui::SameLine();
  if (!f.error.empty()) ImGui::TextColored(ImVec4(0.85f, 0.25f, 0.2f, 1), "%s", f.error.c_str());
  else if (f.query.empty()) ImGui::TextDisabled("—");
  else if (f.matches.empty()) ImGui::TextDisabled("No results");
  else ImGui::Text("%d of %zu%s", f.current + 1, f.matches.size(), f.truncated ? "+" : "");
  ImGui::SameLine();
  const bool prev = ImGui::SmallButton("↑");
  ImGui::SameLine();
  const bool next = ImGui::SmallButton("↓");
  ImGui::SameLine();
  if (ImGui::SmallButton("×")) {
    f.open = false;
    want_focus = true;
  }
  auto step = [&](bool back) {
    if (f.matches.empty()) return;
    const int n = int(f.matches.size());
    f.current = f.current < 0 ? 0 : (f.current + (back ? n - 1 : 1)) % n;
    const SearchMatch& mt = f.matches[size_t(f.current)];
    anchor = uint32_t(mt.begin);
    caret = uint32_t(mt.end);
    scroll_to_caret = true;
  };
  if (enter) {
    step(ImGui::GetIO().KeyShift);
    f.focus_query = true;  // Enter leaves the field otherwise
  }
  if (prev) step(true);
  if (next) step(false);
  if (f.replace) {
    ImGui::SetNextItemWidth(std::max(8 * em, width - 22 * em));
    ImGui::InputTextWithHint("##replacement", "Replace with", &f.replacement);
    ImGui::SameLine();
    if (ImGui::SmallButton("Replace") && f.current >= 0) pending_replace = 1;
    ImGui::SameLine();
    if (ImGui::SmallButton("Replace all")) pending_replace = 2;
    if (!f.status.empty()) {
      ImGui::SameLine();
      ImGui::TextDisabled("%s", f.status.c_str());
    }
  }
  // Escape in the bar (or with nothing focused) closes it and gives the text the keyboard back.
  if (escaped_field || (ImGui::IsKeyPressed(ImGuiKey_Escape, false) && ImGui::GetActiveID() == 0 && !active)) {
    f.open = false;
    want_focus = true;
  }
  ImGui::PopID();
}

size_t SourceEditor::Impl::do_replace(bool all) {
  if (!text) return 0;
  refresh_find();
  Find& f = find;
  ReplaceResult r;
  if (all) {
    r = sheaf::replace_all(t(), f.query, f.replacement, f.options);
  } else {
    if (f.current < 0 || size_t(f.current) >= f.matches.size()) return 0;
    r = sheaf::replace_one(t(), f.matches[size_t(f.current)], f.query, f.replacement, f.options);
  }
  if (!r.error.empty()) {
    f.error = r.error;
    return 0;
  }
  if (r.count == 0) {
    f.status = all ? "Nothing to replace" : "";
    return 0;
  }
  const int keep = f.current;
  replace(uint32_t(r.begin), uint32_t(r.end), r.text, EditKind::Other);
  f.status = all ? "Replaced " + std::to_string(r.count) : std::string();
  if (!all) {
    // On to the next match after the one replaced.
    refresh_find();
    f.current = f.matches.empty() ? -1 : std::min(keep, int(f.matches.size()) - 1);
    for (size_t k = 0; k < f.matches.size(); k++)
      if (f.matches[k].begin >= r.begin + r.text.size()) {
        f.current = int(k);
        break;
      }
    if (f.current >= 0) {
      anchor = uint32_t(f.matches[size_t(f.current)].begin);
      caret = uint32_t(f.matches[size_t(f.current)].end);
    }
  }
  return r.count;
}

void SourceEditor::open_find(bool replace, std::string query) {
  p_->find.open = true;
  p_->find.replace = replace;
  if (!query.empty()) p_->find.query = std::move(query);
  p_->find.focus_query = true;
}
void SourceEditor::close_find() { p_->find.open = false; }
bool SourceEditor::find_open() const { return p_->find.open; }
void SourceEditor::set_find(std::string query, const TextSearchOptions& o) {
  p_->find.query = std::move(query);
  p_->find.options = o;
  p_->find.external = true;
  if (p_->text) p_->refresh_find();
}
void SourceEditor::set_replacement(std::string r) {
  p_->find.replacement = std::move(r);
  p_->find.external = true;
}
void SourceEditor::find_step(bool backwards) {
  Impl::Find& f = p_->find;
  if (p_->text) p_->refresh_find();
  if (f.matches.empty()) return;
  const int n = int(f.matches.size());
  f.current = f.current < 0 ? 0 : (f.current + (backwards ? n - 1 : 1)) % n;
  p_->anchor = uint32_t(f.matches[size_t(f.current)].begin);
  p_->caret = uint32_t(f.matches[size_t(f.current)].end);
  p_->scroll_to_caret = true;
}
size_t SourceEditor::replace_current() { return p_->pending_replace = 1, 0; }
size_t SourceEditor::replace_all() { return p_->pending_replace = 2, 0; }
size_t SourceEditor::find_count() const { return p_->find.matches.size(); }
int SourceEditor::find_current() const { return p_->find.current; }
const std::string& SourceEditor::find_error() const { return p_->find.error; }

//-----------------------------------------------------------------------------
// Frame
//-----------------------------------------------------------------------------

bool SourceEditor::draw(const char* label, std::string& text, ImVec2 size) {
  Impl& s = *p_;
  ImGuiContext& g = *ImGui::GetCurrentContext();
  s.text = &text;
  s.changed = false;
  s.caret_moved = false;
  s.frame_edits = 0;
  s.on_edit_cb = on_edit;

  // The rows follow the caller's string.
  if (s.reset_rows || s.bound != &text || (!s.have_change && text.size() != s.bound_size)) {
    s.lines->reset(text);
    s.bind(text);
    s.reset_rows = s.have_change = false;
    s.runs.valid = false;
    s.text_stamp++;
  } else if (s.have_change) {
    const TextChange& c = s.pending_change;
    s.lines->edit(text, c.at, uint32_t(c.removed.size()), uint32_t(c.inserted.size()));
    s.bind(text);
    s.have_change = false;
    s.runs.valid = false;
    s.text_stamp++;
    if (s.have_span && s.doc) s.set_document(s.doc, s.doc_version, &c, &s.pending_span, s.pending_base);
  } else if (text.data() != s.bound_data) {
    s.bind(text);
  }
  s.have_span = false;
  const uint32_t n = uint32_t(text.size());
  if (s.pending_sel_a >= 0) {
    s.anchor = uint32_t(floor_code_point(text, std::min<size_t>(size_t(s.pending_sel_a), n)));
    s.caret = uint32_t(floor_code_point(text, std::min<size_t>(size_t(s.pending_sel_b), n)));
    s.pending_sel_a = s.pending_sel_b = -1;
    s.scroll_to_caret = true;
    s.at_end = false;
  }
  s.anchor = std::min(s.anchor, n);
  s.caret = std::min(s.caret, n);
  if (s.doc && !s.runs.valid) s.set_document(s.doc, s.doc_version, nullptr);

  const float body = std::round(body_font_size());
  ImGui::PushID(label);
  if (s.find.open) {
    const float y0 = ImGui::GetCursorPosY();
    s.draw_find_bar(size.x);
    size.y -= ImGui::GetCursorPosY() - y0;
    if (s.pending_replace) {
      s.do_replace(s.pending_replace == 2);
      s.pending_replace = 0;
    }
  }
  if (s.pending_scroll >= 0) {
    ImGui::SetNextWindowScroll(ImVec2(-1, s.pending_scroll));
    s.pending_scroll = -1;
  }
  const bool wrap = view_settings().editor_wrap;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleColor(ImGuiCol_ChildBg, palette().background);
  ImGui::BeginChild("##text_area", ImVec2(size.x, std::max(size.y, 1.0f)), ImGuiChildFlags_None,
                    ImGuiWindowFlags_NoNav | (wrap ? 0 : ImGuiWindowFlags_HorizontalScrollbar));
  ImGuiWindow* win = ImGui::GetCurrentWindow();
  s.id = win->GetID("##text");
  const float avail_w = std::max(1.0f, ImGui::GetContentRegionAvail().x);
  s.pad_x = std::round(body * 0.9f);
  s.pad_y = std::round(body * 0.5f);
  s.col_w = std::max(4 * body, avail_w - 2 * s.pad_x);
  s.col_x = s.pad_x;
  if (view_settings().editor_measure && s.col_w > 40 * body) {
    s.col_w = 40 * body;
    s.col_x = std::floor((avail_w - s.col_w) * 0.5f);
  }
  SourceLayoutParams lp;
  lp.wrap_width = wrap ? s.col_w : 0;
  lp.font_size = body;
  lp.line_spacing = 1.5f;
  lp.font_epoch = fonts_epoch();
  Metrics m;
  if (lp.wrap_width != s.laid_wrap_w && s.laid_wrap_w >= 0 && s.lines->size()) {
    // A new width re-wraps every row. A caret that was in view stays in view;
    // otherwise the line at the top stays at the top.
    const float sy = ImGui::GetScrollY(), vh = ImGui::GetWindowHeight();
    const SourcePos cp = locate(*s.lines, s.caret, s.at_end, m);
    const bool caret_seen = cp.y + s.pad_y >= sy && cp.y + s.pad_y + cp.h <= sy + vh;
    const uint32_t top = offset_at_point(*s.lines, 0, std::max(0.0f, sy - s.pad_y), m);
    s.lines->update(lp, m);
    if (caret_seen) s.scroll_to_caret = true;
    else if (sy > 0) ImGui::SetScrollY(locate(*s.lines, top, false, m).y + s.pad_y);
  }
  s.laid_wrap_w = lp.wrap_width;
  s.lines->update(lp, m);

  // Focus: a click in the text, a request, or the keyboard already here.
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  s.origin = origin;
  s.scroll_y = ImGui::GetScrollY();
  s.view_h = ImGui::GetWindowHeight();
  float content_w = avail_w;
  for (size_t k = 0; !wrap && k < s.lines->size(); k++)
    content_w = std::max(content_w, s.col_x + s.lines->row(k).layout.width + 2 * s.pad_x);
  const ImVec2 content(content_w, s.lines->height() + 2 * s.pad_y + s.view_h * 0.4f);
  ImGui::ItemSize(content);
  const ImRect bb(origin, ImVec2(origin.x + content.x, origin.y + content.y));
  ImGui::ItemAdd(bb, s.id);
  const bool hovered = ImGui::ItemHoverable(bb, s.id, ImGuiItemFlags_None);
  if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_TextInput);
  const bool clicked = hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left);
  if ((s.want_focus || clicked) && g.ActiveId != s.id) {
    ImGui::SetActiveID(s.id, win);
    ImGui::SetFocusID(s.id, win);
    ImGui::FocusWindow(win);
    s.blink_from = ImGui::GetTime();
  }
  s.want_focus = false;
  if (s.want_unfocus) {
    if (g.ActiveId == s.id) ImGui::ClearActiveID();
    s.want_unfocus = false;
  }
  if (g.ActiveId == s.id && ImGui::IsMouseClicked(ImGuiMouseButton_Left) && !hovered) ImGui::ClearActiveID();
  s.active = g.ActiveId == s.id;
  if (s.active) {
    ImGui::KeepAliveID(s.id);
    // Active, yet other widgets (the form above, the toolbar) stay clickable
    // unless a drag is on, as ImGui's own text fields allow. The press itself
    // counts as free: widgets drawn after the editor (the preview beside it)
    // must see the click that takes the keyboard away.
    g.ActiveIdAllowOverlap = !ImGui::GetIO().MouseDown[0] || ImGui::GetIO().MouseClicked[0];
    for (ImGuiKey k : {ImGuiKey_LeftArrow, ImGuiKey_RightArrow, ImGuiKey_UpArrow, ImGuiKey_DownArrow, ImGuiKey_Enter,
                       ImGuiKey_KeypadEnter, ImGuiKey_Delete, ImGuiKey_Backspace, ImGuiKey_Home, ImGuiKey_End,
                       ImGuiKey_PageUp, ImGuiKey_PageDown, ImGuiKey_Tab, ImGuiKey_Escape})
      ImGui::SetKeyOwner(k, s.id);
    g.ActiveIdUsingNavDirMask |= (1 << ImGuiDir_Left) | (1 << ImGuiDir_Right) | (1 << ImGuiDir_Up) | (1 << ImGuiDir_Down);
    s.keys(m);
    if (s.want_unfocus) {
      ImGui::ClearActiveID();
      s.want_unfocus = false;
      s.active = false;
    }
  }
  s.mouse(m, hovered);
  if (s.changed) s.lines->update(lp, m);
  if (s.find.open) s.refresh_find();

  // Keep the caret in view after it moved.
  if (s.scroll_to_caret && s.lines->size()) {
    const SourcePos cp = locate(*s.lines, s.caret, s.at_end, m);
    const float cy = cp.y + s.pad_y;
    if (cy < s.scroll_y) ImGui::SetScrollY(std::max(0.0f, cy - s.pad_y));
    else if (cy + cp.h > s.scroll_y + s.view_h) ImGui::SetScrollY(cy + cp.h - s.view_h + s.pad_y);
    if (!wrap) {
      const float cx = s.col_x + cp.x, sx = ImGui::GetScrollX(), w = ImGui::GetWindowWidth();
      if (cx < sx + s.pad_x) ImGui::SetScrollX(std::max(0.0f, cx - 4 * s.pad_x));
      else if (cx > sx + w - 2 * s.pad_x) ImGui::SetScrollX(cx - w + 4 * s.pad_x);
    }
    s.scroll_to_caret = false;
  }

  s.caret_rect = ImVec4(0, 0, 0, 0);
  s.draw_rows(win->DrawList, m);
  ImGui::EndChild();
  ImGui::PopStyleColor();
  ImGui::PopStyleVar();
  ImGui::PopID();
  if (s.focusing > 0) s.focusing--;
  s.text = &text;  // the accessors below the frame still read it
  return s.changed;
}

}  // namespace sheaf
