// Sheaf core: store-only ZIP writer.
//
// [SECTION] CRC-32
// [SECTION] Archive
// Layout per entry: local header, name, data; then the central directory and
// its end record (APPNOTE 4.3). No data descriptors: sizes and CRC are known
// up front.
#include "core/zip.h"

#include <array>
#include <ctime>

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] CRC-32
//-----------------------------------------------------------------------------

static const std::array<uint32_t, 256>& crc_table() {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; i++) {
      uint32_t c = i;
      for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  return table;
}

uint32_t crc32(std::string_view bytes, uint32_t crc) {
  const auto& t = crc_table();
  crc = ~crc;
  for (unsigned char b : bytes) crc = t[(crc ^ b) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

//-----------------------------------------------------------------------------
// [SECTION] Archive
//-----------------------------------------------------------------------------

static void put16(std::string& out, uint32_t v) {
  out += char(v & 0xFF);
  out += char((v >> 8) & 0xFF);
}
static void put32(std::string& out, uint32_t v) {
  put16(out, v & 0xFFFF);
  put16(out, v >> 16);
}

// MS-DOS date and time (local fields taken from UTC: zip has no zone).
static void dos_time(int64_t ms, uint16_t& date, uint16_t& time) {
  date = (0 << 9) | (1 << 5) | 1;  // 1980-01-01
  time = 0;
  if (ms <= 0) return;
  std::time_t secs = std::time_t(ms / 1000);
  std::tm tm{};
#if defined(_WIN32)
  gmtime_s(&tm, &secs);
#else
  gmtime_r(&secs, &tm);
#endif
  if (tm.tm_year < 80) return;
  date = uint16_t(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
  time = uint16_t((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
}

std::string make_zip(const std::vector<ZipEntry>& entries) {
  constexpr uint16_t kVersion = 20;       // 2.0: folders and plain storage
  constexpr uint16_t kUtf8Names = 1 << 11;
  if (entries.size() > 0xFFFF) return {};
  std::string out, central;
  for (const ZipEntry& e : entries) {
    if (e.data.size() >= 0xFFFFFFFFull || e.name.size() > 0xFFFF || out.size() >= 0xFFFFFFFFull) return {};
    uint32_t crc = crc32(e.data);
    uint16_t date, time;
    dos_time(e.modified, date, time);
    uint32_t offset = uint32_t(out.size());
    auto common = [&](std::string& s) {
      put16(s, kUtf8Names);
      put16(s, 0);  // stored
      put16(s, time);
      put16(s, date);
      put32(s, crc);
      put32(s, uint32_t(e.data.size()));
      put32(s, uint32_t(e.data.size()));
      put16(s, uint32_t(e.name.size()));
      put16(s, 0);  // extra
    };
    put32(out, 0x04034b50);
    put16(out, kVersion);
    common(out);
    out += e.name;
    out += e.data;

    put32(central, 0x02014b50);
    put16(central, (3 << 8) | kVersion);  // made by: Unix, so unzip applies the mode below
    put16(central, kVersion);
    common(central);
    put16(central, 0);  // comment
    put16(central, 0);  // disk
    put16(central, 0);  // internal attributes
    put32(central, 0100644u << 16);  // regular file, rw-r--r--
    put32(central, offset);
    central += e.name;
  }
  if (out.size() + central.size() >= 0xFFFFFFFFull) return {};
  uint32_t dir_offset = uint32_t(out.size());
  out += central;
  put32(out, 0x06054b50);
  put16(out, 0);
  put16(out, 0);
  put16(out, uint32_t(entries.size()));
  put16(out, uint32_t(entries.size()));
  put32(out, uint32_t(central.size()));
  put32(out, dir_offset);
  put16(out, 0);
  return out;
}

}  // namespace sheaf
