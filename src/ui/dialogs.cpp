// Sheaf modal dialogs.
//
// [SECTION] Answering
// [SECTION] Drawing
#include "ui/dialogs.h"

#include "imgui.h"
#include "misc/cpp/imgui_stdlib.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Answering
//-----------------------------------------------------------------------------

bool answer_dialog(std::deque<Dialog>& dialogs, int choice, bool apply_all, const std::string* input) {
  if (dialogs.empty()) return false;
  // Pop first: the handler may queue the next question.
  Dialog d = std::move(dialogs.front());
  dialogs.pop_front();
  if (input) d.input = *input;
  if (d.on_answer) d.on_answer(choice, apply_all, d.input);
  return true;
}

//-----------------------------------------------------------------------------
// [SECTION] Drawing
//-----------------------------------------------------------------------------

void draw_dialogs(std::deque<Dialog>& dialogs) {
  if (dialogs.empty()) return;
  Dialog& d = dialogs.front();
  // One popup id per dialog kind + title, so a new question reopens the modal.
  std::string id = d.title + "###sheaf-dialog-" + d.kind;
  if (!ImGui::IsPopupOpen(id.c_str())) ImGui::OpenPopup(id.c_str());
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSizeConstraints(ImVec2(360, 0), ImVec2(vp->WorkSize.x * 0.8f, vp->WorkSize.y * 0.8f));
  if (!ImGui::BeginPopupModal(id.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32);
  ImGui::TextUnformatted(d.message.c_str());
  ImGui::PopTextWrapPos();
  // A frame line on the field and the box: in the light theme both are
  // white on the white popup otherwise.
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1.0f);
  if (d.has_input) {
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 28);
    ImGui::InputText("##input", &d.input);
  }
  if (d.offer_apply_all) ImGui::Checkbox("Do the same for the rest", &d.apply_all);
  ImGui::PopStyleVar();
  ImGui::Spacing();
  int chosen = -1;
  for (size_t i = 0; i < d.buttons.size(); i++) {
    if (i) ImGui::SameLine();
    if (ImGui::Button(d.buttons[i].c_str())) chosen = int(i);
  }
  if (chosen < 0 && ImGui::IsKeyPressed(ImGuiKey_Escape)) chosen = int(d.buttons.size()) - 1;
  if (chosen < 0 && d.has_input && ImGui::IsKeyPressed(ImGuiKey_Enter)) chosen = 0;
  if (chosen >= 0) {
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    bool all = d.apply_all;
    answer_dialog(dialogs, chosen, all);
    return;
  }
  ImGui::EndPopup();
}

}  // namespace sheaf
