// Sheaf properties form: the front matter of one post as fields above the
// source editor. Title and date are validated text fields, tags and
// categories are chips (× removes, a field with completion adds), any other
// scalar key is a text field. The form never writes the file itself: each
// commit comes back as the new file text, made by core/edit.h, so only the
// touched key's bytes change.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/site.h"
#include "imgui.h"

namespace sheaf {

struct Document;

struct FormEdit {
  bool changed = false;
  std::string text;  // the whole file after the edit
  std::string what;  // "title", "date", "tags+x", ... (for tests and the status line)
  // The user took the offer to rename a "YYYY-MM-DD-" file to its new date:
  // the path to rename the post to (text is unchanged then).
  std::string rename_to;
};

class PropertiesForm {
 public:
  // Draws the form for `doc` (its `version` tells when to refresh fields the
  // user is not editing). `tag_names`/`category_names` feed the completion.
  FormEdit draw(const Document& doc, uint64_t version, const std::vector<std::string>& tag_names,
                const std::vector<std::string>& category_names);

  const std::string& date_error() const { return date_error_; }

  // Values the post inherits from a Jekyll site's defaults (core/site.h):
  // shown muted below its own, with where they come from; never written.
  void set_inherited(std::vector<InheritedProperty> rows) { inherited_ = std::move(rows); }
  // After a date edit on a "YYYY-MM-DD-" file: the path it could be renamed
  // to ("" when nothing is offered).
  const std::string& rename_offer() const { return rename_offer_; }

  const std::string& locked() const { return locked_; }  // why the fields take no edits ("" when they do)
  const std::string& last_error() const { return error_; }  // an edit core/edit.h refused

  // Screen rects of the controls as drawn last frame, by name ("title",
  // "date", "tags:add", "tags:x:<name>", ...), for the test bridge.
  struct ControlRect {
    std::string name;
    ImVec4 rect;  // x, y, w, h
  };
  const std::vector<ControlRect>& controls() const { return controls_; }

 private:
  std::string title_, date_, tag_input_, cat_input_;
  std::map<std::string, std::string> others_;
  std::string date_error_, error_;
  std::string locked_;  // why the edits would refuse this text ("" when they would not)
  uint64_t version_ = ~0ull;
  const Document* doc_ = nullptr;
  std::vector<ControlRect> controls_;
  std::vector<InheritedProperty> inherited_;
  std::string rename_offer_, rename_from_;  // the offered path, and the path it was offered for
};

}  // namespace sheaf
