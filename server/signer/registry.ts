// The store's record of signing keys: the active one per purpose, and every retired one kept for /v1/keys (JWKS).
import type { Jwk, Jwks } from '../../fiscal/signature';
import { isConflict } from '../store/errors';
import type { KeyPurpose } from '../store/records';
import type { Store } from '../store/store';
import { SignerError, type Signer } from './signer';

/**
 * Makes `signer` the active key of `purpose`: a new kid is recorded, and any other active key of the purpose is
 * retired (rotation) but stays published. A retired key is never made active again: it may have been retired
 * because it was compromised.
 */
export async function registerSigner(store: Store, signer: Signer, purpose: KeyPurpose, now: Date = new Date()): Promise<void> {
  const known = (await store.listSigningKeys()).find((k) => k.kid === signer.kid);
  if (known?.status === 'retired') {
    throw new SignerError('signer.retired_key', `Key ${signer.kid} was retired on ${known.retiredAt ?? '?'} and cannot sign again.`);
  }
  const at = now.toISOString();
  await store.transact('keys', async (tx) => {
    if (!known) {
      try {
        await tx.insertSigningKey({
          kid: signer.kid, purpose, backend: signer.backend, publicJwk: JSON.stringify(signer.publicJwk),
          status: 'active', createdAt: at, retiredAt: null,
        });
      } catch (err) {
        // Another process registered the same key at the same moment: that is the state we want.
        if (!isConflict(err, 'signing_keys')) throw err;
      }
    }
    await tx.retireSigningKeys(purpose, signer.kid, at);
  });
}

/** Every signing and issuer key, active and retired, as a JWKS. Extra members say what each key is for. */
export async function publishedKeys(store: Store): Promise<Jwks> {
  const keys = await store.listSigningKeys();
  return {
    keys: keys.map((k): Jwk => ({
      ...(JSON.parse(k.publicJwk) as Jwk),
      kid: k.kid,
      alg: 'ES256',
      use: 'sig',
      purpose: k.purpose,
      status: k.status,
      created_at: k.createdAt,
      ...(k.retiredAt ? { retired_at: k.retiredAt } : {}),
    })),
  };
}
