// Sheaf source editor: the writing surface for a post's Markdown source, and
// the edit history that lives outside it.
//
// The widget is Sheaf's own, drawn on the viewer's layout engine: rows of the
// source (ui/source_lines.h) styled from the real parse (core/source_style.h),
// soft-wrapped where the preview wraps, with a caret that moves by visual
// line, inline IME composition, writing aids (core/writing_aids.h) and find
// and replace (core/text_search.h).
//
// Every change (typing, the properties form, a task toggle, an aid) is
// recorded in an EditHistory as a replacement of one byte range, so undo
// works the same for all of them and survives switching posts.
//
// [SECTION] Edit history
// [SECTION] Source editor widget
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/incremental.h"
#include "imgui.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Edit history
//-----------------------------------------------------------------------------

// text[at, at + removed.size()) was replaced by `inserted`.
struct TextChange {
  uint32_t at = 0;
  std::string removed, inserted;
};

// The smallest single replacement turning `before` into `after` (common
// prefix and suffix kept). The range is widened to whole UTF-8 characters so
// an undo never splits a Hangul syllable.
TextChange diff_texts(std::string_view before, std::string_view after);

enum class EditKind : uint8_t {
  Typing,  // keystrokes: consecutive ones within a short pause merge into one step
  Other,   // form edits, task toggles, paste: always a step of their own
};

class EditHistory {
 public:
  static constexpr double kMergeSeconds = 1.0;
  static constexpr size_t kMaxBytes = 64u << 20;  // oldest steps are dropped past this
  static constexpr size_t kMaxSteps = 5000;

  // Records before -> after; no-op when they are equal.
  void record(std::string_view before, std::string_view after, EditKind kind, double now);
  // The same with the change already known (the editor's own edit).
  void record(TextChange change, EditKind kind, double now);
  // The next record starts a new step (caret moved, focus changed, ...).
  void seal() { sealed_ = true; }
  // Undo/redo the last step on `text`. Returns false (text untouched) when
  // there is nothing to do or `text` no longer matches the history.
  // `caret` receives the byte offset where the change ends.
  bool undo(std::string& text, uint32_t* caret = nullptr);
  bool redo(std::string& text, uint32_t* caret = nullptr);
  void clear();

  size_t undo_steps() const { return undo_.size(); }
  size_t redo_steps() const { return redo_.size(); }
  size_t bytes() const { return bytes_; }

 private:
  struct Step {
    std::vector<TextChange> changes;  // applied in order
    EditKind kind = EditKind::Other;
    double time = 0;
  };
  static size_t step_bytes(const Step& s);
  void trim();

  std::vector<Step> undo_, redo_;
  size_t bytes_ = 0;
  bool sealed_ = true;
};

//-----------------------------------------------------------------------------
// [SECTION] Source editor widget
//-----------------------------------------------------------------------------

class SourceLines;
struct TextSearchOptions;

// One visual line drawn last frame: its source bytes and its screen rect.
struct EditorVisualLine {
  uint32_t begin = 0, end = 0;
  ImVec4 rect{0, 0, 0, 0};  // x, y, w, h
};

class SourceEditor {
 public:
  SourceEditor();
  ~SourceEditor();
  SourceEditor(const SourceEditor&) = delete;
  SourceEditor& operator=(const SourceEditor&) = delete;

  // The parse the styling comes from; `version` changes with every parse of
  // the text shown. Without one (or while it lags the text) rows are plain.
  void set_document(const Document* doc, uint64_t version);
  // The same after an incremental re-parse that took version `base` to
  // `version`: only the span's bytes are styled again.
  void set_document(const Document* doc, uint64_t version, const ReparseSpan& span, uint64_t base);

  // What on_edit hands back: the fresh parse, and its span when the re-parse
  // was incremental (span null, or span->full: style everything).
  struct Parse {
    const Document* doc = nullptr;
    uint64_t version = 0;
    const ReparseSpan* span = nullptr;
    uint64_t base = 0;  // the version the span starts from
  };
  // Called inside draw() right after the user changed `text`, before any row
  // is drawn: the caller re-parses and returns the fresh parse, so the same
  // frame shows the new styling. May be empty.
  std::function<Parse(const TextChange&)> on_edit;

  // Draws `text`, editable, in `size`. Returns true when the user changed
  // `text` this frame (last_edit_kind() says how).
  bool draw(const char* label, std::string& text, ImVec2 size);
  // Typing merges into one undo step; an aid, a paste or a replace is a step of its own.
  EditKind last_edit_kind() const;

  // The caller replaced the text (undo, form, task toggle, another post):
  // show the new bytes and select [sel_begin, sel_end) on the next draw.
  // With the change known only its rows are laid out again.
  void reload(uint32_t sel_begin, uint32_t sel_end);
  void reload(uint32_t sel_begin, uint32_t sel_end, const TextChange& change);
  void focus();                  // keyboard focus on the next draw
  void go_to(uint32_t offset);   // focus, caret at `offset`, scrolled into view
  void select(uint32_t anchor, uint32_t caret);
  void unfocus();                // give up keyboard focus now

  bool active() const;  // the editor has keyboard focus
  uint32_t caret() const;
  uint32_t sel_begin() const;
  uint32_t sel_end() const;
  bool caret_moved() const;  // by the user this frame, without a text change

  // Shortcuts the editor saw this frame (the caller acts on them).
  bool take_undo();
  bool take_redo();
  bool take_escape();

  // --- find and replace (Ctrl+F, Ctrl+H) --------------------------------------
  void open_find(bool replace, std::string query = "");
  void close_find();
  bool find_open() const;
  void set_find(std::string query, const TextSearchOptions& options);
  void set_replacement(std::string replacement);
  void find_step(bool backwards);
  size_t replace_current();  // 1 when a match was replaced
  size_t replace_all();      // how many were replaced (one undo step)
  size_t find_count() const;
  int find_current() const;  // -1: none
  const std::string& find_error() const;

  // --- scrolling by source position ------------------------------------------
  float line_height() const;
  float scroll_y() const;
  float view_height() const;
  uint32_t offset_at_y(float content_y) const;  // first byte of the row at a content y
  float y_of_offset(uint32_t offset) const;     // content y of the visual line holding `offset`
  uint32_t top_offset() const { return offset_at_y(scroll_y()); }
  void scroll_to_y(float y);
  void scroll_to_offset(uint32_t offset) { scroll_to_y(y_of_offset(offset)); }

  // As drawn last frame (screen coordinates): the caret (h == 0 when
  // inactive) and the visual lines on screen.
  ImVec4 caret_rect() const;
  const std::vector<EditorVisualLine>& visible_lines() const;
  const SourceLines& lines() const;  // the view model (tests, benches)

 private:
  struct Impl;
  std::unique_ptr<Impl> p_;
};

}  // namespace sheaf
