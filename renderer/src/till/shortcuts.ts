// The till's keyboard: each function key and what it does; the same list labels the buttons and the F1 help.
import type { MessageKey } from '../i18n/fr';

export type TillCommand = 'help' | 'search' | 'quantity' | 'price' | 'client' | 'pay' | 'reprint' | 'cancel' | 'voidLine' | 'creditNote' | 'invoiceType';

export type Shortcut = { command: TillCommand; key: string | null; label: MessageKey };

/** UX.md's keys (F1 F2 F4 F6 F8 F9 Échap) plus F7 for a price change and Suppr to void the selected line. */
export const SHORTCUTS: readonly Shortcut[] = [
  { command: 'help', key: 'F1', label: 'cmd.help' },
  { command: 'search', key: 'F2', label: 'cmd.search' },
  { command: 'quantity', key: 'F4', label: 'cmd.quantity' },
  { command: 'client', key: 'F6', label: 'cmd.client' },
  { command: 'price', key: 'F7', label: 'cmd.price' },
  { command: 'pay', key: 'F8', label: 'cmd.pay' },
  { command: 'reprint', key: 'F9', label: 'cmd.reprint' },
  { command: 'voidLine', key: 'Delete', label: 'cmd.voidLine' },
  { command: 'cancel', key: 'Escape', label: 'cmd.cancel' },
  { command: 'invoiceType', key: null, label: 'cmd.invoiceType' },
  { command: 'creditNote', key: null, label: 'cmd.creditNote' },
];

/** How a key is printed on its button: Échap and Suppr as a French keyboard labels them. */
export function keyCap(key: string): string {
  return key === 'Escape' ? 'Échap' : key === 'Delete' ? 'Suppr' : key;
}

export function commandForKey(key: string): TillCommand | null {
  return SHORTCUTS.find((s) => s.key === key)?.command ?? null;
}
