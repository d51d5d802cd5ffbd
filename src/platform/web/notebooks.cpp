// Sheaf web: the notebooks the File menu offers (app/host.h).
// For now the browser's own notebook (IndexedDB) is the only one.
#include "app/host.h"

namespace sheaf::platform {

std::vector<NotebookChoice> notebook_choices() {
  return {NotebookChoice{"browser", "This browser", "Posts kept in this browser's storage (IndexedDB)", true}};
}

std::string open_folder_notebook() { return "Opening a folder from the page is not available yet: drop its files on the page"; }

void switch_notebook(std::string_view) {}

}  // namespace sheaf::platform
