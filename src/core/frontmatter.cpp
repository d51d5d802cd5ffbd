// Sheaf core: front matter detection.
//
// Jekyll only treats a file as having front matter when its very first line is
// "---"; a "---" anywhere later is Markdown (a thematic break or a setext
// underline). We follow that to the byte, plus Hugo's TOML and JSON forms.
#include "core/frontmatter.h"

#include "core/utf8.h"

namespace sheaf {

size_t bom_length(std::string_view text) {
  return text.size() >= 3 && (unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB &&
                 (unsigned char)text[2] == 0xBF
             ? 3
             : 0;
}

// Is text[pos, eol) exactly `fence` followed by optional spaces/tabs (and '\r')?
static bool is_fence_line(std::string_view text, size_t pos, size_t eol, std::string_view fence) {
  if (eol - pos < fence.size() || text.compare(pos, fence.size(), fence) != 0) return false;
  return rest_is_blank(text, pos + fence.size(), eol);
}

FrontMatter detect_front_matter(std::string_view text, std::vector<Diagnostic>* diags) {
  FrontMatter fm;
  const size_t start = bom_length(text);
  fm.body_begin = start;

  const size_t first_eol = next_line(text, start);
  // The opening line must end with a newline: a file that is only "---" is Markdown.
  if (first_eol == text.size() && (first_eol == 0 || text[first_eol - 1] != '\n')) return fm;

  FrontMatterFormat format = FrontMatterFormat::None;
  std::string_view close1, close2;
  if (is_fence_line(text, start, first_eol, "---")) { format = FrontMatterFormat::Yaml; close1 = "---"; close2 = "..."; }
  else if (is_fence_line(text, start, first_eol, "+++")) { format = FrontMatterFormat::Toml; close1 = close2 = "+++"; }
  else if (is_fence_line(text, start, first_eol, "{")) { format = FrontMatterFormat::Json; close1 = close2 = "}"; }
  else return fm;

  for (size_t pos = first_eol; pos < text.size();) {
    size_t eol = next_line(text, pos);
    if (is_fence_line(text, pos, eol, close1) || is_fence_line(text, pos, eol, close2)) {
      fm.format = format;
      fm.begin = start;
      fm.content_begin = first_eol;
      fm.content_end = pos;
      fm.end = eol;
      fm.body_begin = eol;
      fm.content_line = 2;
      fm.crlf = first_eol >= 2 && text[first_eol - 2] == '\r';
      return fm;
    }
    pos = eol;
  }

  if (diags) {
    static const char* names[] = {"", "YAML front matter: opening '---' has no closing '---' or '...' line",
                                  "TOML front matter: opening '+++' has no closing '+++' line",
                                  "JSON front matter: opening '{' has no closing '}' line"};
    diags->push_back({Severity::Warning, 1, 1, names[int(format)]});
  }
  return fm;
}

}  // namespace sheaf
