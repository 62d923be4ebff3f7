// 1,000 invoices through the real serialport binding over a socat PTY pair, with 5 % injected faults: each sealed once, TC 1..N.
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSerialTransport } from '../../device/transport/serial';
import { createMcfDriver } from '../../device/mcf/driver';
import { createMcfClient } from '../../device/mcf/client';
import { MCF_COMMANDS as C } from '../../device/mcf/commands';
import { normalize } from '../../device/mcf/normalize';
import type { McfSeal } from '../../device/mcf/seal';
import { createMcfEmulator, sampleInvoice, type McfFault } from '../../device/emulator/mcf-emulator';
import { hasSocat, ptyPair, SOCAT_MISSING } from '../support/pty';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** mulberry32: a seeded generator, so a failing run can be replayed exactly. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FLOW = [C.state, C.uploadStatus, C.client, C.openInvoice, C.item, C.subtotal, C.payment, C.finalize];

function pickFault(r: () => number): { fault: McfFault; command: number } {
  const command = FLOW[Math.floor(r() * FLOW.length)] as number;
  const x = r();
  if (x < 0.2) return { fault: { kind: 'corrupt-answer' }, command };
  if (x < 0.35) return { fault: { kind: 'drop-answer' }, command };
  if (x < 0.45) return { fault: { kind: 'truncate-answer' }, command };
  if (x < 0.55) return { fault: { kind: 'garble-command' }, command };
  if (x < 0.7) return { fault: { kind: 'slow', delayMs: 300 + Math.floor(r() * 600) }, command };
  if (x < 0.8) return { fault: { kind: 'pending', rounds: 1 + Math.floor(r() * 3) }, command: C.finalize };
  return { fault: { kind: 'power-loss', when: r() < 0.5 ? 'before' : 'after', rebootMs: 150 }, command };
}

describe.skipIf(!hasSocat())(`MCF over a PTY pair with the real serialport binding (skipped when ${SOCAT_MISSING})`, () => {
  it('seals 1,000 invoices with 5 % faults (corrupt, drop, truncate, NAK, slow, pending, power loss): each exactly once, TC 1..1000 without gap', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcf-pty-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const statePath = join(dir, 'mcf.json');
    const pair = await ptyPair(cleanups);
    const emulator = createMcfEmulator({ statePath });
    const deviceSide = await openSerialTransport({ path: pair.paths[0], baudRate: 115200 });
    const sfeSide = await openSerialTransport({ path: pair.paths[1], baudRate: 115200 });
    cleanups.push(() => deviceSide.close(), () => sfeSide.close());
    emulator.attach(deviceSide);
    const driver = createMcfDriver(sfeSide);
    const client = createMcfClient(driver);

    const N = 1000;
    const random = prng(20261125);
    const seals: McfSeal[] = [];
    const injected: Record<string, number> = {};
    for (let i = 1; i <= N; i++) {
      if (random() < 0.05) {
        const { fault, command } = pickFault(random);
        const key = fault.kind === 'power-loss' ? `power-loss-${fault.when}` : fault.kind;
        injected[key] = (injected[key] ?? 0) + 1;
        emulator.injectFault(fault, { command });
      }
      const seal = await normalize(client, sampleInvoice(i, { items: 1 + (i % 2) }), {
        isf: 'STALELA-PTY', pendingDelayMs: 20, recoveryDelayMs: 100,
      });
      // Sequential sealing: the i-th invoice must carry TC i, or one was lost or doubled.
      expect(seal.counters.tc).toBe(i);
      expect(seal.invoiceNumber).toBe(`T-${i}`);
      seals.push(seal);
    }

    const journal = emulator.journal;
    expect(journal.map((j) => j.tc)).toEqual(Array.from({ length: N }, (_, k) => k + 1));
    expect(new Set(journal.map((j) => j.number)).size).toBe(N);
    seals.forEach((s, k) => {
      expect(s.code).toBe(journal[k]?.code);
      expect(s.counters.fc).toBe(journal[k]?.fc);
    });
    const onDisk = JSON.parse(readFileSync(statePath, 'utf8')) as { journal: { tc: number }[] };
    expect(onDisk.journal).toHaveLength(N);
    const faults = Object.values(injected).reduce((a, b) => a + b, 0);
    expect(faults).toBeGreaterThanOrEqual(30);
    expect(emulator.stats.faults).toBeGreaterThanOrEqual(faults - 5);
    console.log(`PTY run: ${N} invoices, ${faults} faults injected ${JSON.stringify(injected)}, ` +
      `${seals.filter((s) => s.recovered).length} recovered from C1h, driver ${JSON.stringify(driver.stats)}, emulator ${JSON.stringify(emulator.stats)}`);
  }, 240_000);
});
