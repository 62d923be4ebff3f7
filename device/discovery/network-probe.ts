// Is there an ESC/POS printer at host:9100? A TCP connect with a timeout, then one DLE EOT 1 real-time status request.
import { connect, isIP } from 'node:net';
import { statusRequest } from '../printer/escpos';
import { isStatusByte } from '../printer/status';
import { problem, type DeviceProblem, type ProblemCode } from './problem';

/** Raw TCP printing ("port 9100", JetDirect style), where network receipt printers listen. */
export const RAW_PRINT_PORT = 9100;

export type NetworkProbeOptions = {
  host: string;
  port?: number;
  /** How long the TCP connect may take (default 1500 ms: a LAN answers in a few ms, a missing host never). */
  connectTimeoutMs?: number;
  /** How long to wait for the status byte once connected (default 1000 ms). */
  statusTimeoutMs?: number;
};

export type NetworkProbe = {
  host: string;
  port: number;
  /** Something accepted the TCP connection. */
  found: boolean;
  /** It answered DLE EOT 1 with a well-formed status byte: an ESC/POS printer. */
  answersStatus: boolean;
  status: { byte: number; isOnline: boolean; isDrawerOpen: boolean } | null;
  latencyMs: number;
  /** Why it is not a usable printer; null when it answered its status. */
  problem: DeviceProblem | null;
};

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

export function isUsableHost(host: string): boolean {
  if (isIP(host) !== 0) return true;
  // "192.168.1.300" matches the host-name grammar but is a mistyped address, not a name.
  return !/^[\d.]+$/.test(host) && HOSTNAME.test(host);
}

function codeForSocketError(errno: string | undefined): ProblemCode {
  switch (errno) {
    case 'ECONNREFUSED': return 'NETWORK_REFUSED';
    case 'ETIMEDOUT': return 'NETWORK_TIMEOUT';
    case 'EHOSTUNREACH': case 'ENETUNREACH': case 'EHOSTDOWN': case 'ENETDOWN': return 'NETWORK_UNREACHABLE';
    case 'ENOTFOUND': case 'EAI_AGAIN': case 'EAI_NONAME': case 'EINVAL': return 'NETWORK_BAD_ADDRESS';
    default: return 'NETWORK_FAILED';
  }
}

export function probeNetworkPrinter(options: NetworkProbeOptions): Promise<NetworkProbe> {
  const host = options.host.trim();
  const port = options.port ?? RAW_PRINT_PORT;
  const target = `${host}:${port}`;
  const started = performance.now();
  const base = { host, port };
  if (!isUsableHost(host) || !Number.isInteger(port) || port < 1 || port > 65535) {
    return Promise.resolve({ ...base, found: false, answersStatus: false, status: null, latencyMs: 0, problem: problem('NETWORK_BAD_ADDRESS', 'network', target) });
  }
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let isConnected = false;
    let settled = false;
    const finish = (outcome: Omit<NetworkProbe, 'host' | 'port' | 'latencyMs'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...base, ...outcome, latencyMs: Math.round((performance.now() - started) * 10) / 10 });
    };
    const missing = (code: ProblemCode, detail: string) =>
      finish({ found: false, answersStatus: false, status: null, problem: problem(code, 'network', target, detail) });
    const silent = (detail: string) =>
      finish({ found: true, answersStatus: false, status: null, problem: problem('NETWORK_NO_STATUS', 'network', target, detail) });
    let timer = setTimeout(() => missing('NETWORK_TIMEOUT', `no TCP connection within ${options.connectTimeoutMs ?? 1500} ms`), options.connectTimeoutMs ?? 1500);

    socket.once('connect', () => {
      isConnected = true;
      clearTimeout(timer);
      timer = setTimeout(() => silent(`no DLE EOT 1 answer within ${options.statusTimeoutMs ?? 1000} ms`), options.statusTimeoutMs ?? 1000);
      socket.write(statusRequest(1));
    });
    socket.on('data', (chunk: Buffer) => {
      // A printer answers DLE EOT 1 with one byte. Anything else first is another service (a web server's
      // "HTTP/1.1 400" holds bytes that look like status bytes, so searching the reply for one would be wrong).
      const byte = chunk[0];
      if (byte === undefined) return;
      if (!isStatusByte(byte)) {
        silent(`answered with other bytes: ${JSON.stringify(chunk.subarray(0, 24).toString('latin1'))}`);
        return;
      }
      finish({
        found: true, answersStatus: true, problem: null,
        status: { byte, isOnline: (byte & 0x08) === 0, isDrawerOpen: (byte & 0x04) !== 0 },
      });
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (isConnected) silent(err.message);
      else missing(codeForSocketError(err.code), err.message);
    });
    socket.on('close', () => {
      if (isConnected) silent('the connection was closed before any status byte');
    });
  });
}

/** Probes many hosts with a bound on simultaneous connections; results keep the order of `hosts`. */
export async function probeHosts(
  hosts: readonly string[],
  options: Omit<NetworkProbeOptions, 'host'> & { concurrency?: number; onResult?: (p: NetworkProbe, done: number) => void } = {},
): Promise<NetworkProbe[]> {
  const results: NetworkProbe[] = new Array(hosts.length);
  const limit = Math.max(1, options.concurrency ?? 64);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < hosts.length) {
      const i = next++;
      const p = await probeNetworkPrinter({ ...options, host: hosts[i] as string });
      results[i] = p;
      options.onResult?.(p, ++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, hosts.length) }, worker));
  return results;
}
