// Idempotency-Key handling: the key's syntax, the fingerprint that says whether two requests are the same, replays.
import { createHash } from 'node:crypto';
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
 * SHA-256 over the route and a normalized form of the request. For a seal that form is the draft as the kernel
 * rebuilt it (known members only, in a fixed order), so the same draft sent again with its members in another
 * order or other whitespace is the same request.
 */
export function fingerprint(route: string, normalized: string): string {
  return createHash('sha256').update(route).update('\n').update(normalized).digest('hex');
}

export type StoredAnswer = { status: number; body: string };

/** Refuses a key seen before with another request (409); the caller then replays the stored answer. */
export function checkSameRequest(record: IdempotencyRecord, hash: string): void {
  if (record.requestHash !== hash) {
    throw conflict(
      'This Idempotency-Key was already used with a different request; use a new key for a new draft.',
      'idempotency_key_reused',
    );
  }
}
