// Sheaf viewer theme: palettes and zoom.
#include "ui/theme.h"

#include <algorithm>
#include <cmath>

#include "imgui.h"

namespace sheaf {

namespace {

ViewSettings g_settings;

Palette make_light() {
  Palette p;
  auto set = [&](Ink i, ImU32 c) { p.ink[int(i)] = c; };
  set(Ink::Text, IM_COL32(32, 33, 36, 255));
  set(Ink::Muted, IM_COL32(110, 116, 124, 255));
  set(Ink::Heading, IM_COL32(17, 24, 39, 255));
  set(Ink::Link, IM_COL32(9, 105, 218, 255));
  set(Ink::Code, IM_COL32(36, 41, 47, 255));
  set(Ink::CodeBg, IM_COL32(242, 244, 246, 255));
  set(Ink::QuoteBar, IM_COL32(208, 215, 222, 255));
  set(Ink::Rule, IM_COL32(216, 222, 228, 255));
  set(Ink::TableBorder, IM_COL32(208, 215, 222, 255));
  set(Ink::TableHeaderBg, IM_COL32(246, 248, 250, 255));
  set(Ink::Selection, IM_COL32(84, 152, 255, 90));
  set(Ink::FindMatch, IM_COL32(255, 214, 0, 110));
  set(Ink::FindCurrent, IM_COL32(255, 140, 0, 170));
  set(Ink::ChipBg, IM_COL32(221, 235, 255, 255));
  set(Ink::ChipText, IM_COL32(9, 80, 170, 255));
  set(Ink::Placeholder, IM_COL32(234, 236, 239, 255));
  set(Ink::CheckBox, IM_COL32(87, 96, 106, 255));
  set(Ink::Error, IM_COL32(200, 40, 40, 255));
  set(Ink::Warning, IM_COL32(154, 103, 0, 255));
  // Code: GitHub's light colours (all at least 4.5:1 on the code background).
  set(Ink::HlKeyword, IM_COL32(207, 34, 46, 255));
  set(Ink::HlType, IM_COL32(149, 56, 0, 255));
  set(Ink::HlString, IM_COL32(10, 48, 105, 255));
  set(Ink::HlNumber, IM_COL32(5, 80, 174, 255));
  set(Ink::HlComment, IM_COL32(100, 108, 118, 255));
  set(Ink::HlName, IM_COL32(130, 80, 223, 255));
  set(Ink::HlOperator, IM_COL32(207, 34, 46, 255));
  set(Ink::HlMeta, IM_COL32(17, 99, 41, 255));
  set(Ink::HlAdded, IM_COL32(17, 99, 41, 255));
  set(Ink::HlRemoved, IM_COL32(130, 7, 30, 255));
  set(Ink::HlDiffHeader, IM_COL32(5, 80, 174, 255));
  set(Ink::HlTag, IM_COL32(17, 99, 41, 255));
  set(Ink::HlAttribute, IM_COL32(5, 80, 174, 255));
  // GitHub's alert colours (light).
  set(Ink::CalloutNote, IM_COL32(9, 105, 218, 255));
  set(Ink::CalloutTip, IM_COL32(26, 127, 55, 255));
  set(Ink::CalloutImportant, IM_COL32(130, 80, 223, 255));
  set(Ink::CalloutWarning, IM_COL32(154, 103, 0, 255));
  set(Ink::CalloutCaution, IM_COL32(209, 36, 47, 255));
  set(Ink::CalloutPlain, IM_COL32(89, 99, 110, 255));
  set(Ink::CalloutNoteBg, IM_COL32(9, 105, 218, 22));
  set(Ink::CalloutTipBg, IM_COL32(26, 127, 55, 22));
  set(Ink::CalloutImportantBg, IM_COL32(130, 80, 223, 22));
  set(Ink::CalloutWarningBg, IM_COL32(191, 135, 0, 30));
  set(Ink::CalloutCautionBg, IM_COL32(209, 36, 47, 20));
  set(Ink::CalloutPlainBg, IM_COL32(89, 99, 110, 18));
  p.background = IM_COL32(255, 255, 255, 255);
  return p;
}

Palette make_dark() {
  Palette p;
  auto set = [&](Ink i, ImU32 c) { p.ink[int(i)] = c; };
  set(Ink::Text, IM_COL32(220, 223, 228, 255));
  set(Ink::Muted, IM_COL32(139, 148, 158, 255));
  set(Ink::Heading, IM_COL32(240, 242, 245, 255));
  set(Ink::Link, IM_COL32(88, 166, 255, 255));
  set(Ink::Code, IM_COL32(220, 223, 228, 255));
  set(Ink::CodeBg, IM_COL32(22, 27, 34, 255));
  set(Ink::QuoteBar, IM_COL32(61, 68, 77, 255));
  set(Ink::Rule, IM_COL32(61, 68, 77, 255));
  set(Ink::TableBorder, IM_COL32(61, 68, 77, 255));
  set(Ink::TableHeaderBg, IM_COL32(22, 27, 34, 255));
  set(Ink::Selection, IM_COL32(56, 139, 253, 100));
  set(Ink::FindMatch, IM_COL32(187, 128, 9, 110));
  set(Ink::FindCurrent, IM_COL32(240, 136, 62, 180));
  set(Ink::ChipBg, IM_COL32(31, 58, 95, 255));
  set(Ink::ChipText, IM_COL32(165, 206, 255, 255));
  set(Ink::Placeholder, IM_COL32(38, 43, 50, 255));
  set(Ink::CheckBox, IM_COL32(139, 148, 158, 255));
  set(Ink::Error, IM_COL32(248, 81, 73, 255));
  set(Ink::Warning, IM_COL32(210, 153, 34, 255));
  // Code: GitHub's dark colours.
  set(Ink::HlKeyword, IM_COL32(255, 123, 114, 255));
  set(Ink::HlType, IM_COL32(255, 166, 87, 255));
  set(Ink::HlString, IM_COL32(165, 214, 255, 255));
  set(Ink::HlNumber, IM_COL32(121, 192, 255, 255));
  set(Ink::HlComment, IM_COL32(139, 148, 158, 255));
  set(Ink::HlName, IM_COL32(210, 168, 255, 255));
  set(Ink::HlOperator, IM_COL32(255, 123, 114, 255));
  set(Ink::HlMeta, IM_COL32(126, 231, 135, 255));
  set(Ink::HlAdded, IM_COL32(126, 231, 135, 255));
  set(Ink::HlRemoved, IM_COL32(255, 161, 152, 255));
  set(Ink::HlDiffHeader, IM_COL32(121, 192, 255, 255));
  set(Ink::HlTag, IM_COL32(126, 231, 135, 255));
  set(Ink::HlAttribute, IM_COL32(121, 192, 255, 255));
  // GitHub's alert colours (dark).
  set(Ink::CalloutNote, IM_COL32(68, 147, 248, 255));
  set(Ink::CalloutTip, IM_COL32(63, 185, 80, 255));
  set(Ink::CalloutImportant, IM_COL32(171, 125, 248, 255));
  set(Ink::CalloutWarning, IM_COL32(210, 153, 34, 255));
  set(Ink::CalloutCaution, IM_COL32(248, 81, 73, 255));
  set(Ink::CalloutPlain, IM_COL32(145, 152, 161, 255));
  set(Ink::CalloutNoteBg, IM_COL32(68, 147, 248, 28));
  set(Ink::CalloutTipBg, IM_COL32(63, 185, 80, 26));
  set(Ink::CalloutImportantBg, IM_COL32(171, 125, 248, 28));
  set(Ink::CalloutWarningBg, IM_COL32(210, 153, 34, 26));
  set(Ink::CalloutCautionBg, IM_COL32(248, 81, 73, 26));
  set(Ink::CalloutPlainBg, IM_COL32(145, 152, 161, 22));
  p.background = IM_COL32(13, 17, 23, 255);
  return p;
}

const Palette g_light = make_light();
const Palette g_dark = make_dark();

}  // namespace

const Palette& palette() { return g_settings.dark ? g_dark : g_light; }

ViewSettings& view_settings() { return g_settings; }

void set_dark_theme(bool dark) {
  g_settings.dark = dark;
  if (ImGui::GetCurrentContext()) {
    if (dark)
      ImGui::StyleColorsDark();
    else
      ImGui::StyleColorsLight();
  }
}

static float dpi_scale() {
  const float s = ImGui::GetCurrentContext() ? ImGui::GetStyle().FontScaleDpi : 1.0f;
  return s > 0 ? s : 1.0f;
}

// The layouts measure and draw in pixels, so the monitor's scale is in here
// (a HiDPI screen's body text grows with its menus).
float body_font_size() {
  int step = g_settings.zoom_step < -4 ? -4 : g_settings.zoom_step > 8 ? 8 : g_settings.zoom_step;
  return std::round(float(16 + 2 * step) * dpi_scale());
}

float push_font_size(float pixels) { return pixels / dpi_scale(); }

void zoom_by(int steps) { g_settings.zoom_step = steps == 0 ? 0 : std::clamp(g_settings.zoom_step + steps, -4, 8); }

void handle_zoom_shortcuts() {
  // The app and a focused viewer both offer the keys; a press zooms one step.
  static int last_frame = -1;
  if (ImGui::GetFrameCount() == last_frame) return;
  last_frame = ImGui::GetFrameCount();
  ImGuiIO& io = ImGui::GetIO();
  if (!io.KeyCtrl) return;
  if (ImGui::IsKeyPressed(ImGuiKey_Equal) || ImGui::IsKeyPressed(ImGuiKey_KeypadAdd)) zoom_by(+1);
  if (ImGui::IsKeyPressed(ImGuiKey_Minus) || ImGui::IsKeyPressed(ImGuiKey_KeypadSubtract)) zoom_by(-1);
  if (ImGui::IsKeyPressed(ImGuiKey_0) || ImGui::IsKeyPressed(ImGuiKey_Keypad0)) zoom_by(0);
}

}  // namespace sheaf
