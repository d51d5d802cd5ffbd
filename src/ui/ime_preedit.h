// Sheaf IME preedit: the syllable an input method is still composing, drawn
// at the active text field's caret. ImGui has no notion of a preedit; where
// the platform's IME reports one (the browser's text agent), the app hands
// it over and draws it at the end of its frame.
#pragma once
#include <string>

namespace sheaf {

void set_ime_preedit(std::string text);  // "" when nothing is being composed
const std::string& ime_preedit();
// After every widget of the frame, before ImGui::Render(): the preedit over a
// highlight and underlined, at this frame's caret (the active field fills
// ImGui's PlatformImeData during the frame, so there is no one-frame lag).
void draw_ime_preedit();
// A widget drew this frame's preedit itself (inline, in its text):
// draw_ime_preedit() leaves it alone this once.
void claim_ime_preedit();

}  // namespace sheaf
