// Desktop clipboard: GLFW's, which works on X11 and Wayland, installed as
// ImGui's clipboard hooks (the UI copies and pastes through ImGui only).
#include <GLFW/glfw3.h>

#include "imgui.h"
#include "platform/native/native_state.h"

namespace sheaf::native {

void install_clipboard_handlers() {
  ImGuiPlatformIO& pio = ImGui::GetPlatformIO();
  pio.Platform_SetClipboardTextFn = [](ImGuiContext*, const char* text) {
    glfwSetClipboardString(state().window, text ? text : "");
  };
  pio.Platform_GetClipboardTextFn = [](ImGuiContext*) -> const char* { return glfwGetClipboardString(state().window); };
}

}  // namespace sheaf::native
