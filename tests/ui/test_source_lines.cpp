// Source lines: the source editor's rows wrapped by the viewer's inline
// engine. Korean, English and mixed lines at several widths never split a
// syllable and break at spaces; an edit re-lays only the rows it touched and
// ends where a fresh layout of the new text would; caret motion goes by
// visual line.
#include <random>
#include <string>

#include "core/unicode.h"
#include "doctest/doctest.h"
#include "ui/source_lines.h"
#include "ui_env.h"

using namespace sheaf;

namespace {

const std::string kKorean =
    "오늘은 편집기의 줄 바꿈을 시험해 보았다. 긴 문단이 창의 오른쪽 끝을 넘지 않고 다음 줄로 넘어가야 하며, "
    "낱말은 띄어쓰기에서만 나뉘어야 한다. 한국어 글은 한 문단이 한 줄인 경우가 많다.";
const std::string kEnglish =
    "Soft wrap keeps every paragraph inside the pane, so a writer never scrolls sideways to read what they wrote.";
const std::string kMixed = "Sheaf로 Markdown 글을 씁니다: **굵게**, `code`, 그리고 [링크](https://example.org) 2024년.";

SourceLines laid(const std::string& text, float width, Metrics& m) {
  SourceLines l;
  l.reset(text);
  SourceLayoutParams p;
  p.wrap_width = width;
  p.font_size = 16;
  l.update(p, m);
  return l;
}

// Every visual line break of every row: on a code point boundary, and after
// a space unless the word before it alone is wider than the line.
void check_wrap(const std::string& text, const SourceLines& l, float width) {
  size_t visual = 0;
  for (size_t k = 0; k < l.size(); k++) {
    const SourceRow& r = l.row(k);
    for (size_t i = 0; i < r.layout.lines.size(); i++) {
      const Line& ln = r.layout.lines[i];
      visual++;
      CHECK(ln.w <= width + 0.5f);
      const uint32_t at = r.begin + ln.end;
      CHECK(is_code_point_boundary(text, at));
      if (i + 1 == r.layout.lines.size()) continue;
      CHECK(ln.end > ln.begin);
      const bool after_space = text[at - 1] == ' ';
      // No space inside the line at all: the word was wider than the line.
      const std::string_view inside(text.data() + r.begin + ln.begin, ln.end - ln.begin);
      CHECK_MESSAGE((after_space || inside.find(' ') == std::string_view::npos), "broke inside a word at ", at);
    }
  }
  CHECK(visual >= l.size());
}

}  // namespace

TEST_CASE("source lines: Korean, English and mixed paragraphs wrap at spaces at several widths") {
  test::ensure_frame();
  Metrics m;
  for (const std::string* t : {&kKorean, &kEnglish, &kMixed}) {
    for (float width : {120.0f, 200.0f, 333.0f, 480.0f}) {
      CAPTURE(width);
      SourceLines l = laid(*t, width, m);
      REQUIRE(l.size() == 1);
      check_wrap(*t, l, width);
      // A narrower pane never gives fewer visual lines.
      SourceLines wide = laid(*t, width * 2, m);
      CHECK(wide.row(0).layout.lines.size() <= l.row(0).layout.lines.size());
    }
  }
  // Wide enough: one visual line.
  SourceLines l = laid(kMixed, 5000, m);
  CHECK(l.row(0).layout.lines.size() == 1);
  // No wrap: one visual line however long.
  SourceLines nowrap = laid(kKorean, 0, m);
  CHECK(nowrap.row(0).layout.lines.size() == 1);
}

TEST_CASE("source lines: a word wider than the line breaks between whole syllables") {
  test::ensure_frame();
  Metrics m;
  std::string word;
  for (int k = 0; k < 40; k++) word += "가나다라";  // one 160-syllable word
  SourceLines l = laid(word, 150, m);
  const SourceRow& r = l.row(0);
  REQUIRE(r.layout.lines.size() > 3);
  for (const Line& ln : r.layout.lines) {
    CHECK(ln.begin % 3 == 0);  // every syllable is three bytes: breaks fall between them
    CHECK(ln.w <= 150.5f);
  }
}

TEST_CASE("source lines: rows follow lines, CRLF and a final empty line, and over-long lines continue on a new row") {
  test::ensure_frame();
  Metrics m;
  const std::string crlf = "첫 줄\r\n둘째 줄\n\n";
  SourceLines l = laid(crlf, 400, m);
  REQUIRE(l.size() == 4);
  CHECK(l.text().substr(l.row(0).begin, l.row(0).end - l.row(0).begin) == "첫 줄");  // no '\r'
  CHECK(l.row(1).begin == l.row(0).next);
  CHECK(l.row(2).begin == l.row(2).end);  // the blank line
  CHECK(l.row(3).begin == l.text().size());  // after the last '\n'
  CHECK(l.row(2).h == l.line_height());
  CHECK(l.height() == doctest::Approx(l.row(3).y + l.row(3).h));

  std::string huge;
  while (huge.size() < 3 * SourceLines::kRowBytes) huge += "한글 ";
  SourceLines h = laid(huge, 600, m);
  REQUIRE(h.size() >= 3);
  for (size_t k = 0; k < h.size(); k++) {
    CHECK(h.row(k).end - h.row(k).begin <= SourceLines::kRowBytes);
    CHECK(is_code_point_boundary(huge, h.row(k).begin));
    if (k + 1 < h.size()) CHECK(h.row(k).next == h.row(k + 1).begin);
  }
}

TEST_CASE("source lines: an edit re-lays only its rows and matches a fresh layout") {
  test::ensure_frame();
  Metrics m;
  std::string text;
  for (int k = 0; k < 200; k++) text += (k % 3 ? kKorean : kEnglish) + "\n" + (k % 5 ? "" : "\n");
  SourceLayoutParams p;
  p.wrap_width = 300;
  SourceLines l;
  l.reset(text);
  l.update(p, m);
  const uint64_t before = l.rows_laid();
  // Type one syllable in the middle of row 40.
  const uint32_t at = l.row(40).begin + 9;
  text.insert(at, "새");
  l.edit(text, at, 0, 3);
  l.update(p, m);
  CHECK(l.rows_laid() - before == 1);

  std::mt19937 rng(7);
  for (int step = 0; step < 300; step++) {
    const uint32_t a = uint32_t(floor_code_point(text, rng() % (text.size() + 1)));
    const uint32_t b = uint32_t(floor_code_point(text, std::min<size_t>(text.size(), a + rng() % 40)));
    static const char* inserts[] = {"", "\n", "가", " ", "\n\n", "word ", "\r\n", "한국어 문장"};
    const std::string ins = inserts[rng() % 8];
    text.replace(a, b - a, ins);
    l.edit(text, a, b - a, uint32_t(ins.size()));
    if (step % 10 == 0) l.update(p, m);
    SourceLines check;
    check.reset(text);
    bool same = check.size() == l.size();
    for (size_t k = 0; same && k < l.size(); k++)
      same = check.row(k).begin == l.row(k).begin && check.row(k).end == l.row(k).end && check.row(k).next == l.row(k).next;
    REQUIRE_MESSAGE(same, "rows differ from a fresh cut after step ", step, " at ", a, " removed ", b - a,
                    " inserted ", ins.size());
  }
  l.update(p, m);
  SourceLines fresh;
  fresh.reset(text);
  fresh.update(p, m);
  REQUIRE(l.size() == fresh.size());
  for (size_t k = 0; k < l.size(); k++) {
    CAPTURE(k);
    CHECK(l.row(k).begin == fresh.row(k).begin);
    CHECK(l.row(k).end == fresh.row(k).end);
    CHECK(l.row(k).next == fresh.row(k).next);
    CHECK(l.row(k).y == doctest::Approx(fresh.row(k).y));
    CHECK(l.row(k).layout.lines.size() == fresh.row(k).layout.lines.size());
  }
  CHECK(l.height() == doctest::Approx(fresh.height()));
}

TEST_CASE("source lines: Up and Down move by visual line, and points and offsets map both ways") {
  test::ensure_frame();
  Metrics m;
  const std::string text = kKorean + "\n" + kEnglish + "\n";
  SourceLines l = laid(text, 200, m);
  const SourceRow& r0 = l.row(0);
  REQUIRE(r0.layout.lines.size() >= 3);
  // From the start, Down lands on the second visual line of the same row.
  bool at_end = false;
  uint32_t down = move_visual_lines(l, 0, false, 1, 0, m, &at_end);
  CHECK(down == r0.begin + r0.layout.lines[1].begin);
  SourcePos p = locate(l, down, at_end, m);
  CHECK(p.row == 0);
  CHECK(p.line == 1);
  // Down once per visual line of the row reaches the next row; Up comes back.
  uint32_t off = 0;
  for (size_t k = 0; k < r0.layout.lines.size(); k++) off = move_visual_lines(l, off, false, 1, 0, m);
  CHECK(off == l.row(1).begin);
  for (size_t k = 0; k < r0.layout.lines.size(); k++) off = move_visual_lines(l, off, false, -1, 0, m);
  CHECK(off == 0);
  // Up from the first line goes to the start, Down from the last to the end.
  CHECK(move_visual_lines(l, 5, false, -1, 40, m) == 0);
  CHECK(move_visual_lines(l, uint32_t(text.size()), false, 1, 0, m) == text.size());
  // The visual line bounds hold the offset, and a click at its place finds it.
  for (uint32_t o : {0u, 12u, 60u, uint32_t(kKorean.size() + 10)}) {
    o = uint32_t(floor_code_point(text, o));
    auto [vb, ve] = visual_line_bounds(l, o, false, m);
    CHECK(vb <= o);
    CHECK(o <= ve);
    SourcePos q = locate(l, o, false, m);
    CHECK(offset_at_point(l, q.x + 0.5f, q.y + q.h * 0.5f, m) == o);
  }
  // At a soft-wrap boundary, at_end picks the earlier visual line.
  const uint32_t boundary = r0.begin + r0.layout.lines[1].begin;
  CHECK(locate(l, boundary, true, m).line == 0);
  CHECK(locate(l, boundary, false, m).line == 1);
}
