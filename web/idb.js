// Sheaf notebook storage in IndexedDB (used by src/platform/web/storage_indexeddb.cpp).
//
// Database "sheaf" (schema version 3):
//   docs   keyPath "path": {path, text, modified, version}
//   assets keyPath "path": {path, bytes (Uint8Array), modified, size}  (images; version 3)
//   meta   keyPath "key":  {key: "seeded", at}, {key: "blob:<name>", bytes}
//   trash  keyPath "key":  {key: "<deleted ms>/<path>", path, deleted, file: {path, text, modified, version}}
// Every function returns a Promise. A write resolves only on the transaction's
// `complete` event, i.e. once IndexedDB has committed it. Each document write
// is one put in one transaction, so a record is always a whole old or a whole
// new text, never a mix.
//
// Once the database is open, writes start their transaction synchronously
// (no await before db.transaction), so a save issued from a pagehide handler
// is queued before the page goes away.
//
// Tabs of the same origin hear about each other's writes on
// BroadcastChannel('sheaf'): {type: 'changed', paths, tab}.
//
// Upgrades only add what is missing: version 2 -> 3 adds the assets store and
// leaves every store and record that was there as it was.
'use strict';
(function () {
  const DB_NAME = 'sheaf';
  const DB_VERSION = 3;
  const TAB = Math.random().toString(36).slice(2) + Date.now().toString(36);
  let opening = null;
  let db = null;
  let failSaves = 0;  // test hook (window.__sheafTestHooks only): the next n saves abort as if the quota were exceeded

  function describe(err) {
    if (!err) return 'unknown error';
    // No closing full stop: the text is embedded in a longer sentence.
    if (err.name && err.message) return err.name + ': ' + String(err.message).replace(/\.\s*$/, '');
    return String(err.name || err.message || err);
  }

  function isQuota(err) {
    return !!err && (err.name === 'QuotaExceededError' || /quota/i.test(String(err.message || '')));
  }

  function open() {
    if (db) return Promise.resolve(db);
    if (opening) return opening;
    opening = new Promise((resolve, reject) => {
      if (!window.indexedDB) { reject(new Error('IndexedDB is not available in this browser')); return; }
      const req = indexedDB.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = () => {
        const d = req.result;
        if (!d.objectStoreNames.contains('docs')) d.createObjectStore('docs', { keyPath: 'path' });
        if (!d.objectStoreNames.contains('meta')) d.createObjectStore('meta', { keyPath: 'key' });
        if (!d.objectStoreNames.contains('trash')) d.createObjectStore('trash', { keyPath: 'key' });
        if (!d.objectStoreNames.contains('assets')) d.createObjectStore('assets', { keyPath: 'path' });
      };
      req.onsuccess = () => {
        const d = req.result;
        // Another tab upgrading the schema: let it, and reopen next time.
        d.onversionchange = () => { d.close(); db = null; opening = null; };
        d.onclose = () => { db = null; opening = null; };
        db = d;
        resolve(d);
      };
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error('the database is blocked by another open tab'));
    });
    opening.catch(() => { opening = null; });
    return opening;
  }

  // Runs fn(db) now when the database is open (same task), else after opening.
  function withDb(fn) {
    if (db) {
      try { return fn(db); } catch (e) { return Promise.reject(e); }
    }
    return open().then(fn);
  }

  // Resolves with `value()` after the transaction commits; rejects with its error.
  function finish(tx, value) {
    return new Promise((resolve, reject) => {
      tx.oncomplete = () => resolve(value());
      tx.onerror = (e) => { e.preventDefault && e.preventDefault(); };  // reported once, by onabort
      tx.onabort = () => reject(tx.__sheafReason || tx.error || new DOMException('the transaction was aborted', 'AbortError'));
    });
  }

  // Aborts the transaction with our own reason (e.g. a version conflict).
  function refuse(tx, reason) {
    tx.__sheafReason = reason;
    try { tx.abort(); } catch (e) { /* already finished */ }
  }

  function request(r) {
    return new Promise((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  }

  // --- other tabs ----------------------------------------------------------------
  let channel = null;
  try { channel = new BroadcastChannel('sheaf'); } catch (e) { channel = null; }
  function announce(paths) {
    if (channel) channel.postMessage({ type: 'changed', paths, tab: TAB });
  }
  if (channel) {
    channel.onmessage = (e) => {
      const m = e.data || {};
      if (m.tab === TAB || m.type !== 'changed' || !Array.isArray(m.paths)) return;
      if (typeof SheafIDB.onRemoteChange === 'function') SheafIDB.onRemoteChange(m.paths);
    };
  }

  // --- documents -------------------------------------------------------------------

  // -> {files: [{path, text, modified, version}], seeded: bool}
  // The first call takes the read started at page load (see the end).
  let earlyAll = null;
  function loadAll() {
    if (earlyAll) {
      const p = earlyAll;
      earlyAll = null;  // used once: later reads see later saves
      return p;
    }
    return readAll();
  }

  function readAll() {
    return withDb((d) => {
      const tx = d.transaction(['docs', 'meta'], 'readonly');
      const files = request(tx.objectStore('docs').getAll());
      const seeded = request(tx.objectStore('meta').get('seeded'));
      return finish(tx, () => null).then(async () => ({ files: await files, seeded: !!(await seeded) }));
    });
  }

  // -> the record, or null
  function load(path) {
    return withDb((d) => {
      const tx = d.transaction(['docs'], 'readonly');
      const r = request(tx.objectStore('docs').get(path));
      return finish(tx, () => null).then(() => r).then((x) => x || null);
    });
  }

  // Stores the sample notebook and the "seeded" mark in one transaction.
  // Relaxed: no user text is in it yet, and if a crash loses it the next start
  // seeds again (the mark goes with the posts); a strict flush here held the
  // first visit's list back.
  function seed(records) {
    return withDb((d) => {
      const tx = d.transaction(['docs', 'meta'], 'readwrite', { durability: 'relaxed' });
      const docs = tx.objectStore('docs');
      for (const r of records) docs.put(r);
      tx.objectStore('meta').put({ key: 'seeded', at: Date.now() });
      return finish(tx, () => records.length);
    });
  }

  // Saves one document: -> the new version (previous + 1).
  // options.check: the stored version must equal options.base (0: no record
  // yet), checked inside this transaction; otherwise it rejects with an error
  // named 'SheafConflict' whose .current is the stored record.
  // options.strict: durability 'strict' (explicit saves) rather than 'relaxed'.
  // Relaxed saves issued in one task (an import's slice of a frame, the
  // flush on pagehide) share one transaction: thousands of transactions,
  // each needing its own trips through the main thread, would take minutes.
  // The transaction still starts synchronously, and a conflict refuses only
  // its own record. Strict saves (Ctrl+S) keep a transaction each.
  let batch = null;  // {tx, docs, items: [{path, version, error, resolve, reject}]}

  function putChecked(docs, item, text, modified, o, onConflict) {
    const get = docs.get(item.path);
    get.onsuccess = () => {
      const cur = get.result;
      const have = cur ? cur.version || 0 : 0;
      if (o.check && have !== (o.base || 0)) {
        const err = new Error(item.path + ' was saved elsewhere (version ' + have + ', this tab has ' + (o.base || 0) + ')');
        err.name = 'SheafConflict';
        err.current = cur || null;
        onConflict(err);
        return;
      }
      item.version = have + 1;
      docs.put({ path: item.path, text, modified: modified || Date.now(), version: item.version });
    };
  }

  function save(path, text, modified, options) {
    const o = options || {};
    if (o.strict !== false) {
      return withDb((d) => {
        const tx = d.transaction(['docs'], 'readwrite', { durability: 'strict' });
        const item = { path, version: 0 };
        putChecked(tx.objectStore('docs'), item, text, modified, o, (err) => refuse(tx, err));
        if (failSaves > 0) {
          failSaves--;
          refuse(tx, new DOMException('The storage quota has been exceeded (simulated by a test).', 'QuotaExceededError'));
        }
        return finish(tx, () => item.version).then((v) => { announce([path]); return v; });
      });
    }
    return withDb((d) => new Promise((resolve, reject) => {
      const item = { path, version: 0, error: null, resolve, reject };
      // Join the batch while its transaction still takes requests (the same task).
      if (batch) {
        try {
          putChecked(batch.docs, item, text, modified, o, (err) => { item.error = err; });
          batch.items.push(item);
          return;
        } catch (e) {
          batch = null;  // it has committed or is committing: start another
        }
      }
      const tx = d.transaction(['docs'], 'readwrite', { durability: 'relaxed' });
      const b = { tx, docs: tx.objectStore('docs'), items: [item] };
      batch = b;
      putChecked(b.docs, item, text, modified, o, (err) => { item.error = err; });
      if (failSaves > 0) {
        failSaves--;
        refuse(tx, new DOMException('The storage quota has been exceeded (simulated by a test).', 'QuotaExceededError'));
      }
      finish(tx, () => true).then(() => {
        if (batch === b) batch = null;
        const saved = b.items.filter((it) => !it.error).map((it) => it.path);
        if (saved.length) announce(saved);
        for (const it of b.items) {
          if (it.error) it.reject(it.error);
          else it.resolve(it.version);
        }
      }, (err) => {
        if (batch === b) batch = null;
        for (const it of b.items) it.reject(err);
      });
    }));
  }

  function remove(path) {
    return withDb((d) => {
      const tx = d.transaction(['docs'], 'readwrite', { durability: 'strict' });
      tx.objectStore('docs').delete(path);
      return finish(tx, () => true).then((v) => { announce([path]); return v; });
    });
  }

  // Moves a record to a new path in one transaction; refuses when `to` is taken.
  function rename(from, to) {
    return withDb((d) => {
      const tx = d.transaction(['docs'], 'readwrite', { durability: 'strict' });
      const docs = tx.objectStore('docs');
      const a = docs.get(from), b = docs.get(to);
      b.onsuccess = () => {
        if (!a.result) { refuse(tx, new Error(from + ': no such document')); return; }
        if (b.result) { refuse(tx, new Error(to + ': a document with this name exists')); return; }
        docs.put(Object.assign({}, a.result, { path: to }));
        docs.delete(from);
      };
      return finish(tx, () => true).then((v) => { announce([from, to]); return v; });
    });
  }

  // --- trash -----------------------------------------------------------------------

  // -> the trash item {key, path, deleted, file}
  function trash(path) {
    return withDb((d) => {
      const tx = d.transaction(['docs', 'trash'], 'readwrite', { durability: 'strict' });
      const docs = tx.objectStore('docs');
      let item = null;
      const get = docs.get(path);
      get.onsuccess = () => {
        if (!get.result) { refuse(tx, new Error(path + ': no such document')); return; }
        const deleted = Date.now();
        item = { key: deleted + '/' + path, path, deleted, file: get.result };
        tx.objectStore('trash').put(item);
        docs.delete(path);
      };
      return finish(tx, () => item).then((v) => { announce([path]); return v; });
    });
  }

  function listTrash() {
    return withDb((d) => {
      const tx = d.transaction(['trash'], 'readonly');
      const r = request(tx.objectStore('trash').getAll());
      return finish(tx, () => null).then(() => r).then((items) => items.sort((x, y) => y.deleted - x.deleted));
    });
  }

  // -> the restored record; refuses when its path is taken again.
  function restore(key) {
    return withDb((d) => {
      const tx = d.transaction(['docs', 'trash'], 'readwrite', { durability: 'strict' });
      const store = tx.objectStore('trash'), docs = tx.objectStore('docs');
      let rec = null;
      const get = store.get(key);
      get.onsuccess = () => {
        const item = get.result;
        if (!item) { refuse(tx, new Error(key + ': not in the trash')); return; }
        const taken = docs.get(item.path);
        taken.onsuccess = () => {
          if (taken.result) { refuse(tx, new Error(item.path + ': a document with this name exists')); return; }
          rec = Object.assign({}, item.file, { path: item.path, version: (item.file.version || 0) + 1 });
          docs.put(rec);
          store.delete(key);
        };
      };
      return finish(tx, () => rec).then((v) => { announce([v.path]); return v; });
    });
  }

  function emptyTrash() {
    return withDb((d) => {
      const tx = d.transaction(['trash'], 'readwrite', { durability: 'strict' });
      tx.objectStore('trash').clear();
      return finish(tx, () => true);
    });
  }

  // --- blobs (the index cache) ----------------------------------------------------

  // The first read of the page is started by idb.js itself, while the wasm
  // module is still compiling: opening the database and reading the index
  // cache then overlap the start-up instead of following it.
  const early = {};
  function prefetchBlob(name) {
    if (!early[name]) early[name] = readBlob(name);
    return early[name];
  }

  function loadBlob(name) {
    const p = early[name];
    if (p) {
      delete early[name];  // used once: later reads see later saves
      return p;
    }
    return readBlob(name);
  }

  function readBlob(name) {
    return withDb((d) => {
      const tx = d.transaction(['meta'], 'readonly');
      const r = request(tx.objectStore('meta').get('blob:' + name));
      return finish(tx, () => null).then(() => r).then((x) => (x && x.bytes ? new Uint8Array(x.bytes) : null));
    });
  }

  function saveBlob(name, bytes) {
    return withDb((d) => {
      const tx = d.transaction(['meta'], 'readwrite', { durability: 'relaxed' });
      tx.objectStore('meta').put({ key: 'blob:' + name, bytes });
      return finish(tx, () => true);
    });
  }

  // --- assets (the site's images) --------------------------------------------------

  // -> Uint8Array, or null when there is no such asset
  function loadAsset(path) {
    return withDb((d) => {
      const tx = d.transaction(['assets'], 'readonly');
      const r = request(tx.objectStore('assets').get(path));
      return finish(tx, () => null).then(() => r).then((x) => (x && x.bytes ? new Uint8Array(x.bytes) : null));
    });
  }

  // Creates or replaces one asset in one transaction.
  function saveAsset(path, bytes, modified) {
    return withDb((d) => {
      const tx = d.transaction(['assets'], 'readwrite', { durability: 'strict' });
      tx.objectStore('assets').put({ path, bytes, modified: modified || Date.now(), size: bytes.length });
      if (failSaves > 0) {
        failSaves--;
        refuse(tx, new DOMException('The storage quota has been exceeded (simulated by a test).', 'QuotaExceededError'));
      }
      return finish(tx, () => true);
    });
  }

  // -> [{path, modified, size}] sorted by path (the store's key order)
  function listAssets() {
    return withDb((d) => {
      const tx = d.transaction(['assets'], 'readonly');
      const out = [];
      const cur = tx.objectStore('assets').openCursor();
      cur.onsuccess = () => {
        const c = cur.result;
        if (!c) return;
        out.push({ path: c.value.path, modified: c.value.modified || 0, size: c.value.size || 0 });
        c.continue();
      };
      return finish(tx, () => out);
    });
  }

  // --- quota -----------------------------------------------------------------------

  // Asks once that the browser not evict the notebook under storage pressure.
  let persistAsked = null;
  function persist() {
    if (persistAsked) return persistAsked;
    if (!navigator.storage || !navigator.storage.persist) return Promise.resolve(false);
    persistAsked = navigator.storage.persist().catch(() => false);
    return persistAsked;
  }

  // -> {usage, quota, persisted} (zeros when the browser does not tell)
  async function estimate() {
    const out = { usage: 0, quota: 0, persisted: false };
    try {
      if (navigator.storage && navigator.storage.estimate) {
        const e = await navigator.storage.estimate();
        out.usage = e.usage || 0;
        out.quota = e.quota || 0;
      }
      if (navigator.storage && navigator.storage.persisted) out.persisted = await navigator.storage.persisted();
    } catch (e) { /* unknown */ }
    return out;
  }

  function failNextSaves(n) { failSaves = Math.max(0, n | 0); }

  window.SheafIDB = {
    open, loadAll, load, seed, save, remove, rename, trash, listTrash, restore, emptyTrash,
    loadBlob, prefetchBlob, saveBlob, loadAsset, saveAsset, listAssets, persist, estimate, describe, isQuota, tab: TAB, onRemoteChange: null,
  };
  // Test hooks exist only when the test harness asked for them before the
  // page loaded; a reader's page has none.
  if (window.__sheafTestHooks === true) window.SheafIDB.failNextSaves = failNextSaves;
  // Reads that start while the wasm module still compiles: the index cache,
  // then (not alongside, so the cache's answer is not slowed) every file,
  // unless the page starts on a folder notebook (fsa.js) and never reads them.
  if (window.indexedDB) {
    const cache = prefetchBlob('index-cache').catch(() => null);
    let choice = 'browser';
    try { choice = window.localStorage.getItem('sheaf.notebook') || 'browser'; } catch (e) { /* private mode */ }
    if (choice === 'browser') {
      earlyAll = cache.then(() => readAll());
      earlyAll.catch(() => null);  // reported to whoever takes it
    }
  }
})();
