// Sheaf page: images into the editor, and images among imported files.
//
// - paste: a paste event that carries an image file and no text (a
//   screenshot, an image copied in another program) goes to the app as bytes
//   (sheaf_web_paste_image); with a post open in Edit or Side by side the app
//   writes it into the site and inserts its Markdown at the caret, otherwise
//   it says where to paste it.
//   Anything else is left to the text paste (src/platform/web/clipboard.cpp).
// - drop: image files dropped while a post is open in the editor go to that
//   post the same way, not to an import.
// - import: SheafImport (glue.js) also reads .png .jpg .jpeg .gif .webp files,
//   so a dropped site folder keeps its assets/ beside its posts; other files
//   are still refused.
// The app checks type and size (core/assets.h) and says why it refuses.
'use strict';
(function () {
  const IMAGE_NAME = /\.(png|jpe?g|gif|webp)$/i;
  const isImageFile = (f) => !!f && ((f.type && f.type.startsWith('image/')) || IMAGE_NAME.test(f.name || ''));
  const extOf = (type) => ({ 'image/png': '.png', 'image/jpeg': '.jpg', 'image/gif': '.gif', 'image/webp': '.webp' })[type] || '';

  function send(M, name, bytes) {
    const n = M.lengthBytesUTF8(name) + 1, p = M._malloc(n);
    M.stringToUTF8(name, p, n);
    const d = M._malloc(Math.max(1, bytes.length));
    M.HEAPU8.set(bytes, d);
    M._sheaf_web_paste_image(p, n - 1, d, bytes.length);
    if (M.sheafWake) M.sheafWake();
  }

  async function sendFiles(M, files) {
    for (const f of files) {
      // A clipboard image is called "image.png" by most browsers: the app names it.
      const name = f.name && !/^image\.\w+$/i.test(f.name) ? f.name : 'image' + extOf(f.type);
      send(M, name, new Uint8Array(await f.arrayBuffer()));
    }
  }

  const SheafImages = {
    install(M, importer) {
      // Capture phase on window: before the page's text paste and import drop.
      window.addEventListener('paste', (e) => {
        // Outside the editor too: the app then says where an image can go.
        const dt = e.clipboardData;
        if (!dt || !M._sheaf_web_paste_image) return;
        if (dt.getData('text/plain')) return;  // text wins (office programs add a picture of the text)
        const files = Array.from(dt.items || []).filter((it) => it.kind === 'file').map((it) => it.getAsFile())
          .filter(isImageFile);
        if (!files.length) return;
        e.preventDefault();
        e.stopImmediatePropagation();
        sendFiles(M, files).catch((err) => console.warn('Sheaf paste image:', err));
      }, true);
      window.addEventListener('drop', (e) => {
        const dt = e.dataTransfer;
        if (!dt || !M._sheaf_web_editing_post || !M._sheaf_web_editing_post()) return;
        const items = Array.from(dt.items || []);
        const entries = items.map((it) => (it.webkitGetAsEntry ? it.webkitGetAsEntry() : null));
        if (entries.some((x) => x && x.isDirectory)) return;  // a folder: an import
        const files = Array.from(dt.files || []);
        if (!files.length || !files.every(isImageFile)) return;
        e.preventDefault();
        e.stopImmediatePropagation();
        sendFiles(M, files).catch((err) => console.warn('Sheaf drop image:', err));
      }, true);
      // Imports read images as well; the app keeps them as assets.
      if (importer && !importer.__sheafImages) {
        const accept = importer.accept;
        importer.accept = (name) => accept(name) || IMAGE_NAME.test(name);
        importer.__sheafImages = true;
      }
    },
  };
  window.SheafImages = SheafImages;
})();
