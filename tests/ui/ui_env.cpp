// GPU-free ImGui environment for the UI tests, and the doctest entry point.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "doctest/doctest.h"

#include "ui_env.h"

#include "ui/fonts.h"
#include "ui/test_probe.h"

namespace sheaf::test {

namespace {
bool g_in_frame = false;
}

void install_platform_doubles();  // platform_doubles.cpp

void ensure_frame() {
  if (!ImGui::GetCurrentContext()) {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.BackendFlags |= ImGuiBackendFlags_RendererHasTextures;
    io.DisplaySize = ImVec2(1280, 800);
    io.IniFilename = nullptr;
    load_fonts("");
    install_platform_doubles();
    test_rects_wanted() = true;  // the tests read what the bridge reads
  }
  if (!g_in_frame) {
    ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
    ImGui::NewFrame();
    g_in_frame = true;
  }
}

void next_frame() { next_frame([] {}); }

void next_frame(const std::function<void()>& between) {
  ensure_frame();
  ImGui::Render();
  g_in_frame = false;
  between();
  ensure_frame();
}

void draw_view(DocView& v) {
  next_frame();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(900, 600));
  ImGui::Begin("view", nullptr, ImGuiWindowFlags_NoDecoration);
  v.draw(ImVec2(900, 600));
  ImGui::End();
}

TreeBuilder::TreeBuilder(Document& d) : doc(d) {
  if (doc.tree.nodes.empty()) doc.tree.nodes.push_back(Node{});
  // Nodes added by hand would leave the parse's indexes stale: readers walk.
  doc.tree.top.clear();
  doc.tree.risky_lists.clear();
}

uint32_t TreeBuilder::add(uint32_t parent, NodeType t) {
  Node n;
  n.type = t;
  n.parent = parent;
  uint32_t id = uint32_t(doc.tree.nodes.size());
  doc.tree.nodes.push_back(n);
  Node& p = doc.tree.nodes[parent];
  if (p.last_child == kNoNode)
    p.first_child = id;
  else
    doc.tree.nodes[p.last_child].next_sibling = id;
  p.last_child = id;
  return id;
}

uint32_t TreeBuilder::text(uint32_t parent, std::string_view s) {
  uint32_t id = add(parent, NodeType::Text);
  Node& n = doc.tree.nodes[id];
  n.text_begin = n.src_begin = uint32_t(doc.text.size());
  doc.text.append(s);
  n.text_len = uint32_t(s.size());
  n.src_end = uint32_t(doc.text.size());
  return id;
}

uint32_t TreeBuilder::block(uint32_t parent, NodeType t, std::string_view src) {
  uint32_t id = add(parent, t);
  doc.tree.nodes[id].src_begin = uint32_t(doc.text.size());
  doc.tree.nodes[id].src_end = uint32_t(doc.text.size() + src.size());
  return id;
}

}  // namespace sheaf::test
