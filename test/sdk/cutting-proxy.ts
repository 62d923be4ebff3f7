// Test helper: a TCP proxy before the cloud that judges each HTTP request (not each connection, since fetch keeps
// connections alive): pass it, refuse connections, or drop the reply once the server has answered.
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

/** hold-reply: the server's answer is swallowed and the connection left open (a client's timeout must fire). */
export type CutMode = 'pass' | 'refuse' | 'drop-reply' | 'hold-reply';

export type CuttingProxy = {
  url: string;
  /** Changing the mode closes every open connection, so no pooled connection escapes the new rule. */
  setMode(mode: CutMode, matches?: RegExp): void;
  dropped(): number;
  close(): Promise<void>;
};

const REQUEST_LINE = /^[A-Z]+ \S+ HTTP\/1\.[01]\r\n/;

export async function startCuttingProxy(targetPort: number): Promise<CuttingProxy> {
  let mode: CutMode = 'pass';
  let filter: RegExp | undefined;
  let drops = 0;
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  };
  const server = createServer((client) => {
    track(client);
    if (mode === 'refuse') {
      client.destroy();
      return;
    }
    const upstream = connect({ host: '127.0.0.1', port: targetPort });
    track(upstream);
    let isDropping = false;
    let isHolding = false;
    client.on('data', (chunk: Buffer) => {
      const head = chunk.toString('latin1', 0, 200);
      if (REQUEST_LINE.test(head)) {
        const hit = filter === undefined || filter.test(head);
        isDropping = mode === 'drop-reply' && hit;
        isHolding = mode === 'hold-reply' && hit;
      }
      upstream.write(chunk);
    });
    client.on('end', () => upstream.end());
    upstream.on('data', (chunk: Buffer) => {
      if (isHolding) return;
      if (isDropping) {
        drops++;
        upstream.destroy();
        client.destroy();
        return;
      }
      client.write(chunk);
    });
    upstream.on('end', () => client.end());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    setMode(next, matches) {
      mode = next;
      filter = matches;
      for (const s of sockets) s.destroy();
    },
    dropped: () => drops,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
