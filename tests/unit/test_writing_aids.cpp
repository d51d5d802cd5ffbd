// The source editor's writing aids (core/writing_aids.h): Enter continuing
// lists and quotes, Tab nesting, wrapping markers, links. Offsets are built
// from std::string sizes because a Hangul syllable is three bytes.
#include <doctest/doctest.h>

#include <random>
#include <string>

#include "core/writing_aids.h"

using namespace sheaf;

namespace {

size_t len(const char* s) { return std::string(s).size(); }

// Runs `r` on a copy of `t`.
std::string applied(std::string t, const Rewrite& r) {
  apply(t, r);
  return t;
}

// Enter with a caret at `at`; returns the new text and sets `caret`.
std::string enter(const std::string& t, size_t at, size_t& caret) {
  auto r = continue_block_on_enter(t, at, at, false);
  REQUIRE(r.has_value());
  CHECK(r->sel_anchor == r->sel_caret);
  caret = r->sel_caret;
  return applied(t, *r);
}

}  // namespace

TEST_CASE("apply and line_break_at") {
  std::string t = "가나다";
  apply(t, Rewrite{len("가"), len("가나"), "XY", 0, 0});
  CHECK(t == "가XY다");
  apply(t, Rewrite{100, 200, "!", 0, 0});  // clamped to the end
  CHECK(t == "가XY다!");

  CHECK(line_break_at("a\nb", 0) == "\n");
  CHECK(line_break_at("a\r\nb\r\n", 0) == "\r\n");
  CHECK(line_break_at("a\r\nb", 3) == "\r\n");  // last line: the one before says CRLF
  CHECK(line_break_at("a\nb", 2) == "\n");
  CHECK(line_break_at("a\r\nb", 99) == "\r\n");
  CHECK(line_break_at("", 0) == "\n");
  CHECK(line_break_at("한 줄", 3) == "\n");
}

TEST_CASE("Enter continues bullet items, Korean content") {
  size_t caret = 0;
  std::string t = "- 첫째 항목";
  CHECK(enter(t, t.size(), caret) == "- 첫째 항목\n- ");
  CHECK(caret == len("- 첫째 항목\n- "));

  t = "* 별표\n+ 더하기";
  CHECK(enter(t, len("* 별표"), caret) == "* 별표\n* \n+ 더하기");
  CHECK(caret == len("* 별표\n* "));
  CHECK(enter(t, t.size(), caret) == "* 별표\n+ 더하기\n+ ");
}

TEST_CASE("Enter in the middle of an item splits it") {
  size_t caret = 0;
  std::string t = "- 사과배";
  CHECK(enter(t, len("- 사과"), caret) == "- 사과\n- 배");
  CHECK(caret == len("- 사과\n- "));
}

TEST_CASE("Enter replaces a selection, also across lines") {
  std::string t = "- 하나 둘 셋";
  auto r = continue_block_on_enter(t, len("- 하나"), len("- 하나 둘"), false);
  REQUIRE(r);
  CHECK(applied(t, *r) == "- 하나\n-  셋");
  CHECK(r->sel_caret == len("- 하나\n- "));

  t = "- 가나\n다라마";
  r = continue_block_on_enter(t, len("- 가"), len("- 가나\n다라"), false);
  REQUIRE(r);
  CHECK(applied(t, *r) == "- 가\n- 마");
  CHECK(r->sel_anchor == len("- 가\n- "));
  CHECK(r->sel_caret == r->sel_anchor);
}

TEST_CASE("Enter keeps CRLF") {
  size_t caret = 0;
  std::string t = "- 하나\r\n- 둘\r\n";
  CHECK(enter(t, len("- 하나"), caret) == "- 하나\r\n- \r\n- 둘\r\n");
  CHECK(caret == len("- 하나\r\n- "));
  // The last line has no break of its own; the one before it decides.
  t = "- 하나\r\n- 둘";
  CHECK(enter(t, t.size(), caret) == "- 하나\r\n- 둘\r\n- ");
  CHECK(caret == t.size() + len("\r\n- "));
}

TEST_CASE("Enter counts numbered items up") {
  size_t caret = 0;
  std::string t = "  1) 하나";
  CHECK(enter(t, t.size(), caret) == "  1) 하나\n  2) ");
  CHECK(caret == len("  1) 하나\n  2) "));
  t = "9. x";
  CHECK(enter(t, t.size(), caret) == "9. x\n10. ");
  CHECK(caret == len("9. x\n10. "));
  t = "09. 영";
  CHECK(enter(t, t.size(), caret) == "09. 영\n10. ");
  t = "3.  two spaces";
  CHECK(enter(t, t.size(), caret) == "3.  two spaces\n4.  ");
}

TEST_CASE("Enter continues quotes and quoted items") {
  size_t caret = 0;
  std::string t = "> 인용";
  CHECK(enter(t, t.size(), caret) == "> 인용\n> ");
  CHECK(caret == len("> 인용\n> "));
  t = "> - item";
  CHECK(enter(t, t.size(), caret) == "> - item\n> - ");
  CHECK(caret == len("> - item\n> - "));
  t = "> > 깊은 인용";
  CHECK(enter(t, t.size(), caret) == "> > 깊은 인용\n> > ");
  t = "> 3. 셋";
  CHECK(enter(t, t.size(), caret) == "> 3. 셋\n> 4. ");
}

TEST_CASE("Enter keeps deep indentation") {
  size_t caret = 0;
  std::string t = "- 직업\n    * Data Engineer: 일";
  CHECK(enter(t, t.size(), caret) == t + "\n    * ");
  CHECK(caret == t.size() + len("\n    * "));
  t = "\t- 탭";
  CHECK(enter(t, t.size(), caret) == "\t- 탭\n\t- ");
}

TEST_CASE("Enter on an empty item ends the list") {
  size_t caret = 0;
  std::string t = "- 하나\n- ";
  CHECK(enter(t, t.size(), caret) == "- 하나\n");
  CHECK(caret == len("- 하나\n"));
  t = "- 하나\n  - ";
  CHECK(enter(t, t.size(), caret) == "- 하나\n  ");
  CHECK(caret == len("- 하나\n  "));
  t = "- ";
  CHECK(enter(t, 2, caret) == "");
  CHECK(caret == 0);
  // Only the innermost marker goes: out of the list, still in the quote.
  t = "> - ";
  CHECK(enter(t, t.size(), caret) == "> ");
  CHECK(enter("> ", 2, caret) == "");
  t = "1. 하나\n2. \r\n다음";
  CHECK(enter(t, len("1. 하나\n2. "), caret) == "1. 하나\n\r\n다음");
  CHECK(caret == len("1. 하나\n"));
}

TEST_CASE("Enter on a task item starts an unchecked task") {
  size_t caret = 0;
  std::string t = "- [x] 끝";
  CHECK(enter(t, t.size(), caret) == "- [x] 끝\n- [ ] ");
  CHECK(caret == len("- [x] 끝\n- [ ] "));
  t = "  - [ ] 할 일";
  CHECK(enter(t, t.size(), caret) == "  - [ ] 할 일\n  - [ ] ");
  t = "- [ ] ";  // an empty task ends the list too
  CHECK(enter(t, t.size(), caret) == "");
}

TEST_CASE("Enter outside lists, in code, inside a marker") {
  std::string t = "일반 문장";
  CHECK_FALSE(continue_block_on_enter(t, t.size(), t.size(), false));
  t = "- 코드 안";
  CHECK_FALSE(continue_block_on_enter(t, t.size(), t.size(), true));
  CHECK_FALSE(continue_block_on_enter(t, 0, 0, false));  // before the marker
  CHECK_FALSE(continue_block_on_enter(t, 1, 1, false));  // between "-" and " "
  CHECK_FALSE(continue_block_on_enter("- [ ] 일", 3, 3, false));
  CHECK_FALSE(continue_block_on_enter("* * *", 5, 5, false));  // a rule
  CHECK_FALSE(continue_block_on_enter("---", 3, 3, false));
  CHECK_FALSE(continue_block_on_enter("-없음", 4, 4, false));
  CHECK_FALSE(continue_block_on_enter("1.5배", 3, 3, false));
  CHECK_FALSE(continue_block_on_enter("", 0, 0, false));
}

TEST_CASE("Enter clamps offsets past the end") {
  std::string t = "- 끝";
  auto r = continue_block_on_enter(t, 1000, 2000, false);
  REQUIRE(r);
  CHECK(applied(t, *r) == "- 끝\n- ");
  CHECK(r->sel_caret == len("- 끝\n- "));
  // An offset inside a syllable moves back to its start.
  r = continue_block_on_enter(t, len("- ") + 1, len("- ") + 1, false);
  REQUIRE(r);
  CHECK(applied(t, *r) == "- \n- 끝");
}

TEST_CASE("indent_list: one caret line") {
  std::string t = "- 하나\n- 둘";
  size_t at = len("- 하나\n- 둘");
  auto r = indent_list(t, at, at, false);
  REQUIRE(r);
  CHECK(r->begin == len("- 하나\n"));
  CHECK(r->end == t.size());
  CHECK(applied(t, *r) == "- 하나\n  - 둘");
  CHECK(r->sel_anchor == len("- 하나\n  - 둘"));
  CHECK(r->sel_caret == r->sel_anchor);

  // Numbered items nest by their marker width.
  t = "1. 하나\n2. 둘";
  r = indent_list(t, t.size(), t.size(), false);
  REQUIRE(r);
  CHECK(applied(t, *r) == "1. 하나\n   2. 둘");
  // A bullet under a numbered item takes the number's width.
  t = "10. 열\n- 점";
  r = indent_list(t, t.size(), t.size(), false);
  REQUIRE(r);
  CHECK(applied(t, *r) == "10. 열\n    - 점");
  // A caret at the line start stays there.
  t = "- 하나";
  r = indent_list(t, 0, 0, false);
  REQUIRE(r);
  CHECK(applied(t, *r) == "  - 하나");
  CHECK(r->sel_caret == 0);
  // Tab-indented lines get one more tab.
  t = "\t- 탭";
  r = indent_list(t, t.size(), t.size(), false);
  REQUIRE(r);
  CHECK(applied(t, *r) == "\t\t- 탭");
}

TEST_CASE("indent_list: several items, selection shifting") {
  std::string t = "- 사과\n- 배\n- 감";
  size_t sb = len("- 사");         // mid first item
  size_t se = len("- 사과\n- 배\n- ");  // mid last item
  auto r = indent_list(t, sb, se, false);
  REQUIRE(r);
  CHECK(r->begin == 0);
  CHECK(r->end == t.size());
  std::string out = applied(t, *r);
  CHECK(out == "  - 사과\n  - 배\n  - 감");
  CHECK(r->sel_anchor == len("  - 사"));
  CHECK(r->sel_caret == len("  - 사과\n  - 배\n  - "));

  r = indent_list(out, r->sel_anchor, r->sel_caret, true);
  REQUIRE(r);
  CHECK(applied(out, *r) == t);
  CHECK(r->sel_anchor == sb);
  CHECK(r->sel_caret == se);

  // A selection ending at the start of a line leaves that line alone.
  t = "- 가\n- 나\n- 다";
  r = indent_list(t, 0, len("- 가\n- 나\n"), false);
  REQUIRE(r);
  CHECK(applied(t, *r) == "  - 가\n  - 나\n- 다");
  CHECK(r->sel_anchor == 0);
  CHECK(r->sel_caret == len("  - 가\n  - 나\n"));

  // Blank lines in between stay as they are; CRLF is kept.
  t = "- 가\r\n\r\n- 나\r\n";
  r = indent_list(t, 0, len("- 가\r\n\r\n- 나"), false);
  REQUIRE(r);
  CHECK(applied(t, *r) == "  - 가\r\n\r\n  - 나\r\n");
  CHECK(r->sel_caret == len("  - 가\r\n\r\n  - 나"));
}

TEST_CASE("indent_list: plain lines refuse") {
  std::string t = "- 항목\n일반 문장";
  CHECK_FALSE(indent_list(t, 0, t.size(), false));
  CHECK_FALSE(indent_list(t, t.size(), t.size(), false));
  CHECK_FALSE(indent_list("> - 인용", 5, 5, false));
  CHECK_FALSE(indent_list("\n\n", 0, 2, false));
  CHECK_FALSE(indent_list("* * *", 0, 0, false));
}

TEST_CASE("indent_list: outdent") {
  std::string t = "- 하나\n  - 둘";
  auto r = indent_list(t, t.size(), t.size(), true);
  REQUIRE(r);
  CHECK(applied(t, *r) == "- 하나\n- 둘");
  CHECK(r->sel_caret == len("- 하나\n- 둘"));

  // Under a numbered parent the step is its width.
  t = "1. 하나\n   - 둘";
  r = indent_list(t, t.size(), t.size(), true);
  REQUIRE(r);
  CHECK(applied(t, *r) == "1. 하나\n- 둘");

  // A caret inside the removed indentation lands at the new indent end.
  t = "- 가\n    - 나";
  size_t in_indent = len("- 가\n ");
  r = indent_list(t, in_indent, in_indent, true);
  REQUIRE(r);
  CHECK(applied(t, *r) == "- 가\n  - 나");
  CHECK(r->sel_caret == len("- 가\n  "));

  t = "- 가\n\t- 나";
  r = indent_list(t, t.size(), t.size(), true);
  REQUIRE(r);
  CHECK(applied(t, *r) == "- 가\n- 나");

  // Nothing to take away: no rewrite.
  CHECK_FALSE(indent_list("- 가\n- 나", 0, 99, true));
  // Lines already at the margin stay; the indented one moves.
  t = "- 가\n  - 나";
  r = indent_list(t, 0, t.size(), true);
  REQUIRE(r);
  CHECK(applied(t, *r) == "- 가\n- 나");
  CHECK(r->sel_anchor == 0);
  CHECK(r->sel_caret == len("- 가\n- 나"));
}

TEST_CASE("toggle_wrap") {
  std::string t = "a b c";
  auto r = toggle_wrap(t, 2, 3, "**");
  std::string out = applied(t, r);
  CHECK(out == "a **b** c");
  CHECK(r.sel_anchor == len("a **"));
  CHECK(r.sel_caret == len("a **b"));

  // Again with the same selection: unwrapped.
  r = toggle_wrap(out, r.sel_anchor, r.sel_caret, "**");
  CHECK(applied(out, r) == t);
  CHECK(r.sel_anchor == 2);
  CHECK(r.sel_caret == 3);

  // A selection holding the markers unwraps too.
  t = "가 _나다_ 라";
  r = toggle_wrap(t, len("가 "), len("가 _나다_"), "_");
  CHECK(applied(t, r) == "가 나다 라");
  CHECK(r.sel_anchor == len("가 "));
  CHECK(r.sel_caret == len("가 나다"));

  // Korean word, trailing space stays outside.
  t = "오늘은 중요한 날";
  r = toggle_wrap(t, len("오늘은 "), len("오늘은 중요한 "), "~~");
  CHECK(applied(t, r) == "오늘은 ~~중요한~~ 날");
  CHECK(r.sel_anchor == len("오늘은 ~~"));
  CHECK(r.sel_caret == len("오늘은 ~~중요한"));

  // No selection: the pair, caret between; a second press takes it away.
  t = "글자";
  r = toggle_wrap(t, len("글"), len("글"), "**");
  out = applied(t, r);
  CHECK(out == "글****자");
  CHECK(r.sel_anchor == len("글**"));
  CHECK(r.sel_caret == len("글**"));
  r = toggle_wrap(out, r.sel_caret, r.sel_caret, "**");
  CHECK(applied(out, r) == t);
  CHECK(r.sel_caret == len("글"));
}

TEST_CASE("make_link") {
  std::string t = "여기 문서 참고";
  auto r = make_link(t, len("여기 "), len("여기 문서"));
  CHECK(applied(t, r) == "여기 [문서](url) 참고");
  CHECK(r.sel_anchor == len("여기 [문서]("));
  CHECK(r.sel_caret == len("여기 [문서](url"));

  r = make_link(t, len("여기 "), len("여기 "));
  CHECK(applied(t, r) == "여기 [](url)문서 참고");
  CHECK(r.sel_anchor == len("여기 ["));
  CHECK(r.sel_caret == r.sel_anchor);

  t = "see https://example.com/가 now";
  r = make_link(t, len("see "), len("see https://example.com/가"));
  CHECK(applied(t, r) == "see [](https://example.com/가) now");
  CHECK(r.sel_anchor == len("see ["));
  CHECK(r.sel_caret == r.sel_anchor);
}

TEST_CASE("paste_as_link") {
  std::string t = "이 글 읽기";
  auto r = paste_as_link(t, len("이 "), len("이 글"), "  https://example.com/a?b=1\n");
  REQUIRE(r);
  CHECK(applied(t, *r) == "이 [글](https://example.com/a?b=1) 읽기");
  CHECK(r->sel_anchor == len("이 [글](https://example.com/a?b=1)"));
  CHECK(r->sel_caret == r->sel_anchor);

  CHECK_FALSE(paste_as_link(t, 0, 0, "https://example.com"));            // no selection
  CHECK_FALSE(paste_as_link(t, 0, len("이"), "그냥 글"));                  // not a URL
  CHECK_FALSE(paste_as_link(t, 0, len("이"), "https://a.b/c d"));         // space inside
  CHECK_FALSE(paste_as_link("www.old.kr", 0, 10, "https://new.kr"));      // selection is a URL
  CHECK_FALSE(paste_as_link("가\n나", 0, len("가\n나"), "https://x.kr"));  // spans lines
  std::string link = "[글](old)";
  CHECK_FALSE(paste_as_link(link, len("[글]("), len("[글](old"), "https://x.kr"));
}

TEST_CASE("looks_like_url") {
  CHECK(looks_like_url("http://a"));
  CHECK(looks_like_url("https://example.com/경로"));
  CHECK(looks_like_url("HTTPS://EXAMPLE.COM"));
  CHECK(looks_like_url("mailto:me@example.com"));
  CHECK(looks_like_url("www.x"));
  CHECK_FALSE(looks_like_url("www."));
  CHECK_FALSE(looks_like_url("https://"));
  CHECK_FALSE(looks_like_url("example.com"));
  CHECK_FALSE(looks_like_url("https://a b"));
  CHECK_FALSE(looks_like_url("https://a\u3000b"));
  CHECK_FALSE(looks_like_url(" https://a"));
  CHECK_FALSE(looks_like_url(""));
}

TEST_CASE("random text and offsets: rewrites stay in bounds") {
  const char* pieces[] = {"- ", "1. ", "> ", "\n", "\r\n", "가", " ", "\t", "[x] ", "**", "_", "a", "http://x"};
  std::mt19937 rng(7);
  for (int round = 0; round < 3000; ++round) {
    std::string t;
    int n = int(rng() % 12);
    for (int k = 0; k < n; ++k) t += pieces[rng() % std::size(pieces)];
    size_t a = rng() % (t.size() + 3), b = rng() % (t.size() + 3);
    if (a > b) std::swap(a, b);
    auto check = [&](const Rewrite& r) {
      REQUIRE(r.begin <= r.end);
      REQUIRE(r.end <= t.size());
      size_t new_size = t.size() - (r.end - r.begin) + r.text.size();
      CHECK(r.sel_anchor <= new_size);
      CHECK(r.sel_caret <= new_size);
      CHECK(r.sel_anchor <= r.sel_caret);
    };
    if (auto r = continue_block_on_enter(t, a, b, false)) check(*r);
    if (auto r = indent_list(t, a, b, false)) check(*r);
    if (auto r = indent_list(t, a, b, true)) check(*r);
    if (auto r = paste_as_link(t, a, b, "https://x.kr")) check(*r);
    check(toggle_wrap(t, a, b, "**"));
    check(make_link(t, a, b));
  }
}
