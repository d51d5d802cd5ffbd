// Sheaf web: the notebooks the File menu offers (app/host.h). The browser's
// own notebook (IndexedDB) and every folder opened with the File System
// Access API; web/fsa.js keeps the list (localStorage, handles in IndexedDB)
// and does the switching, which saves every post and then reloads the page.
#include <emscripten.h>

#include <cstdlib>
#include <string>

#include "app/host.h"
#include "platform/web/web.h"

namespace {

// Answers as text: "choices" gives one line per notebook (id, name, detail,
// current; tab-separated, tabs and line breaks in names become spaces), "open"
// what open_folder_notebook returns, "folder" the start folder's name.
EM_JS(char*, sheaf_js_notebooks_ask, (const char* what), {
  var kind = UTF8ToString(what), s = "";
  var TAB = String.fromCharCode(9), NL = String.fromCharCode(10);
  var clean = function(x) {
    return String(x == null ? "" : x).split(TAB).join(' ').split(NL).join(' ').split(String.fromCharCode(13)).join(' ');
  };
  if (!window.SheafFSA) {
    s = kind == 'choices' ? ['browser', 'This browser', "", '1'].join(TAB) : "";
  } else if (kind == 'choices') {
    s = SheafFSA.choices().map(function(c) {
      return [clean(c.id), clean(c.name), clean(c.detail), c.current ? '1' : '0'].join(TAB);
    }).join(NL);
  } else if (kind == 'open') {
    s = SheafFSA.openFolder();
  } else if (kind == 'folder') {
    s = SheafFSA.folder ? SheafFSA.folder.name || 'folder' : "";
  }
  var n = lengthBytesUTF8(s) + 1, p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});

EM_JS(void, sheaf_js_switch_notebook, (const char* id), {
  if (window.SheafFSA) SheafFSA.switchTo(UTF8ToString(id));
});

std::string ask(const char* kind) {
  char* p = sheaf_js_notebooks_ask(kind);
  std::string s = p ? p : "";
  std::free(p);
  return s;
}

}  // namespace

namespace sheaf::web {

std::string start_folder_name() { return ask("folder"); }

}  // namespace sheaf::web

namespace sheaf::platform {

std::vector<NotebookChoice> notebook_choices() {
  std::vector<NotebookChoice> out;
  std::string all = ask("choices");
  size_t b = 0;
  while (b < all.size()) {
    size_t e = all.find('\n', b);
    if (e == std::string::npos) e = all.size();
    std::string line = all.substr(b, e - b);
    b = e + 1;
    NotebookChoice c;
    std::string* fields[] = {&c.id, &c.name, &c.detail};
    size_t at = 0;
    for (std::string* f : fields) {
      size_t tab = line.find('\t', at);
      *f = line.substr(at, tab == std::string::npos ? std::string::npos : tab - at);
      at = tab == std::string::npos ? line.size() : tab + 1;
    }
    c.current = line.substr(at) == "1";
    if (!c.id.empty()) out.push_back(std::move(c));
  }
  return out;
}

std::string open_folder_notebook() { return ask("open"); }

void switch_notebook(std::string_view id) { sheaf_js_switch_notebook(std::string(id).c_str()); }

}  // namespace sheaf::platform
