// sheaf-cli html [--unsafe] [--no-highlight] FILE|-: HTML export of the body.
// Code blocks in a known language get hl-* spans unless --no-highlight.
#include <cstdio>

#include "cli/cli.h"
#include "core/document.h"
#include "core/html.h"

namespace sheaf::cli {

int cmd_html(const Args& args) {
  HtmlOptions options;
  options.highlight_code = true;
  std::string path;
  for (const std::string& a : args) {
    if (a == "--unsafe") {
      options.safe = false;
    } else if (a == "--no-highlight") {
      options.highlight_code = false;
    } else if (!path.empty() || (a.size() > 1 && a[0] == '-')) {
      error("html", "usage: sheaf-cli html [--unsafe] [--no-highlight] FILE|-");
      return kUsage;
    } else {
      path = a;
    }
  }
  if (path.empty()) {
    error("html", "usage: sheaf-cli html [--unsafe] [--no-highlight] FILE|-");
    return kUsage;
  }
  std::string text, err;
  if (!read_file(path, text, err)) {
    error(path, err);
    return kIoError;
  }
  Document doc = parse_document(path == "-" ? "stdin.md" : path, std::move(text));
  std::string html = to_html(doc, options);
  std::fwrite(html.data(), 1, html.size(), stdout);
  return kOk;
}

}  // namespace sheaf::cli
