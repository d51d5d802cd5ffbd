// Sheaf viewer images: decoded off the frame by the decoder the platform
// injects (set_image_decoder), uploaded as ImGui 1.92 user textures (the
// renderer backend creates them), cached by URL.
//
// [SECTION] Paths
// [SECTION] Decoder
// [SECTION] Cache
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/image.h"

struct ImTextureData;

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Paths
//-----------------------------------------------------------------------------

// Where an image URL points: http(s) and data URLs unchanged; "/x" against
// the notebook root (Jekyll site root); anything else against the post's
// folder. Percent escapes are decoded for file paths; "" when unusable.
// "%ED%95%9C" -> "한"; invalid escapes stay as written.
std::string percent_decode(std::string_view s);

std::string resolve_image_path(std::string_view url, std::string_view doc_path, std::string_view notebook_root);

//-----------------------------------------------------------------------------
// [SECTION] Decoder
//-----------------------------------------------------------------------------

// The platform's decoder, set once at start-up (App does it from AppOptions).
// Without one every image fails with a message saying so.
void set_image_decoder(ImageDecoder decoder);
ImageDecoder image_decoder();
void set_image_bytes_decoder(ImageBytesDecoder decoder);
ImageBytesDecoder image_bytes_decoder();

// Where the bytes of an image inside the notebook come from: the app's
// storage (Storage::load_asset). `done(found, bytes, error)` may run later,
// on the main thread. Not found (or no loader): the path decoder is asked
// with the full path, as before, so a desktop folder behaves the same and a
// missing file shows the decoder's own "cannot decode" state.
using AssetLoader = std::function<void(const std::string& notebook_path,
                                       std::function<void(bool found, std::string bytes, std::string error)> done)>;

//-----------------------------------------------------------------------------
// [SECTION] Cache
//-----------------------------------------------------------------------------

struct ImageEntry {
  enum class State : uint8_t { Loading, Ready, Failed };
  State state = State::Loading;
  int width = 0, height = 0;
  ImTextureData* texture = nullptr;  // Ready only
  std::string error;
};

class ImageCache {
 public:
  ImageCache();
  ~ImageCache();
  ImageCache(const ImageCache&) = delete;
  ImageCache& operator=(const ImageCache&) = delete;

  // Returns the entry for `path`, starting the decode on first request.
  const ImageEntry& request(const std::string& path);
  const ImageEntry* find(const std::string& path) const;
  // Main thread, once a frame: turns finished decodes into textures and
  // retires destroyed ones. Returns true when some image changed state.
  bool update();
  // Images under `root` ("" when paths are notebook-relative) are read
  // through `loader` first.
  void set_assets(std::string root, AssetLoader loader);
  uint64_t generation() const { return generation_; }  // bumps on every state change
  int loading() const;  // entries still decoding (layout may still change when they land)
  void clear();

 private:
  struct Shared;
  void start_decode(const std::string& path);
  std::shared_ptr<Shared> shared_;
  std::string asset_root_;
  AssetLoader asset_loader_;  // decode callbacks hold it, so a late callback is harmless
  std::unordered_map<std::string, ImageEntry> entries_;
  std::vector<ImTextureData*> dying_;
  uint64_t generation_ = 0;
};

}  // namespace sheaf
