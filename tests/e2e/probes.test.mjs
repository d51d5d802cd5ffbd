// Hostile and unlucky files dropped on the real page. Each one ends with a
// clear message, the page still usable (another post opens and draws), and
// the stored bytes exactly what was dropped; then a reload starts normally
// with them stored. Every probe is made here; no outside corpus.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, reload, waitForState, screenshot } from './harness.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const call = (page, name, a1, a2) => page.evaluate(([n, x, y]) => Module.sheaf.call(n, x, y), [name, a1, a2]);
const idle = (s) => s && !s.storage.import.active && s.storage.unsaved.length === 0 && s.storage.saving === 0 && !s.storage.dialog;
const TOUR = '_posts/2024-02-20-markdown-tour';

// Builds the probe in the page (large ones never cross the test protocol)
// and drops it on the canvas. `make` runs in the page and returns
// [{name, bytes: Uint8Array}].
function dropMade(page, make, arg) {
  return page.evaluate(([src, a]) => {
    const files = new Function('a', src)(a);
    const dt = new DataTransfer();
    for (const f of files) dt.items.add(new File([f.bytes], f.name));
    document.getElementById('canvas').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    window.__probe = files;  // kept to compare with what IndexedDB stored
  }, [make, arg]);
}

// The stored record's bytes equal the dropped bytes.
async function storedSame(page, path, index = 0) {
  return page.evaluate(async ([p, i]) => {
    const rec = await SheafIDB.load(p);
    if (!rec) return 'not stored';
    const got = new TextEncoder().encode(rec.text), want = window.__probe[i].bytes;
    if (got.length !== want.length) return `stored ${got.length} bytes, dropped ${want.length}`;
    for (let k = 0; k < got.length; k++) if (got[k] !== want[k]) return `byte ${k} differs`;
    return 'same';
  }, [path, index]);
}

// The page is still usable: another post opens and lays out.
async function usable(page) {
  await call(page, 'select', TOUR);
  const s = await waitForState(page, (x) => x && x.selected === TOUR && x.view && x.view.layout_count > 0 && x.blocks > 5);
  assert.equal(s.view.layout_error, '');
}

const diagnosticOf = (s, part) => (s.view?.diagnostics || []).find((d) => d.message.includes(part));
const noticeOf = (s, part) => (s.storage?.notices || []).find((n) => n.text.includes(part));

const enc = 'const e = new TextEncoder(); ';

test('probes: each dropped file ends with a message, the page usable and the bytes as dropped', async (t) => {
  const { page, errors } = await openPage(env);
  await waitForState(page, (s) => s && s.ready && s.posts.length >= 4 && idle(s));

  // Posts the viewer must bound: dropped, opened, diagnosed, stored as they are.
  const posts = [
    { name: 'huge-table.md', id: 'huge-table', want: 'table of 6,400,128 cells, over the 100,000 the viewer lays out; showing its first 782 rows',
      make: enc + 'return [{name: "huge-table.md", bytes: e.encode("---\\ntitle: 거대한 표\\n---\\n\\n|" + "h|".repeat(128) + "\\n|" + "-|".repeat(128) + "\\n" + "|\\n".repeat(50000))}];' },
    { name: 'long-line.md', id: 'long-line', want: 'line of 5.0 MB, over the 256 KB the viewer lays out',
      make: enc + 'return [{name: "long-line.md", bytes: e.encode("---\\ntitle: 긴 줄\\n---\\n" + "한국어 문장 ".repeat(Math.floor(5 * 1048576 / 17)) + "\\n")}];' },
    { name: 'deep.md', id: 'deep', want: 'quotes or lists nested more than 64 deep',
      make: enc + 'return [{name: "deep.md", bytes: e.encode("# 깊은 글\\n\\n" + ">".repeat(10000) + " 인용\\n\\n" + "- ".repeat(10000) + "항목\\n")}];' },
    { name: 'alias-bomb.md', id: 'alias-bomb', want: 'too many values (alias bomb?)',
      make: enc + 'let s = "---\\ntitle: 폭탄\\na: &a [\\"lol\\",\\"lol\\",\\"lol\\",\\"lol\\",\\"lol\\",\\"lol\\",\\"lol\\",\\"lol\\",\\"lol\\"]\\n", p = "a"; for (const n of "bcdefghi") { s += n + ": &" + n + " [" + Array(9).fill("*" + p).join(",") + "]\\n"; p = n; } return [{name: "alias-bomb.md", bytes: e.encode(s + "---\\n본문\\n")}];' },
    { name: 'binary.md', id: 'binary', want: 'binary file',
      make: 'const b = new Uint8Array(4096); for (let i = 0; i < b.length; i++) b[i] = i % 32; return [{name: "binary.md", bytes: b}];' },
    { name: 'big-50mb.md', id: 'big-50mb', want: 'large file (50 MB)',
      make: enc + 'const unit = "## 제목\\n\\n" + "오늘은 모델 학습과 추론에 대한 강의를 들었다. The quick brown fox jumps over the lazy dog.\\n".repeat(6) + "\\n"; const u = e.encode(unit); const n = Math.ceil(50 * 1048576 / u.length); const head = e.encode("---\\ntitle: 큰 글\\n---\\n"); const b = new Uint8Array(head.length + n * u.length); b.set(head, 0); for (let i = 0; i < n; i++) b.set(u, head.length + i * u.length); return [{name: "big-50mb.md", bytes: b}];' },
  ];
  for (const p of posts) {
    await t.test(p.name, async () => {
      const t0 = Date.now();
      await dropMade(page, p.make);
      const s = await waitForState(page, (x) => idle(x) && x.selected === p.id && x.view && x.view.layout_count > 0 &&
        diagnosticOf(x, p.want), { timeout: 90000 });
      console.log(`${p.name}: diagnosed and drawn ${Date.now() - t0} ms after the drop: ${diagnosticOf(s, p.want).message}`);
      assert.equal(s.view.layout_error, '');
      assert.equal(await storedSame(page, p.name), 'same');
      if (p.id === 'huge-table') await screenshot(page, 'probe-huge-table');
      await usable(page);
    });
  }

  // Files that are not UTF-8 text: refused by name, with what they look like and where.
  const refused = [
    { name: 'invalid.md', want: 'invalid.md — not valid UTF-8 text (line 2, column 4)',
      make: 'return [{name: "invalid.md", bytes: new Uint8Array([35, 32, 120, 10, 97, 98, 99, 0xC3, 0x28, 10])}];' },
  ];
  for (const p of refused) {
    await t.test(p.name, async () => {
      await dropMade(page, p.make);
      const s = await waitForState(page, (x) => idle(x) && noticeOf(x, p.want));
      assert.ok(noticeOf(s, 'Not imported: ' + p.name), JSON.stringify(s.storage.notices));
      assert.equal(await page.evaluate((n) => SheafIDB.load(n), p.name), null);
      await usable(page);
    });
  }

  // Legacy encodings: a dialog shows the converted text; the user converts or skips.
  await t.test('euckr.md: converted after a preview', async () => {
    // "# 안녕하세요 세계" in EUC-KR
    await dropMade(page, 'return [{name: "euckr.md", bytes: new Uint8Array([35, 32, 0xBE, 0xC8, 0xB3, 0xE7, 0xC7, 0xCF, 0xBC, 0xBC, 0xBF, 0xE4, 32, 0xBC, 0xBC, 0xB0, 0xE8, 10])}];');
    const q = await waitForState(page, (x) => x && x.storage.dialog && x.storage.dialog.kind === 'convert');
    assert.deepEqual(q.storage.dialog.buttons, ['Convert and import', 'Skip']);
    assert.match(q.storage.dialog.message, /“euckr\.md” is not UTF-8\. Read as EUC-KR \(Korean\), it begins:\n\n {4}# 안녕하세요 세계\n/);
    await screenshot(page, 'probe-euckr-convert');
    await call(page, 'answer', 0);
    const s = await waitForState(page, (x) => idle(x) && x.posts.some((p) => p.id === 'euckr'));
    assert.ok(noticeOf(s, 'Converted ‘euckr.md’ from EUC-KR (Korean) to UTF-8'));
    assert.equal((await page.evaluate(() => SheafIDB.load('euckr.md'))).text, '# 안녕하세요 세계\n');
    await usable(page);
  });

  await t.test('utf16.md: skipped after a preview', async () => {
    await dropMade(page, 'const s = "# 제목\\n본문\\n"; const b = new Uint8Array(2 + s.length * 2); b[0] = 0xFF; b[1] = 0xFE; for (let i = 0; i < s.length; i++) { b[2 + 2 * i] = s.charCodeAt(i) & 255; b[3 + 2 * i] = s.charCodeAt(i) >> 8; } return [{name: "utf16.md", bytes: b}];');
    const q = await waitForState(page, (x) => x && x.storage.dialog && x.storage.dialog.kind === 'convert');
    assert.match(q.storage.dialog.message, /Read as UTF-16LE, it begins:\n\n {4}# 제목\n {4}본문\n/);
    await call(page, 'answer', 1);
    const s = await waitForState(page, (x) => idle(x) && x.storage.import.rejected.includes('utf16.md: not UTF-8 (UTF-16LE), skipped'));
    assert.equal(await page.evaluate(() => SheafIDB.load('utf16.md')), null);
    await usable(page);
  });

  await t.test('hostile names', async () => {
    const longName = '한'.repeat(100) + '.md';  // 302 bytes
    await dropMade(page, enc + 'return a.map((n) => ({name: n, bytes: e.encode("---\\ntitle: " + n.length + "\\n---\\n")}));',
      ['..\\..\\escape.md', 'ctl\u0001name.md', longName]);
    const s = await waitForState(page, (x) => idle(x) && x.storage.notices.filter((n) => n.text.includes('the dropped name was unsafe')).length >= 2);
    const { files } = await page.evaluate(() => SheafIDB.loadAll());
    const paths = files.map((f) => f.path);
    assert.ok(paths.includes('escape.md'), paths.join(', '));
    assert.ok(paths.includes('ctl_name.md'), paths.join(', '));
    const cut = paths.find((p) => p.startsWith('한한'));
    assert.ok(cut && new TextEncoder().encode(cut).length <= 255 && cut.endsWith('.md'), cut);
    for (const p of paths) assert.ok(!p.includes('..') && !/[\u0000-\u001f]/.test(p), p);
    await usable(page);
  });

  await t.test('two files with one name', async () => {
    await dropMade(page, enc + 'return [{name: "같은 이름.md", bytes: e.encode("---\\ntitle: 첫째 폴더\\n---\\n")}, {name: "같은 이름.md", bytes: e.encode("---\\ntitle: 둘째 폴더\\n---\\n")}];');
    await waitForState(page, (x) => x && x.storage.dialog && x.storage.dialog.kind === 'clash');
    await call(page, 'answer', 1);  // keep both
    await waitForState(page, (x) => idle(x) && x.posts.some((p) => p.title === '첫째 폴더') && x.posts.some((p) => p.title === '둘째 폴더'));
    assert.equal((await page.evaluate(() => SheafIDB.load('같은 이름.md'))).text, '---\ntitle: 첫째 폴더\n---\n');
    assert.equal((await page.evaluate(() => SheafIDB.load('같은 이름 (2).md'))).text, '---\ntitle: 둘째 폴더\n---\n');
  });

  await t.test('10,000 small files at once', async () => {
    const t0 = Date.now();
    await dropMade(page, enc + 'const out = []; for (let i = 0; i < 10000; i++) out.push({name: "small-" + i + ".md", bytes: e.encode("---\\ntitle: 작은 글 " + i + "\\ntags: [작은]\\n---\\n본문 " + i + "\\n")}); return out;');
    const s = await waitForState(page, (x) => idle(x) && x.total >= 10000, { timeout: 240000 });
    console.log(`10,000 files imported and saved in ${Date.now() - t0} ms; the list has ${s.total} posts`);
    const count = await page.evaluate(async () => (await SheafIDB.loadAll()).files.length);
    assert.ok(count >= 10000, String(count));
    await usable(page);
  });

  // A reload starts normally with every probe stored, and opens the huge table again.
  await reload(page, 120000);
  await waitForState(page, (x) => x && x.ready && x.total >= 10000, { timeout: 120000 });
  await call(page, 'select', 'huge-table');
  const s = await waitForState(page, (x) => x && x.selected === 'huge-table' && x.view && x.view.layout_count > 0 &&
    diagnosticOf(x, 'table of 6,400,128 cells'), { timeout: 60000 });
  assert.equal(s.view.layout_error, '');
  // Nothing rewrote it: the stored text is still exactly what was dropped.
  assert.ok(await page.evaluate(async () => (await SheafIDB.load('huge-table.md')).text ===
    '---\ntitle: 거대한 표\n---\n\n|' + 'h|'.repeat(128) + '\n|' + '-|'.repeat(128) + '\n' + '|\n'.repeat(50000)));
  assert.deepEqual(errors, []);
});
