// `npm run emulator -- mcf [--tcp PORT] [--pty] [--state FILE] [--offline] [--quiet] [--pkcs11 MODULE --token LABEL --pin PIN]`: runs the emulated MCF.
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { DeviceError, describeDeviceError, isDeviceError } from '../errors';
import {
  createMcfEmulator, es256CodeSigner, listenMcfPty, listenMcfTcp, type McfEmulator, type McfFault, type PtyListener, type TcpListener,
} from '../emulator/mcf-emulator';
import { describePkcs11Error, isPkcs11Error } from '../pkcs11/errors';
import { openPkcs11Signer, type Es256Signer, type Pkcs11SignerOptions } from '../pkcs11/signer';

export type McfPkcs11Cli = Pick<Pkcs11SignerOptions, 'module' | 'tokenLabel' | 'pin' | 'keyLabel'>;

export type McfEmulatorCliOptions = {
  tcpPort: number | null;
  pty: boolean;
  statePath: string | null;
  online: boolean;
  quiet: boolean;
  /** Codes from an ES256 key on a PKCS#11 token instead of the HMAC key; absent unless --pkcs11 is given. */
  pkcs11?: McfPkcs11Cli;
};

/** The port the MCF emulator takes when neither --tcp nor --pty is given. */
export const DEFAULT_MCF_TCP_PORT = 7070;

const USAGE = `usage: npm run emulator -- mcf [--tcp PORT] [--pty] [--state FILE] [--offline] [--quiet] [--pkcs11 MODULE --token LABEL --pin PIN [--key LABEL]]
  --tcp PORT    listen on 127.0.0.1:PORT (the default, port ${DEFAULT_MCF_TCP_PORT}, when --pty is not given; 0 picks a free port)
  --pty         create a serial PTY pair (socat): the emulator holds one end, open the printed path at 115200 8N1
  --state FILE  keep the device memory (counters, sealed invoices) in FILE across runs
  --offline     start without a DGI server connection (credit notes cannot be verified, uploads queue up)
  --quiet       do not print every command
  --pkcs11 MODULE  make the codes from an ES256 key on a PKCS#11 token (e.g. /usr/lib/softhsm/libsofthsm2.so):
                   each code is the fiscal code of its signature, and the journal keeps the signature
  --token LABEL    the token's label, and --pin PIN its user PIN (both needed with --pkcs11)
  --key LABEL      the key pair's label, made on the token when missing (default stalela-mcf)
At run time type: drop | corrupt | truncate | nak | slow MS | pending N | power | deaf MS | online | offline | daily on|off`;

function usage(message: string): DeviceError {
  return new DeviceError('MCF_VALUE_INVALID', `${message}\n${USAGE}`);
}

export function parseMcfArgs(args: readonly string[]): McfEmulatorCliOptions {
  const rest = args[0] === 'mcf' ? args.slice(1) : [...args];
  const o: McfEmulatorCliOptions = { tcpPort: null, pty: false, statePath: null, online: true, quiet: false };
  const p11: Partial<Record<'--pkcs11' | '--token' | '--pin' | '--key', string>> = {};
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
    } else if (a === '--pkcs11' || a === '--token' || a === '--pin' || a === '--key') {
      const v = rest[++i];
      if (v === undefined || v.startsWith('--')) throw usage(`${a} needs a value`);
      p11[a] = v;
    } else if (a === '--offline') o.online = false;
    else if (a === '--quiet') o.quiet = true;
    else if (a === '--help' || a === '-h') throw usage('MCF emulator');
    else throw usage(`unknown argument "${String(a)}"`);
  }
  if (o.tcpPort === null && !o.pty) o.tcpPort = DEFAULT_MCF_TCP_PORT;
  const module = p11['--pkcs11'];
  if (module === undefined) {
    if (Object.keys(p11).length > 0) throw usage(`${Object.keys(p11).join(', ')} only go with --pkcs11 MODULE`);
    return o;
  }
  const tokenLabel = p11['--token'];
  const pin = p11['--pin'];
  if (tokenLabel === undefined || pin === undefined) throw usage('--pkcs11 needs --token LABEL and --pin PIN');
  const keyLabel = p11['--key'];
  o.pkcs11 = { module, tokenLabel, pin, ...(keyLabel === undefined ? {} : { keyLabel }) };
  return o;
}

export type RunningMcfEmulator = {
  emulator: McfEmulator;
  /** The PKCS#11 signer making the codes, when --pkcs11 was given. */
  signer: Es256Signer | null;
  tcp: TcpListener | null;
  pty: PtyListener | null;
  close(): Promise<void>;
};

export async function startMcfEmulator(o: McfEmulatorCliOptions, log: (s: string) => void = console.log): Promise<RunningMcfEmulator> {
  const signer = o.pkcs11 === undefined ? null : await openPkcs11Signer(o.pkcs11);
  let emulator: McfEmulator | undefined;
  let tcp: TcpListener | null = null;
  let pty: PtyListener | null = null;
  try {
    emulator = createMcfEmulator({
      ...(o.statePath === null ? {} : { statePath: o.statePath }),
      online: o.online,
      ...(o.quiet ? {} : { log: (l: string) => log(`  ${l}`) }),
      ...(signer === null ? {} : { codeSigner: es256CodeSigner(signer) }),
    });
    tcp = o.tcpPort === null ? null : await listenMcfTcp(emulator, { port: o.tcpPort });
    pty = o.pty ? await listenMcfPty(emulator) : null;
  } catch (err) {
    await tcp?.close();
    await signer?.close();
    throw err;
  }
  const d = emulator.durable;
  log(`MCF emulator ${d.mid} (NIF ${d.nif}, TC ${d.counters.total}${o.statePath === null ? ', memory not kept' : `, memory in ${o.statePath}`})`);
  if (signer !== null) log(`MCF emulator codes: ES256 key ${signer.kid} on PKCS#11 token "${o.pkcs11?.tokenLabel ?? ''}"`);
  if (tcp) log(`MCF emulator listening on tcp://${tcp.host}:${tcp.port}`);
  if (pty) log(`MCF emulator serial port (PTY, 115200 8N1): ${pty.sfePath}`);
  return {
    emulator,
    signer,
    tcp,
    pty,
    async close() {
      emulator.close();
      await tcp?.close();
      await pty?.close();
      await signer?.close();
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
    console.error(isDeviceError(e) ? describeDeviceError(e) : isPkcs11Error(e) ? describePkcs11Error(e) : e instanceof Error ? e.message : String(e));
    process.exitCode = 2;
  });
}
