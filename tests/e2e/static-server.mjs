// Sheaf static file server for the built page (tests and toolchain/serve.sh).
//   node static-server.mjs DIR [PORT [BASE]]   -> prints http://127.0.0.1:PORT/BASE
// As a module: const srv = await startServer(dir, port = 0, { base: '/sheaf/' });
//   srv.url (ends with the base); await srv.close();
// Binds 127.0.0.1 only, sends the right types for .wasm/.data/.woff2, and
// disables caching so a rebuilt page is always what the browser runs.
// base: the page lives under that path, as on a host that serves it from a
// sub-folder; anything outside it is a 404.
// A file X with X.br or X.gz beside it (toolchain/web-dist.py) is sent
// compressed when the request accepts that encoding, with X's type.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Content types by extension (the page-load benchmark's host uses them too).
export const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.data': 'application/octet-stream',
  '.md': 'text/markdown; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

// Which precompressed copy to send, best first, if the client accepts it.
function encodings(header) {
  const accepted = new Set();
  for (const part of String(header || '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((x) => x.trim()).find((x) => x.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) accepted.add(name);
  }
  return [['br', '.br'], ['gzip', '.gz']].filter(([name]) => accepted.has(name) || accepted.has('*'));
}

export function startServer(dir, port = 0, { base = '/' } = {}) {
  const root = path.resolve(dir);
  if (!base.startsWith('/') || !base.endsWith('/')) throw new Error(`base must start and end with '/': ${base}`);
  const server = http.createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    if (rel === base.slice(0, -1)) {  // /sheaf -> /sheaf/, as static hosts do
      res.writeHead(301, { Location: base }).end();
      return;
    }
    if (!rel.startsWith(base)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found: ' + rel);
      return;
    }
    rel = '/' + rel.slice(base.length);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(root, rel);
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found: ' + rel);
        return;
      }
      const headers = {
        'Content-Type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
        'Content-Length': st.size,
        'Cache-Control': 'no-store',
        Vary: 'Accept-Encoding',
      };
      let send = file;
      for (const [name, ext] of encodings(req.headers['accept-encoding'])) {
        try {
          const cst = fs.statSync(file + ext);
          if (!cst.isFile()) continue;
          send = file + ext;
          headers['Content-Encoding'] = name;
          headers['Content-Length'] = cst.size;
          break;
        } catch { /* no such copy */ }
      }
      res.writeHead(200, headers);
      if (req.method === 'HEAD') res.end();
      else fs.createReadStream(send).pipe(res);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${server.address().port}${base}`;
      resolve({ url, server, close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }) });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, port, base] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node static-server.mjs DIR [PORT [BASE]]');
    process.exit(2);
  }
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    console.error(`static-server: ${dir} has no index.html (build the web app first)`);
    process.exit(1);
  }
  const srv = await startServer(dir, port ? Number(port) : 8080, { base: base || '/' });
  console.log(srv.url);
}
