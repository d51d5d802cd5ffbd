// The store-only ZIP writer: CRC-32 values, structure, and (when the system
// has it) extraction by unzip giving back the exact bytes.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "core/zip.h"

using namespace sheaf;
namespace fs = std::filesystem;

static uint32_t le32(const std::string& s, size_t at) {
  return uint32_t(uint8_t(s[at])) | uint32_t(uint8_t(s[at + 1])) << 8 | uint32_t(uint8_t(s[at + 2])) << 16 |
         uint32_t(uint8_t(s[at + 3])) << 24;
}

TEST_CASE("zip: crc32 known values") {
  CHECK(crc32("") == 0u);
  CHECK(crc32("123456789") == 0xCBF43926u);
  CHECK(crc32("The quick brown fox jumps over the lazy dog") == 0x414FA339u);
  // Chaining gives the same as one pass.
  CHECK(crc32("6789", crc32("12345")) == 0xCBF43926u);
}

TEST_CASE("zip: structure of a store-only archive") {
  std::vector<ZipEntry> e = {{"_posts/가.md", "한글 본문\n", 1700000000000}, {"empty.md", "", 0}};
  std::string z = make_zip(e);
  REQUIRE(z.size() > 22);
  CHECK(le32(z, 0) == 0x04034b50u);
  CHECK(le32(z, z.size() - 22) == 0x06054b50u);
  CHECK(z.find("_posts/가.md") != std::string::npos);
  CHECK(z.find("한글 본문\n") != std::string::npos);  // stored, not compressed
  // CRC of the first entry sits at offset 14 of its local header.
  CHECK(le32(z, 14) == crc32("한글 본문\n"));
  CHECK(make_zip({}).size() == 22);
}

TEST_CASE("zip: system unzip extracts byte-identical files") {
  if (std::system("unzip -v >/dev/null 2>&1") != 0) return;  // no unzip here: nothing to compare with
  std::random_device rd;
  fs::path dir = fs::temp_directory_path() / ("sheaf-zip-" + std::to_string(rd()));
  fs::create_directories(dir);
  std::string binary;
  for (int i = 0; i < 70000; i++) binary += char(i * 7 + (i >> 8));
  std::vector<ZipEntry> e = {{"_posts/2024-01-01-안녕.md", "---\r\ntitle: 안녕\r\n---\r\n본문 😀\n", 1704067200000},
                             {"notes/deep/b.markdown", binary, 0}};
  std::string z = make_zip(e);
  std::ofstream(dir / "a.zip", std::ios::binary) << z;
  std::string cmd = "cd '" + dir.string() + "' && unzip -q a.zip -d out >/dev/null 2>&1";
  CHECK(std::system(cmd.c_str()) == 0);
  for (const ZipEntry& x : e) {
    std::ifstream f(dir / "out" / fs::u8path(x.name), std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    CHECK(ss.str() == x.data);
  }
  fs::remove_all(dir);
}
