// The web platform layer as a user meets it: the URL hash follows the
// selection (back/forward, reload), clicks land where they are aimed at
// DPR 2, pasted text reaches the app, the notebook lives in IndexedDB, and
// dropped Markdown files are imported and kept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { launch, openPage, reload, waitForState, settledState, select, clickCanvas, rowCenter, screenshot } from './harness.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const ready = (s) => s.ready && s.posts.length >= 4;
const location = (page) => page.evaluate(() => Module.sheaf.location());

test('the URL hash follows the selection, back/forward and reload', async () => {
  const { page, context, errors } = await openPage(env);
  const s = await waitForState(page, ready);
  const [a, b, c] = [s.posts[1].id, s.posts[2].id, s.posts[3].id];

  assert.equal(await select(page, a), true);
  assert.equal(await location(page), '/post/' + a);
  await select(page, b);
  assert.equal(await location(page), '/post/' + b);
  assert.equal(new URL(page.url()).hash, '#/post/' + b.split('/').map(encodeURIComponent).join('/'));

  await page.goBack();
  await waitForState(page, (x) => x.selected === a);
  assert.equal(await location(page), '/post/' + a);
  await page.goForward();
  await waitForState(page, (x) => x.selected === b);

  // A typed hash (hashchange) selects too.
  await page.evaluate((id) => { window.location.hash = '#/post/' + id; }, c);
  await waitForState(page, (x) => x.selected === c);

  // Reload restores the selection from the hash.
  await reload(page);
  await waitForState(page, (x) => ready(x) && x.selected === c);

  // Opening a link to a post selects it on startup.
  const other = await openPage(env, { hash: '/post/' + a, context });
  await waitForState(other.page, (x) => ready(x) && x.selected === a);
  assert.deepEqual(errors, []);
  await context.close();
});

test('clicks on the post list land on the right row at DPR 2', async () => {
  const { page, context, errors } = await openPage(env, { width: 1100, height: 720, deviceScaleFactor: 2 });
  const s = await settledState(page, ready);
  // Rows wholly inside the list (the last one may be cut by the status bar).
  const visible = s.posts.filter((p) => p.rect[3] > 0 && p.rect[1] + p.rect[3] < 720 - 40);
  assert.ok(visible.length >= 4, 'several rows are visible');
  for (const post of [visible[3], visible[1], visible[visible.length - 1]]) {
    assert.ok(post.rect[2] > 0 && post.rect[3] > 0, 'row has a rect');
    const [x, y] = rowCenter(post);
    await clickCanvas(page, x, y);
    await waitForState(page, (st) => st.selected === post.id, { timeout: 5000 });
  }
  await screenshot(page, 'platform-click-dpr2');
  assert.deepEqual(errors, []);
  await context.close();
});

test('pasted text reaches the app clipboard', async () => {
  const { page, context } = await openPage(env);
  const text = '붙여넣기 테스트 — paste ✓';
  await page.evaluate((t) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, text);
  assert.equal(await page.evaluate(() => Module.sheaf.clipboard()), text);
  await context.close();
});

test('the notebook is seeded into IndexedDB once and persists', async () => {
  const { page, context, errors } = await openPage(env);
  const s = await waitForState(page, ready);
  const stored = await page.evaluate(() => SheafIDB.loadAll());
  assert.equal(stored.seeded, true);
  assert.equal(stored.files.length, s.posts.length, 'every sample post is stored');
  for (const f of stored.files) {
    assert.match(f.path, /\.(md|markdown)$/);
    assert.equal(f.version, 1);
  }

  // A save bumps the version; a reload shows what was saved.
  const path = stored.files[0].path;
  const v = await page.evaluate((p) => SheafIDB.save(p, '---\ntitle: 저장된 제목\n---\n본문\n', 0), path);
  assert.equal(v, 2);
  await reload(page);
  await waitForState(page, (x) => x.ready && x.posts.some((p) => p.title === '저장된 제목'));

  // Removing every document leaves an empty notebook (the samples come back only once).
  await page.evaluate(async () => {
    const { files } = await SheafIDB.loadAll();
    for (const f of files) await SheafIDB.remove(f.path);
  });
  await reload(page);
  const empty = await waitForState(page, (x) => x.ready);
  assert.equal(empty.posts.length, 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a dropped Markdown file is imported, selected and stored', async () => {
  const { page, context, errors } = await openPage(env);
  await waitForState(page, ready);
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['---\ntitle: 끌어다 놓은 글\ndate: 2030-01-02\n---\n안녕\n'], 'dropped.md', { type: 'text/markdown' }));
    dt.items.add(new File(['not markdown'], 'picture.png', { type: 'image/png' }));
    const canvas = document.getElementById('canvas');
    canvas.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    canvas.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  const s = await waitForState(page, (x) => x.posts.some((p) => p.title === '끌어다 놓은 글'));
  assert.equal(s.posts.find((p) => p.title === '끌어다 놓은 글').id, s.selected);
  assert.ok(!s.posts.some((p) => /picture/.test(p.id)), 'non-Markdown files are ignored');

  // Stored: it survives a reload.
  await page.waitForFunction(async () => (await SheafIDB.loadAll()).files.some((f) => f.path === 'dropped.md'));
  await reload(page);
  await waitForState(page, (x) => x.ready && x.posts.some((p) => p.title === '끌어다 놓은 글'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('images decode to RGBA from MEMFS and over HTTP, with errors named', async () => {
  const { page, context } = await openPage(env);
  // The sample notebook's logo, read from MEMFS (/notebook is preloaded).
  const logo = await page.evaluate(() => Module.sheaf.decodeImage('/notebook/assets/img/sheaf-logo.png'));
  assert.equal(logo.error, '');
  assert.ok(logo.width > 0 && logo.height > 0);
  assert.equal(logo.bytes, logo.width * logo.height * 4);

  // A 2x1 PNG over HTTP (a data: URL goes through fetch too): red, then blue.
  const canvasPng = await page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 2; c.height = 1;
    const g = c.getContext('2d');
    g.fillStyle = '#ff0000'; g.fillRect(0, 0, 1, 1);
    g.fillStyle = '#0000ff'; g.fillRect(1, 0, 1, 1);
    return c.toDataURL('image/png');
  });
  const px = await page.evaluate((u) => Module.sheaf.decodeImage(u), canvasPng);
  assert.deepEqual([px.width, px.height, px.bytes], [2, 1, 8]);
  assert.deepEqual(px.first_pixel, [255, 0, 0, 255]);

  const missing = await page.evaluate(() => Module.sheaf.decodeImage('no-such-image.png'));
  assert.match(missing.error, /no-such-image\.png/);
  assert.equal(missing.bytes, 0);

  // A web image whose host sends no CORS header: the page may show it in an
  // <img> but not read its pixels, and the error says that, not "failed".
  // (A server of our own on another port: routed responses get CORS headers.)
  const png = Buffer.from(canvasPng.split(',')[1], 'base64');
  const other = http.createServer((req, res) => {
    if (req.url === '/gone.png') { res.writeHead(404); res.end('not here'); return; }
    res.writeHead(200, { 'content-type': 'image/png' });
    res.end(png);
  });
  await new Promise((done) => other.listen(0, '127.0.0.1', done));
  const base = `http://127.0.0.1:${other.address().port}`;
  try {
    const closed = await page.evaluate((u) => Module.sheaf.decodeImage(u), `${base}/a.png`);
    assert.match(closed.error, /does not let web pages read this image \(it sends no CORS header\)/);
    const gone = await page.evaluate((u) => Module.sheaf.decodeImage(u), `${base}/gone.png`);
    assert.match(gone.error, /gone\.png: /);
    assert.doesNotMatch(gone.error, /CORS/);
  } finally {
    other.close();
  }
  await context.close();
});
