// A real folder as the notebook (File > Open folder…, web/fsa.js): the page
// reads and writes the files of a folder through the File System Access API.
// The tests hand the page a folder in the Origin Private File System (the
// same handle API as a folder on disk; window.__sheafPickDirectory stands in
// for the picker) and check the files themselves: what is listed and what is
// not, the exact bytes a save writes and that nothing else changes, changes
// made outside Sheaf (clean posts follow, edited ones ask), a save that would
// overwrite an outside change refusing, the trash as a folder, the notebook
// coming back after a reload (with and without the permission prompt), and a
// browser without the API told why in one line.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { launch, openPage, waitReady, screenshot, waitFrames, clickCanvas, moveCanvas } from './harness.mjs';
import { pasteRedBluePng, pixelsAt } from './image-helpers.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const FOLDER = '내 블로그';  // the folder's name, as the menu and the Reopen button show it

// The folder's files (every byte is ours). .git, _site and node_modules hold
// Markdown that must not be listed; the image is an asset, not a post.
const FILES = {
  '_posts/2025-03-01-first-snow.md': '---\ntitle: 첫눈 오는 날\ndate: 2025-03-01\ntags: [일기, 겨울]\n---\n\n아침에 창밖을 보니 눈이 내리고 있었다.\n',
  '_posts/2025-03-08-reading-list.md': '---\ntitle: "Reading list: March"\ndate: 2025-03-08\ntags: [books]\n---\n\nThree books for the month, one of them in Korean.\n',
  '_posts/2025-03-15-kimchi.md': '---\ntitle: 김치찌개 만들기\ndate: 2025-03-15\ntags: [요리]\n---\n\n묵은지 한 포기, 돼지고기 200g.\n',
  '_drafts/half-done.md': '---\ntitle: Half-done draft\n---\n\nNot finished yet.\n',
  'notes/todo.txt': '할 일: 장보기, 빨래\n',
  '.git/x.md': '---\ntitle: git internals, not a post\n---\n',
  '_site/y.md': '---\ntitle: built site, not a post\n---\n',
  'node_modules/pkg/readme.md': '---\ntitle: a package, not a post\n---\n',
};
const LISTED = ['첫눈 오는 날', 'Reading list: March', '김치찌개 만들기', 'Half-done draft', 'Todo'];  // a .txt note is a document too

// The picker's stand-in: a folder of the Origin Private File System.
const PICK_INIT = `window.__sheafPickDirectory = async () =>
  (await navigator.storage.getDirectory()).getDirectoryHandle(${JSON.stringify(FOLDER)}, { create: true });`;

const call = (page, name, a1, a2) => page.evaluate(([n, x, y]) => Module.sheaf.call(n, x, y), [name, a1, a2]);

// The state, or null while the page reloads.
async function stateOrNull(page) {
  try {
    return await page.evaluate(() => (window.Module && Module.sheaf && window.__sheafReady ? Module.sheaf.state() : null));
  } catch (e) {
    return null;  // the page navigated under the call
  }
}

async function until(page, predicate, what, timeout = 30000) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await stateOrNull(page);
    if (last && await predicate(last)) return last;
    if (Date.now() > end) throw new Error('timed out waiting for ' + what + '; last state: ' + JSON.stringify(last && {
      ready: last.ready, listed: last.listed, notebook: last.notebook, total: last.total, titles: last.posts.map((p) => p.title),
      storage: last.storage,
    }).slice(0, 3000));
    await new Promise((r) => setTimeout(r, 50));
  }
}

// Writes files into the folder (inside the Origin Private File System), as another program would.
function writeOutside(page, files) {
  return page.evaluate(async ([folder, files]) => {
    let root = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder, { create: true });
    for (const [path, text] of Object.entries(files)) {
      const parts = path.split('/');
      let d = root;
      for (const p of parts.slice(0, -1)) d = await d.getDirectoryHandle(p, { create: true });
      const w = await (await d.getFileHandle(parts[parts.length - 1], { create: true })).createWritable();
      await w.write(new TextEncoder().encode(text));
      await w.close();
    }
  }, [FOLDER, files]);
}

// Every file below the folder (dot-folders too) -> its text.
function readFolder(page) {
  return page.evaluate(async (folder) => {
    const out = {};
    const walk = async (d, prefix) => {
      for await (const [name, h] of d.entries()) {
        if (h.kind === 'directory') await walk(h, prefix + name + '/');
        else out[prefix + name] = await (await h.getFile()).text();
      }
    };
    await walk(await (await navigator.storage.getDirectory()).getDirectoryHandle(folder), '');
    return out;
  }, FOLDER);
}

const folderLoaded = (s) => s.ready && s.notebook.notebook !== 'browser' && s.notebook.access === 'granted' &&
  s.total === LISTED.length;
const byTitle = (s, title) => s.posts.find((p) => p.title === title);
const textOf = async (page, id) => (await call(page, 'text', id)).text;
const poke = (page) => page.evaluate(() => {
  document.dispatchEvent(new Event('visibilitychange'));
  window.dispatchEvent(new Event('focus'));
});

// A fresh context, the folder written, File > Open folder… run: -> the page on the folder notebook.
async function openFolderNotebook(extra = {}) {
  const { page, context, errors } = await openPage(env, { initScript: PICK_INIT, ...extra });
  await writeOutside(page, FILES);
  const r = await call(page, 'menu', 'openFolder');
  assert.equal(r.ok, true, 'a picker opened: ' + JSON.stringify(r));
  // Picking stores the folder and reloads the page on it.
  await until(page, folderLoaded, 'the folder notebook');
  await waitReady(page);
  return { page, context, errors };
}

test('the folder is listed (not .git, _site, node_modules); Ctrl+S writes exactly the new bytes and nothing else', async () => {
  const { page, context, errors } = await openFolderNotebook();
  const s = await until(page, (x) => folderLoaded(x) && x.posts.every((p) => p.rect[3] > 0), 'rows laid out');
  assert.deepEqual(s.posts.map((p) => p.title).sort(), [...LISTED].sort());
  assert.equal(s.notebook.name, FOLDER);
  assert.equal(s.storage.last_error, '');
  // The Notebooks menu offers both notebooks, the folder current.
  const menu = await page.evaluate(() => SheafFSA.choices());
  assert.deepEqual(menu.map((c) => [c.name, c.current]), [['This browser', false], [FOLDER, true]]);
  await waitFrames(page, 4);
  await screenshot(page, 'folder-notebook');
  // File › Notebooks, as the reader picks one (a picture for the README).
  await clickCanvas(page, 26, 12);
  await moveCanvas(page, 70, 59);
  await moveCanvas(page, 72, 60);
  await screenshot(page, 'folder-notebooks-menu');
  await page.keyboard.press('Escape');
  await waitFrames(page, 3);

  const before = await readFolder(page);
  await call(page, 'autosaveDelay', 600000);  // only Ctrl+S saves
  const post = byTitle(s, '김치찌개 만들기');
  const { path, text } = await call(page, 'text', post.id);
  assert.equal(path, '_posts/2025-03-15-kimchi.md');
  const edited = text + '\n두부 반 모를 넣고 10분 더 끓인다. Simmer ten more minutes.\n';
  await call(page, 'setText', post.id, edited);
  await page.locator('#canvas').click({ position: { x: 900, y: 400 } });
  await page.keyboard.press('Control+s');
  await until(page, (x) => x.storage.unsaved.length === 0 && x.storage.saving === 0, 'the save');
  const after = await readFolder(page);
  assert.equal(after[path], edited, 'the file holds exactly the new text');
  const changed = Object.keys({ ...before, ...after }).filter((k) => before[k] !== after[k]);
  assert.deepEqual(changed, [path], 'no other file was written, made or removed');

  // Assets (the site's images) are the folder's other files, raw bytes in and out.
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x80, 0x7f];
  const assets = await page.evaluate(async ([folder, png]) => {
    const root = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder);
    const img = await (await root.getDirectoryHandle('assets', { create: true })).getDirectoryHandle('img', { create: true });
    const w = await (await img.getFileHandle('눈.png', { create: true })).createWritable();
    await w.write(new Uint8Array(png));
    await w.close();
    const listed = (await SheafFSA.listAssets()).map((a) => a.path).sort();
    const read = Array.from(await SheafFSA.loadAsset('assets/img/눈.png'));
    await SheafFSA.saveAsset('assets/img/copy.png', new Uint8Array(png));
    const back = new Uint8Array(await (await (await img.getFileHandle('copy.png')).getFile()).arrayBuffer());
    await img.removeEntry('눈.png');
    await img.removeEntry('copy.png');
    await root.removeEntry('assets', { recursive: true });
    return { listed, read, back: Array.from(back) };
  }, [FOLDER, png]);
  assert.deepEqual(assets.listed, ['assets/img/눈.png'], 'documents, dot-folders, _site and node_modules are not assets');
  assert.deepEqual(assets.read, png);
  assert.deepEqual(assets.back, png);

  // The trash is a folder inside the notebook: delete, then restore.
  await call(page, 'delete', byTitle(s, 'Half-done draft').id);
  await until(page, (x) => x.total === LISTED.length - 1 && x.storage.saving === 0, 'the delete');
  let files = await readFolder(page);
  assert.equal(files['_drafts/half-done.md'], undefined, 'the file left its place');
  const trashed = Object.keys(files).filter((k) => k.startsWith('.sheaf-trash/'));
  assert.equal(trashed.length, 1);
  assert.match(trashed[0], /^\.sheaf-trash\/\d+\/_drafts\/half-done\.md$/);
  assert.equal(files[trashed[0]], FILES['_drafts/half-done.md'], 'the trash holds its bytes');
  await call(page, 'undo');
  await until(page, (x) => x.total === LISTED.length, 'the restore');
  files = await readFolder(page);
  assert.equal(files['_drafts/half-done.md'], FILES['_drafts/half-done.md'], 'restored byte for byte');
  assert.deepEqual(Object.keys(files).filter((k) => k.startsWith('.sheaf-trash/')), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('outside changes: a clean post follows its file, an edited one asks and keeps the edit', async () => {
  const { page, context, errors } = await openFolderNotebook();
  const s = await until(page, folderLoaded, 'loaded');
  await call(page, 'autosaveDelay', 600000);
  const clean = byTitle(s, 'Reading list: March');
  const cleanPath = (await call(page, 'text', clean.id)).path;
  const theirs = FILES[cleanPath] + 'Added by another editor: a fourth book, 「소년이 온다」.\n';
  await writeOutside(page, { [cleanPath]: theirs });
  await poke(page);
  await until(page, async () => (await textOf(page, clean.id)) === theirs, 'the clean post to follow its file');
  assert.equal((await call(page, 'text', clean.id)).dirty, false);

  const edited = byTitle(s, '첫눈 오는 날');
  const editedPath = (await call(page, 'text', edited.id)).path;
  const mine = FILES[editedPath] + '\n오후에는 눈사람을 만들었다.\n';
  await call(page, 'select', edited.id);
  await call(page, 'setText', edited.id, mine);
  const outside = FILES[editedPath].replace('눈이 내리고', '함박눈이 펑펑 내리고');
  await writeOutside(page, { [editedPath]: outside });
  await poke(page);
  const c = await until(page, (x) => x.storage.dialog && x.storage.dialog.kind === 'conflict', 'the conflict dialog');
  assert.equal(c.storage.dialog.title, 'Changed outside Sheaf');
  assert.match(c.storage.dialog.message, /changed on disk \(by another program or window\)/);
  assert.equal(await textOf(page, edited.id), mine, 'the edit is still in the editor');
  assert.equal((await readFolder(page))[editedPath], outside, 'the outside bytes are untouched');
  await waitFrames(page, 4);
  await screenshot(page, 'folder-changed-outside');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a save that would overwrite an outside change refuses and asks', async () => {
  const { page, context, errors } = await openFolderNotebook();
  const s = await until(page, folderLoaded, 'loaded');
  await call(page, 'autosaveDelay', 600000);
  const post = byTitle(s, '김치찌개 만들기');
  const path = (await call(page, 'text', post.id)).path;
  await call(page, 'setText', post.id, FILES[path] + '\n내 수정\n');
  const outside = FILES[path] + '\n다른 프로그램의 수정 (another program)\n';
  await writeOutside(page, { [path]: outside });
  await call(page, 'save');
  const c = await until(page, (x) => x.storage.dialog && x.storage.dialog.kind === 'conflict', 'the conflict');
  assert.deepEqual(c.storage.dialog.buttons, ['Keep mine', 'Take theirs', 'Keep both (mine as a copy)']);
  assert.equal(c.storage.dialog.title, 'Changed outside Sheaf', 'a folder is written by other programs, not tabs');
  assert.equal((await readFolder(page))[path], outside, 'the outside bytes are still in the file');
  assert.ok(c.storage.unsaved.some((u) => u.path === path), 'the edit is still unsaved');
  // Keep both: the file keeps theirs, mine goes to a copy beside it.
  await call(page, 'answer', 2);
  await until(page, (x) => !x.storage.dialog && x.storage.unsaved.length === 0 && x.storage.saving === 0, 'keep both');
  const files = await readFolder(page);
  assert.equal(files[path], outside);
  assert.equal(files[path.replace(/\.md$/, ' (2).md')], FILES[path] + '\n내 수정\n');
  assert.deepEqual(errors, []);
  await context.close();
});

test('after a reload the folder is the notebook again; with the permission prompt, Reopen loads it', async () => {
  const { page, context, errors } = await openFolderNotebook();
  await call(page, 'saveIndexCache');
  await until(page, () => page.evaluate(() => new Promise((resolve) => {
    const req = indexedDB.open('sheaf-folders');
    req.onsuccess = () => {
      const get = req.result.transaction('blobs').objectStore('blobs').getAllKeys();
      get.onsuccess = () => { req.result.close(); resolve(get.result.some((k) => k.endsWith('/index-cache'))); };
    };
  })), 'the index cache stored under the folder');
  await page.reload();
  await waitReady(page);
  const s = await until(page, folderLoaded, 'the folder after a reload');
  assert.equal(s.notebook.name, FOLDER);
  assert.equal(await page.locator('#folder').isVisible(), false, 'no prompt when the permission holds');

  // The browser asks again (as after a restart): the list comes from the
  // index cache, and the folder loads once Reopen is clicked.
  // In the dark theme, so the page's own box is seen to follow the app's theme.
  await call(page, 'theme', 'dark');
  await until(page, async () => (await page.evaluate(() => document.documentElement.dataset.theme)) === 'dark', 'the page told of the theme');
  await page.addInitScript(() => { window.__sheafPermissionState = 'prompt'; });
  await page.reload();
  await waitReady(page);
  const p = await until(page, (x) => x.notebook.access === 'prompt' && x.listed, 'the Reopen prompt');
  const boxColour = await page.evaluate(() => getComputedStyle(document.getElementById('folder')).backgroundColor);
  assert.equal(boxColour, 'rgb(43, 45, 48)', 'the Reopen box is dark in the dark theme');
  assert.equal(p.ready, false, 'the folder is not read before the click');
  assert.deepEqual(p.posts.map((x) => x.title).sort(), [...LISTED].sort(), 'listed from the index cache');
  const button = page.locator('#folder button.primary');
  assert.equal(await button.textContent(), `Reopen “${FOLDER}”`);
  await waitFrames(page, 4);
  await screenshot(page, 'folder-reopen-prompt');
  await button.click();
  await until(page, folderLoaded, 'the folder after Reopen');
  assert.equal(await page.locator('#folder').isVisible(), false);

  // Denied: said so, with a way back to the browser's own notebook.
  await page.addInitScript(() => { window.__sheafPermissionState = 'denied'; });
  await page.reload();
  await waitReady(page);
  await until(page, (x) => x.notebook.access === 'denied', 'denied');
  assert.match(await page.locator('#folder-text').textContent(), /does not let Sheaf use the folder “내 블로그”/);
  await page.locator('#folder button', { hasText: 'this browser' }).click();
  await until(page, (x) => x.ready && x.notebook.notebook === 'browser' && x.total > 0, 'back on the browser notebook');
  assert.deepEqual(errors, []);
  await context.close();
});

test('switching notebooks saves first; the same folder picked again is the same notebook', async () => {
  const { page, context, errors } = await openFolderNotebook();
  const s = await until(page, folderLoaded, 'loaded');
  const folderId = s.notebook.notebook;
  await call(page, 'autosaveDelay', 600000);  // the switch itself must save it
  const post = byTitle(s, 'Reading list: March');
  const path = (await call(page, 'text', post.id)).path;
  const edited = FILES[path] + 'Saved by the switch, 전환하기 전에 저장.\n';
  await call(page, 'setText', post.id, edited);
  // Closing the tab now would ask first (a folder write cannot finish after
  // the page is gone), and starts the save meanwhile.
  const asked = await page.evaluate(() => {
    const e = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(e);
    return e.defaultPrevented;
  });
  assert.equal(asked, true, 'leaving with an unsaved post asks');
  await until(page, (x) => x.storage.unsaved.length === 0 && x.storage.saving === 0, 'the save the question started');
  assert.equal((await readFolder(page))[path], edited);
  const edited2 = edited + '두 번째 수정.\n';
  await call(page, 'setText', post.id, edited2);
  // What Notebooks › This browser runs (platform::switch_notebook).
  await page.evaluate(() => { SheafFSA.switchTo('browser'); });
  await until(page, (x) => x.ready && x.notebook.notebook === 'browser' && x.total > 0, 'the browser notebook');
  assert.equal((await readFolder(page))[path], edited2, 'the edit reached the file before the page left');
  assert.deepEqual((await page.evaluate(() => SheafFSA.choices())).map((c) => c.current), [true, false]);

  const r = await call(page, 'menu', 'openFolder');
  assert.equal(r.ok, true);
  const again = await until(page, folderLoaded, 'the folder again');
  assert.equal(again.notebook.notebook, folderId, 'the same folder keeps its id (and its index cache)');
  assert.equal((await page.evaluate(() => SheafFSA.choices())).length, 2, 'listed once');
  assert.equal(await textOf(page, byTitle(again, 'Reading list: March').id), edited2);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a folder that is gone is said so, with the way back to the browser notebook and a way to forget it', async () => {
  const { page, context, errors } = await openFolderNotebook();
  await page.evaluate(async (folder) => (await navigator.storage.getDirectory()).removeEntry(folder, { recursive: true }), FOLDER);
  await page.reload();
  await waitReady(page);
  await until(page, (x) => x.notebook.access === 'gone', 'the folder reported gone');
  assert.match(await page.locator('#folder-text').textContent(), /“내 블로그” is gone/);
  await page.locator('#folder button', { hasText: 'this browser' }).click();
  await until(page, (x) => x.ready && x.notebook.notebook === 'browser' && x.total > 0, 'back on the browser notebook');
  assert.equal((await page.evaluate(() => SheafFSA.choices())).length, 2, 'still listed');

  // Back on it, then Forget: the menu no longer offers it.
  await page.evaluate(() => { SheafFSA.switchTo(SheafFSA.choices()[1].id); });
  await until(page, (x) => x.notebook.access === 'gone', 'gone again');
  await page.locator('#folder button', { hasText: 'Forget' }).click();
  await until(page, (x) => x.ready && x.notebook.notebook === 'browser' && x.total > 0, 'forgotten');
  assert.deepEqual((await page.evaluate(() => SheafFSA.choices())).map((c) => c.id), ['browser']);
  assert.deepEqual(errors.filter((e) => !/Could not read the folder/.test(e)), []);
  await context.close();
});

test('a browser without the File System Access API says why in one line', async () => {
  const { page, context, errors } = await openPage(env, { initScript: () => {
    delete window.showDirectoryPicker;
    delete Window.prototype.showDirectoryPicker;
    if (window.showDirectoryPicker) window.showDirectoryPicker = undefined;
  } });
  await until(page, (x) => x.ready, 'ready');
  const r = await call(page, 'menu', 'openFolder');
  assert.equal(r.ok, false);
  const s = await until(page, (x) => x.storage.notices.length > 0, 'the notice');
  const text = s.storage.notices.map((n) => n.text).join('\n');
  assert.equal(text, 'This browser cannot open folders (no File System Access API); posts stay in its own storage. Chromium, Edge and Opera can.');
  assert.equal(s.notebook.notebook, 'browser');
  assert.deepEqual(errors, []);
  await context.close();
});

// Every file below the folder -> its bytes.
function readFolderBytes(page, path) {
  return page.evaluate(async ([folder, path]) => {
    let d = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder);
    const parts = path.split('/');
    for (const p of parts.slice(0, -1)) d = await d.getDirectoryHandle(p);
    return [...new Uint8Array(await (await (await d.getFileHandle(parts[parts.length - 1])).getFile()).arrayBuffer())];
  }, [FOLDER, path]);
}

test('an image pasted into the editor lands under the folder\'s assets and the preview draws it', async () => {
  const { page, context, errors } = await openFolderNotebook();
  let s = await until(page, folderLoaded, 'loaded');
  const post = byTitle(s, '첫눈 오는 날');
  await call(page, 'select', post.id);
  await call(page, 'editor_mode', 'split');
  await until(page, (x) => x.selected === post.id && x.editor.mode === 'split', 'side by side');
  const original = await textOf(page, post.id);
  await call(page, 'editor_select', String(Buffer.byteLength(original, 'utf8')));
  await page.waitForFunction(() => Module.sheaf.imeAgent() && Module.sheaf.imeAgent().focused);
  const bytes = await pasteRedBluePng(page, '붙여넣은 그림.png');
  const url = '/assets/img/first-snow/붙여넣은%20그림.png';  // Hangul kept readable, the space escaped
  s = await until(page, (x) => x.storage.paste.last_path !== '' && x.editor.text.includes('![](/assets/img/first-snow/'),
    'the Markdown at the caret');
  const stored = s.storage.paste.last_path;
  assert.equal(stored, 'assets/img/first-snow/붙여넣은 그림.png', 'under assets/img/<the post\'s slug>/');
  assert.equal(s.editor.text, original + `![](${url})`, 'the Markdown is at the caret');
  // The bytes are a real file in the folder, beside the posts.
  assert.deepEqual(await readFolderBytes(page, stored), bytes);
  // The preview reads it back through the folder and draws it: red on the left, blue on the right.
  s = await until(page, (x) => x.view && x.view.images.some((i) => i.state === 'ready') && x.view.images_loading === 0,
    'the image drawn');
  await waitFrames(page, 3);
  const img = s.view.images.find((i) => i.state === 'ready');
  const w = img.x1 - img.x0, h = img.y1 - img.y0;
  assert.ok(w > 20 && h > 10, `the image has a size on screen (${w} x ${h})`);
  const file = await screenshot(page, 'folder-image-pasted');
  const box = await page.locator('#canvas').boundingBox();
  const [left, right] = await pixelsAt(page, fs.readFileSync(file), [
    [box.x + img.x0 + w * 0.25, box.y + img.y0 + h / 2], [box.x + img.x0 + w * 0.75, box.y + img.y0 + h / 2]]);
  assert.ok(left[0] > 200 && left[2] < 60, `left half red, got ${left}`);
  assert.ok(right[2] > 200 && right[0] < 60, `right half blue, got ${right}`);
  // Saved, the post's file has the Markdown.
  await call(page, 'save');
  await until(page, (x) => x.storage.unsaved.length === 0 && x.storage.saving === 0, 'saved');
  assert.equal((await readFolder(page))['_posts/2025-03-01-first-snow.md'], original + `![](${url})`);
  assert.deepEqual(errors, []);
  await context.close();
});
