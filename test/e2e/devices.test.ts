// The technician's pairing wizard in Chromium against the real core and the printer emulator on TCP: a failed test that
// says what to check, then Détecter → Choisir le rôle → Tester (a test page printed) → Enregistrer, the health page,
// and a cashier's sale whose receipt and DUPLICATA come out of the emulated printer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { createPrinterEmulator, type PrinterEmulator } from '../../device/emulator/printer';
import { type Browser, logIn, openBrowser, scan, skipReason } from './support/browser';
import { ensureRendererBuilt } from './support/renderer-build';
import { PEOPLE, startSeededTill, type SeededTill } from './support/seeded-till';

const skip = skipReason();
if (skip !== null) console.log(skip);

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe.skipIf(skip !== null)('the pairing wizard and the health page in Chromium', () => {
  let shop: SeededTill;
  let b: Browser;
  let printer: PrinterEmulator;
  let printerPort: number;

  beforeAll(async () => {
    await ensureRendererBuilt();
    shop = await startSeededTill('delegated');
    printer = createPrinterEmulator();
    printerPort = (await printer.listenTcp(0, '127.0.0.1')).port;
    b = await openBrowser();
    await b.page.goto(shop.till.uiUrl);
    await logIn(b.page, PEOPLE.technician, 'pairing-wizard');
  });
  afterAll(async () => {
    await b?.close();
    await printer?.close();
    await shop?.close();
  });

  const walkToTest = async (path: string) => {
    const { page } = b;
    await page.getByTestId('wizard-detect').waitFor();
    await page.getByTestId('wizard-transport').selectOption('tcp');
    await page.getByTestId('wizard-path').fill(path);
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('wizard-role').waitFor();
    await page.getByTestId('wizard-role-printer').click();
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('wizard-test').waitFor();
  };

  it('shows the technician the wizard, one step per screen, starting at Détecter, and finds the printer at the address typed', async () => {
    const { page } = b;
    expect(await page.getByTestId('wizard-steps').textContent()).toMatch(/Détecter.*Choisir le rôle.*Tester.*Enregistrer/);
    expect(await page.getByTestId('wizard-steps').getAttribute('data-step')).toBe('detect');
    // A closed port: the address is named with what to check, nothing is offered.
    await page.getByTestId('wizard-scan-hosts').fill(`127.0.0.1:${await closedPort()}`);
    await page.getByTestId('wizard-detect-run').click();
    await expect.poll(async () => (await page.getByTestId('wizard-problem').allTextContents()).join(' ')).toMatch(/Rien n’écoute sur 127\.0\.0\.1/);
    // The emulated printer: found (it answers its status), offered, and picking it fills the manual fields.
    await page.getByTestId('wizard-scan-hosts').fill(`127.0.0.1:${printerPort}`);
    await page.getByTestId('wizard-detect-run').click();
    const found = page.getByTestId('wizard-found');
    // Other things this machine has (a serial port) may be listed too, from the first search.
    await expect.poll(async () => (await found.count()) > 0 ? await found.textContent() : '').toContain(`127.0.0.1:${printerPort}`);
    await b.screenshot('30-wizard-detect');
    await found.getByRole('button').filter({ hasText: `127.0.0.1:${printerPort}` }).click();
    expect(await page.getByTestId('wizard-path').inputValue()).toBe(`127.0.0.1:${printerPort}`);
    expect(await page.getByTestId('wizard-transport').inputValue()).toBe('tcp');
    // A typo is refused on the spot, naming what is expected.
    await page.getByTestId('wizard-scan-hosts').fill('127.0.0.1:1 127.0.0.1:2');
    await page.getByTestId('wizard-detect-run').click();
    expect(await page.getByTestId('notice').textContent()).toContain('Un seul port');
    await page.getByTestId('wizard-scan-hosts').fill('');
  });

  it('names what to check when the printer does not answer', async () => {
    const { page } = b;
    await walkToTest(`127.0.0.1:${await closedPort()}`);
    await page.getByTestId('wizard-test-run').click();
    const outcome = page.getByTestId('test-outcome').first();
    await outcome.waitFor();
    expect(await outcome.getAttribute('data-ok')).toBe('false');
    const hints = await page.getByTestId('test-hints').first().textContent();
    expect(hints).toContain("L'adresse réseau");
    expect(hints).toContain('Le papier');
    expect(hints).toContain("Le capot");
    expect(await page.getByTestId('wizard-next').isDisabled()).toBe(true);
    await b.screenshot('31-wizard-test-failed');
  });

  it('pairs the emulated printer: the test page comes out of it, then the device is saved and healthy', async () => {
    const { page } = b;
    await page.getByTestId('tab-health').click();
    await page.getByTestId('tab-wizard').click();
    await walkToTest(`127.0.0.1:${printerPort}`);
    const before = printer.jobs().length;
    await page.getByTestId('wizard-test-run').click();
    const outcome = page.getByTestId('test-outcome');
    await outcome.waitFor();
    expect(await outcome.getAttribute('data-ok')).toBe('true');
    const jobs = await printer.waitForJobs(before + 1, 10_000);
    expect(jobs.length).toBeGreaterThan(before);
    await b.screenshot('32-wizard-test-ok');
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('wizard-save').waitFor();
    await b.screenshot('33-wizard-save');
    await page.getByTestId('wizard-save-done').click();
    const card = page.getByTestId('device-card');
    await card.waitFor();
    expect(await card.count()).toBe(1);
    expect(await card.getAttribute('data-role')).toBe('printer');
    await page.getByTestId('device-test').click();
    await expect.poll(() => page.getByTestId('test-outcome').getAttribute('data-ok')).toBe('true');
    await expect.poll(() => card.getAttribute('data-status')).toBe('ok');
    await b.screenshot('34-health');
  });

  it("prints a cashier's sealed receipt on the paired printer, and its DUPLICATA on F9", async () => {
    const { page } = b;
    await logIn(page, PEOPLE.cashier, 'till');
    await scan(page, '6009000000816');
    await page.getByTestId('ticket-line').waitFor();
    const before = printer.jobs().length;
    await page.keyboard.press('F8');
    await page.getByTestId('pay-confirm').click();
    await page.getByTestId('sale-done').waitFor();
    await expect.poll(() => page.getByTestId('print-state').getAttribute('data-status')).toBe('printed');
    // A job ends at each cut (a drawer kick may follow as its own): find the receipt among the new ones.
    await expect.poll(() => printer.jobs().slice(before).some((j) => j.text.includes('FACTURE DE VENTE'))).toBe(true);
    const receipt = printer.jobs().slice(before).find((j) => j.text.includes('FACTURE DE VENTE'))!;
    expect(receipt.text).toContain('FACTURE DE VENTE');
    expect(receipt.text).not.toContain('DUPLICATA');
    expect(receipt.qrCodes.length).toBe(1);
    await b.screenshot('35-sale-printed');
    await page.keyboard.press('F9');
    await page.getByTestId('reprint-print').click();
    await expect.poll(() => printer.jobs().some((j) => j.text.includes('DUPLICATA'))).toBe(true);
    const duplicate = printer.jobs().find((j) => j.text.includes('DUPLICATA'))!;
    expect(duplicate.text).toContain('FACTURE DE VENTE');
    expect(duplicate.qrCodes[0]?.payload).toBe(receipt.qrCodes[0]?.payload);
    expect(receipt.qrCodes[0]?.payload.startsWith('RDCDEF01;')).toBe(true);
    await page.getByTestId('reprint-dialog').getByTestId('notice').waitFor();
    await b.screenshot('36-duplicata-printed');
  });

  it('says when the printer fails (cover open): the print error in the reprint dialog, the fault in the banner, the light red', async () => {
    const { page } = b;
    printer.setFault('cover-open');
    await page.getByTestId('reprint-print').click();
    await expect.poll(() => page.getByTestId('reprint-dialog').getByTestId('notice').textContent()).toContain("L'impression a échoué");
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('banner-fault').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId('banner-fault').first().textContent()).toContain('Périphérique en défaut');
    await expect.poll(() => page.getByTestId('status-light').getAttribute('data-light')).toBe('red');
    await b.screenshot('37-printer-fault');
    printer.clearFaults();
  });

  it('pairs a keyboard-wedge scanner: Suivant waits for a real scan, typing the digits by hand does not count', async () => {
    const { page } = b;
    await logIn(page, PEOPLE.technician, 'pairing-wizard');
    await page.getByTestId('wizard-transport').selectOption('hid');
    await page.getByTestId('wizard-path').fill('keyboard');
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('wizard-role-scanner').click();
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('wizard-test-run').click();
    const check = page.getByTestId('wizard-scan-check');
    await check.waitFor();
    expect(await page.getByTestId('wizard-next').isDisabled()).toBe(true);
    await scan(page, '6009000000816', 'qwerty', 150); // a person typing: not a scan
    expect(await check.getAttribute('data-read')).toBe('');
    expect(await page.getByTestId('wizard-next').isDisabled()).toBe(true);
    await scan(page, '6009000000816', 'azerty');
    await expect.poll(() => check.getAttribute('data-read')).toBe('6009000000816');
    expect(await check.textContent()).toContain('Le scanner fonctionne');
    await b.screenshot('38-wizard-scanner-read');
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('wizard-save-done').click();
    await expect.poll(async () => (await page.getByTestId('device-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-role')))).sort()).toEqual(['printer', 'scanner']);
  });

  it('ran without a console error, and every failed API answer was a typed PosResult', () => {
    expect(b.errors).toEqual([]);
    expect(b.apiFailures.filter((f) => !f.isPosResult)).toEqual([]);
  });
});
