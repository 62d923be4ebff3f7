// X (reading, no reset) and Z (closing) report layouts for the receipt printer, from a ReportData.
import { PAYMENT_LABELS, TYPE_NAMES } from '../../documents/labels';
import type { Layout, LayoutLine } from './layout-model';
import type { Merchant } from '../../documents/merchant';
import { printAmount, printCode, printDgiTime, printIsoTime, printRate } from '../../documents/print-format';
import type { ReportPrintData as ReportData } from '../../fiscal/report-print';

const SALE_TYPES = ['FV', 'FT', 'EV', 'ET'] as const;
const CREDIT_TYPES = ['FA', 'EA'] as const;

function section(title: string): LayoutLine[] {
  return [{ kind: 'rule', char: '-' }, { kind: 'text', text: title, align: 'left', bold: true }];
}

function typeLines(r: ReportData, types: readonly string[]): LayoutLine[] {
  const rows = r.by_type.filter((t) => types.includes(t.type));
  if (rows.length === 0) return [{ kind: 'text', text: 'Aucune', align: 'left' }];
  return rows.map((t) => ({ kind: 'pair', left: `${t.type} ${TYPE_NAMES[t.type]} (${t.count})`, right: printAmount(t.ttc, r.currency) }));
}

function groupLines(r: ReportData): LayoutLine[] {
  const cur = r.currency;
  return r.by_group.flatMap((g): LayoutLine[] => {
    const label = g.group === 'A' ? 'Groupe A (EXONERES)' : `Groupe ${g.group} ${printRate(g.rate)}`;
    const lines: LayoutLine[] = [
      { kind: 'text', text: label, align: 'left', bold: true },
      { kind: 'pair', left: '  T.T.C.', right: printAmount(g.ttc, cur) },
      { kind: 'pair', left: '  H.T.', right: printAmount(g.ht, cur) },
    ];
    if (g.vat !== '0.00') lines.push({ kind: 'pair', left: '  TVA', right: printAmount(g.vat, cur) });
    if (g.specific !== '0.00') lines.push({ kind: 'pair', left: '  T.S.', right: printAmount(g.specific, cur) });
    return lines;
  });
}

export function reportLayout(r: ReportData, merchant: Merchant): Layout {
  const cur = r.currency;
  const isZ = r.kind === 'Z';
  const lines: LayoutLine[] = [
    { kind: 'text', text: merchant.name, align: 'center', bold: true },
    { kind: 'pair', left: 'NIF:', right: merchant.nif },
    { kind: 'text', text: merchant.city === undefined ? merchant.address : `${merchant.address}, ${merchant.city}`, align: 'center' },
    { kind: 'blank' },
    { kind: 'text', text: isZ ? `RAPPORT Z No ${r.z_number}` : 'RAPPORT X', align: 'center', bold: true, size: 'double' },
    { kind: 'text', text: isZ ? 'CLOTURE - remise à zéro de la période' : 'LECTURE - sans remise à zéro', align: 'center' },
    { kind: 'blank' },
    { kind: 'pair', left: 'Du:', right: printIsoTime(r.period.from) },
    { kind: 'pair', left: 'Au:', right: printIsoTime(r.period.to) },
    { kind: 'pair', left: 'Imprimé le:', right: printIsoTime(r.printed_at) },
  ];
  if (r.authority_id !== undefined) lines.push({ kind: 'pair', left: 'DEF NIM:', right: r.authority_id });
  if (r.pos_terminal_id !== undefined) lines.push({ kind: 'pair', left: 'Caisse:', right: r.pos_terminal_id });
  if (r.cashier_name !== undefined) lines.push({ kind: 'pair', left: 'Opérateur:', right: r.cashier_name });
  lines.push(
    ...section('VENTES'),
    ...typeLines(r, SALE_TYPES),
    ...section('AVOIRS'),
    ...typeLines(r, CREDIT_TYPES),
    ...section('PAR GROUPE DE TAXATION'),
    ...groupLines(r),
    { kind: 'blank' },
    { kind: 'pair', left: 'Total H.T.', right: printAmount(r.totals.ht, cur) },
    { kind: 'pair', left: 'Total TVA', right: printAmount(r.totals.vat, cur) },
  );
  if (r.totals.specific !== '0.00') lines.push({ kind: 'pair', left: 'Total T.S.', right: printAmount(r.totals.specific, cur) });
  lines.push(
    { kind: 'pair', left: 'TOTAL TTC', right: printAmount(r.totals.ttc, cur), bold: true },
    ...section('PAIEMENTS'),
    ...(r.payments.length === 0
      ? [{ kind: 'text', text: 'Aucun', align: 'left' } as const]
      : r.payments.map((p): LayoutLine => ({
          kind: 'pair',
          left: p.currency === cur ? PAYMENT_LABELS[p.method] : `${PAYMENT_LABELS[p.method]} (${p.currency})`,
          right: p.currency === cur ? printAmount(p.amount, cur) : `${printAmount(p.amount, p.currency)} ${p.currency}`,
        }))),
    ...section('COMPTEURS'),
    { kind: 'pair', left: 'Premier numéro:', right: r.first_number === null ? '-' : String(r.first_number) },
    { kind: 'pair', left: 'Dernier numéro:', right: r.last_number === null ? '-' : String(r.last_number) },
    { kind: 'pair', left: 'Factures annulées:', right: String(r.cancelled_count) },
    { kind: 'pair', left: 'Numéros annulés (void):', right: String(r.voided_count) },
    { kind: 'pair', left: 'Tiroir ouvert sans vente:', right: String(r.drawer_opens_without_sale) },
    { kind: 'pair', left: 'Non transmises:', right: String(r.not_uploaded_count) },
    { kind: 'pair', left: 'Dernière transmission:', right: r.last_upload_at === null ? 'jamais' : printIsoTime(r.last_upload_at) },
    { kind: 'rule', char: '=' },
    { kind: 'pair', left: 'GRAND TOTAL', right: printAmount(r.grand_total, cur), bold: true },
  );
  if (r.seal !== undefined) {
    lines.push(
      { kind: 'blank' },
      { kind: 'text', text: 'CODE DEF/DGI', align: 'center' },
      { kind: 'text', text: printCode(r.seal.code, 'device'), align: 'center', bold: true },
      { kind: 'pair', left: 'DEF NIM:', right: r.seal.authority_id },
      { kind: 'pair', left: 'DEF Heure:', right: printDgiTime(r.seal.timestamp) },
    );
    if (r.seal.qr !== undefined) lines.push({ kind: 'blank' }, { kind: 'qr', payload: r.seal.qr, errorLevel: 'M' });
  }
  if (!isZ) lines.push({ kind: 'blank' }, { kind: 'text', text: 'CECI N’EST PAS UNE CLOTURE', align: 'center', bold: true });
  return { lines, cut: true, openDrawer: false };
}
