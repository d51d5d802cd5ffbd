// libFuzzer target over the whole core path a file takes: detection and
// parsing (parse_document), HTML export in both modes, and the lossless edits,
// checking the edits' promise on every input: bytes outside the edited range
// stay identical.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/document.h"
#include "core/edit.h"
#include "core/html.h"

using namespace sheaf;

static void check_edit(std::string_view input, const EditResult& r) {
  if (!r.ok || !r.changed) return;
  // Everything before `begin` and after the old/new ends is untouched.
  if (r.begin > input.size() || r.old_end > input.size() || r.new_end > r.text.size() || r.begin > r.old_end ||
      r.begin > r.new_end)
    std::abort();
  if (input.substr(0, r.begin) != std::string_view(r.text).substr(0, r.begin)) std::abort();
  if (input.substr(r.old_end) != std::string_view(r.text).substr(r.new_end)) std::abort();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  Document doc = parse_document("_posts/2024-01-02-fuzz.md", text);
  if (doc.text != text) std::abort();  // parsing never rewrites bytes

  HtmlOptions safe;
  std::string html = to_html(doc, safe);
  HtmlOptions unsafe;
  unsafe.safe = false;
  (void)to_html(doc, unsafe);
  // Safe mode never lets a script element through.
  if (html.find("<script") != std::string::npos) std::abort();

  Value v;
  v.kind = Value::Kind::String;
  v.scalar = "값: \"quoted\" #1";
  EditResult e1 = set_property(text, "title", v);
  check_edit(text, e1);
  if (e1.ok) {
    Document again = parse_document("_posts/2024-01-02-fuzz.md", e1.text);
    (void)again;
  }
  check_edit(text, add_tag(text, "tags", "새 태그"));
  check_edit(text, remove_tag(text, "tags", "a"));
  check_edit(text, rename_tag(text, "categories", "a", "b c"));
  check_edit(text, remove_property(text, "date"));
  return 0;
}
