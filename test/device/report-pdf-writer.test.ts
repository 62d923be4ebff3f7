// Proves the PDF writer's bytes: WinAnsi text and escapes, numbers, widths, a cross-reference table that points at every object.
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createCanvas, fitText, wrapText } from '../../documents/pdf-canvas';
import { textWidth, winAnsiBytes } from '../../documents/pdf-fonts';
import { buildPdf, pdfNumber, pdfString } from '../../documents/pdf-writer';

const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');

describe('text encoding', () => {
  it('writes French accents, the typographic apostrophe and the euro as their WinAnsi bytes', () => {
    expect(winAnsiBytes('é è à ç Ô')).toEqual([0xe9, 0x20, 0xe8, 0x20, 0xe0, 0x20, 0xe7, 0x20, 0xd4]);
    expect(winAnsiBytes('N’EST €')).toEqual([0x4e, 0x92, 0x45, 0x53, 0x54, 0x20, 0x80]);
    expect(winAnsiBytes('e\u0301')).toEqual([0xe9]); // a decomposed é is composed first
  });

  it('writes a character WinAnsi lacks as "?" and line breaks as spaces', () => {
    expect(winAnsiBytes('ŝ✓\n')).toEqual([0x3f, 0x3f, 0x20]);
  });

  it('escapes parentheses and backslashes and writes non-ASCII bytes in octal', () => {
    expect(pdfString('(a\\b) é')).toBe('(\\(a\\\\b\\) \\351)');
  });

  it('writes numbers with at most three decimals and never "-0" or an exponent', () => {
    expect([pdfNumber(226.77), pdfNumber(-0.0001), pdfNumber(1e-7), pdfNumber(12), pdfNumber(0.5), pdfNumber(1234567.8904)]).toEqual(['226.77', '0', '0', '12', '0.5', '1234567.89']);
    expect(() => pdfNumber(Number.NaN)).toThrow(RangeError);
  });
});

describe('widths', () => {
  it('measures Helvetica by its metrics and Courier at 600 units', () => {
    expect(textWidth('A', 'Helvetica', 10)).toBeCloseTo(6.67, 5);
    expect(textWidth('A', 'Helvetica-Bold', 10)).toBeCloseTo(7.22, 5);
    expect(textWidth('il', 'Helvetica', 10)).toBeCloseTo(4.44, 5);
    expect(textWidth('é', 'Helvetica', 10)).toBeCloseTo(5.56, 5);
    expect(textWidth('iiii', 'Courier', 10)).toBe(24);
  });

  it('cuts a text with an ellipsis to fit, and wraps words to a width', () => {
    const cut = fitText('CARTE BANCAIRE (USD)', 'Helvetica', 8, 50);
    expect(cut.endsWith('…')).toBe(true);
    expect(textWidth(cut, 'Helvetica', 8)).toBeLessThanOrEqual(50);
    expect(fitText('OK', 'Helvetica', 8, 50)).toBe('OK');
    const lines = wrapText('Lait demi-écrémé UHT en brique de un litre', 'Helvetica', 9, 80);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(textWidth(l, 'Helvetica', 9)).toBeLessThanOrEqual(80);
    expect(lines.join(' ')).toBe('Lait demi-écrémé UHT en brique de un litre');
  });
});

describe('file structure', () => {
  const page = () => {
    const c = createCanvas(200);
    c.text(10, 20, 'Clôture (Z) à 18 h', { font: 'Helvetica-Bold', size: 10 });
    c.rect(10, 30, 50, 10, [0, 0, 0]);
    return c.finish(100);
  };

  it('starts with the 1.4 header and a binary comment, and ends with startxref and %%EOF', () => {
    const pdf = latin1(buildPdf([page()]));
    expect(pdf.startsWith('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n')).toBe(true);
    expect(pdf).toMatch(/startxref\n\d+\n%%EOF\n$/);
  });

  it('has an xref entry of 20 bytes per object, each offset pointing at that object', () => {
    const pdf = latin1(buildPdf([page(), page()]));
    const start = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(pdf)?.[1]);
    expect(pdf.slice(start, start + 5)).toBe('xref\n');
    const head = /^xref\n0 (\d+)\n/.exec(pdf.slice(start))!;
    const count = Number(head[1]);
    expect(count).toBe(12); // catalog, pages, 4 fonts, info, 2 × (page + content), and object 0
    const table = pdf.slice(start + head[0].length, start + head[0].length + count * 20);
    expect(table.slice(0, 20)).toBe('0000000000 65535 f \n');
    for (let id = 1; id < count; id++) {
      const entry = table.slice(id * 20, id * 20 + 20);
      expect(entry).toMatch(/^\d{10} 00000 n \n$/);
      const offset = Number(entry.slice(0, 10));
      expect(pdf.slice(offset, offset + `${id} 0 obj`.length)).toBe(`${id} 0 obj`);
    }
    expect(pdf).toContain(`trailer\n<< /Size ${count} /Root 1 0 R /Info 7 0 R >>`);
  });

  it('gives each content stream its exact /Length, deflated or plain', () => {
    for (const compress of [true, false]) {
      const bytes = Buffer.from(buildPdf([page()], { compress }));
      const pdf = bytes.toString('latin1');
      const m = /<< \/Length (\d+)( \/Filter \/FlateDecode)? >>\nstream\n/.exec(pdf)!;
      const at = m.index + m[0].length;
      const length = Number(m[1]);
      expect(pdf.slice(at + length, at + length + 10)).toBe('\nendstream');
      const data = bytes.subarray(at, at + length);
      const ops = (compress ? inflateSync(data) : data).toString('latin1');
      expect(ops).toContain('/F2 10 Tf 1 0 0 1 10 80 Tm (Cl\\364ture \\(Z\\) \\340 18 h) Tj');
      expect(ops).toContain('10 60 50 10 re f');
    }
  });

  it('declares the four standard fonts with WinAnsi encoding and the document information in UTF-16', () => {
    const pdf = latin1(buildPdf([page()], { title: 'Rapport X — É', created_at: new Date('2026-11-25T17:00:00Z') }));
    for (const f of ['Helvetica', 'Helvetica-Bold', 'Courier', 'Courier-Bold']) {
      expect(pdf).toContain(`<< /Type /Font /Subtype /Type1 /BaseFont /${f} /Encoding /WinAnsiEncoding >>`);
    }
    expect(pdf).toContain('/Title <FEFF0052006100700070006F007200740020005800202014002000C9>');
    expect(pdf).toContain('/CreationDate (D:20261125170000Z)');
    expect(pdf).toContain('/MediaBox [0 0 200 100]');
  });

  it('refuses a document without pages', () => {
    expect(() => buildPdf([])).toThrow(RangeError);
  });
});
