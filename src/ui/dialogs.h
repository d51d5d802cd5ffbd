// Sheaf modal dialogs: one question at a time (name clash on import, two-tab
// conflict, new post title, rename...). The app queues Dialog values; the
// front one is drawn as an ImGui modal until a button is chosen. Tests answer
// the same way through the bridge (answer_dialog), so both paths run the
// same code.
#pragma once
#include <deque>
#include <functional>
#include <string>
#include <vector>

namespace sheaf {

struct Dialog {
  std::string kind;  // "conflict", "clash", "new", "rename" (reported to tests)
  std::string title, message;
  std::vector<std::string> buttons;  // the last one is what Escape chooses
  bool offer_apply_all = false;      // shows an "apply to all" checkbox
  bool has_input = false;            // shows a one-line text field
  std::string input;
  bool apply_all = false;
  std::function<void(int choice, bool apply_all, const std::string& input)> on_answer;
};

// Draws dialogs.front() (if any) and pops it once answered.
void draw_dialogs(std::deque<Dialog>& dialogs);
// Answers the front dialog as if button `choice` was clicked. False if none.
bool answer_dialog(std::deque<Dialog>& dialogs, int choice, bool apply_all, const std::string* input = nullptr);

}  // namespace sheaf
