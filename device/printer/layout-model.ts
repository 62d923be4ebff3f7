// The layout model of a printed document: semantic lines (text, label/value pairs, items, rules, QR) before fitting to paper.
import type { QrErrorLevel, TextSize } from './escpos';

export type Align = 'left' | 'center' | 'right';

export type LayoutLine =
  | { kind: 'text'; text: string; align: Align; bold?: boolean; size?: TextSize }
  /** A label on the left and its value flush right, as the DGI sample prints "NIF: ... A9000011T". */
  | { kind: 'pair'; left: string; right: string; bold?: boolean; size?: TextSize }
  /** An article: number and name, "qty x unit", line total; one line when it fits, two otherwise. */
  | { kind: 'item'; index: string; name: string; detail: string; total: string; bold?: boolean }
  | { kind: 'rule'; char: '-' | '=' | '_' }
  | { kind: 'blank'; lines?: number }
  | { kind: 'qr'; payload: string; errorLevel: QrErrorLevel };

/** A whole document: its lines, then whether to cut and to kick the drawer. */
export type Layout = {
  lines: LayoutLine[];
  cut: boolean;
  openDrawer: boolean;
};
