// Machine-state commands: C1h (state, counters, last invoice, rates A–P), C2h (upload status / RESTART), 2Bh (taxpayer info).
import { INVOICE_TYPES, TAX_GROUP_LABELS, type InvoiceType, type TaxGroupLabel } from '../../../fiscal/invoice-types';
import type { Minor } from '../../../fiscal/money';
import { escapeField, joinFields, unescapeField } from '../escape';
import { formatDeviceAmount, formatDeviceRate, parseCounter, parseDeviceAmount, parseDeviceRate, parseTimestampField } from '../numbers';
import { decodingAnswer, fields, oneOf } from './common';

/** The last sealed invoice as C1h reports it (DFDT, DFT, DFS, DFN, DMV). */
export type McfLastInvoice = {
  timestamp: string;
  type: InvoiceType;
  code: string;
  number: string;
  total: Minor;
};

/** C1h answer. */
export type McfState = {
  /** MID, "NID-ACNT": serial number and activation count, printed as DEF NIM. */
  mid: string;
  nif: string;
  /** DT, the device clock, yyyyMMddHHmmss (Kinshasa time). */
  now: string;
  /** TC, every sealed invoice. */
  totalCount: number;
  /** FVC, sale invoices (FV, FT, EV, ET). */
  saleCount: number;
  /** FRC, credit notes (FA, EA). */
  creditCount: number;
  /** Null before the first invoice (the DF… fields are empty). */
  last: McfLastInvoice | null;
  /** TAXA..TAXP in hundredths of a percent. */
  rates: Record<TaxGroupLabel, bigint>;
};

const STATE_FIELDS = 11 + TAX_GROUP_LABELS.length;

export function encodeStateAnswer(s: McfState): string {
  const last = s.last;
  const head = [
    s.mid, s.nif, s.now, String(s.totalCount), String(s.saleCount), String(s.creditCount),
    last?.timestamp ?? '', last?.type ?? '', last?.code ?? '', last?.number ?? '', last === null ? '' : formatDeviceAmount(last.total),
  ];
  return [joinFields(head), ...TAX_GROUP_LABELS.map((g) => formatDeviceRate(s.rates[g]))].join(',');
}

export function decodeStateAnswer(text: string): McfState {
  return decodingAnswer('C1h', text, () => {
    const f = fields(text, 'The C1h answer', STATE_FIELDS);
    const at = (i: number): string => (f[i] as string).trim();
    const timestamp = parseTimestampField(at(6), 'DFDT');
    const rates = {} as Record<TaxGroupLabel, bigint>;
    TAX_GROUP_LABELS.forEach((g, i) => {
      rates[g] = parseDeviceRate(at(11 + i), `TAX${g}`);
    });
    return {
      mid: at(0),
      nif: at(1),
      now: parseTimestampField(at(2), 'DT') ?? '',
      totalCount: parseCounter(at(3), 'TC'),
      saleCount: parseCounter(at(4), 'FVC'),
      creditCount: parseCounter(at(5), 'FRC'),
      last: timestamp === null
        ? null
        : {
            timestamp,
            type: oneOf(at(7), INVOICE_TYPES, 'DFT'),
            code: at(8),
            number: f[9] as string,
            total: parseDeviceAmount(at(10), 'DMV'),
          },
      rates,
    };
  });
}

export const CONNECTION_STATES = ['DIS', 'CON', 'TRA', 'RES'] as const;
/** DIS not connected, CON connected and idle, TRA sending, RES restarting. */
export type McfConnection = (typeof CONNECTION_STATES)[number];

/** C2h answer. */
export type McfUploadStatus = {
  /** EC, transactions sent to the DGI server. */
  sent: number;
  /** DC, transactions held in the device. */
  available: number;
  /** DT, last successful connection, or null when never. */
  lastSuccess: string | null;
  connection: McfConnection;
  /** ER, manufacturer-specific. */
  lastError?: string;
};

export type UploadStatusRequest = 'read' | 'restart';

export function encodeUploadStatusRequest(request: UploadStatusRequest = 'read'): string {
  return request === 'restart' ? 'RESTART' : '';
}

export function decodeUploadStatusRequest(text: string): UploadStatusRequest {
  if (text === '') return 'read';
  return oneOf(text, ['RESTART'] as const, 'C2h data') === 'RESTART' ? 'restart' : 'read';
}

export function encodeUploadStatusAnswer(s: McfUploadStatus): string {
  const base = [String(s.sent), String(s.available), s.lastSuccess ?? '', s.connection];
  return joinFields(s.lastError === undefined ? base : [...base, s.lastError]);
}

export function decodeUploadStatusAnswer(text: string): McfUploadStatus {
  return decodingAnswer('C2h', text, () => {
    const f = fields(text, 'The C2h answer', 4, 5);
    const status: McfUploadStatus = {
      sent: parseCounter(f[0] as string, 'EC'),
      available: parseCounter(f[1] as string, 'DC'),
      lastSuccess: parseTimestampField(f[2] as string, 'DT'),
      connection: oneOf((f[3] as string).trim(), CONNECTION_STATES, 'STA'),
    };
    return f[4] === undefined ? status : { ...status, lastError: f[4] };
  });
}

/** 2Bh OPT: I0 name, I1 address, I2 city, I3 phone, I4 email. */
export const TAXPAYER_FIELDS = { name: 'I0', address: 'I1', city: 'I2', phone: 'I3', email: 'I4' } as const;
export type TaxpayerField = keyof typeof TAXPAYER_FIELDS;
const TAXPAYER_BY_OPT = new Map(Object.entries(TAXPAYER_FIELDS).map(([k, v]) => [v as string, k as TaxpayerField]));

export function encodeTaxpayerRequest(field: TaxpayerField): string {
  return TAXPAYER_FIELDS[field];
}

export function decodeTaxpayerRequest(text: string): TaxpayerField {
  const field = TAXPAYER_BY_OPT.get(text);
  if (field === undefined) oneOf(text, Object.values(TAXPAYER_FIELDS), '2Bh OPT');
  return field as TaxpayerField;
}

export function encodeTaxpayerAnswer(value: string): string {
  return escapeField(value, 'taxpayer field');
}

export function decodeTaxpayerAnswer(text: string): string {
  return unescapeField(text);
}
