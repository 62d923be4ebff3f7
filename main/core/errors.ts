// Typed failures of the till's core: a code the caller can act on and a sentence a person can read.
import type { PosError, PosErrorCode } from '../api/pos-types';

/** The codes are the PosApi's (main/api/pos-types.ts), so the UI and the bridge read the same names. */
export type CoreErrorCode = PosErrorCode;

/** Thrown inside the core; the API boundary turns it into `{ ok: false, error: { code, message } }`. */
export class CoreError extends Error {
  readonly code: CoreErrorCode;
  readonly details?: unknown;

  constructor(code: CoreErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'CoreError';
    this.code = code;
    this.details = details;
  }
}

export function isCoreError(e: unknown): e is CoreError {
  return e instanceof CoreError;
}

/** The wire form of any failure; an unexpected exception becomes `internal` without leaking its stack. */
export function toPosError(e: unknown): PosError {
  if (e instanceof CoreError) {
    return e.details === undefined ? { code: e.code, message: e.message } : { code: e.code, message: e.message, details: e.details };
  }
  return { code: 'internal', message: `Unexpected failure in the till core: ${e instanceof Error ? e.message : String(e)}` };
}
