// The TCP transport against a real node:net server: bytes both ways, a refused connection, and the peer closing.
import { describe, it, expect, afterEach } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import { connectTcpTransport } from '../../device/transport/tcp';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

function echoServer(onSocket?: (s: Socket) => void): Promise<number> {
  return new Promise((resolve) => {
    server = createServer((s) => {
      s.on('data', (d) => s.write(d));
      onSocket?.(s);
    });
    server.listen(0, '127.0.0.1', () => {
      const a = server?.address();
      resolve(typeof a === 'object' && a !== null ? a.port : 0);
    });
  });
}

describe('TCP transport', () => {
  it('writes bytes and receives the echo, all 256 byte values intact', async () => {
    const port = await echoServer();
    const t = await connectTcpTransport({ port });
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const got: number[] = [];
    const done = new Promise<void>((r) => t.onData((b) => { got.push(...b); if (got.length >= 256) r(); }));
    await t.write(all);
    await done;
    expect(got).toEqual([...all]);
    await t.close();
    expect(t.isOpen).toBe(false);
  });
  it('reports a refused connection as TCP_CONNECT_FAILED with a hint', async () => {
    const port = await echoServer();
    await new Promise<void>((r) => server?.close(() => r()));
    server = undefined;
    await expect(connectTcpTransport({ port })).rejects.toMatchObject({ code: 'TCP_CONNECT_FAILED', hint: expect.stringMatching(/running/) });
  });
  it('tells its listeners when the peer hangs up, then refuses writes', async () => {
    const port = await echoServer((s) => setTimeout(() => s.destroy(), 20));
    const t = await connectTcpTransport({ port });
    await new Promise<void>((r) => t.onClose(() => r()));
    await expect(t.write(Uint8Array.of(1))).rejects.toMatchObject({ code: 'TRANSPORT_CLOSED' });
  });
});
