// One HTTP exchange with the cloud that says whether the request could have reached it: answered, not sent, or lost.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * - answer: the server answered (any status);
 * - not_sent: the request never fully left this machine (refused connection, DNS failure, a timeout or reset before
 *   the body was handed over): the server cannot have acted on it;
 * - lost: the whole request was handed to the network and no complete answer came back (timeout, dropped connection):
 *   the server may have acted on it. Only asking it (GET by id) tells; DOMAIN.md: "outcome unknown".
 */
export type HttpOutcome =
  | { kind: 'answer'; status: number; headers: IncomingHttpHeaders; body: string }
  | { kind: 'not_sent'; message: string }
  | { kind: 'lost'; message: string };

export type HttpCall = {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Whole exchange, connection to last byte of the answer (default 15 s). */
  timeoutMs?: number;
};

/** Answers larger than this are not a cloud answer the till understands (a sealed 1,000-line invoice is ~300 KB). */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

export function httpCall(call: HttpCall): Promise<HttpOutcome> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(call.url);
    } catch {
      resolve({ kind: 'not_sent', message: `"${call.url}" n'est pas une URL.` });
      return;
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const body = call.body === undefined ? undefined : Buffer.from(call.body, 'utf8');
    let isSent = false;
    let isDone = false;
    const finish = (outcome: HttpOutcome): void => {
      if (isDone) return;
      isDone = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const failed = (message: string): void => finish(isSent ? { kind: 'lost', message } : { kind: 'not_sent', message });
    const req = send(url, {
      method: call.method,
      headers: {
        Accept: 'application/json, application/problem+json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': String(body.length) }),
        ...call.headers,
      },
      // No keep-alive: a pooled socket the server already closed would turn a fresh request into a "lost" one.
      agent: false,
    });
    const timeoutMs = call.timeoutMs ?? 15_000;
    const timer = setTimeout(() => {
      failed(`pas de réponse en ${timeoutMs} ms`);
      req.destroy();
    }, timeoutMs);
    // 'finish': the last byte of the request was handed to the OS. From here the server may have it all.
    req.on('finish', () => {
      isSent = true;
    });
    req.on('error', (e: NodeJS.ErrnoException) => failed(e.code ? `${e.code} ${e.message}` : e.message));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_ANSWER_BYTES) {
          failed(`réponse de plus de ${MAX_ANSWER_BYTES} octets`);
          res.destroy();
          return;
        }
        chunks.push(c);
      });
      res.on('end', () =>
        finish({ kind: 'answer', status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', (e) => failed(`réponse interrompue : ${e.message}`));
      res.on('aborted', () => failed('réponse interrompue'));
    });
    req.end(body);
  });
}

/** JSON of an answer's body, or undefined when it is not JSON. */
export function jsonOf(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** The server's reason from an application/problem+json body: detail, then each error's path and message. */
export function problemReason(status: number, body: string): { code: string; message: string } {
  const p = jsonOf(body) as { title?: unknown; detail?: unknown; code?: unknown; type?: unknown; errors?: unknown } | undefined;
  const detail = typeof p?.detail === 'string' ? p.detail : typeof p?.title === 'string' ? p.title : `HTTP ${status}`;
  const errors = Array.isArray(p?.errors)
    ? (p.errors as { path?: unknown; message?: unknown }[])
        .slice(0, 5)
        .map((e) => `${typeof e.path === 'string' && e.path !== '' ? `${e.path}: ` : ''}${typeof e.message === 'string' ? e.message : JSON.stringify(e.message)}`)
    : [];
  const code = typeof p?.code === 'string' ? p.code : `http_${status}`;
  return { code, message: errors.length > 0 ? `${detail} (${errors.join('; ')})` : detail };
}
