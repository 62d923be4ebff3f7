// Proves the HTML preview shows the same rows as the paper, escaped, with the QR inline and the right width.
import { describe, expect, it } from 'vitest';
import { invoiceLayout } from '../../device/printer/layout';
import { escapeHtml, renderHtml } from '../../device/printer/render-html';
import { SAMPLE_INVOICE, SAMPLE_MERCHANT } from '../../device/printer/sample-receipt';
import { fitLayout } from '../../device/printer/text-fit';

const rowsOf = (html: string) =>
  [...html.matchAll(/<div class="row[^"]*">([^<]*)<\/div>/g)].map((m) => (m[1] ?? '').replace(/&#39;/g, "'").replace(/&amp;/g, '&'));

describe('renderHtml', () => {
  it('holds exactly the printed text rows, in order, for both papers', () => {
    for (const paper of ['58mm', '80mm'] as const) {
      const layout = invoiceLayout(SAMPLE_INVOICE, SAMPLE_MERCHANT, { duplicate: true });
      const html = renderHtml(layout, paper);
      const printed = fitLayout(layout, paper).rows.flatMap((r) => (r.kind === 'text' ? [r.text] : []));
      expect(rowsOf(html).filter((t) => t.trim() !== '')).toEqual(printed.filter((t) => t.trim() !== ''));
      expect(html).toContain(`data-paper="${paper}" style="width:${paper === '58mm' ? 32 : 48}ch"`);
    }
  });

  it('marks bold and double-size rows and inlines the QR as SVG carrying its payload', () => {
    const html = renderHtml(invoiceLayout(SAMPLE_INVOICE, SAMPLE_MERCHANT, { duplicate: true }), '80mm');
    expect(html).toMatch(/<div class="row bold dw dh">\s*DUPLICATA<\/div>/);
    expect(html).toMatch(/<div class="row bold">TOTAL TTC\s+4\.064<\/div>/);
    expect(html).toContain(`data-payload="${SAMPLE_INVOICE.security.qr}"`);
    expect(html.match(/<svg /g)).toHaveLength(1);
  });

  it('escapes what a merchant or cashier typed', () => {
    const html = renderHtml(invoiceLayout({ ...SAMPLE_INVOICE, cashier_name: '<b>Eve</b> & "co"' }, SAMPLE_MERCHANT), '80mm');
    expect(html).toContain('&lt;b&gt;Eve&lt;/b&gt; &amp; &quot;co&quot;');
    expect(html).not.toContain('<b>Eve</b>');
    expect(escapeHtml(`'`)).toBe('&#39;');
  });
});
