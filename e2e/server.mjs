// Tiny static file server for the built app (dist/), with an SPA fallback:
// a request for a path that is not a file gets index.html, so deep links such
// as /lessons/<id> and /sandbox load the app. Like a real static host it
// sends a file's precompressed copy (`.br`, else `.gz`, written by
// precompress.mjs) when the browser accepts it. Loopback only.
//
//   import { startServer } from './server.mjs'   // const s = await startServer('dist'); s.url; await s.close()
//   startServer('dist', { onServe })            // onServe({ path, file, encoding, bytes }) for every file sent
//   node e2e/server.mjs [dist] [port]           // serve by hand (port 0 = any free port)
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.toml': 'text/plain; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

async function fileAt(p) {
  try {
    const s = await stat(p);
    return s.isFile() ? s : null;
  } catch {
    return null;
  }
}

export async function startServer(root, { host = '127.0.0.1', port = 0, log = false, onServe = null } = {}) {
  root = path.resolve(root);
  const index = path.join(root, 'index.html');
  if (!(await fileAt(index))) throw new Error(`no ${index}: build the app first (trunk build)`);

  const server = createServer(async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      let pathname;
      try {
        pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      } catch {
        res.writeHead(400).end('bad request');
        return;
      }
      let file = path.join(root, path.normalize(pathname));
      if (file !== root && !file.startsWith(root + path.sep)) {
        res.writeHead(403).end('forbidden');
        return;
      }
      let st = await fileAt(file);
      if (!st && (await fileAt(path.join(file, 'index.html')))) {
        file = path.join(file, 'index.html');
        st = await fileAt(file);
      }
      if (!st) {
        // SPA fallback: page navigations and extension-less paths get the app;
        // a missing asset (/x.js, /favicon.ico) is a real 404.
        const wantsHtml = (req.headers.accept || '').includes('text/html');
        if (wantsHtml || path.extname(pathname) === '') {
          file = index;
          st = await fileAt(file);
        } else {
          res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
          if (log) console.log(`404 ${req.url}`);
          return;
        }
      }
      const type = MIME[path.extname(file).toLowerCase()] || 'application/octet-stream';
      // A precompressed copy (precompress.mjs), as static hosts serve them:
      // brotli, else gzip, when the browser accepts it.
      const accepts = (req.headers['accept-encoding'] || '').split(',').map((e) => e.trim().split(';')[0]);
      let encoding = null;
      for (const [enc, ext] of [['br', '.br'], ['gzip', '.gz']]) {
        if (!accepts.includes(enc)) continue;
        const packed = await fileAt(file + ext);
        if (packed) {
          encoding = enc;
          file = file + ext;
          st = packed;
          break;
        }
      }
      const headers = {
        'Content-Type': type,
        'Content-Length': st.size,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        Vary: 'Accept-Encoding',
      };
      if (encoding) headers['Content-Encoding'] = encoding;
      res.writeHead(200, headers);
      onServe?.({ path: pathname, file: path.relative(root, file), encoding, bytes: req.method === 'HEAD' ? 0 : st.size });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      createReadStream(file).on('error', () => res.destroy()).pipe(res);
      if (log) console.log(`200 ${req.url} -> ${path.relative(root, file)}`);
    } catch (err) {
      res.destroy(err);
    }
  });
  server.keepAliveTimeout = 1000;

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const addr = server.address();
  return {
    url: `http://${host}:${addr.port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] || 'dist';
  const port = Number(process.argv[3] || 8080);
  const s = await startServer(root, { port, log: true });
  console.log(`serving ${path.resolve(root)} on ${s.url} (Ctrl-C to stop)`);
  const stop = async () => {
    await s.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
