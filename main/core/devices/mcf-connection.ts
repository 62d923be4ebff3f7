// One link to the paired MCF at a time, opened on demand, dropped when it fails; every use runs alone (one command at a time).
import { createMcfClient, type McfClient } from '../../../device/mcf/client';
import { createMcfDriver } from '../../../device/mcf/driver';
import type { ByteTransport } from '../../../device/transport/byte-transport';
import { openSerialTransport } from '../../../device/transport/serial';
import { connectTcpTransport } from '../../../device/transport/tcp';
import { CoreError } from '../errors';
import { describeLink, type DeviceLink } from './link';

export type McfConnection = {
  /** Runs `work` with a connected client, after any work already queued. A failure to connect rejects. */
  use<T>(work: (client: McfClient) => Promise<T>): Promise<T>;
  /** Closes the link; the next use opens it again (after a link error the device's framing state is unknown). */
  reset(): Promise<void>;
  close(): Promise<void>;
  describe(): string | null;
};

export type McfConnectionOptions = {
  link: () => DeviceLink | null;
  /** Per-command answer timeout (the driver never waits less than the 500 ms of §3.1). */
  timeoutMs?: number;
  connectTimeoutMs?: number;
};

export function createMcfConnection(options: McfConnectionOptions): McfConnection {
  let open: { key: string; transport: ByteTransport; client: McfClient } | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  const drop = async (): Promise<void> => {
    const o = open;
    open = null;
    if (o !== null) {
      o.client.driver.detach();
      await o.transport.close().catch(() => undefined);
    }
  };

  const connect = async (): Promise<McfClient> => {
    const link = options.link();
    if (link === null) throw new CoreError('settings_missing', 'Aucun MCF jumelé. / No MCF is paired.');
    const key = JSON.stringify(link);
    if (open !== null && open.key === key && open.transport.isOpen) return open.client;
    await drop();
    const transport =
      link.kind === 'tcp'
        ? await connectTcpTransport({ host: link.host, port: link.port, connectTimeoutMs: options.connectTimeoutMs ?? 2000 })
        : await openSerialTransport({ path: link.path, baudRate: link.baudRate });
    const client = createMcfClient(createMcfDriver(transport, { timeoutMs: options.timeoutMs ?? 500 }));
    open = { key, transport, client };
    transport.onClose(() => {
      if (open?.transport === transport) open = null;
    });
    return client;
  };

  return {
    use(work) {
      const run = queue.then(async () => work(await connect()));
      queue = run.catch(() => undefined);
      return run;
    },
    reset: () => {
      const run = queue.then(drop);
      queue = run.catch(() => undefined);
      return run;
    },
    close: drop,
    describe: () => {
      const l = options.link();
      return l === null ? null : describeLink(l);
    },
  };
}
