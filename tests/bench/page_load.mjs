// Page-load benchmark for the built web page: a program that prints a table,
// not a test (it reports goals, it does not fail on them).
//
//   node tests/bench/page_load.mjs [DIST]        # DIST defaults to build/web/dist
//   PAGE_LOAD_RUNS=1 node tests/bench/page_load.mjs
//   node tests/bench/page_load.mjs --serve [DIST]  # only the host, to look at by hand
//
// It serves DIST from its own server on 127.0.0.1 that behaves like a static
// host with gzip (X.gz beside X is sent as X with Content-Encoding: gzip, other
// text/js/wasm/data bodies are gzipped on the fly and kept in memory; ETag and
// max-age=3600 so the browser's HTTP cache works), then drives Debian's
// Chromium (playwright-core from tests/e2e/node_modules, the flags of
// tests/e2e/harness.mjs) through three network profiles set with CDP
// Network.emulateNetworkConditions. Per profile it measures a cold visit
// (fresh context), a warm one (same context, HTTP cache warm) and, when the
// build has sw.js, a visit controlled by the service worker. Each figure is the
// median of PAGE_LOAD_RUNS visits (default 3).
//
// Times are the page's own performance.now() (0 = navigation start):
//   first frame       window.__sheafFirstFrameAt, else the moment
//                     window.__sheafFrames first reached 1 (recorded in-page)
//   Korean on screen  window.__sheafGlyphsSettledAt (a frame drawn with a post
//                     open and no glyph waiting for a font slice)
// Bytes are CDP Network.loadingFinished encodedDataLength (what crossed the
// wire, compressed) of the requests that finished before that moment.
//
// Exit status: 0 when everything was measured, 1 on a page error or timeout.
// Environment: PAGE_LOAD_RUNS, SHEAF_CHROMIUM (default /usr/bin/chromium),
// PAGE_LOAD_DEBUG=1 prints every request of every visit.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { TYPES } from '../e2e/static-server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const top = path.resolve(here, '../..');
const requireE2e = createRequire(path.join(top, 'tests/e2e/package.json'));
let chromium;
try {
  ({ chromium } = requireE2e('playwright-core'));
} catch (e) {
  console.error('page_load: playwright-core is not installed in tests/e2e (run npm ci there)');
  process.exit(1);
}
// The e2e harness's Chromium flags (headless SwiftShader WebGL2), one list for both.
const { CHROMIUM_ARGS } = await import('../e2e/harness.mjs');

const SERVE = process.argv[2] === '--serve';
const DIST = path.resolve(process.argv[SERVE ? 3 : 2] || path.join(top, 'build/web/dist'));
const CHROMIUM = process.env.SHEAF_CHROMIUM || '/usr/bin/chromium';
const RUNS = Number(process.env.PAGE_LOAD_RUNS || 3);
const DEBUG = !!process.env.PAGE_LOAD_DEBUG;
const TIMEOUT = 60000;  // per wait: first frame, glyphs settled, service worker
const VIEWPORT = { width: 1280, height: 800 };

const PROFILES = [
  { name: 'localhost', throttle: null },
  { name: '20 Mbit/s, 40 ms', throttle: { latency: 40, downloadThroughput: 20e6 / 8, uploadThroughput: 5e6 / 8 } },
  { name: '5 Mbit/s, 100 ms', throttle: { latency: 100, downloadThroughput: 5e6 / 8, uploadThroughput: 1e6 / 8 } },
];
const GOAL_BYTES = 1048576;        // before the first frame, cold
const GOAL_KOREAN_MS = 1000;       // Korean on screen, cold, at 20 Mbit/s 40 ms
const GOAL_PROFILE = '20 Mbit/s, 40 ms';

// --- the static host -----------------------------------------------------------

// What a gzip host compresses on the fly. woff2 and the image formats are
// compressed already and go out as they are.
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.webmanifest', '.wasm', '.data',
  '.ttf', '.otf', '.md', '.txt', '.svg', '.ico']);

// The body a gzip host sends for a file: { body, gzip, etag }. On-the-fly
// gzip is done once per file version and kept in memory.
const bodies = new Map();
function bodyFor(file, st) {
  const ext = path.extname(file).toLowerCase();
  const key = file + '\0' + st.size + '\0' + st.mtimeMs;
  let p = bodies.get(key);
  if (!p) {
    p = (async () => {
      const raw = { body: await fs.promises.readFile(file), gzip: false, etag: `"${st.size.toString(16)}-${Math.round(st.mtimeMs).toString(16)}"` };
      let gz = null;
      const pre = await fs.promises.stat(file + '.gz').catch(() => null);
      if (pre && pre.isFile()) {
        gz = { body: await fs.promises.readFile(file + '.gz'), gzip: true, etag: `"${pre.size.toString(16)}-${Math.round(pre.mtimeMs).toString(16)}-gz"` };
      } else if (COMPRESSIBLE.has(ext)) {
        const body = await new Promise((res, rej) => zlib.gzip(raw.body, { level: 6 }, (e, b) => (e ? rej(e) : res(b))));
        gz = { body, gzip: true, etag: raw.etag.slice(0, -1) + '-gz"' };
      }
      return { raw, gz };
    })();
    bodies.set(key, p);
  }
  return p;
}

function startHost(dir) {
  const root = path.resolve(dir);
  const server = http.createServer(async (req, res) => {
    try {
      let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      if (rel.endsWith('/')) rel += 'index.html';
      const file = path.join(root, rel);
      if (file !== root && !file.startsWith(root + path.sep)) { res.writeHead(403).end('forbidden'); return; }
      const st = await fs.promises.stat(file).catch(() => null);
      if (!st || !st.isFile()) { res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found: ' + rel); return; }
      const { raw, gz } = await bodyFor(file, st);
      const wantsGzip = /\bgzip\b/.test(req.headers['accept-encoding'] || '');
      const v = gz && wantsGzip ? gz : raw;
      const headers = {
        'Content-Type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
        'Cache-Control': 'max-age=3600',
        ETag: v.etag,
      };
      if (gz) headers.Vary = 'Accept-Encoding';
      const tags = (req.headers['if-none-match'] || '').split(',').map((s) => s.trim().replace(/^W\//, ''));
      if (tags.includes(v.etag)) { res.writeHead(304, headers).end(); return; }
      if (v.gzip) headers['Content-Encoding'] = 'gzip';
      headers['Content-Length'] = v.body.length;
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : v.body);
    } catch (e) {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(e));
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({
      url: `http://127.0.0.1:${server.address().port}/`,
      close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
    }));
  });
}

// Bytes the host sends for a file (its .gz, or our gzip).
async function wireSize(name) {
  const file = path.join(DIST, name);
  const st = await fs.promises.stat(file).catch(() => null);
  if (!st) return null;
  const { raw, gz } = await bodyFor(file, st);
  return (gz || raw).body.length;
}

// --- one visit -----------------------------------------------------------------

// Runs in the page before its scripts: notes when the first frame is reported
// (window.__sheafFrames set to >= 1 by the app), with a setter on the property
// and, should the app replace the property, a requestAnimationFrame watch.
function frameWatch() {
  let frames;
  const seen = () => {
    if (window.__benchFirstFrameSeen === undefined) window.__benchFirstFrameSeen = performance.now();
  };
  Object.defineProperty(window, '__sheafFrames', {
    configurable: true, enumerable: true,
    get() { return frames; },
    set(v) { frames = v; if (v >= 1) seen(); },
  });
  const poll = () => { if (window.__sheafFrames >= 1) seen(); else requestAnimationFrame(poll); };
  requestAnimationFrame(poll);
}

let glyphSignal = null;  // null: not known yet; true: the build sets it; false: it does not

function pageErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push('pageerror: ' + (e.stack || e.message)));
  page.on('console', (m) => {
    // A missing image is the viewer's placeholder, not a failure (as in the e2e harness).
    if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) errors.push('console: ' + m.text());
  });
  page.on('crash', () => errors.push('the page crashed'));
  return errors;
}

async function waitReady(page, what) {
  await page.waitForFunction(() => window.__sheafReady === true || !!window.__sheafError, null, { timeout: TIMEOUT })
    .catch((e) => { throw new Error(`${what}: no first frame within ${TIMEOUT / 1000} s (${e.message.split('\n')[0]})`); });
  const err = await page.evaluate(() => window.__sheafError ? window.__sheafError + '\n' + (document.getElementById('error-detail')?.textContent || '') : null);
  if (err) throw new Error(`${what}: the page shows an error: ${err}`);
}

// One measured navigation in `context` under `profile`: a fresh page, the root URL.
async function visit(env, context, profile, what, { expectController = false } = {}) {
  const page = await context.newPage();
  const errors = pageErrors(page);
  await page.addInitScript(frameWatch);
  const cdp = await context.newCDPSession(page);
  const reqs = new Map();
  let doc = null;
  cdp.on('Network.requestWillBeSent', (e) => {
    if (!doc && e.type === 'Document') doc = e;
    if (!reqs.has(e.requestId)) reqs.set(e.requestId, { url: e.request.url, method: e.request.method, sent: e.timestamp });
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = reqs.get(e.requestId);
    if (r) Object.assign(r, { status: e.response.status, fromCache: !!e.response.fromDiskCache, fromSW: !!e.response.fromServiceWorker, encoding: e.response.headers['content-encoding'] || e.response.headers['Content-Encoding'] || '' });
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = reqs.get(e.requestId);
    if (r) Object.assign(r, { done: e.timestamp, bytes: e.encodedDataLength });
  });
  cdp.on('Network.loadingFailed', (e) => {
    const r = reqs.get(e.requestId);
    if (r) Object.assign(r, { failed: e.errorText || 'failed', done: e.timestamp, bytes: 0 });
  });
  await cdp.send('Network.enable');
  if (profile.throttle) await cdp.send('Network.emulateNetworkConditions', { offline: false, ...profile.throttle });

  try {
    await page.goto(env.url, { waitUntil: 'commit', timeout: TIMEOUT });
    await waitReady(page, what);
    const t = await page.evaluate(() => ({
      firstFrame: typeof window.__sheafFirstFrameAt === 'number' ? window.__sheafFirstFrameAt : window.__benchFirstFrameSeen,
      appSignal: typeof window.__sheafFirstFrameAt === 'number',
      timeOrigin: performance.timeOrigin,
      controlled: !!(navigator.serviceWorker && navigator.serviceWorker.controller),
    }));
    if (typeof t.firstFrame !== 'number') throw new Error(`${what}: the page is ready but no first-frame time was recorded`);
    if (expectController && !t.controlled) throw new Error(`${what}: the service worker does not control the measured page`);

    let settled = null;
    if (glyphSignal !== false) {
      try {
        await page.waitForFunction(() => typeof window.__sheafGlyphsSettledAt === 'number' || !!window.__sheafError, null, { timeout: TIMEOUT });
        await waitReady(page, what);  // turns a page error into a thrown one
        settled = await page.evaluate(() => window.__sheafGlyphsSettledAt);
        glyphSignal = true;
      } catch (e) {
        if (!/Timeout/i.test(e.message) || glyphSignal === true) {
          // Say what the page was doing, so a stall can be told from a slow start.
          const seen = await page.evaluate(() => {
            const s = window.Module && Module.sheaf ? Module.sheaf.state() : {};
            const f = window.SheafFonts ? SheafFonts.summary() : {};
            return JSON.stringify({ frames: window.__sheafFrames, ready: s.ready, selected: s.selected, blocks: s.blocks,
              storage: s.storage && s.storage.status, fonts: f, inflight: window.SheafFonts && SheafFonts.state.inflight,
              changed: window.SheafFonts && SheafFonts.state.changed });
          }).catch((x) => 'no state: ' + x.message);
          throw new Error(`${what}: ${e.message.split('\n')[0]} ${seen}`);
        }
        glyphSignal = false;  // this build has no such signal; later visits do not wait for it
      }
    }
    if (errors.length) throw new Error(`${what}: ${errors.join('\n')}`);

    // Page time (ms after navigation start) -> CDP monotonic seconds, through
    // the wall clock both sides report: the document request's wallTime and
    // timestamp, and the page's timeOrigin.
    if (!doc) throw new Error(`${what}: CDP saw no document request`);
    const wallMinusMono = doc.wallTime - doc.timestamp;
    const mono = (ms) => (t.timeOrigin + ms) / 1000 - wallMinusMono;
    const upTo = (ms) => {
      const limit = mono(ms);
      let bytes = 0, count = 0;
      for (const r of reqs.values()) {
        if (r.done === undefined || r.done > limit) continue;
        bytes += r.bytes || 0;
        count++;
      }
      return { bytes, count };
    };
    const settledMs = settled ?? t.firstFrame;
    const before = upTo(t.firstFrame);
    const untilSettled = upTo(settledMs);
    if (DEBUG) {
      console.error(`# ${what}: navigation start vs document request: ${((doc.timestamp - mono(0)) * 1000).toFixed(1)} ms; first frame ${t.firstFrame.toFixed(0)} ms`);
      for (const r of reqs.values()) {
        const at = r.done === undefined ? 'unfinished' : ((r.done - mono(0)) * 1000).toFixed(0) + ' ms';
        console.error(`#   ${r.method} ${r.url.replace(env.url, '/')} ${r.status ?? ''} ${r.encoding} ${r.fromCache ? 'cache ' : ''}${r.fromSW ? 'sw ' : ''} ${r.bytes ?? '-'} B at ${at}${r.failed ? ' ' + r.failed : ''}`);
      }
    }
    // What came over the network in full (not from the HTTP cache or the
    // service worker): on a warm visit, what the cache did not keep.
    const network = [...reqs.values()].filter((r) => r.done !== undefined && r.method === 'GET' && !r.fromCache && !r.fromSW && r.bytes > 0)
      .map((r) => ({ path: r.url.replace(env.url, '/'), bytes: r.bytes }));
    return {
      network,
      bytesFirst: before.bytes, reqsFirst: before.count, firstFrame: t.firstFrame,
      korean: settledMs, koreanMeasured: settled !== null, bytesSettled: untilSettled.bytes,
    };
  } finally {
    await cdp.detach().catch(() => {});
    await leave(page);
  }
}

// Leaves the page as a reader does, so that it sees pagehide: a page closed
// mid-start looks like a crash while opening a post, and the next start would
// then (rightly) not open that post.
async function leave(page) {
  await page.goto('about:blank', { timeout: 10000 }).catch(() => {});
  await page.close().catch(() => {});
}

// A context whose service worker is installed and controls the next page.
async function installServiceWorker(env) {
  const context = await env.browser.newContext({ viewport: VIEWPORT, serviceWorkers: 'allow' });
  const page = await context.newPage();
  const errors = pageErrors(page);
  try {
    await page.goto(env.url, { waitUntil: 'commit', timeout: TIMEOUT });
    await waitReady(page, 'service worker install');
    await page.waitForFunction(async () => {
      if (!('serviceWorker' in navigator)) return true;
      if (navigator.serviceWorker.controller) return true;
      return new Promise((resolve) => {
        navigator.serviceWorker.ready.then(() => resolve(true));
        setTimeout(() => resolve(false), 1000);
      });
    }, null, { timeout: TIMEOUT, polling: 100 }).catch(() => { throw new Error(`service worker install: not ready within ${TIMEOUT / 1000} s`); });
    if (!await page.evaluate(() => !!navigator.serviceWorker?.controller)) {
      await page.reload({ waitUntil: 'commit', timeout: TIMEOUT });
      await waitReady(page, 'service worker install (reload)');
      await page.waitForFunction(() => !!navigator.serviceWorker?.controller, null, { timeout: TIMEOUT })
        .catch(() => { throw new Error('service worker install: the worker does not control the page after a reload'); });
    }
    if (errors.length) throw new Error(`service worker install: ${errors.join('\n')}`);
  } catch (e) {
    await context.close().catch(() => {});
    throw e;
  } finally {
    await leave(page);
  }
  return context;
}

// Every file of DIST with its size and time: a build written while the
// benchmark runs would mix two builds in one table.
function fingerprint(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else if (e.isFile()) { const st = fs.statSync(f); out.push(`${path.relative(dir, f)} ${st.size} ${st.mtimeMs}`); }
    }
  };
  walk(dir);
  return out.sort().join('\n');
}

// --- report --------------------------------------------------------------------

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
function summarize(runs) {
  const pick = (k) => median(runs.map((r) => r[k]));
  return {
    bytesFirst: pick('bytesFirst'), reqsFirst: pick('reqsFirst'), firstFrame: pick('firstFrame'),
    korean: pick('korean'), koreanMeasured: runs.every((r) => r.koreanMeasured), bytesSettled: pick('bytesSettled'),
    network: runs.flatMap((r) => r.network),
  };
}
const kb = (b) => (b / 1024).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const ms = (x) => Math.round(x).toLocaleString('en-US');

function cpuModel() {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1].trim();
  } catch { }
  return os.cpus()[0]?.model || 'unknown';
}

async function main() {
  if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`PAGE_LOAD_RUNS must be a whole number >= 1, not ${process.env.PAGE_LOAD_RUNS}`);
  for (const f of ['index.html', 'sheaf.js', 'sheaf.wasm'])
    if (!fs.existsSync(path.join(DIST, f))) throw new Error(`${DIST} has no ${f}: build the web page first (toolchain/build.sh web)`);
  const hasSW = fs.existsSync(path.join(DIST, 'sw.js'));
  const started = Date.now();
  const before = fingerprint(DIST);
  const loadBefore = os.loadavg()[0];

  const host = await startHost(DIST);
  const sizes = { wasm: await wireSize('sheaf.wasm'), js: await wireSize('sheaf.js'), data: await wireSize('sheaf.data') };
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const env = { url: host.url, browser };
  const rows = [];
  try {
    for (const profile of PROFILES) {
      const cold = [], warm = [], sw = [];
      for (let i = 0; i < RUNS; i++) {
        const tag = `${profile.name}, run ${i + 1}/${RUNS}`;
        const context = await browser.newContext({ viewport: VIEWPORT, serviceWorkers: 'block' });
        try {
          cold.push(await visit(env, context, profile, `${tag}, cold`));
          warm.push(await visit(env, context, profile, `${tag}, warm`));
        } finally {
          await context.close().catch(() => {});
        }
        if (hasSW) {
          const swContext = await installServiceWorker(env);
          try {
            sw.push(await visit(env, swContext, profile, `${tag}, service worker`, { expectController: true }));
          } finally {
            await swContext.close().catch(() => {});
          }
        }
        const both = (r) => `${ms(r.firstFrame)} / ${ms(r.korean)}${r.koreanMeasured ? '' : ' (*)'} ms`;
        console.error(`# ${tag}: first frame / Korean: cold ${both(cold.at(-1))}, warm ${both(warm.at(-1))}` +
          (hasSW ? `, service worker ${both(sw.at(-1))}` : ''));
      }
      rows.push({ profile, kind: 'cold', m: summarize(cold) });
      rows.push({ profile, kind: 'warm', m: summarize(warm) });
      rows.push({ profile, kind: 'service worker', m: hasSW ? summarize(sw) : null });
    }

    if (fingerprint(DIST) !== before) throw new Error(`${DIST} changed while the benchmark ran (a build wrote it?): measure a copy`);
    const version = browser.version();
    const loadAfter = os.loadavg()[0];
    const out = [];
    const p = (s = '') => out.push(s);
    p(`## Page load: ${DIST}`);
    p();
    p(`Machine: ${cpuModel()}, ${os.cpus().length} cores; Chromium ${version} (headless, SwiftShader WebGL2); ` +
      `node ${process.version}; load average ${loadBefore.toFixed(1)} at the start, ${loadAfter.toFixed(1)} at the end` +
      (Math.max(loadBefore, loadAfter) > os.cpus().length ? ' (above the core count: other programs shared the CPU, the times are noisy)' : '') +
      `. Median of ${RUNS} visit${RUNS > 1 ? 's' : ''} per row; viewport ${VIEWPORT.width}x${VIEWPORT.height}.`);
    p();
    p('| profile | visit | bytes before first frame (KB) | requests before first frame | first frame (ms) | Korean on screen (ms) | bytes until Korean settled (KB) |');
    p('|---|---|---:|---:|---:|---:|---:|');
    let starred = false;
    for (const { profile, kind, m } of rows) {
      if (!m) {
        p(`| ${profile.name} | ${kind} | n/a (no service worker in this build) | n/a | n/a | n/a | n/a |`);
        continue;
      }
      const star = m.koreanMeasured ? '' : ' (*)';
      if (star) starred = true;
      p(`| ${profile.name} | ${kind} | ${kb(m.bytesFirst)} | ${m.reqsFirst} | ${ms(m.firstFrame)} | ${ms(m.korean)}${star} | ${kb(m.bytesSettled)} |`);
    }
    p();
    if (starred) {
      p('(*) This build sets no window.__sheafGlyphsSettledAt (no glyph-settle signal within 60 s of the first frame), so ' +
        '"Korean on screen" is the first-frame time: a lower bound, not a measurement. After the first visit without it, ' +
        'later visits do not wait for it.');
      p();
    }
    // Warm visits that downloaded something in full again: say so.
    const again = new Map();
    for (const r of rows.filter((x) => x.kind === 'warm'))
      for (const n of r.m.network) again.set(n.path, Math.max(again.get(n.path) || 0, n.bytes));
    if (again.size) {
      const big = [...again].some(([, b]) => b > 6 * 1048576);
      p(`Warm visits downloaded again: ${[...again].map(([f, b]) => `${f} (${kb(b)} KB)`).join(', ')}.` +
        (big ? ' A browser context keeps its HTTP cache in memory, and Chromium\'s in-memory cache stores no response over about 6 MB ' +
          '(a 6 MB response is cached, a 7 MB one is not), so a file that large is fetched on every visit here; a normal profile\'s disk cache allows more.' : ''));
      p();
    }
    p('Bytes are on the wire (compressed by the host; HTTP-cache and service-worker hits count only what the browser reports for them). ' +
      'Requests count every request that finished before the first frame, cache hits included.');
    p();

    p('Goals:');
    const coldRows = rows.filter((r) => r.kind === 'cold');
    const worstBytes = Math.max(...coldRows.map((r) => r.m.bytesFirst));
    p(`- at most 1 MB (1,048,576 bytes) before the first frame, cold: ${worstBytes.toLocaleString('en-US')} bytes (largest cold median) -> ` +
      (worstBytes <= GOAL_BYTES ? 'MET' : 'NOT MET'));
    const g = coldRows.find((r) => r.profile.name === GOAL_PROFILE).m;
    let verdict;
    if (g.koreanMeasured) verdict = g.korean <= GOAL_KOREAN_MS ? 'MET' : 'NOT MET';
    else if (g.firstFrame > GOAL_KOREAN_MS) verdict = 'NOT MET (the first frame alone is later; no glyph-settle signal in this build)';
    else verdict = 'UNKNOWN (no glyph-settle signal in this build; the first frame is a lower bound)';
    p(`- at most 1,000 ms to Korean on screen at ${GOAL_PROFILE}, cold: ${ms(g.korean)} ms${g.koreanMeasured ? '' : ' (*)'} -> ${verdict}`);
    p();

    // The floor: the program's bytes at the link rate plus one round trip.
    const prog = sizes.wasm + sizes.js;
    const floor = (bytes, pr) => (pr.throttle ? pr.throttle.latency + (1000 * bytes) / pr.throttle.downloadThroughput : 0);
    const floorLine = (bytes) => PROFILES.map((pr) => `${pr.name}: ${pr.throttle ? ms(floor(bytes, pr)) + ' ms' : '0 ms (no throttling)'}`).join('; ');
    p(`Reference (floor: one round trip + the bytes at the link rate): sheaf.wasm + sheaf.js = ${kb(prog)} KB gzip -> ${floorLine(prog)}.`);
    if (sizes.data !== null) p(`With sheaf.data (${kb(sizes.data)} KB gzip) as well: ${floorLine(prog + sizes.data)}.`);
    const vs = (t, bytes, pr) => `${ms(t)} vs ${pr.throttle ? ms(floor(bytes, pr)) : '0'} ms`;
    p('Cold visits against the floor of the bytes they fetched (measured vs floor): ' + coldRows.map((r) =>
      `${r.profile.name}: first frame ${vs(r.m.firstFrame, r.m.bytesFirst, r.profile)}, Korean ${vs(r.m.korean, r.m.bytesSettled, r.profile)}`).join('; ') + '.');
    p();
    p(`Took ${((Date.now() - started) / 1000).toFixed(0)} s.`);
    console.log(out.join('\n'));
  } finally {
    await browser.close().catch(() => {});
    await host.close();
  }
}

if (SERVE) {
  const host = await startHost(DIST);
  console.log(host.url);
} else main().then(() => process.exit(0), (e) => {
  console.error('page_load: ' + (e && e.stack ? e.stack : e));
  process.exit(1);
});
