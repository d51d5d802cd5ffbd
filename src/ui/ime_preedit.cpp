#include "ui/ime_preedit.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <utility>

#include "imgui.h"
#include "imgui_internal.h"  // the context's PlatformImeData
#include "ui/fonts.h"

namespace sheaf {

namespace {
std::string g_preedit;
bool g_claimed = false;
}

void set_ime_preedit(std::string text) { g_preedit = std::move(text); }
const std::string& ime_preedit() { return g_preedit; }
void claim_ime_preedit() { g_claimed = true; }

void draw_ime_preedit() {
  if (std::exchange(g_claimed, false)) return;
  if (g_preedit.empty() || !ImGui::GetCurrentContext()) return;
  const ImGuiPlatformImeData& d = ImGui::GetCurrentContext()->PlatformImeData;
  if (!d.WantVisible) return;
  const float h = std::max(8.0f, d.InputLineHeight);
  ImFont* font = fonts().mono ? fonts().mono : ImGui::GetFont();
  const char* s = g_preedit.c_str();
  const ImVec2 size = font->CalcTextSizeA(h, FLT_MAX, 0, s);
  const ImVec2 a(std::floor(d.InputPos.x + 1), std::floor(d.InputPos.y));
  const ImVec2 b(a.x + size.x, a.y + h);
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  dl->AddRectFilled(ImVec2(a.x - 1, a.y), ImVec2(b.x + 1, b.y + 2), IM_COL32(255, 244, 196, 255));
  dl->AddText(font, h, a, IM_COL32(20, 20, 24, 255), s);
  dl->AddLine(ImVec2(a.x, b.y), ImVec2(b.x, b.y), IM_COL32(20, 20, 24, 255), 1.5f);
  dl->AddLine(ImVec2(b.x, a.y), ImVec2(b.x, b.y), IM_COL32(20, 20, 24, 255), 1.0f);  // the caret after it
}

}  // namespace sheaf
