// Sheaf core: where an image pasted or dropped into a post goes, and the
// Markdown that shows it.
//
// The image becomes a file of the site (an asset, core/storage.h), beside the
// posts, so the site and the notebook draw the same thing:
// - the folder: `sheaf:` -> `assets:` in the notebook's _config.yml, when the
//   site names one; else assets/img/<post slug>/ (the post's file name
//   without its date prefix and extension; a bundle's index.md takes its
//   folder's name);
// - the file name: the one it came with (or "image"), made safe, with the
//   extension its bytes call for, and made unique (photo.png, photo-2.png);
// - the bytes: PNG, JPEG, GIF or WebP by their first bytes, at most
//   limits::kMaxAssetBytes; anything else is refused with a message naming
//   the file;
// - the Markdown: ![](/assets/img/slug/photo.png), site-root form (Jekyll's
//   and the viewer's "/" is the notebook root), spaces percent-encoded.
//
// [SECTION] Image types
// [SECTION] Site settings
// [SECTION] Placing an image
#pragma once
#include <functional>
#include <string>
#include <string_view>

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Image types
//-----------------------------------------------------------------------------

enum class ImageType { None, Png, Jpeg, Gif, Webp };

// By the magic bytes at the start; None for anything else.
ImageType sniff_image_type(std::string_view bytes);
const char* image_type_name(ImageType t);       // "PNG"
const char* image_type_extension(ImageType t);  // ".png" ("" for None)
const char* image_type_mime(ImageType t);       // "image/png"
// True for a file name that ends in an image extension (.png .jpg .jpeg .gif .webp).
bool has_image_extension(std::string_view name);

// "" when `bytes` may be kept as an image of the site, else why not, naming
// `name`: not one of the four types, empty, or over limits::kMaxAssetBytes.
std::string image_refusal(std::string_view name, std::string_view bytes);

//-----------------------------------------------------------------------------
// [SECTION] Site settings
//-----------------------------------------------------------------------------

struct AssetSettings {
  std::string folder;   // from _config.yml's sheaf: assets: ("" when not set)
  std::string warning;  // why _config.yml was not used ("" when fine or absent)
};

// Reads `sheaf: { assets: <folder> }` from the text of _config.yml. A file
// that does not parse, or a value that is not a folder inside the notebook,
// leaves `folder` empty and says so in `warning` (the default folder is used).
AssetSettings parse_asset_settings(std::string_view config_yml);

// "_posts/2024-02-25-hello.md" -> "hello"; "content/trip/index.md" -> "trip".
std::string post_slug(std::string_view doc_path);

// The folder a post's images go to, relative to the notebook root, no
// trailing '/': settings.folder, else "assets/img/<slug>".
std::string asset_folder(const AssetSettings& settings, std::string_view doc_path);

//-----------------------------------------------------------------------------
// [SECTION] Placing an image
//-----------------------------------------------------------------------------

struct AssetPlan {
  bool ok = false;
  std::string error;     // why refused (names the file)
  std::string path;      // "assets/img/hello/photo.png"
  std::string markdown;  // "![](/assets/img/hello/photo.png)"
};

// Where the image `name` with `bytes` goes for the post at `doc_path`.
// `taken(path)` says whether a notebook path is in use already.
AssetPlan plan_asset(std::string_view name, std::string_view bytes, std::string_view doc_path,
                     const AssetSettings& settings, const std::function<bool(const std::string&)>& taken);

// "![alt](/path)" with spaces, parentheses, '%', '<', '>', '?', '#' and
// control bytes percent-encoded (the viewer and Jekyll decode them).
std::string image_markdown(std::string_view path, std::string_view alt = {});

}  // namespace sheaf
