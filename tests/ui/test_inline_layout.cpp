// Inline layout: line breaking for Korean, English and mixed text.
#include "doctest/doctest.h"
#include "ui/layout.h"
#include "ui_env.h"

using namespace sheaf;

namespace {

SpanStyle regular(float size = 16) {
  SpanStyle s;
  s.size = size;
  return s;
}

InlineText plain(std::string_view s) {
  InlineText t;
  t.add(s, regular(), -1, 0, uint32_t(s.size()), true);
  return t;
}

TextLayout lay(const InlineText& t, float width) {
  test::ensure_frame();
  Metrics m;
  TextLayout l;
  InlineOptions o;
  o.wrap_width = width;
  layout_inline(t, o, m, l);
  return l;
}

bool is_utf8_boundary(const std::string& s, uint32_t i) {
  return i == 0 || i >= s.size() || (((unsigned char)s[i]) & 0xC0) != 0x80;
}

// There are lines, they cover the text from its first byte to its last, every
// line fits and every line boundary is a UTF-8 and cluster boundary.
void check_lines(const InlineText& t, const TextLayout& l, float width) {
  REQUIRE_MESSAGE(!t.text.empty(), "check_lines needs text to lay out");
  REQUIRE_MESSAGE(!l.lines.empty(), "no lines laid out for ", t.text.size(), " bytes");
  CHECK(l.lines.front().begin == 0);
  CHECK(l.lines.back().end == t.text.size());
  uint32_t expect = 0;
  for (const Line& ln : l.lines) {
    CHECK(ln.w <= width + 0.01f);
    CHECK(is_utf8_boundary(t.text, ln.begin));
    CHECK(is_utf8_boundary(t.text, ln.end));
    CHECK(ln.begin >= expect);
    expect = ln.end;
    for (uint32_t k = ln.piece_begin; k < ln.piece_end; k++) {
      CHECK(is_utf8_boundary(t.text, l.pieces[k].begin));
      CHECK(is_utf8_boundary(t.text, l.pieces[k].end));
    }
  }
}

std::string line_text(const InlineText& t, const Line& ln) { return t.text.substr(ln.begin, ln.end - ln.begin); }

}  // namespace

TEST_CASE("english text wraps at spaces within the width") {
  InlineText t = plain("The quick brown fox jumps over the lazy dog and keeps running far away.");
  for (float w : {80.f, 120.f, 200.f, 333.f}) {
    TextLayout l = lay(t, w);
    CHECK(l.lines.size() > 1);
    check_lines(t, l, w);
    for (const Line& ln : l.lines) {
      std::string s = line_text(t, ln);
      // Never cut a word: a line ends at a space or the end.
      if (ln.end < t.text.size()) CHECK((s.back() == ' '));
    }
  }
}

TEST_CASE("korean text breaks at spaces, never inside a syllable") {
  InlineText t = plain("점심을 먹고 나면 동네 하천을 따라 한 바퀴씩 걸었는데, 걷다 보니 엉켜 있던 생각이 풀렸다ㅎㅎ 오늘 읽은 글은 Parser와 Layout에 대한 내용이었는데");
  for (float w : {60.f, 100.f, 150.f, 250.f}) {
    TextLayout l = lay(t, w);
    check_lines(t, l, w);
    for (size_t i = 0; i + 1 < l.lines.size(); i++) {
      std::string s = line_text(t, l.lines[i]);
      // At these widths every word fits, so Hangul lines break at spaces.
      if (w >= 100) CHECK(s.back() == ' ');
    }
  }
}

TEST_CASE("a word wider than the line breaks between syllables") {
  InlineText t = plain("가나다라마바사아자차카타파하가나다라마바사아자차카타파하");
  TextLayout l = lay(t, 70);
  CHECK(l.lines.size() > 3);
  check_lines(t, l, 70);
  for (const Line& ln : l.lines) CHECK((ln.end - ln.begin) % 3 == 0);  // whole syllables
}

TEST_CASE("emoji ZWJ sequences and combining marks stay whole") {
  std::string fam = "👨\u200d👩\u200d👦";
  std::string s;
  for (int i = 0; i < 12; i++) s += fam + "e\u0301";
  InlineText t = plain(s);
  TextLayout l = lay(t, 40);
  check_lines(t, l, 1e9f);
  for (const Line& ln : l.lines) {
    std::string x = line_text(t, ln);
    // Each line starts with a full family or "é".
    CHECK((x.rfind("👨", 0) == 0 || x.rfind("e\u0301", 0) == 0));
    CHECK(x.find("\u200d") != 0);
  }
  // The ZWJ is never inside a drawn piece.
  for (const Piece& p : l.pieces) CHECK(t.text.substr(p.begin, p.end - p.begin).find("\u200d") == std::string::npos);
}

TEST_CASE("a bold span never causes a mid-word cut") {
  InlineText t;
  SpanStyle b = regular();
  b.face = Face::Bold;
  t.add("앞의 말 ", regular(), -1, 0, 0, false);
  t.add("굵게", b, -1, 0, 0, false);
  t.add("텍스트 뒤", regular(), -1, 0, 0, false);
  test::ensure_frame();
  Metrics m;
  InlineText word;
  word.add("굵게", b, -1, 0, 0, false);
  word.add("텍스트", regular(), -1, 0, 0, false);
  const float word_w = lay(word, 0).width;
  // Every width where the whole word fits on a line of its own.
  for (float w = word_w + 1; w < 200; w += 7) {
    TextLayout l = lay(t, w);
    check_lines(t, l, w);
    for (const Line& ln : l.lines) {
      std::string s = line_text(t, ln);
      CHECK(s.find("굵게") == s.find("굵게텍스트"));  // never "굵게" alone at a line end
    }
  }
}

TEST_CASE("hard breaks and mixed sizes keep one baseline") {
  InlineText t;
  SpanStyle big = regular(32);
  t.add("small ", regular(), -1, 0, 0, false);
  t.add("BIG", big, -1, 0, 0, false);
  t.hard_break(regular(), 0);
  t.add("next", regular(), -1, 0, 0, false);
  TextLayout l = lay(t, 1000);
  REQUIRE(l.lines.size() == 2);
  const Line& a = l.lines[0];
  REQUIRE(a.piece_end - a.piece_begin == 2);
  test::ensure_frame();
  Metrics m;
  const Piece& p0 = l.pieces[a.piece_begin];
  const Piece& p1 = l.pieces[a.piece_begin + 1];
  float base0 = p0.y + m.get(Face::Regular, 16).ascent;
  float base1 = p1.y + m.get(Face::Regular, 32).ascent;
  CHECK(base0 == doctest::Approx(base1));
  CHECK(a.h > l.lines[1].h);
  CHECK(line_text(t, l.lines[1]) == "next");
}

TEST_CASE("hit testing maps x back to byte offsets") {
  InlineText t = plain("hello 세계");
  TextLayout l = lay(t, 1000);
  test::ensure_frame();
  Metrics m;
  const Line& ln = l.lines[0];
  CHECK(line_offset_at(t, l, ln, -5, m) == 0);
  CHECK(line_offset_at(t, l, ln, 1e6f, m) == t.text.size());
  float x = line_x_of(t, l, ln, 6, m);
  CHECK(line_offset_at(t, l, ln, x + 1, m) == 6);
  uint32_t mid = line_offset_at(t, l, ln, line_x_of(t, l, ln, 9, m) + 2, m);
  CHECK(mid == 9);
}
