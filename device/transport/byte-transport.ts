// The one shape every byte link has (serial port, TCP socket, in-memory pipe): what drivers and emulators speak over.
import type { DeviceError } from '../errors';

export type ByteTransport = {
  /** Human description for logs and errors, e.g. "serial /dev/ttyUSB0 @115200". */
  readonly description: string;
  readonly isOpen: boolean;
  /** Resolves once the bytes are handed to the OS (or the peer, in memory); rejects with a DeviceError. */
  write(bytes: Uint8Array): Promise<void>;
  /** Subscribes to incoming bytes; returns the unsubscribe function. */
  onData(cb: (bytes: Uint8Array) => void): () => void;
  /** Called once when the link closes, by us or by the other side (with the reason when it failed). */
  onClose(cb: (reason?: DeviceError) => void): () => void;
  /** Idempotent. */
  close(): Promise<void>;
};

type Listener<T extends unknown[]> = (...args: T) => void;

/** Small listener set shared by the implementations, so each only wires its own I/O. */
export function listeners<T extends unknown[]>(): {
  add(cb: Listener<T>): () => void;
  emit(...args: T): void;
  clear(): void;
} {
  const set = new Set<Listener<T>>();
  return {
    add(cb) {
      set.add(cb);
      return () => set.delete(cb);
    },
    emit(...args) {
      for (const cb of [...set]) cb(...args);
    },
    clear() {
      set.clear();
    },
  };
}
