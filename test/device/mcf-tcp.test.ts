// The MCF emulator over TCP (node:net), driven by the real driver: invoices sealed with faults, and two tills in turn.
import { describe, it, expect, afterEach } from 'vitest';
import { connectTcpTransport } from '../../device/transport/tcp';
import { createMcfDriver } from '../../device/mcf/driver';
import { createMcfClient } from '../../device/mcf/client';
import { MCF_COMMANDS as C } from '../../device/mcf/commands';
import { normalize } from '../../device/mcf/normalize';
import { createMcfEmulator, listenMcfTcp, sampleInvoice } from '../../device/emulator/mcf-emulator';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function tcpRig() {
  const emulator = createMcfEmulator({ rebootMs: 100 });
  const listener = await listenMcfTcp(emulator, { port: 0 });
  cleanups.push(() => listener.close());
  const connect = async () => {
    const t = await connectTcpTransport({ port: listener.port });
    cleanups.push(() => t.close());
    const driver = createMcfDriver(t);
    return { driver, client: createMcfClient(driver) };
  };
  return { emulator, listener, connect };
}

describe('MCF emulator over TCP', () => {
  it('seals 50 invoices with a corrupted, a dropped and a power-lost answer among them, TC 1..50', async () => {
    const { emulator, connect } = await tcpRig();
    const { client, driver } = await connect();
    emulator.injectFault({ kind: 'corrupt-answer' }, { command: C.item, after: 5 });
    emulator.injectFault({ kind: 'drop-answer' }, { command: C.subtotal, after: 20 });
    emulator.injectFault({ kind: 'power-loss', when: 'after' }, { command: C.finalize, after: 40 });
    const tcs: number[] = [];
    for (let i = 1; i <= 50; i++) tcs.push((await normalize(client, sampleInvoice(i), { isf: 'TCP-01', recoveryDelayMs: 100 })).counters.tc);
    expect(tcs).toEqual(Array.from({ length: 50 }, (_, k) => k + 1));
    expect(emulator.journal).toHaveLength(50);
    expect(emulator.stats.faults).toBe(3);
    expect(driver.stats.resends).toBeGreaterThanOrEqual(2);
  });

  it('two tills connected to one device seal in turn; the counters stay one sequence', async () => {
    const { emulator, connect } = await tcpRig();
    const a = await connect();
    const b = await connect();
    for (let i = 1; i <= 6; i++) {
      const till = i % 2 === 0 ? b : a;
      expect((await normalize(till.client, sampleInvoice(i, { prefix: i % 2 === 0 ? 'B' : 'A' }), { isf: 'TCP' })).counters.tc).toBe(i);
    }
    expect(emulator.journal.map((j) => j.number)).toEqual(['A-1', 'B-2', 'A-3', 'B-4', 'A-5', 'B-6']);
  });
});
