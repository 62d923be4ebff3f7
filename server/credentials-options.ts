// What part 2 (credentials, reconciliation, voids, reports, audit export) needs at run time, and its settings.
import type { Directory } from './directory';
import { registerSigner } from './signer/registry';
import type { Signer } from './signer/signer';
import { ephemeralSoftwareSigner } from './signer/software';
import type { Store } from './store/store';

/** Bounds on what a terminal may ask for: a short-lived credential over a small block (ARCHITECTURE.md, mode 2). */
export type CredentialLimits = {
  /** Largest block of numbers (the verifier accepts up to 100,000 per block). */
  maxBlock: number;
  minTtlSeconds: number;
  maxTtlSeconds: number;
  /** Open, unexpired credentials one terminal may hold at once (one in use, one to take over). */
  maxOpenPerTerminal: number;
};

export const DEFAULT_CREDENTIAL_LIMITS: CredentialLimits = {
  maxBlock: 1000,
  minTtlSeconds: 60,
  maxTtlSeconds: 72 * 3600,
  maxOpenPerTerminal: 2,
};

/** Options of buildApp that part 2 reads. */
export type OfflineOptions = {
  /** The key that signs credentials (purpose `issuer`); without one an in-memory key is made per start. */
  issuer?: Signer;
  credentialLimits?: Partial<CredentialLimits>;
  /**
   * How long after expiry a credential waits for its till's upload before the sweep voids its unused numbers
   * (default 72 h). Until then its numbers are pending, which the verifier accepts; after, a late upload is refused.
   */
  credentialGraceMs?: number;
  /** How often the sweep of expired credentials runs (default 60 s; 0 turns the timer off). */
  sweepIntervalMs?: number;
};

export type OfflineDeps = {
  store: Store;
  directory: Directory;
  /** The active seal key: it countersigns mirrored device invoices and seals Z records. */
  sealer: Signer;
  issuer: Signer;
  /** Registers the issuer key in the store (once) before its first credential; a key that signed nothing is not published. */
  ensureIssuer: () => Promise<void>;
  clock: () => Date;
  limits: CredentialLimits;
  graceMs: number;
  /** A till or device time further ahead of the server's clock than this is refused. */
  maxFutureSkewMs: number;
};

export const DEFAULT_GRACE_MS = 72 * 3600_000;

/**
 * Gathers part 2's dependencies. The issuer key is registered (retiring the previous one, which stays published) when
 * it signs its first credential, so a start that issues none adds no key to /v1/keys.
 */
export async function makeOfflineDeps(
  base: { store: Store; directory: Directory; signer: Signer; clock: () => Date; maxFutureSkewMs: number },
  options: OfflineOptions,
): Promise<OfflineDeps> {
  const issuer = options.issuer ?? (await ephemeralSoftwareSigner());
  let registered: Promise<void> | null = null;
  const ensureIssuer = (): Promise<void> => {
    registered ??= registerSigner(base.store, issuer, 'issuer', base.clock()).catch((err: unknown) => {
      registered = null;
      throw err;
    });
    return registered;
  };
  return {
    store: base.store,
    directory: base.directory,
    sealer: base.signer,
    issuer,
    ensureIssuer,
    clock: base.clock,
    limits: { ...DEFAULT_CREDENTIAL_LIMITS, ...options.credentialLimits },
    graceMs: options.credentialGraceMs ?? DEFAULT_GRACE_MS,
    maxFutureSkewMs: base.maxFutureSkewMs,
  };
}
