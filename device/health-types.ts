// The health page's picture of one paired device: reachable or not, last contact, last error, and its counters or status.
import type { DeviceAddress, DeviceRole } from './discovery/types';
import type { McfConnection } from './mcf/commands';
import type { DrawerSense, PrinterStatus } from './printer/status';

/** Green / yellow / red on the health page; `unknown` when nothing can be checked from here (a keyboard-wedge scanner). */
export type HealthState = 'ok' | 'warn' | 'error' | 'unknown';

/** A device as the wizard saved it ("Enregistrer"). A drawer's address is the printer it hangs on. */
export type PairedDevice = {
  id: string;
  role: DeviceRole;
  name?: string;
  address: DeviceAddress;
  /** Which pin-3 level means "drawer open" (printer and drawer roles). */
  drawerSense?: DrawerSense;
};

/** A failure, in French for the technician, with the technical text kept for support. */
export type HealthError = {
  at: string;
  code: string;
  message: string;
  hint: string | null;
  detail: string;
};

export type McfHealth = {
  /** DEF NIM (MID of C1h): serial number and activation count. */
  nim: string;
  nif: string;
  /** TC: every invoice the device sealed. */
  totalCount: number;
  saleCount: number;
  creditCount: number;
  /** The device clock, yyyyMMddHHmmss, Kinshasa time. */
  deviceTime: string;
  lastInvoice: { number: string; type: string; timestamp: string } | null;
  upload: {
    /** Last successful upload to the DGI (C2h DT), ISO in Kinshasa time; null when never. */
    lastSuccess: string | null;
    ageMs: number | null;
    /** Invoices held and not yet sent (DC − EC). */
    pending: number;
    connection: McfConnection;
    /** True when the last upload is older than a day (or never happened): the SFE must warn (protocol C2h). */
    isOverdue: boolean;
    message: string;
  };
  /** Status flags set in the last answer, by name, and as sentences. */
  flags: string[];
  flagSentences: string[];
};

export type PrinterHealth = {
  status: PrinterStatus;
  /** "En ligne, papier bientôt épuisé, tiroir fermé". */
  description: string;
};

export type HealthSnapshot = {
  id: string;
  role: DeviceRole;
  name?: string;
  address: DeviceAddress;
  /** "tcp 192.168.1.50:9100", "série /dev/ttyUSB0 @115200". */
  link: string;
  state: HealthState;
  isReachable: boolean;
  /** One French line for the health page. */
  summary: string;
  /** Conditions to act on that do not stop the device (paper near end, upload older than a day), in French. */
  warnings: string[];
  checkedAt: string;
  durationMs: number;
  /** The last time the device answered, this check or an earlier one. */
  lastContact: string | null;
  /** The latest failure, this check's or, when this one went well, the one before. */
  lastError: HealthError | null;
  mcf?: McfHealth;
  printer?: PrinterHealth;
  drawer?: { isOpen: boolean };
  scanner?: { isPresent: boolean | null };
};
