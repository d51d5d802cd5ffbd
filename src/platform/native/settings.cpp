// Sheaf desktop settings: a small `key=value` file under the user's config
// folder. Read once, rewritten whole through a temporary file and a rename, so
// a crash mid-write never leaves half a file.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "core/safe_write.h"
#include "app/host.h"

namespace {

namespace fs = std::filesystem;

struct SettingsFile {
  bool loaded = false;
  fs::path path;
  std::map<std::string, std::string> values;
};
SettingsFile g_settings;

fs::path settings_path() {
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) return fs::path(x) / "sheaf" / "settings";
  if (const char* h = std::getenv("HOME"); h && *h) return fs::path(h) / ".config" / "sheaf" / "settings";
  return {};
}

SettingsFile& settings() {
  SettingsFile& s = g_settings;
  if (s.loaded) return s;
  s.loaded = true;
  s.path = settings_path();
  if (s.path.empty()) return s;
  std::ifstream in(s.path);
  std::string line;
  while (std::getline(in, line)) {
    size_t eq = line.find('=');
    if (eq == std::string::npos || eq == 0) continue;
    s.values[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return s;
}

}  // namespace

namespace sheaf::platform {

std::string load_setting(std::string_view key) {
  SettingsFile& s = settings();
  auto it = s.values.find(std::string(key));
  return it == s.values.end() ? std::string() : it->second;
}

void save_setting(std::string_view key, std::string_view value) {
  SettingsFile& s = settings();
  std::string k(key), v(value);
  for (char& c : v)
    if (c == '\n' || c == '\r') c = ' ';
  // An empty value is no value: the key leaves the file (load_setting reads "" either way).
  auto it = s.values.find(k);
  if (v.empty() ? it == s.values.end() : it != s.values.end() && it->second == v) return;
  if (v.empty()) s.values.erase(it);
  else s.values[k] = v;
  if (s.path.empty()) return;
  std::error_code ec;
  fs::create_directories(s.path.parent_path(), ec);
  std::string text;
  for (const auto& [name, val] : s.values) text += name + '=' + val + '\n';
  // Replaced whole, never torn: the crash marker ("opening") must survive the
  // process dying right after. No fsync: it is written on every post opened,
  // and a lost preference after a power cut is harmless. A read-only home
  // keeps preferences for this session only.
  SafeWriteOptions o;
  o.sync = false;
  write_file_safely(s.path.string(), text, o);
}

bool system_prefers_dark() {
  const char* t = std::getenv("GTK_THEME");
  std::string theme = t ? t : "";
  return theme.size() >= 5 && theme.compare(theme.size() - 5, 5, ":dark") == 0;
}

}  // namespace sheaf::platform
