// The SDK's sealing guarantees against the real cloud behind a cutting proxy: a reply lost after the server committed
// is settled by GET (exactly one seal), a refused connection queues the draft, and flush seals it with the same key.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDraftSender } from '../../sdk';
import { jsonFileDraftQueue } from '../../sdk/file-queue';
import { startCuttingProxy, type CuttingProxy } from './cutting-proxy';
import { startSdkCloud, type SdkCloud } from './sdk-cloud';

let cloud: SdkCloud;
let proxy: CuttingProxy;
let dir: string;
beforeAll(async () => {
  cloud = await startSdkCloud();
  proxy = await startCuttingProxy(cloud.port);
  dir = mkdtempSync(join(tmpdir(), 'stalela-sdk-'));
});
afterAll(async () => {
  await proxy.close();
  await cloud.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A port that was free a moment ago and has nothing listening. */
const closedPort = async (): Promise<number> => {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
};

const sealsOf = async (clientInvoiceId: string) =>
  (await cloud.ledger()).filter((e) => e.kind === 'invoice' && e.payload.client_invoice_id === clientInvoiceId);

describe('sealing with an unknown outcome', () => {
  it('settles a reply dropped after the server committed by GET: one seal, the server’s own answer', async () => {
    proxy.setMode('drop-reply', /^POST \/v1\/invoices/);
    const sender = createDraftSender({ client: cloud.terminal(proxy.url) });
    const draft = cloud.draft();
    const out = await sender.submit(draft);
    proxy.setMode('pass');
    expect(proxy.dropped()).toBeGreaterThanOrEqual(1);
    expect(out.status).toBe('sealed');
    if (out.status !== 'sealed') return;
    expect(out.replayed).toBe(true);
    const stored = await cloud.owner().getInvoice(draft.client_invoice_id);
    expect(out.result.invoice.security.signature).toBe(stored?.invoice.security.signature);
    expect(await sealsOf(draft.client_invoice_id)).toHaveLength(1);
    expect(await sender.pending()).toEqual([]);
  });

  it('keeps a draft whose seal and settling GET were both cut, asks first on flush, and still seals once', async () => {
    proxy.setMode('drop-reply');
    const sender = createDraftSender({ client: cloud.terminal(proxy.url) });
    const draft = cloud.draft();
    const out = await sender.submit(draft);
    expect(out.status).toBe('queued');
    const [waiting] = await sender.pending();
    expect(waiting?.outcome_unknown).toBe(true);
    expect(waiting?.idempotency_key).toBe(draft.client_invoice_id);
    proxy.setMode('pass');
    const summary = await sender.flush();
    expect(summary.sealed.map((s) => s.client_invoice_id)).toEqual([draft.client_invoice_id]);
    expect(summary.pending).toBe(0);
    expect(await sealsOf(draft.client_invoice_id)).toHaveLength(1);
  });

  it('submitting the same draft twice while every invoice reply is cut still seals it once', async () => {
    proxy.setMode('drop-reply', /^POST \/v1\/invoices/);
    const draft = cloud.draft();
    const sender = createDraftSender({ client: cloud.terminal(proxy.url) });
    await sender.submit(draft);
    await sender.submit(draft);
    proxy.setMode('pass');
    await sender.flush();
    expect(await sealsOf(draft.client_invoice_id)).toHaveLength(1);
  });
});

describe('sealing past the deadline', () => {
  it('times out on a held reply, then finds the seal by GET instead of sealing again', async () => {
    proxy.setMode('hold-reply', /^POST \/v1\/invoices/);
    const sender = createDraftSender({ client: cloud.terminal(proxy.url, 800) });
    const draft = cloud.draft();
    const started = Date.now();
    const out = await sender.submit(draft);
    proxy.setMode('pass');
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    expect(out.status).toBe('sealed');
    expect(await sealsOf(draft.client_invoice_id)).toHaveLength(1);
  });
});

describe('offline queue', () => {
  it('queues drafts while the cloud refuses connections, in a JSON file, and seals them in order with the same keys', async () => {
    const file = join(dir, 'queue.json');
    // Nothing listens there: the connection is refused, so the drafts were certainly not sent.
    const sender = createDraftSender({ client: cloud.terminal(`http://127.0.0.1:${await closedPort()}`), queue: jsonFileDraftQueue(file) });
    const drafts = [cloud.draft(), cloud.draft(), cloud.draft()];
    for (const d of drafts) expect((await sender.submit(d)).status).toBe('queued');
    const onDisk = JSON.parse(readFileSync(file, 'utf8')) as { entries: { idempotency_key: string; outcome_unknown: boolean }[] };
    expect(onDisk.entries.map((e) => e.idempotency_key)).toEqual(drafts.map((d) => d.client_invoice_id));
    expect(onDisk.entries.every((e) => !e.outcome_unknown)).toBe(true);
    expect((await sender.flush()).pending).toBe(3);

    // A new process: a fresh sender over the same file, the cloud reachable again.
    const later = createDraftSender({ client: cloud.terminal(), queue: jsonFileDraftQueue(file) });
    const summary = await later.flush();
    expect(summary.sealed.map((s) => s.client_invoice_id)).toEqual(drafts.map((d) => d.client_invoice_id));
    const numbers = summary.sealed.map((s) => (s.status === 'sealed' ? s.result.invoice.security.fiscal_number ?? 0 : 0));
    expect([...numbers].sort((a, b) => a - b)).toEqual(numbers);
    expect(summary.pending).toBe(0);
    for (const d of drafts) expect(await sealsOf(d.client_invoice_id)).toHaveLength(1);
  });

  it('answers a refused draft as refused and drops it from the queue (retrying would not change the answer)', async () => {
    const sender = createDraftSender({ client: cloud.terminal() });
    const bad = { ...cloud.draft(), totals: { ht: '1.00', vat: '0.00', specific: '0.00', ttc: '1.00' } };
    const out = await sender.submit(bad);
    expect(out.status).toBe('refused');
    if (out.status === 'refused') expect(out.error.status).toBe(422);
    expect(await sender.pending()).toEqual([]);
  });
});
