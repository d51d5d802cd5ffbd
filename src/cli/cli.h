// sheaf-cli: the core on the command line. Each subcommand lives in its own
// cmd_NAME.cpp and registers itself in the table in main.cpp.
//
// Exit codes (documented in README):
//   0  success
//   1  the command ran and found problems (lint errors, no query match with --fail-empty)
//   2  usage error (bad arguments, malformed query)
//   3  input/output error (file missing, unreadable, not writable)
#pragma once
#include <string>
#include <vector>

namespace sheaf::cli {

enum Exit { kOk = 0, kProblems = 1, kUsage = 2, kIoError = 3 };

using Args = std::vector<std::string>;

int cmd_inspect(const Args& args);
int cmd_html(const Args& args);
int cmd_lint(const Args& args);
int cmd_set(const Args& args);
int cmd_unset(const Args& args);
int cmd_tag(const Args& args);
int cmd_query(const Args& args);
int cmd_tags(const Args& args);

// Helpers shared by the subcommands.
bool read_file(const std::string& path, std::string& out, std::string& error);  // "-" reads stdin
// Replaces the file safely (core/safe_write.h). A symbolic link is written
// through when its target is inside `root`; "" means the working directory
// when the file is inside it, else the file's own folder.
bool write_file_atomic(const std::string& path, const std::string& text, const std::string& root,
                       std::string& error);
void error(const std::string& where, const std::string& message);  // "sheaf-cli: where: message" on stderr

}  // namespace sheaf::cli
