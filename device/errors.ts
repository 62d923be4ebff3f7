// Typed device errors: a stable code, a sentence a technician can read, and what to do about it.

/** Every failure the device layer reports; callers switch on these, never on message text. */
export type DeviceErrorCode =
  // Opening and using a link.
  | 'SERIAL_LIBRARY_MISSING'
  | 'SERIAL_PERMISSION_DENIED'
  | 'SERIAL_NOT_FOUND'
  | 'SERIAL_BUSY'
  | 'SERIAL_OPEN_FAILED'
  | 'TCP_CONNECT_FAILED'
  | 'PTY_UNAVAILABLE'
  | 'TRANSPORT_CLOSED'
  | 'TRANSPORT_WRITE_FAILED'
  // MCF protocol: what we send.
  | 'MCF_DATA_TOO_LONG'
  | 'MCF_FIELD_TOO_LONG'
  | 'MCF_TEXT_INVALID'
  | 'MCF_VALUE_INVALID'
  // MCF protocol: the link.
  | 'MCF_NO_ANSWER'
  | 'MCF_NAK_LIMIT'
  | 'MCF_BUSY_TOO_LONG'
  | 'MCF_BAD_ANSWER'
  // MCF protocol: what the device said.
  | 'MCF_REFUSED'
  | 'MCF_PENDING_TOO_LONG'
  | 'MCF_CREDIT_NOTE_UNVERIFIED'
  // Sealing an invoice.
  | 'MCF_NOT_READY'
  | 'MCF_NIF_MISMATCH'
  | 'MCF_RATE_MISMATCH'
  | 'MCF_TOTALS_MISMATCH'
  | 'MCF_INVOICE_UNSUPPORTED'
  | 'MCF_SEAL_UNCERTAIN'
  // Emulator.
  | 'EMULATOR_STATE_INVALID';

export type DeviceErrorOptions = {
  /** What a technician or cashier can do about it, when there is something to do. */
  hint?: string;
  cause?: unknown;
  /** Machine-readable facts (command, device message, status flags…) for logs and callers. */
  details?: Readonly<Record<string, unknown>>;
};

/** The one error type of device/: thrown so stacks survive, matched by `code`. */
export class DeviceError extends Error {
  override readonly name = 'DeviceError';
  readonly code: DeviceErrorCode;
  readonly hint: string | undefined;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: DeviceErrorCode, message: string, options: DeviceErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
    this.details = options.details ?? {};
  }
}

/** True when `e` is a DeviceError, and of one of `codes` when any are given. */
export function isDeviceError(e: unknown, ...codes: DeviceErrorCode[]): e is DeviceError {
  return e instanceof DeviceError && (codes.length === 0 || codes.includes(e.code));
}

/** Message and hint in one line, for logs and the technician's screen. */
export function describeDeviceError(e: DeviceError): string {
  return e.hint === undefined ? `${e.message}` : `${e.message} ${e.hint}`;
}
