// Proves printing over loopback TCP and over a PTY serial pair to the emulator, job splitting at cuts, and the CLI.
import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { describeJob, parseArgs, startPrinterEmulator } from '../../device/cli/emulator-printer';
import { createPrinterEmulator } from '../../device/emulator/printer';
import { connectPrinter } from '../../device/printer/connect';
import { isPrinterError } from '../../device/printer/printer-error';
import { receiptBytes } from '../../device/printer/render-escpos';
import { SAMPLE_INVOICE, SAMPLE_MERCHANT } from '../../device/printer/sample-receipt';

const hasSocat = (() => {
  try {
    execFileSync('which', ['socat'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
})();

describe('printing over loopback TCP (raw port 9100 style)', () => {
  it('delivers the sample receipt to the emulator, which decodes it and answers status on the same socket', async () => {
    const emulator = createPrinterEmulator();
    const { port } = await emulator.listenTcp(0);
    const printer = await connectPrinter({ kind: 'tcp', host: '127.0.0.1', port });
    try {
      expect((await printer.readStatus()).isOnline).toBe(true);
      await printer.print(receiptBytes(SAMPLE_INVOICE, SAMPLE_MERCHANT, '80mm', { openDrawer: true }));
      const [job] = await emulator.waitForJobs(1);
      expect(job?.channel).toBe('tcp');
      expect(job?.isCut).toBe(true);
      expect(job?.text).toMatch(/TEST-FACT-HQBA-X2F3-K22N-MDYR/);
      expect(job?.text).toMatch(/TOTAL TTC\s+4\.064/);
      expect(job?.qrCodes[0]?.payload).toBe(SAMPLE_INVOICE.security.qr);
      expect(job?.drawerKicks).toHaveLength(1);
      expect(emulator.isDrawerOpen()).toBe(true);
    } finally {
      await printer.close();
      await emulator.close();
    }
  });

  it('splits a stream into one job per cut, even when the bytes arrive a few at a time', async () => {
    const emulator = createPrinterEmulator();
    const { port } = await emulator.listenTcp(0);
    const bytes = Buffer.concat([
      Buffer.from(receiptBytes(SAMPLE_INVOICE, SAMPLE_MERCHANT, '58mm')),
      Buffer.from(receiptBytes(SAMPLE_INVOICE, SAMPLE_MERCHANT, '58mm', { duplicate: true })),
    ]);
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((r) => socket.once('connect', () => r()));
    for (let i = 0; i < bytes.length; i += 7) {
      socket.write(bytes.subarray(i, i + 7));
      if (i % 700 === 0) await new Promise((r) => setTimeout(r, 1));
    }
    socket.end();
    try {
      const jobs = await emulator.waitForJobs(2);
      expect(jobs.map((j) => j.text.includes('DUPLICATA'))).toEqual([false, true]);
      expect(jobs.every((j) => j.qrCodes.length === 1 && j.unknown.length === 0)).toBe(true);
      // The first job's bytes are the receipt's, cut included, and nothing of the second.
      const first = Buffer.from(jobs[0]?.bytes ?? []);
      expect(first.subarray(-3)).toEqual(Buffer.from([0x1d, 0x56, 1]));
      expect(Buffer.from(receiptBytes(SAMPLE_INVOICE, SAMPLE_MERCHANT, '58mm')).subarray(0, first.length)).toEqual(first);
      await new Promise((r) => setTimeout(r, 50));
      expect(emulator.jobs()).toHaveLength(2); // the LF after the last cut is no third job
    } finally {
      await emulator.close();
    }
  });

  it('fails with a connect-failed PrinterError when nothing listens', async () => {
    const emulator = createPrinterEmulator();
    const { port } = await emulator.listenTcp(0);
    await emulator.close();
    await expect(connectPrinter({ kind: 'tcp', host: '127.0.0.1', port, connectTimeoutMs: 500 })).rejects.toSatisfy(
      (e: unknown) => isPrinterError(e) && e.code === 'connect-failed' && e.message.includes(String(port)),
    );
  });
});

describe.skipIf(!hasSocat)('printing over a PTY serial pair (socat)', () => {
  it('opens the PTY like a COM port, reads status and prints the receipt', async () => {
    const emulator = createPrinterEmulator();
    const { devicePath } = await emulator.openPty();
    const printer = await connectPrinter({ kind: 'serial', path: devicePath, baudRate: 115200 });
    try {
      emulator.setFault('paper-near-end');
      expect((await printer.readStatus()).isPaperNearEnd).toBe(true);
      await printer.print(receiptBytes(SAMPLE_INVOICE, SAMPLE_MERCHANT, '58mm'));
      const [job] = await emulator.waitForJobs(1);
      expect(job?.channel).toBe('pty');
      expect(job?.qrCodes[0]).toMatchObject({ payload: SAMPLE_INVOICE.security.qr, errorLevel: 'M' });
      expect(job?.text).toMatch(/DEF Compteurs:\s+3\/9 FV/);
    } finally {
      await printer.close();
      await emulator.close();
    }
  });
});

describe('emulator-printer CLI', () => {
  it('parses --tcp, --pty and --fault, defaulting to TCP 9100', () => {
    expect(parseArgs(['printer'])).toEqual({ tcpPort: 9100, pty: false, faults: [], quiet: false });
    expect(parseArgs(['--tcp', '9200', '--pty', '--fault', 'paper-out'])).toEqual({ tcpPort: 9200, pty: true, faults: ['paper-out'], quiet: false });
    expect(() => parseArgs(['--fault', 'jam'])).toThrow(/unknown fault "jam"/);
    expect(() => parseArgs(['--tcp', 'x'])).toThrow(/--tcp needs a port number/);
  });

  it('prints where it listens and a picture of each job', async () => {
    const logs: string[] = [];
    const { emulator, tcp } = await startPrinterEmulator({ tcpPort: 0, pty: false, faults: ['paper-near-end'], quiet: false }, (s) => logs.push(s));
    try {
      expect(logs[0]).toMatch(/^printer emulator listening on tcp:\/\/127\.0\.0\.1:\d+$/);
      const printer = await connectPrinter({ kind: 'tcp', host: '127.0.0.1', port: tcp?.port ?? 0 });
      await printer.print(receiptBytes(SAMPLE_INVOICE, SAMPLE_MERCHANT, '80mm'));
      const [job] = await emulator.waitForJobs(1);
      await printer.close();
      expect(logs[1]).toBe(job ? describeJob(job) : '');
      expect(logs[1]).toMatch(/held: paper-near-end/);
      expect(logs[1]).toMatch(/\[QR M, module 7\] RDCDEF01;XX01710090-1;/);
    } finally {
      await emulator.close();
    }
  });
});
