// Footnotes in the tree and their numbering: references anywhere, definitions
// on their lines, missing and duplicate ones, incremental == full.
#include <doctest/doctest.h>

#include "core/footnotes.h"
#include "liquid_check.h"

using namespace sheaf;
using namespace liquid_test;

TEST_CASE("footnotes: references and definitions, numbered by first reference") {
  Document d = parse("둘째[^b] 먼저[^a], 다시[^b].\n\n[^a]: 가 각주\n[^b]: B note with **bold**\n");
  CHECK(check_ranges(d.tree, d.text, d.front_matter.body_begin) == "");
  auto refs = all_of(d, NodeType::FootnoteRef);
  auto defs = all_of(d, NodeType::FootnoteDef);
  REQUIRE(refs.size() == 3);
  REQUIRE(defs.size() == 2);
  CHECK(text_of(d, refs[0]) == "b");
  CHECK(src_of(d, refs[0]) == "[^b]");
  CHECK(text_of(d, defs[0]) == "a");
  CHECK(src_of(d, defs[0]) == "[^a]: 가 각주\n");
  CHECK(src_of(d, defs[1]) == "[^b]: B note with **bold**\n");
  // The definition holds its text without the "[^b]:" mark.
  CHECK(text_of(d, d.tree.nodes[defs[1]].first_child) == "B note with ");
  CHECK(all_of(d, NodeType::Strong).size() == 1);
  Footnotes f = collect_footnotes(d.tree, d.text);
  REQUIRE(f.notes.size() == 2);
  CHECK(f.notes[0].id == "b");
  CHECK(f.notes[0].number == 1);
  CHECK(f.notes[0].refs.size() == 2);
  CHECK(f.notes[1].id == "a");
  CHECK(f.note_of_ref(refs[1]) == 1);
  CHECK(f.note_of_def(defs[0]) == 1);
}

TEST_CASE("footnotes: a definition that md4c would take for a link reference definition is kept") {
  Document d = parse("글[^1]\n\n[^1]: http://example.com\n");
  auto defs = all_of(d, NodeType::FootnoteDef);
  REQUIRE(defs.size() == 1);
  CHECK(all_of(d, NodeType::Link).size() == 1);  // the URL inside is an autolink
  CHECK(all_of(d, NodeType::FootnoteRef).size() == 1);
}

TEST_CASE("footnotes: lazy continuation lines belong to the definition") {
  Document d = parse("글[^긴]\n\n[^긴]: 첫 줄\n    이어지는 줄\n[^2]: 다음 각주\n");
  auto defs = all_of(d, NodeType::FootnoteDef);
  REQUIRE(defs.size() == 2);
  CHECK(text_of(d, defs[0]) == "긴");
  CHECK(src_of(d, defs[0]) == "[^긴]: 첫 줄\n    이어지는 줄\n");
  CHECK(src_of(d, defs[1]) == "[^2]: 다음 각주\n");
  CHECK(check_ranges(d.tree, d.text, d.front_matter.body_begin) == "");
  // The line break before the next definition is not kept in the first.
  CHECK(d.tree.nodes[d.tree.nodes[defs[0]].last_child].type == NodeType::Text);
}

TEST_CASE("footnotes: references in lists and tables, and missing definitions stay text") {
  Document d = parse("- 항목[^x]\n\n| a |\n|---|\n| 셀[^x] [^없음] |\n\n[^x]: 정의\n");
  auto refs = all_of(d, NodeType::FootnoteRef);
  REQUIRE(refs.size() == 3);
  CHECK(d.tree.nodes[d.tree.nodes[refs[1]].parent].type == NodeType::TableCell);
  Footnotes f = collect_footnotes(d.tree, d.text);
  REQUIRE(f.notes.size() == 1);
  CHECK(f.note_of_ref(refs[0]) == 0);
  CHECK(f.note_of_ref(refs[1]) == 0);
  CHECK(f.note_of_ref(refs[2]) == -1);  // no definition: drawn as the text it is
  CHECK(src_of(d, refs[2]) == "[^없음]");
}

TEST_CASE("footnotes: duplicate definitions keep the first, unreferenced ones come last") {
  Document d = parse("a[^1]\n\n[^1]: 처음\n\n[^1]: 중복\n\n[^z]: 아무도 안 씀\n");
  auto defs = all_of(d, NodeType::FootnoteDef);
  REQUIRE(defs.size() == 3);
  Footnotes f = collect_footnotes(d.tree, d.text);
  REQUIRE(f.notes.size() == 2);
  CHECK(f.notes[0].def == defs[0]);
  CHECK(f.note_of_def(defs[1]) == -1);
  CHECK(f.notes[1].id == "z");
  CHECK(f.notes[1].number == 2);
  CHECK(f.notes[1].refs.empty());
}

TEST_CASE("footnotes: not footnotes") {
  Document d = parse("[^ spaced] [^] `[^1]` [text](x)\n\n    [^1]: indented code\n\n```\n[^2]: in a fence\n```\n");
  CHECK(all_of(d, NodeType::FootnoteRef).empty());
  CHECK(all_of(d, NodeType::FootnoteDef).empty());
  CHECK(all_of(d, NodeType::CodeBlock).size() == 2);
  CHECK(text_of(d, all_of(d, NodeType::CodeBlock)[1]) == "[^2]: in a fence\n");
  CHECK(footnote_mark_len("[^abc]") == 3);
  CHECK(footnote_mark_len("[^a b]") == 0);
  CHECK(footnote_mark_len("[^한글]") == 6);
}

TEST_CASE("footnotes: incremental edits adding and removing definitions equal a full parse") {
  Document d = parse("문단[^1] 하나\n\n다른 문단\n\n끝\n");
  CHECK(edit_matches_full(d, "끝\n", "끝\n\n[^1]: 새 각주\n") == "");
  CHECK(all_of(d, NodeType::FootnoteDef).size() == 1);
  CHECK(edit_matches_full(d, "[^1]: 새", "[^1]: [^2] 새") == "");
  CHECK(edit_matches_full(d, "다른 문단", "다른[^2] 문단") == "");
  CHECK(edit_matches_full(d, "새 각주\n", "새 각주\n[^2]: 둘째\n") == "");
  CHECK(all_of(d, NodeType::FootnoteDef).size() == 2);
  CHECK(edit_matches_full(d, "[^1]: ", "") == "");
  CHECK(all_of(d, NodeType::FootnoteDef).size() == 1);
}
