// A receipt-printer emulator on raw TCP (9100 style) and on a PTY: answers DLE EOT, decodes and records each job, injects faults.
import { createServer, type Server, type Socket } from 'node:net';
import type { ByteTransport } from '../transport/byte-transport';
import { createMemoryPair } from '../transport/memory';
import { openPtyPair, type PtyPair } from '../transport/pty-pair';
import { openSerialTransport } from '../transport/serial';
import { socketTransport } from '../transport/tcp';
import { PrinterError } from '../printer/printer-error';
import { createEscPosParser, summarizeJob } from './escpos-decoder';
import type { DecodedEvent, DecodedJob } from './escpos-decoder-types';
import { statusByte, type PrinterCondition, type PrinterFault } from './printer-state';

export type JobChannel = 'tcp' | 'pty' | 'memory';

/** One job as the emulated printer received it: everything up to a cut, or up to the end of the connection. */
export type EmulatedJob = DecodedJob & {
  id: number;
  channel: JobChannel;
  receivedAt: string;
  bytes: Uint8Array;
  isCut: boolean;
  /** Faults in force when the job arrived: a real printer would have held it in its buffer. */
  faultsWhenReceived: PrinterFault[];
};

export type PrinterEmulator = {
  listenTcp(port?: number, host?: string): Promise<{ host: string; port: number }>;
  /** Creates a PTY pair and serves on one end; open `devicePath` as the printer's serial port. */
  openPty(): Promise<{ devicePath: string }>;
  /** A transport straight into the emulator (an in-memory pair), for tests of code above the driver. */
  memoryTransport(): ByteTransport;
  /** Serves any byte transport as the printer's side of the link. */
  serve(transport: ByteTransport, channel: JobChannel): void;
  setFault(fault: PrinterFault, isOn?: boolean): void;
  clearFaults(): void;
  faults(): PrinterFault[];
  isDrawerOpen(): boolean;
  /** The cashier pushes the drawer shut. */
  closeDrawer(): void;
  jobs(): readonly EmulatedJob[];
  onJob(listener: (job: EmulatedJob) => void): () => void;
  /** Resolves when `count` jobs in total have been recorded. */
  waitForJobs(count: number, timeoutMs?: number): Promise<EmulatedJob[]>;
  statusRequestCount(): number;
  close(): Promise<void>;
};

/** What makes a job worth recording: something printed or done, not just a reset or blank feeds. */
function isContent(e: DecodedEvent): boolean {
  if (e.kind === 'line') return e.text.trim() !== '';
  return e.kind !== 'init' && e.kind !== 'code-page' && e.kind !== 'feed' && e.kind !== 'status-request';
}

export function createPrinterEmulator(): PrinterEmulator {
  const condition: PrinterCondition = { faults: new Set(), isDrawerOpen: false };
  const recorded: EmulatedJob[] = [];
  const listeners = new Set<(job: EmulatedJob) => void>();
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  const transports = new Set<ByteTransport>();
  const ptys: PtyPair[] = [];
  let statusRequests = 0;

  const record = (job: EmulatedJob) => {
    recorded.push(job);
    for (const l of [...listeners]) l(job);
  };

  /** One connection: a streaming parser, the job being received, and status answers written back at once. */
  const serve = (transport: ByteTransport, channel: JobChannel): void => {
    transports.add(transport);
    const parser = createEscPosParser();
    let events: DecodedEvent[] = [];
    // Bytes since the current job began, and the stream offset where it began (jobs split exactly at cuts).
    let held: Buffer = Buffer.alloc(0);
    let jobStart = 0;
    let faultsAtStart: PrinterFault[] | null = null;
    const finish = (isCut: boolean, end: number) => {
      const bytes = new Uint8Array(held.subarray(0, end - jobStart));
      held = held.subarray(end - jobStart);
      jobStart = end;
      if (events.some(isContent)) {
        const job = { ...summarizeJob(events), id: recorded.length + 1, channel, receivedAt: new Date().toISOString(), bytes, isCut };
        record({ ...job, faultsWhenReceived: faultsAtStart ?? [] });
      }
      events = [];
      faultsAtStart = null;
    };
    const handle = (evs: DecodedEvent[]) => {
      for (const e of evs) {
        if (e.kind === 'status-request') {
          statusRequests++;
          const b = statusByte(e.n, condition);
          if (b !== null && !condition.faults.has('silent') && transport.isOpen) {
            transport.write(Uint8Array.of(b)).catch(() => undefined);
          }
          continue;
        }
        if (e.kind === 'drawer') condition.isDrawerOpen = true;
        if (faultsAtStart === null && isContent(e)) faultsAtStart = [...condition.faults];
        events.push(e);
        if (e.kind === 'cut') finish(true, e.end);
      }
    };
    transport.onData((chunk) => {
      held = Buffer.concat([held, chunk]);
      handle(parser.push(chunk));
    });
    transport.onClose(() => {
      transports.delete(transport);
      handle(parser.end());
      finish(false, jobStart + held.length);
    });
  };

  return {
    listenTcp(port = 9100, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        const server = createServer((socket) => {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          serve(socketTransport(socket, `printer emulator tcp ${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`), 'tcp');
        });
        server.once('error', (e) => reject(new PrinterError('connect-failed', `emulator cannot listen on ${host}:${port}: ${e.message}`)));
        server.listen(port, host, () => {
          servers.push(server);
          const addr = server.address();
          resolve({ host, port: typeof addr === 'object' && addr !== null ? addr.port : port });
        });
      });
    },

    async openPty() {
      const pair = await openPtyPair();
      ptys.push(pair);
      const [emulatorEnd, deviceEnd] = pair.paths;
      serve(await openSerialTransport({ path: emulatorEnd, baudRate: 115200 }), 'pty');
      return { devicePath: deviceEnd };
    },

    memoryTransport() {
      const [printerEnd, hostEnd] = createMemoryPair({ names: ['printer emulator', 'printer host'] });
      serve(printerEnd, 'memory');
      return hostEnd;
    },

    serve,
    setFault(fault, isOn = true) {
      if (isOn) condition.faults.add(fault);
      else condition.faults.delete(fault);
    },
    clearFaults() {
      condition.faults.clear();
    },
    faults: () => [...condition.faults],
    isDrawerOpen: () => condition.isDrawerOpen,
    closeDrawer() {
      condition.isDrawerOpen = false;
    },
    jobs: () => recorded,
    onJob(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    waitForJobs(count, timeoutMs = 5000) {
      if (recorded.length >= count) return Promise.resolve(recorded.slice(0, count));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new PrinterError('printer-timeout', `emulator: ${recorded.length} of ${count} jobs after ${timeoutMs} ms`));
        }, timeoutMs);
        const check = () => {
          if (recorded.length < count) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve(recorded.slice(0, count));
        };
        listeners.add(check);
      });
    },
    statusRequestCount: () => statusRequests,

    async close() {
      await Promise.all([...transports].map((t) => t.close()));
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
      await Promise.all(ptys.map((p) => p.close()));
      servers.length = 0;
      ptys.length = 0;
    },
  };
}
