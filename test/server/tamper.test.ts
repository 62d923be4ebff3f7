// Tamper tests on both stores: rows are edited in the database itself (SQLite file, PostgreSQL), bypassing the service;
// the export is then taken from the tampered database through the route, and the verifier must name the record and
// the check every time. Scenarios are data: what was done to which row, and the exact failure expected.
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryHash, GENESIS_HASH } from '../../fiscal/chain';
import { verifyExport } from '../../fiscal/verify';
import { BACKENDS, type BackendName } from './backends';
import { startService, type Service, type Shop } from './fixtures';
import { auditExport, cloudSeal, makeTill } from './reconciling-till';

type Row = { seq: number; kind: string; fiscal_number: number | null; payload: string; prev_hash: string; hash: string; created_at: string };
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Direct access to the service's database, as someone with the file or a database login would have it. */
type RawDb = {
  rows(): Promise<Row[]>;
  /** Replaces the outlet's ledger rows (in one transaction). */
  replace(rows: Row[]): Promise<void>;
  run(sql: { sqlite: string; postgres: string }, values: unknown[]): Promise<void>;
  close(): Promise<void>;
};

const COLUMNS = 'outlet_id, seq, kind, fiscal_number, payload, prev_hash, hash, created_at';

async function openRaw(name: BackendName, target: string, outletId: string): Promise<RawDb> {
  const values = (r: Row) => [outletId, r.seq, r.kind, r.fiscal_number, r.payload, r.prev_hash, r.hash, r.created_at];
  if (name === 'sqlite') {
    const db = new Database(target);
    db.pragma('busy_timeout = 5000');
    return {
      rows: async () => db.prepare(`SELECT ${COLUMNS} FROM ledger WHERE outlet_id = ? ORDER BY seq`).all(outletId) as Row[],
      replace: async (rows) => {
        db.transaction(() => {
          db.prepare('DELETE FROM ledger WHERE outlet_id = ?').run(outletId);
          const insert = db.prepare(`INSERT INTO ledger (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
          for (const r of rows) insert.run(...values(r));
        }).immediate();
      },
      run: async (sql, v) => void db.prepare(sql.sqlite).run(...v),
      close: async () => void db.close(),
    };
  }
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  return {
    rows: async () => (await client.query(`SELECT ${COLUMNS} FROM ledger WHERE outlet_id = $1 ORDER BY seq`, [outletId])).rows
      .map((r) => ({ ...r, seq: Number(r.seq), fiscal_number: r.fiscal_number === null ? null : Number(r.fiscal_number) }) as Row),
    replace: async (rows) => {
      await client.query('BEGIN');
      await client.query('DELETE FROM ledger WHERE outlet_id = $1', [outletId]);
      for (const r of rows) await client.query(`INSERT INTO ledger (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, values(r));
      await client.query('COMMIT');
    },
    run: async (sql, v) => void (await client.query(sql.postgres, v)),
    close: () => client.end(),
  };
}

const edit = (row: Row, change: (payload: Json) => void): Row => {
  const payload = JSON.parse(row.payload) as Json;
  change(payload);
  return { ...row, payload: JSON.stringify(payload) };
};

/** What a careful forger does after an edit: every hash from `from` on recomputed, so the chain itself holds. */
async function rechain(rows: Row[], outletId: string, from = 0): Promise<Row[]> {
  const out = rows.map((r) => ({ ...r }));
  for (let i = from; i < out.length; i++) {
    const r = out[i]!;
    r.prev_hash = i === 0 ? GENESIS_HASH : out[i - 1]!.hash;
    r.hash = await entryHash(r.prev_hash, {
      seq: r.seq, prev_hash: r.prev_hash, outlet_id: outletId, kind: r.kind, fiscal_number: r.fiscal_number, recorded_at: r.created_at, payload: JSON.parse(r.payload),
    });
  }
  return out;
}

const renumber = (rows: Row[]): Row[] => rows.map((r, i) => ({ ...r, seq: i + 1 }));
const at = (rows: Row[], seq: number): Row => rows.find((r) => r.seq === seq)!;
const swapSeq = (rows: Row[], a: number, b: number): Row[] => rows.map((r) => (r.seq === a ? { ...r, seq: b } : r.seq === b ? { ...r, seq: a } : r)).sort((x, y) => x.seq - y.seq);

type Ctx = { outletId: string; raw: RawDb; credentialId: string; token: string; sealKid: string };
type Scenario = {
  name: string;
  /** The tampered ledger rows (null: the ledger is left alone and `also` edits elsewhere). */
  tamper: (rows: Row[], ctx: Ctx) => Promise<Row[] | null>;
  also?: (ctx: Ctx) => Promise<void>;
  expected: { seq: number | null; check: string; fiscal_number?: number | null };
};

// The ledger every scenario starts from (built in beforeAll):
// 1 invoice (cloud, 1) · 2 invoice (cloud, 6) · 3 invoice (delegated, 2) · 4 invoice (delegated, 3) · 5 mirror (TC 7)
// 6 void (4..5, the returned block) · 7 z (Z 1) · 8 invoice (cloud, 7)
const SCENARIOS: Scenario[] = [
  { name: 'an amount changed', tamper: async (rows) => rows.map((r) => (r.seq === 1 ? edit(r, (p) => (p['totals']['ttc'] = '1.00')) : r)), expected: { seq: 1, check: 'chain.hash', fiscal_number: 1 } },
  { name: 'an amount changed and the chain recomputed', tamper: async (rows, c) => rechain(rows.map((r) => (r.seq === 1 ? edit(r, (p) => (p['totals']['ttc'] = '1.00')) : r)), c.outletId), expected: { seq: 1, check: 'signature', fiscal_number: 1 } },
  { name: 'a row deleted', tamper: async (rows) => rows.filter((r) => r.seq !== 3), expected: { seq: 4, check: 'chain.seq', fiscal_number: 3 } },
  { name: 'a row deleted, the rest renumbered and rechained', tamper: async (rows, c) => rechain(renumber(rows.filter((r) => r.seq !== 3)), c.outletId), expected: { seq: 6, check: 'z.figures' } },
  { name: 'two rows swapped', tamper: async (rows) => swapSeq(rows, 3, 4), expected: { seq: 3, check: 'chain.prev_hash', fiscal_number: 3 } },
  { name: 'two rows swapped and rechained', tamper: async (rows, c) => rechain(swapSeq(rows, 3, 4), c.outletId), expected: { seq: 4, check: 'numbers.order', fiscal_number: 2 } },
  {
    name: 'a row inserted in the middle',
    tamper: async (rows) => [at(rows, 1), { ...at(rows, 5), seq: 2 }, ...rows.filter((r) => r.seq > 1).map((r) => ({ ...r, seq: r.seq + 1 }))],
    expected: { seq: 2, check: 'chain.prev_hash', fiscal_number: null },
  },
  {
    name: 'a forged invoice appended with a valid chain link',
    tamper: async (rows, c) => {
      const last = at(rows, 8);
      const forged = edit({ ...last, seq: 9, fiscal_number: 8 }, (p) => {
        p['client_invoice_id'] = 'forged-1';
        p['security']['fiscal_number'] = 8;
        p['security']['counters']['tc'] = 8;
        p['security']['counters']['fc'] = p['security']['counters']['fc'] + 1;
      });
      return rechain([...rows, forged], c.outletId, rows.length);
    },
    expected: { seq: 9, check: 'signature', fiscal_number: 8 },
  },
  {
    name: 'signatures swapped between two invoices',
    tamper: async (rows) => {
      const [a, b] = [JSON.parse(at(rows, 1).payload) as Json, JSON.parse(at(rows, 2).payload) as Json];
      return rows.map((r) => (r.seq === 1 ? edit(r, (p) => (p['security']['signature'] = b['security']['signature'])) : r.seq === 2 ? edit(r, (p) => (p['security']['signature'] = a['security']['signature'])) : r));
    },
    expected: { seq: 1, check: 'chain.hash', fiscal_number: 1 },
  },
  {
    name: 'signatures swapped between two invoices and the chain recomputed',
    tamper: async (rows, c) => {
      const [a, b] = [JSON.parse(at(rows, 1).payload) as Json, JSON.parse(at(rows, 2).payload) as Json];
      return rechain(rows.map((r) => (r.seq === 1 ? edit(r, (p) => (p['security']['signature'] = b['security']['signature'])) : r.seq === 2 ? edit(r, (p) => (p['security']['signature'] = a['security']['signature'])) : r)), c.outletId);
    },
    expected: { seq: 1, check: 'signature', fiscal_number: 1 },
  },
  { name: "a void's reason emptied, rechained", tamper: async (rows, c) => rechain(rows.map((r) => (r.seq === 6 ? edit(r, (p) => (p['reason'] = ' ')) : r)), c.outletId), expected: { seq: 6, check: 'void.reason', fiscal_number: 4 } },
  {
    name: "a mirror's invoice changed under its countersignature, rechained",
    tamper: async (rows, c) => rechain(rows.map((r) => (r.seq === 5 ? edit(r, (p) => (p['invoice']['cashier_name'] = 'SOMEONE ELSE')) : r)), c.outletId),
    expected: { seq: 5, check: 'signature', fiscal_number: null },
  },
  {
    name: "a Z's figure changed, rechained",
    tamper: async (rows, c) => rechain(rows.map((r) => (r.seq === 7 ? edit(r, (p) => (p['record']['figures']['invoice_count'] = 99)) : r)), c.outletId),
    expected: { seq: 7, check: 'z.signature', fiscal_number: null },
  },
  {
    name: "a credential's block widened in the credentials table",
    tamper: async () => null,
    also: async (c) => {
      const [h, p, s] = c.token.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Json;
      claims['block']['last'] += 10;
      const token = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
      await c.raw.run({ sqlite: 'UPDATE credentials SET token = ? WHERE id = ?', postgres: 'UPDATE credentials SET token = $1 WHERE id = $2' }, [token, c.credentialId]);
    },
    expected: { seq: 3, check: 'credential', fiscal_number: 2 },
  },
  {
    name: 'the seal key removed from signing_keys',
    tamper: async () => null,
    also: async (c) => c.raw.run({ sqlite: 'DELETE FROM signing_keys WHERE kid = ?', postgres: 'DELETE FROM signing_keys WHERE kid = $1' }, [c.sealKid]),
    expected: { seq: 1, check: 'kid', fiscal_number: 1 },
  },
];

describe.each(BACKENDS)('tampering with the %s database', (backendName) => {
  let svc: Service;
  let shop: Shop;
  let ctx: Ctx;
  let original: Row[];
  let keyRow: { publicJwk: string; createdAt: string; backend: string } | undefined;

  beforeAll(async () => {
    svc = await startService(backendName, { sweepIntervalMs: 0 });
    shop = await svc.shop('A9000011T');
    const till = await makeTill(svc, shop);
    await cloudSeal(svc, shop);
    const c = await till.credential(4);
    await cloudSeal(svc, shop);
    const offline = [await till.seal(c), await till.seal(c)];
    await till.reconcile([...offline, await till.deviceSeal('XX01710090-1', 7, 7)], { credential_id: c.credential_id, close: true });
    await svc.call('POST', `/v1/outlets/${shop.outletId}/reports/z`, shop.ownerKey, {});
    await cloudSeal(svc, shop);
    till.close();
    const raw = await openRaw(backendName, svc.backend.target, shop.outletId);
    ctx = { outletId: shop.outletId, raw, credentialId: c.credential_id, token: c.credential, sealKid: svc.signer.kid };
    original = await raw.rows();
    const k = (await svc.store.listSigningKeys()).find((s) => s.kid === svc.signer.kid);
    keyRow = k && { publicJwk: k.publicJwk, createdAt: k.createdAt, backend: k.backend };
  });
  afterAll(async () => {
    await ctx?.raw.close();
    await svc?.close();
  });

  it('starts from a ledger that verifies, laid out as the scenarios expect', async () => {
    expect(original.map((r) => `${r.seq}:${r.kind}:${r.fiscal_number}`)).toEqual(['1:invoice:1', '2:invoice:6', '3:invoice:2', '4:invoice:3', '5:mirror:null', '6:void:4', '7:z:null', '8:invoice:7']);
    expect(await verifyExport(await auditExport(svc, shop))).toMatchObject({ ok: true });
  });

  it.each(SCENARIOS.map((s) => [s.name, s] as const))('names the record when %s', async (_name, scenario) => {
    try {
      const tampered = await scenario.tamper(await ctx.raw.rows(), ctx);
      if (tampered !== null) await ctx.raw.replace(tampered);
      await scenario.also?.(ctx);
      const result = await verifyExport(await auditExport(svc, shop));
      expect(result.ok).toBe(false);
      expect(result).toMatchObject(scenario.expected);
    } finally {
      await ctx.raw.replace(original);
      await ctx.raw.run({ sqlite: 'UPDATE credentials SET token = ? WHERE id = ?', postgres: 'UPDATE credentials SET token = $1 WHERE id = $2' }, [ctx.token, ctx.credentialId]);
      if (keyRow) {
        await ctx.raw.run({
          sqlite: "INSERT INTO signing_keys (kid, purpose, backend, public_jwk, status, created_at) VALUES (?, 'seal', ?, ?, 'active', ?) ON CONFLICT DO NOTHING",
          postgres: "INSERT INTO signing_keys (kid, purpose, backend, public_jwk, status, created_at) VALUES ($1, 'seal', $2, $3, 'active', $4) ON CONFLICT DO NOTHING",
        }, [ctx.sealKid, keyRow.backend, keyRow.publicJwk, keyRow.createdAt]);
      }
    }
    // Restored, the same database verifies again: the failure came from the edit alone.
    expect(await verifyExport(await auditExport(svc, shop))).toMatchObject({ ok: true });
  });
});
