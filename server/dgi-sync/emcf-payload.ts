// From a sealed invoice (a ledger entry's payload) to the e-MCF registration and the totals we expect back.
import type { LedgerEntry } from '../store/records';
import type { EmcfInvoiceRequest } from './emcf-wire';
import type { NewUpload } from './upload-store';

type Sealed = {
  client_invoice_id: string; merchant_nif: string; type: string; price_mode: string; currency: string; issued_at: string;
  reference?: { nature: string; code: string }; items: EmcfInvoiceRequest['items']; payments: EmcfInvoiceRequest['payments'];
  totals: { ttc: string; vat: string };
  security?: { mode?: string; authority_id?: string; fiscal_number?: number; timestamp?: string };
};

/**
 * The upload row for a ledger entry, or null when the entry is not ours to upload: only sealed invoices are, and of
 * those not `mode: device` ones (the paired MCF uploads its own invoices to the DGI; the cloud only mirrors them).
 */
export function uploadFromEntry(entry: LedgerEntry, merchantId: string, isf: string | null): NewUpload | null {
  if (entry.kind !== 'invoice') return null;
  const sealed = JSON.parse(entry.payload) as Sealed;
  if (sealed.security?.mode === 'device') return null;
  const request: EmcfInvoiceRequest = {
    rn: sealed.client_invoice_id,
    nif: sealed.merchant_nif,
    isf,
    nim: sealed.security?.authority_id ?? '',
    type: sealed.type,
    price_mode: sealed.price_mode,
    currency: sealed.currency,
    issued_at: sealed.issued_at,
    fiscal_number: sealed.security?.fiscal_number ?? entry.fiscalNumber,
    reference: sealed.reference ?? null,
    items: sealed.items,
    payments: sealed.payments,
  };
  return {
    outletId: entry.outletId,
    ledgerSeq: entry.seq,
    merchantId,
    clientInvoiceId: sealed.client_invoice_id,
    fiscalNumber: entry.fiscalNumber,
    sealedAt: entry.createdAt,
    request,
    ttc: sealed.totals.ttc,
    vat: sealed.totals.vat,
  };
}
