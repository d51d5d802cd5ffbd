// Sheaf page glue: checks the browser, loads sheaf.js/.wasm/.data with a
// progress bar, turns every startup failure into a visible message, and
// exposes Module.sheaf (the test bridge) once the app runs.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const canvas = $('canvas');
  let failed = false;

  function showError(message, detail) {
    if (failed) return;  // the first error is the one that explains the rest
    failed = true;
    $('loading').hidden = true;
    $('error-text').textContent = message;
    if (detail) {
      $('error-detail').textContent = String(detail);
      $('error-detail').hidden = false;
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
  const progress = { wasm: [0, 0], data: [0, 0] };
  function showProgress() {
    const done = progress.wasm[0] + progress.data[0];
    const total = progress.wasm[1] + progress.data[1];
    if (total > 0) $('loading-bar').style.width = Math.min(100, (100 * done) / total).toFixed(1) + '%';
    if (total > 0) {
      const mb = (n) => (n / 1048576).toFixed(1);
      $('loading-text').textContent = '불러오는 중… Loading… ' + mb(done) + ' / ' + mb(total) + ' MB';
    }
  }

  // Streams sheaf.wasm, counting bytes, and compiles while it arrives.
  async function instantiate(imports) {
    const response = await fetch('sheaf.wasm');
    if (!response.ok) throw new Error('sheaf.wasm: HTTP ' + response.status);
    const total = +response.headers.get('Content-Length') || 0;
    progress.wasm[1] = total;
    let body = response.body;
    if (body && total) {
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
      instantiate(imports).then(
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

  if (typeof WebAssembly !== 'object') {
    showError('This browser does not support WebAssembly.');
    return;
  }
  if (!hasWebGL2()) {
    showError('This browser cannot draw with WebGL2, which Sheaf needs. Check that hardware acceleration is enabled.');
    return;
  }
  // Emscripten reports the .data size only once bytes arrive; ask up front so the
  // bar does not reach 100% on the small .wasm alone.
  fetch('sheaf.data', { method: 'HEAD' }).then((r) => {
    const n = +r.headers.get('Content-Length') || 0;
    if (r.ok && n && !progress.data[1]) { progress.data[1] = n; showProgress(); }
  }, () => {});
  const script = document.createElement('script');
  script.src = 'sheaf.js';
  script.onerror = () => showError('The program (sheaf.js) could not be loaded.');
  document.body.appendChild(script);
})();
