// Voids of expired blocks on both stores: pending through the grace period (the verifier accepts them as pending),
// then voided by the sweep (periodic, or on reading the export), after which a late upload is refused with the reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyExport } from '../../fiscal/verify';
import { makeOfflineDeps } from '../../server/credentials-options';
import { sweepExpiredCredentials } from '../../server/credentials-sweep';
import { createDirectory } from '../../server/directory';
import type { ReconcileAnswer } from '../../server/reconcile-types';
import { BACKENDS } from './backends';
import { startService, type Service, type Shop } from './fixtures';
import { auditExport, makeTill, type Till } from './reconciling-till';

const HOUR = 3600_000;

describe.each(BACKENDS)('voids of expired credentials on %s', (backendName) => {
  let svc: Service;
  let shop: Shop;
  let till: Till;
  let skewMs = 0;

  beforeAll(async () => {
    svc = await startService(backendName, { sweepIntervalMs: 0, credentialGraceMs: 2 * HOUR, clock: () => new Date(Date.now() + skewMs) });
    shop = await svc.shop('A9000011T');
    till = await makeTill(svc, shop);
  });
  afterAll(async () => {
    till?.close();
    await svc?.close();
  });

  it('keeps an expired block pending through the grace period, then the export read voids it; a late upload is refused', async () => {
    const c = await till.credential(4, 60);
    const a = await till.seal(c);
    expect(((await till.reconcile([a], { close: false })).json() as ReconcileAnswer).accepted).toBe(1);
    const b = await till.seal(c);

    skewMs = HOUR; // expired, inside the grace period: the numbers wait for the till
    const pending = await verifyExport(await auditExport(svc, shop));
    expect(pending, JSON.stringify(pending)).toMatchObject({ ok: true, summary: { pending: { open: 0, expired: 3 } } });
    expect((await svc.store.getCredential(c.credential_id))?.status).toBe('open');

    skewMs = 3 * HOUR; // past the grace period: reading the export closes the block first
    const exp = await auditExport(svc, shop);
    const closed = await verifyExport(exp);
    expect(closed, JSON.stringify(closed)).toMatchObject({ ok: true, summary: { pending: { open: 0, expired: 0 } } });
    const voids = exp.ledger.filter((e) => e.kind === 'void');
    expect(voids.at(-1)?.payload).toMatchObject({ first: c.block.first + 1, last: c.block.last, credential_id: c.credential_id, reason: expect.stringContaining('after the upload grace period') });
    expect(await svc.store.getCredential(c.credential_id)).toMatchObject({ status: 'expired', closedReason: 'expired; closed by the sweep' });

    const late = (await till.reconcile([b])).json() as ReconcileAnswer;
    expect(late.results[0]).toMatchObject({ status: 'rejected', code: 'credential.closed', reason: expect.stringContaining('expired') });
    skewMs = 0;
  });

  it('sweeps every outlet when called without one, and a second sweep finds nothing to do', async () => {
    const c = await till.credential(2, 60);
    skewMs = 3 * HOUR;
    try {
      expect(await sweepExpiredCredentialsOf(svc)).toBe(1);
      expect(await sweepExpiredCredentialsOf(svc)).toBe(0);
      expect((await svc.store.getCredential(c.credential_id))?.status).toBe('expired');
    } finally {
      skewMs = 0;
    }
  });

  it('runs the sweep on its own timer when the app is given an interval', async () => {
    let offset = 0;
    const own = await startService(backendName, { sweepIntervalMs: 50, credentialGraceMs: 0, clock: () => new Date(Date.now() + offset) });
    try {
      const s = await own.shop('A9000011T');
      const t = await makeTill(own, s);
      const c = await t.credential(3, 60);
      offset = 2 * 60_000;
      let status = 'open';
      for (let i = 0; i < 100 && status === 'open'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        status = (await own.store.getCredential(c.credential_id))?.status ?? 'missing';
      }
      expect(status).toBe('expired');
      t.close();
    } finally {
      await own.close();
    }
  });
});

/** The sweep as the app's timer runs it, with the service's own dependencies. */
async function sweepExpiredCredentialsOf(svc: Service): Promise<number> {
  const deps = await makeOfflineDeps(
    { store: svc.store, directory: createDirectory(svc.store), signer: svc.signer, clock: () => new Date(Date.now() + 3 * HOUR), maxFutureSkewMs: 300_000 },
    { credentialGraceMs: 2 * HOUR },
  );
  return sweepExpiredCredentials(deps);
}
