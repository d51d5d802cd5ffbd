// Import and export on the real page: dropped files and folders (every
// readEntries batch), the folder picker, refusals that name the file, the
// name-clash question, document actions with the trash, and exports that
// give back the stored bytes (the .zip checked with the system unzip).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { launch, openPage, reload, waitForState, waitFrames, screenshot } from './harness.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const POSTS = process.env.SHEAF_TEST_POSTS || path.resolve(path.dirname(new URL(import.meta.url).pathname), '../data/posts');
const ready = (s) => s.ready && s.posts.length >= 4;
const call = (page, name, a1, a2) => page.evaluate(([n, x, y]) => Module.sheaf.call(n, x, y), [name, a1, a2]);
const stored = (page, p) => page.evaluate((x) => SheafIDB.load(x), p);
const idle = (s) => !s.storage.import.active && s.storage.unsaved.length === 0 && s.storage.saving === 0 && !s.storage.dialog;

// What the test posts must show once imported: title and tags as their front
// matter says (post 03 has none: its title is its first heading).
const POST_EXPECT = {
  '01-spring-retro': { title: '[회고] 2024-03-09 봄맞이 주간 돌아보기', tags: [] },
  '02-experiment-notes': { title: '[스터디] 추천 모델 3주차 정리 & 회고',
    tags: ['스터디', 'ML', 'Recommender System', 'Docker', '데이터 시각화', 'Linux'] },
  '03-todo-memo': { title: '이번 주 안에 끝낼 일', tags: [] },
  '04-study-review': { title: '[후기] 오픈소스 스터디 6기 마무리 후기', tags: ['opensource', '스터디', 'review'] },
  '05-meetup-log': { title: '[모임] 5회차 기록_그림책읽기', tags: [] },
  '06-emoji-and-keys': { title: '이모지와 따옴표 키 시험 🔬', tags: ['emoji', '한글 태그', '테스트'] },
  '07-long-essay': { title: '오래 걷는 사람의 메모', tags: ['산책', '기록', '겨울'] },
};
const idOf = (name) => name.replace(/\.md$/, '');

function postFiles() {
  return fs.readdirSync(POSTS).filter((f) => f.endsWith('.md')).sort()
    .map((name) => ({ name, bytes: [...fs.readFileSync(path.join(POSTS, name))] }));
}

// A synthetic drop on the canvas: the DataTransfer holds real File objects.
function dropFiles(page, files) {
  return page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type || '' }));
    const canvas = document.getElementById('canvas');
    canvas.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    canvas.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
}

test('seven dropped test posts appear with their titles and tags, and persist', async () => {
  const { page, context, errors } = await openPage(env);
  await waitForState(page, ready);
  const posts = postFiles();
  assert.deepEqual(posts.map((f) => idOf(f.name)), Object.keys(POST_EXPECT));
  await dropFiles(page, posts);
  const s = await waitForState(page, (x) => idle(x) && posts.every((f) => x.posts.some((p) => p.id === idOf(f.name))),
    { timeout: 20000 });
  for (const f of posts) {
    const id = idOf(f.name);
    const p = s.posts.find((x) => x.id === id);
    const want = POST_EXPECT[id];
    assert.equal(p.title, want.title, id);
    assert.deepEqual(p.tags, want.tags, id);
    // Stored byte for byte.
    const rec = await stored(page, f.name);
    assert.deepEqual([...Buffer.from(rec.text, 'utf8')], f.bytes);
  }
  assert.equal(s.storage.import.added, posts.length);
  await waitFrames(page, 3);
  await screenshot(page, 'import-posts-dropped');
  await reload(page);
  const after = await waitForState(page, ready);
  for (const f of posts) assert.ok(after.posts.some((p) => p.id === idOf(f.name)));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a dropped folder is walked through every readEntries batch (250 files, 100 per batch)', async () => {
  const { page, context } = await openPage(env);
  await waitForState(page, ready);
  // Directory entries as the browser hands them out: at most 100 per readEntries call.
  const count = await page.evaluate(async () => {
    const mkFile = (dir, name, text) => ({
      isFile: true, isDirectory: false, name, fullPath: '/' + dir + '/' + name,
      file: (ok) => ok(new File([text], name)),
    });
    const mkDir = (name, children) => ({
      isFile: false, isDirectory: true, name, fullPath: '/' + name,
      createReader() {
        let at = 0;
        return { readEntries: (ok) => { const batch = children.slice(at, at + 100); at += batch.length; setTimeout(() => ok(batch), 1); } };
      },
    });
    const files = [];
    for (let i = 0; i < 250; i++)
      files.push(mkFile('블로그', `글-${String(i).padStart(3, '0')}.md`, `---\ntitle: 폴더 글 ${i}\ntags: [folder, n${i % 3}]\n---\n본문 ${i}\n`));
    files.push(mkFile('블로그', 'cover.png', 'PNG'));
    files.push(mkFile('블로그', '.DS_Store', 'junk'));
    const dt = { items: [{ kind: 'file', webkitGetAsEntry: () => mkDir('블로그', files) }], files: [] };
    await SheafImport.fromDataTransfer(Module, dt);
    return files.length;
  });
  assert.equal(count, 252);
  const s = await waitForState(page, (x) => idle(x) && x.posts.filter((p) => p.tags.includes('folder')).length === 250, { timeout: 60000 });
  const p7 = s.posts.find((p) => p.title === '폴더 글 7');
  assert.ok(p7, 'a file of the first batch');
  assert.deepEqual(p7.tags, ['folder', 'n1']);
  assert.ok(s.posts.find((p) => p.title === '폴더 글 249'), 'a file of the last batch');
  assert.equal(p7.id, '블로그/글-007', 'folder paths are kept');
  // Images come along as assets (images.test.mjs); this one only has an image's name.
  assert.deepEqual(s.storage.import.rejected, ['블로그/cover.png: not a PNG, JPEG, GIF or WebP image']);
  assert.ok(s.storage.notices.some((n) => n.error && n.text.includes('cover.png')), 'the refusal names the file');
  assert.ok(!s.storage.import.rejected.some((r) => r.includes('DS_Store')), 'hidden files are skipped quietly');
  await context.close();
});

test('the folder picker imports a real folder; non-UTF-8 and other files are refused by name', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sheaf-import-'));
  const root = path.join(dir, 'notes');
  fs.mkdirSync(path.join(root, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(root, 'a.md'), '---\ntitle: 폴더 선택 A\ntags: [picker]\n---\n가\n');
  fs.writeFileSync(path.join(root, 'sub', 'b.markdown'), '---\ntitle: 폴더 선택 B\ntags: [picker, sub]\n---\n나\n');
  fs.writeFileSync(path.join(root, 'sub', 'c.txt'), '# 텍스트 파일\n다\n');
  fs.writeFileSync(path.join(root, 'latin1.md'), Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0x74, 0xe9, 0x0a]));
  fs.writeFileSync(path.join(root, 'photo.jpg'), Buffer.from([0xff, 0xd8, 0xff]));
  fs.writeFileSync(path.join(root, 'scan.pdf'), '%PDF-1.7');
  const { page, context } = await openPage(env);
  await waitForState(page, ready);
  await page.setInputFiles('#import-folder', root);
  const s = await waitForState(page, (x) => idle(x) && x.posts.filter((p) => p.tags.includes('picker')).length === 2, { timeout: 20000 });
  assert.deepEqual(s.posts.find((p) => p.title === '폴더 선택 B').tags, ['picker', 'sub']);
  assert.ok(s.posts.some((p) => p.id === 'notes/sub/c'), 'a .txt file is accepted');
  const rej = s.storage.import.rejected.slice().sort();
  assert.deepEqual(rej, ['notes/latin1.md: not valid UTF-8 text (line 2, column 2)',
    'notes/scan.pdf: not a Markdown or text file (.md, .markdown, .txt)']);
  // A JPEG is kept beside the posts as an asset (images.test.mjs), at its path.
  await page.waitForFunction(async () => (await SheafIDB.listAssets()).some((a) => a.path === 'notes/photo.jpg'));
  await waitFrames(page, 3);
  await screenshot(page, 'import-folder-picker-refusals');
  fs.rmSync(dir, { recursive: true, force: true });
  await context.close();
});

test('a name clash asks: keep both, replace, or skip (for all the rest)', async () => {
  const { page, context } = await openPage(env);
  await waitForState(page, ready);
  const one = [{ name: 'clash.md', bytes: [...Buffer.from('---\ntitle: 처음\n---\n')] }];
  await dropFiles(page, one);
  await waitForState(page, (x) => idle(x) && x.posts.some((p) => p.title === '처음'));

  // Same name again: the question comes.
  await dropFiles(page, [{ name: 'clash.md', bytes: [...Buffer.from('---\ntitle: 두 번째\n---\n')] }]);
  const q = await waitForState(page, (x) => x.storage.dialog && x.storage.dialog.kind === 'clash');
  assert.deepEqual(q.storage.dialog.buttons, ['Replace', 'Keep both', 'Skip']);
  assert.match(q.storage.dialog.message, /clash\.md/);
  await waitFrames(page, 3);
  await screenshot(page, 'import-name-clash');
  await call(page, 'answer', 1);  // keep both
  await waitForState(page, (x) => idle(x) && x.posts.some((p) => p.title === '두 번째'));
  assert.equal((await stored(page, 'clash (2).md')).text, '---\ntitle: 두 번째\n---\n');
  assert.equal((await stored(page, 'clash.md')).text, '---\ntitle: 처음\n---\n');

  // Replace, for all of a batch of two clashes.
  await dropFiles(page, [{ name: 'clash.md', bytes: [...Buffer.from('---\ntitle: 세 번째\n---\n')] },
    { name: 'clash (2).md', bytes: [...Buffer.from('---\ntitle: 네 번째\n---\n')] }]);
  await waitForState(page, (x) => x.storage.dialog && x.storage.dialog.kind === 'clash');
  await call(page, 'answer', 0, 'all');
  await waitForState(page, (x) => idle(x) && x.posts.some((p) => p.title === '네 번째'));
  assert.equal((await stored(page, 'clash.md')).text, '---\ntitle: 세 번째\n---\n');
  assert.equal((await stored(page, 'clash (2).md')).text, '---\ntitle: 네 번째\n---\n');

  // Skip leaves the stored file alone.
  await dropFiles(page, [{ name: 'clash.md', bytes: [...Buffer.from('skip me')] }]);
  await waitForState(page, (x) => x.storage.dialog && x.storage.dialog.kind === 'clash');
  await call(page, 'answer', 2);
  await waitForState(page, idle);
  assert.equal((await stored(page, 'clash.md')).text, '---\ntitle: 세 번째\n---\n');
  await context.close();
});

test('new post from the template, rename, duplicate, delete to the trash and undo', async () => {
  const { page, context, errors } = await openPage(env);
  await waitForState(page, ready);
  await call(page, 'newPost', '안녕 세상: 첫 글');
  const s = await waitForState(page, (x) => idle(x) && x.posts.some((p) => p.title === '안녕 세상: 첫 글'));
  const d = new Date();
  const today = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  const path0 = `_posts/${today}-안녕-세상-첫-글.md`;
  const rec = await stored(page, path0);
  assert.ok(rec, 'stored as ' + path0);
  assert.equal(rec.text, `---\ntitle: "안녕 세상: 첫 글"\ndate: ${today}\ntags: []\n---\n\n`);
  assert.equal(s.selected, path0.replace(/\.md$/, ''));

  // Rename.
  await call(page, 'rename', path0, '_posts/2024-01-01-바뀐-이름.md');
  await waitForState(page, (x) => x.posts.some((p) => p.id === '_posts/2024-01-01-바뀐-이름'));
  assert.equal(await stored(page, path0), null);
  assert.equal((await stored(page, '_posts/2024-01-01-바뀐-이름.md')).text, rec.text);

  // Duplicate.
  await call(page, 'duplicate', '_posts/2024-01-01-바뀐-이름.md');
  await waitForState(page, (x) => idle(x) && x.posts.some((p) => p.id === '_posts/2024-01-01-바뀐-이름 (2)'));
  assert.equal((await stored(page, '_posts/2024-01-01-바뀐-이름 (2).md')).text, rec.text);

  // Delete: gone from the notebook, in the trash, Undo brings it back.
  await call(page, 'delete', '_posts/2024-01-01-바뀐-이름 (2).md');
  const del = await waitForState(page, (x) => !x.posts.some((p) => p.id === '_posts/2024-01-01-바뀐-이름 (2)') && x.storage.undo);
  assert.ok(del.storage.notices.some((n) => n.action === 'Undo'));
  assert.equal(await stored(page, '_posts/2024-01-01-바뀐-이름 (2).md'), null);
  const trash = await page.evaluate(() => SheafIDB.listTrash());
  assert.equal(trash.length, 1);
  assert.equal(trash[0].file.text, rec.text);
  await waitFrames(page, 3);
  await screenshot(page, 'documents-deleted-undo');
  await page.locator('#canvas').click({ position: { x: 900, y: 500 } });
  await page.keyboard.press('Control+z');
  await waitForState(page, (x) => x.posts.some((p) => p.id === '_posts/2024-01-01-바뀐-이름 (2)'));
  assert.equal((await stored(page, '_posts/2024-01-01-바뀐-이름 (2).md')).text, rec.text);
  assert.equal((await page.evaluate(() => SheafIDB.listTrash())).length, 0);

  // Delete again and empty the trash: gone for good, also after a reload.
  await call(page, 'delete', '_posts/2024-01-01-바뀐-이름 (2).md');
  await waitForState(page, (x) => !x.posts.some((p) => p.id === '_posts/2024-01-01-바뀐-이름 (2)'));
  await call(page, 'emptyTrash');
  await page.waitForFunction(async () => (await SheafIDB.listTrash()).length === 0);
  await reload(page);
  const r = await waitForState(page, ready);
  assert.ok(!r.posts.some((p) => p.id === '_posts/2024-01-01-바뀐-이름 (2)'));
  assert.ok(r.posts.some((p) => p.id === '_posts/2024-01-01-바뀐-이름'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('exports: the post as exact .md, as safe HTML, and the notebook as a .zip that unzip extracts byte for byte', async () => {
  const { page, context } = await openPage(env);
  const s = await waitForState(page, ready);
  // Something with a tricky name and raw HTML to sanitize.
  await dropFiles(page, [{ name: '스크립트 글.md', bytes: [...Buffer.from('---\ntitle: 위험한 글\n---\n본문 <script>alert(1)</script> <img src="/assets/img/a.png" onerror="x()">\n\n![그림](images/b.png)\n')] }]);
  await waitForState(page, (x) => idle(x) && x.posts.some((p) => p.title === '위험한 글'));

  // .md: the stored bytes.
  const id = s.posts[0].id;
  const rec = await stored(page, (await call(page, 'text', id)).path);
  const [md] = await Promise.all([page.waitForEvent('download'), call(page, 'exportPost', id)]);
  assert.equal(md.suggestedFilename(), rec.path.split('/').pop());
  assert.deepEqual(fs.readFileSync(await md.path()), Buffer.from(rec.text, 'utf8'));

  // HTML: safe mode, images linked by their paths.
  const [html] = await Promise.all([page.waitForEvent('download'), call(page, 'exportHtml', '스크립트 글')]);
  assert.equal(html.suggestedFilename(), '스크립트 글.html');
  const page1 = fs.readFileSync(await html.path(), 'utf8');
  assert.match(page1, /<meta charset="utf-8">/);
  assert.match(page1, /<h1>위험한 글<\/h1>/);
  assert.doesNotMatch(page1, /<script/i);
  assert.doesNotMatch(page1, /onerror/i);
  assert.match(page1, /<img src="images\/b\.png" alt="그림"/);

  // .zip: Jekyll layout; every stored document comes back identical.
  const [zip] = await Promise.all([page.waitForEvent('download'), call(page, 'exportZip')]);
  assert.match(zip.suggestedFilename(), /^sheaf-notebook-\d{4}-\d{2}-\d{2}\.zip$/);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sheaf-zip-'));
  const file = path.join(dir, 'n.zip');
  fs.copyFileSync(await zip.path(), file);
  execFileSync('unzip', ['-q', file, '-d', path.join(dir, 'out')]);
  const { files } = await page.evaluate(() => SheafIDB.loadAll());
  assert.ok(files.length >= 5);
  for (const f of files) {
    const inZip = f.path.includes('/') ? f.path : '_posts/' + f.path;
    const got = fs.readFileSync(path.join(dir, 'out', inZip));
    assert.deepEqual(got, Buffer.from(f.text, 'utf8'), inZip);
  }
  // And the site's images (the sample notebook's, stored at its first start) at their paths.
  const assets = await page.evaluate(async () => Promise.all((await SheafIDB.listAssets()).map(async (a) =>
    ({ path: a.path, bytes: [...(await SheafIDB.loadAsset(a.path))] }))));
  assert.ok(assets.length >= 1);
  for (const a of assets) assert.deepEqual([...fs.readFileSync(path.join(dir, 'out', a.path))], a.bytes, a.path);
  const listed = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n');
  assert.equal(listed.length, files.length + assets.length);
  assert.ok(listed.includes('_posts/스크립트 글.md'));
  fs.rmSync(dir, { recursive: true, force: true });
  await context.close();
});
