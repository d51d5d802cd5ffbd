// Desktop image decoding: stb_image on a worker thread; the result is handed
// back on the main thread.
#define STB_IMAGE_IMPLEMENTATION
#define STBI_NO_STDIO_WARNINGS
#include "stb_image.h"

#include <cstdint>
#include <thread>

#include "core/image.h"
#include "core/limits.h"
#include "app/host.h"
#include "platform/native/native_state.h"

namespace sheaf::native {

void decode_image_async(std::string path, std::function<void(DecodedImage)> done) {
  std::thread([path = std::move(path), done = std::move(done)]() mutable {
    DecodedImage img;
    int n = 0;
    if (path.rfind("http://", 0) == 0 || path.rfind("https://", 0) == 0) {
      img.error = "remote images are not fetched by the desktop app";
    } else if (stbi_info(path.c_str(), &img.width, &img.height, &n) &&
               !(img.error = limits::image_size_refusal(img.width, img.height)).empty()) {
      // Refused before decoding: a huge image never takes the memory.
    } else if (unsigned char* px = stbi_load(path.c_str(), &img.width, &img.height, &n, 4)) {
      img.rgba.assign(reinterpret_cast<char*>(px), size_t(img.width) * img.height * 4);
      stbi_image_free(px);
    } else {
      img.error = std::string("cannot decode ") + path + ": " + stbi_failure_reason();
    }
    post_to_main_thread([img = std::move(img), done = std::move(done)]() mutable { done(std::move(img)); });
  }).detach();
}

}  // namespace sheaf::native

namespace sheaf::platform {

// Bytes from the notebook's storage (app/host.h): the same checks, from memory.
void decode_image_bytes(std::string bytes, std::string name, std::function<void(DecodedImage)> done) {
  std::thread([bytes = std::move(bytes), name = std::move(name), done = std::move(done)]() mutable {
    DecodedImage img;
    int n = 0;
    const auto* data = reinterpret_cast<const stbi_uc*>(bytes.data());
    const int len = bytes.size() > size_t(INT32_MAX) ? INT32_MAX : int(bytes.size());
    if (stbi_info_from_memory(data, len, &img.width, &img.height, &n) &&
        !(img.error = limits::image_size_refusal(img.width, img.height)).empty()) {
      // Refused before decoding.
    } else if (unsigned char* px = stbi_load_from_memory(data, len, &img.width, &img.height, &n, 4)) {
      img.rgba.assign(reinterpret_cast<char*>(px), size_t(img.width) * img.height * 4);
      stbi_image_free(px);
    } else {
      img.error = "cannot decode " + name + ": " + stbi_failure_reason();
    }
    native::post_to_main_thread([img = std::move(img), done = std::move(done)]() mutable { done(std::move(img)); });
  }).detach();
}

}  // namespace sheaf::platform
