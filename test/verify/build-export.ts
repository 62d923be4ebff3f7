// Builds a valid audit export from a list of steps, as the cloud would have recorded them: real ES256 keys, credentials, Zs.
import { cryptoKeySigner, signCredential } from '../../fiscal/audit-credential';
import { AUDIT_EXPORT_FORMAT, AUDIT_EXPORT_VERSION, type AuditExport, type AuditKey, type AuditLedgerEntry, type CredentialClaims } from '../../fiscal/audit-export';
import { nextEntry } from '../../fiscal/chain';
import { dgiTimestamp, toKinshasaIso } from '../../fiscal/dgi-time';
import type { InvoiceType, SealedInvoice } from '../../fiscal/invoice-types';
import { sealZRecord, zReport, type VoidedNumber, type ZRecord } from '../../fiscal/reports';
import { exportPublicJwk, generateEs256KeyPair, jwkThumbprint, signEs256, signSealedInvoice, type EcPublicJwk } from '../../fiscal/signature';
import { makeDraft, NIF, OUTLET_AUTHORITY, OUTLET_ID } from './drafts';

/** What a scenario says happened, in order. */
export type BuildStep =
  | { seal: number; type?: InvoiceType }
  | { rotate_key: string }
  | { credential: string; block: number; ttl_minutes: number; terminal?: string }
  | { offline: string; count: number; type?: InvoiceType }
  | { reconcile: string; void_reason?: string }
  | { expire: string; void_reason: string }
  | { mirror: string; count: number; first_tc: number }
  | { z: true }
  | { wait_minutes: number };

export type RingKey = { name: string; privateKey: CryptoKey; jwk: EcPublicJwk; kid: string; purpose: 'seal' | 'issuer' | 'till'; createdAt: string; retiredAt?: string };
/** Every key the build made, by name: 'seal-1' (and those rotate_key named), 'issuer', 'till:<credential id>'. */
export type KeyRing = Map<string, RingKey>;

export type Built = { exp: AuditExport; ring: KeyRing; claims: Map<string, CredentialClaims> };

const START_MS = Date.parse('2026-03-02T08:00:00+01:00');
const MINUTE = 60_000;

async function newKey(name: string, purpose: RingKey['purpose'], atMs: number): Promise<RingKey> {
  const pair = await generateEs256KeyPair();
  const jwk = await exportPublicJwk(pair.publicKey);
  return { name, privateKey: pair.privateKey, jwk, kid: await jwkThumbprint(jwk), purpose, createdAt: new Date(atMs).toISOString() };
}

/** The JWKS GET /v1/keys would answer for these ring keys (tills' keys are never published). */
export function jwksOf(keys: Iterable<RingKey>): { keys: AuditKey[] } {
  return {
    keys: [...keys].filter((k) => k.purpose !== 'till').map((k) => ({
      ...k.jwk, kid: k.kid, alg: 'ES256', use: 'sig', purpose: k.purpose as 'seal' | 'issuer',
      status: k.retiredAt === undefined ? 'active' : 'retired', created_at: k.createdAt,
      ...(k.retiredAt === undefined ? {} : { retired_at: k.retiredAt }),
    })),
  };
}

type Credential = { claims: CredentialClaims; till: RingKey; nextNumber: number; fc: Map<string, number>; queued: SealedInvoice[] };

/** Runs the steps on a fresh outlet and returns the export taken one minute after the last step. */
export async function buildExport(steps: readonly BuildStep[]): Promise<Built> {
  let now = START_MS;
  const ring: KeyRing = new Map();
  const add = (k: RingKey): RingKey => {
    ring.set(k.name, k);
    return k;
  };
  let seal = add(await newKey('seal-1', 'seal', now));
  const issuer = add(await newKey('issuer', 'issuer', now));
  const ledger: AuditLedgerEntry[] = [];
  const credentials = new Map<string, Credential>();
  const jws: string[] = [];
  const fc = new Map<string, number>();
  const invoices: SealedInvoice[] = [];
  const voided: VoidedNumber[] = [];
  let nextNumber = 1;
  let lastZ: { record: ZRecord; hash: string } | null = null;
  let lastFvCode: string | undefined;
  let serial = 0;

  const append = async (kind: AuditLedgerEntry['kind'], fiscalNumber: number | null, payload: object) => {
    now += MINUTE;
    const previous = ledger.length === 0 ? null : ledger[ledger.length - 1]!;
    const content = { outlet_id: OUTLET_ID, kind, fiscal_number: fiscalNumber, recorded_at: new Date(now).toISOString(), payload };
    ledger.push((await nextEntry(previous, content)) as AuditLedgerEntry);
  };
  const bump = (map: Map<string, number>, key: string) => {
    map.set(key, (map.get(key) ?? 0) + 1);
    return map.get(key)!;
  };
  const draftFor = (type: InvoiceType, terminal: string) =>
    makeDraft({ id: `inv-${++serial}`, type, atMs: now, terminal, variant: serial, ...(type === 'FA' ? { creditedCode: lastFvCode } : {}) });
  const voidNumbers = async (numbers: number[], reason: string, credentialId: string, asRange: boolean) => {
    if (numbers.length === 0) return;
    const form = asRange ? { first: numbers[0]!, last: numbers[numbers.length - 1]! } : { fiscal_numbers: numbers };
    await append('void', numbers[0]!, { ...form, reason, credential_id: credentialId });
    for (const n of numbers) voided.push({ fiscal_number: n, reason });
  };

  for (const step of steps) {
    if ('seal' in step) {
      for (let i = 0; i < step.seal; i++) {
        now += MINUTE;
        const type = step.type ?? 'FV';
        const n = nextNumber++;
        const unsigned = {
          ...draftFor(type, 'till-1'),
          security: { mode: 'cloud', authority_id: OUTLET_AUTHORITY, fiscal_number: n, counters: { fc: bump(fc, `${OUTLET_AUTHORITY}|${type}`), tc: n, type }, timestamp: dgiTimestamp(new Date(now)), kid: seal.kid },
        };
        const sealed = (await signSealedInvoice(unsigned, seal.privateKey)) as SealedInvoice;
        if (type === 'FV') lastFvCode = sealed.security.code;
        invoices.push(sealed);
        await append('invoice', n, sealed);
      }
    } else if ('rotate_key' in step) {
      now += MINUTE;
      seal.retiredAt = new Date(now).toISOString();
      seal = add(await newKey(step.rotate_key, 'seal', now));
    } else if ('credential' in step) {
      now += MINUTE;
      const till = add(await newKey(`till:${step.credential}`, 'till', now));
      const claims: CredentialClaims = {
        credential_id: step.credential, merchant_nif: NIF, outlet_id: OUTLET_ID, pos_terminal_id: step.terminal ?? 'till-2',
        authority_id: `SD0100000${credentials.size + 1}-1`, public_key: till.jwk,
        block: { first: nextNumber, last: nextNumber + step.block - 1 },
        issued_at: toKinshasaIso(new Date(now)), expires_at: toKinshasaIso(new Date(now + step.ttl_minutes * MINUTE)),
      };
      nextNumber += step.block;
      credentials.set(step.credential, { claims, till, nextNumber: claims.block.first, fc: new Map(), queued: [] });
      jws.push(await signCredential(claims, issuer.kid, cryptoKeySigner(issuer.privateKey)));
    } else if ('offline' in step) {
      const c = credentials.get(step.offline)!;
      for (let i = 0; i < step.count; i++) {
        now += MINUTE;
        const type = step.type ?? 'FV';
        const n = c.nextNumber++;
        const unsigned = {
          ...draftFor(type, c.claims.pos_terminal_id),
          security: {
            mode: 'delegated', authority_id: c.claims.authority_id, fiscal_number: n, counters: { fc: bump(c.fc, type), tc: n, type },
            timestamp: dgiTimestamp(new Date(now)), kid: c.till.kid, credential_id: c.claims.credential_id,
          },
        };
        c.queued.push((await signSealedInvoice(unsigned, c.till.privateKey)) as SealedInvoice);
      }
    } else if ('reconcile' in step) {
      const c = credentials.get(step.reconcile)!;
      for (const inv of c.queued) {
        invoices.push(inv);
        await append('invoice', inv.security.fiscal_number!, inv);
      }
      c.queued = [];
      if (step.void_reason !== undefined) {
        const rest = Array.from({ length: c.claims.block.last - c.nextNumber + 1 }, (_, i) => c.nextNumber + i);
        await voidNumbers(rest, step.void_reason, c.claims.credential_id, true);
      }
    } else if ('expire' in step) {
      const c = credentials.get(step.expire)!;
      now = Math.max(now, Date.parse(c.claims.expires_at));
      const rest = Array.from({ length: c.claims.block.last - c.nextNumber + 1 }, (_, i) => c.nextNumber + i);
      await voidNumbers(rest, step.void_reason, c.claims.credential_id, false);
    } else if ('mirror' in step) {
      for (let i = 0; i < step.count; i++) {
        now += MINUTE;
        const type: InvoiceType = 'FV';
        // The device sealed other invoices before it was paired here: its FC (sales) trails its TC (all invoices).
        const counters = { fc: step.first_tc + i - 3, tc: step.first_tc + i, type };
        const unsigned = {
          ...draftFor(type, 'till-3'),
          security: { mode: 'device', authority_id: step.mirror, counters, code: `DEV${String(step.first_tc + i).padStart(21, '0')}`, timestamp: dgiTimestamp(new Date(now)), kid: seal.kid },
        };
        const sealed = (await signSealedInvoice(unsigned, seal.privateKey)) as SealedInvoice;
        invoices.push(sealed);
        await append('mirror', null, { invoice: sealed, nim: step.mirror, counters });
      }
    } else if ('z' in step) {
      now += MINUTE;
      const at = toKinshasaIso(new Date(now));
      const report = zReport({
        outlet_id: OUTLET_ID, at, invoices, voided, previous_z: lastZ === null ? null : { record: lastZ.record, ledger_hash: lastZ.hash },
        upload: { not_uploaded: 0, last_upload_at: null }, drawer_opens_without_sale: [{ at: toKinshasaIso(new Date(now - MINUTE)) }],
        cancellations: [], ...(lastZ === null ? { since: toKinshasaIso(new Date(START_MS)) } : {}), cashier_name: 'GÉRANT',
      });
      const sealedZ = await sealZRecord(report.record, { kid: seal.kid, authority_id: OUTLET_AUTHORITY, timestamp: dgiTimestamp(new Date(now)) }, (b) => signEs256(seal.privateKey, b));
      await append('z', null, sealedZ);
      lastZ = { record: report.record, hash: ledger[ledger.length - 1]!.hash };
    } else {
      now += step.wait_minutes * MINUTE;
    }
  }
  const exp: AuditExport = {
    format: AUDIT_EXPORT_FORMAT, version: AUDIT_EXPORT_VERSION, exported_at: toKinshasaIso(new Date(now + MINUTE)),
    merchant: { id: 'm-1', nif: NIF, name: 'SUPERMARCHÉ CENTRAL', rccm: 'CD/KIN/RCCM/24-B-01234', city: 'Kinshasa' },
    outlet: { id: OUTLET_ID, authority_id: OUTLET_AUTHORITY, name: 'Caisse centrale', isf: 'STALELA-POS-0.1' },
    keys: jwksOf(ring.values()), credentials: jws, ledger,
  };
  return { exp, ring, claims: new Map([...credentials].map(([id, c]) => [id, c.claims])) };
}
