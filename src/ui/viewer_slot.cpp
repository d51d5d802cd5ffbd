#include "ui/viewer_slot.h"

#include "core/document.h"
#include "ui/fonts.h"

namespace sheaf {

void ViewerSlot::draw(const Document& doc, uint64_t, ImVec2 size) {
  ImGui::BeginChild("##doc", size);
  ImGui::Indent(16);
  ImGui::Dummy(ImVec2(0, 12));
  ImGui::PushFont(fonts().bold, ImGui::GetStyle().FontSizeBase * 1.8f);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(doc.title.c_str());
  ImGui::PopFont();
  ImGui::TextDisabled("%s", doc.date.c_str());
  ImGui::Separator();
  blocks_ = 0;
  const MarkdownTree& t = doc.tree;
  if (!t.nodes.empty())
    for (uint32_t c = t.nodes[0].first_child; c != kNoNode; c = t.nodes[c].next_sibling) blocks_++;
  std::string_view body = std::string_view(doc.text).substr(doc.front_matter.body_begin);
  ImGui::TextUnformatted(body.data(), body.data() + body.size());
  ImGui::PopTextWrapPos();
  ImGui::Unindent(16);
  ImGui::EndChild();
}

}  // namespace sheaf
