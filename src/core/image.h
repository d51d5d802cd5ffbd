// Sheaf images: what an image decoder hands back, and the decoder's shape.
// The platform decodes (stb_image on the desktop, the browser on the web), the
// UI uploads the pixels; both sides name these types, so they live in core.
#pragma once
#include <functional>
#include <string>

namespace sheaf {

// RGBA8, row by row, width * height * 4 bytes; or an error saying why not.
struct DecodedImage {
  int width = 0, height = 0;
  std::string rgba;
  std::string error;
};

// Decodes the image at `url_or_path` (http(s), data: or a file path) off the
// frame and calls `done` once, later, on the main thread (or before it
// returns). The sizes in core/limits.h are refused before decoding.
using ImageDecoder = void (*)(std::string url_or_path, std::function<void(DecodedImage)> done);

// Decodes an image's bytes (read from the notebook's storage, e.g. the
// browser's IndexedDB) the same way; `name` only labels the messages.
using ImageBytesDecoder = void (*)(std::string bytes, std::string name, std::function<void(DecodedImage)> done);

}  // namespace sheaf
