// The SFE-side driver against a scripted device speaking raw bytes: NAK, SYN, timeouts, damaged and stale answers, the queue.
import { describe, it, expect } from 'vitest';
import { createMemoryPair } from '../../device/transport/memory';
import type { ByteTransport } from '../../device/transport/byte-transport';
import { createMcfDriver, type McfDriverOptions } from '../../device/mcf/driver';
import { NAK, SYN, encodeResponseFrame, type CommandFrame } from '../../device/mcf/frame';
import { createCommandParser } from '../../device/mcf/frame-parser';
import { encodeStatus } from '../../device/mcf/status';

type Received = { frame: CommandFrame; at: number };
type Script = (frame: CommandFrame, n: number, device: ByteTransport) => void | Promise<void>;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const answer = (f: CommandFrame, text: string, seq = f.seq): Uint8Array =>
  encodeResponseFrame({ seq, cmd: f.cmd, data: new TextEncoder().encode(text), status: encodeStatus({ invoiceOpen: true }) });

/** A device that runs `script` for every command frame it receives and records what arrived. */
function setup(script: Script, options: McfDriverOptions = {}) {
  const [sfe, device] = createMemoryPair();
  const received: Received[] = [];
  const start = Date.now();
  const parser = createCommandParser((e) => {
    if (e.type !== 'frame') return;
    received.push({ frame: e.frame, at: Date.now() - start });
    void script(e.frame, received.length, device);
  });
  device.onData((b) => parser.push(b));
  const driver = createMcfDriver(sfe, { initialSeq: 0x40, ...options });
  return { driver, received, sfe, device };
}

describe('MCF driver', () => {
  it('sends a frame with the next SEQ and resolves with the decoded answer and status', async () => {
    const { driver, received } = setup((f, _n, d) => d.write(answer(f, 'R')));
    const a = await driver.send(0xc3, 'PP,,,,,,');
    expect(a).toMatchObject({ seq: 0x41, cmd: 0xc3, text: 'R' });
    expect(a.status.invoiceOpen).toBe(true);
    expect(new TextDecoder().decode(received[0]?.frame.data)).toBe('PP,,,,,,');
  });

  it('NAK: resends the same frame with the same SEQ', async () => {
    const { driver, received } = setup((f, n, d) => d.write(n === 1 ? Uint8Array.of(NAK) : answer(f, 'R')));
    await driver.send(0xc1);
    expect(received.map((r) => r.frame.seq)).toEqual([0x41, 0x41]);
    expect(driver.stats).toMatchObject({ naks: 1, sends: 2, resends: 1 });
  });

  it('SYN every 100 ms keeps it waiting past the 500 ms timeout without resending', async () => {
    const { driver, received } = setup(async (f, _n, d) => {
      for (let i = 0; i < 12; i++) {
        await sleep(100);
        await d.write(Uint8Array.of(SYN));
      }
      await d.write(answer(f, 'late but fine'));
    });
    const t0 = Date.now();
    const a = await driver.send(0x38, '10.00,0.00');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1100);
    expect(a.text).toBe('late but fine');
    expect(received).toHaveLength(1);
    expect(driver.stats.syns).toBe(12);
  });

  it('no answer: after at least 500 ms resends the same SEQ and CMD', async () => {
    const { driver, received } = setup((f, n, d) => (n === 1 ? undefined : d.write(answer(f, 'ok'))));
    await driver.send(0x33);
    expect(received).toHaveLength(2);
    expect(received[1]?.frame).toEqual(received[0]?.frame);
    expect((received[1]?.at ?? 0) - (received[0]?.at ?? 0)).toBeGreaterThanOrEqual(495);
    expect(driver.stats.timeouts).toBe(1);
  });

  it('a damaged answer (bad BCC) is not accepted: it resends and takes the good copy', async () => {
    const { driver, received } = setup((f, n, d) => {
      const bytes = answer(f, 'R0');
      if (n === 1) bytes[5] = (bytes[5] as number) ^ 0x08;
      return d.write(bytes);
    });
    const a = await driver.send(0x35, 'E');
    expect(a.text).toBe('R0');
    expect(received).toHaveLength(2);
    expect(driver.stats.badFrames).toBeGreaterThanOrEqual(1);
  });

  it('a late answer to the previous command is ignored, not resent for', async () => {
    let previous: CommandFrame | undefined;
    const { driver, received } = setup(async (f, n, d) => {
      if (n === 2 && previous) await d.write(answer(previous, 'stale'));
      previous = f;
      await d.write(answer(f, `answer ${n}`));
    });
    await driver.send(0xc1);
    const a = await driver.send(0xc1);
    expect(a.text).toBe('answer 2');
    expect(received).toHaveLength(2);
    expect(driver.stats.staleFrames).toBe(1);
  });

  it('an answer with a SEQ it never sent makes it resend', async () => {
    const { driver, received } = setup((f, n, d) => d.write(n === 1 ? answer(f, 'x', 0x99) : answer(f, 'right')));
    expect((await driver.send(0xc1)).text).toBe('right');
    expect(received).toHaveLength(2);
  });

  it('gives up with MCF_NO_ANSWER after the configured tries, saying how many', async () => {
    const { driver, received } = setup(() => undefined, { maxAttempts: 2 });
    await expect(driver.send(0xc1)).rejects.toMatchObject({ code: 'MCF_NO_ANSWER', details: { attempts: 2, command: 'C1h' } });
    expect(received).toHaveLength(2);
  });

  it('gives up with MCF_NAK_LIMIT when every try is refused as garbled', async () => {
    const { driver } = setup((_f, _n, d) => d.write(Uint8Array.of(NAK)), { maxAttempts: 3 });
    await expect(driver.send(0xc1)).rejects.toMatchObject({ code: 'MCF_NAK_LIMIT' });
  });

  it('gives up with MCF_BUSY_TOO_LONG when SYN never stops', async () => {
    const { driver } = setup(async (_f, _n, d) => {
      for (let i = 0; i < 10; i++) { await sleep(50); await d.write(Uint8Array.of(SYN)); }
    }, { maxBusyMs: 200 });
    await expect(driver.send(0x38, 'C')).rejects.toMatchObject({ code: 'MCF_BUSY_TOO_LONG' });
  });

  it('runs one command at a time: the second frame leaves only after the first answer', async () => {
    const { driver, received } = setup(async (f, _n, d) => { await sleep(50); await d.write(answer(f, `seq ${f.seq}`)); });
    const [a, b] = await Promise.all([driver.send(0xc1), driver.send(0xc2)]);
    expect([a.text, b.text]).toEqual(['seq 65', 'seq 66']);
    expect((received[1]?.at ?? 0) - (received[0]?.at ?? 0)).toBeGreaterThanOrEqual(45);
  });

  it('SEQ wraps from FFh to 20h', async () => {
    const { driver } = setup((f, _n, d) => d.write(answer(f, 'ok')), { initialSeq: 0xfe });
    expect((await driver.send(0xc1)).seq).toBe(0xff);
    expect((await driver.send(0xc1)).seq).toBe(0x20);
  });

  it('a link closed mid-command fails it with TRANSPORT_CLOSED, and later commands too', async () => {
    const { driver, device } = setup(() => undefined);
    const pending = driver.send(0xc1);
    await sleep(20);
    await device.close();
    await expect(pending).rejects.toMatchObject({ code: 'TRANSPORT_CLOSED' });
    await expect(driver.send(0xc1)).rejects.toMatchObject({ code: 'TRANSPORT_CLOSED' });
  });

  it('refuses to send more than 200 data bytes before touching the wire', async () => {
    const { driver, received } = setup(() => undefined);
    await expect(driver.send(0x36, `A,${'x'.repeat(210)}`)).rejects.toMatchObject({ code: 'MCF_DATA_TOO_LONG' });
    expect(received).toHaveLength(0);
  });
});

describe('MCF driver timeout floor', () => {
  it('never waits less than the 500 ms §3.1 requires, even when asked to', async () => {
    const { driver, received } = setup((f, n, d) => (n === 1 ? undefined : d.write(answer(f, 'ok'))), { timeoutMs: 50 });
    await driver.send(0xc1);
    expect((received[1]?.at ?? 0) - (received[0]?.at ?? 0)).toBeGreaterThanOrEqual(495);
  });
});
