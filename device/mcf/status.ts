// The six MCF status bytes (STA, annex "Octets de statut de MCF") as named flags, both ways.
import { DeviceError } from '../errors';
import { STATUS_LENGTH } from './frame';

/** Flags the annex defines; bit "b.n" of the annex is bit n of byte index b. */
export type McfStatusFlags = {
  /** 0.0 Syntax error in the command. */
  syntaxError: boolean;
  /** 0.1 Invalid command. */
  invalidCommand: boolean;
  /** 0.2 Date and time are not set. */
  clockNotSet: boolean;
  /** 1.0 Sum fields overflowed in the last daily report. */
  dailyReportOverflow: boolean;
  /** 1.1 Command not allowed in the current mode. */
  commandForbidden: boolean;
  /** 1.2 Memory reset detected. */
  memoryReset: boolean;
  /** 1.4 The daily report must be done. */
  dailyReportDue: boolean;
  /** 2.3 An invoice is open. */
  invoiceOpen: boolean;
  /** 4.0 Error writing to memory. */
  memoryWriteError: boolean;
  /** 4.2 Invalid record in memory. */
  invalidRecord: boolean;
  /** 4.3 Room for fewer than 50 records. */
  memoryLow: boolean;
  /** 4.4 Memory full. */
  memoryFull: boolean;
};

export type McfStatus = McfStatusFlags & {
  /** Bytes 4 and 6 of the annex (indexes 3 and 5) are manufacturer-specific; kept raw. */
  vendor: readonly [number, number];
};

const BITS: Readonly<Record<keyof McfStatusFlags, readonly [number, number]>> = {
  syntaxError: [0, 0],
  invalidCommand: [0, 1],
  clockNotSet: [0, 2],
  dailyReportOverflow: [1, 0],
  commandForbidden: [1, 1],
  memoryReset: [1, 2],
  dailyReportDue: [1, 4],
  invoiceOpen: [2, 3],
  memoryWriteError: [4, 0],
  invalidRecord: [4, 2],
  memoryLow: [4, 3],
  memoryFull: [4, 4],
};

const FLAG_NAMES = Object.keys(BITS) as (keyof McfStatusFlags)[];

/**
 * STA bytes lie in 80h–FFh (§3.3 table), so bit 7 is always set: it keeps status bytes apart from the control
 * bytes SOH/ETX/NAK/SYN. We set it when encoding and do not require it when decoding.
 */
const MARKER = 0x80;

export function decodeStatus(sta: Uint8Array): McfStatus {
  if (sta.length !== STATUS_LENGTH) {
    throw new DeviceError('MCF_BAD_ANSWER', `The status field has ${sta.length} bytes instead of ${STATUS_LENGTH}.`);
  }
  const flags = {} as McfStatusFlags;
  for (const name of FLAG_NAMES) {
    const [byte, bit] = BITS[name];
    flags[name] = (((sta[byte] as number) >> bit) & 1) === 1;
  }
  return { ...flags, vendor: [(sta[3] as number) & 0x7f, (sta[5] as number) & 0x7f] };
}

export function encodeStatus(flags: Partial<McfStatusFlags> = {}, vendor: readonly [number, number] = [0, 0]): Uint8Array {
  const sta = new Uint8Array(STATUS_LENGTH).fill(MARKER);
  for (const name of FLAG_NAMES) {
    if (flags[name] !== true) continue;
    const [byte, bit] = BITS[name];
    sta[byte] = (sta[byte] as number) | (1 << bit);
  }
  sta[3] = (sta[3] as number) | (vendor[0] & 0x7f);
  sta[5] = (sta[5] as number) | (vendor[1] & 0x7f);
  return sta;
}

/** Names of the flags that are set, for logs. */
export function activeFlags(status: McfStatusFlags): (keyof McfStatusFlags)[] {
  return FLAG_NAMES.filter((n) => status[n]);
}

const SENTENCES: Readonly<Record<keyof McfStatusFlags, string>> = {
  syntaxError: 'The device saw a syntax error in the last command.',
  invalidCommand: 'The device does not accept that command.',
  clockNotSet: 'The device clock is not set; have the supplier set it.',
  dailyReportOverflow: 'A sum overflowed in the last daily report.',
  commandForbidden: 'That command is not allowed in the device’s current mode.',
  memoryReset: 'The device detected a memory reset.',
  dailyReportDue: 'The daily report must be done on the device.',
  invoiceOpen: 'An invoice is open on the device.',
  memoryWriteError: 'The device failed to write to its fiscal memory.',
  invalidRecord: 'The device found an invalid record in its memory.',
  memoryLow: 'The device has room for fewer than 50 more records.',
  memoryFull: 'The device memory is full: no invoice can be sealed until it is serviced.',
};

/** One readable sentence per flag that is set. */
export function describeStatus(status: McfStatusFlags): string[] {
  return activeFlags(status).map((n) => SENTENCES[n]);
}
