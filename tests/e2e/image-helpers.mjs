// Images for the browser tests: a PNG made in the page and pasted as a
// screenshot arrives, and the colours a screenshot has at given points.

// A 120 x 80 PNG, left half red and right half blue, pasted as the clipboard's
// only item (named `name`). Returns its bytes.
export async function pasteRedBluePng(page, name = 'image.png') {
  return page.evaluate(async (fileName) => {
    const c = new OffscreenCanvas(120, 80);
    const g = c.getContext('2d');
    g.fillStyle = '#ff0000';
    g.fillRect(0, 0, 60, 80);
    g.fillStyle = '#0000ff';
    g.fillRect(60, 0, 60, 80);
    const blob = await c.convertToBlob({ type: 'image/png' });
    const dt = new DataTransfer();
    dt.items.add(new File([blob], fileName, { type: 'image/png' }));
    document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    return [...new Uint8Array(await blob.arrayBuffer())];
  }, name);
}

// The RGB colour at each [x, y] (CSS px, deviceScaleFactor 1) of a page screenshot.
export async function pixelsAt(page, png, points) {
  return page.evaluate(async ([b64, pts]) => {
    const img = await createImageBitmap(await (await fetch('data:image/png;base64,' + b64)).blob());
    const c = new OffscreenCanvas(img.width, img.height);
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    return pts.map(([x, y]) => [...g.getImageData(Math.round(x), Math.round(y), 1, 1).data.slice(0, 3)]);
  }, [png.toString('base64'), points]);
}
