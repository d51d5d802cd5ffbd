// Sheaf notebook storage in IndexedDB (used by src/platform/web/storage_indexeddb.cpp).
//
// Database "sheaf":
//   docs  keyPath "path": {path, text, modified, version}
//   meta  keyPath "key":  {key: "seeded", at}  (the sample notebook was stored once)
// Every function returns a Promise. A write resolves only on the transaction's
// `complete` event, i.e. once IndexedDB has committed it.
'use strict';
(function () {
  const DB_NAME = 'sheaf';
  const DB_VERSION = 1;
  let opening = null;

  function describe(err) {
    if (!err) return 'unknown error';
    if (err.name && err.message) return err.name + ': ' + err.message;
    return String(err.name || err.message || err);
  }

  function open() {
    if (opening) return opening;
    opening = new Promise((resolve, reject) => {
      if (!window.indexedDB) { reject(new Error('IndexedDB is not available in this browser')); return; }
      const req = indexedDB.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains('docs')) db.createObjectStore('docs', { keyPath: 'path' });
        if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta', { keyPath: 'key' });
      };
      req.onsuccess = () => {
        const db = req.result;
        // Another tab upgrading the schema: let it, and reopen next time.
        db.onversionchange = () => { db.close(); opening = null; };
        resolve(db);
      };
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error('the database is blocked by another open tab'));
    });
    opening.catch(() => { opening = null; });
    return opening;
  }

  // Resolves with `value()` after the transaction commits; rejects with its error.
  function finish(tx, value) {
    return new Promise((resolve, reject) => {
      tx.oncomplete = () => resolve(value());
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error || new Error('transaction aborted'));
    });
  }

  function request(r) {
    return new Promise((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  }

  // -> {files: [{path, text, modified, version}], seeded: bool}
  async function loadAll() {
    const db = await open();
    const tx = db.transaction(['docs', 'meta'], 'readonly');
    const files = request(tx.objectStore('docs').getAll());
    const seeded = request(tx.objectStore('meta').get('seeded'));
    const out = { files: await files, seeded: !!(await seeded) };
    await finish(tx, () => null);
    return out;
  }

  // Stores the sample notebook and the "seeded" mark in one transaction.
  async function seed(records) {
    const db = await open();
    const tx = db.transaction(['docs', 'meta'], 'readwrite', { durability: 'strict' });
    const docs = tx.objectStore('docs');
    for (const r of records) docs.put(r);
    tx.objectStore('meta').put({ key: 'seeded', at: Date.now() });
    return finish(tx, () => records.length);
  }

  // -> the new version number (previous version + 1).
  async function save(path, text, modified) {
    const db = await open();
    const tx = db.transaction(['docs'], 'readwrite', { durability: 'strict' });
    const docs = tx.objectStore('docs');
    let version = 0;
    const get = docs.get(path);
    get.onsuccess = () => {
      version = (get.result ? get.result.version || 0 : 0) + 1;
      docs.put({ path, text, modified: modified || Date.now(), version });
    };
    return finish(tx, () => version);
  }

  async function remove(path) {
    const db = await open();
    const tx = db.transaction(['docs'], 'readwrite', { durability: 'strict' });
    tx.objectStore('docs').delete(path);
    return finish(tx, () => true);
  }

  // Asks once that the browser not evict the notebook under storage pressure.
  let persistAsked = false;
  function persist() {
    if (persistAsked || !navigator.storage || !navigator.storage.persist) return Promise.resolve(false);
    persistAsked = true;
    return navigator.storage.persist().catch(() => false);
  }

  window.SheafIDB = { open, loadAll, seed, save, remove, persist, describe };
})();
