// MCF throughput: invoices per second through the emulator over a PTY pair (real serialport), beside the 115200-baud byte floor.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPtyPair } from '../../device/transport/pty-pair';
import { openSerialTransport } from '../../device/transport/serial';
import { createMemoryPair } from '../../device/transport/memory';
import type { ByteTransport } from '../../device/transport/byte-transport';
import { createMcfDriver } from '../../device/mcf/driver';
import { createMcfClient } from '../../device/mcf/client';
import { normalize } from '../../device/mcf/normalize';
import { createMcfEmulator, sampleInvoice } from '../../device/emulator/mcf-emulator';
import { hasSocat } from '../support/pty';
import { percentile } from './measure';

const BAUD = 115200;
/** 8N1: a start bit, 8 data bits and a stop bit per byte. */
const BYTES_PER_SECOND = BAUD / 10;

async function measure(label: string, sfe: ByteTransport, device: ByteTransport, count: number, items: number, statePath?: string): Promise<void> {
  const emulator = createMcfEmulator(statePath === undefined ? {} : { statePath });
  emulator.attach(device);
  const driver = createMcfDriver(sfe);
  const client = createMcfClient(driver);
  for (let i = 1; i <= 10; i++) await normalize(client, sampleInvoice(i, { items, prefix: 'W' }), { isf: 'BENCH' });
  const bytes0 = driver.stats.bytesSent + driver.stats.bytesReceived;
  const commands0 = driver.stats.commands;
  const latencies: number[] = [];
  const t0 = performance.now();
  for (let i = 1; i <= count; i++) {
    const s = performance.now();
    await normalize(client, sampleInvoice(i, { items }), { isf: 'BENCH' });
    latencies.push(performance.now() - s);
  }
  const seconds = (performance.now() - t0) / 1000;
  const bytes = driver.stats.bytesSent + driver.stats.bytesReceived - bytes0;
  const floor = bytes / BYTES_PER_SECOND;
  latencies.sort((a, b) => a - b);
  console.log(
    `${label}: ${count} invoices of ${items} item(s) in ${seconds.toFixed(2)} s = ${(count / seconds).toFixed(1)} invoices/s ` +
    `(p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, ` +
    `${((driver.stats.commands - commands0) / count).toFixed(1)} commands each)`,
  );
  console.log(
    `  byte budget: ${(bytes / count).toFixed(0)} bytes per invoice both ways; at ${BAUD} baud 8N1 the floor is ` +
    `${((floor / count) * 1000).toFixed(1)} ms per invoice = ${(count / floor).toFixed(1)} invoices/s (a PTY does not pace bytes at the baud rate)`,
  );
  emulator.close();
}

export async function run(): Promise<void> {
  const [a, b] = createMemoryPair();
  await measure('in memory (no serial)', a, b, 300, 2);
  if (!hasSocat()) {
    console.log('PTY figures skipped: socat is not installed (apt-get install socat)');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'mcf-bench-'));
  try {
    for (const [items, statePath] of [[2, undefined], [2, join(dir, 'mcf.json')], [8, undefined]] as const) {
      const pair = await openPtyPair();
      const device = await openSerialTransport({ path: pair.paths[0], baudRate: BAUD });
      const sfe = await openSerialTransport({ path: pair.paths[1], baudRate: BAUD });
      const label = `PTY + serialport @${BAUD}${statePath === undefined ? '' : ', memory fsynced to a JSON file per seal'}`;
      await measure(label, sfe, device, 300, items, statePath);
      await sfe.close();
      await device.close();
      await pair.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
