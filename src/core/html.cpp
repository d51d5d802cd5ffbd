// Sheaf core: HTML export. See html.h.
//
// Index of this file:
// [SECTION] Escaping
// [SECTION] URLs
// [SECTION] Raw HTML sanitizer
// [SECTION] Renderer

#include "core/html.h"

#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "core/footnotes.h"
#include "core/highlight.h"
#include "core/jekyll_blocks.h"
#include "core/text.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Escaping
//-----------------------------------------------------------------------------

void append_html_escaped(std::string& out, std::string_view s) {
  size_t run = 0, i = 0, n = s.size();
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    const char* rep = nullptr;
    size_t skip = 1;
    if (c < 0x80) {
      if (c == '&') rep = "&amp;";
      else if (c == '<') rep = "&lt;";
      else if (c == '>') rep = "&gt;";
      else if (c == '"') rep = "&quot;";
      else { i++; continue; }
    } else {
      bool bad;
      size_t j = i;
      decode_utf8(s, j, bad);
      if (!bad) { i = j; continue; }
      rep = "\xEF\xBF\xBD";
      skip = j - i;  // one U+FFFD per maximal ill-formed subpart
    }
    out.append(s.data() + run, i - run);
    out += rep;
    i += skip;
    run = i;
  }
  out.append(s.data() + run, n - run);
}

// URL attribute escaping, as md4c's renderer does it: percent-encode bytes
// outside a safe set (non-ASCII included), '&' as "&amp;".
static void append_url_escaped(std::string& out, std::string_view s) {
  static const char hex[] = "0123456789ABCDEF";
  for (unsigned char c : s) {
    bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                (c && std::strchr("~-_.+!*(),%#@?=;:/$", c));
    if (safe) out += char(c);
    else if (c == '&') out += "&amp;";
    else { out += '%'; out += hex[c >> 4]; out += hex[c & 15]; }
  }
}

//-----------------------------------------------------------------------------
// [SECTION] URLs
//-----------------------------------------------------------------------------

bool is_dangerous_url(std::string_view url, bool image, bool allow_data_images) {
  size_t i = 0;
  while (i < url.size() && (unsigned char)url[i] <= 0x20) i++;
  std::string scheme;
  for (; i < url.size(); i++) {
    char c = url[i];
    if (c == '\t' || c == '\n' || c == '\r') continue;  // browsers drop these
    if (c == ':') break;
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
    if (!ok) return false;  // a relative URL
    scheme += char(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (scheme.size() > 32) return false;
  }
  if (i >= url.size()) return false;
  if (scheme == "javascript" || scheme == "vbscript" || scheme == "livescript" || scheme == "mocha") return true;
  if (scheme != "data") return false;
  if (!image || !allow_data_images) return true;
  std::string rest;
  for (size_t k = i + 1; k < url.size() && rest.size() < 16; k++) {
    char c = url[k];
    if ((unsigned char)c <= 0x20) continue;
    rest += char(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  for (const char* ok : {"image/png", "image/gif", "image/jpeg", "image/jpg", "image/webp"}) {
    size_t n = std::strlen(ok);
    if (rest.compare(0, n, ok) == 0 && rest.size() > n && (rest[n] == ';' || rest[n] == ',')) return false;
  }
  return true;
}

//-----------------------------------------------------------------------------
// [SECTION] Raw HTML sanitizer
//-----------------------------------------------------------------------------

static bool in_list(std::string_view name, const char* const* list) {
  for (; *list; list++)
    if (name == *list) return true;
  return false;
}

static const char* const kAllowedTags[] = {
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "center", "cite", "code", "col", "colgroup",
    "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp",
    "small", "span", "strike", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "time", "tr", "tt", "u", "ul", "var", "wbr", nullptr};

// Elements dropped together with their content.
static const char* const kDroppedWithContent[] = {
    "script", "style", "iframe", "object", "embed", "applet", "noscript", "noembed", "noframes", "template",
    "textarea", "title", "xmp", "svg", "math", "select", "frameset", "plaintext", nullptr};

static const char* const kAllowedAttrs[] = {
    "title", "alt", "width", "height", "align", "valign", "colspan", "rowspan", "start", "reversed", "class",
    "id", "lang", "dir", "open", "datetime", "abbr", "scope", "span", nullptr};

static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
static std::string lower(std::string_view s) {
  std::string r(s);
  for (char& c : r)
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  return r;
}

// Finds "</name" (any case) at or after `from`.
static size_t find_end_tag(std::string_view s, size_t from, std::string_view name) {
  for (size_t i = s.find("</", from); i != std::string_view::npos; i = s.find("</", i + 2)) {
    if (i + 2 + name.size() > s.size()) return std::string_view::npos;
    if (lower(s.substr(i + 2, name.size())) == name) {
      size_t k = i + 2 + name.size();
      if (k >= s.size() || is_space(s[k]) || s[k] == '>' || s[k] == '/') return i;
    }
  }
  return std::string_view::npos;
}

void append_sanitized_html(std::string& out, std::string_view s, std::string& skip, bool allow_data_images) {
  size_t i = 0, n = s.size();
  while (i < n) {
    if (!skip.empty()) {
      size_t j = find_end_tag(s, i, skip);
      if (j == std::string_view::npos) return;  // still inside the dropped element
      size_t gt = s.find('>', j);
      i = gt == std::string_view::npos ? n : gt + 1;
      skip.clear();
      continue;
    }
    if (s[i] != '<') {
      size_t lt = s.find('<', i);
      if (lt == std::string_view::npos) lt = n;
      append_valid_utf8(out, s.substr(i, lt - i));
      i = lt;
      continue;
    }
    // A comment, declaration, processing instruction or CDATA: dropped.
    if (s.compare(i, 4, "<!--") == 0) {
      size_t e = s.find("-->", i + 4);
      i = e == std::string_view::npos ? n : e + 3;
      continue;
    }
    if (i + 1 < n && (s[i + 1] == '!' || s[i + 1] == '?')) {
      size_t e = s.find('>', i);
      i = e == std::string_view::npos ? n : e + 1;
      continue;
    }
    bool closing = i + 1 < n && s[i + 1] == '/';
    size_t p = i + (closing ? 2 : 1);
    if (p >= n || !is_alpha(s[p])) {
      out += "&lt;";
      i++;
      continue;
    }
    size_t name_end = p;
    while (name_end < n && (is_alpha(s[name_end]) || (s[name_end] >= '0' && s[name_end] <= '9') || s[name_end] == '-')) name_end++;
    std::string name = lower(s.substr(p, name_end - p));
    // Attributes up to the closing '>' (quotes may contain '>').
    struct Attr { std::string name, value; bool has_value; };
    std::vector<Attr> attrs;
    size_t k = name_end;
    bool self_closing = false, complete = false;
    while (k < n) {
      while (k < n && is_space(s[k])) k++;
      if (k >= n) break;
      if (s[k] == '>') { complete = true; k++; break; }
      if (s[k] == '/') { self_closing = true; k++; continue; }
      size_t a = k;
      while (k < n && !is_space(s[k]) && s[k] != '>' && s[k] != '/' && s[k] != '=') k++;
      if (k == a) { k++; continue; }
      Attr at{lower(s.substr(a, k - a)), {}, false};
      size_t save = k;
      while (k < n && is_space(s[k])) k++;
      if (k < n && s[k] == '=') {
        k++;
        while (k < n && is_space(s[k])) k++;
        at.has_value = true;
        if (k < n && (s[k] == '"' || s[k] == '\'')) {
          char q = s[k];
          size_t e = s.find(q, k + 1);
          if (e == std::string_view::npos) { k = n; break; }
          at.value = std::string(s.substr(k + 1, e - k - 1));
          k = e + 1;
        } else {
          size_t v = k;
          while (k < n && !is_space(s[k]) && s[k] != '>') k++;
          at.value = std::string(s.substr(v, k - v));
        }
      } else {
        k = save;
      }
      self_closing = false;
      attrs.push_back(std::move(at));
    }
    if (!complete) {  // not a tag after all: show it as text
      out += "&lt;";
      i++;
      continue;
    }
    i = k;
    if (in_list(name, kDroppedWithContent)) {
      if (!closing && !self_closing) skip = name;
      continue;
    }
    if (!in_list(name, kAllowedTags)) continue;  // drop the tag, keep its content
    if (closing) {
      out += "</";
      out += name;
      out += '>';
      continue;
    }
    out += '<';
    out += name;
    for (const Attr& at : attrs) {
      bool url = (at.name == "href" && name == "a") || (at.name == "src" && name == "img") ||
                 (at.name == "cite" && (name == "blockquote" || name == "q" || name == "del" || name == "ins"));
      if (!url && !in_list(at.name, kAllowedAttrs)) continue;
      std::string value;
      append_entity_decoded(value, at.value);
      if (url && is_dangerous_url(value, name == "img", allow_data_images)) continue;
      out += ' ';
      out += at.name;
      if (at.has_value) {
        out += "=\"";
        append_html_escaped(out, value);
        out += '"';
      }
    }
    out += self_closing ? " />" : ">";
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Renderer
//-----------------------------------------------------------------------------

namespace {

struct Renderer {
  std::string_view src;
  const MarkdownTree& t;
  const HtmlOptions& opt;
  std::string& out;
  int image_depth = 0;       // inside an image: only alt text is written
  std::string skip;          // safe mode: element whose content is being dropped
  uint32_t suppressed = kNoNode;  // node skipped on entering: its leave writes nothing
  Footnotes notes;                // numbering of the post's footnotes
  int in_note = -1;               // writing note k of the list at the end
  std::vector<int> ref_seen;      // per note: references written so far

  void note_ids(std::string& o, const char* prefix, int number, int nth) {
    o += prefix;
    o += std::to_string(number);
    if (nth > 0) { o += ':'; o += std::to_string(nth); }
  }

  // The list after the post, as kramdown writes it: each note, then back links.
  void write_notes() {
    if (notes.notes.empty()) return;
    out += "<div class=\"footnotes\" role=\"doc-endnotes\">\n<ol>\n";
    for (size_t k = 0; k < notes.notes.size(); k++) {
      const FootnoteInfo& f = notes.notes[k];
      out += "<li id=\"";
      note_ids(out, "fn:", f.number, 0);
      out += "\">\n";
      in_note = int(k);
      walk_tree(t, f.def, [&](uint32_t i, bool entering) {
        if (entering) return enter(i);
        leave(i);
        return true;
      });
      in_note = -1;
    }
    out += "</ol>\n</div>\n";
  }

  // Heading anchors, made only when the post has a {:toc} (its links need
  // them): node index -> anchor, as collect_outline makes them.
  std::unordered_map<uint32_t, std::string> anchors;
  struct TocEntry {
    int level;
    std::string text, anchor;
  };
  std::vector<TocEntry> toc;

  void prepare() {
    bool any_toc = false, any_attr = false;
    for (const Node& n : t.nodes) {
      any_toc |= n.type == NodeType::TocBlock;
      any_attr |= n.type == NodeType::AttributeLine;
    }
    has_attrs = any_attr;
    if (!any_toc) return;
    std::unordered_set<std::string> used;
    std::unordered_map<std::string, int> next_suffix;
    for (uint32_t i = 0; i < t.nodes.size(); i++) {
      if (t.nodes[i].type != NodeType::Heading) continue;
      std::string text = plain_text(t, src, i);
      std::string base = slugify(text), anchor = base;
      if (used.count(anchor)) {
        int& k = next_suffix[base];
        do anchor = base + "-" + std::to_string(++k);
        while (used.count(anchor));
      }
      used.insert(anchor);
      anchors[i] = anchor;
      if (!heading_has_no_toc(t, src, i)) toc.push_back({t.nodes[i].level, std::move(text), std::move(anchor)});
    }
  }
  bool has_attrs = false;

  // kramdown's class and id for block `i`, when an attribute line gives them
  // (other attributes are dropped: only these two are known to be harmless).
  void block_attrs(uint32_t i, bool with_id = true) {
    if (!has_attrs) return;
    KramdownAttrs a = block_attributes(t, src, i);
    if (with_id && !a.id.empty()) { out += " id=\""; append_html_escaped(out, a.id); out += '"'; }
    std::string cls;
    for (const std::string& c : a.classes) {
      CalloutKind k;
      if (notice_kind_from_class(c, k)) continue;  // the callout around it says it
      if (!cls.empty()) cls += ' ';
      cls += c;
    }
    if (!cls.empty()) { out += " class=\""; append_html_escaped(out, cls); out += '"'; }
  }

  // {:toc}: the headings as nested lists of links.
  void write_toc() {
    out += "<ul class=\"toc\" id=\"markdown-toc\">\n";
    if (toc.empty()) { out += "</ul>\n"; return; }
    std::vector<int> open{toc.front().level};
    bool item_open = false;
    for (const TocEntry& e : toc) {
      if (item_open && e.level > open.back()) {
        out += "\n<ul>\n";
        open.push_back(e.level);
        item_open = false;
      }
      while (e.level < open.back() && open.size() > 1) {
        if (item_open) out += "</li>\n";
        out += "</ul>\n";
        open.pop_back();
        item_open = true;
      }
      if (item_open) out += "</li>\n";
      out += "<li><a href=\"#";
      append_html_escaped(out, e.anchor);
      out += "\">";
      append_html_escaped(out, e.text);
      out += "</a>";
      item_open = true;
    }
    if (item_open) out += "</li>\n";
    for (size_t k = open.size(); k-- > 1;) out += "</ul>\n</li>\n";
    out += "</ul>\n";
  }

  void raw(std::string_view s) {
    if (opt.safe) append_sanitized_html(out, s, skip, opt.allow_data_images);
    else append_valid_utf8(out, s);
  }

  bool enter(uint32_t i) {
    const Node& n = t.nodes[i];
    if (!skip.empty() && !is_block(n.type) && n.type != NodeType::HtmlInline) { suppressed = i; return false; }
    if (image_depth > 0) {
      switch (n.type) {
        case NodeType::Text:
        case NodeType::CodeSpan:
        case NodeType::LatexMath: append_html_escaped(out, t.text(n, src)); return false;
        case NodeType::SoftBreak:
        case NodeType::HardBreak: out += ' '; return false;
        case NodeType::HtmlInline: return false;
        case NodeType::Image: image_depth++; return true;
        default: return true;
      }
    }
    switch (n.type) {
      case NodeType::Document: break;
      case NodeType::Quote: out += "<blockquote"; block_attrs(i); out += ">\n"; break;
      case NodeType::BulletList: out += "<ul"; block_attrs(i); out += ">\n"; break;
      case NodeType::OrderedList:
        out += "<ol";
        if (n.start != 1) { out += " start=\""; out += std::to_string(n.start); out += '"'; }
        block_attrs(i);
        out += ">\n";
        break;
      case NodeType::ListItem:
        if (n.task) {
          out += "<li class=\"task-list-item\"><input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled";
          if (n.task == 2) out += " checked";
          out += '>';
        } else {
          out += "<li>";
        }
        break;
      case NodeType::ThematicBreak: out += "<hr>\n"; break;
      case NodeType::Heading: {
        out += "<h";
        out += char('0' + (n.level >= 1 && n.level <= 6 ? n.level : 1));
        auto a = anchors.find(i);
        if (a != anchors.end()) { out += " id=\""; append_html_escaped(out, a->second); out += '"'; }
        block_attrs(i, a == anchors.end());
        out += '>';
        break;
      }
      case NodeType::CodeBlock: {
        out += "<pre><code";
        std::string_view lang = t.lang(n);
        if (!lang.empty()) { out += " class=\"language-"; append_html_escaped(out, lang); out += '"'; }
        out += '>';
        append_code(lang, t.text(n, src));
        out += "</code></pre>\n";
        return false;
      }
      case NodeType::HtmlBlock: raw(t.text(n, src)); return false;
      case NodeType::Paragraph: out += "<p"; block_attrs(i); out += '>'; break;
      case NodeType::Table: out += "<table"; block_attrs(i); out += ">\n"; break;
      case NodeType::TableHead: out += "<thead>\n"; break;
      case NodeType::TableBody: out += "<tbody>\n"; break;
      case NodeType::TableRow: out += "<tr>\n"; break;
      case NodeType::TableHeaderCell:
      case NodeType::TableCell: {
        out += n.type == NodeType::TableHeaderCell ? "<th" : "<td";
        if (n.align == Align::Left) out += " align=\"left\"";
        else if (n.align == Align::Center) out += " align=\"center\"";
        else if (n.align == Align::Right) out += " align=\"right\"";
        out += '>';
        break;
      }
      case NodeType::Text: append_html_escaped(out, t.text(n, src)); return false;
      case NodeType::SoftBreak: out += '\n'; return false;
      case NodeType::HardBreak: out += "<br>\n"; return false;
      case NodeType::Emphasis: out += "<em>"; break;
      case NodeType::Strong: out += "<strong>"; break;
      case NodeType::Strikethrough: out += "<del>"; break;
      case NodeType::Underline: out += "<u>"; break;
      case NodeType::Link: {
        std::string_view href = t.href(n);
        if (opt.safe && is_dangerous_url(href, false, opt.allow_data_images)) {
          out += "<a";
        } else {
          out += "<a href=\"";
          append_url_escaped(out, href);
          out += '"';
        }
        if (n.flags & 2) { out += " title=\""; append_html_escaped(out, t.title(n)); out += '"'; }
        out += '>';
        break;
      }
      case NodeType::Image: {
        std::string_view href = t.href(n);
        if (opt.safe && is_dangerous_url(href, true, opt.allow_data_images)) {
          out += "<img alt=\"";
        } else {
          out += "<img src=\"";
          append_url_escaped(out, href);
          out += "\" alt=\"";
        }
        image_depth++;
        break;
      }
      case NodeType::CodeSpan: out += "<code>"; append_html_escaped(out, t.text(n, src)); out += "</code>"; return false;
      case NodeType::HtmlInline: raw(t.text(n, src)); return false;
      case NodeType::LatexMath:
        out += n.level == 2 ? "<x-equation type=\"display\">" : "<x-equation>";
        append_html_escaped(out, t.text(n, src));
        out += "</x-equation>";
        return false;
      case NodeType::WikiLink:
        out += "<x-wikilink data-target=\"";
        append_html_escaped(out, t.href(n));
        out += "\">";
        break;
      // Jekyll pass nodes: written by the passes that make them (core/jekyll_blocks.h, core/liquid.h).
      case NodeType::Callout: {
        CalloutKind k = callout_kind(n);
        out += "<div class=\"callout callout-";
        out += callout_kind_name(k);
        if (callout_is_notice(k)) { out += ' '; out += callout_kind_name(k); }  // the theme's own class too
        out += "\">\n";
        if (!callout_is_notice(k)) {
          out += "<p class=\"callout-title\">";
          std::string_view title = n.text_len ? t.text(n, src) : std::string_view(callout_label(k));
          append_html_escaped(out, title);
          out += "</p>\n";
        }
        break;
      }
      case NodeType::TocBlock: write_toc(); return false;
      // Footnote definitions are written in the list at the end.
      case NodeType::FootnoteDef:
        if (in_note < 0) return false;
        out += "<p>";
        break;
      case NodeType::ExcerptBreak: out += "<!--more-->\n"; return false;
      case NodeType::FootnoteRef: {
        int k = notes.note_of_ref(i);
        if (k < 0) { append_html_escaped(out, src.substr(n.src_begin, n.src_end - n.src_begin)); return false; }
        int number = notes.notes[size_t(k)].number;
        if (ref_seen.size() < notes.notes.size()) ref_seen.resize(notes.notes.size(), 0);
        out += "<sup id=\"";
        note_ids(out, "fnref:", number, ref_seen[size_t(k)]++);
        out += "\" role=\"doc-noteref\"><a href=\"#";
        note_ids(out, "fn:", number, 0);
        out += "\" class=\"footnote\" rel=\"footnote\">";
        out += std::to_string(number);
        out += "</a></sup>";
        return false;
      }
      // Liquid is never run: a tag shows as its source; raw/endraw vanish as in Jekyll.
      case NodeType::LiquidTag:
        if (n.flags & 1) return false;
        out += "<code class=\"liquid\">";
        append_html_escaped(out, t.text(n, src));
        out += "</code>";
        return false;
      case NodeType::AttributeLine: return false;
    }
    return true;
  }

  // A code block's text, its tokens wrapped in hl-* spans when asked for.
  void append_code(std::string_view lang, std::string_view code) {
    const HlLang hl = opt.highlight_code ? hl_language(lang) : HlLang::Plain;
    if (hl == HlLang::Plain) {
      append_html_escaped(out, code);
      return;
    }
    thread_local std::vector<HlSpan> spans;
    highlight(hl, code, spans);
    size_t at = 0;
    for (const HlSpan& h : spans) {
      append_html_escaped(out, code.substr(at, h.begin - at));
      out += "<span class=\"hl-";
      out += hl_class_css(h.cls);
      out += "\">";
      append_html_escaped(out, code.substr(h.begin, h.len));
      out += "</span>";
      at = size_t(h.begin) + h.len;
    }
    append_html_escaped(out, code.substr(at));
  }

  void leave(uint32_t i) {
    const Node& n = t.nodes[i];
    if (i == suppressed) { suppressed = kNoNode; return; }
    if (image_depth > 0) {
      if (n.type != NodeType::Image) return;
      if (--image_depth > 0) return;
      if (n.flags & 2) { out += "\" title=\""; append_html_escaped(out, t.title(n)); }
      out += "\">";
      return;
    }
    switch (n.type) {
      case NodeType::Quote: out += "</blockquote>\n"; break;
      case NodeType::BulletList: out += "</ul>\n"; break;
      case NodeType::OrderedList: out += "</ol>\n"; break;
      case NodeType::ListItem: out += "</li>\n"; break;
      case NodeType::Heading: out += "</h"; out += char('0' + (n.level >= 1 && n.level <= 6 ? n.level : 1)); out += ">\n"; break;
      case NodeType::Paragraph: out += "</p>\n"; break;
      case NodeType::Table: out += "</table>\n"; break;
      case NodeType::TableHead: out += "</thead>\n"; break;
      case NodeType::TableBody: out += "</tbody>\n"; break;
      case NodeType::TableRow: out += "</tr>\n"; break;
      case NodeType::TableHeaderCell: out += "</th>\n"; break;
      case NodeType::TableCell: out += "</td>\n"; break;
      case NodeType::Emphasis: out += "</em>"; break;
      case NodeType::Strong: out += "</strong>"; break;
      case NodeType::Strikethrough: out += "</del>"; break;
      case NodeType::Underline: out += "</u>"; break;
      case NodeType::Link: out += "</a>"; break;
      case NodeType::WikiLink: out += "</x-wikilink>"; break;
      case NodeType::FootnoteDef: {
        if (in_note < 0) break;
        const FootnoteInfo& f = notes.notes[size_t(in_note)];
        for (size_t r = 0; r < f.refs.size(); r++) {
          out += " <a href=\"#";
          note_ids(out, "fnref:", f.number, int(r));
          out += "\" class=\"reversefootnote\" role=\"doc-backlink\">\xE2\x86\xA9</a>";
        }
        out += "</p>\n</li>\n";
        break;
      }
      case NodeType::Callout: out += "</div>\n"; break;
      default: break;
    }
    // A dropped element never extends past the block that opened it.
    if (is_block(n.type)) skip.clear();
  }
};

}  // namespace

std::string to_html(std::string_view text, const MarkdownTree& tree, const HtmlOptions& options) {
  std::string out;
  if (tree.nodes.empty()) return out;
  out.reserve(text.size() + text.size() / 4 + 64);
  Renderer r{text, tree, options, out, 0, {}, kNoNode, {}, -1, {}, {}, {}, false};
  r.notes = collect_footnotes(tree, text);
  r.prepare();
  walk_tree(tree, 0, [&](uint32_t i, bool entering) {
    if (entering) return r.enter(i);
    r.leave(i);
    return true;
  });
  r.write_notes();
  return out;
}

std::string to_html(const Document& doc, const HtmlOptions& options) { return to_html(doc.text, doc.tree, options); }

const char* export_stylesheet_callouts() {
  // GitHub's alert colours; notices reuse them (grey for the plain one).
  return ".callout{margin:1em 0;padding:.6em 1em;border-left:.25em solid #59636e;background:#f6f8fa;border-radius:0 6px 6px 0}"
         ".callout>:last-child{margin-bottom:0}.callout-title{font-weight:600;margin:0 0 .4em}"
         ".callout-note,.callout-notice--info,.callout-abstract,.callout-todo,.callout-info{border-color:#0969da;background:#ddf4ff}"
         ".callout-note>.callout-title,.callout-abstract>.callout-title,.callout-todo>.callout-title,.callout-info>.callout-title{color:#0969da}"
         ".callout-tip,.callout-notice--success,.callout-success{border-color:#1a7f37;background:#dafbe1}.callout-tip>.callout-title,.callout-success>.callout-title{color:#1a7f37}"
         ".callout-important,.callout-notice--primary,.callout-example{border-color:#8250df;background:#fbefff}"
         ".callout-important>.callout-title,.callout-example>.callout-title{color:#8250df}"
         ".callout-warning,.callout-notice--warning,.callout-question{border-color:#9a6700;background:#fff8c5}"
         ".callout-warning>.callout-title,.callout-question>.callout-title{color:#9a6700}"
         ".callout-caution,.callout-notice--danger,.callout-bug,.callout-danger{border-color:#d1242f;background:#ffebe9}"
         ".callout-caution>.callout-title,.callout-bug>.callout-title,.callout-danger>.callout-title{color:#d1242f}"
         "#markdown-toc{padding-left:1.2em}";
}

}  // namespace sheaf
