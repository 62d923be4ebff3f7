// Test helper: a TCP proxy (node:net) in front of the cloud that can refuse connections or drop the reply after the server answered.
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * - pass: bytes flow both ways;
 * - refuse: every connection is closed at once, before a byte is read (the cloud looks down);
 * - drop-reply: the request reaches the server whole; the moment its answer starts coming back, both sockets are
 *   destroyed — the server has committed, the till never hears (the Joplin-style cut).
 * `matches` limits drop-reply to requests whose first line matches (e.g. /^POST \/v1\/invoices/).
 */
export type ProxyMode = 'pass' | 'refuse' | 'drop-reply';

export type TestProxy = {
  url: string;
  port: number;
  setMode(mode: ProxyMode, matches?: RegExp): void;
  /** Replies dropped so far. */
  dropped(): number;
  close(): Promise<void>;
};

export async function startProxy(targetPort: number): Promise<TestProxy> {
  let mode: ProxyMode = 'pass';
  let filter: RegExp | undefined;
  let drops = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (mode === 'refuse') {
      client.destroy();
      return;
    }
    const upstream = connect({ host: '127.0.0.1', port: targetPort });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    let isDropping = false;
    let isFirst = true;
    client.on('data', (chunk: Buffer) => {
      if (isFirst) {
        isFirst = false;
        const firstLine = chunk.toString('latin1').split('\r\n', 1)[0] ?? '';
        isDropping = mode === 'drop-reply' && (filter === undefined || filter.test(firstLine));
      }
      upstream.write(chunk);
    });
    client.on('end', () => upstream.end());
    upstream.on('data', (chunk: Buffer) => {
      if (isDropping) {
        drops++;
        upstream.destroy();
        client.destroy();
        return;
      }
      client.write(chunk);
    });
    upstream.on('end', () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    setMode(next, matches) {
      mode = next;
      filter = matches;
    },
    dropped: () => drops,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
