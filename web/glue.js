// Sheaf page glue: checks the browser, loads sheaf.js/.wasm/.data with a
// progress bar, turns every startup failure into a visible message, and
// exposes Module.sheaf (the test bridge) once the app runs.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const canvas = $('canvas');
  const TEST_ONLY_CALLS = new Set(['crash_on_open']);  // see Module.sheaf.call
  let failed = false;

  // The theme the app will start in (its saved choice, else the system's), so
  // the page's own boxes (update notice, Reopen folder) match it from the start.
  try {
    const saved = window.localStorage.getItem('sheaf.theme');
    document.documentElement.dataset.theme = saved === 'dark' || saved === 'light' ? saved
      : (window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
  } catch (e) { /* storage blocked: the light boxes */ }

  function showError(message, detail) {
    if (failed) return;  // the first error is the one that explains the rest
    failed = true;
    $('loading').hidden = true;
    $('error-text').textContent = message;
    if (detail) {
      $('error-detail').textContent = String(detail);
      $('error-detail').hidden = false;
    }
    // Died while opening a post (app.cpp keeps its path in localStorage until
    // it is drawn): say that a reload gets the notebook back without it.
    let opening = '';
    try { opening = window.localStorage.getItem('sheaf.opening') || ''; } catch (e) { }
    if (opening && window.__sheafReady) {
      document.querySelector('#error .name').textContent = 'Sheaf stopped';
      document.querySelector('#error .hint').textContent =
        'It stopped while opening “' + opening + '”. Reload the page: Sheaf will start without opening that post.';
      window.__sheafCrashedOpening = opening;
    }
    $('error').hidden = false;
    window.__sheafError = message;
    console.error('Sheaf: ' + message + (detail ? '\n' + detail : ''));
  }
  window.sheafShowError = showError;

  function hasWebGL2() {
    try {
      const gl = document.createElement('canvas').getContext('webgl2');
      if (!gl) return false;
      const lose = gl.getExtension('WEBGL_lose_context');
      if (lose) lose.loseContext();
      return true;
    } catch (e) {
      return false;
    }
  }

  // --- progress: bytes of sheaf.wasm (our fetch) + sheaf.data (Emscripten's status) --
  // A host that compresses on the fly sends the compressed length (or none),
  // while the stream counts decoded bytes: then only the bytes so far are
  // shown, never a total the count would overrun.
  const progress = { wasm: [0, 0], data: [0, 0], wasmSized: true };
  function showProgress() {
    const done = progress.wasm[0] + progress.data[0];
    const total = progress.wasm[1] + progress.data[1];
    const mb = (n) => (n / 1048576).toFixed(1);
    if (!progress.wasmSized) {
      $('loading-text').textContent = '불러오는 중… Loading… ' + mb(done) + ' MB';
    } else if (total > 0) {
      $('loading-bar').style.width = Math.min(100, (100 * done) / total).toFixed(1) + '%';
      $('loading-text').textContent = '불러오는 중… Loading… ' + mb(done) + ' / ' + mb(total) + ' MB';
    }
  }

  // Streams sheaf.wasm, counting bytes, and compiles while it arrives.
  let wasmRequest = null;  // started with sheaf.js, not after it (see below)
  async function instantiate(imports) {
    const response = await (wasmRequest || fetch('sheaf.wasm'));
    if (!response.ok) throw new Error('sheaf.wasm: HTTP ' + response.status);
    const encoded = !!response.headers.get('Content-Encoding');
    const total = encoded ? 0 : +response.headers.get('Content-Length') || 0;
    progress.wasm[1] = total;
    progress.wasmSized = total > 0;
    let body = response.body;
    if (body) {
      const reader = body.getReader();
      body = new ReadableStream({
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) { controller.close(); return; }
          progress.wasm[0] += value.length;
          showProgress();
          controller.enqueue(value);
        },
      });
    }
    const counted = new Response(body, { headers: { 'Content-Type': 'application/wasm' } });
    if (WebAssembly.instantiateStreaming) return WebAssembly.instantiateStreaming(counted, imports);
    return WebAssembly.instantiate(await counted.arrayBuffer(), imports);
  }

  function fromHeap(ptr) { return ptr ? Module.UTF8ToString(ptr) : ''; }

  const Module = {
    canvas,
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    // Emscripten reports the .data download as "Downloading data... (done/total)".
    setStatus(text) {
      const m = /\((\d+(?:\.\d+)?)\/(\d+)\)/.exec(text || '');
      if (m) {
        progress.data = [+m[1], +m[2]];
        showProgress();
      }
    },
    instantiateWasm(imports, receive) {
      // The glyph loader needs the font slice list before the first frame;
      // it was fetched alongside the wasm (fonts.js).
      Promise.all([instantiate(imports), fontsReady]).then(([result]) => result).then(
        (result) => receive(result.instance, result.module),
        (e) => showError('The program (sheaf.wasm) could not be loaded.', e && e.stack ? e.stack : e));
      return {};  // exports arrive later through receive()
    },
    onAbort(what) {
      showError('Sheaf stopped because of an internal error.', what);
    },
    onRuntimeInitialized() {
      Module.sheaf = {
        state() {
          const s = JSON.parse(fromHeap(Module._sheaf_bridge_state()));
          s.ime = JSON.parse(fromHeap(Module._sheaf_ime_state()));  // preedit and caret (ime.cpp)
          // A font slice on its way will move text when it lands (fonts.js).
          s.glyphs_pending = !!window.SheafFonts && (SheafFonts.state.inflight > 0 || SheafFonts.state.changed);
          // Which notebook this page runs on, and the folder's access (fsa.js).
          s.notebook = window.SheafFSA ? SheafFSA.state() : { notebook: 'browser', access: 'idle' };
          return s;
        },
        // The IME text agent's own view (web/ime.js): focus, composition, commits.
        imeAgent: () => (Module.sheafIme ? Module.sheafIme.state() : null),
        select: (id) => Module.ccall('sheaf_bridge_select', 'number', ['string'], [String(id)]) === 1,
        location: () => fromHeap(Module._sheaf_bridge_location()),
        find: (q) => Module.ccall('sheaf_bridge_find', null, ['string'], [String(q)]),
        clipboard: () => fromHeap(Module._sheaf_web_clipboard_text()),
        wantsTextInput: () => Module._sheaf_bridge_wants_text_input() === 1,
        // Decodes an image through the platform layer: {width, height, bytes, first_pixel, error}.
        async decodeImage(url) {
          const id = Module.ccall('sheaf_bridge_decode_image', 'number', ['string'], [String(url)]);
          for (;;) {
            const r = fromHeap(Module._sheaf_bridge_image_result(id));
            if (r) return JSON.parse(r);
            await new Promise((done) => setTimeout(done, 20));
          }
        },
        // Storage and document actions: call('setText', id, text), call('save'),
        // call('answer', 0, 'all'), call('exportZip')... -> {ok, error?, ...}
        // Arguments go through malloc, not ccall's stack strings: a text can be megabytes.
        call(name, a1, a2) {
          const put = (v) => {
            const s = v == null ? '' : String(v);
            const n = Module.lengthBytesUTF8(s) + 1, p = Module._malloc(n);
            Module.stringToUTF8(s, p, n);
            return p;
          };
          // Calls that exist to break things are refused unless the test
          // harness turned the hooks on before the page loaded.
          if (TEST_ONLY_CALLS.has(String(name)) && window.__sheafTestHooks !== true)
            return { ok: false, error: 'test hooks are off' };
          const args = [put(name), put(a1), put(a2)];
          try {
            return JSON.parse(fromHeap(Module._sheaf_bridge_call(args[0], args[1], args[2])));
          } finally {
            args.forEach((p) => Module._free(p));
          }
        },
        // Test hook (window.__sheafTestHooks only): the next n saves fail as if the storage quota were exceeded.
        testFailNextSaves: (n) => {
          if (!SheafIDB.failNextSaves) throw new Error('test hooks are off');
          SheafIDB.failNextSaves(n);
        },
        frames: () => window.__sheafFrames || 0,
        // Frames are drawn lazily when idle; this asks for full-rate frames for a while.
        wake: () => Module.sheafWake && Module.sheafWake(),
        // The canvas as drawn: CSS box, backing store and devicePixelRatio.
        canvas() {
          const r = canvas.getBoundingClientRect();
          return { cssWidth: r.width, cssHeight: r.height, width: canvas.width, height: canvas.height,
                   dpr: window.devicePixelRatio || 1 };
        },
      };
    },
    // Called by main.cpp after the first frame is on screen.
    sheafFirstFrame() {
      $('loading').hidden = true;
    },
  };
  window.Module = Module;

  window.addEventListener('error', (e) => {
    const detail = e.error && e.error.stack ? e.error.stack : (e.message || '') + (e.filename ? ' (' + e.filename + ':' + e.lineno + ')' : '');
    showError('Sheaf stopped because of an error.', detail);
  });
  // A stray rejected promise does not stop a running app; during startup it does.
  window.addEventListener('unhandledrejection', (e) => {
    const r = e.reason;
    if (window.__sheafReady) console.error('Sheaf: unhandled rejection', r);
    else showError('Sheaf stopped because of an error.', r && r.stack ? r.stack : r);
  });

  // --- saving when the page goes away -----------------------------------------
  // The wasm side starts every pending save inside the event itself; the
  // texts are copied out of wasm memory before the handler returns.
  function flushNow() {
    if (Module._sheaf_web_flush && window.__sheafReady) Module._sheaf_web_flush();
  }
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') flushNow(); });
  window.addEventListener('pagehide', () => {
    flushNow();
    // Leaving is not crashing: a post being opened right now is no reason to
    // recover at the next start. After a crash the marker must stay.
    if (!failed && Module._sheaf_web_closing && window.__sheafReady) Module._sheaf_web_closing();
  });
  // Ctrl+S / Cmd+S is the app's save, not the browser's "Save page as".
  window.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && (e.key === 's' || e.key === 'S')) e.preventDefault();
  }, true);

  // ==== offline and updates: service worker (web/sw.js) ========================
  // Registered after the first frame, so its downloads do not slow the start.
  // A new build never replaces the running page by itself: it waits, a notice
  // says so, and only the Reload button (after saving) switches to it.
  const SheafUpdate = {
    reg: null,
    reloading: false,

    start() {
      if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
      // Every font slice fetched, including those that arrive while the worker
      // takes over; an observer, because the resource timing buffer fills up.
      if (window.PerformanceObserver) {
        try {
          new PerformanceObserver((list) => SheafUpdate.noteFonts(list.getEntries()))
            .observe({ type: 'resource', buffered: true });
        } catch (e) { /* no resource timing: fonts are cached once the worker controls the page */ }
      }
      navigator.serviceWorker.register('sw.js', { scope: './' }).then((reg) => {
        if (!reg) return;  // a browser told to block service workers answers with nothing
        SheafUpdate.reg = reg;
        if (reg.waiting && navigator.serviceWorker.controller) SheafUpdate.show();
        reg.addEventListener('updatefound', () => SheafUpdate.watch(reg.installing));
        navigator.serviceWorker.ready.then(() => SheafUpdate.sendFonts());
        // A long session checks for a new build now and then, and when the tab comes back.
        let last = Date.now();
        const check = () => { last = Date.now(); reg.update().catch(() => {}); };
        setInterval(check, 60 * 60 * 1000);
        document.addEventListener('visibilitychange', () => {
          if (document.visibilityState === 'visible' && Date.now() - last > 10 * 60 * 1000) check();
        });
      }, (e) => console.warn('Sheaf: no offline copy (service worker not registered):', e));
      let hadController = !!navigator.serviceWorker.controller;
      navigator.serviceWorker.addEventListener('controllerchange', () => {
        // Only the tab whose Reload was clicked reloads; another tab may be
        // mid-sentence, so it gets the notice (a first install just takes over).
        if (SheafUpdate.reloading) window.location.reload();
        else if (hadController) SheafUpdate.show();
        hadController = true;
      });
    },

    watch(worker) {
      if (!worker) return;
      worker.addEventListener('statechange', () => {
        // Installed with a controller present: a newer build is waiting. (Without
        // one, this was the first install and there is nothing to announce.)
        if (worker.state === 'installed' && navigator.serviceWorker.controller) SheafUpdate.show();
      });
    },

    // Font slices fetched before the worker controlled this page go to its
    // cache too, so that the next start with the network off finds them.
    fontsSeen: new Set(),
    fontsSent: new Set(),
    noteFonts(entries) {
      const base = new URL('fonts/', document.baseURI).href;
      for (const e of entries) if (e.name.startsWith(base)) SheafUpdate.fontsSeen.add(e.name);
      SheafUpdate.sendFonts();
    },
    sendFonts() {
      const active = SheafUpdate.reg && SheafUpdate.reg.active;
      if (!active) return;  // sent once it is (serviceWorker.ready)
      const urls = [...SheafUpdate.fontsSeen].filter((u) => !SheafUpdate.fontsSent.has(u));
      urls.forEach((u) => SheafUpdate.fontsSent.add(u));
      if (urls.length) active.postMessage({ type: 'cache-fonts', urls });
    },

    show() {
      const box = $('update');
      if (!box || !box.hidden) return;
      box.hidden = false;
      $('update-reload').addEventListener('click', () => SheafUpdate.apply());
    },

    // Saves first, then lets the waiting worker take over; the page reloads
    // when it does (controllerchange).
    async apply() {
      if (SheafUpdate.reloading) return;
      SheafUpdate.reloading = true;
      $('update-reload').disabled = true;
      flushNow();
      const saved = () => {
        const st = window.__sheafReady && Module.sheaf ? Module.sheaf.state().storage : null;
        return !st || (st.saving === 0 && st.unsaved.length === 0);
      };
      for (const end = Date.now() + 5000; !saved() && Date.now() < end;) await new Promise((r) => setTimeout(r, 50));
      if (!saved()) {
        // A save that does not finish (a full disk: the app says so) is no reason to drop the text.
        SheafUpdate.reloading = false;
        $('update-reload').disabled = false;
        return;
      }
      const waiting = SheafUpdate.reg && SheafUpdate.reg.waiting;
      if (!waiting) { window.location.reload(); return; }  // already active (another tab)
      waiting.addEventListener('statechange', () => { if (waiting.state === 'activated') window.location.reload(); });
      waiting.postMessage({ type: 'skip-waiting' });
    },
  };
  window.SheafUpdate = SheafUpdate;
  const firstFrame = Module.sheafFirstFrame;
  Module.sheafFirstFrame = function () { firstFrame.apply(this, arguments); SheafUpdate.start(); };
  // ==== end of offline and updates ==============================================

  // --- import: drops and pickers ------------------------------------------------
  // Folders are walked through webkitGetAsEntry; a directory reader returns
  // at most 100 entries per readEntries call, so it is called until it
  // returns none. Files are checked here (extension, strict UTF-8) and
  // handed to wasm as raw bytes, byte for byte.
  const SheafImport = {
    accept: (name) => /\.(md|markdown|txt)$/i.test(name),
    hidden: (name) => name.startsWith('.'),

    async entriesToFiles(entries) {
      const out = [];
      const fileOf = (entry) => new Promise((res, rej) => entry.file(res, rej));
      const readBatch = (reader) => new Promise((res, rej) => reader.readEntries(res, rej));
      const walk = async (entry) => {
        if (SheafImport.hidden(entry.name)) return;  // .git, .DS_Store...
        if (entry.isFile) {
          out.push({ file: await fileOf(entry), path: entry.fullPath.replace(/^\/+/, '') });
        } else if (entry.isDirectory) {
          const reader = entry.createReader();
          for (;;) {
            const batch = await readBatch(reader);
            if (!batch.length) break;
            for (const e of batch) await walk(e);
          }
        }
      };
      for (const e of entries) await walk(e);
      return out;
    },

    send(M, path, bytes) {
      const n = M.lengthBytesUTF8(path) + 1, p = M._malloc(n);
      M.stringToUTF8(path, p, n);
      const d = M._malloc(Math.max(1, bytes.length));
      M.HEAPU8.set(bytes, d);
      M._sheaf_web_import(p, n - 1, d, bytes.length);
    },

    reject(M, name, reason) {
      const a = M.lengthBytesUTF8(name) + 1, pa = M._malloc(a);
      M.stringToUTF8(name, pa, a);
      const b = M.lengthBytesUTF8(reason) + 1, pb = M._malloc(b);
      M.stringToUTF8(reason, pb, b);
      M._sheaf_web_import_reject(pa, a - 1, pb, b - 1);
    },

    // items: [{file, path}]
    async importFiles(M, items) {
      if (!items.length) return;
      M._sheaf_web_import_begin(items.length);
      // Reads go out in batches: one await per file would cost a trip through
      // the event loop (a frame, while the app draws) for each of 10,000 files.
      // A batch is at most 64 files or 32 MB, so large files are not all held at once.
      for (let at = 0; at < items.length;) {
        let end = at, bytes = 0;
        while (end < items.length && end - at < 64 && (end === at || bytes + items[end].file.size <= (32 << 20)))
          bytes += items[end++].file.size;
        const batch = items.slice(at, end);
        at = end;
        const read = await Promise.all(batch.map(({ file }) => (SheafImport.accept(file.name)
          ? file.arrayBuffer().then((b) => ({ bytes: new Uint8Array(b) }), (e) => ({ error: e }))
          : Promise.resolve({ skip: true }))));
        batch.forEach(({ path }, k) => {
          const r = read[k];
          if (r.skip) SheafImport.reject(M, path, 'not a Markdown or text file (.md, .markdown, .txt)');
          else if (r.error) SheafImport.reject(M, path, 'could not be read (' + (r.error && r.error.message) + ')');
          else SheafImport.send(M, path, r.bytes);  // the app checks the encoding and says what it found
        });
        if (M.sheafWake) M.sheafWake();
      }
      M._sheaf_web_import_end();
    },

    async fromDataTransfer(M, dt) {
      const items = dt.items ? Array.from(dt.items) : [];
      const entries = items.map((it) => (it.kind === 'file' && it.webkitGetAsEntry ? it.webkitGetAsEntry() : null));
      let files;
      if (entries.length && entries.every((x) => x)) files = await SheafImport.entriesToFiles(entries);
      else files = Array.from(dt.files || []).map((f) => ({ file: f, path: f.name }));
      await SheafImport.importFiles(M, files);
    },

    install(M) {
      window.addEventListener('dragover', (e) => {
        e.preventDefault();
        if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      });
      window.addEventListener('drop', (e) => {
        e.preventDefault();
        if (!e.dataTransfer) return;
        // Entries must be taken during the event; reading happens after.
        SheafImport.fromDataTransfer(M, e.dataTransfer).catch((err) => console.warn('Sheaf import:', err));
      });
      for (const id of ['import-files', 'import-folder']) {
        const input = document.getElementById(id);
        if (!input) continue;
        input.addEventListener('change', () => {
          const files = Array.from(input.files || []).filter((f) => !(f.webkitRelativePath || f.name).split('/').some(SheafImport.hidden))
            .map((f) => ({ file: f, path: f.webkitRelativePath || f.name }));
          SheafImport.importFiles(M, files).catch((err) => console.warn('Sheaf import:', err));
        });
      }
    },
  };
  window.SheafImport = SheafImport;

  if (typeof WebAssembly !== 'object') {
    showError('This browser does not support WebAssembly.');
    return;
  }
  // The program is built with 128-bit SIMD: a browser without it would fail
  // to compile it with a less helpful message. (A one-function module using
  // i8x16.splat and i8x16.popcnt.)
  const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0,
    65, 0, 253, 15, 253, 98, 11]);
  if (!WebAssembly.validate(SIMD_PROBE)) {
    showError('This browser runs WebAssembly without SIMD, which Sheaf needs: update it (Chrome or Edge 91, Firefox 89, Safari 16.4 or later).');
    return;
  }
  if (!hasWebGL2()) {
    showError('This browser cannot draw with WebGL2, which Sheaf needs. Check that hardware acceleration is enabled.');
    return;
  }
  // The list of font slices (small) comes in alongside the program.
  const fontsReady = window.SheafFonts
    ? SheafFonts.init('').catch((e) => {
      showError('The font list (fonts/slices.json) could not be loaded.', e && e.stack ? e.stack : e);
      throw e;
    })
    : Promise.reject(new Error('fonts.js is missing'));
  // The program's bytes start now, alongside sheaf.js and the font list,
  // rather than once sheaf.js has run and asked for them.
  wasmRequest = fetch('sheaf.wasm');
  wasmRequest.catch(() => {});  // a failure is reported by instantiate()
  const script = document.createElement('script');
  script.src = 'sheaf.js';
  script.onerror = () => showError('The program (sheaf.js) could not be loaded.');
  document.body.appendChild(script);
})();
