// Invoice schema facts: field limits with their DGI source, identifier patterns, and type predicates.
import {
  CREDIT_TYPES,
  EXPORT_TYPES,
  type CreditType,
  type ExportType,
  type InvoiceDraft,
  type InvoiceType,
} from './invoice-types';

/**
 * Limits a draft must respect. Where the DGI protocol (Protocoles SFE-MCF v1.0) sets one, the command is
 * named: a draft we accept must also go through a paired MCF unchanged. The others are the product's own.
 */
export const INVOICE_LIMITS = {
  /** C0h OPID: operator id, 16 characters max. */
  cashierId: 16,
  /** C0h OPN: operator name, 32 characters max. */
  cashierName: 32,
  /** C0h FN: the billing software's invoice number, up to 64 characters. */
  invoiceNumber: 64,
  /** 31h NOM: item name, 64 bytes max (UTF-8, protocol §4.2). */
  itemNameBytes: 64,
  /** 31h DESC: internal item code, 24 characters max. */
  itemCode: 24,
  /** 31h PRDESC: price-change description, 24 characters max. */
  priceChange: 24,
  /** 31h TSDESC: specific-tax description, 16 characters max. */
  specificTaxDescription: 16,
  /** 36h CONTENU: one comment line, 255 characters max. */
  comment: 255,
  /** Product: client_invoice_id, outlet_id, pos_terminal_id (idempotency keys and database ids). */
  id: 64,
  /** Product: client block fields (C3h sets no limit; these keep the printed block readable). */
  clientName: 64,
  clientAddress: 128,
  clientContact: 64,
  clientRccm: 32,
  /** Product: lines per invoice; a till ticket, not a bulk import. */
  items: 1000,
  /** Product: payments per invoice. */
  payments: 20,
  /** One line per tax group at most, A–P. */
  taxGroups: 16,
  /** Product: no single amount above 999 999 999 999.99, far beyond any counter sale in CDF. */
  maxAmountMinor: 99_999_999_999_999n,
} as const;

/** Ids chosen by the client or the server: 1–64 characters of `[A-Za-z0-9_.:-]`. */
export const ID_RE = /^[A-Za-z0-9_.:-]{1,64}$/;

/**
 * NIF (Nouvel Identifiant Fiscal): nine characters, a letter or digit, seven digits, a letter. This is the
 * narrowest pattern that accepts every NIF the DGI's own documents show: A9000011T (sample invoice),
 * A9001255A (its buyer), A1234567B (C0h, C1h and 38h examples), B1234567C (C3h example), 00001234A
 * (C0h example 1) and A0001234A (QR example, chapter 5).
 */
export const NIF_RE = /^[A-Z0-9][0-9]{7}[A-Z]$/;

/**
 * CODE DEF/DGI: 24 characters. Our own codes are base32 (A–Z, 2–7); the DGI samples use letters and digits
 * (D357MYBKF6QSMSD2XWSEFT6S, QWERTYUIOPLKJHGFDSAZXCVB), so a referenced code may hold any of A–Z and 0–9.
 * The dashes of the printed form are not part of the code.
 */
export const DGI_CODE_RE = /^[A-Z0-9]{24}$/;

/** The literal a rebate credit note (nature RRR) carries instead of a code (C0h RN). */
export const RRR_REFERENCE = 'RRR';

/** The item code that marks an out-of-scope group-A operation (FACNO Groupes de Taxation v1.2, group A). */
export const HORS_CHAMP_CODE = 'HORS CHAMP';

/** True for the credit-note types FA and EA. */
export function isCreditType(type: InvoiceType): type is CreditType {
  return (CREDIT_TYPES as readonly string[]).includes(type);
}

/** True for the export types EV, ET and EA. */
export function isExportType(type: InvoiceType): type is ExportType {
  return (EXPORT_TYPES as readonly string[]).includes(type);
}

/** True when any figure of the draft is in USD, which makes `usd_rate` mandatory. */
export function usesUsd(draft: Pick<InvoiceDraft, 'currency' | 'payments'>): boolean {
  return draft.currency === 'USD' || draft.payments.some((p) => p.currency === 'USD');
}

/** Length of `s` in UTF-8 bytes, or null when `s` holds a lone surrogate (not encodable). */
export function utf8ByteLength(s: string): number | null {
  let bytes = 0;
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return null;
      bytes += 4;
      i += 1;
    } else if (c >= 0xdc00 && c <= 0xdfff) return null;
    else bytes += 3;
  }
  return bytes;
}
