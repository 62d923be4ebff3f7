// Where the emulated MCF can be reached: a TCP server, one end of a socat PTY pair (through the real serial binding).
import { createServer, type Server } from 'node:net';
import { openPtyPair, type PtyPair } from '../../transport/pty-pair';
import { openSerialTransport } from '../../transport/serial';
import { socketTransport } from '../../transport/tcp';
import type { ByteTransport } from '../../transport/byte-transport';
import type { McfEmulator } from './emulator';

export type TcpListener = { host: string; port: number; close(): Promise<void> };

/** Serves every TCP client with the same device (one command at a time per link). */
export function listenMcfTcp(emulator: McfEmulator, options: { port?: number; host?: string } = {}): Promise<TcpListener> {
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    emulator.attach(socketTransport(socket, `tcp client ${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : options.port ?? 0;
      resolve({
        host,
        port,
        close: () => new Promise<void>((done) => {
          for (const s of sockets) s.destroy();
          server.close(() => done());
        }),
      });
    });
  });
}

export type PtyListener = {
  /** The path an SFE opens as its serial port. */
  sfePath: string;
  /** The path the emulator holds. */
  devicePath: string;
  transport: ByteTransport;
  close(): Promise<void>;
};

/** Makes a PTY pair, opens one end with `serialport` for the emulator, and hands back the other end's path. */
export async function listenMcfPty(emulator: McfEmulator, baudRate = 115200): Promise<PtyListener> {
  const pair: PtyPair = await openPtyPair();
  const [devicePath, sfePath] = pair.paths;
  let transport: ByteTransport;
  try {
    transport = await openSerialTransport({ path: devicePath, baudRate });
  } catch (err) {
    await pair.close();
    throw err;
  }
  const detach = emulator.attach(transport);
  return {
    sfePath,
    devicePath,
    transport,
    async close() {
      detach();
      await transport.close();
      await pair.close();
    },
  };
}
