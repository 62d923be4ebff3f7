// The till's own ES256 key: made once, kept in SQLite; it countersigns MCF seals and seals the till's Z closings.
import type Database from 'better-sqlite3';
import { webcrypto } from 'node:crypto';
import { exportPublicJwk, generateEs256KeyPair, importPrivateJwk, jwkThumbprint, signEs256, type EcPublicJwk, type Jwk } from '../../fiscal/signature';

export type TillKey = {
  kid: string;
  publicJwk: EcPublicJwk & { kid: string };
  sign(bytes: Uint8Array): Promise<string>;
  privateKey: CryptoKey;
};

const cache = new WeakMap<Database.Database, Promise<TillKey>>();

/**
 * The key is made with WebCrypto, exported once to be stored, and re-imported non-extractable for use. It sits in
 * the till's database (mode 0600 data directory): a stolen disk gives the key away, which the OS keystore or the
 * delegated mode's hardware-backed key would not. docs/till-core.md lists this as a known limit.
 */
async function loadOrCreate(db: Database.Database, now: Date): Promise<TillKey> {
  type Row = { kid: string; private_jwk: string; public_jwk: string };
  let row = db.prepare('SELECT kid, private_jwk, public_jwk FROM till_keys ORDER BY created_at LIMIT 1').get() as Row | undefined;
  if (row === undefined) {
    const pair = await generateEs256KeyPair({ extractable: true });
    const privateJwk = (await webcrypto.subtle.exportKey('jwk', pair.privateKey)) as Jwk;
    const publicJwk = await exportPublicJwk(pair.publicKey);
    const kid = await jwkThumbprint(publicJwk);
    // Two starts racing both make a key; the first row wins and both read it back.
    db.transaction(() => {
      if (db.prepare('SELECT 1 FROM till_keys').get() === undefined) {
        db.prepare('INSERT INTO till_keys(kid, private_jwk, public_jwk, created_at) VALUES (?, ?, ?, ?)')
          .run(kid, JSON.stringify(privateJwk), JSON.stringify(publicJwk), now.toISOString());
      }
    }).immediate();
    row = db.prepare('SELECT kid, private_jwk, public_jwk FROM till_keys ORDER BY created_at LIMIT 1').get() as Row;
  }
  const privateKey = await importPrivateJwk(JSON.parse(row.private_jwk) as Jwk);
  const publicJwk = JSON.parse(row.public_jwk) as EcPublicJwk;
  return {
    kid: row.kid,
    publicJwk: { ...publicJwk, kid: row.kid },
    privateKey,
    sign: (bytes) => signEs256(privateKey, bytes),
  };
}

export function tillKey(db: Database.Database, now: Date = new Date()): Promise<TillKey> {
  let p = cache.get(db);
  if (p === undefined) {
    p = loadOrCreate(db, now);
    cache.set(db, p);
    p.catch(() => cache.delete(db));
  }
  return p;
}
