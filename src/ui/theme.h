// Sheaf viewer theme: the light and dark palettes and the global view
// settings (zoom step, dark mode) that the app toggles.
//
// [SECTION] Ink roles
// [SECTION] Palette
// [SECTION] View settings
#pragma once
#include <cstdint>

typedef unsigned int ImU32;

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Ink roles
//-----------------------------------------------------------------------------

// Layout stores a role, not a color, so switching themes never re-lays out.
enum class Ink : uint8_t {
  Text, Muted, Heading, Link, Code, CodeBg, QuoteBar, Rule, TableBorder, TableHeaderBg,
  Selection, FindMatch, FindCurrent, ChipBg, ChipText, Placeholder, CheckBox, Error, Warning,
  // Code highlighting, in the order of core/highlight.h's HlClass (Keyword first).
  HlKeyword, HlType, HlString, HlNumber, HlComment, HlName, HlOperator, HlMeta, HlAdded, HlRemoved, HlDiffHeader,
  HlTag, HlAttribute,
  // Callouts (core/jekyll_blocks.h): the bar and title, then the tinted
  // background, of each colour family, in callout_ink_index() order.
  CalloutNote, CalloutTip, CalloutImportant, CalloutWarning, CalloutCaution, CalloutPlain,
  CalloutNoteBg, CalloutTipBg, CalloutImportantBg, CalloutWarningBg, CalloutCautionBg, CalloutPlainBg,
  Count
};

//-----------------------------------------------------------------------------
// [SECTION] Palette
//-----------------------------------------------------------------------------

struct Palette {
  ImU32 ink[int(Ink::Count)] = {};
  ImU32 background = 0;
  ImU32 operator[](Ink i) const { return ink[int(i)]; }
};

const Palette& palette();  // the palette of the current theme

//-----------------------------------------------------------------------------
// [SECTION] View settings
//-----------------------------------------------------------------------------

struct ViewSettings {
  bool dark = false;
  int zoom_step = 0;  // -4..+8; each step is a whole pixel size (1.92.2b dislikes fractional churn)
  bool editor_wrap = true;      // the source editor wraps at the pane's width
  bool editor_measure = false;  // ... or at a centred column of about 40 em
};

ViewSettings& view_settings();
void set_dark_theme(bool dark);  // also switches ImGui's own style colors
float body_font_size();          // body text size in pixels for the current zoom and the monitor's scale (whole number)
// A pixel size as ImGui::PushFont takes it: before the monitor's scale
// (style.FontScaleDpi), which ImGui applies itself.
float push_font_size(float pixels);
// Ctrl + '+' / '-' / '0'. Acts at most once a frame, whoever calls it (the app, a focused DocView).
void handle_zoom_shortcuts();
void zoom_by(int steps);  // +1 / -1 a step (clamped to -4..+8); 0 back to the default size

}  // namespace sheaf
