// Proves checkout: the draft's figures and payments, its numbering, one transaction for draft + outbox, replays, and the sealing seam.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { checkout, type CheckoutDeps } from '../../main/core/checkout';
import { importCatalog } from '../../main/core/catalog';
import { createCashier } from '../../main/core/cashiers';
import { fixedClock } from '../../main/core/clock';
import { makeSignerProbe } from '../../main/core/signer-probe';
import { UUID_V7_RE } from '../../main/core/uuid-v7';
import { getInvoiceRecord, listInvoices, outboxCounts } from '../../main/core/invoices';
import type { CashierInfo, ProductInput, Ticket } from '../../main/api/pos-types';
import type { SignerState } from '../../main/core/signer-choice';
import type { Store } from '../../main/core/store/open-store';
import { verifyChain, type ChainEntry } from '../../fiscal/chain';
import { verifySealedInvoice } from '../../fiscal/signature';
import { validateDraft } from '../../fiscal/validation';
import { openTestStore, tempDir, type TempDir } from '../support/core-fixtures';
import { scriptedSealer, softwareSealer } from '../support/core-sealers';

const PRODUCTS: ProductInput[] = [
  { code: 'EAU15', name: 'EAU MINÉRALE SWISSTA 1.5L', type: 'BIE', tax_group: 'B', price: '464.00', barcode: '6009000000014' },
  { code: 'B500', name: 'BISCUITS PARLE-G 200G', type: 'BIE', tax_group: 'B', price: '500.00' },
  { code: 'PRIMUS72', name: 'BIÈRE PRIMUS 72CL', type: 'BIE', tax_group: 'B', price: '3500.00', specific_tax: { per_unit: '150.00', description: 'ACCISES' } },
  { code: 'RIZ5', name: 'RIZ PARFUMÉ JASMIN 5KG', type: 'BIE', tax_group: 'C', price: '14500.00' },
  { code: 'RECH1000', name: 'RECHARGE VODACOM 1000 FC', type: 'BIE', tax_group: 'A', price: '1000.00', is_out_of_scope: true },
];

const OFFLINE: SignerState = { device: { paired: false, ready: false }, cloud: { configured: true, reachable: false }, delegated: { credential: null }, now: '2026-11-25T13:03:11Z' };
const ONLINE: SignerState = { ...OFFLINE, cloud: { configured: true, reachable: true } };

let dir: TempDir;
let store: Store;
let cashier: CashierInfo;
let deps: CheckoutDeps;
const clock = fixedClock('2026-11-25T13:03:11Z');

beforeEach(async () => {
  dir = tempDir();
  store = openTestStore(dir);
  importCatalog(store.db, PRODUCTS);
  cashier = await createCashier(store.db, { name: 'JACQUES', pin: '1234', role: 'cashier' });
  clock.set('2026-11-25T13:03:11Z');
  deps = { db: store.db, clock, sealers: {}, probeSigners: makeSignerProbe(store.db, clock) };
});
afterEach(() => {
  store.close();
  dir.remove();
});

const count = (table: string): number => store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
const sale = (lines: Ticket['lines'], payments: Ticket['payments'] = []): Ticket => ({ lines, payments });

describe('checkout without a signer', () => {
  it('stores a draft with the DGI sample figures (464 TTC in B → HT 400, VAT 64) and an outbox entry that waits', async () => {
    const result = await checkout(deps, sale([{ code: 'EAU15', quantity: '1' }]), cashier);
    const d = result.invoice.draft;
    expect(d.tax_groups).toEqual([{ group: 'B', rate: '16.00', ht: '400.00', vat: '64.00', specific: '0.00', ttc: '464.00' }]);
    expect(d.totals).toEqual({ ht: '400.00', vat: '64.00', specific: '0.00', ttc: '464.00' });
    expect(d).toMatchObject({ merchant_nif: 'A9000011T', outlet_id: 'KIN-01', pos_terminal_id: 'T01', cashier_id: 'OP001', cashier_name: 'JACQUES', type: 'FV', currency: 'CDF', price_mode: 'TTC', issued_at: '2026-11-25T14:03:11+01:00' });
    expect(d.client_invoice_id).toMatch(UUID_V7_RE);
    expect(validateDraft(d).ok).toBe(true);
    expect(result.receipt).toBe('none');
    expect(result.invoice).toMatchObject({ status: 'awaiting_seal', signer: 'none', sealed: null });
    expect(result.invoice.reason).toMatch(/attend/);
    expect([count('drafts'), count('outbox'), count('sealed_invoices')]).toEqual([1, 1, 0]);
  });

  it('rounds group VAT to the franc like the 33h example (500 TTC → VAT 69) and puts T.S. in the VAT base', async () => {
    const a = await checkout(deps, sale([{ code: 'B500', quantity: '1' }]), cashier);
    expect(a.invoice.draft.totals).toEqual({ ht: '431.00', vat: '69.00', specific: '0.00', ttc: '500.00' });
    const b = await checkout(deps, sale([{ code: 'PRIMUS72', quantity: '2' }]), cashier);
    // S = 7000, T = 2 × 150: HT = 7000 − round(7000 × 16/116) = 6034; VAT = round((7000 × 100/116 + 300) × 0.16) = 1014.
    expect(b.invoice.draft.totals).toEqual({ ht: '6034.00', vat: '1014.00', specific: '300.00', ttc: '7348.00' });
    expect(b.invoice.draft.items[0]?.specific_tax).toEqual({ per_unit: '150.00', description: 'ACCISES' });
  });

  it('settles payments as the kernel does: cash tendered over the total gives change, the rest is cash', async () => {
    const r = await checkout(deps, sale([{ code: 'EAU15', quantity: '2' }, { code: 'RIZ5', quantity: '1' }], [{ method: 'M', amount: '10000.00' }, { method: 'E', amount: '10000.00' }]), cashier);
    expect(r.invoice.draft.totals.ttc).toBe('15428.00');
    expect(r.invoice.draft.payments).toEqual([{ method: 'M', amount: '10000.00', currency: 'CDF' }, { method: 'E', amount: '10000.00', currency: 'CDF' }]);
    expect(r.invoice.change_due).toBe('4572.00');
    const card = checkout(deps, sale([{ code: 'EAU15', quantity: '1' }], [{ method: 'C', amount: '1000.00' }]), cashier);
    await expect(card).rejects.toMatchObject({ code: 'payment_refused' });
  });

  it('numbers sales N/YYYY in order and restarts the count in a new year', async () => {
    const n1 = (await checkout(deps, sale([{ code: 'EAU15', quantity: '1' }]), cashier)).invoice.invoice_number;
    const n2 = (await checkout(deps, sale([{ code: 'EAU15', quantity: '1' }]), cashier)).invoice.invoice_number;
    clock.set('2026-12-31T23:30:00Z'); // 00:30 on 1 January 2027 in Kinshasa
    const n3 = (await checkout(deps, sale([{ code: 'EAU15', quantity: '1' }]), cashier)).invoice.invoice_number;
    expect([n1, n2, n3]).toEqual(['1/2026', '2/2026', '1/2027']);
  });

  it('declares an out-of-scope product with the item code HORS CHAMP', async () => {
    const r = await checkout(deps, sale([{ code: 'RECH1000', quantity: '1' }]), cashier);
    expect(r.invoice.draft.items[0]).toMatchObject({ code: 'HORS CHAMP', tax_group: 'A' });
    expect(r.invoice.draft.totals).toEqual({ ht: '1000.00', vat: '0.00', specific: '0.00', ttc: '1000.00' });
  });

  it('keeps the original price and the reason of a changed price, and refuses a change without a reason', async () => {
    const r = await checkout(deps, sale([{ code: 'RIZ5', quantity: '1', unit_price: '13000.00', price_change: 'remise fidélité' }]), cashier);
    expect(r.invoice.draft.items[0]).toMatchObject({ unit_price: '13000.00', original_price: '14500.00', price_change: 'remise fidélité' });
    await expect(checkout(deps, sale([{ code: 'RIZ5', quantity: '1', unit_price: '1.00' }]), cashier)).rejects.toMatchObject({ code: 'invalid_argument' });
  });

  it('writes nothing for an unknown product, a bad quantity or an invalid draft', async () => {
    await expect(checkout(deps, sale([{ code: 'NOPE', quantity: '1' }]), cashier)).rejects.toMatchObject({ code: 'product_not_found' });
    await expect(checkout(deps, sale([{ code: 'EAU15', quantity: '0' }]), cashier)).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(checkout(deps, { ...sale([{ code: 'EAU15', quantity: '1' }]), client: { type: 'PM' } }, cashier)).rejects.toMatchObject({ code: 'invalid_draft' });
    expect([count('drafts'), count('outbox')]).toEqual([0, 0]);
    expect((await checkout(deps, sale([{ code: 'EAU15', quantity: '1' }]), cashier)).invoice.invoice_number).toBe('1/2026');
  });
});

describe('one transaction for the draft and its outbox entry', () => {
  it('leaves neither the draft nor a consumed invoice number when the outbox write fails', async () => {
    store.db.exec("CREATE TEMP TRIGGER fail_outbox BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disque plein (simulé)'); END;");
    await expect(checkout(deps, sale([{ code: 'EAU15', quantity: '1' }]), cashier)).rejects.toThrow(/disque plein/);
    expect([count('drafts'), count('outbox')]).toEqual([0, 0]);
    expect(store.db.prepare("SELECT count(*) FROM counters WHERE name LIKE 'invoice_number:%'").pluck().get()).toBe(0);
    store.db.exec('DROP TRIGGER temp.fail_outbox');
    const r = await checkout(deps, sale([{ code: 'EAU15', quantity: '1' }]), cashier);
    expect(r.invoice.invoice_number).toBe('1/2026');
    expect([count('drafts'), count('outbox')]).toEqual([1, 1]);
  });
});

describe('replays', () => {
  it('answers the same sale for the same client_invoice_id and ticket, and refuses another ticket under that id', async () => {
    const id = '0193a5c4-0000-7000-8000-000000000001';
    const ticket = { ...sale([{ code: 'EAU15', quantity: '1' }]), client_invoice_id: id };
    const first = await checkout(deps, ticket, cashier);
    const again = await checkout(deps, { ...ticket }, cashier);
    expect(first.is_replay).toBe(false);
    expect(again.is_replay).toBe(true);
    expect(again.invoice).toEqual(first.invoice);
    await expect(checkout(deps, { ...ticket, lines: [{ code: 'EAU15', quantity: '2' }] }, cashier)).rejects.toMatchObject({ code: 'conflict' });
    expect(count('drafts')).toBe(1);
    await expect(checkout(deps, { ...ticket, client_invoice_id: 'not-a-uuid' }, cashier)).rejects.toMatchObject({ code: 'invalid_argument' });
  });
});

describe('the sealing seam', () => {
  it('seals through the chosen mode, stores a verifiable invoice and chains locally sealed ones', async () => {
    const soft = await softwareSealer('delegated');
    const credential = { id: 'cred-1', expires_at: '2026-11-26T00:00:00Z', remaining: 100 };
    deps = { ...deps, sealers: { delegated: soft.sealer }, probeSigners: async () => ({ ...OFFLINE, delegated: { credential } }) };
    const a = await checkout(deps, sale([{ code: 'EAU15', quantity: '1' }]), cashier);
    const b = await checkout(deps, sale([{ code: 'RIZ5', quantity: '1' }]), cashier);
    expect(a.receipt).toBe('fiscal');
    expect(a.invoice).toMatchObject({ status: 'awaiting_upload', signer: 'delegated' });
    expect(await verifySealedInvoice(a.invoice.sealed, soft.jwks)).toEqual({ ok: true });
    const chain = store.db.prepare('SELECT seq, prev_hash, hash FROM local_chain ORDER BY seq').all() as { seq: number; prev_hash: string; hash: string }[];
    expect(chain.map((c) => c.seq)).toEqual([1, 2]);
    expect(chain[1]?.prev_hash).toBe(chain[0]?.hash);
    expect(getInvoiceRecord(store.db, b.invoice.client_invoice_id).sealed?.security.counters).toEqual({ fc: 2, tc: 2, type: 'FV' });
    expect(listInvoices(store.db).invoices.map((i) => i.fiscal_code)).toEqual([b.invoice.sealed?.security.code, a.invoice.sealed?.security.code]);
  });

  it('rebuilds the local chain from stored rows and verifies it with fiscal/chain', async () => {
    const soft = await softwareSealer('delegated');
    const credential = { id: 'cred-1', expires_at: '2026-11-26T00:00:00Z', remaining: 100 };
    deps = { ...deps, sealers: { delegated: soft.sealer }, probeSigners: async () => ({ ...OFFLINE, delegated: { credential } }) };
    for (let i = 0; i < 3; i++) await checkout(deps, sale([{ code: 'EAU15', quantity: String(i + 1) }]), cashier);
    const { canonicalBytes } = await import('../../fiscal/canonical');
    const { sha256Hex } = await import('../../fiscal/bytes');
    const rows = store.db.prepare('SELECT c.seq, c.prev_hash, c.hash, c.client_invoice_id, s.mode, s.code, s.body FROM local_chain c JOIN sealed_invoices s USING (client_invoice_id) ORDER BY c.seq').all() as
      { seq: number; prev_hash: string; hash: string; client_invoice_id: string; mode: string; code: string; body: string }[];
    const entries: ChainEntry[] = [];
    for (const r of rows) {
      entries.push({ seq: r.seq, prev_hash: r.prev_hash, hash: r.hash, client_invoice_id: r.client_invoice_id, mode: r.mode, code: r.code, invoice_sha256: await sha256Hex(canonicalBytes(JSON.parse(r.body))) });
    }
    expect(await verifyChain(entries)).toMatchObject({ ok: true, count: 3 });
    store.db.prepare("UPDATE sealed_invoices SET body = json_set(body, '$.totals.ttc', '1.00') WHERE client_invoice_id = ?").run(rows[1]!.client_invoice_id);
    const tampered = JSON.parse(store.db.prepare('SELECT body FROM sealed_invoices WHERE client_invoice_id = ?').pluck().get(rows[1]!.client_invoice_id) as string);
    entries[1] = { ...entries[1]!, invoice_sha256: await sha256Hex(canonicalBytes(tampered)) };
    expect(await verifyChain(entries)).toMatchObject({ ok: false, seq: 2, check: 'hash' });
  });

  it('keeps a sale whose answer was lost in "sealing" and a refused one "rejected", with reasons', async () => {
    const lost = scriptedSealer('cloud', () => ({ status: 'unknown', message: 'délai dépassé' }));
    deps = { ...deps, sealers: { cloud: lost.sealer }, probeSigners: async () => ONLINE };
    const a = await checkout(deps, sale([{ code: 'EAU15', quantity: '1' }]), cashier);
    expect(a.invoice).toMatchObject({ status: 'sealing', signer: 'cloud', sealed: null });
    expect(a.receipt).toBe('none');
    expect(a.invoice.reason).toMatch(/identifiant/);
    const refused = scriptedSealer('cloud', () => ({ status: 'refused', code: 'invalid_figures', message: 'totaux différents' }));
    deps = { ...deps, sealers: { cloud: refused.sealer } };
    const b = await checkout(deps, sale([{ code: 'EAU15', quantity: '1' }]), cashier);
    expect(b.invoice.status).toBe('rejected');
    const thrower = scriptedSealer('cloud', () => {
      throw new Error('socket hang up');
    });
    deps = { ...deps, sealers: { cloud: thrower.sealer } };
    expect((await checkout(deps, sale([{ code: 'EAU15', quantity: '1' }]), cashier)).invoice.status).toBe('sealing');
    expect(outboxCounts(store.db)).toMatchObject({ sealing: 2, rejected: 1 });
  });

  it('refuses to store a sealed invoice whose figures differ from the draft sent: the sale stays "sealing", to be asked about', async () => {
    const soft = await softwareSealer('cloud');
    const liar = scriptedSealer('cloud', async (draft) => soft.sealer.seal({ ...draft, totals: { ...draft.totals, ttc: '1.00' } }));
    deps = { ...deps, sealers: { cloud: liar.sealer }, probeSigners: async () => ONLINE };
    const r = await checkout(deps, sale([{ code: 'EAU15', quantity: '1' }]), cashier);
    expect(r).toMatchObject({ receipt: 'none', invoice: { status: 'sealing', sealed: null } });
    expect(r.invoice.reason).toMatch(/differs from the draft/);
    expect(count('sealed_invoices')).toBe(0);
    expect(outboxCounts(store.db).sealing).toBe(1);
  });

  it('waits, saying so, when the chosen mode has no sealer in this build', async () => {
    deps = { ...deps, probeSigners: async () => ONLINE };
    const r = await checkout(deps, sale([{ code: 'EAU15', quantity: '1' }]), cashier);
    expect(r.invoice).toMatchObject({ status: 'awaiting_seal', signer: 'none' });
    expect(r.invoice.reason).toMatch(/cloud/);
  });
});
