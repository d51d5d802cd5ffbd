// sheaf-cli lint DIR|FILE...: every diagnostic as FILE:LINE:COLUMN: severity: message.
// Exits 1 when any diagnostic is an error, so a blog's CI can run it.
#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "cli/cli.h"
#include "core/document.h"

namespace fs = std::filesystem;

namespace sheaf::cli {

// Expands folders into their Markdown files (.md, .markdown, .txt), sorted,
// skipping hidden folders and generated sites.
std::vector<std::string> expand_paths(const Args& args, bool& io_error) {
  std::vector<std::string> out;
  for (const std::string& a : args) {
    std::error_code ec;
    if (fs::is_directory(a, ec)) {
      std::vector<std::string> found;
      fs::recursive_directory_iterator it(a, fs::directory_options::skip_permission_denied, ec), end;
      for (; !ec && it != end; it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (it->is_directory() && (name[0] == '.' || name == "_site" || name == "node_modules")) {
          it.disable_recursion_pending();
          continue;
        }
        std::string ext = it->path().extension().string();
        if (it->is_regular_file() && (ext == ".md" || ext == ".markdown" || ext == ".txt"))
          found.push_back(it->path().string());
      }
      if (ec) {
        error(a, ec.message());
        io_error = true;
      }
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else {
      out.push_back(a);
    }
  }
  return out;
}

int cmd_lint(const Args& args) {
  if (args.empty()) {
    error("lint", "usage: sheaf-cli lint DIR|FILE...");
    return kUsage;
  }
  bool io_error = false;
  size_t files = 0, errors = 0, warnings = 0;
  for (const std::string& path : expand_paths(args, io_error)) {
    std::string text, err;
    if (!read_file(path, text, err)) {
      error(path, err);
      io_error = true;
      continue;
    }
    files++;
    Document d = parse_document(path, std::move(text));
    for (const Diagnostic& g : d.diagnostics) {
      std::printf("%s:%d:%d: %s: %s\n", path.c_str(), g.line, g.column, severity_name(g.severity), g.message.c_str());
      if (g.severity == Severity::Error) errors++;
      if (g.severity == Severity::Warning) warnings++;
    }
  }
  std::fprintf(stderr, "sheaf-cli: lint: %zu files, %zu errors, %zu warnings\n", files, errors, warnings);
  if (io_error) return kIoError;
  return errors ? kProblems : kOk;
}

}  // namespace sheaf::cli
