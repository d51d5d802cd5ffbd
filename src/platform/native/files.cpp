// Sheaf desktop: exported files go to ~/Downloads (or ~, or the current folder).
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "platform/platform.h"

namespace sheaf::platform {

namespace fs = std::filesystem;

std::string save_file(std::string_view name, std::string_view bytes, std::string_view) {
  fs::path dir = ".";
  if (const char* home = std::getenv("HOME")) {
    std::error_code ec;
    dir = fs::is_directory(fs::path(home) / "Downloads", ec) ? fs::path(home) / "Downloads" : fs::path(home);
  }
  if (const char* over = std::getenv("SHEAF_EXPORT_DIR")) dir = over;  // tests
  // Never overwrite: "name (2).ext" when taken.
  fs::path base = fs::path(std::string(name));
  fs::path target = dir / base;
  for (int n = 2; fs::exists(target) && n < 1000; n++)
    target = dir / fs::path(base.stem().string() + " (" + std::to_string(n) + ")" + base.extension().string());
  std::ofstream out(target, std::ios::binary);
  out.write(bytes.data(), std::streamsize(bytes.size()));
  out.close();
  if (!out) return "error: could not write " + target.string();
  return target.string();
}

bool pick_files(bool) { return false; }

}  // namespace sheaf::platform
