// The receipt beyond paper: its PDF rendered on the till (documents/, works offline), and its delivery by e-mail or
// WhatsApp, which the cloud does (POST /v1/invoices/{id}/deliveries, docs/delivery.md). Nothing half-done: the till
// checks the address first, and when the cloud cannot be asked the error says so and that the cashier may retry.
import type Database from 'better-sqlite3';
import { DELIVERY_CHANNELS, DOCUMENT_FORMATS, deliveryAddressProblem, type DeliveryChannel, type DocumentFormat } from '../../../documents/delivery-address';
import { receiptFileName, receiptPdf } from '../../../documents/receipt-pdf';
import { invoicePdf } from '../../../documents/report-pdf';
import type { DeliveryResult, ReceiptPdf } from '../../api/pos-types';
import type { CloudClient } from '../cloud/client';
import { jsonOf } from '../cloud/http';
import { CoreError } from '../errors';
import { getInvoiceRecord } from '../invoices';
import { requireSettings } from '../store/settings';
import { printerMerchant } from './layouts';

const RETRY = 'outcome: retry later';

function formatOf(value: unknown): DocumentFormat {
  if (value === undefined) return 'receipt';
  if (typeof value !== 'string' || !(DOCUMENT_FORMATS as readonly string[]).includes(value)) {
    throw new CoreError('invalid_argument', `format : "receipt" ou "a4". / format must be "receipt" or "a4".`, { path: 'format' });
  }
  return value as DocumentFormat;
}

function sealedOf(db: Database.Database, id: unknown) {
  if (typeof id !== 'string') throw new CoreError('invalid_argument', 'client_invoice_id must be a string.', { path: 'client_invoice_id' });
  const inv = getInvoiceRecord(db, id);
  if (inv.sealed === null) {
    throw new CoreError('not_sealed', `La vente ${inv.invoice_number} n'est pas encore scellée : pas de reçu fiscal. / Not sealed yet: no fiscal receipt.`);
  }
  return inv.sealed;
}

export function receiptPdfOf(db: Database.Database, args: { client_invoice_id?: unknown; format?: unknown; duplicate?: unknown }): ReceiptPdf {
  const format = formatOf(args.format);
  const sealed = sealedOf(db, args.client_invoice_id);
  const merchant = printerMerchant(requireSettings(db));
  const duplicate = args.duplicate === true;
  const bytes = format === 'a4' ? invoicePdf(sealed, merchant, { duplicate }) : receiptPdf(sealed, merchant, { duplicate });
  return { client_invoice_id: sealed.client_invoice_id, format, filename: receiptFileName(sealed, format), pdf_base64: Buffer.from(bytes).toString('base64') };
}

export async function deliverReceipt(
  db: Database.Database,
  cloud: Pick<CloudClient, 'deliver'>,
  args: { client_invoice_id?: unknown; channel?: unknown; to?: unknown; format?: unknown },
): Promise<DeliveryResult> {
  const channel = args.channel;
  if (typeof channel !== 'string' || !(DELIVERY_CHANNELS as readonly string[]).includes(channel)) {
    throw new CoreError('invalid_argument', 'channel : "email" ou "whatsapp". / channel must be "email" or "whatsapp".', { path: 'channel' });
  }
  const to = typeof args.to === 'string' ? args.to.trim() : '';
  const problem = deliveryAddressProblem(channel as DeliveryChannel, to);
  if (problem !== null) {
    const fr = channel === 'email' ? "to : ce n'est pas une adresse e-mail." : "to : ce n'est pas un numéro international (+243 …).";
    throw new CoreError('invalid_argument', `${fr} / to: ${problem}`, { path: 'to' });
  }
  const format = formatOf(args.format);
  const sealed = sealedOf(db, args.client_invoice_id);
  const outcome = await cloud.deliver(sealed.client_invoice_id, { channel: channel as DeliveryChannel, to, format });
  if (outcome.kind === 'not_sent') {
    throw new CoreError('cloud_unreachable', `Cloud injoignable : reçu non envoyé, réessayez plus tard. / The cloud could not be reached (${outcome.message}); nothing was sent; ${RETRY}.`, { outcome: 'retry_later' });
  }
  if (outcome.kind === 'lost') {
    throw new CoreError('cloud_unreachable', `Pas de réponse du cloud : l'envoi n'est pas confirmé, réessayez plus tard. / No answer from the cloud (${outcome.message}): delivery unconfirmed; ${RETRY} (an e-mail may then arrive twice).`, { outcome: 'unknown' });
  }
  const body = jsonOf(outcome.body) as Record<string, unknown> | undefined;
  if (outcome.status === 200 && body !== undefined && typeof body['pdf_url'] === 'string') {
    return {
      client_invoice_id: sealed.client_invoice_id, channel: channel as DeliveryChannel, to, format,
      status: body['status'] === 'sent' ? 'sent' : 'link', pdf_url: body['pdf_url'], expires_at: String(body['expires_at']),
      ...(typeof body['whatsapp_url'] === 'string' ? { whatsapp_url: body['whatsapp_url'] } : {}),
    };
  }
  const detail = typeof body?.['detail'] === 'string' ? body['detail'] : `HTTP ${outcome.status}`;
  if (outcome.status === 422) throw new CoreError('invalid_argument', `Le cloud refuse l'adresse. / The cloud refused: ${detail}`, { path: 'to', errors: body?.['errors'] });
  if (outcome.status === 404) {
    throw new CoreError('delivery_failed', `Le cloud n'a pas encore cette facture (synchronisation en attente). / The cloud does not have this invoice yet; ${RETRY}.`, { outcome: 'retry_later' });
  }
  const later = outcome.status >= 500 || outcome.status === 429;
  throw new CoreError('delivery_failed', `Reçu non envoyé. / Not delivered: ${detail}${later ? `; ${RETRY}` : ''}.`, { outcome: later ? 'retry_later' : 'refused', status: outcome.status });
}
