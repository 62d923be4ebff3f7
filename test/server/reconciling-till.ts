// Test helper: a till that seals offline the way the desktop core does (its own key, a credential from the cloud, the
// real main/core/outbox.ts local chain in its own SQLite database) and an MCF-paired till; both upload to the service.
import { canonicalBytes } from '../../fiscal/canonical';
import { dgiTimestamp } from '../../fiscal/dgi-time';
import type { AuditExport } from '../../fiscal/audit-export';
import type { InvoiceDraft, InvoiceType, SealedInvoice } from '../../fiscal/invoice-types';
import { exportPublicJwk, generateEs256KeyPair, jwkThumbprint, signSealedInvoice, type EcPublicJwk } from '../../fiscal/signature';
import { sha256Hex } from '../../fiscal/bytes';
import { insertSale, recordOutcome } from '../../main/core/outbox';
import { openStore, type Store as TillStore } from '../../main/core/store/open-store';
import type { LocalLink } from '../../server/reconcile-types';
import { makeDraft, type Service, type Shop } from './fixtures';

export type Credential = {
  credential_id: string;
  credential: string;
  block: { first: number; last: number };
  issued_at: string;
  expires_at: string;
  authority_id: string;
  till_kid: string;
};

export type Upload = { invoices: unknown[]; local_chain: LocalLink[] };

export type SealOptions = {
  /** Defaults to the credential's next unused number. */
  number?: number;
  /** Trusted time of the seal (the till's clock); defaults to now. */
  atMs?: number;
  type?: InvoiceType;
  /** Changes the invoice before it is signed (a buggy till); the till chains what it signed. */
  mutate?: (invoice: Record<string, unknown>) => void;
  /** Signs with another key than the credential's (the kid still names the credential's key unless told). */
  signWith?: CryptoKey;
  kid?: string;
};

let serial = 0;
const nextId = (prefix: string) => `${prefix}-${process.pid}-${++serial}`;

/** A till: its key pair, its own SQLite store (drafts, sealed invoices, local_chain) and its API key. */
export async function makeTill(svc: Service, shop: Shop, terminal = 'till-7') {
  const pair = await generateEs256KeyPair();
  const jwk: EcPublicJwk = await exportPublicJwk(pair.publicKey);
  const kid = await jwkThumbprint(jwk);
  const db: TillStore = openStore(':memory:');
  const used = new Map<string, number>();
  const fcs = new Map<string, number>();
  const call = (method: 'GET' | 'POST', url: string, body?: unknown) => svc.call(method, url, shop.terminalKey, body);

  /** Stores the sale and its sealed invoice through the till's own outbox, which chains it; answers its link. */
  async function chain(sealed: SealedInvoice): Promise<LocalLink> {
    const draft: InvoiceDraft = (({ security: _s, ...d }) => d)(sealed) as InvoiceDraft;
    const now = new Date();
    insertSale(db.db, { draft, change: 0n, ticketHash: null, signer: sealed.security.mode === 'device' ? 'device' : 'delegated', status: 'sealing', reason: 'test', now });
    await recordOutcome(db.db, draft.client_invoice_id, { status: 'sealed', invoice: sealed }, now);
    const row = db.db.prepare('SELECT seq, client_invoice_id, prev_hash, hash FROM local_chain WHERE client_invoice_id = ?').get(draft.client_invoice_id) as LocalLink;
    return { ...row };
  }

  return {
    kid, jwk, terminal, privateKey: pair.privateKey,
    close: () => db.close(),
    async credential(block: number, ttlSeconds = 3600, terminalId = terminal) {
      const res = await call('POST', '/v1/credentials', { pos_terminal_id: terminalId, public_key: jwk, block_size: block, ttl_seconds: ttlSeconds });
      if (res.statusCode !== 201) throw new Error(`credential: ${res.statusCode} ${res.body}`);
      return res.json() as Credential;
    },
    /** Seals a delegated invoice inside the credential and chains it; answers the invoice and its chain link. */
    async seal(c: Credential, o: SealOptions = {}): Promise<{ invoice: SealedInvoice; link: LocalLink }> {
      const n = o.number ?? (used.get(c.credential_id) ?? c.block.first - 1) + 1;
      used.set(c.credential_id, Math.max(n, used.get(c.credential_id) ?? 0));
      const type = o.type ?? 'FV';
      const fcKey = `${c.authority_id}|${type}`;
      const fc = (fcs.get(fcKey) ?? 0) + 1;
      fcs.set(fcKey, fc);
      const atMs = o.atMs ?? Date.now();
      // A deep copy: fixtures.makeDraft shares its default items, which a mutation must not change for later drafts.
      const draft = structuredClone(makeDraft({ outletId: shop.outletId, nif: shop.nif, clientInvoiceId: nextId('off'), issuedAt: new Date(atMs).toISOString(), type }));
      draft['pos_terminal_id'] = terminal;
      o.mutate?.(draft);
      const unsigned = {
        ...(draft as unknown as InvoiceDraft),
        security: { mode: 'delegated', authority_id: c.authority_id, fiscal_number: n, counters: { fc, tc: n, type }, timestamp: dgiTimestamp(new Date(atMs)), kid: o.kid ?? kid, credential_id: c.credential_id },
      };
      const invoice = (await signSealedInvoice(unsigned, o.signWith ?? pair.privateKey)) as unknown as SealedInvoice;
      return { invoice, link: await chain(invoice) };
    },
    /** An invoice a paired MCF sealed (its NIM, counters, code and time), signed by the till key as main/core/sealers/device.ts does. */
    async deviceSeal(nim: string, tc: number, fc: number, o: { atMs?: number; mutate?: (d: Record<string, unknown>) => void } = {}) {
      const atMs = o.atMs ?? Date.now();
      const draft = structuredClone(makeDraft({ outletId: shop.outletId, nif: shop.nif, clientInvoiceId: nextId('mcf'), issuedAt: new Date(atMs).toISOString() }));
      draft['pos_terminal_id'] = terminal;
      o.mutate?.(draft);
      const code = `MCF${String(tc).padStart(21, '0')}`;
      const unsigned = {
        ...(draft as unknown as InvoiceDraft),
        security: { mode: 'device', authority_id: nim, counters: { fc, tc, type: 'FV' }, code, timestamp: dgiTimestamp(new Date(atMs)), qr: '', kid, signature: '' },
      };
      const invoice = (await signSealedInvoice(unsigned, pair.privateKey)) as unknown as SealedInvoice;
      return { invoice, link: await chain(invoice) };
    },
    async reconcile(items: Array<{ invoice: unknown; link?: LocalLink }>, extra: Record<string, unknown> = {}) {
      const body = { invoices: items.map((i) => i.invoice), local_chain: items.flatMap((i) => (i.link ? [i.link] : [])), ...extra };
      return call('POST', '/v1/reconciliations', body);
    },
    async returnCredential(c: Credential) {
      return call('POST', `/v1/credentials/${c.credential_id}/return`);
    },
  };
}

export type Till = Awaited<ReturnType<typeof makeTill>>;

/** The export as the owner reads it from the service. */
export async function auditExport(svc: Service, shop: Shop): Promise<AuditExport> {
  const res = await svc.call('GET', `/v1/outlets/${shop.outletId}/audit-export`, shop.ownerKey);
  if (res.statusCode !== 200) throw new Error(`audit export: ${res.statusCode} ${res.body}`);
  return res.json() as AuditExport;
}

/** Seals a draft in the cloud with the shop's terminal key. */
export async function cloudSeal(svc: Service, shop: Shop, id = nextId('cloud')): Promise<SealedInvoice> {
  const res = await svc.call('POST', '/v1/invoices', shop.terminalKey, makeDraft({ outletId: shop.outletId, nif: shop.nif, clientInvoiceId: id }), { 'idempotency-key': id });
  if (res.statusCode !== 201) throw new Error(`seal: ${res.statusCode} ${res.body}`);
  return (res.json() as { invoice: SealedInvoice }).invoice;
}

/** The SHA-256 the till's chain records for an invoice (main/core/outbox.ts). */
export const invoiceSha = (invoice: unknown): Promise<string> => sha256Hex(canonicalBytes(invoice));
