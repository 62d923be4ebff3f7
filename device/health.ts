// checkHealth(device): one paired device checked now (MCF: C1h + C2h; printer and drawer: DLE EOT; scanner: presence).
import { nodeHidLoader, type HidLoader } from './hid/hid-backend';
import { classifyListFailure } from './discovery/native-failure';
import { problem } from './discovery/problem';
import { healthError } from './health-errors';
import { describeAddress, openLink } from './health-link';
import { readMcfHealth } from './health-mcf';
import { readPrinterHealth } from './health-printer';
import type { HealthError, HealthSnapshot, PairedDevice } from './health-types';
import type { McfDriverOptions } from './mcf/driver';
import type { ByteTransport } from './transport/byte-transport';

export type { HealthError, HealthSnapshot, HealthState, McfHealth, PairedDevice, PrinterHealth } from './health-types';

export type CheckHealthOptions = {
  /** The previous snapshot of this device: its last contact and last error carry over. */
  previous?: HealthSnapshot | null;
  now?: () => Date;
  /** How long a printer may take to answer each status request (default 1000 ms). */
  statusTimeoutMs?: number;
  connectTimeoutMs?: number;
  mcf?: McfDriverOptions;
  hidLoader?: HidLoader;
};

type Outcome = Pick<HealthSnapshot, 'state' | 'isReachable' | 'summary' | 'warnings'> &
  Partial<Pick<HealthSnapshot, 'mcf' | 'printer' | 'drawer' | 'scanner'>> & { error: HealthError | null };

const failed = (error: HealthError, summary: string): Outcome => ({ state: 'error', isReachable: false, summary, warnings: [], error });

async function withLink<T>(device: PairedDevice, options: CheckHealthOptions, use: (t: ByteTransport) => Promise<T>): Promise<T | null> {
  const transport = await openLink(device.address, {
    ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
    ...(options.hidLoader === undefined ? {} : { hidLoader: options.hidLoader }),
  });
  if (transport === null) return null;
  try {
    return await use(transport);
  } finally {
    await transport.close();
  }
}

const ROLE_WORDS: Readonly<Record<PairedDevice['role'], string>> = {
  printer: 'Une imprimante', mcf: 'Un MCF', scanner: 'Un lecteur de codes-barres', drawer: 'Un tiroir-caisse',
};

function unsupported(device: PairedDevice, link: string, at: string): Outcome {
  const error: HealthError = {
    at, code: 'LINK_UNSUPPORTED', message: `${ROLE_WORDS[device.role]} ne se teste pas par la liaison ${link}.`,
    hint: 'Refaites le jumelage en choisissant son port série ou son adresse réseau.', detail: JSON.stringify(device.address),
  };
  return failed(error, error.message);
}

async function checkScanner(device: PairedDevice, options: CheckHealthOptions, link: string, at: string): Promise<Outcome> {
  const address = device.address;
  if (address.kind === 'keyboard') {
    return {
      state: 'unknown', isReachable: false, warnings: [], error: null, scanner: { isPresent: null },
      summary: 'Lecteur en mode clavier : testez-le en scannant un code sur l’écran de caisse.',
    };
  }
  if (address.kind === 'hid') {
    const loader = options.hidLoader ?? nodeHidLoader;
    let paths: (string | null)[];
    try {
      paths = (await (await loader()).devices()).map((d) => d.path);
    } catch (err) {
      const p = classifyListFailure(err, 'hid', 'node-hid');
      return { ...failed({ at, code: p.code, message: p.message.fr, hint: p.hint.fr, detail: p.detail }, p.message.fr), scanner: { isPresent: null } };
    }
    if (!paths.includes(address.path)) {
      const p = problem('HID_NOT_FOUND', 'hid', address.path);
      return { ...failed({ at, code: p.code, message: p.message.fr, hint: p.hint.fr, detail: '' }, p.message.fr), scanner: { isPresent: false } };
    }
    return { state: 'ok', isReachable: true, warnings: [], error: null, scanner: { isPresent: true }, summary: `Lecteur HID présent (${address.path}).` };
  }
  if (address.kind === 'serial') {
    await withLink(device, options, async () => undefined);
    return { state: 'ok', isReachable: true, warnings: [], error: null, scanner: { isPresent: true }, summary: `Port du lecteur ouvert (${link}).` };
  }
  return unsupported(device, link, at);
}

async function checkNow(device: PairedDevice, options: CheckHealthOptions, link: string, now: Date): Promise<Outcome> {
  const at = now.toISOString();
  const timeoutMs = options.statusTimeoutMs ?? 1000;
  switch (device.role) {
    case 'mcf': {
      const r = await withLink(device, options, (t) => readMcfHealth(t, now, options.mcf));
      if (r === null) return unsupported(device, link, at);
      const error = r.state === 'error' ? { at, code: 'MCF_FAULT', message: r.mcf.flagSentences.join(' '), hint: 'Contactez le fournisseur du MCF.', detail: r.mcf.flags.join(',') } : null;
      return { state: r.state, isReachable: true, summary: r.summary, warnings: r.warnings, mcf: r.mcf, error };
    }
    case 'printer':
    case 'drawer': {
      const r = await withLink(device, options, (t) => readPrinterHealth(t, timeoutMs, device.drawerSense));
      if (r === null) return unsupported(device, link, at);
      const error = r.blocking === null ? null : healthError(r.blocking, link, at);
      if (device.role === 'drawer') {
        const isOpen = r.printer.status.isDrawerOpen;
        // The drawer opens through the printer; a printer that cannot print may still kick it, so this is a warning.
        const warnings = r.blocking === null ? [] : [`L’imprimante qui commande le tiroir signale : ${r.blocking.message}`];
        return {
          state: r.blocking === null ? 'ok' : 'warn', isReachable: true, warnings, error, drawer: { isOpen }, printer: r.printer,
          summary: isOpen ? 'Tiroir ouvert.' : 'Tiroir fermé.',
        };
      }
      return { state: r.state, isReachable: true, summary: r.printer.description, warnings: r.warnings, printer: r.printer, error };
    }
    case 'scanner':
      return checkScanner(device, options, link, at);
  }
}

/**
 * Checks one paired device now and never throws: a device that cannot be reached is a snapshot in red with the
 * reason and what to check, and keeps the last contact of the previous snapshot.
 */
export async function checkHealth(device: PairedDevice, options: CheckHealthOptions = {}): Promise<HealthSnapshot> {
  const now = (options.now ?? (() => new Date()))();
  const started = performance.now();
  const link = describeAddress(device.address);
  let outcome: Outcome;
  try {
    outcome = await checkNow(device, options, link, now);
  } catch (err) {
    const error = healthError(err, link, now.toISOString());
    outcome = failed(error, error.message);
  }
  const previous = options.previous ?? null;
  return {
    id: device.id,
    role: device.role,
    ...(device.name === undefined ? {} : { name: device.name }),
    address: device.address,
    link,
    state: outcome.state,
    isReachable: outcome.isReachable,
    summary: outcome.summary,
    warnings: outcome.warnings,
    checkedAt: now.toISOString(),
    durationMs: Math.round(performance.now() - started),
    lastContact: outcome.isReachable ? now.toISOString() : previous?.lastContact ?? null,
    lastError: outcome.error ?? previous?.lastError ?? null,
    ...(outcome.mcf === undefined ? {} : { mcf: outcome.mcf }),
    ...(outcome.printer === undefined ? {} : { printer: outcome.printer }),
    ...(outcome.drawer === undefined ? {} : { drawer: outcome.drawer }),
    ...(outcome.scanner === undefined ? {} : { scanner: outcome.scanner }),
  };
}

/** Every paired device checked at once, for the health page. */
export function checkAllHealth(devices: readonly PairedDevice[], previous: readonly HealthSnapshot[] = [], options: Omit<CheckHealthOptions, 'previous'> = {}): Promise<HealthSnapshot[]> {
  const byId = new Map(previous.map((s) => [s.id, s]));
  return Promise.all(devices.map((d) => checkHealth(d, { ...options, previous: byId.get(d.id) ?? null })));
}
