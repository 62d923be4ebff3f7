// A numeric keypad with large keys for quantities, cash received and PINs; it never takes focus from the field it types into.
import type { PointerEvent } from 'react';

export type KeypadKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '00' | ',' | 'back' | 'clear';

const KEYS: readonly KeypadKey[] = ['7', '8', '9', '4', '5', '6', '1', '2', '3', '00', '0', ','];

/** Applies a keypad key to a text: digits append, ⌫ removes one, C empties. */
export function applyKey(text: string, key: KeypadKey): string {
  if (key === 'back') return text.slice(0, -1);
  if (key === 'clear') return '';
  if (key === ',' && text.includes(',')) return text;
  return text + key;
}

type KeypadProps = {
  onKey(key: KeypadKey): void;
  /** Keys left out (a PIN has no comma). */
  without?: readonly KeypadKey[];
  testId?: string;
};

// Pressing a key must not move focus off the search or amount field (the scanner and the keyboard type there).
const keepFocus = (e: PointerEvent) => e.preventDefault();

export function Keypad({ onKey, without = [], testId = 'keypad' }: KeypadProps) {
  return (
    <div className="keypad" data-testid={testId}>
      {KEYS.map((k) => (
        without.includes(k)
          ? <span key={k} className="keypad-gap" />
          : <button key={k} type="button" tabIndex={-1} onPointerDown={keepFocus} onClick={() => onKey(k)} data-key={k}>{k}</button>
      ))}
      <button type="button" tabIndex={-1} onPointerDown={keepFocus} onClick={() => onKey('back')} data-key="back" aria-label="⌫">⌫</button>
      <button type="button" tabIndex={-1} onPointerDown={keepFocus} onClick={() => onKey('clear')} data-key="clear">C</button>
    </div>
  );
}
