// The owner's screens in Chromium against the real core: today's charts, the journal's search and DUPLICATA, a credit
// note drawn from the journal, X then Z (confirmed) then A, problems to act on, the journal export, and English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { toKinshasaIso } from '../../fiscal/dgi-time';
import type { CheckoutResult } from '../../main/api/pos-types';
import { type Browser, logIn, openBrowser, skipReason } from './support/browser';
import { ensureRendererBuilt } from './support/renderer-build';
import { morning, ringUp } from './support/sales';
import { PEOPLE, startSeededTill, type SeededTill } from './support/seeded-till';

const skip = skipReason();
if (skip !== null) console.log(skip);

describe.skipIf(skip !== null)("the owner's screens in Chromium", () => {
  let shop: SeededTill;
  let b: Browser;
  let sales: CheckoutResult[];
  const today = toKinshasaIso(new Date()).slice(0, 10);

  beforeAll(async () => {
    await ensureRendererBuilt();
    shop = await startSeededTill('delegated');
    sales = await ringUp(shop.till.service.api, morning(today));
    b = await openBrowser();
    await b.page.goto(shop.till.uiUrl);
    await logIn(b.page, PEOPLE.owner, 'owner-home');
  });
  afterAll(async () => {
    await b?.close();
    await shop?.close();
  });

  it("shows today's sales, VAT, invoices and credit notes with charts by hour, tax group and payment method", async () => {
    const { page } = b;
    await page.getByTestId('glance-CDF').waitFor();
    expect(sales.every((s) => s.invoice.sealed !== null)).toBe(true);
    expect(await page.getByTestId('kpi-invoices').textContent()).toBe('4');
    expect(await page.getByTestId('kpi-credits').textContent()).toContain('0');
    const groups = await page.getByTestId('chart-groups').getByTestId('chart-bar').evaluateAll((els) => els.map((e) => e.getAttribute('data-label')));
    expect(groups).toEqual(['A', 'B', 'C']);
    const methods = await page.getByTestId('chart-methods').getByTestId('chart-bar').count();
    expect(methods).toBe(3);
    const hour = Number(toKinshasaIso(new Date()).slice(11, 13));
    const nowBar = page.getByTestId('chart-hours').locator(`[data-label="${hour}h"]`);
    expect(Number(await nowBar.getAttribute('data-value'))).toBeGreaterThan(0);
    await b.screenshot('10-owner-today');
  });

  it('finds invoices in the journal by number, DEF/DGI code, client and amount, and shows a DUPLICATA', async () => {
    const { page } = b;
    await page.getByTestId('tab-journal').click();
    await expect.poll(() => page.getByTestId('journal-row').count()).toBe(4);
    const search = page.getByTestId('journal-search');
    const third = sales[2]!.invoice;
    await search.fill(third.invoice_number);
    await expect.poll(() => page.getByTestId('journal-row').count()).toBe(1);
    const code = third.sealed!.security.code;
    await search.fill(`${code.slice(0, 4)}-${code.slice(4, 8)}`);
    await expect.poll(() => page.getByTestId('journal-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-number')))).toContain(third.invoice_number);
    await search.fill('abc sarl');
    await expect.poll(() => page.getByTestId('journal-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-number')))).toEqual([third.invoice_number]);
    const first = sales[0]!.invoice;
    await search.fill(first.sealed!.totals.ttc.replace('.00', ''));
    await expect.poll(() => page.getByTestId('journal-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-number')))).toEqual([first.invoice_number]);
    await page.getByTestId('journal-row').first().click();
    await page.getByTestId('journal-detail').locator('svg').first().waitFor();
    await b.screenshot('11-owner-journal');
    await page.getByTestId('journal-reprint').click();
    await page.getByTestId('duplicate-banner').waitFor();
    await b.screenshot('12-owner-journal-duplicata');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('reprint-dialog').count()).toBe(0);
  });

  it('makes a credit note from the journal: the original lines, nature RAN, the original code as reference, sealed as FA', async () => {
    const { page } = b;
    const first = sales[0]!.invoice;
    await page.getByTestId('journal-credit').click();
    await page.getByTestId('credit-dialog').waitFor();
    await page.getByTestId('credit-nature-RAN').check();
    await b.screenshot('13-credit-dialog');
    await page.getByTestId('credit-load').click();
    await expect.poll(() => page.getByTestId('ticket-line').count()).toBe(2);
    expect(await page.getByTestId('invoice-type').textContent()).toBe("Facture d'avoir");
    expect(await page.getByTestId('credit-ref').textContent()).toContain(first.sealed!.security.code);
    // The credit note takes back the whole original: 2 beers and a flour, 6.348 CDF TTC.
    expect(first.sealed!.totals.ttc).toBe('6348.00');
    expect(await page.getByTestId('total-ttc').textContent()).toContain('6.348');
    await b.screenshot('14-credit-note-ticket');
    await page.keyboard.press('F8');
    await page.getByTestId('payment-panel').waitFor();
    expect(await page.getByTestId('payment-panel').textContent()).toContain('Rembourser');
    await page.getByTestId('pay-confirm').click();
    await page.getByTestId('sale-done').waitFor();
    expect(await page.getByTestId('sale-state').getAttribute('data-state')).toBe('sealed');
    await b.screenshot('15-credit-note-sealed');
    const list = await shop.till.service.api.listInvoices({ limit: 1 });
    if (!list.ok) throw new Error(list.error.message);
    const rec = await shop.till.service.api.getInvoice({ client_invoice_id: list.value.invoices[0]!.client_invoice_id });
    if (!rec.ok || rec.value.sealed === null) throw new Error('the credit note was not sealed');
    expect(rec.value.sealed.type).toBe('FA');
    expect(rec.value.sealed.reference).toEqual({ nature: 'RAN', code: first.sealed!.security.code });
    expect(rec.value.sealed.totals.ttc).toBe(first.sealed!.totals.ttc);
    await page.keyboard.press('Enter');
  });

  it('takes an X report, then a Z closing only after the warning is confirmed, then an A report over today', async () => {
    const { page } = b;
    await page.getByTestId('tab-reports').click();
    await page.getByTestId('take-x').click();
    const x = page.getByTestId('report-X');
    await x.waitFor();
    expect(await x.textContent()).toContain('RAPPORT X (prochain Z n° 1)');
    expect(await x.getByTestId('report-section-CDF').count()).toBe(1);
    await b.screenshot('16-report-x');
    await page.getByTestId('take-z').click();
    await page.getByTestId('z-confirm').waitFor();
    expect(await page.getByTestId('z-confirm').textContent()).toContain('définitive');
    await b.screenshot('17-z-confirm');
    // Refusing first: nothing is closed.
    await page.getByTestId('confirm-no').click();
    expect(await page.getByTestId('report-Z').count()).toBe(0);
    await page.getByTestId('take-z').click();
    await page.getByTestId('confirm-yes').click();
    const z = page.getByTestId('report-Z');
    await z.waitFor();
    expect(await z.textContent()).toContain('CLÔTURE Z n° 1');
    await b.screenshot('18-report-z');
    await page.getByTestId('take-x').click();
    await expect.poll(() => page.getByTestId('report-X').textContent()).toContain('prochain Z n° 2');
    await page.getByTestId('a-from').fill(today);
    await page.getByTestId('a-to').fill(today);
    await page.getByTestId('take-a').click();
    const a = page.getByTestId('report-A');
    await a.waitFor();
    expect(await a.textContent()).toContain('BIÈRE PRIMUS 33CL');
    await b.screenshot('19-report-a');
  });

  it('lists problems to act on: the 24-hour upload rule, waiting drafts, refusals, devices', async () => {
    const { page } = b;
    await page.getByTestId('tab-problems').click();
    await page.getByTestId('upload-rule').waitFor();
    // Five invoices sealed offline minutes ago: waiting, but well inside the 24 hours.
    await expect.poll(() => page.getByTestId('upload-rule').getAttribute('data-state')).toBe('ok');
    expect(await page.getByTestId('upload-rule').textContent()).toContain('5 facture(s) à envoyer');
    expect(await page.getByTestId('waiting-drafts').textContent()).toContain('0 vente(s)');
    expect(await page.getByTestId('rejected').textContent()).toContain('0 facture(s)');
    await b.screenshot('20-problems');
  });

  it('exports the journal for the auditor as JSON with every invoice', async () => {
    const { page } = b;
    await page.getByTestId('tab-export').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-journal').click()]);
    const body = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { format: string; invoice_count: number; invoices: { sealed: { security: { code: string } } | null }[] };
    expect(body.format).toBe('stalela-till-journal');
    expect(body.invoice_count).toBe(5);
    expect(body.invoices.every((i) => i.sealed !== null && i.sealed.security.code.length === 24)).toBe(true);
    await b.screenshot('21-export');
  });

  it('switches to English on request and remembers it after a reload', async () => {
    const { page } = b;
    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.getByTestId('tab-today').textContent()).toBe('Today');
    await page.reload();
    await page.getByTestId('owner-home').waitFor();
    expect(await page.getByTestId('tab-today').textContent()).toBe('Today');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await b.screenshot('22-owner-english');
    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.getByTestId('tab-today').textContent()).toBe("Aujourd'hui");
  });

  it('ran without a console error, and every failed API answer was a typed PosResult', () => {
    expect(b.errors).toEqual([]);
    expect(b.apiFailures.filter((f) => !f.isPosResult)).toEqual([]);
  });
});
