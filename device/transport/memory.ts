// In-memory byte pipe pair: two connected ends, for tests that want the real protocol bytes without a port.
import { DeviceError } from '../errors';
import { listeners, type ByteTransport } from './byte-transport';

export type MemoryPairOptions = {
  /** Split every write into chunks of at most this many bytes, as a UART or TCP may (default: whole writes). */
  chunkSize?: number;
  /** Names for the two ends in descriptions (default "a" and "b"). */
  names?: readonly [string, string];
};

type End = ByteTransport & { deliver(bytes: Uint8Array): void; shut(): void };

/** Two ends of one link: what one writes, the other receives, asynchronously and in order. */
export function createMemoryPair(options: MemoryPairOptions = {}): [ByteTransport, ByteTransport] {
  const [nameA, nameB] = options.names ?? ['a', 'b'];
  const a = makeEnd(`memory ${nameA}`, options.chunkSize);
  const b = makeEnd(`memory ${nameB}`, options.chunkSize);
  a.peer = b;
  b.peer = a;
  return [a, b];
}

function makeEnd(description: string, chunkSize: number | undefined): End & { peer?: End } {
  const data = listeners<[Uint8Array]>();
  const closed = listeners<[DeviceError | undefined]>();
  let open = true;
  // Delivery goes through one promise chain so order holds and no callback runs inside write().
  let queue: Promise<void> = Promise.resolve();
  const end: End & { peer?: End } = {
    description,
    get isOpen() {
      return open;
    },
    async write(bytes) {
      if (!open || end.peer === undefined || !end.peer.isOpen) {
        throw new DeviceError('TRANSPORT_CLOSED', `The ${description} link is closed; nothing can be written.`);
      }
      const copy = Uint8Array.from(bytes);
      const size = chunkSize !== undefined && chunkSize > 0 ? chunkSize : copy.length || 1;
      const peer = end.peer;
      for (let i = 0; i < copy.length; i += size) {
        const chunk = copy.subarray(i, i + size);
        queue = queue.then(() => new Promise<void>((resolve) => setImmediate(() => {
          peer.deliver(chunk);
          resolve();
        })));
      }
    },
    onData: (cb) => data.add(cb),
    onClose: (cb) => closed.add(cb),
    async close() {
      if (!open) return;
      end.shut();
      end.peer?.shut();
    },
    deliver(bytes) {
      if (open) data.emit(bytes);
    },
    shut() {
      if (!open) return;
      open = false;
      closed.emit(undefined);
      data.clear();
      closed.clear();
    },
  };
  return end;
}
