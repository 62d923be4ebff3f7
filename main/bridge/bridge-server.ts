// The loopback bridge: the PosApi over HTTP on 127.0.0.1 (POST /api/{method}, bearer token), plus the built UI.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { PosErrorCode, PosResult } from '../api/pos-types';
import type { PosService } from '../core/pos-service';
import { HTTP_STATUS } from './http-status';
import { serveStatic } from './static-files';
import { isSameToken } from './token';

/** Only the loopback interface: the bridge is for this machine's UI, kiosks and scripts, never the shop's network. */
export const BRIDGE_HOST = '127.0.0.1';
/** A 100,000-product catalog import is about 15 MB of JSON; anything far above is not a till request. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

export type BridgeOptions = {
  service: Pick<PosService, 'dispatch'>;
  token: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** The built renderer (out/renderer); without it only /api is served. */
  staticDir?: string;
};

export type Bridge = { url: string; port: number; close(): Promise<void> };

function sendResult(res: ServerResponse, result: PosResult<unknown>, extra: Record<string, string> = {}): void {
  const status = result.ok ? 200 : HTTP_STATUS[result.error.code];
  const body = JSON.stringify(result);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...extra,
  });
  res.end(body);
}

const failure = (code: PosErrorCode, message: string): PosResult<never> => ({ ok: false, error: { code, message } });

/** Reads the whole body up to the limit; null when it is over. */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let isOver = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) isOver = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolveBody(isOver ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * A page on another site cannot call the API: the bearer token is needed, and it never reaches other origins (no
 * CORS headers are ever sent, so the browser refuses the preflight an Authorization header requires). The Host
 * check also defeats DNS rebinding, where another site's name is pointed at 127.0.0.1 to look same-origin.
 */
function isLoopbackHost(host: string | undefined, port: number): boolean {
  return host === `${BRIDGE_HOST}:${port}` || host === `localhost:${port}`;
}

async function handleApi(options: BridgeOptions, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  if (req.method !== 'POST') {
    sendResult(res, failure('unknown_method', 'The API answers POST /api/{method} only.'), { Allow: 'POST' });
    return;
  }
  // The token is checked before the body is read: a caller without it costs no parsing and learns nothing.
  const auth = req.headers.authorization ?? '';
  const given = /^Bearer (\S+)$/.exec(auth)?.[1];
  if (given === undefined || !isSameToken(given, options.token)) {
    req.resume();
    sendResult(res, failure('unauthorized', 'A valid "Authorization: Bearer <token>" header is required.'), { 'WWW-Authenticate': 'Bearer' });
    return;
  }
  let method: string;
  try {
    method = decodeURIComponent(pathname.slice('/api/'.length));
  } catch {
    req.resume();
    sendResult(res, failure('unknown_method', 'The method name in the path is not valid percent-encoding.'));
    return;
  }
  const raw = await readBody(req);
  if (raw === null) {
    sendResult(res, failure('invalid_argument', `The request body is over ${MAX_BODY_BYTES} bytes.`));
    return;
  }
  let args: unknown = {};
  if (raw.trim() !== '') {
    try {
      args = JSON.parse(raw);
    } catch (e) {
      sendResult(res, failure('bad_json', `The body is not JSON: ${(e as Error).message}`));
      return;
    }
  }
  sendResult(res, await options.service.dispatch(method, args));
}

export function startBridge(options: BridgeOptions): Promise<Bridge> {
  const staticDir = options.staticDir === undefined ? undefined : resolve(options.staticDir);
  let port = options.port ?? 0;
  const server = createServer((req, res) => {
    if (!isLoopbackHost(req.headers.host, port)) {
      req.resume();
      sendResult(res, failure('forbidden', `Host "${String(req.headers.host)}" is not this bridge's loopback address.`));
      return;
    }
    const pathname = new URL(req.url ?? '/', `http://${BRIDGE_HOST}`).pathname;
    if (pathname === '/api' || pathname.startsWith('/api/')) {
      handleApi(options, req, res, pathname).catch((e: unknown) => {
        if (!res.headersSent) sendResult(res, failure('internal', `The bridge failed: ${e instanceof Error ? e.message : String(e)}`));
        else res.destroy();
      });
      return;
    }
    if (staticDir === undefined) {
      sendResult(res, failure('unknown_method', 'Only /api/{method} is served here.'));
      return;
    }
    serveStatic(staticDir, req, res);
  });
  server.requestTimeout = 60_000;
  return new Promise((resolveStart, reject) => {
    server.once('error', reject);
    server.listen(port, BRIDGE_HOST, () => {
      port = (server.address() as AddressInfo).port;
      resolveStart({
        url: `http://${BRIDGE_HOST}:${port}`,
        port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
