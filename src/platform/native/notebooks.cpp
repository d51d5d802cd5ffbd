// Sheaf desktop: the notebooks the File menu offers (app/host.h).
// For now the folder given at start is the only one.
#include <filesystem>

#include "app/host.h"
#include "platform/native/native_state.h"

namespace sheaf::platform {

std::vector<NotebookChoice> notebook_choices() {
  const std::string& root = native::state().notebook_root;
  return {NotebookChoice{root, std::filesystem::path(root).filename().string(), root, true}};
}

std::string open_folder_notebook() { return "To open another folder, start Sheaf with it: sheaf FOLDER"; }

void switch_notebook(std::string_view) {}

}  // namespace sheaf::platform
