// Sheaf web image decoding: the browser decodes (fetch + createImageBitmap),
// a 2D canvas turns the bitmap into RGBA8, and the bytes come back here.
// Bytes read from the notebook's storage (IndexedDB, a folder) are decoded
// the same way from a Blob. The entry points web/images.js calls for pasted
// and dropped images are at the end.
// Absolute paths that exist in MEMFS (e.g. /notebook/assets/x.png) are read
// from there; anything else is fetched relative to the page.
#include <emscripten.h>

#include <map>

#include "app/app.h"
#include "app/host.h"
#include "core/assets.h"
#include "core/image.h"
#include "core/limits.h"
#include "platform/web/web.h"

namespace sheaf::web {

struct ImageRequests {
  int next_id = 1;
  std::map<int, std::function<void(DecodedImage)>> pending;
};
static ImageRequests g_images;

// Module.sheafDecodeImage(id, label, blobPromise, maxPixels, maxSide): the
// bitmap's RGBA8 goes back through sheaf_web_image_done. Shared by URLs and
// bytes from the notebook's storage.
EM_JS(void, sheaf_js_image_init, (), {
  if (Module.sheafDecodeImage) return;
  Module.sheafDecodeImage = function(id, label, blobPromise, max_pixels, max_side) {
    var fail = function(e) {
      var s = 'Could not load image ' + label + ': ' + (e && e.message ? e.message : String(e));
      var n = lengthBytesUTF8(s) + 1, p = _malloc(n);
      stringToUTF8(s, p, n);
      Module._sheaf_web_image_done(id, 0, 0, 0, 0, p, n - 1);
    };
    blobPromise.then(function(blob) { return createImageBitmap(blob); }).then(function(bmp) {
      var w = bmp.width, h = bmp.height;
      // Checked before any canvas or heap copy exists (core/limits.h says why).
      if (w * h > max_pixels || w > max_side || h > max_side) {
        if (bmp.close) bmp.close();
        throw new Error('image of ' + w + ' x ' + h + ' pixels (' + Math.round(w * h / 1e6) + ' megapixels), over the ' +
                        Math.round(max_pixels / 1e6) + ' megapixels and ' + max_side + ' pixels a side Sheaf draws');
      }
      var canvas;
      if (typeof OffscreenCanvas != 'undefined') canvas = new OffscreenCanvas(w, h);
      else { canvas = document.createElement('canvas'); canvas.width = w; canvas.height = h; }
      var ctx = canvas.getContext('2d');
      ctx.drawImage(bmp, 0, 0);
      if (bmp.close) bmp.close();
      var px = ctx.getImageData(0, 0, w, h).data;
      var p = _malloc(px.length);
      if (!p) throw new Error('out of memory for an image of ' + w + ' x ' + h + ' pixels');
      HEAPU8.set(px, p);
      Module._sheaf_web_image_done(id, w, h, p, px.length, 0, 0);
    }).catch(fail);
  };
});

EM_JS(void, sheaf_js_decode_image, (int id, const char* url_ptr, double max_pixels, int max_side), {
  var url = UTF8ToString(url_ptr);
  var source = function() {
    if (url.charAt(0) == '/') {
      try { return Promise.resolve(new Blob([FS.readFile(url)])); } catch (e) { }
    }
    return fetch(url).then(function(r) {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.blob();
    });
  };
  // fetch() gives no reason when a host refuses cross-origin reads; a plain
  // <img> load tells that case (the image exists, but its pixels are closed
  // to this page) apart from a host that is down or a wrong address.
  var explain = function(e) {
    if (!(e instanceof TypeError) || !/^https?:/i.test(url) || typeof Image == 'undefined') return Promise.reject(e);
    return new Promise(function(ok, no) {
      var probe = new Image();
      probe.onload = function() {
        no(new Error('the image host does not let web pages read this image (it sends no CORS header)'));
      };
      probe.onerror = function() { no(new Error('the address could not be reached, or it is not an image')); };
      probe.src = url;
    });
  };
  Module.sheafDecodeImage(id, url, source().catch(explain), max_pixels, max_side);
});

// The bytes are copied into a Blob before this returns.
EM_JS(void, sheaf_js_decode_image_bytes, (int id, const char* bytes, int len, const char* name_ptr, const char* mime_ptr,
                                          double max_pixels, int max_side), {
  var blob = new Blob([HEAPU8.slice(bytes, bytes + len)], { type: UTF8ToString(mime_ptr) });
  Module.sheafDecodeImage(id, UTF8ToString(name_ptr), Promise.resolve(blob), max_pixels, max_side);
});

void decode_image_async(std::string url_or_path, std::function<void(DecodedImage)> done) {
  sheaf_js_image_init();
  int id = g_images.next_id++;
  g_images.pending[id] = std::move(done);
  sheaf_js_decode_image(id, url_or_path.c_str(), double(limits::kMaxImagePixels), limits::kMaxImageSide);
}

}  // namespace sheaf::web

namespace sheaf::platform {

// Bytes from the notebook's storage (app/host.h), typed by their first bytes
// so the browser need not guess.
void decode_image_bytes(std::string bytes, std::string name, std::function<void(DecodedImage)> done) {
  web::sheaf_js_image_init();
  int id = web::g_images.next_id++;
  web::g_images.pending[id] = std::move(done);
  web::sheaf_js_decode_image_bytes(id, bytes.data(), int(bytes.size()), name.c_str(),
                                   image_type_mime(sniff_image_type(bytes)), double(limits::kMaxImagePixels),
                                   limits::kMaxImageSide);
}

}  // namespace sheaf::platform

//-----------------------------------------------------------------------------
// Images into the editor (web/images.js): a paste event's image, or image
// files dropped while a post is open in the editor.
//-----------------------------------------------------------------------------

extern "C" EMSCRIPTEN_KEEPALIVE int sheaf_web_editing_post() {
  sheaf::App* app = sheaf::web::app();
  return app && app->editing_post() ? 1 : 0;
}

extern "C" EMSCRIPTEN_KEEPALIVE void sheaf_web_paste_image(char* name, int name_len, char* bytes, int len) {
  std::string n = sheaf::web::take_string(name, name_len);
  std::string b = sheaf::web::take_string(bytes, len);
  sheaf::web::post([n = std::move(n), b = std::move(b)]() mutable {
    if (sheaf::App* app = sheaf::web::app()) app->paste_image(std::move(n), std::move(b));
  });
}

extern "C" EMSCRIPTEN_KEEPALIVE void sheaf_web_image_done(int id, int w, int h, char* rgba, int rgba_len,
                                                          char* error, int error_len) {
  using namespace sheaf;
  auto it = web::g_images.pending.find(id);
  DecodedImage img;
  img.width = w;
  img.height = h;
  img.rgba = web::take_string(rgba, rgba_len);
  img.error = web::take_string(error, error_len);
  if (it == web::g_images.pending.end()) return;
  auto done = std::move(it->second);
  web::g_images.pending.erase(it);
  web::post([done = std::move(done), img = std::move(img)]() mutable { done(std::move(img)); });
}
