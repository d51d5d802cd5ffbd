// Sheaf properties form.
//
// [SECTION] Helpers
// [SECTION] Chips
// [SECTION] Form
#include "ui/properties_form.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "core/document.h"
#include "core/edit.h"
#include "core/metadata.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "misc/cpp/imgui_stdlib.h"
#include "ui/test_probe.h"
#include "ui/theme.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Helpers
//-----------------------------------------------------------------------------

namespace {

std::string trim(std::string_view s) {
  size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) a++;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) b--;
  return std::string(s.substr(a, b - a));
}

// ASCII case folding is enough for completion; Hangul has no case.
bool starts_with_folded(std::string_view s, std::string_view prefix) {
  if (prefix.size() > s.size()) return false;
  for (size_t i = 0; i < prefix.size(); i++)
    if (std::tolower(static_cast<unsigned char>(s[i])) != std::tolower(static_cast<unsigned char>(prefix[i]))) return false;
  return true;
}

const Property* find(const Document& doc, std::string_view key) {
  for (const Property& p : doc.properties)
    if (p.key == key) return &p;
  return nullptr;
}

std::string scalar_of(const Document& doc, std::string_view key) {
  const Property* p = find(doc, key);
  return p && p->value.is_scalar() ? p->value.scalar : std::string();
}

Value string_value(std::string s, Value::Kind kind = Value::Kind::String) {
  Value v;
  v.kind = kind;
  v.scalar = std::move(s);
  return v;
}

bool is_known_key(std::string_view k) {
  return k == "title" || k == "date" || k == "tags" || k == "tag" || k == "categories" || k == "category";
}

struct CompletionData {
  const std::vector<std::string>* suggestions;
};

// Tab replaces the typed prefix with the first suggestion.
int complete_callback(ImGuiInputTextCallbackData* data) {
  auto* cd = static_cast<CompletionData*>(data->UserData);
  if (data->EventFlag == ImGuiInputTextFlags_CallbackCompletion && cd->suggestions && !cd->suggestions->empty()) {
    const std::string& s = cd->suggestions->front();
    data->DeleteChars(0, data->BufTextLen);
    data->InsertChars(0, s.data(), s.data() + s.size());
  }
  return 0;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Chips
//-----------------------------------------------------------------------------

namespace {

struct ChipsResult {
  std::string remove, add;
};

// One row of chips for `field` ("tags" / "categories") plus the add field.
ChipsResult chips(const char* field, const std::vector<std::string>& present, const std::vector<std::string>& known,
                  std::string& input, std::vector<PropertiesForm::ControlRect>& rects) {
  ChipsResult r;
  auto rect = [&](std::string name) {
    if (!test_rects_wanted()) return;
    ImVec2 a = ImGui::GetItemRectMin(), s = ImGui::GetItemRectSize();
    rects.push_back({std::move(name), ImVec4(a.x, a.y, s.x, s.y)});
  };
  ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, 10.0f);
  ImGui::PushStyleColor(ImGuiCol_Button, palette()[Ink::ChipBg]);
  ImGui::PushStyleColor(ImGuiCol_Text, palette()[Ink::ChipText]);
  for (size_t i = 0; i < present.size(); i++) {
    ImGui::PushID(int(i));
    // The × is part of the chip: one click target, clearly labelled.
    if (ImGui::SmallButton((present[i] + "  ×").c_str())) r.remove = present[i];
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Remove %s", present[i].c_str());
    rect(std::string(field) + ":x:" + present[i]);
    ImGui::PopID();
    ImGui::SameLine();
  }
  ImGui::PopStyleColor(2);
  ImGui::PopStyleVar();

  // Completion: known names starting with what is typed, not already present.
  std::vector<std::string> suggestions;
  const std::string typed = trim(input);
  if (!typed.empty())
    for (const std::string& k : known) {
      if (suggestions.size() >= 6) break;
      if (starts_with_folded(k, typed) && k != typed && std::find(present.begin(), present.end(), k) == present.end())
        suggestions.push_back(k);
    }
  CompletionData cd{&suggestions};
  ImGui::SetNextItemWidth(std::max(ImGui::GetFontSize() * 8, ImGui::GetContentRegionAvail().x * 0.3f));
  const std::string hint = std::string("+ ") + (std::string_view(field) == "tags" ? "tag" : "category");
  if (ImGui::InputTextWithHint((std::string("##add_") + field).c_str(), hint.c_str(), &input,
                               ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CallbackCompletion,
                               complete_callback, &cd)) {
    if (!typed.empty() || !trim(input).empty()) r.add = trim(input);
    ImGui::SetKeyboardFocusHere(-1);  // keep typing the next one
  }
  rect(std::string(field) + ":add");
  for (size_t i = 0; i < suggestions.size(); i++) {
    ImGui::SameLine();
    ImGui::PushID(int(i) + 1000);
    if (ImGui::SmallButton(suggestions[i].c_str())) r.add = suggestions[i];
    rect(std::string(field) + ":suggest:" + suggestions[i]);
    ImGui::PopID();
  }
  if (!r.add.empty()) input.clear();
  return r;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Form
//-----------------------------------------------------------------------------

FormEdit PropertiesForm::draw(const Document& doc, uint64_t version, const std::vector<std::string>& tag_names,
                              const std::vector<std::string>& category_names) {
  FormEdit out;
  controls_.clear();
  const bool fresh = doc_ != &doc || version_ != version;
  const bool other_post = doc_ != &doc;
  doc_ = &doc;
  version_ = version;
  ImGui::PushID("##properties");
  // Fields being typed into keep their text; the rest follow the file.
  auto refresh = [&](const char* id, std::string& buf, std::string value) {
    if (other_post || (fresh && ImGui::GetActiveID() != ImGui::GetID(id))) buf = std::move(value);
  };
  refresh("##title", title_, scalar_of(doc, "title"));
  refresh("##date", date_, scalar_of(doc, "date"));
  if (other_post) {
    tag_input_.clear();
    cat_input_.clear();
    date_error_.clear();
    error_.clear();
    rename_offer_.clear();
  }
  for (const Property& p : doc.properties)
    if (!is_known_key(p.key) && p.value.is_scalar()) refresh(("##k_" + p.key).c_str(), others_[p.key], p.value.scalar);
  if (fresh) locked_ = why_not_editable(doc.text);
  if (!locked_.empty()) {
    // Say why before the user tries; the fields show the values but take no edits.
    ImGui::PushStyleColor(ImGuiCol_Text, palette()[Ink::Warning]);
    ImGui::TextWrapped("Edit these in the source: %s", locked_.c_str());
    ImGui::PopStyleColor();
    ImGui::BeginDisabled();
  }

  auto commit = [&](EditResult r, std::string what) {
    if (!r.ok) {
      error_ = r.error;
      return;
    }
    error_.clear();
    if (!r.changed) return;
    out.changed = true;
    out.text = std::move(r.text);
    out.what = std::move(what);
  };
  auto rect = [&](std::string name) {
    if (!test_rects_wanted()) return;
    ImVec2 a = ImGui::GetItemRectMin(), s = ImGui::GetItemRectSize();
    controls_.push_back({std::move(name), ImVec4(a.x, a.y, s.x, s.y)});
  };

  const float label_w = std::floor(ImGui::GetFontSize() * 6);
  if (ImGui::BeginTable("##fields", 2, ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthFixed, label_w);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    auto label = [&](const char* text) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      ImGui::TextDisabled("%s", text);
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-FLT_MIN);
    };

    label("Title");
    ImGui::InputTextWithHint("##title", doc.title.c_str(), &title_);
    rect("title");
    if (ImGui::IsItemDeactivatedAfterEdit() && title_ != scalar_of(doc, "title")) {
      const std::string t = trim(title_);
      commit(t.empty() ? remove_property(doc.text, "title") : set_property(doc.text, "title", string_value(t)), "title");
    }

    label("Date");
    ImGui::InputTextWithHint("##date", "2024-02-25 10:00:00 +0900", &date_);
    rect("date");
    {
      const std::string d = trim(date_);
      date_error_ = d.empty() || parse_date(d, nullptr)
                        ? std::string()
                        : "Not a date: use 2024-02-25, 2024-02-25 10:00 or 2024-02-25T10:00:00+09:00";
      if (ImGui::IsItemDeactivatedAfterEdit() && date_error_.empty() && d != scalar_of(doc, "date")) {
        const Property* p = find(doc, "date");
        const Value::Kind kind = p && p->value.kind == Value::Kind::String ? Value::Kind::String : Value::Kind::Date;
        commit(d.empty() ? remove_property(doc.text, "date") : set_property(doc.text, "date", string_value(d, kind)),
               "date");
        // A dated file name that no longer matches: offer the rename (Jekyll
        // takes the front matter's date, but the name is what people see).
        DateTime nd;
        rename_offer_.clear();
        if (out.changed && parse_date(d, &nd)) {
          rename_offer_ = path_with_date(doc.path, nd);
          rename_from_ = doc.path;
        }
      }
      if (!rename_offer_.empty() && rename_from_ == doc.path) {
        const size_t slash = rename_offer_.find_last_of('/');
        const std::string name = slash == std::string::npos ? rename_offer_ : rename_offer_.substr(slash + 1);
        if (ImGui::SmallButton(("Rename file to " + name).c_str())) {
          out.rename_to = rename_offer_;
          out.what = "rename";
          rename_offer_.clear();
        }
        rect("rename");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("The file name still says %s", doc.path.c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("Keep the name")) rename_offer_.clear();
        rect("rename:keep");
      }
      if (!date_error_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette()[Ink::Error]);
        ImGui::TextWrapped("%s", date_error_.c_str());
        ImGui::PopStyleColor();
      }
    }

    label("Tags");
    ChipsResult t = chips("tags", doc.tags, tag_names, tag_input_, controls_);
    if (!t.remove.empty()) commit(remove_tag(doc.text, "tags", t.remove), "tags-" + t.remove);
    if (!t.add.empty()) commit(add_tag(doc.text, "tags", t.add), "tags+" + t.add);

    label("Categories");
    ChipsResult c = chips("categories", doc.categories, category_names, cat_input_, controls_);
    if (!c.remove.empty()) commit(remove_tag(doc.text, "categories", c.remove), "categories-" + c.remove);
    if (!c.add.empty()) commit(add_tag(doc.text, "categories", c.add), "categories+" + c.add);

    for (const Property& p : doc.properties) {
      if (is_known_key(p.key)) continue;
      label(p.key.c_str());
      if (!p.value.is_scalar()) {
        ImGui::TextDisabled("%s (edit in the source)", kind_name(p.value.kind));
        continue;
      }
      std::string& buf = others_[p.key];
      ImGui::InputText(("##k_" + p.key).c_str(), &buf);
      rect("key:" + p.key);
      if (ImGui::IsItemDeactivatedAfterEdit() && buf != p.value.scalar) {
        const Value::Kind kind = p.value.kind == Value::Kind::Null ? Value::Kind::String : p.value.kind;
        commit(set_property(doc.text, p.key, string_value(buf, kind)), "key:" + p.key);
      }
    }
    // Inherited from the site's defaults: muted, read-only, with their source.
    for (const InheritedProperty& ip : inherited_) {
      bool own = false;
      for (const Property& p : doc.properties) own |= p.key == ip.property.key;
      if (own) continue;  // the post has set it since
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", ip.property.key.c_str());
      ImGui::TableNextColumn();
      std::string v;
      const Value& val = ip.property.value;
      if (val.is_scalar()) v = val.scalar;
      else if (val.kind == Value::Kind::List)
        for (const Value& item : val.items) v += (v.empty() ? "" : ", ") + (item.is_scalar() ? item.scalar : std::string("…"));
      else v = "(a mapping)";
      ImGui::PushStyleColor(ImGuiCol_Text, palette()[Ink::Muted]);
      ImGui::TextWrapped("%s   from %s", v.c_str(), ip.from.c_str());
      ImGui::PopStyleColor();
      rect("inherited:" + ip.property.key);
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Inherited from _config.yml (line %d); set the key in this post to change it", ip.property.line);
    }
    ImGui::EndTable();
  }
  if (!locked_.empty()) ImGui::EndDisabled();
  // kramdown attributes the preview does not apply: listed, read-only (edit them in the source).
  if (!doc.unknown_attributes.empty()) {
    ImGui::TextDisabled("kramdown attributes not shown (%d)", int(doc.unknown_attributes.size()));
    for (const auto& [line, attr] : doc.unknown_attributes) ImGui::TextDisabled("  line %d: %s", line, attr.c_str());
  }
  if (!error_.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette()[Ink::Error]);
    ImGui::TextWrapped("Not changed: %s", error_.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::PopID();
  return out;
}

}  // namespace sheaf
