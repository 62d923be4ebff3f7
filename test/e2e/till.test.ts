// The cashier's till in Chromium against the real core: PIN login, three wedge scans (one on AZERTY), live DGI totals,
// a split CDF/USD payment with its change, the sealed receipt with a QR that decodes, a DUPLICATA, no console error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { openBrowser, scan, skipReason, type Browser } from './support/browser';
import { ensureRendererBuilt } from './support/renderer-build';
import { PEOPLE, startSeededTill, type SeededTill } from './support/seeded-till';

const skip = skipReason();
if (skip !== null) console.log(skip);

// From the demo catalog (main/core/catalog-seed.ts): a beer in B with 150 F of excise per unit, maize flour in C (5 %).
const BEER = { barcode: '6009000000014', code: '10001' };
const FLOUR = { barcode: '6009000007198', code: '10719' };

describe.skipIf(skip !== null)('the till in Chromium', () => {
  let shop: SeededTill;
  let b: Browser;

  beforeAll(async () => {
    await ensureRendererBuilt();
    shop = await startSeededTill('delegated');
    b = await openBrowser();
  });
  afterAll(async () => {
    await b?.close();
    await shop?.close();
  });

  it('logs a cashier in with the PIN keypad and shows the status light, the signer, the offline banner and the name', async () => {
    const { page } = b;
    await page.goto(shop.till.uiUrl);
    await page.getByTestId('login-screen').waitFor();
    // The token left the address bar once read (it stays in sessionStorage for reloads).
    expect(page.url()).not.toContain('token=');
    await b.screenshot('01-login');
    await page.getByTestId('login-name').fill(PEOPLE.cashier.name);
    for (const d of PEOPLE.cashier.pin) await page.getByTestId('login-keypad').locator(`[data-key="${d}"]`).click();
    await page.getByTestId('login-submit').click();
    await page.getByTestId('till').waitFor();
    await expect.poll(() => page.getByTestId('status-light').getAttribute('data-light')).toBe('yellow');
    expect(await page.getByTestId('status-light').textContent()).toContain('jaune');
    expect(await page.getByTestId('status-light').textContent()).toContain('412 numéro(s) restant(s)');
    expect(await page.getByTestId('signer').textContent()).toContain('signature déléguée');
    expect(await page.getByTestId('cashier-name').textContent()).toContain(PEOPLE.cashier.name);
    await page.getByTestId('offline-banner').waitFor();
    // Every shortcut is printed on its button.
    for (const [cmd, key] of [['help', 'F1'], ['search', 'F2'], ['quantity', 'F4'], ['client', 'F6'], ['pay', 'F8'], ['reprint', 'F9'], ['cancel', 'Échap']]) {
      expect(await page.getByTestId(`cmd-${cmd}`).textContent()).toContain(key);
    }
    await b.screenshot('02-till-empty');
  });

  it('reads three scans as barcodes wherever focus is, an AZERTY burst included, and merges a product scanned twice', async () => {
    const { page } = b;
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('search-field');
    await scan(page, BEER.barcode);
    await page.locator(`[data-testid="ticket-line"][data-code="${BEER.code}"]`).waitFor();
    // On AZERTY the digit row types &é"'(-è_çà: only KeyboardEvent.code can read this burst.
    await scan(page, FLOUR.barcode, 'azerty');
    await page.locator(`[data-testid="ticket-line"][data-code="${FLOUR.code}"]`).waitFor();
    // Focus on a button this time: the scan still lands, and the Enter that ends it presses nothing.
    await page.getByTestId('cmd-help').focus();
    await scan(page, BEER.barcode);
    await expect.poll(() => page.locator(`[data-testid="ticket-line"][data-code="${BEER.code}"] [data-testid="line-qty"]`).textContent()).toContain('2 ×');
    await expect(page.getByTestId('help-dialog').count()).resolves.toBe(0);
    expect(await page.getByTestId('ticket-line').count()).toBe(2);
    // The same keys typed at a person's pace (150 ms apart) are no scan: the Enter presses the focused Aide button.
    await page.getByTestId('cmd-help').focus();
    await scan(page, FLOUR.barcode, 'qwerty', 150);
    await page.getByTestId('help-dialog').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('help-dialog').count()).toBe(0);
    expect(await page.locator(`[data-testid="ticket-line"][data-code="${FLOUR.code}"] [data-testid="line-qty"]`).textContent()).toContain('1 ×');
    // The burst left nothing behind in the search field.
    expect(await page.getByTestId('search-field').inputValue()).toBe('');
    // 2 beers: 4.000 TTC + 300 T.S. in B → H.T. 3.448, TVA 600; flour 2.000 in C → H.T. 1.905, TVA 95 (FACNO v1.2 rates).
    expect(await page.getByTestId('total-ht-B').textContent()).toContain('3.448');
    expect(await page.getByTestId('total-vat-B').textContent()).toContain('600');
    expect(await page.getByTestId('total-ht-C').textContent()).toContain('1.905');
    expect(await page.getByTestId('total-vat-C').textContent()).toContain('95');
    expect(await page.getByTestId('total-specific').textContent()).toContain('300');
    expect(await page.getByTestId('total-vat').textContent()).toContain('695');
    expect(await page.getByTestId('total-ttc').textContent()).toContain('6.348');
    await b.screenshot('03-till-three-scans');
  });

  it('takes a split payment in CDF and USD at the day rate and shows the change large', async () => {
    const { page } = b;
    await page.keyboard.press('F8');
    await page.getByTestId('payment-panel').waitFor();
    expect(await page.getByTestId('pay-total').textContent()).toContain('6.348');
    await page.getByTestId('pay-amount').fill('2000');
    await page.getByTestId('pay-method-M').click();
    await page.getByTestId('pay-currency-USD').click();
    await page.getByTestId('pay-rate').fill('2850');
    await page.getByTestId('pay-amount').fill('2');
    await page.getByTestId('pay-method-E').click();
    // 2.000 CDF + 2 USD × 2.850 = 7.700 CDF for 6.348: 1.352 back in cash.
    expect(await page.getByTestId('pay-line').count()).toBe(2);
    expect(await page.getByTestId('pay-remaining').textContent()).toBe('0');
    expect(await page.getByTestId('change-due').textContent()).toContain('1.352');
    await b.screenshot('04-payment-split');
    await page.getByTestId('pay-confirm').click();
    await page.getByTestId('sale-done').waitFor();
    expect(await page.getByTestId('sale-state').getAttribute('data-state')).toBe('sealed');
    expect(await page.getByTestId('done-change').textContent()).toContain('1.352');
  });

  it('shows the receipt as sealed, with the security elements and a QR that decodes to the stored payload', async () => {
    const { page } = b;
    const qr = page.locator('[data-testid="receipt-area"] svg').first();
    await qr.waitFor();
    await b.screenshot('05-receipt');
    const list = await shop.till.service.api.listInvoices({ limit: 1 });
    expect(list.ok).toBe(true);
    if (!list.ok) return;
    const id = list.value.invoices[0]!.client_invoice_id;
    const rec = await shop.till.service.api.getInvoice({ client_invoice_id: id });
    if (!rec.ok || rec.value.sealed === null) throw new Error('the sale was not sealed');
    const sealed = rec.value.sealed;
    expect(sealed.payments).toEqual([{ method: 'M', amount: '2000.00', currency: 'CDF' }, { method: 'E', amount: '2.00', currency: 'USD' }]);
    expect(sealed.usd_rate?.rate).toBe('2850.00');
    const text = await page.getByTestId('receipt-area').textContent();
    expect(text).toContain(sealed.security.code.slice(0, 4));
    expect(text).toContain('SC01000001-1');
    expect(text).toContain(`${sealed.security.counters.fc}/${sealed.security.counters.tc} FV`);
    const png = PNG.sync.read(await qr.screenshot());
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toBe(sealed.security.qr);
    expect(decoded?.data.startsWith('RDCDEF01;SC01000001-1;')).toBe(true);
  });

  it('"Envoyer le reçu" names a bad phone number, and offline says the receipt was not sent, to retry later', async () => {
    const { page } = b;
    await page.getByTestId('send-receipt').waitFor();
    expect(await page.getByTestId('send-submit').textContent()).toBe('Envoyer le reçu');
    await page.getByTestId('send-channel').selectOption('whatsapp');
    await page.getByTestId('send-to').fill('0812345678');
    await page.getByTestId('send-submit').click();
    await expect.poll(() => page.getByTestId('send-error').textContent()).toContain('to :');
    await page.getByTestId('send-channel').selectOption('email');
    await page.getByTestId('send-to').fill('client@example.cd');
    await page.getByTestId('send-submit').click();
    await expect.poll(() => page.getByTestId('send-error').textContent()).toContain('retry later');
    await b.screenshot('05b-send-receipt-offline');
  });

  it('reprints the last sale as a DUPLICATA with F9, then starts a new sale with Enter', async () => {
    const { page } = b;
    await page.keyboard.press('F9');
    await page.getByTestId('reprint-dialog').waitFor();
    await page.locator('[data-testid="reprint-dialog"] svg').first().waitFor();
    await b.screenshot('06-duplicata');
    expect(await page.getByTestId('duplicate-banner').textContent()).toContain('DUPLICATA');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('reprint-dialog').count()).toBe(0);
    await page.getByTestId('new-sale').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('search-field').waitFor();
    expect(await page.getByTestId('ticket-line').count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('search-field');
  });

  it('ran without a console error, and every failed API answer was a typed PosResult', () => {
    expect(b.errors).toEqual([]);
    expect(b.apiFailures.filter((f) => !f.isPosResult)).toEqual([]);
  });
});
