// A Jekyll site opened as a folder notebook (File > Open folder…, a folder of
// the Origin Private File System standing in for one on disk): the page reads
// its _config.yml and lists the posts the way Jekyll builds them. Times
// without a zone are read in the site's timezone and shown in it, categories
// come from the folders above _posts, drafts, unpublished and future posts
// carry their mark and answer is:draft / is:unpublished / is:future, and a
// front-matter default is seen by search without being written into a file.
// Screenshot: jekyll-site-marks (DPR 2).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, waitReady, screenshot, waitFrames } from './harness.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const FOLDER = '지킬 블로그';
const FILES = {
  '_config.yml': 'title: 지킬 블로그\ntimezone: Asia/Seoul\ndefaults:\n  - scope:\n      path: ""\n      type: posts\n    values:\n      author: 김하늘\n',
  '_posts/2024-03-10-spring-walk.md': '---\ntitle: 봄 산책\ndate: 2024-03-10 09:30:00\n---\n\n벚꽃이 피기 시작했다.\n',
  'travel/_posts/2024-04-02-busan.md': '---\ntitle: 부산 여행\ncategories: [photos]\n---\n\n바다를 보러 갔다.\n',
  '_posts/2024-05-01-hidden.md': '---\ntitle: Not yet public\npublished: false\n---\n\nWaiting for review.\n',
  '_posts/2099-01-01-letter.md': '---\ntitle: 미래에 보내는 편지\n---\n\n아직 오지 않은 날.\n',
  '_drafts/half-done.md': '---\ntitle: 쓰다 만 글\n---\n\n끝나지 않았다.\n',
};
const TITLES = ['봄 산책', '부산 여행', 'Not yet public', '미래에 보내는 편지', '쓰다 만 글'];

const PICK_INIT = `window.__sheafPickDirectory = async () =>
  (await navigator.storage.getDirectory()).getDirectoryHandle(${JSON.stringify(FOLDER)}, { create: true });`;
const call = (page, name, a1, a2) => page.evaluate(([n, x, y]) => Module.sheaf.call(n, x, y), [name, a1, a2]);

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
    if (last && predicate(last)) return last;
    if (Date.now() > end) throw new Error('timed out waiting for ' + what + '; last state: ' + JSON.stringify(last && {
      ready: last.ready, total: last.total, query: last.query, posts: last.posts,
    }).slice(0, 3000));
    await new Promise((r) => setTimeout(r, 50));
  }
}

function writeFolder(page, files) {
  return page.evaluate(async ([folder, files]) => {
    const root = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder, { create: true });
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

function readFolder(page) {
  return page.evaluate(async (folder) => {
    const out = {};
    const walk = async (d, prefix) => {
      for await (const [name, h] of d.entries()) {
        if (h.kind === 'directory') { if (!name.startsWith('.')) await walk(h, prefix + name + '/'); }
        else out[prefix + name] = await (await h.getFile()).text();
      }
    };
    await walk(await (await navigator.storage.getDirectory()).getDirectoryHandle(folder), '');
    return out;
  }, FOLDER);
}

const loaded = (s) => s.ready && s.notebook.notebook !== 'browser' && s.total === TITLES.length && !s.query;
const byTitle = (s, title) => s.posts.find((p) => p.title === title);
const search = (page, q) => page.evaluate((q) => { location.hash = '#/?q=' + encodeURIComponent(q); }, q);

test('a Jekyll folder: the site zone, folder categories, publishing marks and is: queries, defaults never written', async () => {
  const { page, context, errors } = await openPage(env, { initScript: PICK_INIT, deviceScaleFactor: 2 });
  await writeFolder(page, FILES);
  const r = await call(page, 'menu', 'openFolder');
  assert.equal(r.ok, true, 'a picker opened: ' + JSON.stringify(r));
  await until(page, loaded, 'the folder notebook');
  await waitReady(page);
  // _config.yml is read after the files: wait for its rules (a mark) to be in.
  let s = await until(page, (x) => loaded(x) && byTitle(x, '쓰다 만 글')?.mark === 'Draft', 'the site rules');
  assert.deepEqual(s.posts.map((p) => p.title).sort(), [...TITLES].sort());

  // A time without a zone is read in Asia/Seoul and shown in it.
  assert.equal(byTitle(s, '봄 산책').date, '2024-03-10T09:30:00+09:00');
  // The folder above _posts is a category, before the post's own.
  assert.deepEqual(byTitle(s, '부산 여행').categories, ['travel', 'photos']);
  assert.deepEqual(byTitle(s, '봄 산책').categories, []);
  // Marks: draft, unpublished, scheduled (Jekyll's future: false), none.
  assert.equal(byTitle(s, 'Not yet public').mark, 'Unpublished');
  assert.equal(byTitle(s, '미래에 보내는 편지').mark, 'Scheduled');
  assert.equal(byTitle(s, '봄 산책').mark, '');
  await until(page, (x) => x.posts.every((p) => p.rect[3] > 0), 'rows laid out');
  await waitFrames(page, 3);
  await screenshot(page, 'jekyll-site-marks');

  const titlesFor = async (q) => {
    await search(page, q);
    const t = await until(page, (x) => x.query === q && !x.query_error, 'the query ' + q);
    return t.posts.map((p) => p.title).sort();
  };
  assert.deepEqual(await titlesFor('is:draft'), ['쓰다 만 글']);
  assert.deepEqual(await titlesFor('is:unpublished'), ['Not yet public']);
  assert.deepEqual(await titlesFor('is:future'), ['미래에 보내는 편지']);
  // The default author is inherited by the posts (not the draft: type posts covers _drafts too, as Jekyll does).
  assert.ok((await titlesFor('author:김하늘')).includes('봄 산책'), 'search sees the inherited author');

  // Nothing was written: the folder holds exactly the files we put there.
  assert.deepEqual(await readFolder(page), FILES);
  assert.deepEqual(errors, []);
  await context.close();
});
