// Desktop clipboard: GLFW's, which works on X11 and Wayland.
#include <GLFW/glfw3.h>

#include "platform/native/native_state.h"
#include "platform/platform.h"

namespace sheaf::platform {

void set_clipboard_text(std::string_view text) {
  glfwSetClipboardString(native::state().window, std::string(text).c_str());
}

std::string clipboard_text() {
  const char* s = glfwGetClipboardString(native::state().window);
  return s ? s : "";
}

}  // namespace sheaf::platform
