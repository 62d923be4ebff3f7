// What discovery hands the pairing wizard: devices found, how to open each, and each source's outcome and problem.
import type { DeviceProblem, ProblemSource } from './problem';

export type DiscoverySource = ProblemSource;
export const DISCOVERY_SOURCES: readonly DiscoverySource[] = ['serial', 'usb', 'hid', 'network'];

/** The roles of the wizard's "Choisir le rôle" step. A drawer hangs on the printer, so discovery never proposes it alone. */
export type DeviceRole = 'printer' | 'mcf' | 'scanner' | 'drawer';

/** How a paired device is reached; the health check and the drivers open it from this. */
export type DeviceAddress =
  | { kind: 'serial'; path: string; baudRate?: number }
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'hid'; path: string }
  | { kind: 'usb'; vendorId: number; productId: number; bus?: string; deviceAddress?: number }
  /** A keyboard-wedge scanner: its keystrokes reach the till screen, nothing is opened. */
  | { kind: 'keyboard' };

/** How sure a role guess is: a known maker's product id range, or only a chip vendor shared by many products. */
export type Confidence = 'likely' | 'possible' | 'unknown';

export type FoundDevice = {
  /** Stable within one machine: "serial:/dev/ttyUSB0", "usb:04b8:0202@1-2", "hid:/dev/hidraw3", "tcp:192.168.1.50:9100". */
  id: string;
  source: DiscoverySource;
  address: DeviceAddress;
  /** Role guesses, most likely first; empty when nothing is known. */
  roles: DeviceRole[];
  confidence: Confidence;
  /** What the wizard shows, in French: "Epson — imprimante de tickets (USB)". */
  label: string;
  /** Why the guess, in French ("Pont USB-série FTDI : candidat MCF, 115200 8N1"). */
  note: string;
  vendorId?: number;
  productId?: number;
  vendorName?: string;
  manufacturer?: string;
  product?: string;
  serialNumber?: string;
  /** Other sources that saw the same device (a USB-serial cable is both a USB device and a serial port). */
  alsoSeenAs?: string[];
};

export type SourceStatus = 'ok' | 'failed' | 'skipped';

/** Something looked at that answered nothing useful: a typed path that does not exist, a host that refused. */
export type Miss = { target: string; problem: DeviceProblem };

export type SourceResult = {
  source: DiscoverySource;
  status: SourceStatus;
  devices: FoundDevice[];
  /** Set when the whole source failed (library missing, permission…); the other sources still answer. */
  problem: DeviceProblem | null;
  misses: Miss[];
  /** Misses not listed, to keep a subnet scan's answer short. */
  missesOmitted: number;
  /** Devices seen but of no use at a till (hubs, mice, the keyboard). */
  ignored: number;
  durationMs: number;
};

export type DiscoveryReport = {
  startedAt: string;
  durationMs: number;
  /** Every source's devices merged: one entry per physical device, the entry that can be opened kept. */
  devices: FoundDevice[];
  sources: Record<DiscoverySource, SourceResult>;
};

export type DiscoveryProgress = {
  source: DiscoverySource;
  phase: 'start' | 'done';
  /** "Recherche des ports série…", then "2 port(s) série trouvé(s)." or the problem. */
  message: { fr: string; en: string };
  completed: number;
  total: number;
  found?: number;
  problem?: DeviceProblem;
};

export function emptyResult(source: DiscoverySource, status: SourceStatus = 'skipped'): SourceResult {
  return { source, status, devices: [], problem: null, misses: [], missesOmitted: 0, ignored: 0, durationMs: 0 };
}

export function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}
