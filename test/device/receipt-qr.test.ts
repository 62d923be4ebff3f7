// Proves the receipt's QR, rendered to an image, decodes with independent decoders (jsQR, and zbarimg when installed).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeEscPos } from '../../device/emulator/escpos-decoder';
import { invoiceLayout } from '../../device/printer/layout';
import { qrMatrix } from '../../documents/qr-matrix';
import { receiptBytes } from '../../device/printer/render-escpos';
import { renderHtml } from '../../device/printer/render-html';
import { renderPng } from '../../device/printer/render-png';
import { SAMPLE_INVOICE, SAMPLE_MERCHANT } from '../../device/printer/sample-receipt';

const PAYLOAD = 'RDCDEF01;XX01710090-1;TESTFACTHQBAX2F3K22NMDYR;A9000011T;20241204123456';
const dir = mkdtempSync(join(tmpdir(), 'stalela-receipt-qr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hasZbar = (() => {
  try {
    execFileSync('which', ['zbarimg'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
})();

function jsqrDecode(png: Buffer) {
  const img = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length), img.width, img.height);
}

function zbarDecode(png: Buffer, name: string): string {
  const file = join(dir, name);
  writeFileSync(file, png);
  return execFileSync('zbarimg', ['-q', '--raw', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** Draws a QR matrix as a printer head would: `dots` per module, black on white, quiet zone of four modules. */
function printerImage(payload: string, level: 'L' | 'M' | 'Q' | 'H', dots: number): Buffer {
  const m = qrMatrix(payload, level);
  const side = (m.size + 8) * dots;
  const png = new PNG({ width: side, height: side });
  png.data.fill(255);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const r = Math.floor(y / dots) - 4;
      const c = Math.floor(x / dots) - 4;
      if (r >= 0 && c >= 0 && r < m.size && c < m.size && m.isDark(r, c)) {
        const i = (y * side + x) * 4;
        png.data[i] = png.data[i + 1] = png.data[i + 2] = 0;
      }
    }
  }
  return PNG.sync.write(png);
}

describe('the receipt QR decodes', () => {
  for (const paper of ['80mm', '58mm'] as const) {
    it(`from the whole ${paper} receipt image with jsQR, in byte mode`, () => {
      const png = renderPng(invoiceLayout(SAMPLE_INVOICE, SAMPLE_MERCHANT), paper);
      const found = jsqrDecode(png);
      expect(found?.data).toBe(PAYLOAD);
      expect(found?.chunks.map((c) => c.type)).toEqual(['byte']);
    });

    it.skipIf(!hasZbar)(`from the whole ${paper} receipt image with zbarimg`, () => {
      const png = renderPng(invoiceLayout(SAMPLE_INVOICE, SAMPLE_MERCHANT, { duplicate: true }), paper);
      expect(zbarDecode(png, `receipt-${paper}.png`)).toBe(PAYLOAD);
    });
  }

  it('from the symbol the emulator rebuilt out of the printed GS ( k bytes (payload, level M, module size)', () => {
    const [qr] = decodeEscPos(receiptBytes(SAMPLE_INVOICE, SAMPLE_MERCHANT, '58mm')).qrCodes;
    expect(qr).toBeDefined();
    if (!qr) return;
    expect(qr.errorLevel).toBe('M');
    const png = printerImage(qr.payload, qr.errorLevel, qr.moduleSize);
    expect(jsqrDecode(png)?.data).toBe(PAYLOAD);
    if (hasZbar) expect(zbarDecode(png, 'printer-symbol.png')).toBe(PAYLOAD);
    // 6 dots per module and a 4-module quiet zone fit the 384-dot head of a 58 mm printer.
    expect((qrMatrix(qr.payload, 'M').size + 8) * qr.moduleSize).toBeLessThanOrEqual(384);
  });

  it('from the inline SVG of the HTML preview, read back module by module', () => {
    const html = renderHtml(invoiceLayout(SAMPLE_INVOICE, SAMPLE_MERCHANT), '80mm');
    const svg = /<svg[^>]*viewBox="0 0 (\d+) \1"[^>]*data-payload="([^"]*)"[^>]*>.*?<path fill="#000" d="([^"]*)"/.exec(html);
    expect(svg?.[2]).toBe(PAYLOAD);
    const side = Number(svg?.[1]);
    const scale = 4;
    const png = new PNG({ width: side * scale, height: side * scale });
    png.data.fill(255);
    for (const m of (svg?.[3] ?? '').matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
      const [x, y] = [Number(m[1]), Number(m[2])];
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const i = ((y * scale + dy) * side * scale + x * scale + dx) * 4;
          png.data[i] = png.data[i + 1] = png.data[i + 2] = 0;
        }
      }
    }
    expect(jsqrDecode(PNG.sync.write(png))?.data).toBe(PAYLOAD);
  });
});
