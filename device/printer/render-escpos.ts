// Renders a layout to ESC/POS bytes for a given paper width: fit, then encode through our escpos.ts API.
import type { SealedInvoice } from '../../fiscal/invoice-types';
import { encodeEscPos, type EscPosCommand } from './escpos';
import { invoiceLayout, type ReceiptOptions } from './layout';
import type { Layout } from './layout-model';
import type { Merchant } from '../../documents/merchant';
import type { PaperWidth } from './paper';
import { fitLayout, type FittedDocument } from './text-fit';

/** The commands of a fitted document: rows in order, the drawer kick, then feed and partial cut. */
export function toEscPosCommands(doc: FittedDocument): EscPosCommand[] {
  const out: EscPosCommand[] = [];
  for (const row of doc.rows) {
    if (row.kind === 'text') out.push({ op: 'text', text: row.text, bold: row.bold, size: row.size });
    else if (row.kind === 'feed') out.push({ op: 'feed', lines: row.lines });
    else out.push({ op: 'qr', payload: row.payload, errorLevel: row.errorLevel, moduleDots: row.moduleDots });
  }
  // The drawer kick goes before the cut so that it belongs to the same job for whoever splits jobs at cuts.
  if (doc.openDrawer) out.push({ op: 'drawer', pin: 2, onMs: 100, offMs: 500 });
  // Feed past the cutter (about 4 lines on common 80 mm heads) so the QR is not cut through.
  if (doc.cut) out.push({ op: 'cut', partial: true, feedLines: 4 });
  return out;
}

export function renderEscPos(layout: Layout, paper: PaperWidth): Uint8Array {
  return encodeEscPos(toEscPosCommands(fitLayout(layout, paper)), { paper });
}

/** The bytes of a sealed invoice's receipt. */
export function receiptBytes(inv: SealedInvoice, merchant: Merchant, paper: PaperWidth, options: ReceiptOptions = {}): Uint8Array {
  return renderEscPos(invoiceLayout(inv, merchant, options), paper);
}
