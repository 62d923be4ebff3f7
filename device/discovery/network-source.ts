// Network receipt printers for the wizard: each typed address or range probed on port 9100 with DLE EOT 1.
import { expandTargets } from './hosts';
import { probeHosts, RAW_PRINT_PORT, type NetworkProbe } from './network-probe';
import { emptyResult, type FoundDevice, type SourceResult } from './types';

export type NetworkSourceOptions = {
  /** "192.168.1.50", "imprimante.local", "192.168.1.0/24", "192.168.1.20-40"; several separated by commas or spaces. */
  targets: readonly string[];
  port?: number;
  connectTimeoutMs?: number;
  statusTimeoutMs?: number;
  concurrency?: number;
  onProbe?: (probe: NetworkProbe, done: number, total: number) => void;
};

/** The most misses listed one by one; the rest are counted (a /24 search refuses 250 times). */
const MAX_LISTED_MISSES = 32;

export function networkFound(p: NetworkProbe): FoundDevice {
  const state = p.status === null ? '' : p.status.isOnline ? ', en ligne' : ', hors ligne';
  return {
    id: `tcp:${p.host}:${p.port}`,
    source: 'network',
    address: { kind: 'tcp', host: p.host, port: p.port },
    roles: ['printer'],
    confidence: p.answersStatus ? 'likely' : 'possible',
    label: `Imprimante réseau ${p.host}:${p.port}${state}`,
    note: p.answersStatus
      ? `Répond à la demande d’état ESC/POS (DLE EOT 1) en ${p.latencyMs} ms.`
      : 'Accepte la connexion sur le port d’impression mais ne répond pas à la demande d’état : à confirmer par un test d’impression.',
  };
}

export async function discoverNetwork(options: NetworkSourceOptions): Promise<SourceResult> {
  const started = performance.now();
  const result = emptyResult('network', 'ok');
  const { hosts, namedHosts, problems } = expandTargets(options.targets);
  for (const p of problems) result.misses.push({ target: p.subject, problem: p });
  const port = options.port ?? RAW_PRINT_PORT;
  const probes = await probeHosts(hosts, {
    port,
    ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
    ...(options.statusTimeoutMs === undefined ? {} : { statusTimeoutMs: options.statusTimeoutMs }),
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    onResult: (p, done) => options.onProbe?.(p, done, hosts.length),
  });
  for (const p of probes) {
    const isNamed = namedHosts.has(p.host);
    // In a range, only a printer that answers its status counts: a router or a proxy also accepts connections.
    if (p.answersStatus || (p.found && isNamed)) result.devices.push(networkFound(p));
    if (p.answersStatus || p.problem === null) continue;
    if (isNamed && result.misses.length < MAX_LISTED_MISSES) result.misses.push({ target: `${p.host}:${p.port}`, problem: p.problem });
    else result.missesOmitted++;
  }
  // A typed address that is wrong is the technician's to fix, not a failure of the search itself.
  if (hosts.length === 0 && problems.length > 0) {
    result.status = 'failed';
    result.problem = problems[0] ?? null;
  }
  result.durationMs = performance.now() - started;
  return result;
}
