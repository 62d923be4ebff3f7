// TCP byte transport (node:net): a client that connects to a device or emulator, and a wrapper for accepted sockets.
import { connect, type Socket } from 'node:net';
import { DeviceError } from '../errors';
import { listeners, type ByteTransport } from './byte-transport';

export type TcpOptions = { host?: string; port: number; connectTimeoutMs?: number };

/** Wraps a connected socket (ours or one a server accepted) as a ByteTransport. */
export function socketTransport(socket: Socket, description: string): ByteTransport {
  const data = listeners<[Uint8Array]>();
  const closed = listeners<[DeviceError | undefined]>();
  let open = !socket.destroyed;
  let failure: DeviceError | undefined;
  socket.setNoDelay(true);
  socket.on('data', (chunk: Buffer) => data.emit(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
  socket.on('error', (err) => {
    failure = new DeviceError('TRANSPORT_CLOSED', `The ${description} link failed: ${err.message}.`, { cause: err });
  });
  socket.on('close', () => {
    if (!open) return;
    open = false;
    closed.emit(failure);
    data.clear();
    closed.clear();
  });
  return {
    description,
    get isOpen() {
      return open;
    },
    write(bytes) {
      if (!open) {
        return Promise.reject(new DeviceError('TRANSPORT_CLOSED', `The ${description} link is closed; nothing can be written.`));
      }
      return new Promise((resolve, reject) => {
        socket.write(bytes, (err) => {
          if (err) reject(new DeviceError('TRANSPORT_WRITE_FAILED', `Writing to ${description} failed: ${err.message}.`, { cause: err }));
          else resolve();
        });
      });
    },
    onData: (cb) => data.add(cb),
    onClose: (cb) => closed.add(cb),
    close() {
      if (!open) return Promise.resolve();
      return new Promise((resolve) => {
        socket.once('close', () => resolve());
        socket.end();
        // A peer that never acknowledges the FIN must not keep us waiting.
        setTimeout(() => socket.destroy(), 200).unref();
      });
    },
  };
}

/** Connects to host:port; a refusal or timeout becomes TCP_CONNECT_FAILED with a hint. */
export function connectTcpTransport(options: TcpOptions): Promise<ByteTransport> {
  const host = options.host ?? '127.0.0.1';
  const description = `tcp ${host}:${options.port}`;
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port: options.port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new DeviceError('TCP_CONNECT_FAILED', `No answer from ${host}:${options.port} within ${options.connectTimeoutMs ?? 3000} ms.`, {
        hint: 'Check that the device or emulator is running and that the address and port are right.',
      }));
    }, options.connectTimeoutMs ?? 3000);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socketTransport(socket, description));
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const refused = err.code === 'ECONNREFUSED';
      reject(new DeviceError('TCP_CONNECT_FAILED', `Could not connect to ${host}:${options.port}: ${refused ? 'nothing listens there' : err.message}.`, {
        cause: err,
        hint: 'Check that the device or emulator is running and that the address and port are right.',
        details: { errno: err.code },
      }));
    });
  });
}
