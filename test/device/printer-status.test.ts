// Proves DLE EOT status read-back: decoding, faults injected in the emulator, printing refused, and the silent-printer timeout.
import { describe, expect, it } from 'vitest';
import { createPrinterEmulator } from '../../device/emulator/printer';
import { createMemoryPair } from '../../device/transport/memory';
import { createPrinterDriver } from '../../device/printer/driver';
import { isPrinterError, type PrinterErrorCode } from '../../device/printer/printer-error';
import { receiptBytes } from '../../device/printer/render-escpos';
import { SAMPLE_INVOICE, SAMPLE_MERCHANT } from '../../device/printer/sample-receipt';
import { blockingError, decodeStatus, describeStatus } from '../../device/printer/status';

async function expectPrinterError(p: Promise<unknown>, code: PrinterErrorCode): Promise<void> {
  try {
    await p;
  } catch (e) {
    expect(isPrinterError(e) ? e.code : e).toBe(code);
    if (isPrinterError(e)) expect(e.hint.length).toBeGreaterThan(10);
    return;
  }
  expect.unreachable(`expected a PrinterError ${code}`);
}

function setup() {
  const emulator = createPrinterEmulator();
  const driver = createPrinterDriver(emulator.memoryTransport(), { statusTimeoutMs: 200 });
  return { emulator, driver, done: async () => { await driver.close(); await emulator.close(); } };
}

describe('decodeStatus', () => {
  it('reads an idle printer from the fixed-bit bytes 12h 12h 12h 12h', () => {
    const s = decodeStatus([0x12, 0x12, 0x12, 0x12]);
    expect(s).toMatchObject({ isOnline: true, isCoverOpen: false, isPaperOut: false, isPaperNearEnd: false, isDrawerOpen: false });
    expect(blockingError(s)).toBeNull();
    expect(describeStatus(s)).toBe('En ligne, tiroir fermé');
  });

  it('reads offline (n1 bit 3), cover open (n2 bit 2), paper near end (n4 bits 2-3) and paper out (n4 bits 5-6)', () => {
    const s = decodeStatus([0x1a, 0x16, 0x12, 0x7e]);
    expect(s).toMatchObject({ isOnline: false, isCoverOpen: true, isPaperNearEnd: true, isPaperOut: true });
    expect(blockingError(s)?.code).toBe('cover-open');
    expect(describeStatus(s)).toBe('Hors ligne, capot ouvert, plus de papier, tiroir fermé');
  });

  it('reads the drawer from pin 3 according to how the drawer is wired', () => {
    expect(decodeStatus([0x16, 0x12, 0x12, 0x12]).isDrawerOpen).toBe(true);
    expect(decodeStatus([0x16, 0x12, 0x12, 0x12], 'open-when-low').isDrawerOpen).toBe(false);
  });

  it('refuses a byte that breaks the fixed bits as noise, naming the request', () => {
    try {
      decodeStatus([0x12, 0xff, 0x12, 0x12]);
      expect.unreachable();
    } catch (e) {
      expect(isPrinterError(e) && e.code).toBe('bad-status-byte');
      expect((e as Error).message).toMatch(/DLE EOT 2 answered 0xff/);
    }
  });
});

describe('the driver against the emulated printer', () => {
  it('reads an online printer and prints', async () => {
    const { emulator, driver, done } = setup();
    try {
      expect((await driver.readStatus()).isOnline).toBe(true);
      await driver.print(receiptBytes(SAMPLE_INVOICE, SAMPLE_MERCHANT, '80mm'));
      await emulator.waitForJobs(1);
      expect(emulator.statusRequestCount()).toBe(8); // readStatus, then the check before printing
    } finally {
      await done();
    }
  });

  it('reports paper out and refuses to print, with nothing sent to the printer', async () => {
    const { emulator, driver, done } = setup();
    try {
      emulator.setFault('paper-out');
      const s = await driver.readStatus();
      expect(s).toMatchObject({ isPaperOut: true, isPaperNearEnd: true, isOnline: false, isStoppedByPaperEnd: true });
      await expectPrinterError(driver.print(receiptBytes(SAMPLE_INVOICE, SAMPLE_MERCHANT, '58mm')), 'paper-out');
      await new Promise((r) => setTimeout(r, 50));
      expect(emulator.jobs()).toHaveLength(0);
      emulator.setFault('paper-out', false);
      await driver.print(receiptBytes(SAMPLE_INVOICE, SAMPLE_MERCHANT, '58mm'));
      expect(await emulator.waitForJobs(1)).toHaveLength(1);
    } finally {
      await done();
    }
  });

  it('reports cover open and offline as their own errors', async () => {
    const { emulator, driver, done } = setup();
    try {
      emulator.setFault('cover-open');
      expect((await driver.readStatus()).isCoverOpen).toBe(true);
      await expectPrinterError(driver.print(Uint8Array.of(0x41, 0x0a)), 'cover-open');
      emulator.clearFaults();
      emulator.setFault('offline');
      const s = await driver.readStatus();
      expect([s.isOnline, s.isCoverOpen, s.isPaperOut]).toEqual([false, false, false]);
      await expectPrinterError(driver.print(Uint8Array.of(0x41, 0x0a)), 'printer-offline');
    } finally {
      await done();
    }
  });

  it('still prints when the paper is only near its end, and says so', async () => {
    const { emulator, driver, done } = setup();
    try {
      emulator.setFault('paper-near-end');
      const s = await driver.readStatus();
      expect([s.isPaperNearEnd, s.isPaperOut, s.isOnline]).toEqual([true, false, true]);
      await driver.print(Uint8Array.of(0x41, 0x0a, 0x1d, 0x56, 0x01));
      expect((await emulator.waitForJobs(1))[0]?.faultsWhenReceived).toEqual(['paper-near-end']);
    } finally {
      await done();
    }
  });

  it('sees the drawer open after a kick until the cashier shuts it', async () => {
    const { emulator, driver, done } = setup();
    try {
      await driver.openDrawer();
      expect((await driver.readStatus()).isDrawerOpen).toBe(true);
      emulator.closeDrawer();
      expect((await driver.readStatus()).isDrawerOpen).toBe(false);
    } finally {
      await done();
    }
  });

  it('times out with printer-timeout when the printer stays silent', async () => {
    const { emulator, driver, done } = setup();
    try {
      emulator.setFault('silent');
      const started = performance.now();
      await expectPrinterError(driver.readStatus(150), 'printer-timeout');
      const elapsed = performance.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(140);
      expect(elapsed).toBeLessThan(1000);
      await expectPrinterError(driver.print(Uint8Array.of(0x41, 0x0a)), 'printer-timeout');
    } finally {
      await done();
    }
  });

  it('skips noise before the status byte and fails with link-closed when the link drops', async () => {
    const [host, printer] = createMemoryPair();
    const driver = createPrinterDriver(host, { statusTimeoutMs: 500 });
    printer.onData((b) => {
      // Answer each request with a junk byte, then a status byte saying "near end" for n=4.
      const n = b[2] ?? 0;
      void printer.write(Uint8Array.of(0xff, n === 4 ? 0x1e : 0x12));
    });
    expect((await driver.readStatus()).isPaperNearEnd).toBe(true);
    const pending = driver.readStatus();
    await printer.close();
    await expectPrinterError(pending, 'link-closed');
    await expectPrinterError(driver.print(Uint8Array.of(0x41), { checkStatus: false }), 'link-closed');
  });
});
