// sheaf-cli entry point: dispatches to a subcommand.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <unistd.h>

#include <filesystem>

#include "cli/cli.h"
#include "core/safe_write.h"

namespace sheaf::cli {

bool read_file(const std::string& path, std::string& out, std::string& err) {
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    out = ss.str();
    return true;
  }
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    err = std::strerror(errno);
    return false;
  }
  out.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  if (f.bad()) {
    err = "read failed";
    return false;
  }
  return true;
}

// The folder a link may lead into when no --root is given: the working
// directory when the file named lies inside it (a notebook one works in),
// else the file's own folder and what is below it.
static std::string default_root(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path parent = fs::path(path).parent_path();
  fs::path dir = fs::weakly_canonical(parent.empty() ? fs::path(".") : parent, ec);
  if (ec) return parent.empty() ? "." : parent.string();
  fs::path cwd = fs::current_path(ec);
  if (!ec) {
    cwd = fs::weakly_canonical(cwd, ec);
    auto rel = dir.lexically_relative(cwd);
    if (!ec && !rel.empty() && *rel.begin() != "..") return cwd.string();
  }
  return dir.string();
}

bool write_file_atomic(const std::string& path, const std::string& text, const std::string& root, std::string& err) {
  // core/safe_write.h keeps mode and owner, writes through links inside the
  // root and refuses the rest.
  SafeWriteOptions o;
  o.root = root.empty() ? default_root(path) : root;
  SafeWriteResult r = write_file_safely(path, text, o);
  if (!r.ok) err = r.reason;
  return r.ok;
}

void error(const std::string& where, const std::string& message) {
  std::fprintf(stderr, "sheaf-cli: %s: %s\n", where.c_str(), message.c_str());
}

}  // namespace sheaf::cli

namespace {

struct Command {
  const char* name;
  int (*run)(const sheaf::cli::Args&);
  const char* usage;
};

const Command kCommands[] = {
    {"inspect", sheaf::cli::cmd_inspect, "inspect FILE...            JSON: title, date, tags, properties, diagnostics, headings"},
    {"html", sheaf::cli::cmd_html, "html [--unsafe] FILE|-      export HTML (safe mode unless --unsafe; code in hl-* spans unless --no-highlight)"},
    {"lint", sheaf::cli::cmd_lint, "lint DIR|FILE...           report every diagnostic; exit 1 on any error"},
    {"set", sheaf::cli::cmd_set, "set FILE KEY VALUE         set a front-matter property, changing only its lines"},
    {"unset", sheaf::cli::cmd_unset, "unset FILE KEY              remove a front-matter property"},
    {"tag", sheaf::cli::cmd_tag, "tag FILE +x -y [--cat]      add/remove tags (or categories with --cat)"},
    {"query", sheaf::cli::cmd_query, "query DIR 'QUERY' [--json] [--sort date|title|modified]  find posts"},
    {"tags", sheaf::cli::cmd_tags, "tags DIR [--json]          tag, category and year facet counts"},
};

void usage(FILE* out) {
  std::fprintf(out, "usage: sheaf-cli COMMAND [ARGS]\n\ncommands:\n");
  for (const Command& c : kCommands) std::fprintf(out, "  %s\n", c.usage);
  std::fprintf(out,
               "\nset, unset and tag keep the file's mode; through a symbolic link they edit its target when\n"
               "that lies inside --root DIR (default: the working directory if the file is in it, else the\n"
               "file's folder), and refuse links leading elsewhere, dangling links and hard-linked files.\n"
               "\nexit codes: 0 ok, 1 problems found, 2 usage error or malformed query, 3 file error\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? sheaf::cli::kUsage : 0;
  }
  sheaf::cli::Args args(argv + 2, argv + argc);
  for (const Command& c : kCommands)
    if (!std::strcmp(argv[1], c.name)) return c.run(args);
  std::fprintf(stderr, "sheaf-cli: unknown command '%s'\n", argv[1]);
  usage(stderr);
  return sheaf::cli::kUsage;
}
