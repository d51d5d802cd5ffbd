// Sheaf core: HTML export of the Markdown tree.
//
// Output follows md4c's HTML renderer conventions (so CommonMark/GFM test
// suites apply), rendered from our MarkdownTree with an iterative walk.
// Output is always valid UTF-8: invalid input bytes become U+FFFD.
#pragma once
#include <string>
#include <string_view>
#include "core/document.h"

namespace sheaf {

struct HtmlOptions {
  // Safe mode (the default) sanitizes raw HTML with an allowlist of harmless
  // tags and attributes; drops <script>, <style>, <iframe>, <object>,
  // <embed> (and similar) elements with their content, event handlers (on*),
  // style attributes and comments; and drops javascript:, vbscript: and data:
  // URLs from href/src (links, images and raw HTML alike).
  // Unsafe mode passes raw HTML through unchanged, as CommonMark specifies.
  bool safe = true;
  // In safe mode, allow data:image/{png,gif,jpeg,webp} URLs as image sources
  // (never SVG, which can carry script).
  bool allow_data_images = true;
  // Code blocks in a known language (core/highlight.h) get their tokens in
  // <span class="hl-kw">-style spans; style them with highlight_css(). Off
  // by default, so the output stays md4c's (the CommonMark suites).
  bool highlight_code = false;
};

std::string to_html(std::string_view text, const MarkdownTree& tree, const HtmlOptions& options = {});
std::string to_html(const Document& doc, const HtmlOptions& options = {});

// CSS for what the Jekyll pass adds (callouts, notices, {:toc}), for a page's <style>.
const char* export_stylesheet_callouts();

// True when `url` uses a scheme that can run script (javascript:, vbscript:,
// data: other than the allowed raster images when `image` is true). Leading
// whitespace/control characters and embedded tabs/newlines are ignored, as
// browsers do.
bool is_dangerous_url(std::string_view url, bool image, bool allow_data_images = true);

// Sanitizes a fragment of raw HTML (safe mode). `skip` carries the name of an
// element whose content is being dropped across fragments ("script", ...);
// it is empty when nothing is being dropped.
void append_sanitized_html(std::string& out, std::string_view raw, std::string& skip, bool allow_data_images = true);

// Appends text with &, <, >, " escaped and invalid UTF-8 replaced.
void append_html_escaped(std::string& out, std::string_view s);

}  // namespace sheaf
