// Child process for the kill test: starts a checkout and freezes inside its transaction, right before the outbox row.
// Usage: node --import tsx test/support/core-kill-child.ts DB_PATH — prints IN_TRANSACTION, then blocks until killed.
import { openStore } from '../../main/core/store/open-store';
import { checkout } from '../../main/core/checkout';
import { systemClock } from '../../main/core/clock';
import { getCashier } from '../../main/core/cashiers';
import { makeSignerProbe } from '../../main/core/signer-probe';

const path = process.argv[2];
if (path === undefined) throw new Error('usage: core-kill-child.ts DB_PATH');
const store = openStore(path);
const db = store.db;
db.function('freeze_here', (draftsSeen: unknown) => {
  process.stdout.write(`IN_TRANSACTION drafts=${String(draftsSeen)}\n`);
  // Block this thread without spinning until the parent kills the process.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  return 0;
});
db.exec('CREATE TEMP TRIGGER freeze_before_outbox BEFORE INSERT ON outbox BEGIN SELECT freeze_here((SELECT count(*) FROM drafts)); END;');
const cashier = getCashier(db, 'OP001');
if (cashier === null) throw new Error('the parent must create cashier OP001');
await checkout({ db, clock: systemClock, sealers: {}, probeSigners: makeSignerProbe(db, systemClock) }, { lines: [{ code: 'EAU15', quantity: '1' }], payments: [] }, cashier);
process.stdout.write('COMMITTED\n');
