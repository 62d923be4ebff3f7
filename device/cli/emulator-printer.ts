// `npm run emulator -- printer [--tcp PORT] [--pty] [--fault NAME]…`: runs the receipt-printer emulator and prints its jobs.
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { createPrinterEmulator, type EmulatedJob, type PrinterEmulator } from '../emulator/printer';
import { PRINTER_FAULTS, type PrinterFault } from '../emulator/printer-state';

export type PrinterEmulatorCliOptions = { tcpPort: number | null; pty: boolean; faults: PrinterFault[]; quiet: boolean };

export class CliUsageError extends Error {
  readonly code = 'usage';
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

const USAGE = `usage: npm run emulator -- printer [--tcp PORT] [--pty] [--fault ${PRINTER_FAULTS.join('|')}]… [--quiet]
  --tcp PORT   listen on 127.0.0.1:PORT (raw TCP, port 9100 style); the default when --pty is not given
  --pty        create a serial PTY pair (socat) and print the device path to open
  --fault F    start with a fault injected; at run time type "F on", "F off", "clear" or "drawer close"`;

export function parseArgs(args: readonly string[]): PrinterEmulatorCliOptions {
  const rest = args[0] === 'printer' ? args.slice(1) : [...args];
  const o: PrinterEmulatorCliOptions = { tcpPort: null, pty: false, faults: [], quiet: false };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--tcp') {
      const port = Number(rest[++i]);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliUsageError(`--tcp needs a port number\n${USAGE}`);
      o.tcpPort = port;
    } else if (a === '--pty') o.pty = true;
    else if (a === '--quiet') o.quiet = true;
    else if (a === '--fault') {
      const f = rest[++i] as PrinterFault;
      if (!PRINTER_FAULTS.includes(f)) throw new CliUsageError(`unknown fault "${String(f)}"\n${USAGE}`);
      o.faults.push(f);
    } else if (a === '--help' || a === '-h') throw new CliUsageError(USAGE);
    else throw new CliUsageError(`unknown argument "${String(a)}"\n${USAGE}`);
  }
  if (o.tcpPort === null && !o.pty) o.tcpPort = 9100;
  return o;
}

/** A short text picture of a job for the console. */
export function describeJob(job: EmulatedJob): string {
  const head = `--- job ${job.id} (${job.channel}, ${job.bytes.length} bytes${job.isCut ? ', cut' : ''}${job.faultsWhenReceived.length > 0 ? `, held: ${job.faultsWhenReceived.join(', ')}` : ''}) ---`;
  const body = job.events.flatMap((e) => {
    if (e.kind === 'line') return [`${e.isBold ? '*' : ' '}${e.width > 1 || e.height > 1 ? `${e.width}x${e.height}` : '   '} ${e.text}`];
    if (e.kind === 'qr') return [`    [QR ${e.errorLevel}, module ${e.moduleSize}] ${e.payload}`];
    if (e.kind === 'drawer') return [`    [tiroir: broche ${e.pin}, ${e.onMs} ms]`];
    if (e.kind === 'cut') return [`    [coupe ${e.mode === 'full' ? 'totale' : 'partielle'}]`];
    if (e.kind === 'unknown') return [`    [octets inconnus ${e.bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ')}]`];
    return [];
  });
  return [head, ...body].join('\n');
}

export type RunningPrinterEmulator = { emulator: PrinterEmulator; tcp: { host: string; port: number } | null; devicePath: string | null };

export async function startPrinterEmulator(o: PrinterEmulatorCliOptions, log: (s: string) => void = console.log): Promise<RunningPrinterEmulator> {
  const emulator = createPrinterEmulator();
  for (const f of o.faults) emulator.setFault(f);
  const tcp = o.tcpPort === null ? null : await emulator.listenTcp(o.tcpPort);
  const devicePath = o.pty ? (await emulator.openPty()).devicePath : null;
  if (tcp) log(`printer emulator listening on tcp://${tcp.host}:${tcp.port}`);
  if (devicePath) log(`printer emulator serial port (PTY): ${devicePath}`);
  if (!o.quiet) emulator.onJob((job) => log(describeJob(job)));
  return { emulator, tcp, devicePath };
}

function applyCommand(emulator: PrinterEmulator, line: string, log: (s: string) => void): void {
  const [what = '', how = 'on'] = line.trim().split(/\s+/);
  if (what === '') return;
  if (what === 'clear') emulator.clearFaults();
  else if (what === 'drawer' && how === 'close') emulator.closeDrawer();
  else if (PRINTER_FAULTS.includes(what as PrinterFault)) emulator.setFault(what as PrinterFault, how !== 'off');
  else {
    log(`commands: <${PRINTER_FAULTS.join('|')}> on|off, clear, drawer close`);
    return;
  }
  log(`faults: ${emulator.faults().join(', ') || 'none'}; drawer ${emulator.isDrawerOpen() ? 'open' : 'closed'}`);
}

/** Runs until SIGINT/SIGTERM or the end of stdin, then closes the emulator. */
export async function main(args: readonly string[]): Promise<void> {
  const options = parseArgs(args);
  const { emulator } = await startPrinterEmulator(options);
  const rl = process.stdin.isTTY ? createInterface({ input: process.stdin }) : null;
  rl?.on('line', (l) => applyCommand(emulator, l, console.log));
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    rl?.once('close', resolve);
  });
  rl?.close();
  await emulator.close();
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 2;
  });
}
