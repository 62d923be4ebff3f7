// Pairing the emulated DGI fiscal device (MCF) with the wizard in Chromium (issue 6): the technician chooses TCP and the
// MCF role, the test reads the device's status (C1h) and taxpayer (2Bh) on screen, saves it; the health page shows it
// healthy; then a cashier's sale is sealed by that MCF (mode device, its NIM on the receipt) and the test print comes out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcfEmulator, listenMcfTcp } from '../../device/emulator/mcf-emulator';
import { type Browser, logIn, openBrowser, scan, skipReason } from './support/browser';
import { ensureRendererBuilt } from './support/renderer-build';
import { PEOPLE } from './support/seeded-till';
import { startCloudTill, type CloudTill } from './support/cloud-till';

const skip = skipReason();
if (skip !== null) console.log(skip);

describe.skipIf(skip !== null)('pairing the emulated MCF in Chromium', () => {
  let shop: CloudTill;
  let b: Browser;
  const emulator = createMcfEmulator();
  let mcf: Awaited<ReturnType<typeof listenMcfTcp>>;

  beforeAll(async () => {
    await ensureRendererBuilt();
    mcf = await listenMcfTcp(emulator, { port: 0 });
    shop = await startCloudTill({ blockSize: 2 });
    b = await openBrowser();
    await b.page.goto(shop.till.uiUrl);
    await logIn(b.page, PEOPLE.technician, 'pairing-wizard');
  });
  afterAll(async () => {
    await b?.close();
    await shop?.close();
    emulator.close();
    await mcf?.close();
  });

  it('walks Détecter → MCF → Tester (status and taxpayer read) → Enregistrer, then shows it healthy', async () => {
    const { page } = b;
    await page.getByTestId('wizard-detect').waitFor();
    await page.getByTestId('wizard-transport').selectOption('tcp');
    await page.getByTestId('wizard-path').fill(`127.0.0.1:${mcf.port}`);
    await b.screenshot('50-mcf-detect');
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('wizard-role').waitFor();
    await page.getByTestId('wizard-role-mcf').click();
    await b.screenshot('51-mcf-role');
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('wizard-test').waitFor();
    await page.getByTestId('wizard-test-run').click();
    const outcome = page.getByTestId('test-outcome');
    await outcome.waitFor();
    expect(await outcome.getAttribute('data-ok')).toBe('true');
    // What the device said of itself: its NIM and the taxpayer it is set up for.
    const said = await outcome.textContent();
    expect(said).toContain(emulator.durable.mid);
    expect(said).toContain('A9000011T');
    // Labelled in French, the MCF's clock read as a date and time.
    const labels = await outcome.locator('dt').allTextContents();
    expect(labels).toEqual(['NIM du MCF', 'NIF', 'Contribuable', 'Compteur total (TC)', 'Heure du MCF']);
    expect(await outcome.locator('dd').last().textContent()).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
    await b.screenshot('52-mcf-test-ok');
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('wizard-save').waitFor();
    await page.getByTestId('wizard-save-done').click();
    const card = page.locator('[data-testid="device-card"][data-role="mcf"]');
    await card.waitFor();
    await expect.poll(() => card.getAttribute('data-status')).toBe('ok');
    await b.screenshot('53-mcf-health');
  });

  it("a cashier's sale is then sealed by the MCF: mode device, the device's NIM and counters, printed", async () => {
    const { page } = b;
    await logIn(page, PEOPLE.cashier, 'till');
    await expect.poll(() => page.getByTestId('signer').textContent(), { timeout: 15_000 }).toMatch(/MCF/);
    await scan(page, '6009000000014');
    await page.locator('[data-testid="ticket-line"][data-code="10001"]').waitFor();
    await page.keyboard.press('F8');
    await page.getByTestId('payment-panel').waitFor();
    const jobsBefore = shop.printer.jobs().length;
    await page.getByTestId('pay-confirm').click();
    await page.getByTestId('sale-done').waitFor();
    expect(await page.getByTestId('sale-state').getAttribute('data-state')).toBe('sealed');
    const list = await shop.till.service.api.listInvoices({ limit: 1 });
    if (!list.ok) throw new Error(list.error.message);
    const rec = await shop.till.service.api.getInvoice({ client_invoice_id: list.value.invoices[0]!.client_invoice_id });
    if (!rec.ok || rec.value.sealed === null) throw new Error('not sealed');
    expect(rec.value.sealed.security.mode).toBe('device');
    expect(rec.value.sealed.security.authority_id).toBe(emulator.durable.mid);
    expect(await page.getByTestId('receipt-area').textContent()).toContain(emulator.durable.mid);
    const jobs = await shop.printer.waitForJobs(jobsBefore + 1, 10_000);
    expect(jobs.at(-1)!.qrCodes.map((q) => q.payload)).toContain(rec.value.sealed.security.qr);
    await b.screenshot('54-mcf-receipt');
  });

  it('ran without a console error, and every failed API answer was a typed PosResult', () => {
    expect(b.errors).toEqual([]);
    expect(b.apiFailures.filter((f) => !f.isPosResult)).toEqual([]);
  });
});
