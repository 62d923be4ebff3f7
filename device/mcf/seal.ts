// The security elements an MCF seal yields (from a 38h answer, or read back from C1h after a lost answer).
import { CREDIT_TYPES, type InvoiceType } from '../../fiscal/invoice-types';
import { qrPayload, type McfState, type SealedAnswer } from './commands';

export type McfSeal = {
  /** SIG: the CODE DEF/DGI. */
  code: string;
  /** MID: the DEF NIM. */
  nim: string;
  nif: string;
  /** FC/TC FT: "DEF Compteurs". */
  counters: { fc: number; tc: number; type: InvoiceType };
  /** DT, yyyyMMddHHmmss in Kinshasa time ("DEF Heure"). */
  timestamp: string;
  /** FN, our invoice number as the device recorded it. */
  invoiceNumber: string;
  /** RDCDEF01;{MID};{SIG};{NIF};{DT} (§5). */
  qr: string;
  /** True when the 38h answer was lost and the elements were read back from C1h. */
  recovered: boolean;
  /** Things the cashier should know (memory low, daily report due, upload overdue). */
  warnings: string[];
};

export function sealFromAnswer(a: SealedAnswer, warnings: string[] = []): McfSeal {
  return {
    code: a.code,
    nim: a.mid,
    nif: a.nif,
    counters: { fc: a.fc, tc: a.tc, type: a.type },
    timestamp: a.timestamp,
    invoiceNumber: a.number,
    qr: qrPayload({ mid: a.mid, code: a.code, nif: a.nif, timestamp: a.timestamp }),
    recovered: false,
    warnings,
  };
}

/**
 * The last invoice as C1h reports it. FC is not in C1h, but FVC (sales) and FRC (credit notes) are, and the spec's
 * C1h example has FVC + FRC = TC: the per-type counter FC of 38h is the counter of the invoice's kind, so for the
 * last invoice it equals FVC or FRC.
 */
export function sealFromState(s: McfState, warnings: string[] = []): McfSeal | null {
  const last = s.last;
  if (last === null) return null;
  const isCredit = (CREDIT_TYPES as readonly string[]).includes(last.type);
  return {
    code: last.code,
    nim: s.mid,
    nif: s.nif,
    counters: { fc: isCredit ? s.creditCount : s.saleCount, tc: s.totalCount, type: last.type },
    timestamp: last.timestamp,
    invoiceNumber: last.number,
    qr: qrPayload({ mid: s.mid, code: last.code, nif: s.nif, timestamp: last.timestamp }),
    recovered: true,
    warnings,
  };
}
