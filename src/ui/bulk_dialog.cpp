// Sheaf bulk edit dialog (see bulk_dialog.h).
//
// [SECTION] Helpers
// [SECTION] State
// [SECTION] Drawing
#include "ui/bulk_dialog.h"

#include <algorithm>
#include <cctype>
#include <cfloat>
#include <cstdio>

#include "core/library.h"
#include "core/query.h"
#include "imgui.h"
#include "misc/cpp/imgui_stdlib.h"
#include "ui/fonts.h"
#include "ui/theme.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Helpers
//-----------------------------------------------------------------------------

namespace {

// Above this many posts a plan waits for a pause in typing, so each
// keystroke does not re-edit thousands of files.
constexpr uint32_t kQuickPlanPosts = 300;
constexpr double kPlanPauseSeconds = 0.3;
constexpr size_t kListedPosts = 50;
constexpr size_t kListedErrors = 20;
constexpr size_t kSuggestions = 8;

std::string trim(std::string_view s) {
  size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) a++;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) b--;
  return std::string(s.substr(a, b - a));
}

double now() { return ImGui::GetCurrentContext() ? ImGui::GetTime() : 0.0; }

const char* kind_word(bool categories) { return categories ? "category" : "tag"; }

FacetKind facet_kind(bool categories) { return categories ? FacetKind::Categories : FacetKind::Tags; }

// Tab puts the first suggestion in the field.
int complete_first(ImGuiInputTextCallbackData* data) {
  auto* list = static_cast<const std::vector<std::string>*>(data->UserData);
  if (data->EventFlag == ImGuiInputTextFlags_CallbackCompletion && list && !list->empty()) {
    data->DeleteChars(0, data->BufTextLen);
    data->InsertChars(0, list->front().data(), list->front().data() + list->front().size());
  }
  return 0;
}

ImVec4 error_color() { return ImGui::ColorConvertU32ToFloat4(palette()[Ink::Error]); }

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] State
//-----------------------------------------------------------------------------

void BulkDialog::open(BulkAction action, bool categories, std::string name) {
  open_ = true;
  focus_field_ = true;
  request_ = BulkRequest{};
  request_.action = action;
  request_.categories = categories;
  request_.from = std::move(name);
  // Rename starts from the current spelling (a case fix is a few keys);
  // Merge starts empty and completes from the existing names.
  input_ = action == BulkAction::Rename ? request_.from : std::string();
  plan_ = BulkOperation{};
  planned_ = false;
  input_changed_at_ = -1e9;
  closing_ = false;
  progress_what_.clear();
  progress_done_ = progress_total_ = 0;
  update_request();
}

void BulkDialog::close() {
  closing_ = open_;
  open_ = false;
  plan_ = BulkOperation{};  // the texts can be large
  planned_ = false;
  controls_.clear();
}

BulkOperation BulkDialog::take_plan() {
  planned_ = false;
  BulkOperation op = std::move(plan_);
  plan_ = BulkOperation{};
  return op;
}

void BulkDialog::set_input(std::string text) {
  input_ = std::move(text);
  input_changed_at_ = now();
  update_request();
}

void BulkDialog::show_progress(std::string what, size_t done, size_t total) {
  open_ = true;
  closing_ = false;
  progress_what_ = std::move(what);
  progress_done_ = done;
  progress_total_ = std::max<size_t>(total, 1);
}

// The request follows the field; what is wrong with the name is said at once,
// what is wrong with the plan once it is made.
void BulkDialog::update_request() {
  problem_.clear();
  if (request_.action == BulkAction::Delete) return;
  request_.to = trim(input_);
  if (request_.to.empty())
    problem_ = "Type the new name.";
  else if (request_.to == request_.from)
    problem_ = "That is its current name; type a different one.";
}

void BulkDialog::refresh_names(const Library& lib) {
  if (names_generation_ == lib.generation() && names_categories_ == request_.categories) return;
  names_generation_ = lib.generation();
  names_categories_ = request_.categories;
  FacetList f = lib.facet(facet_kind(request_.categories));
  // Most used first: the likely merge targets come up on top.
  std::stable_sort(f.values.begin(), f.values.end(),
                   [](const FacetValue& a, const FacetValue& b) { return a.count > b.count; });
  names_.clear();
  for (const FacetValue& v : f.values) names_.push_back(v.name);
}

bool BulkDialog::replan_if_stale(const Library& lib, const Planner& plan, bool force) {
  if (!plan) return false;
  if (!problem_.empty()) {  // no usable name: nothing to preview
    if (planned_) plan_ = BulkOperation{};
    planned_ = false;
    return false;
  }
  const bool stale = !planned_ || planned_to_ != request_.to || planned_generation_ != lib.generation();
  if (!stale) return false;
  const uint32_t count = lib.facet_count(facet_kind(request_.categories), request_.from);
  if (!force && count > kQuickPlanPosts && now() - input_changed_at_ < kPlanPauseSeconds) return false;
  plan_ = plan(request_);
  planned_ = true;
  planned_to_ = request_.to;
  planned_generation_ = lib.generation();
  return true;
}

const BulkOperation& BulkDialog::plan_now(const Library& lib, const Planner& plan) {
  replan_if_stale(lib, plan, true);
  return plan_;
}

void BulkDialog::rect(std::string name) {
  ImVec2 a = ImGui::GetItemRectMin(), s = ImGui::GetItemRectSize();
  controls_.push_back({std::move(name), ImVec4(a.x, a.y, s.x, s.y)});
}

//-----------------------------------------------------------------------------
// [SECTION] Drawing
//-----------------------------------------------------------------------------

BulkDialogEvent BulkDialog::draw(const Library& lib, const Planner& plan, bool hidden) {
  BulkDialogEvent ev;
  controls_.clear();
  if ((!open_ && !closing_) || hidden) return ev;
  static const char* kId = "###sheaf-bulk";
  if (closing_ && !ImGui::IsPopupOpen(kId)) {
    closing_ = false;
    progress_done_ = progress_total_ = 0;
    return ev;
  }
  std::string title;
  if (in_progress()) {
    title = progress_what_;
  } else {
    static const char* verbs[] = {"Rename", "Merge", "Delete"};
    title = std::string(verbs[int(request_.action)]) + " " + kind_word(request_.categories) + " “" +
            request_.from + "”";
  }
  const std::string label = title + kId;
  if (!closing_ && !ImGui::IsPopupOpen(kId)) {
    ImGui::OpenPopup(label.c_str());
    focus_field_ = true;
  }
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float width = std::min(ImGui::GetFontSize() * 36, vp->WorkSize.x * 0.92f);
  ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  // Fixed width, height fitted to the content every frame.
  ImGui::SetNextWindowSize(ImVec2(width, 0), ImGuiCond_Always);
  if (!ImGui::BeginPopupModal(label.c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings)) return ev;
  if (closing_) {
    // Closed from outside (a finished job): one last frame, then down.
    closing_ = false;
    if (in_progress()) ImGui::ProgressBar(1.0f, ImVec2(-FLT_MIN, 0));
    progress_done_ = progress_total_ = 0;
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return ev;
  }
  if (in_progress()) {
    ImGui::TextUnformatted(progress_what_.c_str());
    char buf[64];
    std::snprintf(buf, sizeof buf, "%zu / %zu posts", progress_done_, progress_total_);
    ImGui::ProgressBar(float(progress_done_) / float(progress_total_), ImVec2(-FLT_MIN, 0), buf);
    rect("progress");
  } else {
    draw_form(lib, plan, ev);
  }
  if (ev.apply || ev.cancel) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
  return ev;
}

void BulkDialog::draw_form(const Library& lib, const Planner& plan, BulkDialogEvent& ev) {
  const bool deleting = request_.action == BulkAction::Delete;
  const char* kind = kind_word(request_.categories);
  const uint32_t count = lib.facet_count(facet_kind(request_.categories), request_.from);
  const char* posts = count == 1 ? "post" : "posts";
  ImGui::PushTextWrapPos(0.0f);
  if (request_.action == BulkAction::Rename)
    ImGui::TextWrapped("New name for the %s “%s” (%u %s):", kind, request_.from.c_str(), count, posts);
  else if (request_.action == BulkAction::Merge)
    ImGui::TextWrapped("Merge the %s “%s” (%u %s) into:", kind, request_.from.c_str(), count, posts);
  else
    ImGui::TextWrapped("Remove the %s “%s” from every post that has it (%u %s).", kind, request_.from.c_str(), count,
                       posts);
  ImGui::PopTextWrapPos();

  bool enter = false;
  if (!deleting) {
    refresh_names(lib);
    // Merge completes from the existing names: those starting with what is
    // typed (case-insensitive), most used first; all of them before typing.
    std::vector<std::string> suggestions;
    if (request_.action == BulkAction::Merge) {
      const std::string typed = fold(trim(input_)), from = fold(request_.from);
      for (const std::string& n : names_) {
        if (suggestions.size() >= kSuggestions) break;
        std::string f = fold(n);
        if (f != from && f.compare(0, typed.size(), typed) == 0 && n != request_.to) suggestions.push_back(n);
      }
    }
    if (focus_field_) {
      ImGui::SetKeyboardFocusHere();
      focus_field_ = false;
    }
    ImGui::SetNextItemWidth(-FLT_MIN);
    // A frame line: the field is white on the white popup otherwise.
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1.0f);
    const char* hint = request_.action == BulkAction::Merge ? "existing name (Tab completes)" : "new name";
    enter = ImGui::InputTextWithHint("##bulk-name", hint, &input_,
                                     ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll |
                                         ImGuiInputTextFlags_CallbackCompletion,
                                     complete_first, &suggestions);
    ImGui::PopStyleVar();
    rect("input");
    if (ImGui::IsItemEdited()) {
      input_changed_at_ = now();
      update_request();
    }
    if (!suggestions.empty()) {
      const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
      ImGui::TextDisabled("Existing:");
      for (size_t i = 0; i < suggestions.size(); i++) {
        ImGui::PushID(int(i));
        const float w = ImGui::CalcTextSize(suggestions[i].c_str()).x + ImGui::GetStyle().FramePadding.x * 2;
        ImGui::SameLine();
        if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
        if (ImGui::SmallButton(suggestions[i].c_str())) {
          set_input(suggestions[i]);
          focus_field_ = true;
        }
        rect("suggest:" + suggestions[i]);
        ImGui::PopID();
      }
    }
  }

  replan_if_stale(lib, plan, false);
  // Whatever the name, the plan can still leave nothing to do.
  std::string why = problem_;
  if (why.empty() && planned_ && plan_.changes.empty())
    why = plan_.errors.empty() ? "No post would change." : "None of these posts can be edited (see below).";
  if (!why.empty()) ImGui::TextColored(error_color(), "%s", why.c_str());
  // Merging into a name nobody uses yet is a rename; say so.
  if (why.empty() && request_.action == BulkAction::Merge &&
      lib.facet_count(facet_kind(request_.categories), request_.to) == 0)
    ImGui::TextDisabled("No post has the %s “%s” yet: this works as a rename.", kind_word(request_.categories),
                        request_.to.c_str());

  ImGui::Separator();
  draw_preview(lib);
  ImGui::Separator();

  const bool can_apply = why.empty() && planned_ && !plan_.changes.empty();
  ImGui::BeginDisabled(!can_apply);
  const bool apply_clicked = ImGui::Button(deleting ? "Delete" : "Apply");
  ImGui::EndDisabled();
  rect("apply");
  ImGui::SameLine();
  const bool cancel_clicked = ImGui::Button("Cancel");
  rect("cancel");
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("Enter applies · Esc cancels");

  if (cancel_clicked || ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {
    ev.cancel = true;
    return;
  }
  if (apply_clicked || enter || ImGui::IsKeyPressed(ImGuiKey_Enter, false) ||
      ImGui::IsKeyPressed(ImGuiKey_KeypadEnter, false)) {
    // Typing may still be waiting for its plan: make it now, then decide.
    replan_if_stale(lib, plan, true);
    ev.apply = problem_.empty() && planned_ && !plan_.changes.empty();
  }
}

void BulkDialog::draw_preview(const Library& lib) {
  if (!planned_) {
    ImGui::TextDisabled(problem_.empty() ? "Working out which posts change…" : "Nothing to preview yet.");
    return;
  }
  ImGui::PushFont(fonts().bold, 0.0f);
  ImGui::TextWrapped("%s", plan_.description.c_str());
  ImGui::PopFont();
  if (!plan_.changes.empty()) {
    ImGui::TextDisabled("Only the %s of each post change; Undo puts every byte back.",
                        request_.categories ? "categories" : "tags");
    const size_t shown = std::min(plan_.changes.size(), kListedPosts);
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const float rows = float(std::min<size_t>(shown + (plan_.changes.size() > shown ? 1 : 0), 8));
    ImGui::BeginChild("##bulk-posts", ImVec2(0, rows * line + ImGui::GetStyle().WindowPadding.y * 2),
                      ImGuiChildFlags_Borders);
    for (size_t i = 0; i < shown; i++) {
      const BulkFileChange& c = plan_.changes[i];
      const LibraryEntry* e = lib.entry(lib.find(c.path));
      ImGui::TextUnformatted(e ? e->title.c_str() : c.path.c_str());
      if (ImGui::IsItemHovered()) ImGui::SetItemTooltip("%s", c.path.c_str());
      // What happens to this post's names: "− markdown  + 마크다운".
      std::string what;
      for (const std::string& r : c.removed) what += "− " + r + "  ";
      for (const std::string& a : c.added) what += "+ " + a + "  ";
      if (!what.empty()) {
        ImGui::SameLine(0, ImGui::GetFontSize());
        ImGui::TextDisabled("%s", what.c_str());
      }
    }
    if (plan_.changes.size() > shown) ImGui::TextDisabled("… and %zu more", plan_.changes.size() - shown);
    ImGui::EndChild();
  }
  if (!plan_.errors.empty()) {
    ImGui::TextColored(error_color(), "%zu %s cannot be edited and will be left alone:", plan_.errors.size(),
                       plan_.errors.size() == 1 ? "post" : "posts");
    const size_t shown = std::min(plan_.errors.size(), kListedErrors);
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const float rows = float(std::min<size_t>(shown + (plan_.errors.size() > shown ? 1 : 0), 4));
    ImGui::BeginChild("##bulk-errors", ImVec2(0, rows * line + ImGui::GetStyle().WindowPadding.y * 2),
                      ImGuiChildFlags_Borders);
    for (size_t i = 0; i < shown; i++) {
      // "path: why" becomes "title — why", one line each; the path is in the tooltip.
      const std::string& err = plan_.errors[i];
      const size_t colon = err.find(": ");
      const std::string path = colon == std::string::npos ? std::string() : err.substr(0, colon);
      const LibraryEntry* e = path.empty() ? nullptr : lib.entry(lib.find(path));
      if (e)
        ImGui::Text("%s — %s", e->title.c_str(), err.c_str() + colon + 2);
      else
        ImGui::TextUnformatted(err.c_str());
      if (ImGui::IsItemHovered()) ImGui::SetItemTooltip("%s", err.c_str());
    }
    if (plan_.errors.size() > shown) ImGui::TextDisabled("… and %zu more", plan_.errors.size() - shown);
    ImGui::EndChild();
  }
}

}  // namespace sheaf
