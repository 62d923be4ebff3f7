// Typed store errors: a code the caller can act on and a sentence a technician can read.

export type StoreErrorCode =
  | 'store.conflict'
  | 'store.schema_too_new'
  | 'store.schema_unknown'
  | 'store.closed'
  | 'store.unavailable';

export class StoreError extends Error {
  readonly code: StoreErrorCode;
  /** For conflicts: the table whose unique constraint refused the row. */
  readonly table: string | undefined;
  constructor(code: StoreErrorCode, message: string, table?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
    this.table = table;
  }
}

export function isConflict(err: unknown, table?: string): err is StoreError {
  return err instanceof StoreError && err.code === 'store.conflict' && (table === undefined || err.table === table);
}
