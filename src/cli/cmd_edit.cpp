// sheaf-cli set / unset / tag: lossless front-matter edits on a file.
#include <cstdio>

#include "cli/cli.h"
#include "core/document.h"
#include "core/edit.h"
#include "core/properties.h"

namespace sheaf::cli {

// Takes "--root DIR" out of the arguments: the folder a symbolic link may
// lead into (see write_file_atomic). False when DIR is missing.
static bool take_root(Args& args, std::string& root) {
  for (size_t i = 0; i < args.size(); i++) {
    if (args[i] != "--root") continue;
    if (i + 1 >= args.size() || args[i + 1].empty()) return false;
    root = args[i + 1];
    args.erase(args.begin() + long(i), args.begin() + long(i) + 2);
    i--;
  }
  return true;
}

static int write_back(const std::string& path, const std::string& text, const std::string& root) {
  std::string err;
  if (!write_file_atomic(path, text, root, err)) {
    error(path, "cannot write: " + err);
    return kIoError;
  }
  return kOk;
}

// Applies an edit and writes the file only when its bytes changed.
static int apply(const std::string& path, const EditResult& r, const std::string& root) {
  if (!r.ok) {
    error(path, r.error);
    return kProblems;
  }
  if (!r.changed) return kOk;
  return write_back(path, r.text, root);
}

static bool load(const std::string& path, std::string& text) {
  std::string err;
  if (read_file(path, text, err)) return true;
  error(path, err);
  return false;
}

int cmd_set(const Args& all) {
  Args args = all;
  std::string root;
  if (!take_root(args, root) || args.size() != 3) {
    error("set", "usage: sheaf-cli set FILE KEY VALUE [--root DIR]");
    return kUsage;
  }
  std::string text;
  if (!load(args[0], text)) return kIoError;
  // The value is typed as YAML would read it unquoted: numbers, booleans and
  // dates keep their type; anything else is a string (quoted when needed).
  Value v;
  v.kind = classify_plain_scalar(args[2]);
  v.scalar = args[2];
  if (v.kind == Value::Kind::Null && !args[2].empty()) v.kind = Value::Kind::String;
  return apply(args[0], set_property(text, args[1], v), root);
}

int cmd_unset(const Args& all) {
  Args args = all;
  std::string root;
  if (!take_root(args, root) || args.size() != 2) {
    error("unset", "usage: sheaf-cli unset FILE KEY [--root DIR]");
    return kUsage;
  }
  std::string text;
  if (!load(args[0], text)) return kIoError;
  return apply(args[0], remove_property(text, args[1]), root);
}

int cmd_tag(const Args& all) {
  Args args = all;
  std::string root;
  std::string path;
  std::string field = "tags";
  std::vector<std::string> ops;
  bool bad = !take_root(args, root);
  for (const std::string& a : args) {
    if (a == "--cat") field = "categories";
    else if (path.empty()) path = a;
    else ops.push_back(a);
  }
  bad = bad || path.empty() || ops.empty();
  for (const std::string& op : ops)
    if (op.size() < 2 || (op[0] != '+' && op[0] != '-')) bad = true;
  if (bad) {
    error("tag", "usage: sheaf-cli tag FILE +name -name ... [--cat] [--root DIR]");
    return kUsage;
  }
  std::string text;
  if (!load(path, text)) return kIoError;
  std::string original = text;
  for (const std::string& op : ops) {
    EditResult r = op[0] == '+' ? add_tag(text, field, op.substr(1)) : remove_tag(text, field, op.substr(1));
    if (!r.ok) {
      error(path, r.error);
      return kProblems;
    }
    text = std::move(r.text);
  }
  if (text == original) return kOk;
  return write_back(path, text, root);
}

}  // namespace sheaf::cli
