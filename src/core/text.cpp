// Sheaf core: plain-text helpers. See text.h.
//
// Index of this file:
// [SECTION] Entities
// [SECTION] Plain text
// [SECTION] Slugs and words

#include "core/text.h"

extern "C" {
#include "entity.h"
}

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Entities
//-----------------------------------------------------------------------------

bool decode_entity(std::string_view ent, std::string& out) {
  if (ent.size() < 3 || ent.front() != '&' || ent.back() != ';') return false;
  if (ent[1] == '#') {
    uint32_t cp = 0;
    size_t i = 2, digits = 0;
    bool hex = i < ent.size() && (ent[i] == 'x' || ent[i] == 'X');
    if (hex) i++;
    for (; i + 1 < ent.size(); i++, digits++) {
      char c = ent[i];
      unsigned d;
      if (c >= '0' && c <= '9') d = unsigned(c - '0');
      else if (hex && c >= 'a' && c <= 'f') d = unsigned(c - 'a' + 10);
      else if (hex && c >= 'A' && c <= 'F') d = unsigned(c - 'A' + 10);
      else return false;
      if (cp <= 0x10FFFF) cp = cp * (hex ? 16 : 10) + d;
    }
    if (digits == 0 || digits > (hex ? 6u : 7u)) return false;
    encode_utf8(out, cp == 0 ? 0xFFFD : cp);
    return true;
  }
  const ENTITY* e = entity_lookup(ent.data(), ent.size());
  if (!e) return false;
  encode_utf8(out, e->codepoints[0]);
  if (e->codepoints[1]) encode_utf8(out, e->codepoints[1]);
  return true;
}

void append_entity_decoded(std::string& out, std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    size_t amp = s.find('&', i);
    if (amp == std::string_view::npos) break;
    out.append(s.data() + i, amp - i);
    size_t semi = s.find(';', amp + 1);
    if (semi != std::string_view::npos && semi - amp <= 40 && decode_entity(s.substr(amp, semi - amp + 1), out)) {
      i = semi + 1;
    } else {
      out += '&';
      i = amp + 1;
    }
  }
  out.append(s.data() + i, s.size() - i);
}

//-----------------------------------------------------------------------------
// [SECTION] Plain text
//-----------------------------------------------------------------------------

void append_plain_text(std::string& out, const MarkdownTree& tree, std::string_view source, uint32_t root, bool newlines) {
  walk_tree(tree, root, [&](uint32_t i, bool entering) {
    const Node& n = tree.nodes[i];
    if (!entering) {
      if (is_block(n.type) && i != root && !out.empty() && out.back() != '\n' &&
          n.type != NodeType::TableHeaderCell && n.type != NodeType::TableCell)
        out += '\n';
      if ((n.type == NodeType::TableHeaderCell || n.type == NodeType::TableCell) && n.next_sibling != kNoNode) out += '\t';
      return true;
    }
    switch (n.type) {
      case NodeType::Text:
      case NodeType::CodeSpan:
      case NodeType::LatexMath:
        out += tree.text(n, source);
        return false;
      case NodeType::CodeBlock:
        out += tree.text(n, source);
        return false;
      case NodeType::SoftBreak:
      case NodeType::HardBreak:
        out += newlines ? '\n' : ' ';
        return false;
      case NodeType::HtmlInline:
      case NodeType::HtmlBlock:
        return false;
      default:
        return true;
    }
  });
  while (!out.empty() && out.back() == '\n') out.pop_back();
}

std::string plain_text(const MarkdownTree& tree, std::string_view source, uint32_t node, bool newlines) {
  std::string out;
  append_plain_text(out, tree, source, node, newlines);
  return out;
}

//-----------------------------------------------------------------------------
// [SECTION] Slugs and words
//-----------------------------------------------------------------------------

// Non-ASCII code points kept in anchors: letters and digits of the scripts our
// users write in, and combining marks. Symbols, punctuation, emoji and variation
// selectors are dropped.
static bool slug_keeps(uint32_t cp) {
  if (cp >= 0xC0 && cp <= 0x24F) return cp != 0xD7 && cp != 0xF7;  // Latin letters
  if (cp >= 0x300 && cp <= 0x36F) return true;                       // combining marks
  if (cp >= 0x370 && cp <= 0x52F) return cp != 0x37E && cp != 0x387;  // Greek, Cyrillic
  if (cp >= 0x1100 && cp <= 0x11FF) return true;                     // Hangul Jamo
  if (cp >= 0x3041 && cp <= 0x30FF) return cp != 0x30FB;             // Kana
  if (cp >= 0x3131 && cp <= 0x318E) return true;                     // Hangul compatibility Jamo
  if (cp >= 0x3400 && cp <= 0x4DBF) return true;                     // CJK ext A
  if (cp >= 0x4E00 && cp <= 0x9FFF) return true;                     // CJK
  if (cp >= 0xA960 && cp <= 0xA97F) return true;                     // Hangul Jamo ext A
  if (cp >= 0xAC00 && cp <= 0xD7A3) return true;                     // Hangul syllables
  if (cp >= 0xD7B0 && cp <= 0xD7FF) return true;                     // Hangul Jamo ext B
  if (cp >= 0xFF10 && cp <= 0xFF19) return true;                     // fullwidth digits
  if ((cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A)) return true;
  if (cp >= 0xFFA0 && cp <= 0xFFDC) return true;                     // halfwidth Hangul
  return false;
}

std::string slugify(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
      if (c >= 'A' && c <= 'Z') out += char(c - 'A' + 'a');
      else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') out += char(c);
      else if (c == ' ') out += '-';
      i++;
      continue;
    }
    uint32_t cp = decode_utf8(s, i);
    if (slug_keeps(cp)) {
      if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) cp += 0x20;  // Latin-1 upper -> lower
      else if (cp >= 0x391 && cp <= 0x3A9) cp += 0x20;          // Greek upper -> lower
      else if (cp >= 0x410 && cp <= 0x42F) cp += 0x20;          // Cyrillic upper -> lower
      encode_utf8(out, cp);
    }
  }
  return out;
}

size_t count_words(std::string_view s) {
  size_t words = 0;
  bool in_word = false;
  for (size_t i = 0; i < s.size(); i++) {
    unsigned char c = (unsigned char)s[i];
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    if (!space && c == 0xE3 && i + 2 < s.size() && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x80) {
      space = true;  // U+3000 ideographic space
      i += 2;
    }
    if (space) in_word = false;
    else if (!in_word) { in_word = true; words++; }
  }
  return words;
}

}  // namespace sheaf
