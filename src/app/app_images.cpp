// Sheaf images in the editor: a pasted screenshot or a dropped image file
// becomes a file of the site (Storage::save_asset, at the place core/assets.h
// picks), and its Markdown lands at the caret as one undoable edit.
//
// The steps are asynchronous (the browser's storage answers later): read the
// site's _config.yml, list the assets for a free name, write, then insert at
// wherever the caret is by then.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <set>

#include "app/app_impl.h"
#include "core/assets.h"
#include "core/limits.h"
#include "imgui.h"

namespace sheaf {

static void image_notice(AppImpl& a, std::string text, bool error) {
  show_notice(a, Notice{std::move(text), error, "", nullptr, error ? 0.0 : ImGui::GetTime() + 6.0});
}

void paste_image(AppImpl& a, std::string name, std::string bytes) {
  const DocId id = a.selected;
  const Post* p = post(a, id);
  const std::string label = name.empty() ? std::string("pasted image") : name;
  auto refuse = [&a](std::string why) {
    a.paste.last_error = why;
    image_notice(a, std::move(why), true);
  };
  if (!p || !editor_open(a)) {
    refuse(label + ": open a post in Edit or Side by side to add an image to it");
    return;
  }
  if (std::string why = image_refusal(label, bytes); !why.empty()) {
    refuse(why);
    return;
  }
  const uint32_t caret = editor_caret(a, id);
  const std::string doc_path = p->doc.path;
  a.paste.saving++;
  if (bytes.size() > (1u << 20)) {
    char mb[32];
    std::snprintf(mb, sizeof mb, "%.1f MB", double(bytes.size()) / double(1 << 20));
    image_notice(a, "Saving image " + label + " (" + mb + ")…", false);
  }
  AppImpl* ap = &a;
  auto data = std::make_shared<std::string>(std::move(bytes));
  Storage* storage = a.storage;
  storage->load_asset("_config.yml", [ap, storage, id, caret, doc_path, name, label, data](bool found, std::string config,
                                                                                          StorageResult) {
    AssetSettings settings = found ? parse_asset_settings(config) : AssetSettings{};
    if (!settings.warning.empty()) image_notice(*ap, settings.warning, false);
    storage->list_assets([ap, storage, id, caret, doc_path, name, label, data, settings](std::vector<FileStat> listed,
                                                                                        StorageResult) {
      std::set<std::string> used;
      for (const FileStat& f : listed) used.insert(f.path);
      const std::set<std::string>& reserved = ap->paste.reserved;
      AssetPlan plan = plan_asset(name.empty() ? "image" : name, *data, doc_path, settings,
                                  [&](const std::string& path) { return used.count(path) > 0 || reserved.count(path) > 0; });
      if (!plan.ok) {
        ap->paste.saving--;
        ap->paste.last_error = plan.error;
        image_notice(*ap, plan.error, true);
        return;
      }
      ap->paste.reserved.insert(plan.path);
      storage->save_asset(plan.path, *data, [ap, id, caret, label, plan](StorageResult r) {
        ap->paste.saving--;
        ap->paste.reserved.erase(plan.path);
        // The "Saving image" notice has done its work.
        auto& ns = ap->st.notices;
        ns.erase(std::remove_if(ns.begin(), ns.end(), [&](const Notice& n) { return n.text.rfind("Saving image " + label, 0) == 0; }),
                 ns.end());
        if (!r.ok) {
          ap->paste.last_error = "Could not save " + label + ": " + r.error;
          image_notice(*ap, ap->paste.last_error, true);
          return;
        }
        ap->paste.last_error.clear();
        ap->paste.last_path = plan.path;
        ap->paste.last_markdown = plan.markdown;
        if (!insert_at_caret(*ap, id, plan.markdown, caret)) {
          image_notice(*ap, "Saved " + plan.path + ", but its post is gone; the image stays in the site", false);
          return;
        }
        ap->status = "Added image " + plan.path;
      });
    });
  });
}

}  // namespace sheaf
