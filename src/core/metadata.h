// Sheaf core: normalized metadata with Jekyll semantics (title, date, tags,
// categories) derived from properties, headings and the file name.
//
// [SECTION] Dates
// [SECTION] File names
// [SECTION] Tags and categories
// [SECTION] Document metadata
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Dates
//-----------------------------------------------------------------------------

struct DateTime {
  int year = 0, month = 0, day = 0;
  bool has_time = false;
  int hour = 0, minute = 0, second = 0;
  std::string fraction;  // digits after the '.', as written
  bool has_offset = false;
  bool zulu = false;        // written as "Z"
  int offset_minutes = 0;   // east of UTC
};

// Accepts the YAML timestamp forms and Jekyll's usual spellings:
//   2024-02-25   2024-02-25 10:00   2024-02-25 10:00:00   2024-02-25T10:00:00.123Z
//   2024-02-25T10:00:00+09:00   2024-02-25 10:00:00 +0900   2024-02-25 10:00:00 -5
// Validates ranges (month 1-12, day within the month, leap years). `out` may be null.
bool parse_date(std::string_view s, DateTime* out);

// "2024-02-25", "2024-02-25T10:00:00", "2024-02-25T10:00:00.5+09:00", "...Z".
std::string format_iso(const DateTime& d);

// Seconds since 1970-01-01 UTC (a date alone counts as midnight UTC, a time
// without offset as UTC).
int64_t date_seconds(const DateTime& d);

//-----------------------------------------------------------------------------
// [SECTION] File names
//-----------------------------------------------------------------------------

// "_posts/2024-02-25-hello-world.md" -> "Hello World": Jekyll's slug title
// (date prefix, extension and folders stripped; each '-' separated word
// capitalized as Ruby does, the rest of it lower case; '_' becomes a space too).
std::string title_from_file_name(std::string_view path);

// "_posts/2024-02-25-hello.md" -> true and *out = that date; false without the
// prefix. Month and day may be unpadded, as Jekyll allows ("2017-2-5-x.md").
bool date_from_file_name(std::string_view path, DateTime* out);

//-----------------------------------------------------------------------------
// [SECTION] Tags and categories
//-----------------------------------------------------------------------------

// Appends the names in `v` to `out` the way Jekyll reads tags/categories:
// a string is split on whitespace when `split_strings`; lists (nested ones
// flattened) give one name per scalar; null and blank items are dropped;
// duplicates (exact match) keep their first occurrence.
void collect_names(const Value& v, bool split_strings, std::vector<std::string>& out);

// Jekyll's pluralized lookup: the singular key (`tag`, `category`) wins when
// present and not null, and is taken as one name; otherwise the plural key,
// whose string form is split on whitespace. Returns the key used, or "".
std::string_view names_from_properties(const std::vector<Property>& props, std::string_view singular,
                                       std::string_view plural, std::vector<std::string>& out);

//-----------------------------------------------------------------------------
// [SECTION] Document metadata
//-----------------------------------------------------------------------------

// Fills doc.title/title_source, date/date_key, tags, categories from
// doc.properties, doc.headings (or the tree) and doc.path. Bad dates become
// Warnings at the key's line.
void normalize_metadata(Document& doc);

}  // namespace sheaf
