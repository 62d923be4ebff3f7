// Proves the X and Z report layouts print every figure of a ReportData, fit both papers, and carry the Z's seal.
import { describe, expect, it } from 'vitest';
import { decodeEscPos } from '../../device/emulator/escpos-decoder';
import { PAPER } from '../../device/printer/paper';
import { renderEscPos } from '../../device/printer/render-escpos';
import type { ReportPrintData as ReportData } from '../../fiscal/report-print';
import { reportLayout } from '../../device/printer/report-layout';
import { SAMPLE_MERCHANT } from '../../device/printer/sample-receipt';

const X: ReportData = {
  kind: 'X',
  z_number: 13,
  currency: 'CDF',
  period: { from: '2026-11-25T07:00:00+01:00', to: '2026-11-25T14:03:11+01:00' },
  printed_at: '2026-11-25T13:05:00Z',
  authority_id: 'SC01000001-1',
  pos_terminal_id: 'till-1',
  cashier_name: 'JACQUES',
  by_type: [
    { type: 'FV', count: 42, ttc: '1250400.00' },
    { type: 'EV', count: 1, ttc: '3000.00' },
    { type: 'FA', count: 2, ttc: '4064.00' },
  ],
  by_group: [
    { group: 'A', rate: '0.00', ht: '360000.00', vat: '0.00', specific: '0.00', ttc: '360000.00' },
    { group: 'B', rate: '16.00', ht: '766326.00', vat: '122610.00', specific: '1200.00', ttc: '890136.00' },
    { group: 'E', rate: '0.00', ht: '3000.00', vat: '0.00', specific: '0.00', ttc: '3000.00' },
  ],
  totals: { ht: '1129326.00', vat: '122610.00', specific: '1200.00', ttc: '1253136.00' },
  payments: [
    { method: 'E', currency: 'CDF', amount: '800000.00' },
    { method: 'M', currency: 'CDF', amount: '400000.00' },
    { method: 'C', currency: 'USD', amount: '18.90' },
  ],
  first_number: 120,
  last_number: 164,
  cancelled_count: 1,
  voided_count: 0,
  drawer_opens_without_sale: 3,
  not_uploaded_count: 5,
  last_upload_at: '2026-11-25T12:58:00+01:00',
  grand_total: '987654321.00',
};

const Z: ReportData = {
  ...X,
  kind: 'Z',
  seal: {
    code: 'D357MYBKF6QSMSD2XWSEFT6S',
    authority_id: 'SC01000001-1',
    timestamp: '20261125140500',
    qr: 'RDCDEF01;SC01000001-1;D357MYBKF6QSMSD2XWSEFT6S;A9000011T;20261125140500',
  },
};

const decoded = (r: ReportData, paper: '58mm' | '80mm') => decodeEscPos(renderEscPos(reportLayout(r, SAMPLE_MERCHANT), paper));

describe('X report', () => {
  it('prints its period, counts per type, per-group figures, payments, counters and the grand total', () => {
    const job = decoded(X, '80mm');
    const expected = [
      /RAPPORT X/,
      /LECTURE - sans remise à zéro/,
      /Du:\s+25\/11\/2026 07:00:00/,
      /Au:\s+25\/11\/2026 14:03:11/,
      /Imprimé le:\s+25\/11\/2026 14:05:00/, // UTC shown in Kinshasa time
      /DEF NIM:\s+SC01000001-1/,
      /FV Factures de vente \(42\)\s+1\.250\.400/,
      /EV Ventes à l.exportation \(1\)\s+3\.000/,
      /FA Factures d'avoir \(2\)\s+4\.064/,
      /Groupe A \(EXONERES\)/,
      /Groupe B 16%/,
      /TVA\s+122\.610/,
      /T\.S\.\s+1\.200/,
      /TOTAL TTC\s+1\.253\.136/,
      /ESPECES\s+800\.000/,
      /MOBILE MONEY\s+400\.000/,
      /CARTE BANCAIRE \(USD\)\s+18,90 USD/,
      /Premier numéro:\s+120/,
      /Dernier numéro:\s+164/,
      /Factures annulées:\s+1/,
      /Tiroir ouvert sans vente:\s+3/,
      /Non transmises:\s+5/,
      /Dernière transmission:\s+25\/11\/2026 12:58:00/,
      /GRAND TOTAL\s+987\.654\.321/,
      /CECI N'EST PAS UNE CLOTURE/,
    ];
    for (const re of expected) expect(job.text, String(re)).toMatch(re);
    expect(job.qrCodes).toEqual([]);
    expect(job.cuts).toHaveLength(1);
  });
});

describe('Z report', () => {
  it('prints its number, the closing mention and its own security elements with a QR', () => {
    const job = decoded(Z, '58mm');
    const title = job.lines.find((l) => l.text.includes('RAPPORT Z'));
    expect(title?.text.trim()).toBe('RAPPORT Z No 13');
    expect(title?.isBold && title.width === 2).toBe(true);
    expect(job.text).toMatch(/CLOTURE - remise à zéro/);
    expect(job.text).toMatch(/D357-MYBK-F6QS-MSD2-XWSE-FT6S/);
    expect(job.text).toMatch(/DEF Heure:\s+25\/11\/2026 14:05:00/);
    expect(job.text).not.toMatch(/CECI N'EST PAS UNE CLOTURE/);
    expect(job.qrCodes[0]).toMatchObject({ payload: Z.seal?.qr, errorLevel: 'M' });
  });

  it('fits 32 and 48 columns', () => {
    for (const paper of ['58mm', '80mm'] as const) {
      for (const l of decoded(Z, paper).lines) expect(l.text.length * l.width, l.text).toBeLessThanOrEqual(PAPER[paper].columns);
    }
  });
});

describe('report figures', () => {
  it('prints a negative net figure (more credit notes than sales) with its sign', () => {
    const job = decoded({ ...X, totals: { ht: '-3503.45', vat: '-560.55', specific: '0.00', ttc: '-4064.00' } }, '80mm');
    expect(job.text).toMatch(/TOTAL TTC\s+-4\.064/);
    expect(job.text).toMatch(/Total TVA\s+-561/);
  });
});
