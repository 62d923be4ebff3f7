// MCF frames, byte for byte ("Protocoles SFE-MCF v1.0", §3.2 command, §3.3 response): encoding, checksum, sequence.
import { DeviceError } from '../errors';

export const SOH = 0x01;
export const ETX = 0x03;
/** Separates DATA from the status bytes in a response. */
export const BRK = 0x04;
/** Closes the part covered by LEN and the checksum. */
export const AMB = 0x05;
/** Single byte: "I received garbage, send it again with the same SEQ". */
export const NAK = 0x15;
/** Single byte: "still working", sent every 100 ms until the answer is ready. */
export const SYN = 0x16;

export const LEN_OFFSET = 0x20;
export const SEQ_FIRST = 0x20;
export const SEQ_LAST = 0xff;
export const STATUS_LENGTH = 6;
/** §3.2/§3.3 give DATA as 0–200 bytes. */
export const MAX_DATA = 200;
/**
 * LEN is one byte (at most FFh), so a response can physically carry 255 − 20h − 11 = 212 data bytes. The C1h
 * answer of a real device does not fit in 200 once its counters grow (the spec's own example is 191 bytes with
 * two-digit counters), so responses are accepted up to this physical limit; commands keep the spec's 200.
 */
export const MAX_RESPONSE_DATA = 0xff - LEN_OFFSET - (1 + 1 + 1 + 1 + STATUS_LENGTH + 1);

/** LEN..AMB byte counts without DATA: LEN SEQ CMD AMB, and LEN SEQ CMD BRK STA AMB. */
export const COMMAND_OVERHEAD = 4;
export const RESPONSE_OVERHEAD = 4 + 1 + STATUS_LENGTH;
/** SOH before LEN, and BCC (4) + ETX after AMB. */
const OUTER = 1 + 4 + 1;

export type CommandFrame = { seq: number; cmd: number; data: Uint8Array };
export type ResponseFrame = CommandFrame & { status: Uint8Array };

/** Sum of bytes[from..to) as the 16-bit checksum (§3.2: "somme des octets" from LEN through AMB). */
export function checksum(bytes: Uint8Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += bytes[i] as number;
  return sum & 0xffff;
}

/** 0x12AB -> 31h 32h 3Ah 3Bh: four nibbles, most significant first, each plus 30h. */
export function writeBcc(out: Uint8Array, at: number, sum: number): void {
  out[at] = 0x30 + ((sum >> 12) & 0xf);
  out[at + 1] = 0x30 + ((sum >> 8) & 0xf);
  out[at + 2] = 0x30 + ((sum >> 4) & 0xf);
  out[at + 3] = 0x30 + (sum & 0xf);
}

/** The checksum written at `at`, or null when a byte is outside 30h–3Fh. */
export function readBcc(bytes: Uint8Array, at: number): number | null {
  let sum = 0;
  for (let i = 0; i < 4; i++) {
    const b = bytes[at + i] as number;
    if (b < 0x30 || b > 0x3f) return null;
    sum = (sum << 4) | (b - 0x30);
  }
  return sum;
}

/** The SEQ after `seq`: 20h..FFh, then back to 20h. */
export function nextSeq(seq: number): number {
  return seq >= SEQ_LAST || seq < SEQ_FIRST ? SEQ_FIRST : seq + 1;
}

function checkByte(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0x20 || value > 0xff) {
    throw new DeviceError('MCF_VALUE_INVALID', `${name} must be a byte from 20h to FFh, not ${String(value)}.`);
  }
}

/** SOH LEN SEQ CMD DATA AMB BCC ETX. */
export function encodeCommandFrame(frame: CommandFrame): Uint8Array {
  checkByte('SEQ', frame.seq);
  checkByte('CMD', frame.cmd);
  if (frame.data.length > MAX_DATA) {
    throw new DeviceError('MCF_DATA_TOO_LONG', `A command carries at most ${MAX_DATA} data bytes; this one has ${frame.data.length}.`, {
      details: { cmd: frame.cmd, length: frame.data.length },
    });
  }
  const n = frame.data.length;
  const out = new Uint8Array(OUTER + COMMAND_OVERHEAD + n);
  out[0] = SOH;
  out[1] = LEN_OFFSET + COMMAND_OVERHEAD + n;
  out[2] = frame.seq;
  out[3] = frame.cmd;
  out.set(frame.data, 4);
  out[4 + n] = AMB;
  writeBcc(out, 5 + n, checksum(out, 1, 5 + n));
  out[9 + n] = ETX;
  return out;
}

/** SOH LEN SEQ CMD DATA BRK STA AMB BCC ETX. */
export function encodeResponseFrame(frame: ResponseFrame): Uint8Array {
  checkByte('SEQ', frame.seq);
  checkByte('CMD', frame.cmd);
  if (frame.status.length !== STATUS_LENGTH) {
    throw new DeviceError('MCF_VALUE_INVALID', `STA is exactly ${STATUS_LENGTH} bytes, not ${frame.status.length}.`);
  }
  if (frame.data.length > MAX_RESPONSE_DATA) {
    throw new DeviceError('MCF_DATA_TOO_LONG', `A response carries at most ${MAX_RESPONSE_DATA} data bytes (LEN is one byte); this one has ${frame.data.length}.`, {
      details: { cmd: frame.cmd, length: frame.data.length },
    });
  }
  const n = frame.data.length;
  const out = new Uint8Array(OUTER + RESPONSE_OVERHEAD + n);
  out[0] = SOH;
  out[1] = LEN_OFFSET + RESPONSE_OVERHEAD + n;
  out[2] = frame.seq;
  out[3] = frame.cmd;
  out.set(frame.data, 4);
  out[4 + n] = BRK;
  out.set(frame.status, 5 + n);
  out[11 + n] = AMB;
  writeBcc(out, 12 + n, checksum(out, 1, 12 + n));
  out[16 + n] = ETX;
  return out;
}

/** Bytes on the wire for a command / response with `dataLength` data bytes (for byte budgets). */
export function commandFrameSize(dataLength: number): number {
  return OUTER + COMMAND_OVERHEAD + dataLength;
}
export function responseFrameSize(dataLength: number): number {
  return OUTER + RESPONSE_OVERHEAD + dataLength;
}
