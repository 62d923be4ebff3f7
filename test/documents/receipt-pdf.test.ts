// Proves the 80 mm receipt PDF of a sealed invoice: every DGI field of the printed receipt, read back by poppler,
// the QR decoded from the rendered PNG by jsQR and zbarimg, DUPLICATA when asked, refused before sealing; the A4 beside it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_INVOICE, SAMPLE_MERCHANT } from '../../device/printer/sample-receipt';
import { PrinterError } from '../../documents/document-error';
import { receiptPdf } from '../../documents/receipt-pdf';
import { invoicePdf } from '../../documents/report-pdf';
import type { SealedInvoice } from '../../fiscal/invoice-types';
import { sealDay } from '../fiscal/reports-fixtures';

// STALELA_PDF_OUT keeps the PDFs and PNGs where a person can look at them.
const dir = process.env.STALELA_PDF_OUT ?? mkdtempSync(join(tmpdir(), 'stalela-receipt-pdf-'));
mkdirSync(dir, { recursive: true });
const has = (tool: string) => {
  try {
    execFileSync('which', [tool], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
};
const hasZbar = has('zbarimg');
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
function save(name: string, bytes: Uint8Array): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}
const text = (file: string) => run('pdftotext', ['-layout', file, '-']);
function raster(file: string, dpi: number): string {
  const base = file.replace(/\.pdf$/, `-${dpi}`);
  run('pdftoppm', ['-r', String(dpi), '-png', '-singlefile', file, base]);
  return `${base}.png`;
}
function jsqrDecode(png: string): string | null {
  const img = PNG.sync.read(readFileSync(png));
  return jsQR(new Uint8ClampedArray(img.data), img.width, img.height)?.data ?? null;
}

let day: SealedInvoice[];
beforeAll(async () => {
  day = await sealDay();
});

describe('the 80 mm receipt PDF', () => {
  it('is one page 80 mm wide carrying every field of the printed receipt, and its QR decodes to security.qr', () => {
    const file = save('receipt-80mm.pdf', receiptPdf(SAMPLE_INVOICE, SAMPLE_MERCHANT));
    const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(run('pdfinfo', [file]));
    expect(Number(size?.[1])).toBeCloseTo(226.77, 1);
    expect(run('pdfinfo', [file])).toMatch(/Pages:\s+1\n/);
    const t = text(file);
    for (const s of ['FACTURE DE VENTE', 'No : 345/2024', 'NIF:', 'A9000011T', 'RCCM:', 'RCCM/2024/ 12/13/14', 'Vendeur:', 'JACQUES', 'ISF:', 'AB01710090',
      "NIF de l'acheteur:", 'A9001255A', 'EAU (A-EX)(BIE)', 'LAIT GR (B)(BIE)', 'Total EXONERES [A]', 'CODE DEF/DGI', 'TEST-FACT-HQBA-X2F3-K22N-MDYR',
      'DEF NIM:', 'XX01710090-1', 'DEF Compteurs:', '3/9 FV', 'DEF Heure:', '04/12/2024 12:34:56', "Nombre d'articles:"]) {
      expect(t).toContain(s);
    }
    expect(t).toMatch(/TOTAL TTC\s+4\.064 CDF/);
    expect(t).toMatch(/Total TVA \[B\] 16%\s+64/);
    expect(t).not.toContain('DUPLICATA');
    expect(jsqrDecode(raster(file, 203))).toBe(SAMPLE_INVOICE.security.qr);
  });

  it.skipIf(!hasZbar)('decodes with zbarimg too; a duplicate says DUPLICATA at head and foot; USD payments and the rate are there', () => {
    const inv = day[2]!;
    const file = save('receipt-80mm-dup.pdf', receiptPdf(inv, SAMPLE_MERCHANT, { duplicate: true }));
    expect(run('zbarimg', ['-q', '--raw', raster(file, 203)]).trim()).toBe(inv.security.qr);
    const t = text(file);
    expect(t.match(/DUPLICATA/g)?.length).toBe(2);
    expect(t).toMatch(/CARTE BANCAIRE \(USD\):\s+10,00 USD/);
    expect(t).toMatch(/Taux du 25\/11\/2026\s+1 USD = 2\.850 CDF/);
  });

  it('a credit note names its nature and the invoice it credits', () => {
    const t = text(save('receipt-80mm-credit.pdf', receiptPdf(day[3]!, SAMPLE_MERCHANT)));
    expect(t).toContain("FACTURE D'AVOIR");
    expect(t).toContain('Nature: REPRISE DE BIENS/SERVICES (RAM)');
    expect(t).toContain('Réf. facture: D357-MYBK-F6QS-MSD2-XWSE-FT6S');
  });

  it('is refused before sealing, with the printer error the till already handles', () => {
    const { security: _, ...draft } = SAMPLE_INVOICE;
    expect(() => receiptPdf(draft as SealedInvoice, SAMPLE_MERCHANT)).toThrow(PrinterError);
  });

  it('the A4 invoice beside it renders to PNG and its QR decodes the same', () => {
    const file = save('invoice-a4.pdf', invoicePdf(SAMPLE_INVOICE, SAMPLE_MERCHANT));
    expect(jsqrDecode(raster(file, 100))).toBe(SAMPLE_INVOICE.security.qr);
  });
});
