// Sheaf core: where a pasted or dropped image goes (see assets.h).
#include "core/assets.h"

#include <cstdio>
#include <cstring>

#include "core/folder_storage.h"
#include "core/limits.h"
#include "yaml-cpp/yaml.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Image types
//-----------------------------------------------------------------------------

ImageType sniff_image_type(std::string_view b) {
  auto starts = [&](size_t at, const char* magic, size_t n) { return b.size() >= at + n && std::memcmp(b.data() + at, magic, n) == 0; };
  if (starts(0, "\x89PNG\r\n\x1a\n", 8)) return ImageType::Png;
  if (starts(0, "\xFF\xD8\xFF", 3)) return ImageType::Jpeg;
  if (starts(0, "GIF87a", 6) || starts(0, "GIF89a", 6)) return ImageType::Gif;
  if (starts(0, "RIFF", 4) && starts(8, "WEBP", 4)) return ImageType::Webp;
  return ImageType::None;
}

const char* image_type_name(ImageType t) {
  switch (t) {
    case ImageType::Png: return "PNG";
    case ImageType::Jpeg: return "JPEG";
    case ImageType::Gif: return "GIF";
    case ImageType::Webp: return "WebP";
    default: return "unknown";
  }
}

const char* image_type_extension(ImageType t) {
  switch (t) {
    case ImageType::Png: return ".png";
    case ImageType::Jpeg: return ".jpg";
    case ImageType::Gif: return ".gif";
    case ImageType::Webp: return ".webp";
    default: return "";
  }
}

const char* image_type_mime(ImageType t) {
  switch (t) {
    case ImageType::Png: return "image/png";
    case ImageType::Jpeg: return "image/jpeg";
    case ImageType::Gif: return "image/gif";
    case ImageType::Webp: return "image/webp";
    default: return "application/octet-stream";
  }
}

static std::string lower_extension(std::string_view name) {
  size_t slash = name.find_last_of("/\\");
  size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return "";
  std::string ext(name.substr(dot));
  for (char& c : ext) c = char(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return ext;
}

bool has_image_extension(std::string_view name) {
  const std::string ext = lower_extension(name);
  return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".gif" || ext == ".webp";
}

static std::string megabytes(uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", double(bytes) / double(1 << 20));
  return buf;
}

std::string image_refusal(std::string_view name, std::string_view bytes) {
  const std::string who = name.empty() ? std::string("the image") : std::string(name);
  if (bytes.empty()) return who + ": the file is empty";
  if (bytes.size() > limits::kMaxAssetBytes)
    return who + ": " + megabytes(bytes.size()) + " is over the " + std::to_string(limits::kMaxAssetBytes >> 20) +
           " MB limit for an image in a post";
  if (sniff_image_type(bytes) == ImageType::None) return who + ": not a PNG, JPEG, GIF or WebP image";
  return "";
}

//-----------------------------------------------------------------------------
// [SECTION] Site settings
//-----------------------------------------------------------------------------

AssetSettings parse_asset_settings(std::string_view config_yml) {
  AssetSettings s;
  if (config_yml.empty()) return s;
  try {
    YAML::Node root = YAML::Load(std::string(config_yml));
    if (!root.IsMap()) return s;
    YAML::Node sheaf = root["sheaf"];
    if (!sheaf || !sheaf.IsMap()) return s;
    YAML::Node assets = sheaf["assets"];
    if (!assets) return s;
    if (!assets.IsScalar()) {
      s.warning = "_config.yml: sheaf: assets: should be a folder name; images go to assets/img/<post>/";
      return s;
    }
    std::string folder = assets.Scalar();
    while (!folder.empty() && (folder.front() == '/' || folder.front() == ' ')) folder.erase(0, 1);
    while (!folder.empty() && (folder.back() == '/' || folder.back() == ' ')) folder.pop_back();
    if (folder.empty() || !is_safe_relative_path(folder)) {
      s.warning = "_config.yml: sheaf: assets: \"" + assets.Scalar() +
                  "\" is not a folder inside the notebook; images go to assets/img/<post>/";
      return s;
    }
    s.folder = folder;
  } catch (const YAML::Exception& e) {
    s.warning = "_config.yml does not parse (line " + std::to_string(e.mark.line + 1) + ": " + e.msg +
                "); images go to assets/img/<post>/";
  }
  return s;
}

std::string post_slug(std::string_view doc_path) {
  size_t slash = doc_path.rfind('/');
  std::string_view file = slash == std::string_view::npos ? doc_path : doc_path.substr(slash + 1);
  size_t dot = file.rfind('.');
  std::string_view stem = dot == std::string_view::npos || dot == 0 ? file : file.substr(0, dot);
  if ((stem == "index" || stem == "_index") && slash != std::string_view::npos) {
    std::string_view parent = doc_path.substr(0, slash);
    size_t ps = parent.rfind('/');
    return post_slug(std::string(ps == std::string_view::npos ? parent : parent.substr(ps + 1)) + ".md");
  }
  // Jekyll's date prefix: YYYY-MM-DD-
  auto digits = [&](size_t at, size_t n) {
    for (size_t i = at; i < at + n; i++)
      if (i >= stem.size() || stem[i] < '0' || stem[i] > '9') return false;
    return true;
  };
  if (stem.size() > 11 && digits(0, 4) && stem[4] == '-' && digits(5, 2) && stem[7] == '-' && digits(8, 2) && stem[10] == '-')
    stem.remove_prefix(11);
  std::string slug = sanitize_relative_path(stem);
  for (char& c : slug)
    if (c == '/') c = '-';
  return slug.empty() ? std::string("post") : slug;
}

std::string asset_folder(const AssetSettings& settings, std::string_view doc_path) {
  if (!settings.folder.empty()) return settings.folder;
  return "assets/img/" + post_slug(doc_path);
}

//-----------------------------------------------------------------------------
// [SECTION] Placing an image
//-----------------------------------------------------------------------------

AssetPlan plan_asset(std::string_view name, std::string_view bytes, std::string_view doc_path,
                     const AssetSettings& settings, const std::function<bool(const std::string&)>& taken) {
  AssetPlan plan;
  // The last part of whatever path it came with, made safe.
  std::string file = sanitize_relative_path(name);
  size_t slash = file.rfind('/');
  if (slash != std::string::npos) file = file.substr(slash + 1);
  plan.error = image_refusal(file.empty() ? std::string_view(name) : std::string_view(file), bytes);
  if (!plan.error.empty()) return plan;
  const ImageType type = sniff_image_type(bytes);
  // Keep the name's extension when it fits the bytes, else give it the right one.
  std::string ext = lower_extension(file);
  const bool fits = ext == image_type_extension(type) || (type == ImageType::Jpeg && ext == ".jpeg");
  std::string stem = file;
  if (!ext.empty()) stem = file.substr(0, file.size() - ext.size());
  if (stem.empty()) stem = "image";
  if (fits) ext = file.substr(file.size() - ext.size());  // as written (".PNG" stays)
  else ext = image_type_extension(type);
  const std::string folder = asset_folder(settings, doc_path);
  for (int n = 1; n < 10000; n++) {
    std::string candidate = folder + "/" + stem + (n == 1 ? std::string() : "-" + std::to_string(n)) + ext;
    if (taken && taken(candidate)) continue;
    plan.ok = true;
    plan.path = std::move(candidate);
    plan.markdown = image_markdown(plan.path);
    return plan;
  }
  plan.error = std::string(name) + ": no free file name left in " + folder;
  return plan;
}

std::string image_markdown(std::string_view path, std::string_view alt) {
  std::string out = "![";
  for (char c : alt) {
    if (c == '[' || c == ']' || c == '\\') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  out += "](/";
  static const char* hex = "0123456789ABCDEF";
  for (char c : path) {
    unsigned char u = (unsigned char)c;
    if (u <= 0x20 || u == 0x7F || c == '(' || c == ')' || c == '%' || c == '<' || c == '>' || c == '?' || c == '#') {
      out += '%';
      out += hex[u >> 4];
      out += hex[u & 15];
    } else {
      out += c;
    }
  }
  out += ')';
  return out;
}

}  // namespace sheaf
