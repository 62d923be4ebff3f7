// The in-memory byte pipe: order, chunking, asynchronous delivery and closing.
import { describe, it, expect } from 'vitest';
import { createMemoryPair } from '../../device/transport/memory';

const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 5));

describe('memory transport pair', () => {
  it('delivers what one end writes to the other, in order, split into the requested chunks', async () => {
    const [a, b] = createMemoryPair({ chunkSize: 3 });
    const got: number[][] = [];
    b.onData((bytes) => got.push([...bytes]));
    await a.write(Uint8Array.from([1, 2, 3, 4, 5, 6, 7]));
    await a.write(Uint8Array.from([8]));
    await flush();
    expect(got).toEqual([[1, 2, 3], [4, 5, 6], [7], [8]]);
  });
  it('never calls the listener inside write()', async () => {
    const [a, b] = createMemoryPair();
    let called = false;
    b.onData(() => { called = true; });
    const pending = a.write(Uint8Array.of(1));
    expect(called).toBe(false);
    await pending;
    await flush();
    expect(called).toBe(true);
  });
  it('closing one end closes both and later writes fail with TRANSPORT_CLOSED', async () => {
    const [a, b] = createMemoryPair();
    const reasons: unknown[] = [];
    b.onClose((r) => reasons.push(r ?? 'closed'));
    await a.close();
    expect(a.isOpen).toBe(false);
    expect(b.isOpen).toBe(false);
    expect(reasons).toEqual(['closed']);
    await expect(b.write(Uint8Array.of(1))).rejects.toMatchObject({ code: 'TRANSPORT_CLOSED' });
  });
  it('an unsubscribed listener hears nothing more', async () => {
    const [a, b] = createMemoryPair();
    const got: number[] = [];
    const off = b.onData((bytes) => got.push(...bytes));
    await a.write(Uint8Array.of(1));
    await flush();
    off();
    await a.write(Uint8Array.of(2));
    await flush();
    expect(got).toEqual([1]);
  });
});
