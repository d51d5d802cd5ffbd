// Sheaf viewer images: path resolution, async decode, texture upload.
#include "ui/image_cache.h"

#include "core/limits.h"

#include <cctype>
#include <cstring>
#include <mutex>

#include "imgui.h"
#include "imgui_internal.h"  // RegisterUserTexture (1.92 user textures)

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Paths
//-----------------------------------------------------------------------------

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  auto hex = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1; };
  for (size_t i = 0; i < s.size(); i++) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += char(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

namespace {

bool has_scheme(std::string_view s) {
  size_t colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  for (size_t i = 0; i < colon; i++)
    if (!std::isalnum((unsigned char)s[i]) && s[i] != '+' && s[i] != '-' && s[i] != '.') return false;
  return true;
}

// Joins and removes "." and ".." segments (never above the root).
std::string join_path(std::string_view base, std::string_view rel) {
  std::string all = std::string(base);
  if (!all.empty() && all.back() != '/') all += '/';
  all += rel;
  bool absolute = !all.empty() && all[0] == '/';
  std::vector<std::string> parts;
  size_t i = 0;
  while (i <= all.size()) {
    size_t j = all.find('/', i);
    if (j == std::string::npos) j = all.size();
    std::string seg = all.substr(i, j - i);
    if (seg == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!seg.empty() && seg != ".") {
      parts.push_back(seg);
    }
    i = j + 1;
  }
  std::string out = absolute ? "/" : "";
  for (size_t k = 0; k < parts.size(); k++) out += (k ? "/" : "") + parts[k];
  return out;
}

}  // namespace

std::string resolve_image_path(std::string_view url, std::string_view doc_path, std::string_view notebook_root) {
  while (!url.empty() && url.front() == ' ') url.remove_prefix(1);
  while (!url.empty() && url.back() == ' ') url.remove_suffix(1);
  if (url.empty()) return "";
  if (has_scheme(url)) {
    if (url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0 || url.rfind("data:", 0) == 0) return std::string(url);
    return "";  // file:, javascript: and the rest are not loaded
  }
  if (url.rfind("//", 0) == 0) return "https:" + std::string(url);
  size_t cut = url.find_first_of("?#");
  std::string path = percent_decode(url.substr(0, cut));
  // Normalize inside the notebook first, so ".." never climbs above its root.
  std::string inside;
  if (!path.empty() && path[0] == '/') {
    inside = join_path("", path.substr(1));
  } else {
    size_t slash = doc_path.rfind('/');
    std::string_view folder = slash == std::string_view::npos ? std::string_view() : doc_path.substr(0, slash);
    inside = join_path(folder, path);
  }
  if (inside.empty()) return "";
  if (notebook_root.empty()) return inside;
  std::string root(notebook_root);
  if (root.back() != '/') root += '/';
  return root + inside;
}

//-----------------------------------------------------------------------------
// [SECTION] Decoder
//-----------------------------------------------------------------------------

namespace {
ImageDecoder g_decoder = nullptr;
ImageBytesDecoder g_bytes_decoder = nullptr;
}

void set_image_decoder(ImageDecoder decoder) { g_decoder = decoder; }
ImageDecoder image_decoder() { return g_decoder; }
void set_image_bytes_decoder(ImageBytesDecoder decoder) { g_bytes_decoder = decoder; }
ImageBytesDecoder image_bytes_decoder() { return g_bytes_decoder; }

//-----------------------------------------------------------------------------
// [SECTION] Cache
//-----------------------------------------------------------------------------

struct ImageCache::Shared {
  std::mutex mutex;
  std::vector<std::pair<std::string, DecodedImage>> done;
};

ImageCache::ImageCache() : shared_(std::make_shared<Shared>()) {}

ImageCache::~ImageCache() { clear(); }

void ImageCache::set_assets(std::string root, AssetLoader loader) {
  if (!root.empty() && root.back() == '/') root.pop_back();
  asset_root_ = std::move(root);
  asset_loader_ = std::move(loader);
}

// The notebook path of `path` when it lies inside the notebook, else "".
static std::string inside_notebook(const std::string& path, const std::string& root) {
  if (path.rfind("http://", 0) == 0 || path.rfind("https://", 0) == 0 || path.rfind("data:", 0) == 0) return "";
  if (root.empty()) return path[0] == '/' ? std::string() : path;
  if (path.size() <= root.size() + 1 || path.compare(0, root.size(), root) != 0 || path[root.size()] != '/') return "";
  return path.substr(root.size() + 1);
}

void ImageCache::start_decode(const std::string& path) {
  std::weak_ptr<Shared> weak = shared_;
  auto deliver = [weak, path](DecodedImage img) {
    if (auto s = weak.lock()) {
      std::lock_guard<std::mutex> lock(s->mutex);
      s->done.emplace_back(path, std::move(img));
    }
  };
  const std::string inside = asset_loader_ && g_bytes_decoder ? inside_notebook(path, asset_root_) : std::string();
  if (inside.empty()) {
    g_decoder(path, deliver);
    return;
  }
  // The notebook's storage first; the path decoder when it has no such file.
  ImageDecoder path_decoder = g_decoder;
  ImageBytesDecoder bytes_decoder = g_bytes_decoder;
  asset_loader_(inside, [weak, path, inside, deliver, path_decoder, bytes_decoder](bool found, std::string bytes, std::string error) {
    if (weak.expired()) return;
    if (found) bytes_decoder(std::move(bytes), inside, deliver);
    else if (path_decoder) path_decoder(path, deliver);
    else deliver(DecodedImage{0, 0, {}, error.empty() ? "image not found: " + inside : error});
  });
}

const ImageEntry& ImageCache::request(const std::string& path) {
  auto it = entries_.find(path);
  if (it != entries_.end()) return it->second;
  ImageEntry& e = entries_[path];
  if (path.empty()) {
    e.state = ImageEntry::State::Failed;
    e.error = "unsupported image address";
    return e;
  }
  if (!g_decoder) {
    e.state = ImageEntry::State::Failed;
    e.error = "images cannot be decoded here (no image decoder)";
    return e;
  }
  start_decode(path);
  return entries_[path];
}

const ImageEntry* ImageCache::find(const std::string& path) const {
  auto it = entries_.find(path);
  return it == entries_.end() ? nullptr : &it->second;
}

bool ImageCache::update() {
  std::vector<std::pair<std::string, DecodedImage>> done;
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    done.swap(shared_->done);
  }
  bool changed = false;
  for (auto& [path, img] : done) {
    auto it = entries_.find(path);
    if (it == entries_.end()) continue;
    ImageEntry& e = it->second;
    const size_t bytes = size_t(img.width) * size_t(img.height) * 4;
    const std::string too_big = img.error.empty() ? limits::image_size_refusal(img.width, img.height) : std::string();
    if (!img.error.empty() || !too_big.empty() || img.width <= 0 || img.height <= 0 || img.rgba.size() < bytes) {
      e.state = ImageEntry::State::Failed;
      e.error = !img.error.empty() ? img.error : !too_big.empty() ? too_big : "could not decode image";
    } else {
      ImTextureData* tex = IM_NEW(ImTextureData)();
      tex->Create(ImTextureFormat_RGBA32, img.width, img.height);
      std::memcpy(tex->GetPixels(), img.rgba.data(), bytes);
      tex->UseColors = true;
      tex->UsedRect = {0, 0, (unsigned short)img.width, (unsigned short)img.height};
      ImGui::RegisterUserTexture(tex);  // the backend sees WantCreate and uploads it
      e.state = ImageEntry::State::Ready;
      e.width = img.width;
      e.height = img.height;
      e.texture = tex;
    }
    changed = true;
  }
  // Textures we asked the backend to destroy: free them once it has.
  for (size_t i = 0; i < dying_.size();) {
    ImTextureData* t = dying_[i];
    if (t->Status == ImTextureStatus_Destroyed || t->Status == ImTextureStatus_WantCreate) {
      ImGui::UnregisterUserTexture(t);
      IM_DELETE(t);
      dying_[i] = dying_.back();
      dying_.pop_back();
    } else {
      i++;
    }
  }
  if (changed) generation_++;
  return changed;
}

int ImageCache::loading() const {
  int n = 0;
  for (const auto& [path, e] : entries_) n += e.state == ImageEntry::State::Loading;
  return n;
}

void ImageCache::clear() {
  for (auto& [path, e] : entries_) {
    if (!e.texture) continue;
    if (!ImGui::GetCurrentContext()) continue;  // context gone: the backend already freed GPU memory
    if (e.texture->Status == ImTextureStatus_OK) {
      e.texture->SetStatus(ImTextureStatus_WantDestroy);
      e.texture->UnusedFrames = 1;
      dying_.push_back(e.texture);
    } else {
      ImGui::UnregisterUserTexture(e.texture);
      IM_DELETE(e.texture);
    }
    e.texture = nullptr;
  }
  entries_.clear();
  generation_++;
}

}  // namespace sheaf
