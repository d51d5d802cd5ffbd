// What the import makes of hostile names and of text that is not UTF-8.
#include <doctest/doctest.h>

#include <string>

#include "core/folder_storage.h"
#include "core/utf8.h"

using namespace sheaf;

TEST_CASE("import names: climbing, empty parts, backslashes and control bytes are made safe") {
  CHECK(sanitize_relative_path("../../etc/passwd.md") == "etc/passwd.md");
  CHECK(sanitize_relative_path("/abs/./x.md") == "abs/x.md");
  CHECK(sanitize_relative_path("a\\..\\b.md") == "a/b.md");
  CHECK(sanitize_relative_path("dir//sub///글.md") == "dir/sub/글.md");
  CHECK(sanitize_relative_path(std::string("bad\x01na\x7fme\n.md")) == "bad_na_me_.md");
  CHECK(sanitize_relative_path("c:evil.md") == "c_evil.md");
  CHECK(sanitize_relative_path("..") == "");
  CHECK(sanitize_relative_path("/") == "");
  CHECK(sanitize_relative_path("") == "");
  for (const std::string& p : {std::string("../../x.md"), std::string("a/../../b.md"), std::string("\\\\server\\x.md")})
    CHECK(is_safe_relative_path(sanitize_relative_path(p)));
}

TEST_CASE("import names: a part over 255 bytes is cut between characters and keeps its extension") {
  std::string hangul;
  for (int i = 0; i < 100; i++) hangul += "한";  // 300 bytes
  std::string out = sanitize_relative_path("notes/" + hangul + ".md");
  REQUIRE(out.rfind("notes/", 0) == 0);
  std::string part = out.substr(6);
  CHECK(part.size() <= 255);
  CHECK(part.size() == 252 + 3);  // 84 whole syllables, then ".md"
  CHECK(part.substr(part.size() - 3) == ".md");
  CHECK(utf8_valid(part));
}

TEST_CASE("legacy encodings: UTF-16 by its byte-order mark, EUC-KR by its Hangul pairs") {
  CHECK(std::string(guess_legacy_encoding("\xFF\xFE#\0 \0")) == "UTF-16LE");
  CHECK(std::string(guess_legacy_encoding("\xFE\xFF\0#\0 ")) == "UTF-16BE");
  // "안녕하세요 세계" in EUC-KR.
  const std::string euckr = "\xBE\xC8\xB3\xE7\xC7\xCF\xBC\xBC\xBF\xE4 \xBC\xBC\xB0\xE8\n";
  REQUIRE(!utf8_valid(euckr));
  CHECK(std::string(guess_legacy_encoding("# title\n" + euckr)) == "EUC-KR");
  // Latin-1 accents and random high bytes are neither.
  CHECK(guess_legacy_encoding("caf\xE9 cr\xE8me br\xFBl\xE9" "e") == nullptr);
  CHECK(guess_legacy_encoding("\x80\x81\x82\x83\x84\x85\x86 \x01\x02") == nullptr);
}
