// Part 2 of the cloud service, in process on SQLite and PostgreSQL: reconciling offline invoices and mirroring MCF
// invoices (batches of 100, signed and chained beforehand by a till), closing a Z, and taking the audit export.
import { verifyExport } from '../../fiscal/verify';
import { BACKENDS } from '../server/backends';
import { startService } from '../server/fixtures';
import { auditExport, cloudSeal, makeTill } from '../server/reconciling-till';

const OFFLINE = 1000;
const MIRRORS = 500;
const CLOUD = 500;
const BATCH = 100;

const rate = (n: number, ms: number) => Math.round((n * 1000) / ms).toLocaleString('en-US');

export async function run(): Promise<void> {
  for (const backend of BACKENDS) {
    const svc = await startService(backend, { sweepIntervalMs: 0 });
    try {
      const shop = await svc.shop('A9000011T');
      const till = await makeTill(svc, shop);
      for (let i = 0; i < CLOUD; i++) await cloudSeal(svc, shop);
      const c = await till.credential(OFFLINE, 24 * 3600);
      const offline = [];
      for (let i = 0; i < OFFLINE; i++) offline.push(await till.seal(c));
      const device = [];
      for (let i = 0; i < MIRRORS; i++) device.push(await till.deviceSeal('XX01710090-1', 100 + i, 100 + i));

      let t = performance.now();
      for (let i = 0; i < OFFLINE; i += BATCH) {
        const res = await till.reconcile(offline.slice(i, i + BATCH), { credential_id: c.credential_id });
        if (res.json().accepted !== BATCH) throw new Error(`reconciliation: ${res.body.slice(0, 300)}`);
      }
      const offlineMs = performance.now() - t;
      t = performance.now();
      for (let i = 0; i < MIRRORS; i += BATCH) {
        const res = await till.reconcile(device.slice(i, i + BATCH));
        if (res.json().accepted !== BATCH) throw new Error(`mirror: ${res.body.slice(0, 300)}`);
      }
      const mirrorMs = performance.now() - t;
      t = performance.now();
      const z = await svc.call('POST', `/v1/outlets/${shop.outletId}/reports/z`, shop.ownerKey, {});
      if (z.statusCode !== 201) throw new Error(`z: ${z.body.slice(0, 300)}`);
      const zMs = performance.now() - t;
      t = performance.now();
      const exp = await auditExport(svc, shop);
      const exportMs = performance.now() - t;
      const bytes = Buffer.byteLength(JSON.stringify(exp));
      t = performance.now();
      const verified = await verifyExport(exp);
      const verifyMs = performance.now() - t;
      if (!verified.ok) throw new Error(`the export does not verify: ${JSON.stringify(verified)}`);
      const name = backend.padEnd(8);
      console.log(`${name} reconcile ${OFFLINE} delegated invoices in batches of ${BATCH}: ${rate(OFFLINE, offlineMs)} invoices/s (${offlineMs.toFixed(0)} ms)`);
      console.log(`${name} mirror ${MIRRORS} MCF invoices (countersigned) in batches of ${BATCH}: ${rate(MIRRORS, mirrorMs)} invoices/s (${mirrorMs.toFixed(0)} ms)`);
      console.log(`${name} Z over ${CLOUD + OFFLINE + MIRRORS} records: ${zMs.toFixed(0)} ms`);
      console.log(`${name} audit export of ${exp.ledger.length} records (${(bytes / 1e6).toFixed(1)} MB): ${exportMs.toFixed(0)} ms (${rate(exp.ledger.length, exportMs)} records/s); verifyExport ${verifyMs.toFixed(0)} ms`);
      till.close();
    } finally {
      await svc.close();
    }
  }
}
