// Bearer API keys: stored only as SHA-256 hashes, each bound to its merchant (and outlet where it matters);
// the admin key comes from STALELA_ADMIN_KEY and is never stored.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { base64urlEncode } from '../fiscal/bytes';
import { boundedCache } from './directory';
import { ApiError, forbidden, notFound } from './problem';
import type { KeyRole } from './store/records';
import type { Store } from './store/store';

export type Role = 'admin' | KeyRole;
export const ALL_ROLES: readonly Role[] = ['admin', 'owner', 'cashier', 'technician', 'auditor', 'terminal'];
/** Roles that seal at a till: their keys must name an outlet. */
export const OUTLET_BOUND_ROLES: readonly KeyRole[] = ['cashier', 'terminal'];

export type Principal = {
  role: Role;
  /** The api_keys id, or null for the admin key. */
  keyId: string | null;
  merchantId: string | null;
  outletId: string | null;
};

const KEY_PREFIX = 'stk_';

/** A new secret key: 32 random bytes, base64url, with a prefix that secret scanners can spot. */
export function generateApiKey(): string {
  return `${KEY_PREFIX}${base64urlEncode(randomBytes(32))}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export type Authenticator = (authorization: string | undefined) => Promise<Principal>;

const unauthorized = (detail: string): ApiError => new ApiError(401, 'unauthorized', detail);

/** How long a resolved key is trusted without asking the store again (API v1 has no revocation yet). */
export const KEY_CACHE_MS = 10_000;

/** Resolves the Authorization header to a principal, or refuses with 401. Known keys are cached for KEY_CACHE_MS. */
export function makeAuthenticator(store: Store, adminKey: string | null | undefined, now: () => number = Date.now): Authenticator {
  const adminHash = adminKey ? Buffer.from(hashApiKey(adminKey), 'hex') : null;
  const cache = boundedCache<{ principal: Principal; until: number }>(10_000);
  return async (authorization) => {
    if (!authorization) throw unauthorized('Send an API key as "Authorization: Bearer <key>".');
    const m = /^Bearer ([\x21-\x7e]{1,512})$/i.exec(authorization);
    if (!m) throw unauthorized('The Authorization header is not "Bearer <key>".');
    const presented = m[1] as string;
    const hash = hashApiKey(presented);
    if (adminHash && timingSafeEqual(adminHash, Buffer.from(hash, 'hex'))) {
      return { role: 'admin', keyId: null, merchantId: null, outletId: null };
    }
    const hit = cache.get(hash);
    if (hit && hit.until > now()) return hit.principal;
    const record = await store.findApiKeyByHash(hash);
    if (!record) throw unauthorized('This API key is not known.');
    const principal: Principal = { role: record.role, keyId: record.id, merchantId: record.merchantId, outletId: record.outletId };
    cache.set(hash, { principal, until: now() + KEY_CACHE_MS });
    return principal;
  };
}

export function requireRole(principal: Principal, roles: readonly Role[]): void {
  if (!roles.includes(principal.role)) {
    throw forbidden(`This route is for ${roles.join(', ')} keys; this key is ${principal.role}.`);
  }
}

/**
 * Whether the principal may act on this merchant (and outlet): admin on any; others on their own merchant only,
 * and an outlet-bound key on its own outlet only. Another merchant's things answer 404, so a key cannot even
 * learn that they exist.
 */
export function requireScope(principal: Principal, merchantId: string, outletId?: string): void {
  if (principal.role === 'admin') return;
  const sameMerchant = principal.merchantId === merchantId;
  const sameOutlet = outletId === undefined || principal.outletId === null || principal.outletId === outletId;
  if (!sameMerchant || !sameOutlet) throw notFound('No such resource for this key.');
}
