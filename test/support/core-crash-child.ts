// Child process of the crash test: a till core selling and syncing against the cloud until it is SIGKILLed.
// Usage: node core-crash-child.mjs DB_PATH run|drain [RETRY_ID RETRY_I] — prints READY, then "ACK <id>" after each
// committed checkout. RETRY_ID: a sale the last child began but never acknowledged, sent again as a cashier would.
import { openStore } from '../../main/core/store/open-store';
import { getCashier } from '../../main/core/cashiers';
import { checkout } from '../../main/core/checkout';
import { createTillCore } from '../../main/core/till-core';
import { uuidv7 } from '../../main/core/uuid-v7';
import { dirname, join } from 'node:path';

const [path, mode, retryId, retryI] = process.argv.slice(2);
if (path === undefined || (mode !== 'run' && mode !== 'drain')) {
  process.stderr.write('usage: core-crash-child DB_PATH run|drain\n');
  process.exit(2);
}
const out = (line: string): void => {
  // Pipes are synchronous on Linux: once the parent reads a line, it was written before any later kill.
  process.stdout.write(`${line}\n`);
};

const store = openStore(path);
// With the fiscal extension: while the parent's proxy refuses the cloud, sales are sealed on the till inside its block.
const core = createTillCore({
  store, sync: { autoStart: false }, cloudTimeoutMs: 3000, reachabilityTtlMs: 60_000,
  fiscalExtension: { key: { kind: 'key_file', path: join(dirname(path), 'till-key.json'), passphrase: 'crash test passphrase' }, blockSize: 40, ttlSeconds: 3600 },
});
// checkout() as the PosApi calls it, without the PIN login (scrypt would be a third of each short life).
const cashier = getCashier(store.db, 'OP001');
if (cashier === null) throw new Error('the parent must create cashier OP001');
out('READY');

if (mode === 'drain') {
  for (let i = 0; i < 30; i++) {
    const r = await core.agent.runPass({ force: true });
    if (r.pending === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const left = store.db.prepare("SELECT count(*) FROM outbox WHERE status <> 'done'").pluck().get() as number;
  const returned = await core.extension!.returnAll();
  out(`DRAINED left=${left} returned=${returned.returned.length} held=${core.extension!.held().length}`);
  await core.close();
  store.close();
  process.exit(0);
}

const ticket = (id: string, i: number) => ({
  client_invoice_id: id,
  lines: [{ code: 'EAU15', quantity: String((i % 3) + 1) }, { code: 'PAIN', quantity: '1' }],
  payments: [{ method: 'E' as const }],
});
const sell = async (id: string, i: number): Promise<void> => {
  out(`BEGIN ${id} ${i}`);
  const r = await checkout(core.checkoutDeps, ticket(id, i), cashier);
  out(`ACK ${id} ${r.invoice.status} ${r.is_replay ? 'replay' : 'new'}`);
};

// The same id and ticket again: the stored sale if the last child committed it, else a new one; never two.
if (retryId !== undefined && retryI !== undefined) await sell(retryId, Number(retryI));
// The first pass settles whatever the last kill left in 'sealing', before any new sale.
const first = await core.agent.runPass();
out(`PASS resolved=${first.resolved} sealed=${first.sealed}`);
for (let i = 0; ; i++) {
  await sell(uuidv7(), i);
  if (i % 3 === 2) {
    const p = await core.agent.runPass({ force: true });
    out(`PASS resolved=${p.resolved} sealed=${p.sealed}`);
  }
}
