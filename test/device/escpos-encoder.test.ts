// Proves our ESC/POS API emits the exact command bytes of the Epson reference for each feature receipts use.
import { describe, expect, it } from 'vitest';
import { columnsFor, drawerKick, encodeEscPos, statusRequest, type EscPosCommand } from '../../device/printer/escpos';

const enc = (commands: EscPosCommand[], paper: '58mm' | '80mm' = '80mm') => Array.from(encodeEscPos(commands, { paper }));

/** Index of `needle` inside `hay`, or -1. */
function indexOf(hay: number[], needle: number[]): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** True when each needle occurs after the previous one. */
function inOrder(hay: number[], ...needles: number[][]): boolean {
  let from = 0;
  for (const n of needles) {
    const i = indexOf(hay.slice(from), n);
    if (i < 0) return false;
    from += i + n.length;
  }
  return true;
}

describe('encodeEscPos', () => {
  it('starts with ESC @ and selects code page 858 with ESC t 19', () => {
    const bytes = enc([{ op: 'text', text: 'x' }]);
    expect(bytes.slice(0, 2)).toEqual([0x1b, 0x40]);
    expect(indexOf(bytes, [0x1b, 0x74, 19])).toBeGreaterThan(0);
  });

  it('encodes É è ç € as the CP858 bytes 90h 8Ah 87h D5h', () => {
    const bytes = enc([{ op: 'text', text: 'ÉèçÀ€' }]);
    expect(indexOf(bytes, [0x90, 0x8a, 0x87, 0xb7, 0xd5, 0x0a])).toBeGreaterThan(0);
  });

  it('wraps bold text in ESC E 1 … ESC E 0', () => {
    const bytes = enc([{ op: 'text', text: 'TOTAL', bold: true }]);
    expect(inOrder(bytes, [0x1b, 0x45, 1], [0x54, 0x4f, 0x54, 0x41, 0x4c, 0x1b, 0x45, 0])).toBe(true);
  });

  it('sets double size with GS ! 11h and double height with GS ! 01h, then back to GS ! 0', () => {
    const both = enc([{ op: 'text', text: 'D', size: 'double' }]);
    expect(inOrder(both, [0x1d, 0x21, 0x11], [0x44, 0x1d, 0x21, 0x00])).toBe(true);
    const tall = enc([{ op: 'text', text: 'H', size: 'double-height' }]);
    expect(inOrder(tall, [0x1d, 0x21, 0x01], [0x48])).toBe(true);
  });

  it('prints a native model-2 QR with error correction M and the payload stored in byte mode', () => {
    const payload = 'RDCDEF01;XX01710090-1;TESTFACTHQBAX2F3K22NMDYR;A9000011T;20241204123456';
    const bytes = enc([{ op: 'qr', payload, errorLevel: 'M', moduleDots: 6 }]);
    expect(indexOf(bytes, [0x1b, 0x61, 1])).toBeGreaterThan(0); // centred
    expect(indexOf(bytes, [0x1d, 0x28, 0x6b, 4, 0, 49, 65, 50, 0])).toBeGreaterThan(0); // fn 165: model 2
    expect(indexOf(bytes, [0x1d, 0x28, 0x6b, 3, 0, 49, 67, 6])).toBeGreaterThan(0); // fn 167: module size 6
    expect(indexOf(bytes, [0x1d, 0x28, 0x6b, 3, 0, 49, 69, 49])).toBeGreaterThan(0); // fn 169: level M
    const store = [0x1d, 0x28, 0x6b, payload.length + 3, 0, 49, 80, 48, ...Array.from(payload, (c) => c.charCodeAt(0))];
    expect(indexOf(bytes, store)).toBeGreaterThan(0); // fn 180: store
    expect(indexOf(bytes, [0x1d, 0x28, 0x6b, 3, 0, 49, 81, 48])).toBeGreaterThan(indexOf(bytes, store)); // fn 181: print
  });

  it('cuts partially with GS V 1 and fully with GS V 0, after the requested feed', () => {
    const partial = enc([{ op: 'cut', feedLines: 3 }]);
    expect(indexOf(partial, [0x0a, 0x0a, 0x0a, 0x1d, 0x56, 1])).toBeGreaterThan(0);
    const full = enc([{ op: 'cut', partial: false }]);
    expect(indexOf(full, [0x1d, 0x56, 0])).toBeGreaterThan(0);
    expect(indexOf(full, [0x1d, 0x56, 1])).toBe(-1);
  });

  it('kicks the drawer with ESC p m t1 t2 in 2 ms units', () => {
    expect(indexOf(enc([{ op: 'drawer', pin: 2, onMs: 100, offMs: 500 }]), [0x1b, 0x70, 0, 50, 250])).toBeGreaterThan(0);
    expect(Array.from(drawerKick(5, 120, 240))).toEqual([0x1b, 0x70, 1, 60, 120]);
  });

  it('asks status with DLE EOT n', () => {
    expect(Array.from(statusRequest(4))).toEqual([0x10, 0x04, 4]);
  });

  it('gives 32 and 48 columns on 58 and 80 mm, halved for double width', () => {
    expect([columnsFor('58mm'), columnsFor('80mm'), columnsFor('58mm', 'double'), columnsFor('80mm', 'double-height')]).toEqual([32, 48, 16, 48]);
  });
});
