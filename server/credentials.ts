// Delegated credentials (ARCHITECTURE.md mode 2): a block carved from the outlet's own number sequence, bound to the
// till's key by a JWS of the issuer key; and the early return of one, whose unused numbers are voided.
import { randomUUID } from 'node:crypto';
import { signCredential } from '../fiscal/audit-credential';
import type { CredentialClaims } from '../fiscal/audit-export';
import { toKinshasaIso } from '../fiscal/dgi-time';
import { importPublicJwk, jwkThumbprint, SignatureError, toEcPublicJwk, type EcPublicJwk, type Jwk } from '../fiscal/signature';
import type { Principal } from './auth';
import { checkSameRequest, fingerprint, readIdempotencyKey } from './idempotency';
import type { OfflineDeps } from './credentials-options';
import { ApiError, conflict, forbidden, invalid, notFound, type FieldError } from './problem';
import { appendTimeMs, toSecond } from './reconcile-time';
import type { CredentialRecord } from './store/reconcile-records';
import type { Merchant, Outlet } from './store/records';
import { closeCredentialInTx, type VoidWritten } from './voids';

export type CredentialRequest = { pos_terminal_id: string; public_key: Jwk; block_size: number; ttl_seconds: number };

export type CredentialAnswer = {
  credential_id: string;
  credential: string;
  block: { first: number; last: number };
  issued_at: string;
  expires_at: string;
  authority_id: string;
  pos_terminal_id: string;
  issuer_kid: string;
  /** RFC 7638 thumbprint of the till's key: the security.kid its invoices must carry. */
  till_kid: string;
};

export type ReturnAnswer = {
  credential_id: string;
  status: CredentialRecord['status'];
  closed_at: string | null;
  /** True when the credential was already closed before this request (a retried return answers the same way). */
  already_closed: boolean;
  voided: VoidWritten[];
};

/** The credential's own NIM, in the DGI SERIAL-ACTIVATIONCOUNT form: "SD" and 8 digits, activation 1. */
export const credentialAuthorityId = (serial: number): string => `SD${String(serial).padStart(8, '0')}-1`;

/** The outlet and merchant of an outlet-bound key, or 403 when it has none. */
export async function outletOfKey(deps: OfflineDeps, principal: Principal): Promise<{ outlet: Outlet; merchant: Merchant }> {
  const outlet = principal.outletId === null ? undefined : await deps.directory.outlet(principal.outletId);
  if (!outlet || outlet.merchantId !== principal.merchantId) throw forbidden('This key is not bound to an outlet of its merchant.');
  const merchant = await deps.directory.merchant(outlet.merchantId);
  if (!merchant) throw forbidden('The merchant of this key no longer exists.');
  return { outlet, merchant };
}

async function readPublicKey(jwk: Jwk): Promise<EcPublicJwk> {
  const bad = (path: string, message: string) => invalid('The public key is not usable.', [{ path, code: 'bad_public_key', message }]);
  if (Object.prototype.hasOwnProperty.call(jwk, 'd')) {
    throw bad('public_key.d', 'This is a private key: send only its public half (kty, crv, x, y) and keep d on the till.');
  }
  try {
    const pub = toEcPublicJwk(jwk);
    await importPublicJwk(pub);
    return pub;
  } catch (e) {
    if (e instanceof SignatureError) throw bad('public_key', e.message);
    throw e;
  }
}

function checkLimits(deps: OfflineDeps, body: CredentialRequest): void {
  const { maxBlock, minTtlSeconds, maxTtlSeconds } = deps.limits;
  const errors: FieldError[] = [];
  if (body.block_size > maxBlock) {
    errors.push({ path: 'block_size', code: 'too_large', message: `A credential holds at most ${maxBlock} numbers; ask for ${maxBlock} or fewer.` });
  }
  if (body.ttl_seconds < minTtlSeconds || body.ttl_seconds > maxTtlSeconds) {
    errors.push({ path: 'ttl_seconds', code: 'out_of_range', message: `A credential lives ${minTtlSeconds} to ${maxTtlSeconds} seconds; ${body.ttl_seconds} is outside.` });
  }
  if (errors.length > 0) throw invalid('The credential asked for is outside the limits.', errors);
}

/**
 * Issues a credential to a terminal key: the next `block_size` numbers of the outlet's sequence (the counter moves past
 * them in the same transaction, so a cloud seal never takes one), a fresh authority id, and the JWS of the issuer key.
 */
export async function issueCredential(deps: OfflineDeps, principal: Principal, body: CredentialRequest, idempotencyHeader?: string | string[]): Promise<CredentialAnswer> {
  checkLimits(deps, body);
  const publicKey = await readPublicKey(body.public_key);
  const tillKid = await jwkThumbprint(publicKey);
  const { outlet, merchant } = await outletOfKey(deps, principal);
  // Optional here (CONTRACT.md requires it for seals only): a till that lost the answer asks again with the same key and
  // gets the same credential, instead of the cloud holding a block nobody knows about until it expires.
  const key = idempotencyHeader === undefined || idempotencyHeader === '' ? null : readIdempotencyKey(idempotencyHeader);
  const hash = fingerprint('POST /v1/credentials', JSON.stringify([body.pos_terminal_id, tillKid, body.block_size, body.ttl_seconds]));
  await deps.ensureIssuer();
  const id = randomUUID();
  const issuedMs = toSecond(deps.clock().getTime());
  const expiresMs = issuedMs + body.ttl_seconds * 1000;
  return deps.store.transact(outlet.id, async (tx) => {
    if (key !== null) {
      const seen = await tx.findIdempotency(merchant.id, key);
      if (seen) {
        checkSameRequest(seen, hash);
        return JSON.parse(seen.response ?? 'null') as CredentialAnswer;
      }
    }
    const head = await tx.lockOutlet(outlet.id);
    if (!head) throw new ApiError(503, 'unavailable', `The counters of outlet ${outlet.id} are missing.`);
    const open = await tx.countOpenCredentials(outlet.id, body.pos_terminal_id, new Date(issuedMs).toISOString());
    if (open >= deps.limits.maxOpenPerTerminal) {
      throw conflict(`Terminal ${body.pos_terminal_id} already holds ${open} open credentials; return one (POST /v1/credentials/{id}/return) before asking for another.`);
    }
    const authorityId = credentialAuthorityId(await tx.nextSequence('delegation'));
    const block = { first: head.nextFiscalNumber, last: head.nextFiscalNumber + body.block_size - 1 };
    const claims: CredentialClaims = {
      credential_id: id, merchant_nif: merchant.nif, outlet_id: outlet.id, pos_terminal_id: body.pos_terminal_id, authority_id: authorityId,
      public_key: publicKey, block, issued_at: toKinshasaIso(new Date(issuedMs)), expires_at: toKinshasaIso(new Date(expiresMs)),
    };
    const token = await signCredential(claims, deps.issuer.kid, (bytes) => deps.issuer.sign(bytes));
    await tx.insertCredential({
      id, merchantId: merchant.id, outletId: outlet.id, posTerminalId: body.pos_terminal_id, publicJwk: JSON.stringify(publicKey),
      firstNumber: block.first, lastNumber: block.last, token, status: 'open', issuedAt: new Date(issuedMs).toISOString(),
      expiresAt: new Date(expiresMs).toISOString(), closedAt: null, authorityId, reconciledThrough: 0, closedReason: null,
    });
    await tx.saveOutletHead({ ...head, nextFiscalNumber: block.last + 1 });
    const answer: CredentialAnswer = {
      credential_id: id, credential: token, block, issued_at: claims.issued_at, expires_at: claims.expires_at, authority_id: authorityId,
      pos_terminal_id: body.pos_terminal_id, issuer_kid: deps.issuer.kid, till_kid: tillKid,
    };
    if (key !== null) {
      await tx.insertIdempotency({
        merchantId: merchant.id, key, requestHash: hash, status: 201, clientInvoiceId: null, response: JSON.stringify(answer), createdAt: new Date(issuedMs).toISOString(),
      });
    }
    return answer;
  });
}

/** A credential of the key's own outlet, or 404 (another outlet's or merchant's is not even admitted to exist). */
export async function credentialOfKey(deps: OfflineDeps, principal: Principal, id: string): Promise<CredentialRecord> {
  const c = await deps.store.getCredential(id);
  if (!c || c.merchantId !== principal.merchantId || c.outletId !== principal.outletId) throw notFound(`No credential ${id} for this key.`);
  return c;
}

/** Ends a credential early: the numbers of its block that carry no invoice are voided with a record. Idempotent. */
export async function returnCredential(deps: OfflineDeps, principal: Principal, id: string): Promise<ReturnAnswer> {
  const c = await credentialOfKey(deps, principal, id);
  return deps.store.transact(c.outletId, async (tx) => {
    const head = await tx.lockOutlet(c.outletId);
    const fresh = await tx.getCredentialTx(id);
    if (!head || !fresh) throw notFound(`No credential ${id} for this key.`);
    if (fresh.status !== 'open') {
      return { credential_id: id, status: fresh.status, closed_at: fresh.closedAt, already_closed: true, voided: [] };
    }
    const closed = await closeCredentialInTx(tx, head, fresh, { kind: 'returned' }, appendTimeMs(head, deps.clock().getTime()));
    await tx.saveOutletHead(closed.head);
    const after = await tx.getCredentialTx(id);
    return { credential_id: id, status: 'returned', closed_at: after?.closedAt ?? null, already_closed: false, voided: closed.voids };
  });
}
