// Idempotency-Key handling: the key's syntax, the hash that says whether two requests are the same, and replays.
import { createHash } from 'node:crypto';
import { canonicalize } from '../fiscal/canonical';
import { ApiError, badRequest, conflict } from './problem';
import type { IdempotencyRecord } from './store/records';

/** 1–255 visible ASCII characters (a UUID is the usual choice). */
export const IDEMPOTENCY_KEY_RE = /^[\x21-\x7e]{1,255}$/;

export function readIdempotencyKey(header: string | string[] | undefined): string {
  if (header === undefined || header === '') {
    throw new ApiError(400, 'idempotency_key_required', 'Sealing needs an Idempotency-Key header (a UUID chosen by the client, reused on every retry).');
  }
  if (Array.isArray(header) || !IDEMPOTENCY_KEY_RE.test(header)) {
    throw badRequest('The Idempotency-Key header must be one value of 1 to 255 visible ASCII characters.');
  }
  return header;
}

/**
 * SHA-256 over the route and the RFC 8785 canonical body: the same draft sent again with its members in another
 * order or other whitespace is the same request. A body canonicalization refuses (a lone surrogate, say) falls
 * back to its JSON text; such a body is refused as invalid anyway.
 */
export function requestHash(route: string, body: unknown): string {
  let text: string;
  try {
    text = canonicalize(body);
  } catch {
    text = `raw:${JSON.stringify(body) ?? 'undefined'}`;
  }
  return createHash('sha256').update(`${route}\n${text}`, 'utf8').digest('hex');
}

export type StoredAnswer = { status: number; body: string };

/** The answer for a key seen before: the same result (200) for the same request, else 409. */
export function replay(record: IdempotencyRecord, hash: string): StoredAnswer {
  if (record.requestHash !== hash) {
    throw conflict(
      'This Idempotency-Key was already used with a different request; use a new key for a new draft.',
      'idempotency_key_reused',
    );
  }
  return { status: 200, body: record.response };
}
