// The wizard's "Détecter" step: every source searched at once, each saying what it does, failures kept per source.
import type { HidLoader } from '../hid/hid-backend';
import type { UsbLoader } from '../usb/usb-backend';
import { discoverHid } from './hid-source';
import { discoverNetwork, type NetworkSourceOptions } from './network-source';
import { problem } from './problem';
import { discoverSerial, type SerialSourceOptions } from './serial-source';
import { emptyResult, type DiscoveryProgress, type DiscoveryReport, type DiscoverySource, type FoundDevice, type SourceResult } from './types';
import { discoverUsb } from './usb-source';

export type DiscoverOptions = {
  /** Sources to search (default: serial, USB and HID, plus the network when targets are given). */
  sources?: readonly DiscoverySource[];
  serial?: SerialSourceOptions;
  usbLoader?: UsbLoader;
  hidLoader?: HidLoader;
  network?: NetworkSourceOptions;
  /** A local source that takes longer is stopped and reported (default 10 s); the network has its own timeouts. */
  sourceTimeoutMs?: number;
  onProgress?: (p: DiscoveryProgress) => void;
};

const START: Readonly<Record<DiscoverySource, { fr: string; en: string }>> = {
  serial: { fr: 'Recherche des ports série…', en: 'Looking for serial ports…' },
  usb: { fr: 'Recherche des appareils USB…', en: 'Looking for USB devices…' },
  hid: { fr: 'Recherche des lecteurs et appareils HID…', en: 'Looking for scanners and HID devices…' },
  network: { fr: 'Recherche des imprimantes réseau (port 9100)…', en: 'Looking for network printers (port 9100)…' },
};

const FOUND: Readonly<Record<DiscoverySource, (n: number) => { fr: string; en: string }>> = {
  serial: (n) => ({ fr: `${n} port(s) série trouvé(s).`, en: `${n} serial port(s) found.` }),
  usb: (n) => ({ fr: `${n} appareil(s) USB utile(s) trouvé(s).`, en: `${n} useful USB device(s) found.` }),
  hid: (n) => ({ fr: `${n} lecteur(s) ou appareil(s) HID trouvé(s).`, en: `${n} scanner(s) or HID device(s) found.` }),
  network: (n) => ({ fr: `${n} imprimante(s) réseau trouvée(s).`, en: `${n} network printer(s) found.` }),
};

function withTimeout(source: DiscoverySource, run: Promise<SourceResult>, ms: number): Promise<SourceResult> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<SourceResult>((resolve) => {
    timer = setTimeout(() => resolve({
      ...emptyResult(source, 'failed'), durationMs: ms,
      problem: problem('SOURCE_TIMEOUT', source, source, `no answer within ${ms} ms`),
    }), ms);
  });
  return Promise.race([run, late]).finally(() => clearTimeout(timer));
}

/** Never throws: a source that fails gives its problem, the others still answer. */
export async function discoverDevices(options: DiscoverOptions = {}): Promise<DiscoveryReport> {
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const wanted = options.sources ?? (options.network === undefined ? ['serial', 'usb', 'hid'] : ['serial', 'usb', 'hid', 'network']);
  const timeoutMs = options.sourceTimeoutMs ?? 10_000;
  const total = wanted.length;
  let completed = 0;
  const report = (p: DiscoveryProgress) => {
    try {
      options.onProgress?.(p);
    } catch {
      // A broken progress callback must not stop the search.
    }
  };

  const run = (source: DiscoverySource): Promise<SourceResult> => {
    switch (source) {
      case 'serial': return withTimeout(source, discoverSerial(options.serial), timeoutMs);
      case 'usb': return withTimeout(source, discoverUsb(options.usbLoader), timeoutMs);
      case 'hid': return withTimeout(source, discoverHid(options.hidLoader), timeoutMs);
      case 'network':
        return options.network === undefined ? Promise.resolve(emptyResult('network')) : discoverNetwork(options.network);
    }
  };

  const results = await Promise.all(wanted.map(async (source) => {
    report({ source, phase: 'start', message: START[source], completed, total });
    const result = await run(source).catch((err: unknown) => ({
      ...emptyResult(source, 'failed'),
      problem: problem('SOURCE_TIMEOUT', source, source, err instanceof Error ? err.message : String(err)),
    }));
    completed++;
    report({
      source, phase: 'done', completed, total, found: result.devices.length,
      message: result.problem === null ? FOUND[source](result.devices.length) : result.problem.message,
      ...(result.problem === null ? {} : { problem: result.problem }),
    });
    return result;
  }));

  const sources = {
    serial: emptyResult('serial'), usb: emptyResult('usb'), hid: emptyResult('hid'), network: emptyResult('network'),
  } satisfies Record<DiscoverySource, SourceResult>;
  for (const r of results) sources[r.source] = r;
  return { startedAt, durationMs: performance.now() - started, devices: mergeFound(results), sources };
}

const sameDevice = (a: FoundDevice, b: FoundDevice): boolean =>
  a.vendorId !== undefined && a.vendorId === b.vendorId && a.productId === b.productId &&
  (a.serialNumber === undefined || b.serialNumber === undefined || a.serialNumber === b.serialNumber);

const RANK = { likely: 0, possible: 1, unknown: 2 } as const;

/**
 * One entry per physical device: a USB device also seen as a serial port or a HID interface is kept as that
 * port or interface (the thing a driver opens), with the USB id in `alsoSeenAs`.
 */
export function mergeFound(results: readonly SourceResult[]): FoundDevice[] {
  const openable = results.filter((r) => r.source !== 'usb').flatMap((r) => r.devices.map((d) => ({ ...d })));
  const usb = results.filter((r) => r.source === 'usb').flatMap((r) => r.devices);
  const merged = [...openable];
  for (const u of usb) {
    const twins = openable.filter((d) => sameDevice(d, u));
    if (twins.length === 0) {
      merged.push({ ...u });
      continue;
    }
    for (const t of twins) t.alsoSeenAs = [...(t.alsoSeenAs ?? []), u.id];
  }
  // Stable sort: devices with a role guess first, the surest first; unknown devices last.
  return merged
    .map((d, i) => ({ d, i }))
    .sort((x, y) => (x.d.roles.length === 0 ? 1 : 0) - (y.d.roles.length === 0 ? 1 : 0) || RANK[x.d.confidence] - RANK[y.d.confidence] || x.i - y.i)
    .map((x) => x.d);
}
