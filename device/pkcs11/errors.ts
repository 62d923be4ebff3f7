// Typed failures of the device's PKCS#11 signer: a stable code, a sentence, and what to install or check.

export type Pkcs11ErrorCode =
  | 'PKCS11_BINDING_MISSING'
  | 'PKCS11_MODULE_MISSING'
  | 'PKCS11_TOKEN_NOT_FOUND'
  | 'PKCS11_LOGIN_FAILED'
  | 'PKCS11_KEY_NOT_FOUND'
  | 'PKCS11_CLOSED'
  | 'PKCS11_FAILED';

export class Pkcs11Error extends Error {
  override readonly name = 'Pkcs11Error';
  readonly code: Pkcs11ErrorCode;
  /** What a technician can do about it (install a package, give another path, check the PIN). */
  readonly hint: string | undefined;

  constructor(code: Pkcs11ErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
  }
}

export function isPkcs11Error(e: unknown): e is Pkcs11Error {
  return e instanceof Pkcs11Error;
}

/** One line for a console: the sentence, then the hint when there is one. */
export function describePkcs11Error(e: Pkcs11Error): string {
  return e.hint === undefined ? e.message : `${e.message}\n${e.hint}`;
}

/** Runs one PKCS#11 call; a thrown CKR_… becomes a Pkcs11Error naming the call. */
export function p11Call<T>(what: string, fn: () => T, code: Pkcs11ErrorCode = 'PKCS11_FAILED'): T {
  try {
    return fn();
  } catch (cause) {
    if (cause instanceof Pkcs11Error) throw cause;
    throw new Pkcs11Error(code, `PKCS#11 ${what} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
