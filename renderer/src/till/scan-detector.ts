// The barcode scanner as a keyboard wedge: a fast burst of keys ending in Enter is a scan, read from physical key codes.

/*
 * Why KeyboardEvent.code: a wedge scanner types as a US keyboard would, key by key. On an AZERTY layout the unshifted
 * digit row produces & é " ' ( - è _ ç à in `key`, so a scanned EAN would arrive garbled; `code` names the physical
 * key (Digit0…Digit9, KeyA…KeyZ, Numpad0…Numpad9) and is the same on every layout.
 */
const CODE_CHARS: Readonly<Record<string, string>> = {
  Minus: '-', NumpadSubtract: '-', Period: '.', NumpadDecimal: '.', Slash: '/', NumpadDivide: '/',
};

/** The character a physical key stands for in a barcode, or null when the key is not one a scanner types. */
export function charForCode(code: string): string | null {
  const digit = /^(?:Digit|Numpad)(\d)$/.exec(code);
  if (digit) return digit[1] ?? null;
  const letter = /^Key([A-Z])$/.exec(code);
  if (letter) return letter[1] ?? null;
  return CODE_CHARS[code] ?? null;
}

export type ScanOptions = {
  /** Longest pause between two keys of one scan. Scanners type a key every 2–20 ms; people rarely under 60 ms. */
  maxGapMs: number;
  /** Shortest code accepted as a scan (EAN-8 is 8; in-store codes may be 4). */
  minLength: number;
};

export const DEFAULT_SCAN_OPTIONS: ScanOptions = { maxGapMs: 50, minLength: 4 };

export type KeyInput = { code: string; time: number; ctrlKey?: boolean; altKey?: boolean; metaKey?: boolean };

/**
 * What one key meant:
 * - `start`: the first key of a possible scan (the caller notes where focus was, to undo what it typed there);
 * - `more`: a further key of the burst;
 * - `scan`: Enter closed a burst: the caller swallows the Enter and undoes the burst's typing;
 * - `other`: anything else (the burst, if any, is dropped).
 */
export type ScanStep = { kind: 'start' | 'more' | 'other' } | { kind: 'scan'; code: string };

const isModifierOnly = (code: string): boolean => /^(Shift|CapsLock)/.test(code);

export type ScanDetector = { key(input: KeyInput): ScanStep; reset(): void };

export function createScanDetector(options: ScanOptions = DEFAULT_SCAN_OPTIONS): ScanDetector {
  let chars: string[] = [];
  let last = -Infinity;
  const reset = () => {
    chars = [];
    last = -Infinity;
  };
  return {
    reset,
    key(input) {
      if (input.ctrlKey === true || input.altKey === true || input.metaKey === true) {
        reset();
        return { kind: 'other' };
      }
      // Scanners press Shift for capitals; it neither breaks nor extends the burst.
      if (isModifierOnly(input.code)) return { kind: chars.length > 0 ? 'more' : 'other' };
      const isInTime = input.time - last <= options.maxGapMs;
      if (input.code === 'Enter' || input.code === 'NumpadEnter') {
        const code = chars.join('');
        const isScan = isInTime && code.length >= options.minLength;
        reset();
        return isScan ? { kind: 'scan', code } : { kind: 'other' };
      }
      const ch = charForCode(input.code);
      if (ch === null) {
        reset();
        return { kind: 'other' };
      }
      if (!isInTime || chars.length === 0) {
        chars = [ch];
        last = input.time;
        return { kind: 'start' };
      }
      chars.push(ch);
      last = input.time;
      return { kind: 'more' };
    },
  };
}
