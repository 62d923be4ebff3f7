// A small PDF 1.4 writer: pages of content operators, the four standard fonts in WinAnsi, a correct xref table.
import { deflateSync } from 'node:zlib';
import { PDF_FONTS, winAnsiBytes } from './pdf-fonts';

/** One page: its size in points and its content stream (operators; every character is one byte, ASCII only). */
export type PdfPage = { width: number; height: number; content: string };

export type PdfInfo = {
  title?: string;
  subject?: string;
  author?: string;
  /** The document's date; left out when absent so the same input gives the same bytes. */
  created_at?: Date;
  /** Deflate the content streams (default true); off, the operators read as plain text. */
  compress?: boolean;
};

/** The resource name of each standard font in every page's /Font dictionary. */
export const FONT_RESOURCE: Readonly<Record<(typeof PDF_FONTS)[number], string>> = {
  Helvetica: 'F1',
  'Helvetica-Bold': 'F2',
  Courier: 'F3',
  'Courier-Bold': 'F4',
};

/** A number as PDF writes it: at most three decimals, no exponent, no "-0". */
export function pdfNumber(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`pdfNumber: ${n} is not finite`);
  const r = Math.round(n * 1000) / 1000;
  if (Object.is(r, -0) || r === 0) return '0';
  return r.toFixed(3).replace(/\.?0+$/, '');
}

/** A literal string `( … )` of WinAnsi bytes; ( ) \ escaped, anything outside printable ASCII as octal. */
export function pdfString(text: string): string {
  let out = '(';
  for (const b of winAnsiBytes(text)) {
    if (b === 0x28 || b === 0x29 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b < 0x20 || b > 0x7e) out += `\\${b.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(b);
  }
  return `${out})`;
}

/** A text string for the document information: UTF-16BE with its byte-order mark, in hex, so any character fits. */
function pdfTextString(text: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}

function pdfDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `(D:${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z)`;
}

/**
 * The whole file. Objects: 1 catalog, 2 page tree, 3–6 fonts, 7 document information, then for each page its
 * /Page and its content stream. Offsets in the xref table are byte offsets, each entry exactly 20 bytes.
 */
export function buildPdf(pages: readonly PdfPage[], info: PdfInfo = {}): Uint8Array {
  if (pages.length === 0) throw new RangeError('buildPdf: a PDF needs at least one page');
  const compress = info.compress ?? true;
  const chunks: Buffer[] = [];
  const offsets: number[] = [];
  let length = 0;
  const write = (b: Buffer) => {
    chunks.push(b);
    length += b.length;
  };
  const object = (id: number, body: Buffer | string) => {
    offsets[id] = length;
    write(Buffer.from(`${id} 0 obj\n`, 'latin1'));
    write(typeof body === 'string' ? Buffer.from(body, 'latin1') : body);
    write(Buffer.from('\nendobj\n', 'latin1'));
  };

  // A binary comment in the header tells transfer tools the file is binary (PDF 1.4, 3.4.1).
  write(Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1'));
  const firstPage = 8;
  const kids = pages.map((_, i) => `${firstPage + i * 2} 0 R`).join(' ');
  object(1, '<< /Type /Catalog /Pages 2 0 R >>');
  object(2, `<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`);
  PDF_FONTS.forEach((font, i) => object(3 + i, `<< /Type /Font /Subtype /Type1 /BaseFont /${font} /Encoding /WinAnsiEncoding >>`));
  const fields: string[] = ['/Producer (Stalela POS)'];
  if (info.title !== undefined) fields.push(`/Title ${pdfTextString(info.title)}`);
  if (info.subject !== undefined) fields.push(`/Subject ${pdfTextString(info.subject)}`);
  if (info.author !== undefined) fields.push(`/Author ${pdfTextString(info.author)}`);
  if (info.created_at !== undefined) fields.push(`/CreationDate ${pdfDate(info.created_at)}`);
  object(7, `<< ${fields.join(' ')} >>`);

  const fontRefs = PDF_FONTS.map((f, i) => `/${FONT_RESOURCE[f]} ${3 + i} 0 R`).join(' ');
  pages.forEach((page, i) => {
    const pageId = firstPage + i * 2;
    const box = `[0 0 ${pdfNumber(page.width)} ${pdfNumber(page.height)}]`;
    object(pageId, `<< /Type /Page /Parent 2 0 R /MediaBox ${box} /Resources << /Font << ${fontRefs} >> /ProcSet [/PDF /Text] >> /Contents ${pageId + 1} 0 R >>`);
    const raw = Buffer.from(page.content, 'latin1');
    const data = compress ? deflateSync(raw) : raw;
    const dict = `<< /Length ${data.length}${compress ? ' /Filter /FlateDecode' : ''} >>\nstream\n`;
    object(pageId + 1, Buffer.concat([Buffer.from(dict, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]));
  });

  const size = firstPage + pages.length * 2;
  const xrefAt = length;
  let xref = `xref\n0 ${size}\n0000000000 65535 f \n`;
  for (let id = 1; id < size; id++) xref += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  write(Buffer.from(`${xref}trailer\n<< /Size ${size} /Root 1 0 R /Info 7 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1'));
  return new Uint8Array(Buffer.concat(chunks, length));
}
