// Printing after sealing: the fiscal receipt and drawer, DUPLICATA reprints, the "en attente" ticket, and the on-screen preview.
import type Database from 'better-sqlite3';
import type { SealedInvoice } from '../../../fiscal/invoice-types';
import { connectPrinter, type PrinterAddress } from '../../../device/printer/connect';
import type { PrinterDriver } from '../../../device/printer/driver';
import { invoiceLayout } from '../../../device/printer/layout';
import type { Layout } from '../../../device/printer/layout-model';
import type { PaperWidth } from '../../../device/printer/paper';
import { renderEscPos } from '../../../device/printer/render-escpos';
import { renderHtml } from '../../../device/printer/render-html';
import { isPrinterError } from '../../../device/printer/printer-error';
import type { PrintReport, ReceiptPreview } from '../../api/pos-types';
import type { Clock } from '../clock';
import { deviceFor, linkFor, noteDeviceHealth } from '../devices/registry';
import { describeLink, type DeviceLink } from '../devices/link';
import { CoreError } from '../errors';
import { getInvoiceRecord } from '../invoices';
import { requireSettings } from '../store/settings';
import { pendingTicketLayout, printerMerchant } from './layouts';

export type Receipts = {
  /** After checkout: the fiscal receipt when sealed (drawer kicked for cash), else the "en attente" ticket. */
  afterSale(clientInvoiceId: string): Promise<PrintReport>;
  /** A sealed invoice again: DUPLICATA when an original was printed, else the original. Never for an unsealed draft. */
  reprint(clientInvoiceId: string): Promise<PrintReport>;
  preview(clientInvoiceId: string): ReceiptPreview;
  /** Any layout on the paired printer (Z report, test page). */
  printLayout(layout: Layout): Promise<PrintReport>;
  paper(): PaperWidth;
};

export type ReceiptsOptions = {
  db: Database.Database;
  clock: Clock;
  /** Opens the printer; device/printer connectPrinter by default (a new link per job: printers reboot, cables move). */
  connect?: (address: PrinterAddress) => Promise<PrinterDriver>;
  /** Print the non-fiscal "en attente" ticket for a sale that waits (default true). */
  printPendingTicket?: boolean;
};

const toAddress = (link: DeviceLink): PrinterAddress =>
  link.kind === 'tcp' ? { kind: 'tcp', host: link.host, port: link.port, connectTimeoutMs: 2000 } : { kind: 'serial', path: link.path, baudRate: link.baudRate };

function printerMessage(e: unknown): string {
  if (isPrinterError(e)) return e.message;
  return e instanceof Error ? e.message : String(e);
}

export function createReceipts(options: ReceiptsOptions): Receipts {
  const { db, clock } = options;
  const connect = options.connect ?? ((address: PrinterAddress) => connectPrinter(address, { statusTimeoutMs: 1500 }));

  const paper = (): PaperWidth => (deviceFor(db, 'printer')?.options['paper'] === '58mm' ? '58mm' : '80mm');

  /**
   * One job on the paired printer. The drawer kick rides in the same job, before the cut, when the drawer hangs on
   * the printer (the usual RJ11 wiring); a drawer paired on a link of its own gets its own kick after the print.
   */
  const job = async (layout: Layout, kind: PrintReport['kind'], kickDrawer: boolean): Promise<PrintReport> => {
    const link = linkFor(db, 'printer');
    if (link === null) return { status: 'no_printer', kind, drawer_opened: false, message: 'Aucune imprimante jumelée : rien imprimé.' };
    const drawerLink = linkFor(db, 'drawer');
    const isDrawerApart = drawerLink !== null && JSON.stringify(drawerLink) !== JSON.stringify(link);
    const bytes = renderEscPos({ ...layout, openDrawer: kickDrawer && !isDrawerApart }, paper());
    let driver: PrinterDriver | null = null;
    try {
      driver = await connect(toAddress(link));
      await driver.print(bytes);
      noteDeviceHealth(db, 'printer', true, 'imprimé', clock.now());
    } catch (e) {
      const message = printerMessage(e);
      noteDeviceHealth(db, 'printer', false, message, clock.now());
      return { status: 'failed', kind, drawer_opened: false, message: `Impression impossible (${describeLink(link)}) : ${message}` };
    } finally {
      await driver?.close().catch(() => undefined);
    }
    let drawerNote = '';
    let isDrawerOpened = kickDrawer && !isDrawerApart;
    if (kickDrawer && isDrawerApart) {
      try {
        const d = await connect(toAddress(drawerLink));
        await d.openDrawer().finally(() => d.close());
        noteDeviceHealth(db, 'drawer', true, 'ouvert', clock.now());
        isDrawerOpened = true;
      } catch (e) {
        drawerNote = ` Tiroir non ouvert : ${printerMessage(e)}`;
        noteDeviceHealth(db, 'drawer', false, printerMessage(e), clock.now());
      }
    }
    return { status: 'printed', kind, drawer_opened: isDrawerOpened, message: `Imprimé sur ${describeLink(link)}.${drawerNote}` };
  };

  const record = (id: string, kind: 'original' | 'duplicate' | 'pending'): void => {
    db.prepare('INSERT INTO receipt_prints(client_invoice_id, kind, printed_at) VALUES (?, ?, ?)').run(id, kind, clock.now().toISOString());
  };
  const hasOriginal = (id: string): boolean =>
    db.prepare("SELECT 1 FROM receipt_prints WHERE client_invoice_id = ? AND kind = 'original'").get(id) !== undefined;

  const printSealed = async (sealed: SealedInvoice, wantDuplicate: boolean): Promise<PrintReport> => {
    const settings = requireSettings(db);
    const duplicate = wantDuplicate && hasOriginal(sealed.client_invoice_id);
    const isCash = sealed.payments.some((p) => p.method === 'E');
    // The drawer opens on the original of a cash sale only; invoiceLayout never kicks it on a DUPLICATA either.
    const layout = invoiceLayout(sealed, printerMerchant(settings), { duplicate });
    const report = await job(layout, duplicate ? 'duplicate' : 'original', isCash && !duplicate);
    if (report.status === 'printed') record(sealed.client_invoice_id, duplicate ? 'duplicate' : 'original');
    return report;
  };

  return {
    paper,
    async afterSale(id) {
      const inv = getInvoiceRecord(db, id);
      if (inv.sealed !== null) return printSealed(inv.sealed, false);
      if (options.printPendingTicket === false) {
        return { status: 'no_printer', kind: null, drawer_opened: false, message: 'Vente en attente de signature : aucun reçu fiscal imprimé.' };
      }
      const settings = requireSettings(db);
      const layout = pendingTicketLayout(inv.draft, printerMerchant(settings), inv.reason);
      // Money changed hands: a cash sale opens the drawer even while the seal waits.
      const report = await job(layout, 'pending', inv.draft.payments.some((p) => p.method === 'E'));
      if (report.status === 'printed') record(id, 'pending');
      return report;
    },
    async reprint(id) {
      const inv = getInvoiceRecord(db, id);
      if (inv.sealed === null) {
        throw new CoreError('not_sealed', `La vente ${inv.invoice_number} n'est pas encore scellée : pas de reçu fiscal. / Not sealed yet: no fiscal receipt.`);
      }
      return printSealed(inv.sealed, true);
    },
    preview(id) {
      const inv = getInvoiceRecord(db, id);
      const settings = requireSettings(db);
      const merchant = printerMerchant(settings);
      const p = paper();
      if (inv.sealed === null) {
        return { client_invoice_id: id, kind: 'pending', paper: p, html: renderHtml(pendingTicketLayout(inv.draft, merchant, inv.reason), p) };
      }
      // The receipt as the customer got it: the original (a reprint is marked DUPLICATA on paper only).
      return { client_invoice_id: id, kind: 'fiscal', paper: p, html: renderHtml(invoiceLayout(inv.sealed, merchant), p) };
    },
    printLayout: (layout) => job(layout, null, false),
  };
}
