// Images in the browser's own notebook (IndexedDB): a PNG pasted into the
// editor is stored beside the posts under assets/img/<slug>/, its Markdown
// lands at the caret, the preview draws it from storage (checked by its
// pixels), it survives a reload, and the .zip export holds it at the same
// path. An image over the limit is refused with the reason.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { launch, openPage, reload, waitForState, waitFrames, select, screenshot } from './harness.mjs';
import { openEditor } from './ime-helpers.mjs';
import { pasteRedBluePng, pixelsAt } from './image-helpers.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const WELCOME = '_posts/2024-03-02-welcome-to-sheaf';
const SLUG = 'welcome-to-sheaf';
const call = (page, name, a1, a2) => page.evaluate(([n, x, y]) => Module.sheaf.call(n, x, y), [name, a1, a2]);
const utf8Length = (s) => Buffer.byteLength(s, 'utf8');
const saved = (s) => s.storage.unsaved.length === 0 && s.storage.saving === 0 && s.storage.paste.saving === 0;

const pastePng = (page) => pasteRedBluePng(page);

async function checkDrawn(page, url, name) {
  const s = await waitForState(page, (x) => x.view && x.view.images.some((i) => i.url === url && i.state === 'ready') &&
    x.view.images_loading === 0);
  await waitFrames(page, 3);
  const img = s.view.images.find((i) => i.url === url);
  const box = await page.locator('#canvas').boundingBox();
  const w = img.x1 - img.x0, h = img.y1 - img.y0;
  assert.ok(w > 20 && h > 10, `the image has a size on screen (${w} x ${h})`);
  const file = await screenshot(page, name);
  const [left, right] = await pixelsAt(page, fs.readFileSync(file), [
    [box.x + img.x0 + w * 0.25, box.y + img.y0 + h / 2], [box.x + img.x0 + w * 0.75, box.y + img.y0 + h / 2]]);
  assert.ok(left[0] > 200 && left[2] < 60, `left half red, got ${left}`);
  assert.ok(right[2] > 200 && right[0] < 60, `right half blue, got ${right}`);
}

test('a pasted PNG is stored under assets/img/<slug>/, lands at the caret, is drawn, survives a reload, and is in the zip', async () => {
  const { page, context, errors, original } = await openEditor(env, { mode: 'split' });
  // The caret at the end of the body's second block (the paragraph under the
  // title), so the image shows near the top of the preview.
  const body = original.indexOf('\n---\n', 4) + 5;
  const at = original.indexOf('\n\n', original.indexOf('\n\n', body + 1) + 2);
  assert.ok(at > body, 'the post has a paragraph break');
  await call(page, 'editor_select', String(utf8Length(original.slice(0, at))));
  await waitFrames(page, 3);

  const bytes = await pastePng(page);
  const md = `![](/assets/img/${SLUG}/image.png)`;
  let s = await waitForState(page, (x) => x.storage.paste.last_path !== '' && x.editor.text.includes(md));
  assert.equal(s.storage.paste.last_path, `assets/img/${SLUG}/image.png`);
  assert.equal(s.editor.text, original.slice(0, at) + md + original.slice(at), 'the Markdown is at the caret');
  assert.equal(s.editor.caret_offset, utf8Length(original.slice(0, at) + md), 'the caret follows it');

  // Stored in IndexedDB beside the posts, byte for byte.
  const stored = await page.evaluate(async (p) => {
    const list = await SheafIDB.listAssets();
    const b = await SheafIDB.loadAsset(p);
    return { list: list.map((a) => a.path), bytes: b ? [...b] : null };
  }, s.storage.paste.last_path);
  assert.ok(stored.list.includes(`assets/img/${SLUG}/image.png`));
  assert.deepEqual(stored.bytes, bytes);

  // The preview draws it from storage.
  await checkDrawn(page, `/assets/img/${SLUG}/image.png`, 'images-pasted-split');

  // Undo takes the Markdown away again, redo brings it back (the file stays).
  await page.keyboard.press('Control+Z');
  await waitForState(page, (x) => x.editor.text === original);
  await page.keyboard.press('Control+Shift+Z');
  await waitForState(page, (x) => x.editor.text.includes(md));

  // Saved, then a reload shows it again from IndexedDB.
  await waitForState(page, saved, { timeout: 10000 });
  await reload(page);
  await waitForState(page, (x) => x.ready && x.total >= 8);
  assert.equal(await select(page, WELCOME), true);
  s = await waitForState(page, (x) => x.selected === WELCOME && x.editor.text.includes(md));
  await checkDrawn(page, `/assets/img/${SLUG}/image.png`, 'images-after-reload');

  // The zip export holds the image at the same path, byte for byte.
  const [zip] = await Promise.all([page.waitForEvent('download'), call(page, 'exportZip')]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sheaf-img-zip-'));
  const file = path.join(dir, 'n.zip');
  fs.copyFileSync(await zip.path(), file);
  const listed = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n');
  assert.ok(listed.includes(`assets/img/${SLUG}/image.png`), 'the image is in the zip: ' + listed.join(', '));
  assert.ok(listed.includes(WELCOME + '.md'));
  assert.ok(listed.includes('assets/img/sheaf-logo.png'), 'the sample notebook\'s own images too');
  execFileSync('unzip', ['-q', file, '-d', path.join(dir, 'out')]);
  assert.deepEqual([...fs.readFileSync(path.join(dir, 'out', `assets/img/${SLUG}/image.png`))], bytes);
  fs.rmSync(dir, { recursive: true, force: true });
  assert.deepEqual(errors.filter((e) => !/status of 404/.test(e)), []);
  await context.close();
});

test('a second paste gets its own name; an image over the limit and a non-image are refused with the reason', async () => {
  const { page, context, errors, original } = await openEditor(env);
  await pastePng(page);
  await waitForState(page, (x) => x.editor.text.endsWith(`![](/assets/img/${SLUG}/image.png)`));
  await pastePng(page);
  let s = await waitForState(page, (x) => x.editor.text.endsWith(`![](/assets/img/${SLUG}/image-2.png)`));
  assert.equal(s.storage.paste.last_path, `assets/img/${SLUG}/image-2.png`);
  const before = s.editor.text;

  // 11 MB that start like a PNG: refused before anything is written.
  await page.evaluate(() => {
    const big = new Uint8Array(11 << 20);
    big.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const dt = new DataTransfer();
    dt.items.add(new File([big], '큰 사진.png', { type: 'image/png' }));
    document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  });
  s = await waitForState(page, (x) => /10 MB limit/.test(x.storage.paste.last_error));
  assert.equal(s.storage.paste.last_error, '큰 사진.png: 11.0 MB is over the 10 MB limit for an image in a post');
  assert.ok(s.storage.notices.some((n) => n.error && n.text === s.storage.paste.last_error), 'a notice says why');
  await waitFrames(page, 3);
  await screenshot(page, 'images-too-large');
  assert.equal(s.editor.text, before);

  // A file that only claims to be an image.
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['%PDF-1.7'], 'scan.png', { type: 'image/png' }));
    document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  });
  s = await waitForState(page, (x) => x.storage.paste.last_error === 'scan.png: not a PNG, JPEG, GIF or WebP image');
  assert.equal(s.editor.text, before);
  const list = await page.evaluate(async () => (await SheafIDB.listAssets()).map((a) => a.path));
  assert.deepEqual(list.filter((p) => p.includes(SLUG)), [`assets/img/${SLUG}/image-2.png`, `assets/img/${SLUG}/image.png`]);

  // Text on the clipboard is still pasted as text.
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.setData('text/plain', ' 글자');
    document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  });
  await waitForState(page, (x) => x.editor.text === before + ' 글자');
  assert.deepEqual(errors.filter((e) => !/status of 404/.test(e)), []);
  assert.ok(original.length > 0);
  await context.close();
});

test('an image dropped on the editor goes into the post; a dropped site folder keeps its assets beside its posts', async () => {
  const { page, context, errors, original } = await openEditor(env);
  await page.evaluate(async () => {
    const c = new OffscreenCanvas(8, 8);
    c.getContext('2d').fillRect(0, 0, 8, 8);
    const dt = new DataTransfer();
    dt.items.add(new File([await c.convertToBlob({ type: 'image/png' })], '끌어온 그림.png', { type: 'image/png' }));
    const canvas = document.getElementById('canvas');
    canvas.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    canvas.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  const md = `![](/assets/img/${SLUG}/끌어온%20그림.png)`;
  let s = await waitForState(page, (x) => x.editor.text === original + md);
  assert.equal(s.storage.import.active, false, 'not an import');

  // Back to the preview: a folder drop is an import, and its images come along.
  await page.keyboard.press('Escape');
  await call(page, 'editor_mode', 'preview');
  await waitForState(page, (x) => x.editor.mode === 'preview');
  // A screenshot pasted in the preview has no caret to go to: the notice says where.
  await pastePng(page);
  s = await waitForState(page, (x) => /open a post in Edit or Side by side/.test(x.storage.paste.last_error));
  assert.ok(s.storage.notices.some((n) => n.error && /image\.png: open a post in Edit/.test(n.text)));
  assert.equal(s.editor.text, original + md, 'nothing inserted');
  const count = await page.evaluate(async () => {
    const c = new OffscreenCanvas(4, 4);
    c.getContext('2d').fillRect(0, 0, 4, 4);
    const png = new Uint8Array(await (await c.convertToBlob({ type: 'image/png' })).arrayBuffer());
    const mkFile = (dir, name, bytes) => ({
      isFile: true, isDirectory: false, name, fullPath: '/' + dir + '/' + name,
      file: (ok) => ok(new File([bytes], name.split('/').pop())),
    });
    const mkDir = (name, children) => ({
      isFile: false, isDirectory: true, name, fullPath: '/' + name,
      createReader() {
        let at = 0;
        return { readEntries: (ok) => { const b = children.slice(at, at + 100); at += b.length; setTimeout(() => ok(b), 1); } };
      },
    });
    const files = [
      mkFile('site', '_posts/2024-05-01-여행.md', '---\ntitle: 폴더째 온 글\n---\n![](/assets/img/trip/sea.png)\n'),
      mkFile('site', 'assets/img/trip/sea.png', png),
      mkFile('site', 'assets/notes.pdf', '%PDF-1.7'),
    ];
    await SheafImport.fromDataTransfer(Module, { items: [{ kind: 'file', webkitGetAsEntry: () => mkDir('site', files) }], files: [] });
    return files.length;
  });
  assert.equal(count, 3);
  s = await waitForState(page, (x) => !x.storage.import.active && x.posts.some((p) => p.title === '폴더째 온 글'), { timeout: 20000 });
  const assets = await page.evaluate(async () => (await SheafIDB.listAssets()).map((a) => a.path));
  assert.ok(assets.includes('assets/img/trip/sea.png'), 'the image is kept at its site path: ' + assets.join(', '));
  assert.ok(s.storage.import.rejected.some((r) => r.startsWith('site/assets/notes.pdf')), 'other files are still refused');
  assert.deepEqual(errors.filter((e) => !/status of 404/.test(e)), []);
  await context.close();
});

test('a notebook stored by the previous schema (version 2) keeps every store and record after the upgrade', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  // Same origin, without the app: write what a version 2 page left behind.
  await page.goto(env.url + '/manifest.webmanifest');
  await page.evaluate(() => new Promise((ok, no) => {
    const req = indexedDB.open('sheaf', 2);
    req.onupgradeneeded = () => {
      const d = req.result;
      d.createObjectStore('docs', { keyPath: 'path' });
      d.createObjectStore('meta', { keyPath: 'key' });
      d.createObjectStore('trash', { keyPath: 'key' });
    };
    req.onsuccess = () => {
      const d = req.result;
      const tx = d.transaction(['docs', 'meta', 'trash'], 'readwrite');
      tx.objectStore('docs').put({ path: '_posts/2020-01-01-옛-글.md', text: '---\ntitle: 옛 스키마의 글\n---\n그대로 남아야 합니다.\n', modified: 1, version: 4 });
      tx.objectStore('meta').put({ key: 'seeded', at: 1 });
      tx.objectStore('trash').put({ key: '5/_posts/gone.md', path: '_posts/gone.md', deleted: 5,
        file: { path: '_posts/gone.md', text: '# 지운 글\n', modified: 1, version: 1 } });
      tx.oncomplete = () => { d.close(); ok(); };
      tx.onerror = () => no(tx.error);
    };
    req.onerror = () => no(req.error);
  }));
  await page.addInitScript(() => { window.__sheafTestHooks = true; });
  await page.goto(env.url);
  await page.waitForFunction(() => window.__sheafReady === true || !!window.__sheafError, null, { timeout: 60000 });
  const s = await waitForState(page, (x) => x.ready && x.posts.some((p) => p.title === '옛 스키마의 글'));
  assert.equal(s.posts.length, 1, 'still seeded: the samples are not added again');
  const after = await page.evaluate(async () => {
    const doc = await SheafIDB.load('_posts/2020-01-01-옛-글.md');
    const trash = await SheafIDB.listTrash();
    const d = await SheafIDB.open();
    return { version: d.version, stores: [...d.objectStoreNames].sort(), doc, trash: trash.map((t) => t.path),
      assets: await SheafIDB.listAssets() };
  });
  assert.equal(after.version, 3);
  assert.deepEqual(after.stores, ['assets', 'docs', 'meta', 'trash']);
  assert.equal(after.doc.version, 4);
  assert.equal(after.doc.text, '---\ntitle: 옛 스키마의 글\n---\n그대로 남아야 합니다.\n');
  assert.deepEqual(after.trash, ['_posts/gone.md']);
  assert.deepEqual(after.assets, []);
  await context.close();
});
