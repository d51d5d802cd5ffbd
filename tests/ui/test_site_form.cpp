// The properties form on a Jekyll site's post: values inherited from
// _config.yml defaults are shown muted (never as the post's own fields), and
// a date edit on a "YYYY-MM-DD-" file offers the rename to the new date.
#include <doctest/doctest.h>

#include <string>

#include "core/document.h"
#include "core/site.h"
#include "imgui.h"
#include "imgui_internal.h"  // ClearActiveID: the previous test may leave a field focused
#include "ui/properties_form.h"
#include "ui/test_probe.h"
#include "ui_env.h"

using namespace sheaf;

namespace {

const char* kConfig =
    "timezone: Asia/Seoul\n"
    "defaults:\n"
    "  - scope: {path: \"\", type: posts}\n"
    "    values: {author: 홍길동, layout: post}\n";

const char* kPath = "_posts/2024-03-10-spring-walk.md";
const char* kText = "---\ntitle: 봄 산책\ndate: 2024-03-10 09:30:00\nlayout: wide\n---\n아침에 공원을 걸었다.\n";

struct FormFixture {
  PropertiesForm form;
  Document doc = parse_document(kPath, kText);
  uint64_t version = 1;
  std::string rename_to;

  FormFixture() {
    Site site = parse_site_config(kConfig);
    std::vector<std::string> own;
    for (const Property& p : doc.properties) own.push_back(p.key);
    form.set_inherited(site_defaults(site, kPath, own));
  }
  void frame() {
    test::next_frame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(700, 500));
    ImGui::Begin("form", nullptr, ImGuiWindowFlags_NoDecoration);
    FormEdit fe = form.draw(doc, version, {}, {});
    ImGui::End();
    if (fe.changed) {
      doc = parse_document(kPath, fe.text);
      version++;
    }
    if (!fe.rename_to.empty()) rename_to = fe.rename_to;
  }
  const ImVec4* control(const std::string& name) const {
    for (const auto& c : form.controls())
      if (c.name == name) return &c.rect;
    return nullptr;
  }
  void click(const std::string& name) {
    const ImVec4* r = control(name);
    REQUIRE_MESSAGE(r, "no control " << name);
    ImGuiIO& io = ImGui::GetIO();
    io.AddMousePosEvent(r->x + r->z / 2, r->y + r->w / 2);
    frame();
    io.AddMouseButtonEvent(0, true);
    frame();
    io.AddMouseButtonEvent(0, false);
    frame();
  }
  void key(ImGuiKey k, bool ctrl = false) {
    ImGuiIO& io = ImGui::GetIO();
    if (ctrl) io.AddKeyEvent(ImGuiMod_Ctrl, true);
    io.AddKeyEvent(k, true);
    io.AddKeyEvent(k, false);
    if (ctrl) io.AddKeyEvent(ImGuiMod_Ctrl, false);
    frame();
  }
};

}  // namespace

TEST_CASE("site form: inherited values are muted rows, and a date edit offers the rename") {
  test::ensure_frame();
  ImGui::ClearActiveID();
  const bool rects_were = test_rects_wanted();
  test_rects_wanted() = true;
  FormFixture f;
  for (int i = 0; i < 3; i++) f.frame();

  // author comes from the defaults; layout is the post's own (its value wins).
  CHECK(f.control("inherited:author"));
  CHECK_FALSE(f.control("key:author"));
  CHECK(f.control("key:layout"));
  CHECK_FALSE(f.control("inherited:layout"));
  CHECK(f.doc.text == kText);  // drawing never writes the inherited values

  // A new date in the field: the file keeps its name until the user says so.
  CHECK(f.form.rename_offer().empty());
  f.click("date");
  f.key(ImGuiKey_A, true);
  ImGui::GetIO().AddInputCharactersUTF8("2024-04-01 09:30:00");
  f.frame();
  f.key(ImGuiKey_Enter);
  f.frame();
  CHECK(f.doc.property("date")->value.scalar == "2024-04-01 09:30:00");
  CHECK(f.form.rename_offer() == "_posts/2024-04-01-spring-walk.md");
  REQUIRE(f.control("rename"));
  CHECK(f.rename_to.empty());
  f.click("rename");
  CHECK(f.rename_to == "_posts/2024-04-01-spring-walk.md");
  CHECK(f.form.rename_offer().empty());
  // Leave the context as found: no field focused, the mouse away.
  test_rects_wanted() = rects_were;
  ImGui::ClearActiveID();
  ImGui::GetIO().AddMousePosEvent(-FLT_MAX, -FLT_MAX);
  f.frame();
  f.frame();
}
