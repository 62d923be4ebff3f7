// The till in Chromium against the real cloud service and the emulated printer (issue 6): a full online sale sealed by
// the cloud and printed; the network cut, a sale sealed through the till's delegated credential; the block spent, a
// sale that waits as a draft; the network back, the owner syncs and both offline sales are with the cloud, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';
import { logIn, openBrowser, scan, skipReason, type Browser } from './support/browser';
import { ensureRendererBuilt } from './support/renderer-build';
import { PEOPLE } from './support/seeded-till';
import { startCloudTill, type CloudTill } from './support/cloud-till';

const skip = skipReason();
if (skip !== null) console.log(skip);

const BEER = { barcode: '6009000000014', code: '10001' };
const FLOUR = { barcode: '6009000007198', code: '10719' };

/** The last sale as the core holds it. */
async function lastSale(shop: CloudTill) {
  const list = await shop.till.service.api.listInvoices({ limit: 1 });
  if (!list.ok) throw new Error(list.error.message);
  const rec = await shop.till.service.api.getInvoice({ client_invoice_id: list.value.invoices[0]!.client_invoice_id });
  if (!rec.ok) throw new Error(rec.error.message);
  return rec.value;
}

async function qrOnScreen(page: Page): Promise<string | undefined> {
  const qr = page.locator('[data-testid="receipt-area"] svg').first();
  await qr.waitFor();
  const png = PNG.sync.read(await qr.screenshot());
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

describe.skipIf(skip !== null)('the till in Chromium with the real cloud', () => {
  let shop: CloudTill;
  let b: Browser;
  const offlineIds: string[] = [];

  beforeAll(async () => {
    await ensureRendererBuilt();
    shop = await startCloudTill({ blockSize: 2 });
    // The first pass brings the till its credential (two numbers) while online.
    await shop.till.core.agent.runPass({ force: true });
    b = await openBrowser();
    await b.page.goto(shop.till.uiUrl);
    await b.page.getByTestId('login-screen').waitFor();
    await logIn(b.page, PEOPLE.cashier, 'till');
  });
  afterAll(async () => {
    await b?.close();
    await shop?.close();
  });

  it('online: three scans, a split CDF/USD payment, sealed by the cloud, the QR on screen and on the printed receipt', async () => {
    const { page } = b;
    await expect.poll(() => page.getByTestId('status-light').getAttribute('data-light')).toBe('green');
    expect(await page.getByTestId('signer').textContent()).toMatch(/cloud/i);
    await scan(page, BEER.barcode);
    await scan(page, FLOUR.barcode, 'azerty');
    await scan(page, BEER.barcode);
    await expect.poll(() => page.locator(`[data-testid="ticket-line"][data-code="${BEER.code}"] [data-testid="line-qty"]`).textContent()).toContain('2 ×');
    expect(await page.getByTestId('total-ttc').textContent()).toContain('6.348');
    await page.keyboard.press('F8');
    await page.getByTestId('payment-panel').waitFor();
    await page.getByTestId('pay-amount').fill('2000');
    await page.getByTestId('pay-method-M').click();
    await page.getByTestId('pay-currency-USD').click();
    await page.getByTestId('pay-rate').fill('2850');
    await page.getByTestId('pay-amount').fill('2');
    await page.getByTestId('pay-method-E').click();
    await page.getByTestId('pay-confirm').click();
    await page.getByTestId('sale-done').waitFor();
    expect(await page.getByTestId('sale-state').getAttribute('data-state')).toBe('sealed');
    expect(await page.getByTestId('done-change').textContent()).toContain('1.352');
    const sale = await lastSale(shop);
    expect(sale.sealed?.security.mode).toBe('cloud');
    expect(sale.sealed?.security.authority_id).toBe(shop.cloud.shop.authorityId);
    expect(await qrOnScreen(page)).toBe(sale.sealed!.security.qr);
    await b.screenshot('40-cloud-receipt');
    // The emulated printer received the receipt: its QR is the invoice's, the drawer opened for the cash part.
    const [job] = await shop.printer.waitForJobs(1);
    expect(job!.qrCodes.map((q) => q.payload)).toContain(sale.sealed!.security.qr);
    expect(job!.text).toContain(sale.sealed!.security.counters.tc.toString());
    expect(job!.drawerKicks.length).toBe(1);
    await page.getByTestId('new-sale').click();
  });

  it('network cut: a sale sealed through the delegated credential, shown sealed with the till as signer', async () => {
    const { page } = b;
    shop.proxy.setMode('refuse');
    await scan(page, FLOUR.barcode);
    await page.locator(`[data-testid="ticket-line"][data-code="${FLOUR.code}"]`).waitFor();
    await page.keyboard.press('F8');
    await page.getByTestId('payment-panel').waitFor();
    await page.getByTestId('pay-confirm').click();
    await page.getByTestId('sale-done').waitFor();
    expect(await page.getByTestId('sale-state').getAttribute('data-state')).toBe('sealed');
    const sale = await lastSale(shop);
    offlineIds.push(sale.client_invoice_id);
    expect(sale.sealed?.security.mode).toBe('delegated');
    expect(sale.status).toBe('awaiting_upload');
    expect(await qrOnScreen(page)).toBe(sale.sealed!.security.qr);
    await page.getByTestId('offline-banner').waitFor();
    await expect.poll(() => page.getByTestId('status-light').getAttribute('data-light')).toBe('yellow');
    expect(await page.getByTestId('status-light').textContent()).toContain('1 numéro(s) restant(s)');
    expect(await page.getByTestId('signer').textContent()).toContain('signature déléguée');
    await b.screenshot('41-delegated-receipt');
    await page.getByTestId('new-sale').click();
  });

  it('block spent, still offline: the sale waits as a draft with its reason, no fiscal receipt; the light is red', async () => {
    const { page } = b;
    // The block's last number goes to a sale made through the bridge (a kiosk at the same till).
    const spent = await shop.till.service.api.checkout({ lines: [{ code: FLOUR.code, quantity: '1' }], payments: [{ method: 'E' }] });
    expect(spent.ok && spent.value.invoice.sealed?.security.mode).toBe('delegated');
    if (spent.ok) offlineIds.push(spent.value.invoice.client_invoice_id);
    await scan(page, BEER.barcode);
    await page.locator(`[data-testid="ticket-line"][data-code="${BEER.code}"]`).waitFor();
    await page.keyboard.press('F8');
    await page.getByTestId('payment-panel').waitFor();
    await page.getByTestId('pay-confirm').click();
    await page.getByTestId('sale-done').waitFor();
    expect(await page.getByTestId('sale-state').getAttribute('data-state')).toBe('awaiting_seal');
    const sale = await lastSale(shop);
    offlineIds.push(sale.client_invoice_id);
    expect(sale.sealed).toBeNull();
    expect(sale.reason).toMatch(/épuisé/);
    await expect.poll(() => page.getByTestId('status-light').getAttribute('data-light')).toBe('red');
    expect(await page.getByTestId('receipt-area').textContent()).toContain('Pas de reçu fiscal');
    await b.screenshot('42-waiting-draft');
    await page.getByTestId('new-sale').click();
  });

  it('network back: the owner syncs; the delegated invoice is reconciled and the waiting one sealed, each once', async () => {
    const { page } = b;
    shop.proxy.setMode('pass');
    await logIn(page, PEOPLE.owner, 'owner-home');
    await page.getByTestId('tab-problems').click();
    await page.getByTestId('sync-now').click();
    await expect.poll(async () => (await shop.till.service.api.syncStatus()).ok && (await shop.till.service.api.syncStatus() as { ok: true; value: { pending_uploads: number; awaiting_seal: number } }).value.awaiting_seal === 0).toBe(true);
    await expect.poll(() => page.getByTestId('waiting-drafts').textContent()).toContain('0 vente(s)');
    await b.screenshot('43-synced-problems');
    const ledger = await shop.cloud.ledger();
    for (const id of offlineIds) expect(ledger.filter((e) => e.payload.client_invoice_id === id), id).toHaveLength(1);
    const waited = await shop.till.service.api.getInvoice({ client_invoice_id: offlineIds[2]! });
    expect(waited.ok && waited.value.sealed?.security.mode).toBe('cloud');
    await page.getByTestId('tab-journal').click();
    await expect.poll(() => page.getByTestId('journal-row').count()).toBe(4);
    await b.screenshot('44-journal-after-sync');
  });

  it('ran without a console error, and every failed API answer was a typed PosResult', () => {
    expect(b.errors).toEqual([]);
    expect(b.apiFailures.filter((f) => !f.isPosResult)).toEqual([]);
  });
});
