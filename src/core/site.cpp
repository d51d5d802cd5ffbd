// Sheaf core: a Jekyll site, read from its _config.yml (see site.h).
//
// Why a built-in zone table: the browser build has no tz database, and a
// generated copy of one would be far bigger than what a blog's `timezone`
// needs. A zone here is a standard offset plus one of five DST rules as they
// stand today (EU since 1996, US since 2007 with its 1987-2006 rule, Australia
// since 2008, New Zealand since 2007). Dates before a zone's current rules
// may be off by an hour; the table names the zones blogs use.
//
// [SECTION] Time zones
// [SECTION] Reading _config.yml
// [SECTION] Rules
#include "core/site.h"

#include <cstdio>
#include <cstring>

#include "yaml-cpp/yaml.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Time zones
//-----------------------------------------------------------------------------

namespace {

struct ZoneRow {
  const char* name;
  int offset;  // minutes
  DstRule dst;
};

// Sorted by nothing: looked up linearly, once per site.
const ZoneRow kZones[] = {
    {"UTC", 0, DstRule::None}, {"Etc/UTC", 0, DstRule::None}, {"GMT", 0, DstRule::None},
    {"Etc/GMT", 0, DstRule::None}, {"Universal", 0, DstRule::None}, {"Zulu", 0, DstRule::None},
    // Asia
    {"Asia/Seoul", 540, DstRule::None}, {"Asia/Tokyo", 540, DstRule::None}, {"Asia/Pyongyang", 540, DstRule::None},
    {"Asia/Shanghai", 480, DstRule::None}, {"Asia/Hong_Kong", 480, DstRule::None}, {"Asia/Taipei", 480, DstRule::None},
    {"Asia/Singapore", 480, DstRule::None}, {"Asia/Manila", 480, DstRule::None}, {"Asia/Kuala_Lumpur", 480, DstRule::None},
    {"Asia/Bangkok", 420, DstRule::None}, {"Asia/Jakarta", 420, DstRule::None}, {"Asia/Ho_Chi_Minh", 420, DstRule::None},
    {"Asia/Kolkata", 330, DstRule::None}, {"Asia/Calcutta", 330, DstRule::None}, {"Asia/Kathmandu", 345, DstRule::None},
    {"Asia/Dhaka", 360, DstRule::None}, {"Asia/Karachi", 300, DstRule::None}, {"Asia/Tashkent", 300, DstRule::None},
    {"Asia/Dubai", 240, DstRule::None}, {"Asia/Tehran", 210, DstRule::None}, {"Asia/Riyadh", 180, DstRule::None},
    {"Asia/Jerusalem", 120, DstRule::None}, {"Asia/Vladivostok", 600, DstRule::None},
    // Europe
    {"Europe/London", 0, DstRule::EU}, {"Europe/Dublin", 0, DstRule::EU}, {"Europe/Lisbon", 0, DstRule::EU},
    {"Atlantic/Canary", 0, DstRule::EU}, {"Europe/Paris", 60, DstRule::EU}, {"Europe/Berlin", 60, DstRule::EU},
    {"Europe/Madrid", 60, DstRule::EU}, {"Europe/Rome", 60, DstRule::EU}, {"Europe/Amsterdam", 60, DstRule::EU},
    {"Europe/Brussels", 60, DstRule::EU}, {"Europe/Vienna", 60, DstRule::EU}, {"Europe/Zurich", 60, DstRule::EU},
    {"Europe/Stockholm", 60, DstRule::EU}, {"Europe/Oslo", 60, DstRule::EU}, {"Europe/Copenhagen", 60, DstRule::EU},
    {"Europe/Warsaw", 60, DstRule::EU}, {"Europe/Prague", 60, DstRule::EU}, {"Europe/Budapest", 60, DstRule::EU},
    {"Europe/Belgrade", 60, DstRule::EU}, {"Europe/Luxembourg", 60, DstRule::EU}, {"Europe/Monaco", 60, DstRule::EU},
    {"Europe/Athens", 120, DstRule::EU}, {"Europe/Helsinki", 120, DstRule::EU}, {"Europe/Kiev", 120, DstRule::EU},
    {"Europe/Kyiv", 120, DstRule::EU}, {"Europe/Bucharest", 120, DstRule::EU}, {"Europe/Sofia", 120, DstRule::EU},
    {"Europe/Riga", 120, DstRule::EU}, {"Europe/Tallinn", 120, DstRule::EU}, {"Europe/Vilnius", 120, DstRule::EU},
    {"Europe/Istanbul", 180, DstRule::None}, {"Europe/Moscow", 180, DstRule::None}, {"Europe/Minsk", 180, DstRule::None},
    // America
    {"America/New_York", -300, DstRule::US}, {"America/Toronto", -300, DstRule::US}, {"America/Detroit", -300, DstRule::US},
    {"America/Montreal", -300, DstRule::US}, {"America/Indiana/Indianapolis", -300, DstRule::US},
    {"America/Chicago", -360, DstRule::US}, {"America/Winnipeg", -360, DstRule::US}, {"America/Denver", -420, DstRule::US},
    {"America/Edmonton", -420, DstRule::US}, {"America/Boise", -420, DstRule::US}, {"America/Phoenix", -420, DstRule::None},
    {"America/Los_Angeles", -480, DstRule::US}, {"America/Vancouver", -480, DstRule::US},
    {"America/Tijuana", -480, DstRule::US}, {"America/Anchorage", -540, DstRule::US}, {"America/Halifax", -240, DstRule::US},
    {"America/St_Johns", -210, DstRule::US}, {"America/Regina", -360, DstRule::None},
    {"America/Mexico_City", -360, DstRule::None}, {"America/Bogota", -300, DstRule::None}, {"America/Lima", -300, DstRule::None},
    {"America/Panama", -300, DstRule::None}, {"America/Caracas", -240, DstRule::None}, {"America/Puerto_Rico", -240, DstRule::None},
    {"America/Sao_Paulo", -180, DstRule::None}, {"America/Argentina/Buenos_Aires", -180, DstRule::None},
    {"America/Buenos_Aires", -180, DstRule::None}, {"America/Montevideo", -180, DstRule::None},
    {"Pacific/Honolulu", -600, DstRule::None},
    // US aliases Jekyll sites still use
    {"US/Eastern", -300, DstRule::US}, {"US/Central", -360, DstRule::US}, {"US/Mountain", -420, DstRule::US},
    {"US/Pacific", -480, DstRule::US}, {"US/Hawaii", -600, DstRule::None},
    // Oceania, Africa
    {"Australia/Sydney", 600, DstRule::AU}, {"Australia/Melbourne", 600, DstRule::AU}, {"Australia/Hobart", 600, DstRule::AU},
    {"Australia/Canberra", 600, DstRule::AU}, {"Australia/Adelaide", 570, DstRule::AU}, {"Australia/Brisbane", 600, DstRule::None},
    {"Australia/Darwin", 570, DstRule::None}, {"Australia/Perth", 480, DstRule::None},
    {"Pacific/Auckland", 720, DstRule::NZ}, {"Africa/Johannesburg", 120, DstRule::None}, {"Africa/Lagos", 60, DstRule::None},
    {"Africa/Nairobi", 180, DstRule::None}, {"Africa/Accra", 0, DstRule::None}, {"Africa/Casablanca", 60, DstRule::None},
};

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int days_in(int y, int m) {
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = unsigned(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + int64_t(doe) - 719468;
}

void civil_from_days(int64_t z, int* y, int* m, int* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = unsigned(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = int(doy - (153 * mp + 2) / 5 + 1);
  *m = int(mp < 10 ? mp + 3 : mp - 9);
  *y = int(int64_t(yoe) + era * 400 + (*m <= 2));
}

// Day number of the n-th (1-based; 0 = last) Sunday of a month.
int64_t sunday(int y, int m, int n) {
  if (n == 0) {
    int64_t last = days_from_civil(y, unsigned(m), unsigned(days_in(y, m)));
    int wd = int((last + 4) % 7);  // 1970-01-01 was a Thursday; 0 = Sunday
    if (wd < 0) wd += 7;
    return last - wd;
  }
  int64_t first = days_from_civil(y, unsigned(m), 1);
  int wd = int((first + 4) % 7);
  if (wd < 0) wd += 7;
  return first + (7 - wd) % 7 + 7 * (n - 1);
}

// Summer time in [start, end) UTC seconds of year y (the southern rules run
// across the new year: summer is outside [end, start)).
void dst_span(DstRule r, int y, int std_offset, int64_t* start, int64_t* end) {
  const int64_t o = int64_t(std_offset) * 60, h = 3600;
  switch (r) {
    case DstRule::EU:
      *start = sunday(y, 3, 0) * 86400 + 1 * h;
      *end = sunday(y, 10, 0) * 86400 + 1 * h;
      break;
    case DstRule::US:
      if (y >= 2007) {
        *start = sunday(y, 3, 2) * 86400 + 2 * h - o;
        *end = sunday(y, 11, 1) * 86400 + 2 * h - (o + h);
      } else {
        *start = sunday(y, 4, 1) * 86400 + 2 * h - o;
        *end = sunday(y, 10, 0) * 86400 + 2 * h - (o + h);
      }
      break;
    case DstRule::AU:  // summer from the first Sunday of October to the first of April
      *start = sunday(y, 10, 1) * 86400 + 2 * h - o;
      *end = sunday(y, 4, 1) * 86400 + 3 * h - (o + h);
      break;
    case DstRule::NZ:  // from the last Sunday of September to the first of April
      *start = sunday(y, 9, 0) * 86400 + 2 * h - o;
      *end = sunday(y, 4, 1) * 86400 + 3 * h - (o + h);
      break;
    case DstRule::None: *start = *end = 0; break;
  }
}

}  // namespace

bool find_time_zone(std::string_view name, TimeZone* out) {
  for (const ZoneRow& z : kZones)
    if (name == z.name) {
      if (out) *out = TimeZone{z.name, z.offset, z.dst};
      return true;
    }
  return false;
}

int zone_offset_at(const TimeZone& zone, int64_t utc) {
  if (zone.dst == DstRule::None) return zone.std_offset;
  int64_t days = utc >= 0 ? utc / 86400 : (utc - 86399) / 86400;
  int y, m, d;
  civil_from_days(days, &y, &m, &d);
  int64_t start = 0, end = 0;
  dst_span(zone.dst, y, zone.std_offset, &start, &end);
  bool summer = zone.dst == DstRule::AU || zone.dst == DstRule::NZ ? (utc < end || utc >= start)
                                                                    : (utc >= start && utc < end);
  return zone.std_offset + (summer ? 60 : 0);
}

int64_t zone_local_to_utc(const TimeZone& zone, const DateTime& d) {
  DateTime local = d;
  local.has_offset = local.zulu = false;
  local.offset_minutes = 0;
  int64_t wall = date_seconds(local);
  int64_t summer = wall - int64_t(zone.std_offset + 60) * 60;
  if (zone.dst != DstRule::None && zone_offset_at(zone, summer) == zone.std_offset + 60) return summer;
  return wall - int64_t(zone.std_offset) * 60;
}

DateTime zone_from_utc(const TimeZone& zone, int64_t utc) {
  int off = zone_offset_at(zone, utc);
  int64_t t = utc + int64_t(off) * 60;
  int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  int64_t secs = t - days * 86400;
  DateTime d;
  civil_from_days(days, &d.year, &d.month, &d.day);
  d.has_time = true;
  d.hour = int(secs / 3600);
  d.minute = int(secs / 60 % 60);
  d.second = int(secs % 60);
  d.has_offset = true;
  d.offset_minutes = off;
  return d;
}

//-----------------------------------------------------------------------------
// [SECTION] Reading _config.yml
//-----------------------------------------------------------------------------

namespace {

bool is_number(const std::string& s) {
  if (s.empty()) return false;
  size_t i = s[0] == '-' || s[0] == '+' ? 1 : 0;
  bool digit = false, dot = false;
  for (; i < s.size(); i++) {
    if (s[i] >= '0' && s[i] <= '9') digit = true;
    else if (s[i] == '.' && !dot) dot = true;
    else return false;
  }
  return digit;
}

// A YAML node as one of our Values (config files are small and shallow; the
// depth bound keeps a hostile one from recursing far).
Value to_value(const YAML::Node& n, int depth) {
  Value v;
  if (depth > 32 || !n || n.IsNull()) return v;
  if (n.IsScalar()) {
    v.scalar = n.Scalar();
    if (n.Tag() == "!") v.kind = Value::Kind::String;  // quoted
    else if (v.scalar == "true" || v.scalar == "false" || v.scalar == "True" || v.scalar == "False") v.kind = Value::Kind::Bool;
    else if (is_number(v.scalar)) v.kind = Value::Kind::Number;
    else if (parse_date(v.scalar, nullptr)) v.kind = Value::Kind::Date;
    else v.kind = Value::Kind::String;
    return v;
  }
  if (n.IsSequence()) {
    v.kind = Value::Kind::List;
    for (const YAML::Node& item : n) v.items.push_back(to_value(item, depth + 1));
    return v;
  }
  if (n.IsMap()) {
    v.kind = Value::Kind::Map;
    for (auto it = n.begin(); it != n.end(); ++it)
      v.entries.emplace_back(it->first.IsScalar() ? it->first.Scalar() : std::string(), to_value(it->second, depth + 1));
  }
  return v;
}

bool truthy(const YAML::Node& n) {
  if (!n || !n.IsScalar()) return false;
  const std::string& s = n.Scalar();
  return s == "true" || s == "True" || s == "TRUE" || s == "yes" || s == "on";
}

std::string trim_slashes(std::string s) {
  while (!s.empty() && (s.front() == '/' || s.front() == ' ' || (s.front() == '.' && s.size() > 1 && s[1] == '/')))
    s.erase(0, s.front() == '.' ? 2 : 1);
  if (s == ".") s.clear();
  while (!s.empty() && (s.back() == '/' || s.back() == ' ')) s.pop_back();
  return s;
}

uint64_t fnv(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h ? h : 1;
}

}  // namespace

Site parse_site_config(std::string_view yml) {
  Site site;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yml));
  } catch (const YAML::Exception& e) {
    site.diagnostics.push_back({Severity::Error, e.mark.line >= 0 ? e.mark.line + 1 : 0, e.mark.column >= 0 ? e.mark.column + 1 : 0,
                                "_config.yml does not parse (" + e.msg + "); the site's rules are not applied"});
    return site;
  }
  site.present = true;
  site.fingerprint = fnv(yml);
  if (!root || root.IsNull()) return site;  // an empty _config.yml is a site with Jekyll's defaults
  if (!root.IsMap()) {
    site.diagnostics.push_back({Severity::Warning, 1, 1, "_config.yml: the top level should be a mapping of settings"});
    return site;
  }
  auto warn = [&](const YAML::Node& n, std::string msg) {
    site.diagnostics.push_back({Severity::Warning, n.Mark().line + 1, n.Mark().column + 1, "_config.yml: " + std::move(msg)});
  };
  try {
    if (YAML::Node n = root["source"]; n && n.IsScalar()) site.source = trim_slashes(n.Scalar());
    if (YAML::Node n = root["timezone"]; n && n.IsScalar() && !n.Scalar().empty()) {
      site.timezone = n.Scalar();
      site.has_zone = find_time_zone(site.timezone, &site.zone);
      if (!site.has_zone) warn(n, "timezone '" + site.timezone + "' is not one Sheaf knows; times without a zone are read as UTC");
    }
    if (YAML::Node n = root["permalink"]; n && n.IsScalar()) site.permalink = n.Scalar();
    if (YAML::Node n = root["excerpt_separator"]; n && n.IsScalar()) site.excerpt_separator = n.Scalar();
    if (YAML::Node n = root["future"]) site.future = truthy(n);
    if (YAML::Node n = root["show_drafts"]) site.show_drafts = truthy(n);
    if (YAML::Node n = root["collections"]) {
      if (n.IsMap()) {
        for (auto it = n.begin(); it != n.end(); ++it) {
          SiteCollection c;
          c.name = it->first.Scalar();
          if (it->second.IsMap()) {
            c.output = truthy(it->second["output"]);
            if (YAML::Node p = it->second["permalink"]; p && p.IsScalar()) c.permalink = p.Scalar();
          }
          if (!c.name.empty()) site.collections.push_back(std::move(c));
        }
      } else if (n.IsSequence()) {  // Jekyll also takes a plain list of names
        for (const YAML::Node& item : n)
          if (item.IsScalar()) site.collections.push_back(SiteCollection{item.Scalar(), false, {}});
      } else {
        warn(n, "collections should be a mapping of names to settings");
      }
    }
    if (YAML::Node n = root["defaults"]) {
      if (!n.IsSequence()) warn(n, "defaults should be a list of {scope, values} entries");
      else
        for (const YAML::Node& item : n) {
          if (!item.IsMap()) { warn(item, "a defaults entry should have scope: and values:"); continue; }
          SiteDefault d;
          d.line = item.Mark().line + 1;
          YAML::Node scope = item["scope"], values = item["values"];
          if (scope && scope.IsMap()) {
            if (YAML::Node p = scope["path"]; p && p.IsScalar()) d.path = trim_slashes(p.Scalar());
            if (YAML::Node t = scope["type"]; t && t.IsScalar()) d.type = t.Scalar();
            // Jekyll still takes the old singular names.
            if (d.type == "post" || d.type == "page" || d.type == "draft") d.type += "s";
          }
          if (!values || !values.IsMap()) { warn(item, "a defaults entry has no values: mapping"); continue; }
          for (auto it = values.begin(); it != values.end(); ++it) {
            Property p;
            p.key = it->first.IsScalar() ? it->first.Scalar() : std::string();
            p.value = to_value(it->second, 0);
            p.line = it->first.Mark().line + 1;
            if (!p.key.empty()) d.values.push_back(std::move(p));
          }
          site.defaults.push_back(std::move(d));
        }
    }
  } catch (const YAML::Exception& e) {
    site.diagnostics.push_back({Severity::Warning, e.mark.line + 1, e.mark.column + 1, "_config.yml: " + e.msg});
  }
  return site;
}

//-----------------------------------------------------------------------------
// [SECTION] Rules
//-----------------------------------------------------------------------------

// The path relative to the site's source; false when outside it.
static bool relative_to_source(const Site& site, std::string_view path, std::string_view* out) {
  if (!site.source.empty()) {
    if (path.size() <= site.source.size() || path.compare(0, site.source.size(), site.source) != 0 ||
        path[site.source.size()] != '/')
      return false;
    path.remove_prefix(site.source.size() + 1);
  }
  *out = path;
  return true;
}

static std::vector<std::string_view> folders(std::string_view path) {
  std::vector<std::string_view> out;
  size_t b = 0;
  for (size_t i = 0; i < path.size(); i++)
    if (path[i] == '/') {
      if (i > b) out.push_back(path.substr(b, i - b));
      b = i + 1;
    }
  return out;  // the file name itself is left out
}

std::string site_type(const Site& site, std::string_view path) {
  std::string_view rel;
  if (!relative_to_source(site, path, &rel)) return "pages";
  std::vector<std::string_view> dirs = folders(rel);
  for (std::string_view d : dirs) {
    if (d == "_drafts") return "drafts";
    if (d == "_posts") return "posts";
  }
  if (!dirs.empty() && dirs[0].size() > 1 && dirs[0][0] == '_')
    for (const SiteCollection& c : site.collections)
      if (dirs[0].substr(1) == c.name) return c.name;
  return "pages";
}

std::vector<std::string> path_categories(const Site& site, std::string_view path) {
  std::vector<std::string> out;
  std::string_view rel;
  if (!relative_to_source(site, path, &rel)) return out;
  std::vector<std::string_view> dirs = folders(rel);
  size_t k = 0;
  while (k < dirs.size() && dirs[k] != "_posts" && dirs[k] != "_drafts") k++;
  if (k == dirs.size()) return out;
  for (size_t i = 0; i < k; i++) {
    bool seen = false;
    for (const std::string& c : out) seen |= c == dirs[i];
    if (!seen) out.emplace_back(dirs[i]);
  }
  return out;
}

// Jekyll's glob in a scope path: '*' matches within one folder name.
static bool glob_match(std::string_view pat, std::string_view s) {
  size_t p = 0, i = 0, star = std::string_view::npos, mark = 0;
  while (i < s.size()) {
    if (p < pat.size() && pat[p] == '*') { star = p++; mark = i; }
    else if (p < pat.size() && pat[p] == s[i]) { p++; i++; }
    else if (star != std::string_view::npos && s[mark] != '/') { p = star + 1; i = ++mark; }
    else return false;
  }
  while (p < pat.size() && pat[p] == '*') p++;
  return p == pat.size();
}

static bool scope_path_applies(std::string_view scope, std::string_view rel) {
  if (scope.empty()) return true;
  if (scope.find('*') != std::string_view::npos) {
    // The glob matches the file or one of the folders it is in.
    if (glob_match(scope, rel)) return true;
    for (size_t i = 0; i < rel.size(); i++)
      if (rel[i] == '/' && glob_match(scope, rel.substr(0, i))) return true;
    return false;
  }
  return rel == scope || (rel.size() > scope.size() && rel.compare(0, scope.size(), scope) == 0 && rel[scope.size()] == '/');
}

std::vector<InheritedProperty> site_defaults(const Site& site, std::string_view path,
                                             const std::vector<std::string>& own_keys) {
  std::vector<InheritedProperty> out;
  if (!site.present || site.defaults.empty()) return out;
  std::string_view rel;
  if (!relative_to_source(site, path, &rel)) return out;
  std::string type = site_type(site, path);
  // Jekyll's order: less specific scopes first, so more specific ones override.
  std::vector<const SiteDefault*> applies;
  for (const SiteDefault& d : site.defaults) {
    if (!d.type.empty() && d.type != type && !(type == "drafts" && d.type == "posts")) continue;
    if (!scope_path_applies(d.path, rel)) continue;
    applies.push_back(&d);
  }
  auto weight = [](const SiteDefault* d) { return d->path.size() * 2 + (d->type.empty() ? 0 : 1); };
  for (size_t i = 1; i < applies.size(); i++)  // stable insertion sort: later entries win ties
    for (size_t j = i; j > 0 && weight(applies[j - 1]) > weight(applies[j]); j--) std::swap(applies[j - 1], applies[j]);
  for (const SiteDefault* d : applies) {
    std::string from = "_config.yml defaults";
    if (!d->path.empty() || !d->type.empty()) {
      from += " (";
      if (!d->path.empty()) from += "path: " + d->path;
      if (!d->path.empty() && !d->type.empty()) from += ", ";
      if (!d->type.empty()) from += "type: " + d->type;
      from += ")";
    }
    for (const Property& p : d->values) {
      bool own = false;
      for (const std::string& k : own_keys) own |= k == p.key;
      if (own) continue;
      bool replaced = false;
      for (InheritedProperty& e : out)
        if (e.property.key == p.key) { e.property = p; e.from = from; replaced = true; }
      if (!replaced) out.push_back(InheritedProperty{p, from});
    }
  }
  return out;
}

bool site_date(const Site& site, std::string_view iso, std::string* out_iso, int64_t* out_key, int32_t* out_day) {
  DateTime d;
  if (!site.present || iso.empty() || !parse_date(iso, &d)) return false;
  int64_t utc;
  if (!d.has_time) {
    // A date alone stays a date; it begins at midnight in the site's zone.
    if (!site.has_zone) return false;
    utc = zone_local_to_utc(site.zone, d);
    *out_iso = std::string(iso);
    *out_key = utc;
    *out_day = d.year * 10000 + d.month * 100 + d.day;
    return true;
  }
  if (d.has_offset) utc = date_seconds(d);
  else if (site.has_zone) utc = zone_local_to_utc(site.zone, d);
  else {
    utc = date_seconds(d);  // zone-less is UTC
    d.has_offset = d.zulu = true;
  }
  DateTime shown = d;
  if (site.has_zone) {
    shown = zone_from_utc(site.zone, utc);
    shown.fraction = d.fraction;
  } else if (!d.zulu || !d.has_offset) {
    return false;  // a written offset without a site zone is shown as written
  }
  *out_iso = format_iso(shown);
  *out_key = utc;
  *out_day = shown.year * 10000 + shown.month * 100 + shown.day;
  return true;
}

std::string path_with_date(std::string_view path, const DateTime& d) {
  size_t slash = path.find_last_of('/');
  size_t base = slash == std::string_view::npos ? 0 : slash + 1;
  std::string_view name = path.substr(base);
  DateTime old;
  if (!date_from_file_name(name, &old)) return {};
  if (old.year == d.year && old.month == d.month && old.day == d.day) return {};
  // The prefix is "YYYY-M-D-": skip three '-' separated fields.
  size_t at = 0;
  for (int k = 0; k < 3; k++) at = name.find('-', at) + 1;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d-", d.year, d.month, d.day);
  return std::string(path.substr(0, base)) + buf + std::string(name.substr(at));
}

}  // namespace sheaf
