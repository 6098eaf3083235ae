// Writes `<file>.gz` (gzip -9) and `<file>.br` (brotli, quality 11) beside
// every compressible file of a built site, as static hosts serve them
// (`node e2e/precompress.mjs dist`; `./dev build` runs it). The server in
// server.mjs sends the smallest one the browser accepts.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

export const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.svg', '.json', '.txt', '.webmanifest']);

async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(p);
    else if (COMPRESSIBLE.has(path.extname(p).toLowerCase())) yield p;
  }
}

export async function precompress(root) {
  const out = [];
  for await (const file of files(path.resolve(root))) {
    const data = await readFile(file);
    const gz = zlib.gzipSync(data, { level: 9 });
    const br = zlib.brotliCompressSync(data, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    });
    await writeFile(file + '.gz', gz);
    await writeFile(file + '.br', br);
    out.push({ file: path.relative(root, file), raw: data.length, gz: gz.length, br: br.length });
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] || 'dist';
  for (const f of await precompress(root)) {
    console.log(`    ${f.file}: ${f.raw} bytes, gzip ${f.gz}, brotli ${f.br}`);
  }
}
