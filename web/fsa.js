// Sheaf folder notebooks: a real folder on disk as the notebook, through the
// File System Access API (Chromium, Edge, Opera). window.SheafFSA.
//
// [SECTION] Notebooks (which one, the list, picking a folder, switching)
// [SECTION] Access (permission, the Reopen prompt)
// [SECTION] Files (walk, read, write, move, trash, assets)
// [SECTION] Blobs (the index cache, in IndexedDB)
// [SECTION] Outside changes
//
// The notebook in use is picked at page start (localStorage 'sheaf.notebook':
// 'browser' or a folder id) and never changes while the page runs: changing
// saves everything and reloads. Folder handles live in their own IndexedDB
// database ('sheaf-folders'), apart from the browser notebook's ('sheaf', see
// idb.js), together with each folder's index cache, so a warm start lists the
// posts before the browser has let Sheaf read the folder again.
//
// Every file operation waits until the folder may be used (permission granted)
// and runs after the previous one has finished, so a save checks the file's
// date and size against the latest write, never against one still under way.
// Versions are counted here, as core/folder_storage.cpp does on the desktop:
// a file is version 1 when first seen, each save adds one, and a date or size
// that moved behind Sheaf's back counts as a newer version.
'use strict';
(function () {
  const DB_NAME = 'sheaf-folders';
  const DB_VERSION = 1;
  const CHOICE_KEY = 'sheaf.notebook';  // 'browser' or a folder id
  const LIST_KEY = 'sheaf.folders';     // [{id, name, added}]: the menu reads it synchronously
  const TRASH = '.sheaf-trash';
  const MAX_BYTES = 64 * 1024 * 1024;   // as FolderStorage::kMaxFileBytes
  const RESCAN_MS = 5000;

  const $ = (id) => document.getElementById(id);

  function describe(err) {
    if (!err) return 'unknown error';
    if (err.name && err.message) return err.name + ': ' + String(err.message).replace(/\.\s*$/, '');
    return String(err.name || err.message || err);
  }
  const isQuota = (e) => !!e && (e.name === 'QuotaExceededError' || /quota/i.test(String(e.message || '')));
  const isMissing = (e) => !!e && (e.name === 'NotFoundError' || e.name === 'TypeMismatchError');

  // --- the handle database -------------------------------------------------------
  let opening = null;
  function openDb() {
    if (opening) return opening;
    opening = new Promise((resolve, reject) => {
      if (!window.indexedDB) { reject(new Error('IndexedDB is not available in this browser')); return; }
      const req = indexedDB.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = () => {
        const d = req.result;
        if (!d.objectStoreNames.contains('folders')) d.createObjectStore('folders', { keyPath: 'id' });
        if (!d.objectStoreNames.contains('blobs')) d.createObjectStore('blobs', { keyPath: 'key' });
      };
      req.onsuccess = () => {
        const d = req.result;
        d.onversionchange = () => { d.close(); opening = null; };
        resolve(d);
      };
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error('the folder list is blocked by another open tab'));
    });
    opening.catch(() => { opening = null; });
    return opening;
  }

  function tx(store, mode, fn) {
    return openDb().then((d) => new Promise((resolve, reject) => {
      const t = d.transaction([store], mode);
      let value;
      const r = fn(t.objectStore(store));
      if (r) r.onsuccess = () => { value = r.result; };
      t.oncomplete = () => resolve(value);
      t.onabort = t.onerror = () => reject(t.error || new Error('the transaction was aborted'));
    }));
  }

  //-----------------------------------------------------------------------------
  // [SECTION] Notebooks
  //-----------------------------------------------------------------------------

  function readList() {
    try {
      const v = JSON.parse(window.localStorage.getItem(LIST_KEY) || '[]');
      return Array.isArray(v) ? v.filter((f) => f && typeof f.id === 'string') : [];
    } catch (e) { return []; }
  }
  function writeList(list) {
    try { window.localStorage.setItem(LIST_KEY, JSON.stringify(list)); } catch (e) { }
  }
  function readChoice() {
    try { return window.localStorage.getItem(CHOICE_KEY) || 'browser'; } catch (e) { return 'browser'; }
  }

  // Fixed for the life of the page.
  const startFolder = (() => {
    const id = readChoice();
    return id === 'browser' ? null : readList().find((f) => f.id === id) || null;
  })();

  const hasApi = () => typeof window.__sheafPickDirectory === 'function' || typeof window.showDirectoryPicker === 'function';

  // -> [{id, name, detail, current}]
  function choices() {
    const cur = startFolder ? startFolder.id : 'browser';
    const out = [{ id: 'browser', name: 'This browser', detail: "Posts kept in this browser's storage (IndexedDB)",
                   current: cur === 'browser' }];
    for (const f of readList())
      out.push({ id: f.id, name: f.name, detail: 'The folder “' + f.name + '” on this computer', current: f.id === cur });
    return out;
  }

  // Saves every post, waits until storage has confirmed them all, then starts
  // the page over on the other notebook. Refuses (and says why) when a save
  // does not finish: text is never dropped for a switch.
  let switching = false;
  async function switchTo(id) {
    if (switching) return false;
    switching = true;
    const M = window.Module;
    if (M && M._sheaf_web_flush && window.__sheafReady) M._sheaf_web_flush();
    const saved = () => {
      const st = window.__sheafReady && M && M.sheaf ? M.sheaf.state().storage : null;
      return !st || (st.saving === 0 && st.unsaved.length === 0);
    };
    for (const end = Date.now() + 10000; !saved() && Date.now() < end;) await new Promise((r) => setTimeout(r, 50));
    if (!saved()) {
      switching = false;
      showBox('Some posts could not be saved, so Sheaf stays on this notebook. Save or export them first.', []);
      return false;
    }
    try { window.localStorage.setItem(CHOICE_KEY, String(id)); } catch (e) { }
    window.location.reload();
    return true;
  }

  // The picked folder joins the list (the same folder picked again keeps its
  // id, and so its index cache) and becomes the notebook.
  async function remember(handle) {
    const list = readList();
    const name = handle.name || 'folder';  // the private file system's root has no name
    const known = await tx('folders', 'readonly', (s) => s.getAll()).catch(() => []);
    for (const rec of known || []) {
      try {
        if (rec.handle && await rec.handle.isSameEntry(handle)) {
          rec.name = name;
          await tx('folders', 'readwrite', (s) => s.put(rec));
          if (!list.some((f) => f.id === rec.id)) list.push({ id: rec.id, name: name, added: rec.added });
          list.forEach((f) => { if (f.id === rec.id) f.name = name; });
          writeList(list);
          return rec.id;
        }
      } catch (e) { /* a handle that no longer resolves: not the same */ }
    }
    const id = 'folder-' + Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
    const added = Date.now();
    await tx('folders', 'readwrite', (s) => s.put({ id, name, handle, added }));
    list.push({ id, name, added });
    writeList(list);
    return id;
  }

  // File > Open folder…: '' when a picker opened, else why not (one line).
  function openFolder() {
    if (!hasApi())
      return 'This browser cannot open folders (no File System Access API); posts stay in its own storage. Chromium, Edge and Opera can.';
    const pick = typeof window.__sheafPickDirectory === 'function'
      ? () => window.__sheafPickDirectory()
      : () => window.showDirectoryPicker({ id: 'sheaf-notebook', mode: 'readwrite' });
    Promise.resolve().then(pick).then(async (handle) => {
      if (!handle || handle.kind !== 'directory') return;
      const id = await remember(handle);
      await switchTo(id);
    }, (e) => {
      if (e && e.name === 'AbortError') return;  // the user closed the picker
      showBox('Sheaf could not open that folder (' + describe(e) + ').', []);
    }).catch((e) => showBox('Sheaf could not remember that folder (' + describe(e) + ').', []));
    return '';
  }

  //-----------------------------------------------------------------------------
  // [SECTION] Access
  //-----------------------------------------------------------------------------
  // state: 'idle' (the browser notebook), 'checking', 'prompt' (the Reopen
  // button is up), 'granted', 'denied', 'gone'.

  const access = { state: startFolder ? 'checking' : 'idle', error: '', handle: null };
  let grant = null;
  const granted = new Promise((resolve, reject) => { grant = { resolve, reject }; });
  granted.catch(() => {});

  // The message box over the canvas (index.html #folder). buttons: [[label, fn, primary]]
  function showBox(text, buttons) {
    const box = $('folder');
    if (!box) return;
    $('folder-text').textContent = text;
    const row = $('folder-buttons');
    row.textContent = '';
    for (const [label, fn, primary] of buttons) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = label;
      if (primary) b.className = 'primary';
      b.addEventListener('click', fn);
      row.appendChild(b);
    }
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'close';
    close.setAttribute('aria-label', 'Close');
    close.textContent = '×';
    close.addEventListener('click', hideBox);
    if (!buttons.length) row.appendChild(close);
    box.hidden = false;
  }
  function hideBox() { const box = $('folder'); if (box) box.hidden = true; }

  const backButton = () => ['Use this browser’s notebook', () => switchTo('browser'), false];

  // Drops the folder from the list (its files are not touched) and goes back
  // to the browser's notebook.
  async function forget(id) {
    writeList(readList().filter((f) => f.id !== id));
    await tx('folders', 'readwrite', (s) => s.delete(id)).catch(() => {});
    await tx('blobs', 'readwrite', (s) => s.delete(id + '/index-cache')).catch(() => {});
    await switchTo('browser');
  }

  function refuse(state, text) {
    access.state = state;
    access.error = text;
    grant.reject(new Error(text));
    const buttons = [backButton()];
    if (state === 'gone') buttons.push(['Forget “' + startFolder.name + '”', () => forget(startFolder.id), false]);
    showBox(text, buttons);
  }

  // A granted handle whose folder was deleted or moved answers NotFoundError.
  async function reachable(handle) {
    try {
      const it = handle.keys();
      await it.next();
      if (it.return) await it.return();
      return true;
    } catch (e) {
      if (isMissing(e)) return false;
      throw e;
    }
  }

  async function admit(handle) {
    if (!(await reachable(handle))) {
      refuse('gone', 'The folder “' + startFolder.name + '” is gone (moved, renamed or deleted), so Sheaf cannot show its posts.');
      return;
    }
    access.state = 'granted';
    access.handle = handle;
    hideBox();
    grant.resolve(handle);
    watchOutside();
  }

  async function checkAccess() {
    let rec = null;
    try {
      rec = await tx('folders', 'readonly', (s) => s.get(startFolder.id));
    } catch (e) {
      refuse('gone', 'Sheaf could not read its list of folders (' + describe(e) + ').');
      return;
    }
    if (!rec || !rec.handle) {
      refuse('gone', 'Sheaf no longer knows where the folder “' + startFolder.name + '” is. Open it again with File › Open folder….');
      return;
    }
    const handle = rec.handle;
    // Test override ('prompt', 'denied'), honoured only when the harness turned
    // the test hooks on before the page loaded.
    let state = window.__sheafTestHooks === true ? window.__sheafPermissionState : undefined;
    if (typeof state !== 'string') {
      try {
        state = handle.queryPermission ? await handle.queryPermission({ mode: 'readwrite' }) : 'granted';
      } catch (e) {
        state = 'denied';
      }
    }
    if (state === 'granted') { await admit(handle); return; }
    if (state === 'denied') {
      refuse('denied', 'This browser does not let Sheaf use the folder “' + startFolder.name + '”. Allow it in the site settings, or go back to the browser’s own notebook.');
      return;
    }
    access.state = 'prompt';
    // requestPermission needs a click: a button over the canvas.
    showBox('Sheaf needs your permission to open the folder “' + startFolder.name + '” again.', [
      ['Reopen “' + startFolder.name + '”', () => reopen(handle), true],
      backButton(),
    ]);
  }

  async function reopen(handle) {
    let state;
    try {
      state = handle.requestPermission ? await handle.requestPermission({ mode: 'readwrite' }) : 'granted';
    } catch (e) {
      state = 'error: ' + describe(e);
    }
    if (state === 'granted') { await admit(handle).catch((e) => refuse('gone', describe(e))); return; }
    if (state === 'prompt') return;  // dismissed: the button stays
    refuse('denied', 'Sheaf may not use the folder “' + startFolder.name + '” (' + state + ').');
  }

  //-----------------------------------------------------------------------------
  // [SECTION] Files
  //-----------------------------------------------------------------------------

  const DOC = /\.(md|markdown|txt)$/i;
  const skippedDir = (name) => name.startsWith('.') || name === 'node_modules' || name === '_site';
  const isDocName = (name) => DOC.test(name) && !name.startsWith('.');
  // Assets: the other files Sheaf may show (images), never dot-files or a
  // browser's swap file of a write under way.
  const isAssetName = (name) => !DOC.test(name) && !name.startsWith('.') && !/\.crswap$/i.test(name);

  const seen = new Map();  // path -> {version, modified, size}: what Sheaf last read or wrote

  // The version of the file as it is now (0: none), counting a date or size
  // that moved since Sheaf last saw it as a new version.
  function versionOf(path, st) {
    if (!st) return 0;
    let s = seen.get(path);
    if (!s) { s = { version: 0, modified: 0, size: 0 }; seen.set(path, s); }
    if (s.version === 0 || s.modified !== st.modified || s.size !== st.size) {
      s.version++;
      s.modified = st.modified;
      s.size = st.size;
    }
    return s.version;
  }

  let chain = Promise.resolve();
  let inflight = 0;  // writes queued or running
  // Runs fn(root) once the folder may be used and the previous operation is done.
  function queued(fn, write) {
    if (write) inflight++;
    const run = chain.then(() => granted).then(fn);
    chain = run.catch(() => {}).then(() => { if (write) inflight--; });
    return run;
  }

  function parts(path) { return String(path).split('/'); }

  async function dirOf(root, path, create) {
    const p = parts(path);
    let d = root;
    for (let i = 0; i < p.length - 1; i++) d = await d.getDirectoryHandle(p[i], { create });
    return [d, p[p.length - 1]];
  }

  // -> {handle, file, modified, size} or null when there is no such file
  async function stat(root, path) {
    try {
      const [d, name] = await dirOf(root, path, false);
      const handle = await d.getFileHandle(name);
      const file = await handle.getFile();
      return { handle, file, modified: file.lastModified, size: file.size };
    } catch (e) {
      if (isMissing(e)) return null;
      throw e;
    }
  }

  // Every file below dir whose name keep() accepts, as [{path, handle}];
  // skipped folders are never entered.
  async function walk(dir, prefix, keep, out, all) {
    for await (const [name, h] of dir.entries()) {
      if (h.kind === 'directory') {
        if (!all && skippedDir(name)) continue;
        await walk(h, prefix + name + '/', keep, out, all);
      } else if (keep(name)) {
        out.push({ path: prefix + name, handle: h });
      }
    }
    return out;
  }

  // Files of a walk with their File objects, a few dozen at a time.
  async function withFiles(items, problems) {
    const out = [];
    for (let at = 0; at < items.length; at += 512) {
      const batch = items.slice(at, at + 512);
      const files = await Promise.all(batch.map((it) => it.handle.getFile().then((f) => f, (e) => e)));
      batch.forEach((it, k) => {
        const f = files[k];
        if (f instanceof Error || f instanceof DOMException || !f || typeof f.size !== 'number')
          problems.push(it.path + ': cannot read (' + describe(f) + ')');
        else out.push({ path: it.path, handle: it.handle, file: f });
      });
    }
    return out;
  }

  async function bytesOf(file) { return new Uint8Array(await file.arrayBuffer()); }

  // Writes bytes as one commit: createWritable writes beside the file and
  // close() swaps it in, so the file is always the whole old or whole new text.
  async function writeFile(root, path, bytes) {
    const [d, name] = await dirOf(root, path, true);
    const handle = await d.getFileHandle(name, { create: true });
    const w = await handle.createWritable({ keepExistingData: false });
    try {
      await w.write(bytes);
      await w.close();
    } catch (e) {
      try { await w.abort(); } catch (e2) { /* already closed */ }
      throw e;
    }
    const f = await handle.getFile();
    return { modified: f.lastModified, size: f.size };
  }

  async function removeFile(root, path) {
    const [d, name] = await dirOf(root, path, false);
    await d.removeEntry(name);
  }

  // Moves a file to another path (folders made as needed): the handle's own
  // move where the browser has it, else a copy and then the removal.
  async function moveFile(root, from, to) {
    const src = await stat(root, from);
    if (!src) throw Object.assign(new Error(from + ': no such file'), { name: 'NotFoundError' });
    const [d, name] = await dirOf(root, to, true);
    if (typeof src.handle.move === 'function') {
      try {
        await src.handle.move(d, name);
        return;
      } catch (e) {
        if (await stat(root, to)) throw e;  // it did move, the error came after
        if (!(await stat(root, from))) throw e;
      }
    }
    await writeFile(root, to, await bytesOf(src.file));
    await removeFile(root, from);
  }

  // Removes empty folders from `path`'s parent up to (and with) `stop`'s level.
  async function pruneEmpty(root, path, depth) {
    const p = parts(path);
    for (let n = p.length - 1; n >= depth; n--) {
      try {
        const [d, name] = await dirOf(root, p.slice(0, n).join('/'), false);
        await d.removeEntry(name);  // fails when not empty: the folders above stay too
      } catch (e) { return; }
    }
  }

  const fail = (what, e) => ({ status: e && e.name === 'SheafConflict' ? 2 : isQuota(e) ? 3 : 1,
                               error: what + ': ' + (isQuota(e) ? 'the disk is full (' + describe(e) + ')' : describe(e)) });

  // -> {files: [{path, bytes, modified, version}], problems: []}
  function loadAll() {
    return queued(async (root) => {
      const problems = [];
      const found = await withFiles(await walk(root, '', isDocName, [], false), problems);
      const files = [];
      for (let at = 0; at < found.length; at += 32) {
        const batch = found.slice(at, at + 32);
        const read = await Promise.all(batch.map((it) => (it.file.size > MAX_BYTES ? null : bytesOf(it.file).then((b) => b, (e) => e))));
        batch.forEach((it, k) => {
          const b = read[k];
          if (b === null) {
            problems.push(it.path + ': ' + Math.floor(it.file.size / 1048576) + ' MB is over the 64 MB limit, not loaded');
          } else if (!(b instanceof Uint8Array)) {
            problems.push(it.path + ': cannot read (' + describe(b) + ')');
          } else {
            const st = { modified: it.file.lastModified, size: b.length };
            files.push({ path: it.path, bytes: b, modified: st.modified, version: versionOf(it.path, st) });
          }
        });
      }
      return { files, problems };
    });
  }

  // -> {path, bytes, modified, version} or null
  function load(path) {
    return queued(async (root) => {
      const st = await stat(root, path);
      if (!st) return null;
      const bytes = await bytesOf(st.file);
      return { path, bytes, modified: st.modified, version: versionOf(path, { modified: st.modified, size: bytes.length }) };
    });
  }

  // -> the new version. o.check: the file must still be the version o.base
  // (0: must not exist), else an error named SheafConflict with .version.
  function save(path, bytes, o) {
    return queued(async (root) => {
      const now = versionOf(path, await stat(root, path));
      if (o.check && now !== (o.base || 0)) {
        const err = new Error(path + ': changed outside Sheaf since it was read');
        err.name = 'SheafConflict';
        err.version = now;
        throw err;
      }
      const st = await writeFile(root, path, bytes);
      seen.set(path, { version: now + 1, modified: st.modified, size: st.size });
      return now + 1;
    }, true);
  }

  function remove(path) {
    return queued(async (root) => {
      await removeFile(root, path);
      seen.delete(path);
    }, true);
  }

  function rename(from, to) {
    return queued(async (root) => {
      if (await stat(root, to)) throw new Error(to + ': a file with this name exists');
      await moveFile(root, from, to);
      const s = seen.get(from) || { version: 1 };
      seen.delete(from);
      const st = await stat(root, to);
      seen.set(to, { version: s.version, modified: st ? st.modified : 0, size: st ? st.size : 0 });
    }, true);
  }

  // .sheaf-trash/<ms>/<path>; the key is "<ms>/<path>". -> {key, path, deleted, file}
  function trash(path) {
    return queued(async (root) => {
      const st = await stat(root, path);
      if (!st) throw new Error(path + ': no such file');
      const bytes = await bytesOf(st.file);
      const deleted = Date.now();
      const key = deleted + '/' + path;
      await moveFile(root, path, TRASH + '/' + key);
      seen.delete(path);
      return { key, path, deleted, file: { path, bytes, modified: st.modified, version: 0 } };
    }, true);
  }

  function listTrash() {
    return queued(async (root) => {
      let dir;
      try { dir = await root.getDirectoryHandle(TRASH); } catch (e) { if (isMissing(e)) return []; throw e; }
      const items = [];
      const problems = [];
      for (const it of await withFiles(await walk(dir, '', () => true, [], true), problems)) {
        const slash = it.path.indexOf('/');
        if (slash < 0) continue;
        const path = it.path.slice(slash + 1);
        items.push({ key: it.path, path, deleted: parseInt(it.path.slice(0, slash), 10) || 0,
                     file: { path, bytes: await bytesOf(it.file), modified: it.file.lastModified, version: 0 } });
      }
      return items.sort((a, b) => b.deleted - a.deleted);
    });
  }

  // -> the restored file {path, bytes, modified, version}
  function restore(key) {
    return queued(async (root) => {
      const slash = key.indexOf('/');
      const path = key.slice(slash + 1);
      if (slash < 0 || !(await stat(root, TRASH + '/' + key))) throw new Error(path + ': not in the trash');
      if (await stat(root, path)) throw new Error(path + ': a file with this name exists');
      await moveFile(root, TRASH + '/' + key, path);
      await pruneEmpty(root, TRASH + '/' + key, 2);
      const st = await stat(root, path);
      const bytes = await bytesOf(st.file);
      return { path, bytes, modified: st.modified, version: versionOf(path, { modified: st.modified, size: bytes.length }) };
    }, true);
  }

  function emptyTrash() {
    return queued(async (root) => {
      try { await root.removeEntry(TRASH, { recursive: true }); } catch (e) { if (!isMissing(e)) throw e; }
    }, true);
  }

  // -> [{path, modified, size}] of every document (unsorted)
  let scanMs = 0;  // how long the last listStats took
  function listStats() {
    return queued(async (root) => {
      const t0 = performance.now();
      const problems = [];
      try {
        return (await withFiles(await walk(root, '', isDocName, [], false), problems))
          .filter((it) => it.file.size <= MAX_BYTES)
          .map((it) => ({ path: it.path, modified: it.file.lastModified, size: it.file.size }));
      } finally {
        scanMs = performance.now() - t0;
      }
    });
  }

  function listAssets() {
    return queued(async (root) => {
      const problems = [];
      return (await withFiles(await walk(root, '', isAssetName, [], false), problems))
        .map((it) => ({ path: it.path, modified: it.file.lastModified, size: it.file.size }));
    });
  }

  function loadAsset(path) {
    return queued(async (root) => {
      const st = await stat(root, path);
      return st ? bytesOf(st.file) : null;
    });
  }

  function saveAsset(path, bytes) {
    return queued((root) => writeFile(root, path, bytes), true);
  }

  //-----------------------------------------------------------------------------
  // [SECTION] Blobs
  //-----------------------------------------------------------------------------
  // Keyed "<folder id>/<name>". The first read of the index cache starts
  // while the wasm module still compiles, as idb.js does for its own.

  const early = {};
  function readBlob(name) {
    if (!startFolder) return Promise.resolve(null);
    return tx('blobs', 'readonly', (s) => s.get(startFolder.id + '/' + name))
      .then((x) => (x && x.bytes ? new Uint8Array(x.bytes) : null));
  }
  function loadBlob(name) {
    const p = early[name];
    if (p) { delete early[name]; return p; }
    return readBlob(name);
  }
  function saveBlob(name, bytes) {
    if (!startFolder) return Promise.resolve(false);
    delete early[name];  // read before this write: stale
    return tx('blobs', 'readwrite', (s) => s.put({ key: startFolder.id + '/' + name, bytes })).then(() => true);
  }

  //-----------------------------------------------------------------------------
  // [SECTION] Outside changes
  //-----------------------------------------------------------------------------
  // Another program may change the folder at any time; the app rescans it
  // (dates and sizes only) when the tab comes back, the window gets focus, and
  // every few seconds while the tab is visible. A scan asks the browser for
  // every file's date and size (about 1 ms a file): a big folder is scanned
  // less often, so scanning never takes more than a fifth of the time.

  let watching = false;
  function poke() {
    const M = window.Module;
    if (access.state !== 'granted' || document.visibilityState !== 'visible') return;
    if (M && M._sheaf_web_storage_changed && window.__sheafReady) M._sheaf_web_storage_changed();
  }
  function watchOutside() {
    if (watching) return;
    watching = true;
    document.addEventListener('visibilitychange', poke);
    window.addEventListener('focus', poke);
    const tick = () => {
      poke();
      setTimeout(tick, Math.max(RESCAN_MS, 4 * scanMs));
    };
    setTimeout(tick, RESCAN_MS);
  }

  // A write to a folder finishes after the page has gone, or never: unlike
  // IndexedDB, nothing commits it once the page is closed. So while a post is
  // unsaved or a write is under way, leaving asks first (the browser's own
  // "Leave site?" question). Switching notebooks saves before it reloads.
  window.addEventListener('beforeunload', (e) => {
    if (!startFolder || switching || access.state !== 'granted') return;
    let unsaved = inflight > 0;
    try {
      const st = window.__sheafReady && window.Module && Module.sheaf ? Module.sheaf.state().storage : null;
      if (st && (st.unsaved.length > 0 || st.saving > 0)) unsaved = true;
    } catch (err) { /* the app is gone: nothing more to save */ }
    if (!unsaved) return;
    const M = window.Module;
    if (M && M._sheaf_web_flush) M._sheaf_web_flush();  // start the saves while the user reads the question
    e.preventDefault();
    e.returnValue = '';
  });

  window.SheafFSA = {
    folder: startFolder ? { id: startFolder.id, name: startFolder.name } : null,
    hasApi, choices, openFolder, switchTo, access,
    loadAll, load, save, remove, rename, trash, listTrash, restore, emptyTrash, listStats,
    listAssets, loadAsset, saveAsset, loadBlob, saveBlob, describe, fail, poke,
    state: () => ({ notebook: startFolder ? startFolder.id : 'browser', name: startFolder ? startFolder.name : 'This browser',
                    access: access.state, error: access.error, api: hasApi(), switching, inflight }),
  };

  if (startFolder) {
    early['index-cache'] = readBlob('index-cache');
    early['index-cache'].catch(() => null);
    // The box needs the page's body: this script runs at its end.
    checkAccess().catch((e) => refuse('gone', 'Sheaf could not open the folder “' + startFolder.name + '” (' + describe(e) + ').'));
  }
})();
