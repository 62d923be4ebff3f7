// Proves the report and invoice PDFs: read back by poppler (text with accents, page sizes), QR decoded by two readers, printer types agree.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEscPos } from '../../device/emulator/escpos-decoder';
import { PrinterError } from '../../device/printer/printer-error';
import { renderEscPos } from '../../device/printer/render-escpos';
import type { ReportPrintData as ReportData } from '../../fiscal/report-print';
import { reportLayout } from '../../device/printer/report-layout';
import { articleReportPdf, invoicePdf, reportPdf } from '../../documents/report-pdf';
import { SAMPLE_INVOICE, SAMPLE_MERCHANT } from '../../device/printer/sample-receipt';
import type { SealedInvoice } from '../../fiscal/invoice-types';
import { aReport, toReportData, toReportDataAll, xReport, zReport, type ArticleReport, type XReport, type ZReport } from '../../fiscal/reports';
import { dayInput, makeSealer, sealDay } from '../fiscal/reports-fixtures';

const dir = mkdtempSync(join(tmpdir(), 'stalela-report-pdf-'));
const has = (tool: string) => {
  try {
    execFileSync('which', [tool], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
};
const hasPoppler = has('pdftoppm') && has('pdftotext') && has('pdfinfo');
const hasZbar = has('zbarimg');

function save(name: string, bytes: Uint8Array): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const text = (file: string) => run('pdftotext', ['-layout', file, '-']);
const info = (file: string) => run('pdfinfo', [file]);
/** Page 1 as a PNG at `dpi`, returned as its path. */
function raster(file: string, dpi: number): string {
  const base = file.replace(/\.pdf$/, `-${dpi}`);
  run('pdftoppm', ['-r', String(dpi), '-png', '-f', '1', '-l', '1', '-singlefile', file, base]);
  return `${base}.png`;
}
function jsqrDecode(png: string): string | null {
  const img = PNG.sync.read(readFileSync(png));
  return jsQR(new Uint8ClampedArray(img.data), img.width, img.height)?.data ?? null;
}

let day: SealedInvoice[];
let x: XReport;
let z: ZReport;
let a: ArticleReport;
beforeAll(async () => {
  day = await sealDay();
  x = xReport(dayInput(day, '2026-11-25T17:00:00+01:00'));
  z = zReport(dayInput(day, '2026-11-25T18:00:00+01:00'));
  a = aReport({ invoices: day }, { from: '2026-11-25', to: '2026-11-25' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the kernel report in the printer’s ReportData', () => {
  it('type-checks as ReportData and prints through the receipt layout with its figures', () => {
    const data: ReportData = toReportData(x);
    const [cdf, usd]: ReportData[] = toReportDataAll(x);
    expect(data).toEqual(cdf);
    expect(usd?.currency).toBe('USD');
    const job = decodeEscPos(renderEscPos(reportLayout(data, SAMPLE_MERCHANT), '80mm'));
    const printed = job.text;
    for (const re of [/RAPPORT X/, /FA Factures d'avoir \(1\)\s+464/, /TOTAL TTC\s+1\.048\.887/, /CARTE BANCAIRE \(USD\)\s+10,00 USD/, /GRAND TOTAL\s+1\.048\.887/, /Tiroir ouvert sans vente:\s+2/]) {
      expect(printed).toMatch(re);
    }
  });

  it('maps a Z with its seal, and refuses a currency the report does not hold', () => {
    const seal = { code: 'D357MYBKF6QSMSD2XWSEFT6S', authority_id: 'SC01000001-1', timestamp: '20261125180000' };
    const data: ReportData = toReportData(z, { currency: 'USD', seal });
    expect(data).toMatchObject({ kind: 'Z', z_number: 1, currency: 'USD', grand_total: '100.00', seal, totals: { ttc: '100.00' } });
    const onlyCdf = xReport({ ...dayInput(day.filter((i) => i.currency === 'CDF'), '2026-11-25T17:00:00+01:00') });
    expect(() => toReportData(onlyCdf, { currency: 'USD' })).toThrow(/no figures in USD/);
  });
});

describe.skipIf(!hasPoppler)('PDFs read back by poppler', () => {
  it('X on 80 mm paper: French text with accents, every section and the grand totals', () => {
    const file = save('x.pdf', reportPdf(x, SAMPLE_MERCHANT));
    expect(info(file)).toMatch(/Page size:\s+226\.77 x \d+/);
    expect(info(file)).toMatch(/Pages:\s+1\b/);
    expect(info(file)).toMatch(/Title:\s+Rapport X — SUPERMARCHÉ CENTRAL/);
    const t = text(file);
    for (const s of ['SUPERMARCHÉ CENTRAL', 'RAPPORT X', 'Lecture : sans remise à zéro', 'FIGURES EN CDF', 'FIGURES EN USD', 'Groupe A (EXONÉRÉS)',
      'Ventes par heure', 'Par groupe de taxation', 'Par mode de paiement', 'Espèces', 'Carte (USD)', 'Mobile money',
      'No 4 : Numéro non utilisé du bloc délégué rendu', 'Dernière transmission', 'CECI N’EST PAS UNE CLÔTURE']) {
      expect(t).toContain(s);
    }
    expect(t).toMatch(/TOTAL TTC \(net des avoirs\)\s+1\.048\.887/);
    expect(t).toMatch(/GRAND TOTAL CDF\s+1\.048\.887/);
    expect(t).toMatch(/GRAND TOTAL USD\s+100,00/);
    expect(t).toMatch(/dont rendu monnaie \(déduit des espèces\)\s+936/);
  });

  it('Z on 80 mm paper: its number, the closing words and its seal, with no “not a closing” line', () => {
    const seal = { code: 'D357MYBKF6QSMSD2XWSEFT6S', authority_id: 'SC01000001-1', timestamp: '20261125180000', qr: 'RDCDEF01;SC01000001-1;D357MYBKF6QSMSD2XWSEFT6S;A9000011T;20261125180000' };
    const file = save('z.pdf', reportPdf(z, SAMPLE_MERCHANT, { seal }));
    const t = text(file);
    expect(t).toContain('CLÔTURE Z No 1');
    expect(t).toContain('Clôture : remise à zéro de la période');
    expect(t).toContain('D357-MYBK-F6QS-MSD2-XWSE-FT6S');
    expect(t).toMatch(/DEF Heure:\s+25\/11\/2026 18:00:00/);
    expect(t).not.toContain('CECI N’EST PAS');
    expect(jsqrDecode(raster(file, 200))).toBe(seal.qr);
  });

  it('A on A4: a table per currency, totals and charts', () => {
    const file = save('a.pdf', articleReportPdf(a, SAMPLE_MERCHANT, { printed_at: '2026-11-25T18:00:00+01:00' }));
    expect(info(file)).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    const t = text(file);
    expect(t).toContain('RAPPORT A');
    expect(t).toContain('Ventes par article, avoirs déduits');
    expect(t).toMatch(/9001\s+CAFÉ VERT\s+E\s+1\s+1\.000\.000\s+1\.000\.000/);
    expect(t).toMatch(/6002\s+LAIT GR\s+B\s+0\s+1\s+0\s+0/);
    expect(t).toMatch(/TOTAL\s+1\.042\.945\s+1\.048\.887/);
    expect(t).toMatch(/8002\s+CHARGEUR\s+B\s+2\s+86,21\s+100,00/);
    expect(t).toContain('Meilleurs articles (T.T.C., CDF)');
    expect(t).toContain('Page 1/1');
  });

  it('A over many articles runs onto more pages, the table header repeated on each', async () => {
    const seal = await makeSealer();
    const invoices: SealedInvoice[] = [];
    for (let n = 1; n <= 12; n++) {
      const lines = Array.from({ length: 10 }, (_, k) => ({ code: `C${n}-${k}`, name: `PRODUIT Nº ${n * 10 + k} ÉTÉ`, group: k % 2 === 0 ? 'B' : 'A', price: `${100 + n * 10 + k}.00`, qty: '2' }));
      const inv = await seal({ n, at: '2026-11-25T10:00:00+01:00', lines, payments: [] });
      invoices.push({ ...inv, payments: [{ method: 'E', amount: inv.totals.ttc, currency: 'CDF' }] });
    }
    const file = save('a-long.pdf', articleReportPdf(aReport({ invoices }, { from: '2026-11-25', to: '2026-11-25' }), SAMPLE_MERCHANT));
    const pages = Number(/Pages:\s+(\d+)/.exec(info(file))?.[1]);
    expect(pages).toBeGreaterThanOrEqual(3);
    const last = run('pdftotext', ['-layout', '-f', String(pages - 1), '-l', String(pages - 1), file, '-']);
    expect(last).toMatch(/Code\s+Article\s+Grp\s+Quantité/);
    expect(last).toContain(`Page ${pages - 1}/${pages}`);
    expect(text(file)).toContain('PRODUIT Nº 129 ÉTÉ');
  });

  it('the invoice on A4: every DGI field, the code grouped by four, the QR decoded by jsQR to its RDCDEF01 payload', () => {
    const file = save('invoice.pdf', invoicePdf(SAMPLE_INVOICE, SAMPLE_MERCHANT));
    expect(info(file)).toMatch(/\(A4\)/);
    const t = text(file);
    for (const s of ['FACTURE DE VENTE', 'No : 345/2024', 'NIF: A9000011T', 'RCCM: RCCM/2024/ 12/13/14', 'Vendeur : JACQUES', 'ISF : AB01710090',
      "NIF de l'acheteur : A9001255A", 'EAU (A-EX)(BIE)', 'LAIT GR (B)(BIE)', 'Total EXONÉRÉS [A]', 'Éléments de sécurité de la facture normalisée',
      'TEST-FACT-HQBA-X2F3-K22N-MDYR', 'XX01710090-1', '3/9 FV', '04/12/2024 12:34:56']) {
      expect(t).toContain(s);
    }
    expect(t).toMatch(/TOTAL TTC\s+4\.064 CDF/);
    expect(t).toMatch(/Total TVA \[B\] 16%\s+64/);
    expect(t).not.toContain('DUPLICATA');
    expect(jsqrDecode(raster(file, 150))).toBe(SAMPLE_INVOICE.security.qr);
  });

  it.skipIf(!hasZbar)('the invoice QR decodes with zbarimg too, and a duplicate says DUPLICATA', () => {
    const inv = day[2]!; // the telephone paid by USD card: conversion lines too
    const file = save('invoice-dup.pdf', invoicePdf(inv, SAMPLE_MERCHANT, { duplicate: true }));
    const decoded = run('zbarimg', ['-q', '--raw', raster(file, 150)]).trim();
    expect(decoded).toBe(inv.security.qr);
    expect(decoded).toMatch(/^RDCDEF01;SC01000001-1;[A-Z2-7]{24};A9000011T;20261125100500$/);
    const t = text(file);
    expect(t).toContain('DUPLICATA');
    expect(t).toMatch(/CARTE BANCAIRE \(USD\)\s+10,00 USD/);
    expect(t).toMatch(/Contre-valeur USD\s+10,00 USD/);
    expect(t).toMatch(/Taux du 25\/11\/2026\s+1 USD = 2\.850 CDF/);
  });

  it('a credit note names its nature and the invoice it credits', () => {
    const t = text(save('credit.pdf', invoicePdf(day[3]!, SAMPLE_MERCHANT)));
    expect(t).toContain("FACTURE D'AVOIR");
    expect(t).toContain('Nature : REPRISE DE BIENS/SERVICES (RAM)');
    expect(t).toContain('Réf. facture : D357-MYBK-F6QS-MSD2-XWSE-FT6S');
  });

  it('draws ink: the rendered X has dark pixels in its chart area, not a blank page', () => {
    const png = PNG.sync.read(readFileSync(raster(save('x-ink.pdf', reportPdf(x, SAMPLE_MERCHANT)), 72)));
    let dark = 0;
    for (let i = 0; i < png.data.length; i += 4) if ((png.data[i] ?? 255) < 80) dark++;
    expect(dark).toBeGreaterThan(2000);
  });
});

describe.skipIf(!has('gs'))('PDFs read by Ghostscript', () => {
  it('opens every document without an error, a warning or a repaired xref', () => {
    const files = [
      save('gs-x.pdf', reportPdf(x, SAMPLE_MERCHANT)),
      save('gs-a.pdf', articleReportPdf(a, SAMPLE_MERCHANT)),
      save('gs-invoice.pdf', invoicePdf(SAMPLE_INVOICE, SAMPLE_MERCHANT)),
    ];
    for (const file of files) {
      // Ghostscript reports repairs on stderr and still exits 0, so both streams are read.
      const r = spawnSync('gs', ['-dNOPAUSE', '-dBATCH', '-dSAFER', '-sDEVICE=nullpage', '-dPDFSTOPONERROR', '-dPDFSTOPONWARNING', file], { encoding: 'utf8' });
      expect(r.status, file).toBe(0);
      expect(`${r.stdout}${r.stderr}`, file).toContain('Page 1');
      expect(`${r.stdout}${r.stderr}`, file).not.toMatch(/error|warning|repair/i);
    }
  });
});

describe('refusals and determinism', () => {
  it('refuses an invoice that is not sealed', () => {
    const unsealed = { ...SAMPLE_INVOICE, security: { ...SAMPLE_INVOICE.security, code: '', qr: '' } };
    expect(() => invoicePdf(unsealed, SAMPLE_MERCHANT)).toThrow(PrinterError);
    expect(() => invoicePdf(unsealed, SAMPLE_MERCHANT)).toThrow(expect.objectContaining({ code: 'not-sealed' }));
  });

  it('gives the same bytes for the same report', () => {
    expect(Buffer.from(reportPdf(x, SAMPLE_MERCHANT)).equals(Buffer.from(reportPdf(x, SAMPLE_MERCHANT)))).toBe(true);
    expect(Buffer.from(articleReportPdf(a, SAMPLE_MERCHANT)).equals(Buffer.from(articleReportPdf(a, SAMPLE_MERCHANT)))).toBe(true);
  });
});
