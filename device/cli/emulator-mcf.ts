// `npm run emulator -- mcf [--tcp PORT] [--pty] [--state FILE] [--offline] [--quiet]`: runs the emulated DGI MCF and says where.
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { DeviceError, describeDeviceError, isDeviceError } from '../errors';
import { createMcfEmulator, listenMcfPty, listenMcfTcp, type McfEmulator, type McfFault, type PtyListener, type TcpListener } from '../emulator/mcf-emulator';

export type McfEmulatorCliOptions = { tcpPort: number | null; pty: boolean; statePath: string | null; online: boolean; quiet: boolean };

/** The port the MCF emulator takes when neither --tcp nor --pty is given. */
export const DEFAULT_MCF_TCP_PORT = 7070;

const USAGE = `usage: npm run emulator -- mcf [--tcp PORT] [--pty] [--state FILE] [--offline] [--quiet]
  --tcp PORT    listen on 127.0.0.1:PORT (the default, port ${DEFAULT_MCF_TCP_PORT}, when --pty is not given; 0 picks a free port)
  --pty         create a serial PTY pair (socat): the emulator holds one end, open the printed path at 115200 8N1
  --state FILE  keep the device memory (counters, sealed invoices) in FILE across runs
  --offline     start without a DGI server connection (credit notes cannot be verified, uploads queue up)
  --quiet       do not print every command
At run time type: drop | corrupt | truncate | nak | slow MS | pending N | power | deaf MS | online | offline | daily on|off`;

function usage(message: string): DeviceError {
  return new DeviceError('MCF_VALUE_INVALID', `${message}\n${USAGE}`);
}

export function parseMcfArgs(args: readonly string[]): McfEmulatorCliOptions {
  const rest = args[0] === 'mcf' ? args.slice(1) : [...args];
  const o: McfEmulatorCliOptions = { tcpPort: null, pty: false, statePath: null, online: true, quiet: false };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--tcp') {
      const port = Number(rest[++i]);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw usage('--tcp needs a port number');
      o.tcpPort = port;
    } else if (a === '--pty') o.pty = true;
    else if (a === '--state') {
      const file = rest[++i];
      if (file === undefined || file.startsWith('--')) throw usage('--state needs a file name');
      o.statePath = file;
    } else if (a === '--offline') o.online = false;
    else if (a === '--quiet') o.quiet = true;
    else if (a === '--help' || a === '-h') throw usage('MCF emulator');
    else throw usage(`unknown argument "${String(a)}"`);
  }
  if (o.tcpPort === null && !o.pty) o.tcpPort = DEFAULT_MCF_TCP_PORT;
  return o;
}

export type RunningMcfEmulator = {
  emulator: McfEmulator;
  tcp: TcpListener | null;
  pty: PtyListener | null;
  close(): Promise<void>;
};

export async function startMcfEmulator(o: McfEmulatorCliOptions, log: (s: string) => void = console.log): Promise<RunningMcfEmulator> {
  const emulator = createMcfEmulator({
    ...(o.statePath === null ? {} : { statePath: o.statePath }),
    online: o.online,
    ...(o.quiet ? {} : { log: (l: string) => log(`  ${l}`) }),
  });
  const tcp = o.tcpPort === null ? null : await listenMcfTcp(emulator, { port: o.tcpPort });
  let pty: PtyListener | null = null;
  try {
    pty = o.pty ? await listenMcfPty(emulator) : null;
  } catch (err) {
    await tcp?.close();
    throw err;
  }
  const d = emulator.durable;
  log(`MCF emulator ${d.mid} (NIF ${d.nif}, TC ${d.counters.total}${o.statePath === null ? ', memory not kept' : `, memory in ${o.statePath}`})`);
  if (tcp) log(`MCF emulator listening on tcp://${tcp.host}:${tcp.port}`);
  if (pty) log(`MCF emulator serial port (PTY, 115200 8N1): ${pty.sfePath}`);
  return {
    emulator,
    tcp,
    pty,
    async close() {
      emulator.close();
      await tcp?.close();
      await pty?.close();
    },
  };
}

/** A console line to a fault or a switch; null when the line means nothing. */
export function faultFromLine(line: string): McfFault | 'online' | 'offline' | 'daily-on' | 'daily-off' | null {
  const [what = '', arg] = line.trim().split(/\s+/);
  const n = Number(arg);
  switch (what) {
    case 'drop': return { kind: 'drop-answer' };
    case 'corrupt': return { kind: 'corrupt-answer' };
    case 'truncate': return { kind: 'truncate-answer' };
    case 'nak': return { kind: 'garble-command' };
    case 'slow': return { kind: 'slow', delayMs: Number.isFinite(n) && n > 0 ? n : 800 };
    case 'pending': return { kind: 'pending', rounds: Number.isInteger(n) && n > 0 ? n : 2 };
    case 'power': return { kind: 'power-loss', when: 'after' };
    case 'deaf': return { kind: 'deaf', durationMs: Number.isFinite(n) && n > 0 ? n : 3000 };
    case 'online': return 'online';
    case 'offline': return 'offline';
    case 'daily': return arg === 'off' ? 'daily-off' : 'daily-on';
    default: return null;
  }
}

/** Runs until SIGINT/SIGTERM or the end of stdin, then closes everything. */
export async function main(args: readonly string[]): Promise<void> {
  const running = await startMcfEmulator(parseMcfArgs(args));
  const rl = process.stdin.isTTY ? createInterface({ input: process.stdin }) : null;
  rl?.on('line', (line) => {
    const f = faultFromLine(line);
    if (f === null) console.log(USAGE.slice(USAGE.indexOf('At run time')));
    else if (f === 'online' || f === 'offline') running.emulator.setOnline(f === 'online');
    else if (f === 'daily-on' || f === 'daily-off') running.emulator.setDailyReportDue(f === 'daily-on');
    else running.emulator.injectFault(f);
    if (f !== null) console.log(`ok: ${typeof f === 'string' ? f : f.kind} (applies to the next command)`);
  });
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    rl?.once('close', resolve);
  });
  rl?.close();
  await running.close();
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(isDeviceError(e) ? describeDeviceError(e) : e instanceof Error ? e.message : String(e));
    process.exitCode = 2;
  });
}
