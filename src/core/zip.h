// Sheaf core: a store-only ZIP writer (no compression), for exporting the
// notebook. Names are flagged as UTF-8 so Hangul file names survive.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sheaf {

uint32_t crc32(std::string_view bytes, uint32_t crc = 0);

struct ZipEntry {
  std::string name;      // '/'-separated path inside the archive
  std::string data;      // stored as is
  int64_t modified = 0;  // ms since 1970 (UTC); 0: 1980-01-01
};

// The whole archive in memory. Entries over 4 GiB or more than 65535 entries
// would need ZIP64, which this writer does not do: it returns "" instead.
std::string make_zip(const std::vector<ZipEntry>& entries);

}  // namespace sheaf
