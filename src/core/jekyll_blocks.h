// Sheaf core: kramdown and callout blocks, read the way Jekyll sites mean them.
//
// A post-pass over the md4c tree (core/markdown.h). It never changes the
// text; it only reshapes the tree so the preview and the HTML export show
// what a Jekyll build shows:
// - kramdown block IAL/ALD lines ("{: .class #id k="v"}", "{:ref: ...}",
//   "{::options ... /}") alone or as the first/last line of a paragraph
//   become AttributeLine nodes (never drawn). An IAL applies to the block
//   right before it (no blank line between), else to the block right after.
// - a block with a minimal-mistakes notice class (.notice, .notice--info, ...)
//   is wrapped in a Callout together with its AttributeLine.
// - "* TOC\n{:toc}" (any list whose last line is "{:toc}") becomes a TocBlock.
// - "<div markdown="1">" (any tag; "block"/"span" too): the tag lines become
//   AttributeLines and what is between shows as Markdown; a notice class on
//   the tag makes the whole a Callout.
// - "> [!NOTE]" GitHub alerts and "> [!info] Title" Obsidian callouts: the
//   quote becomes a Callout, the marker line its title (Node text range).
//
// Index of this header:
// [SECTION] Callout kinds
// [SECTION] Attributes
// [SECTION] The pass
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/document.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Callout kinds
//-----------------------------------------------------------------------------

// Stored in Node::level of a Callout.
enum class CalloutKind : uint8_t {
  Note, Tip, Important, Warning, Caution,            // GitHub alerts
  Notice, Primary, Info, NoticeWarning, Success, Danger,  // minimal-mistakes notices
  Question, Example, Quote, Abstract, Todo, Bug,     // Obsidian's others
  InfoCallout, SuccessCallout, DangerCallout,        // Obsidian's info/success/danger (titled, unlike notices)
  Count
};

const char* callout_kind_name(CalloutKind k);   // "note", "notice--info"... (the CSS class suffix)
const char* callout_label(CalloutKind k);       // "Note", "Tip"...: the default title
// Notices have no label or title line (minimal-mistakes draws none).
bool callout_is_notice(CalloutKind k);
// The colour family the viewer and the stylesheet use: one of the five
// GitHub colours or grey ("note", "tip", "important", "warning", "caution", "plain").
const char* callout_colour(CalloutKind k);
// "[!NOTE]"'s word (any case; Obsidian aliases such as "faq", "hint", "error").
// Unknown words give Note, as Obsidian does.
CalloutKind callout_kind_from_word(std::string_view word);
// A notice class ("notice", "notice--info", ...): true and the kind.
bool notice_kind_from_class(std::string_view cls, CalloutKind& out);

inline CalloutKind callout_kind(const Node& n) {
  return n.level < uint8_t(CalloutKind::Count) ? CalloutKind(n.level) : CalloutKind::Note;
}

//-----------------------------------------------------------------------------
// [SECTION] Attributes
//-----------------------------------------------------------------------------

struct KramdownAttrs {
  std::vector<std::string> classes;
  std::string id;
  std::vector<std::pair<std::string, std::string>> pairs;  // key="value"
  bool toc = false;                                        // {:toc}
  // What Sheaf does not apply: key="value" pairs, ALDs ("{:ref: ...}"),
  // extensions ("{::options ...}") and references to ALDs, as written.
  std::vector<std::string> unknown;
};

// One line "{:...}" (spaces around allowed): true when it is a kramdown
// block IAL, ALD or extension, attributes added to `out` (may be null).
bool parse_attribute_line(std::string_view line, KramdownAttrs* out);
// All the lines of an AttributeLine/TocBlock's text (or an HTML tag line of
// a markdown="1" block: its class and id).
KramdownAttrs attributes_of_line_node(const MarkdownTree& tree, std::string_view text, uint32_t node);
// The AttributeLine whose attributes apply to block `node` (its sibling right
// after with no blank line between, else the one right before), or kNoNode.
uint32_t attribute_line_for(const MarkdownTree& tree, std::string_view text, uint32_t node);
// The attributes that apply to block `node` (empty when none).
KramdownAttrs block_attributes(const MarkdownTree& tree, std::string_view text, uint32_t node);
// Heading `node` is left out of {:toc} (class "no_toc").
bool heading_has_no_toc(const MarkdownTree& tree, std::string_view text, uint32_t node);

//-----------------------------------------------------------------------------
// [SECTION] The pass
//-----------------------------------------------------------------------------

// Reshapes `tree` (parsed from `text`) as described at the top. Cheap when
// the root's range holds none of "{:", "[!" and "markdown=". `whole`: the
// tree is a full parse (its risky_lists are computed again); false for the
// incremental re-parse's region.
void apply_jekyll_blocks(std::string_view text, MarkdownTree& tree, bool whole);

// The attributes of every AttributeLine/TocBlock in the tree that Sheaf does
// not apply, in document order, with their 1-based lines: Document::unknown_attributes.
void collect_unknown_attributes(Document& doc);

}  // namespace sheaf
