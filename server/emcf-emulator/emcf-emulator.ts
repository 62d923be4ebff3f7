// An e-MCF HTTP emulator on 127.0.0.1: the two-phase invoice API with its own counters, plus outages and refusals
// on demand, so the DGI upload agent is tested against real sockets.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { EmcfInvoiceRequest } from '../dgi-sync/emcf-wire';
import { createEmcfState, type EmcfOutcome, type EmcfState } from './emcf-state';

/** up: answers; down: the port is closed (connection refused); error: 500 to everything; slow: answers late. */
export type EmcfMode = 'up' | 'down' | 'error' | 'slow';

export type EmcfRefusal = { status: number; errorCode: string; errorDesc: string };

export type EmcfEmulatorOptions = {
  token?: string;
  nim?: string;
  expiryMs?: number;
  maxPending?: number;
  port?: number;
  slowMs?: number;
  now?: () => number;
};

export type EmcfEmulator = {
  url: string;
  token: string;
  state: EmcfState;
  setMode(mode: EmcfMode): Promise<void>;
  /** Refuse the registration of this `rn` (our client_invoice_id) with a 4xx and reason, every time. */
  refuse(rn: string, refusal: EmcfRefusal): void;
  /** Answer this `rn`'s registration with a VAT total off by `minor` units (a totals mismatch). */
  skewVat(rn: string, minor: bigint): void;
  /** Process the next `n` confirms but cut the connection before answering (a lost answer). */
  loseConfirmAnswers(n: number): void;
  close(): Promise<void>;
};

const MAX_BODY = 1024 * 1024;

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        resolve(null);
      }
    });
    req.on('error', () => resolve(null));
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendOutcome<T>(res: ServerResponse, outcome: EmcfOutcome<T>): void {
  if (outcome.ok) send(res, 200, outcome.value);
  else send(res, outcome.status, { errorCode: outcome.errorCode, errorDesc: outcome.errorDesc });
}

const UID_PATH = /^\/api\/invoice\/([A-Za-z0-9-]{1,64})\/(confirm|cancel)$/;

export async function startEmcfEmulator(options: EmcfEmulatorOptions = {}): Promise<EmcfEmulator> {
  const token = options.token ?? 'emcf-emulator-token';
  const state = createEmcfState({
    nim: options.nim ?? 'EM01000001-1',
    expiryMs: options.expiryMs ?? 120_000,
    maxPending: options.maxPending ?? 10,
    now: options.now ?? Date.now,
  });
  const refusals = new Map<string, EmcfRefusal>();
  const vatSkews = new Map<string, bigint>();
  let confirmsToLose = 0;
  let mode: EmcfMode = 'up';
  const sockets = new Set<Socket>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (mode === 'slow') await new Promise((r) => setTimeout(r, options.slowMs ?? 2_000));
    if (mode === 'error') return send(res, 500, { errorCode: 'INTERNAL', errorDesc: 'The e-MCF is failing (emulated).' });
    if (req.headers.authorization !== `Bearer ${token}`) return send(res, 401, { errorCode: 'UNAUTHORIZED', errorDesc: 'A valid bearer token is required.' });
    const url = req.url ?? '/';
    const body = await readBody(req);
    if (req.method === 'POST' && url === '/api/invoice') {
      const request = body as EmcfInvoiceRequest | null;
      if (!request || typeof request.rn !== 'string' || !Array.isArray(request.items)) {
        return send(res, 400, { errorCode: 'BAD_REQUEST', errorDesc: 'The body must be an invoice with rn and items.' });
      }
      const refusal = refusals.get(request.rn);
      if (refusal) return send(res, refusal.status, { errorCode: refusal.errorCode, errorDesc: refusal.errorDesc });
      return sendOutcome(res, state.register(request, vatSkews.get(request.rn) ?? 0n));
    }
    const m = UID_PATH.exec(url);
    if (req.method === 'PUT' && m?.[1] && m[2] === 'confirm') {
      const outcome = state.confirm(m[1], (body ?? {}) as { total?: unknown; vtotal?: unknown });
      if (outcome.ok && confirmsToLose > 0) {
        confirmsToLose -= 1;
        req.socket.destroy();
        return;
      }
      return sendOutcome(res, outcome);
    }
    if (req.method === 'PUT' && m?.[1] && m[2] === 'cancel') return sendOutcome(res, state.cancel(m[1]));
    return send(res, 404, { errorCode: 'NOT_FOUND', errorDesc: `No route ${req.method ?? ''} ${url}.` });
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, { errorCode: 'INTERNAL', errorDesc: 'Emulator fault.' }));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const listen = (port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
  const port = await listen(options.port ?? 0);

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    state,
    async setMode(next) {
      // Down means the port itself is closed, so a client sees ECONNREFUSED as with a real outage.
      if (next === 'down') await stop();
      else if (!server.listening) await listen(port);
      mode = next;
    },
    refuse: (rn, refusal) => void refusals.set(rn, refusal),
    skewVat: (rn, minor) => void vatSkews.set(rn, minor),
    loseConfirmAnswers: (n) => {
      confirmsToLose = n;
    },
    close: stop,
  };
}
