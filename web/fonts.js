// Sheaf glyphs from the browser's own fonts. The wasm's glyph loader
// (src/platform/web/fonts.cpp) asks this file for each glyph it needs: its
// advance, whether any font draws it, and its bitmap, drawn with fillText on
// an OffscreenCanvas at the device pixel size. Colour emoji come back as RGBA.
//
// The faces are Debian's DejaVu, NanumGothic and Symbola, cut at build time
// into unicode-range WOFF2 slices (toolchain/font-slices.py, fonts/slices.json).
// A slice is fetched the first time one of its characters is asked for; until
// it arrives the glyph is reported as pending (drawn blank, measured with the
// fallback), and when it lands the app drops its glyphs and lays out again.
'use strict';
(function () {
  const FALLBACK = '"Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji", "Sheaf Symbols"';
  // One stack per face of ui/fonts.h (kFaceRegular ... kFaceMono).
  const STACKS = [
    { weight: '400', style: 'normal', families: ['Sheaf Sans', 'Sheaf Hangul'], generic: 'sans-serif', metrics: 'sans' },
    { weight: '700', style: 'normal', families: ['Sheaf Sans', 'Sheaf Hangul'], generic: 'sans-serif', metrics: 'sans' },
    { weight: '400', style: 'italic', families: ['Sheaf Sans', 'Sheaf Hangul'], generic: 'sans-serif', metrics: 'sans' },
    { weight: '700', style: 'italic', families: ['Sheaf Sans', 'Sheaf Hangul'], generic: 'sans-serif', metrics: 'sans' },
    { weight: '400', style: 'normal', families: ['Sheaf Mono', 'Sheaf Hangul Mono'], generic: 'monospace', metrics: 'mono' },
  ];
  // The families fonts.js has slices for, in the order a stack consults them.
  for (const stack of STACKS) stack.lookup = [...stack.families, 'Sheaf Symbols'];
  const MEASURE_PX = 256;   // advances are measured once at this em size and scaled
  const PROBE_PX = 32;      // size of the missing-glyph comparison (on a 64 px canvas)
  const NOT_A_GLYPH = 0x10FFFD;  // private use: no font draws it, so it shows the browser's "missing" box

  const state = {
    ready: false,
    manifest: null,
    slices: [],        // every slice: {face, family, weight, style, lo, hi, ranges: Uint32Array pairs, font, status}
    byFamily: new Map(),  // family -> [slice] (a family's faces, any weight)
    inflight: 0,       // slice downloads under way
    changed: false,    // a slice arrived since the app last dropped its glyphs
    loadedBytes: 0,
    failed: [],
    advances: new Map(),
    presence: new Map(),
    settledAt: 0,
    rasters: new Map(),
  };

  function unpackRanges(text) {
    const out = [];
    let prev = 0;
    for (const part of text.split(',')) {
      const [gap, extra] = part.split(':');
      const a = prev + parseInt(gap, 36);
      const b = a + (extra ? parseInt(extra, 36) : 0);
      out.push(a, b);
      prev = b;
    }
    return Uint32Array.from(out);
  }

  function cssRange(ranges) {
    const parts = [];
    for (let i = 0; i < ranges.length; i += 2) {
      const a = ranges[i].toString(16), b = ranges[i + 1].toString(16);
      parts.push(a === b ? 'U+' + a : 'U+' + a + '-' + b);
    }
    return parts.join(',');
  }

  function covers(slice, cp) {
    if (cp < slice.lo || cp > slice.hi) return false;
    const r = slice.ranges;
    let lo = 0, hi = r.length / 2 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (cp < r[2 * mid]) hi = mid - 1;
      else if (cp > r[2 * mid + 1]) lo = mid + 1;
      else return true;
    }
    return false;
  }

  // Whether the system draws emoji in colour: then Symbola's emoji outlines
  // (the last resort) are never fetched, since they would never be shown.
  function systemColorEmoji() {
    try {
      const ctx = new OffscreenCanvas(40, 40).getContext('2d', { willReadFrequently: true });
      ctx.font = '28px ' + FALLBACK.replace(', "Sheaf Symbols"', '');
      ctx.fillStyle = '#fff';
      ctx.fillText('\u{1F600}', 4, 32);
      const d = ctx.getImageData(0, 0, 40, 40).data;
      for (let i = 0; i < d.length; i += 4)
        if (d[i + 3] > 40 && (Math.abs(d[i] - d[i + 1]) > 24 || Math.abs(d[i + 1] - d[i + 2]) > 24)) return true;
    } catch (e) { /* no OffscreenCanvas text: the outlines stay the fallback */ }
    return false;
  }
  const EMOJI_FIRST = 0x1F000, EMOJI_LAST = 0x1FAFF;

  // Which of Sheaf's slices draws `cp` in stack `s`: the first family that has it.
  function sliceFor(s, cp) {
    const stack = STACKS[s];
    for (const family of stack.lookup) {
      if (family === 'Sheaf Symbols' && state.systemEmoji && cp >= EMOJI_FIRST && cp <= EMOJI_LAST) continue;
      const slices = state.byFamily.get(family);
      if (!slices) continue;
      let best = null;
      for (const sl of slices) {
        if (!covers(sl, cp)) continue;
        // The face whose weight and style match; else the family's regular one.
        const exact = (sl.weight === stack.weight || sl.weight.indexOf(' ') > 0) && sl.style === stack.style;
        if (exact) return sl;
        if (!best || (sl.style === stack.style && best.style !== stack.style) ||
            (sl.weight === stack.weight && best.weight !== stack.weight)) best = sl;
      }
      if (best) return best;
    }
    return null;
  }

  // True when the slice is ready to draw; otherwise starts fetching it.
  function ensure(slice) {
    if (slice.status === 'loaded' || slice.status === 'error') return true;
    if (slice.status === 'unloaded') {
      slice.font = new FontFace(slice.family, slice.url, {
        weight: slice.weight, style: slice.style, unicodeRange: cssRange(slice.ranges),
        sizeAdjust: (100 * slice.sizeAdjust).toFixed(2) + '%',
      });
      document.fonts.add(slice.font);
      slice.status = 'loading';
      state.inflight++;
      slice.font.load().then(() => {
        slice.status = 'loaded';
        state.loadedBytes += slice.bytes;
      }, (e) => {
        // A slice that cannot be fetched (offline, a broken host) leaves its
        // characters to the system's fonts: the text still shows.
        slice.status = 'error';
        state.failed.push(slice.file + ': ' + (e && e.message ? e.message : e));
        console.warn('Sheaf: font slice ' + slice.file + ' did not load; using the system fonts for it');
      }).finally(() => {
        state.inflight--;
        arrived();
      });
    }
    return false;
  }

  // Slices of one post arrive together: the app drops its glyphs once when
  // the last one lands, or every 120 ms while a slow one is still coming.
  let batchTimer = 0;
  function arrived() {
    const flush = () => {
      clearTimeout(batchTimer);
      batchTimer = 0;
      state.changed = true;
      if (window.Module && Module.sheafWake) Module.sheafWake();
    };
    if (state.inflight === 0) flush();
    else if (!batchTimer) batchTimer = setTimeout(flush, 120);
  }

  const contexts = {};
  function context(key, px, s) {
    let c = contexts[key];
    if (!c) {
      const canvas = new OffscreenCanvas(64, 64);
      c = contexts[key] = { canvas, ctx: canvas.getContext('2d', { willReadFrequently: true }), font: '' };
    }
    const stack = STACKS[s];
    const font = stack.style + ' ' + stack.weight + ' ' + px.toFixed(2) + 'px ' +
      stack.families.map((f) => '"' + f + '"').join(', ') + ', ' + FALLBACK + ', ' + stack.generic;
    if (c.font !== font) {
      c.ctx.font = font;
      c.font = font;
    }
    return c;
  }

  // Pixels per unit of ImGui font size, for the em: ImGui sizes a font by its
  // line (ascent - descent), as stb_truetype does on the desktop.
  function emPerSize(s) {
    const m = state.manifest.metrics[STACKS[s].metrics];
    return m.upem / (m.ascent - m.descent);
  }

  function charOf(cp) { return String.fromCodePoint(cp); }

  const SheafFonts = {
    state,
    // Starts fetching the manifest; glue.js waits for it before the app runs.
    async init(base) {
      const r = await fetch(base + 'fonts/slices.json');
      if (!r.ok) throw new Error('fonts/slices.json: HTTP ' + r.status);
      const manifest = await r.json();
      const byKey = new Map();
      for (const face of manifest.faces) {
        byKey.set(face.key, face);
        const twin = face.rangesOf ? byKey.get(face.rangesOf) : null;
        face.slices.forEach((sl, i) => {
          const ranges = unpackRanges(twin ? twin.slices[i].ranges : sl.ranges);
          // The FontFace is made when the slice is first needed (ensure):
          // 424 of them up front cost the start a couple of hundred ms.
          const slice = {
            face: face.key, family: face.family, weight: face.weight, style: face.style, file: sl.file,
            bytes: sl.bytes, ranges, lo: ranges[0], hi: ranges[ranges.length - 1], font: null, status: 'unloaded',
            url: 'url(' + base + 'fonts/' + sl.file + ') format("woff2")', sizeAdjust: face.sizeAdjust,
          };
          state.slices.push(slice);
          if (!state.byFamily.has(face.family)) state.byFamily.set(face.family, []);
          state.byFamily.get(face.family).push(slice);
        });
      }
      state.manifest = manifest;
      state.systemEmoji = systemColorEmoji();
      state.ready = true;
      // What the first screen shows starts at once, while the wasm is still
      // arriving: the menus' letters and marks, the most common Hangul, and
      // the slices the build found in the sample notebook's titles.
      const prefetch = (s, text) => {
        for (const ch of text) {
          const sl = sliceFor(s, ch.codePointAt(0));
          if (sl) ensure(sl);
        }
      };
      prefetch(0, 'Aa가▼▸·');
      prefetch(1, 'Aa가');
      prefetch(4, 'Aa');
      const first = new Set(manifest.preload || []);
      for (const sl of state.slices)
        if (first.has(sl.file) && !(state.systemEmoji && sl.family === 'Sheaf Symbols' && sl.lo >= EMOJI_FIRST)) ensure(sl);
    },

    // Line metrics of stack s, as fractions of the ImGui font size.
    vmetrics(s) {
      const m = state.manifest.metrics[STACKS[s].metrics];
      return [m.ascent / (m.ascent - m.descent), m.descent / (m.ascent - m.descent)];
    },

    // 1: some font draws cp; 0: only the browser's missing-glyph box would.
    has(s, cp) {
      if (cp === 0x20 || cp === 0xA0 || cp === 0x3000) return 1;
      if (sliceFor(s, cp)) return 1;
      const key = s * 0x110000 + cp;
      let v = state.presence.get(key);
      if (v !== undefined) return v;
      const c = context('probe' + s, PROBE_PX, s);
      const draw = (ch) => {
        const ctx = c.ctx;
        ctx.clearRect(0, 0, 64, 64);
        ctx.fillStyle = '#fff';
        ctx.textBaseline = 'alphabetic';
        ctx.fillText(ch, 16, 44);
        return { w: ctx.measureText(ch).width, px: ctx.getImageData(0, 0, 64, 64).data };
      };
      // What a missing glyph looks like in this stack, drawn once.
      if (!c.missing) c.missing = draw(charOf(NOT_A_GLYPH));
      const a = draw(charOf(cp)), b = c.missing;
      let same = Math.abs(a.w - b.w) < 0.01;
      for (let i = 3; same && i < a.px.length; i += 4) if (a.px[i] !== b.px[i]) same = false;
      v = same ? 0 : 1;
      state.presence.set(key, v);
      return v;
    },

    // Advance of cp at ImGui size `size`, in the same units; -1: no font has it.
    advance(s, cp, size) {
      const sl = sliceFor(s, cp);
      if (sl) ensure(sl);
      else if (!SheafFonts.has(s, cp)) return -1;
      const key = s * 0x110000 + cp;
      let w = state.advances.get(key);
      if (w === undefined) {
        w = context('measure' + s, MEASURE_PX, s).ctx.measureText(charOf(cp)).width / MEASURE_PX;
        if (!sl || sl.status !== 'loading') state.advances.set(key, w);  // a fallback width is not kept
      }
      return w * emPerSize(s) * size;
    },

    // Draws cp at ImGui size `size` x `density` device pixels into the
    // staging buffer. Returns [advance, x0, y0, w, h, colored, pending] with
    // x0/y0 the bitmap's top-left from the pen on the baseline, in device
    // pixels, or null when no font has the glyph.
    raster(s, cp, size, density) {
      const advance = SheafFonts.advance(s, cp, size);
      if (advance < 0) return null;
      const sl = sliceFor(s, cp);
      if (sl && sl.status === 'loading') return [advance, 0, 0, 0, 0, 0, 1];
      const px = size * emPerSize(s) * density;
      const c = context('raster', px, s);
      const ch = charOf(cp);
      const m = c.ctx.measureText(ch);
      const x0 = Math.floor(-m.actualBoundingBoxLeft) - 1, x1 = Math.ceil(m.actualBoundingBoxRight) + 1;
      const y0 = Math.floor(-m.actualBoundingBoxAscent) - 1, y1 = Math.ceil(m.actualBoundingBoxDescent) + 1;
      const w = x1 - x0, h = y1 - y0;
      if (!(w > 2 && h > 2) || w > 4096 || h > 4096) return [advance, 0, 0, 0, 0, 0, 0];
      if (c.canvas.width < w || c.canvas.height < h) {
        c.canvas.width = Math.max(c.canvas.width, w);
        c.canvas.height = Math.max(c.canvas.height, h);
        c.ctx.font = c.font;  // resizing a canvas resets its state
      }
      const ctx = c.ctx;
      ctx.clearRect(0, 0, w, h);
      ctx.fillStyle = '#fff';
      ctx.textBaseline = 'alphabetic';
      ctx.fillText(ch, -x0, -y0);
      const rgba = ctx.getImageData(0, 0, w, h).data;
      // White text stays grey; any tinted pixel means a colour glyph (emoji).
      let colored = 0;
      for (let i = 0; i < rgba.length; i += 4) {
        if (rgba[i + 3] < 40) continue;
        const r = rgba[i], g = rgba[i + 1], b = rgba[i + 2];
        if (Math.abs(r - g) > 24 || Math.abs(g - b) > 24 || Math.max(r, g, b) < 200) { colored = 1; break; }
      }
      if (colored) {
        state.pixels = rgba;
      } else {
        const a = new Uint8Array(w * h);
        for (let i = 0, j = 3; i < a.length; i++, j += 4) a[i] = rgba[j];
        state.pixels = a;
      }
      // Bitmap sizes by glyph, size and density, for the tests.
      state.rasters.set(cp + '/' + size + '/' + density, { cp, size, density, w, h, colored });
      return [advance, x0, y0, w, h, colored, 0];
    },

    // The app dropped its glyphs for the slices that arrived: true once.
    takeChanged() {
      const c = state.changed;
      state.changed = false;
      return c;
    },

    // Called after each frame: the first frame with a post on screen and no
    // glyph waiting for a slice is when the page has really drawn its text.
    frameDrawn(postShown) {
      if (!state.settledAt && postShown && state.inflight === 0 && !state.changed) {
        state.settledAt = performance.now();
        window.__sheafGlyphsSettledAt = state.settledAt;
      }
    },

    // For tests and the console.
    summary() {
      const count = (st) => state.slices.filter((s) => s.status === st).length;
      return {
        ready: state.ready, systemEmoji: state.systemEmoji, slices: state.slices.length, loaded: count('loaded'), loading: count('loading'),
        failed: state.failed.slice(), loadedBytes: state.loadedBytes, settledAt: state.settledAt,
      };
    },
  };
  window.SheafFonts = SheafFonts;
})();
