// Source style (core/source_style.h): flags come from the real parse, cover
// the text exactly, and a slice styles the same as the whole.
#include <doctest/doctest.h>

#include <random>
#include <string>

#include "core/document.h"
#include "core/source_style.h"

using namespace sheaf;

namespace {

// Flags of the byte where `needle` starts (the `nth` occurrence).
uint16_t flags_at(const Document& d, const std::vector<SourceRun>& runs, std::string_view needle, int nth = 0) {
  size_t at = d.text.find(needle);
  for (int k = 0; k < nth && at != std::string::npos; k++) at = d.text.find(needle, at + 1);
  REQUIRE(at != std::string::npos);
  for (const SourceRun& r : runs)
    if (r.begin <= at && at < r.end) return r.flags;
  FAIL("no run holds the byte");
  return 0;
}

void check_partition(const Document& d, const std::vector<SourceRun>& runs, uint32_t begin, uint32_t end) {
  REQUIRE_FALSE(runs.empty());
  CHECK(runs.front().begin == begin);
  CHECK(runs.back().end == end);
  for (size_t k = 1; k < runs.size(); k++) {
    CHECK(runs[k].begin == runs[k - 1].end);
    CHECK(runs[k].flags != runs[k - 1].flags);
  }
  (void)d;
}

const char* kPost =
    "---\n"
    "title: \"한글 제목\"\n"
    "tags: [일기, 여행]\n"
    "# 주석\n"
    "---\n"
    "\n"
    "# 첫 제목\n"
    "\n"
    "본문에 **굵게**와 _기울임_ 과 ~~지움~~, 붙은 _밑줄_이, `코드`와 [링크](https://example.com \"t\").\n"
    "\n"
    "- 항목 하나\n"
    "- [ ] 할 일\n"
    "  1. 안쪽\n"
    "\n"
    "> 인용 *문장*\n"
    "\n"
    "```cpp\n"
    "int main() {}\n"
    "```\n"
    "\n"
    "| 가 | 나 |\n"
    "|---|---|\n"
    "| 1 | 2 |\n"
    "\n"
    "줄<br>바꿈과 <https://sheaf.test> 자동 링크, 그리고 ** 굵게 아님**.\n"
    "\n"
    "두 번째\n"
    "=======\n";

}  // namespace

TEST_CASE("source style follows the parse: headings, emphasis, code, links, lists, quotes, tables") {
  const Document d = parse_document("a.md", kPost);
  const auto runs = style_source(d);
  check_partition(d, runs, 0, uint32_t(d.text.size()));

  // Front matter: a band, keys, fences and comments muted.
  CHECK((flags_at(d, runs, "---") & Src_FrontMatter));
  CHECK((flags_at(d, runs, "---") & Src_Marker));
  CHECK((flags_at(d, runs, "title") & Src_Key));
  CHECK((flags_at(d, runs, "tags") & Src_Key));
  CHECK_FALSE((flags_at(d, runs, "한글 제목") & Src_Key));
  CHECK((flags_at(d, runs, "# 주석") & Src_Marker));

  // ATX and setext headings.
  CHECK(source_heading(flags_at(d, runs, "# 첫")) == 1);
  CHECK((flags_at(d, runs, "# 첫") & Src_Marker));
  CHECK(source_heading(flags_at(d, runs, "첫 제목")) == 1);
  CHECK_FALSE((flags_at(d, runs, "첫 제목") & Src_Marker));
  CHECK(source_heading(flags_at(d, runs, "두 번째")) == 1);
  CHECK((flags_at(d, runs, "=====") & Src_Marker));
  CHECK(source_heading(flags_at(d, runs, "본문")) == 0);

  // Spans with their markers muted.
  CHECK((flags_at(d, runs, "굵게**") & Src_Strong));
  CHECK_FALSE((flags_at(d, runs, "굵게**") & Src_Marker));
  CHECK((flags_at(d, runs, "**굵게") & Src_Marker));
  CHECK((flags_at(d, runs, "기울임") & Src_Emphasis));
  CHECK((flags_at(d, runs, "_기울임") & Src_Marker));
  CHECK((flags_at(d, runs, "지움") & Src_Strike));
  CHECK_FALSE((flags_at(d, runs, "밑줄") & Src_Emphasis));  // "_밑줄_이": intraword, not emphasis
  CHECK((flags_at(d, runs, "코드") & Src_Code));
  CHECK((flags_at(d, runs, "`코드") & Src_Marker));
  CHECK((flags_at(d, runs, "링크]") & Src_LinkText));
  CHECK((flags_at(d, runs, "https://example") & Src_Url));
  CHECK((flags_at(d, runs, "sheaf.test") & Src_LinkText));
  // "** 굵게 아님**" is not strong for md4c, so not for the editor either.
  CHECK_FALSE((flags_at(d, runs, "굵게 아님") & Src_Strong));

  // Block markers.
  CHECK((flags_at(d, runs, "- 항목") & Src_Marker));
  CHECK_FALSE((flags_at(d, runs, "항목 하나") & Src_Marker));
  CHECK((flags_at(d, runs, "[ ] 할") & Src_Marker));
  CHECK((flags_at(d, runs, "1. 안쪽") & Src_Marker));
  CHECK_FALSE((flags_at(d, runs, "안쪽") & Src_Marker));
  CHECK((flags_at(d, runs, "> 인용") & Src_Marker));
  CHECK((flags_at(d, runs, "문장") & Src_Emphasis));

  // Fenced code: content in the code font on a band, fences muted.
  CHECK((flags_at(d, runs, "int main") & Src_CodeBlock));
  CHECK((flags_at(d, runs, "int main") & Src_Code));
  CHECK_FALSE((flags_at(d, runs, "int main") & Src_Marker));
  CHECK((flags_at(d, runs, "```cpp") & Src_Marker));
  CHECK((flags_at(d, runs, "```\n\n|") & Src_Marker));

  // Tables: pipes and the delimiter row muted, header cells strong.
  CHECK((flags_at(d, runs, "| 가") & Src_Marker));
  CHECK((flags_at(d, runs, "가 |") & Src_Strong));
  CHECK((flags_at(d, runs, "|---") & Src_Marker));
  CHECK((flags_at(d, runs, "---|") & Src_Marker));
  CHECK_FALSE((flags_at(d, runs, "1 |") & Src_Strong));

  // Raw <br> is HTML.
  CHECK((flags_at(d, runs, "<br>") & Src_Html));
  CHECK_FALSE((flags_at(d, runs, "바꿈") & Src_Html));
}

TEST_CASE("source style underlines diagnostics where they point") {
  const Document d = parse_document("b.md", "---\ntitle: 글\n---\n\n첫 줄\n앞 \xff 뒤\n");
  REQUIRE_FALSE(d.diagnostics.empty());
  const auto runs = style_source(d);
  CHECK((flags_at(d, runs, "\xff") & Src_Error));
  CHECK_FALSE((flags_at(d, runs, "첫 줄") & Src_Error));

  const Document bad = parse_document("c.md", "---\ntitle: [열림\n---\n본문\n");
  REQUIRE(bad.has_errors());
  const auto r2 = style_source(bad);
  bool any = false;
  for (const SourceRun& r : r2) any |= (r.flags & Src_Error) != 0;
  CHECK(any);
  CHECK_FALSE((flags_at(bad, r2, "본문") & Src_Error));
}

TEST_CASE("a slice of the source styles exactly as the same bytes of the whole") {
  std::string text = kPost;
  for (int k = 0; k < 20; k++) text += "\n- 항목 **" + std::to_string(k) + "** `x`\n> 인용 [a](b)\n";
  const Document d = parse_document("a.md", text);
  SourceStyler s;
  s.prepare(d);
  std::vector<SourceRun> whole;
  s.style(0, uint32_t(text.size()), whole);
  std::vector<uint16_t> per_byte(text.size());
  for (const SourceRun& r : whole)
    for (uint32_t i = r.begin; i < r.end; i++) per_byte[i] = r.flags;
  std::mt19937 rng(7);
  for (int k = 0; k < 300; k++) {
    uint32_t a = rng() % uint32_t(text.size()), b = rng() % uint32_t(text.size());
    if (a > b) std::swap(a, b);
    if (a == b) continue;
    std::vector<SourceRun> part;
    s.style(a, b, part);
    check_partition(d, part, a, b);
    for (const SourceRun& r : part)
      for (uint32_t i = r.begin; i < r.end; i++) REQUIRE(per_byte[i] == r.flags);
  }
}

TEST_CASE("source style of empty, body-only and hostile texts") {
  CHECK(style_source(parse_document("e.md", "")).empty());
  const Document plain = parse_document("p.md", "그냥 글\n");
  const auto runs = style_source(plain);
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].flags == 0);
  // Deep nesting stays linear and in range.
  std::string deep(5000, '>');
  deep += " 깊은 인용\n";
  deep += std::string(3000, '*') + "x" + std::string(3000, '*') + "\n";
  const Document d = parse_document("d.md", deep);
  const auto r = style_source(d);
  check_partition(d, r, 0, uint32_t(deep.size()));
}
