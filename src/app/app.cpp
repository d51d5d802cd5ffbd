// Temporary stub so the platform layers can be built; replaced by the real app.
#include "app/app.h"
#include "core/storage.h"
#include "imgui.h"

namespace sheaf {
struct AppImpl { Storage* storage; AppOptions opt; };
App::App(Storage& s, AppOptions o) : impl_(new AppImpl{&s, std::move(o)}) {}
App::~App() = default;
void App::start() {}
void App::frame() {
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
  ImGui::Begin("Sheaf", nullptr, ImGuiWindowFlags_NoDecoration);
  ImGui::TextUnformatted("Sheaf");
  ImGui::End();
}
void App::on_location_changed(std::string_view) {}
void App::import_file(std::string, std::string) {}
std::string App::bridge_state_json() const { return "{\"ready\":false}"; }
bool App::select_post(std::string_view) { return false; }
bool App::wants_text_input() const { return ImGui::GetIO().WantTextInput; }
bool App::quit_requested() const { return false; }
}  // namespace sheaf
