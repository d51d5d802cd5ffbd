#include "ui/post_list.h"

#include "core/document.h"
#include "ui/fonts.h"

namespace sheaf {

int PostList::draw(const std::vector<PostListItem>& items) {
  int clicked = -1;
  rects_.assign(items.size(), ImVec4(0, 0, 0, 0));
  ImGuiStyle& style = ImGui::GetStyle();
  const float line = ImGui::GetTextLineHeight();
  const float row_h = line * 2 + style.ItemSpacing.y + style.FramePadding.y * 2;
  const float width = ImGui::GetContentRegionAvail().x;
  ImDrawList* dl = ImGui::GetWindowDrawList();

  // Only visible rows are submitted; the clipper keeps 10k posts cheap.
  ImGuiListClipper clipper;
  clipper.Begin(int(items.size()), row_h);
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; row++) {
      const PostListItem& it = items[row];
      const Document& d = *it.doc;
      ImGui::PushID(row);
      ImVec2 pos = ImGui::GetCursorScreenPos();
      if (ImGui::Selectable("##row", it.selected, ImGuiSelectableFlags_None, ImVec2(width, row_h - style.ItemSpacing.y)))
        clicked = row;
      if (ImGui::IsItemHovered() && d.path.size()) ImGui::SetItemTooltip("%s", d.path.c_str());
      rects_[row] = ImVec4(pos.x, pos.y, width, row_h - style.ItemSpacing.y);

      const float pad = style.FramePadding.x + 4;
      ImVec4 clip(pos.x, pos.y, pos.x + width - pad, pos.y + row_h);
      ImGui::PushFont(fonts().bold, 0.0f);
      dl->AddText(nullptr, 0.0f, ImVec2(pos.x + pad, pos.y + style.FramePadding.y), ImGui::GetColorU32(ImGuiCol_Text),
                  d.title.c_str(), nullptr, 0.0f, &clip);
      ImGui::PopFont();
      std::string meta = d.date.size() >= 10 ? d.date.substr(0, 10) : std::string("no date");
      for (const std::string& t : d.tags) meta += "  #" + t;
      if (d.has_errors()) meta = "⚠ " + meta;
      dl->AddText(nullptr, 0.0f, ImVec2(pos.x + pad, pos.y + style.FramePadding.y + line + 2),
                  ImGui::GetColorU32(ImGuiCol_TextDisabled), meta.c_str(), nullptr, 0.0f, &clip);
      ImGui::PopID();
    }
  }
  return clicked;
}

ImVec4 PostList::row_rect(int row) const {
  if (row < 0 || row >= int(rects_.size())) return ImVec4(0, 0, 0, 0);
  return rects_[row];
}

}  // namespace sheaf
