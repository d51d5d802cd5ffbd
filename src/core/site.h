// Sheaf core: a Jekyll site, read from its _config.yml.
//
// When a notebook's root holds a _config.yml, the posts are read the way
// Jekyll builds them: front-matter defaults by path scope and type,
// categories from the folders above _posts, zone-less times in the site's
// timezone, and a publishing state (draft, unpublished, future). Without a
// _config.yml none of this applies (Site::present is false).
//
// Time zones: wasm has no tz database, so the zones are a built-in table of
// standard offsets and DST rules (EU, US, Australia, New Zealand), see
// site.cpp. Historical rule changes before the current rules are not kept.
//
// [SECTION] Time zones
// [SECTION] Site
// [SECTION] Rules
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/metadata.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Time zones
//-----------------------------------------------------------------------------

enum class DstRule : uint8_t { None, EU, US, AU, NZ };

struct TimeZone {
  std::string name;          // "Asia/Seoul"
  int std_offset = 0;        // minutes east of UTC, standard time
  DstRule dst = DstRule::None;  // summer time adds one hour
};

// Looks a zone name up in the built-in table; false when unknown.
bool find_time_zone(std::string_view name, TimeZone* out);
// Minutes east of UTC in `zone` at the instant `utc` (seconds since 1970).
int zone_offset_at(const TimeZone& zone, int64_t utc);
// The instant of a wall-clock time in `zone` (d's own offset is ignored). A
// time skipped by the spring change reads as standard time; a repeated one
// as its first (summer) reading.
int64_t zone_local_to_utc(const TimeZone& zone, const DateTime& d);
// The instant shown as wall-clock time in `zone`, with its offset.
DateTime zone_from_utc(const TimeZone& zone, int64_t utc);

//-----------------------------------------------------------------------------
// [SECTION] Site
//-----------------------------------------------------------------------------

// One entry of `defaults:`: a scope (path prefix or glob, and type) and values.
struct SiteDefault {
  std::string path;  // scope path, relative to the source ("" = everywhere)
  std::string type;  // "posts", "drafts", "pages", a collection name, or ""
  std::vector<Property> values;
  int line = 0;  // of the entry in _config.yml
};

struct SiteCollection {
  std::string name;
  bool output = false;
  std::string permalink;
};

struct Site {
  bool present = false;  // a _config.yml was found and parses
  std::string source;    // `source:` folder, relative to the notebook ("" = the root)
  std::string timezone;  // as written
  bool has_zone = false; // timezone set and known
  TimeZone zone;
  std::vector<SiteDefault> defaults;
  std::string permalink;
  std::vector<SiteCollection> collections;
  std::string excerpt_separator = "<!--more-->";
  bool future = false;       // Jekyll's default: future posts are not published
  bool show_drafts = false;
  std::vector<Diagnostic> diagnostics;  // located in _config.yml
  uint64_t fingerprint = 0;  // hash of the text it came from (0 when absent)
};

// Parses the text of a _config.yml. Broken YAML gives a located diagnostic
// and a Site that is not present. Never throws.
Site parse_site_config(std::string_view yml);

//-----------------------------------------------------------------------------
// [SECTION] Rules
//-----------------------------------------------------------------------------

// The document type Jekyll's defaults scope by: "drafts" (under _drafts/),
// "posts" (under _posts/), a collection's name (under _<name>/), or "pages".
std::string site_type(const Site& site, std::string_view path);

// The folders between the site's source and `_posts` (or `_drafts`):
// "foo/_posts/bar/2008-12-12-x.md" -> {"foo"}.
std::vector<std::string> path_categories(const Site& site, std::string_view path);

// A front-matter value the post gets from `defaults:`, not from its file.
struct InheritedProperty {
  Property property;   // key, value; line = the defaults entry's line in _config.yml
  std::string from;    // "_config.yml defaults (path: blog, type: posts)"
};

// The defaults that apply to `path`, most specific scope winning (a longer
// path, then a type, then the later entry), minus the keys in `own`.
std::vector<InheritedProperty> site_defaults(const Site& site, std::string_view path,
                                             const std::vector<std::string>& own_keys);

// Re-reads an ISO date as the site does: a zone-less time is in the site's
// zone (UTC without `timezone`), and every time is shown in the site's zone.
// Returns false when nothing changes.
bool site_date(const Site& site, std::string_view iso, std::string* out_iso, int64_t* out_key, int32_t* out_day);

// "_posts/2024-02-25-x.md" with d's date -> "_posts/2024-03-01-x.md" (the
// prefix zero-padded, the rest of the name kept); "" when the name has no
// date prefix or already says d's day.
std::string path_with_date(std::string_view path, const DateTime& d);

enum PublishFlags : uint8_t {
  kPublishDraft = 1,        // under _drafts/
  kPublishUnpublished = 2,  // published: false (own or inherited)
  kPublishHidesFuture = 4,  // the site leaves posts dated after now out (future unset or false)
};

}  // namespace sheaf
