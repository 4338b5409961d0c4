import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export interface StaticFile {
  body: Buffer;
  type: string;
  /** Hashed assets never change under the same name; the page itself must always be fresh. */
  immutable: boolean;
}

/** Reads a file of the built renderer, refusing anything outside it; unknown paths get the page. */
export async function readStatic(rootDir: string, urlPath: string): Promise<StaticFile | null> {
  const root = resolve(rootDir);
  const relative = normalize(decodeURIComponent(urlPath)).replace(/^([/\\])+/, '');
  const file = join(root, relative);
  if (file !== root && !file.startsWith(root + sep)) return null;
  const candidate = relative === '' || relative.endsWith(sep) ? join(root, 'index.html') : file;
  try {
    return { body: await readFile(candidate), type: TYPES[extname(candidate)] ?? 'application/octet-stream', immutable: candidate.includes(`${sep}assets${sep}`) };
  } catch {
    if (extname(relative)) return null;
    return { body: await readFile(join(root, 'index.html')), type: TYPES['.html']!, immutable: false };
  }
}
