// Proves the Z: numbered from the previous one, period reset, grand total kept, late uploads caught, sealed and chained.
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../../fiscal/canonical';
import { nextEntry, verifyChain } from '../../fiscal/chain';
import type { SealedInvoice } from '../../fiscal/invoice-types';
import { ReportError, sealZRecord, verifyZSeal, xReport, zReport, type ReportInput, type ZReport } from '../../fiscal/reports';
import { exportPublicJwk, generateEs256KeyPair, signEs256 } from '../../fiscal/signature';
import { dayInput, makeSealer, sealDay, type InvoiceSpec } from './reports-fixtures';

type Seal = Awaited<ReturnType<typeof makeSealer>>;
let seal: Seal;
let day: SealedInvoice[];
let z1: ZReport;
beforeAll(async () => {
  seal = await makeSealer();
  day = await sealDay();
  z1 = zReport(dayInput(day, '2026-11-25T18:00:00+01:00'));
});

const sale = (n: number, at: string, price: string, extra: Partial<InvoiceSpec> = {}): InvoiceSpec => ({
  n, at, lines: [{ code: '6002', name: 'LAIT GR', group: 'B', price, qty: '1' }],
  payments: [{ method: 'E', amount: price, currency: 'CDF' }], ...extra,
});

const after = (z: ZReport, base: ReportInput, at: string, invoices: SealedInvoice[], extra: Partial<ReportInput> = {}): ReportInput => ({
  ...base, at, invoices, previous_z: { record: z.record, ledger_hash: 'ab'.repeat(32) }, since: undefined, ...extra,
});

describe('the first Z', () => {
  it('is number 1 with the X figures at its time, the 17:30 drawer opening included', () => {
    expect(z1.kind).toBe('Z');
    expect(z1.z_number).toBe(1);
    expect(z1.figures.drawer_opens_without_sale).toBe(3);
    const x = xReport(dayInput(day, '2026-11-25T18:00:00+01:00'));
    expect(z1.figures).toEqual(x.figures);
  });

  it('carries a record with number, period, first and last numbers, grand totals, cover and no previous Z', () => {
    const r = z1.record;
    expect(r.version).toBe(1);
    expect(r.z_number).toBe(1);
    expect(r.outlet_id).toBe('outlet-central');
    expect(r.period).toEqual({ from: '2026-11-25T07:00:00+01:00', to: '2026-11-25T18:00:00+01:00' });
    expect([r.first_number, r.last_number]).toEqual([1, 8]);
    expect(r.grand_totals).toEqual([{ currency: 'CDF', ttc: '1048887.00' }, { currency: 'USD', ttc: '100.00' }]);
    expect(r.covered).toEqual({ outlet: [{ from: 1, to: 8 }], devices: [] });
    expect(r.previous).toBeNull();
    expect(r.closed_by).toBe('JACQUES');
    expect(r.figures).toBe(z1.figures);
  });

  it('is plain JSON: its canonical form parses back to the same record', () => {
    expect(JSON.parse(canonicalize(z1.record))).toEqual(z1.record);
  });

  it('seals with ES256, verifies, and a changed figure breaks the signature', async () => {
    const keys = await generateEs256KeyPair();
    const head = { kid: 'k1', authority_id: 'SC01000001-1', timestamp: '20261125180000' };
    const sealed = await sealZRecord(z1.record, head, (bytes) => signEs256(keys.privateKey, bytes));
    expect(sealed.seal.code).toMatch(/^[A-Z2-7]{24}$/);
    const pub = await exportPublicJwk(keys.publicKey);
    expect(await verifyZSeal(sealed, pub)).toEqual({ ok: true });
    const tampered = structuredClone(sealed);
    tampered.record.grand_totals[0]!.ttc = '1.00';
    expect(await verifyZSeal(tampered, pub)).toMatchObject({ ok: false, check: 'signature' });
    const recoded = { ...sealed, seal: { ...sealed.seal, code: 'A'.repeat(24) } };
    expect(await verifyZSeal(recoded, pub)).toMatchObject({ ok: false, check: 'code' });
  });

  it('chains as a ledger entry of kind z after the invoices, and an edit of the record breaks the chain there', async () => {
    let prev: { seq: number; hash: string } | null = null;
    const entries = [];
    for (const inv of day) {
      const e = await nextEntry(prev, { kind: 'invoice', fiscal_number: inv.security.fiscal_number ?? null, payload: inv });
      entries.push(e);
      prev = e;
    }
    const z = await nextEntry(prev, { kind: 'z', fiscal_number: null, payload: z1.record });
    entries.push(z);
    expect(await verifyChain(entries)).toMatchObject({ ok: true, count: 8 });
    const edited = structuredClone(entries);
    (edited[7]!['payload'] as { z_number: number }).z_number = 2;
    expect(await verifyChain(edited)).toMatchObject({ ok: false, seq: 8, check: 'hash' });
  });
});

describe('the Z after', () => {
  it('numbers itself previous + 1, starts where the previous ended, resets the period and keeps the grand total', async () => {
    const next = [await seal(sale(9, '2026-11-26T09:00:00+01:00', '4064.00')), await seal(sale(10, '2026-11-26T10:30:00+01:00', '10000.00'))];
    // The caller may pass the whole ledger: what Z 1 covered is left out.
    const z2 = zReport(after(z1, dayInput(day, ''), '2026-11-26T18:00:00+01:00', [...day, ...next], { voided: [] }));
    expect(z2.z_number).toBe(2);
    expect(z2.period).toEqual({ from: '2026-11-25T18:00:00+01:00', to: '2026-11-26T18:00:00+01:00' });
    expect(z2.figures.invoice_count).toBe(2);
    expect(z2.figures.numbers).toEqual({ first: 9, last: 10 });
    expect(z2.figures.sections.map((s) => [s.currency, s.totals.ttc])).toEqual([['CDF', '14064.00']]);
    expect(z2.figures.voided_count).toBe(0);
    expect(z2.figures.cancelled_count).toBe(0);
    expect(z2.figures.drawer_opens_without_sale).toBe(0);
    expect(z2.grand_totals).toEqual([{ currency: 'CDF', ttc: '1062951.00' }, { currency: 'USD', ttc: '100.00' }]);
    expect(z2.record.previous).toEqual({ z_number: 1, ledger_hash: 'ab'.repeat(32) });
    expect(z2.record.covered.outlet).toEqual([{ from: 1, to: 10 }]);
  });

  it('counts till events after the previous Z only', () => {
    const base = dayInput(day, '');
    const input = after(z1, base, '2026-11-26T18:00:00+01:00', day, {
      drawer_opens_without_sale: [...base.drawer_opens_without_sale, { at: '2026-11-25T18:00:01+01:00' }, { at: '2026-11-26T18:00:01+01:00' }],
    });
    expect(xReport(input).figures.drawer_opens_without_sale).toBe(1);
  });

  it('gives an empty X right after a Z, numbered for the next Z, with the grand total unchanged', () => {
    const x = xReport(after(z1, dayInput(day, ''), '2026-11-25T18:05:00+01:00', day));
    expect(x.z_number).toBe(2);
    expect(x.figures.sections).toEqual([]);
    expect(x.figures.invoice_count).toBe(0);
    expect(x.figures.numbers).toEqual({ first: null, last: null });
    expect(x.grand_totals).toEqual(z1.grand_totals);
  });

  it('catches invoices sealed offline and uploaded after a Z with numbers below its last, and shows them open until then', async () => {
    const base = dayInput(day, '');
    const cloud14 = await seal(sale(14, '2026-11-26T11:00:00+01:00', '500.00'));
    const z2 = zReport(after(z1, base, '2026-11-26T18:00:00+01:00', [...day, cloud14], { voided: [] }));
    // 9..13 were handed to the till as a delegated block and are not back yet.
    expect(z2.figures.numbers).toEqual({ first: 14, last: 14 });
    expect(z2.figures.unaccounted_numbers).toEqual([{ from: 9, to: 13 }]);
    expect(z2.record.covered.outlet).toEqual([{ from: 1, to: 8 }, { from: 14, to: 14 }]);

    const offline = [];
    for (let n = 9; n <= 12; n++) offline.push(await seal(sale(n, '2026-11-26T10:00:00+01:00', '1000.00', { mode: 'delegated' })));
    const z3 = zReport(after(z2, base, '2026-11-27T18:00:00+01:00', [...day, cloud14, ...offline], {
      voided: [{ fiscal_number: 13, reason: 'Bloc délégué rendu' }],
    }));
    expect(z3.z_number).toBe(3);
    expect(z3.figures.invoice_count).toBe(4);
    expect(z3.figures.numbers).toEqual({ first: 9, last: 13 });
    expect(z3.figures.voided).toEqual([{ fiscal_number: 13, reason: 'Bloc délégué rendu' }]);
    expect(z3.figures.unaccounted_numbers).toEqual([]);
    expect(z3.record.covered.outlet).toEqual([{ from: 1, to: 14 }]);
    expect(z3.grand_totals[0]).toEqual({ currency: 'CDF', ttc: '1053387.00' });
  });

  it('counts device-sealed invoices per NIM by their TC counter, and the next Z leaves them out', async () => {
    const dev = [
      await seal(sale(41, '2026-11-26T09:00:00+01:00', '464.00', { mode: 'device', authority: 'XX01710090-1' })),
      await seal(sale(42, '2026-11-26T09:05:00+01:00', '464.00', { mode: 'device', authority: 'XX01710090-1' })),
    ];
    const base = dayInput(day, '');
    const z2 = zReport(after(z1, base, '2026-11-26T18:00:00+01:00', [...day, ...dev], { voided: [] }));
    expect(z2.figures.device_numbers).toEqual([{ authority_id: 'XX01710090-1', first: 41, last: 42, count: 2 }]);
    expect(z2.figures.numbers).toEqual({ first: null, last: null });
    expect(z2.record.covered.devices).toEqual([{ authority_id: 'XX01710090-1', ranges: [{ from: 41, to: 42 }] }]);
    const z3 = zReport(after(z2, base, '2026-11-27T18:00:00+01:00', [...day, ...dev], { voided: [] }));
    expect(z3.figures.invoice_count).toBe(0);
    expect(z3.record.covered.devices).toEqual(z2.record.covered.devices);
  });

  it('refuses a previous Z record that zReport could not have written', () => {
    const base = dayInput(day, '2026-11-26T18:00:00+01:00');
    const broken = { ...z1.record, covered: { outlet: [{ from: 5, to: 2 }], devices: [] } };
    expect(() => zReport({ ...base, previous_z: { record: broken } })).toThrow(ReportError);
    expect(() => zReport({ ...base, previous_z: { record: broken } })).toThrow(/covered numbers/);
    const noNumber = { ...z1.record, z_number: 0 };
    expect(() => zReport({ ...base, previous_z: { record: noNumber } })).toThrow(expect.objectContaining({ code: 'invalid_previous_z' }));
  });
});
