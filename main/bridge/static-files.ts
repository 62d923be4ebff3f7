// Serves the built renderer (out/renderer) to the browser mode: GET/HEAD only, no path escapes its folder.
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The same policy the Electron shell sets (main/shell): the page may talk to its own origin only. */
export const RENDERER_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'";

function fileIn(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = normalize(join(root, decoded));
  return full === root || full.startsWith(root.endsWith(sep) ? root : root + sep) ? full : null;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'X-Content-Type-Options': 'nosniff' });
  res.end(body);
}

/**
 * A path without an extension that is not a file gets index.html (the UI routes on the client). When the renderer
 * was never built the answer says so, instead of a bare 404 a shop owner cannot act on.
 */
export function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed.\n');
    return;
  }
  const urlPath = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  const index = join(root, 'index.html');
  let file = fileIn(root, urlPath);
  if (file === null) {
    send(res, 400, 'text/plain; charset=utf-8', 'Bad path.\n');
    return;
  }
  if (!isFile(file)) {
    if (extname(file) !== '') {
      send(res, 404, 'text/plain; charset=utf-8', 'Not found.\n');
      return;
    }
    file = index;
  }
  if (!isFile(file)) {
    send(res, 503, 'text/html; charset=utf-8', "<!doctype html><meta charset=utf-8><title>Stalela POS</title><p>L'interface n'est pas construite : lancez <code>npm run build</code>.</p><p lang=en>The UI is not built: run <code>npm run build</code>.</p>\n");
    return;
  }
  const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const headers: Record<string, string | number> = {
    'Content-Type': type,
    'Content-Length': statSync(file).size,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': file === index ? 'no-cache' : 'public, max-age=3600',
  };
  if (type.startsWith('text/html')) {
    headers['Content-Security-Policy'] = `${RENDERER_CSP}; frame-ancestors 'none'`;
    headers['X-Frame-Options'] = 'DENY';
  }
  res.writeHead(200, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}
