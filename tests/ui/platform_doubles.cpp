// Test doubles for the platform layer: record what the viewer asked for.
// The app's host services (app/host.h) are defined here; the viewer's
// clipboard, links and images are ImGui hooks and a decoder, installed into
// each new ImGui context by install_platform_doubles().
#include <map>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/host.h"
#include "imgui.h"
#include "ui/image_cache.h"

namespace sheaf::test {
std::vector<std::string> g_opened_urls;
std::string g_clipboard;
std::vector<std::string> g_decode_requests;
std::map<std::string, std::string> g_settings;  // what save_setting stored
bool g_prefers_dark = false;

static bool open_url(std::string_view url) {
  bool ok = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0 || url.rfind("mailto:", 0) == 0;
  if (ok) test::g_opened_urls.emplace_back(url);
  return ok;
}

static void decode_image_async(std::string url_or_path, std::function<void(DecodedImage)> done) {
  test::g_decode_requests.push_back(url_or_path);
  DecodedImage img;
  if (url_or_path.find("missing") != std::string::npos) {
    img.error = "not found";
  } else {
    img.width = 200;
    img.height = 100;
    img.rgba.assign(size_t(200) * 100 * 4, char(0x80));
  }
  done(std::move(img));
}

void install_platform_doubles() {
  ImGuiPlatformIO& pio = ImGui::GetPlatformIO();
  pio.Platform_SetClipboardTextFn = [](ImGuiContext*, const char* text) { g_clipboard = text ? text : ""; };
  pio.Platform_GetClipboardTextFn = [](ImGuiContext*) -> const char* { return g_clipboard.c_str(); };
  pio.Platform_OpenInShellFn = [](ImGuiContext*, const char* url) { return url && open_url(url); };
  set_image_decoder(decode_image_async);
}

}  // namespace sheaf::test

namespace sheaf::platform {

void set_window_title(std::string_view) {}
std::string location() { return ""; }
void set_location(std::string_view, bool) {}

// Exports and pickers: nothing leaves the test process.
void save_file(std::string name, std::string, std::string_view, std::function<void(std::string)> done) {
  done("test/" + name);
}
std::string pick_files(bool, App&) { return "no picker in tests"; }
std::vector<NotebookChoice> notebook_choices() { return {NotebookChoice{"test", "Test notebook", "", true}}; }
std::string open_folder_notebook() { return "no folders in tests"; }
void switch_notebook(std::string_view) {}

std::string load_setting(std::string_view key) {
  auto it = test::g_settings.find(std::string(key));
  return it == test::g_settings.end() ? std::string() : it->second;
}
void save_setting(std::string_view key, std::string_view value) { test::g_settings[std::string(key)] = std::string(value); }
bool system_prefers_dark() { return test::g_prefers_dark; }
const ImFontLoader* font_loader() { return nullptr; }  // the TTF files, as on the desktop

}  // namespace sheaf::platform

namespace sheaf::platform {
// No converter in the UI tests: an import refuses legacy text as the app does without one.
bool decode_legacy_text(std::string_view, const char*, std::string&) { return false; }
}  // namespace sheaf::platform

namespace sheaf::test {
std::vector<std::string> g_decode_bytes;  // names of the images decoded from bytes
}
namespace sheaf::platform {
// Bytes from storage: a PNG's header gives its size; anything else fails.
void decode_image_bytes(std::string bytes, std::string name, std::function<void(DecodedImage)> done) {
  test::g_decode_bytes.push_back(name);
  DecodedImage img;
  if (bytes.size() >= 24 && bytes.compare(0, 8, "\x89PNG\r\n\x1a\n", 8) == 0) {
    auto be32 = [&](size_t at) {
      return int(uint8_t(bytes[at]) << 24 | uint8_t(bytes[at + 1]) << 16 | uint8_t(bytes[at + 2]) << 8 | uint8_t(bytes[at + 3]));
    };
    img.width = be32(16);
    img.height = be32(20);
    img.rgba.assign(size_t(img.width) * img.height * 4, char(0x40));
  } else {
    img.error = "cannot decode " + name;
  }
  done(std::move(img));
}
}  // namespace sheaf::platform
