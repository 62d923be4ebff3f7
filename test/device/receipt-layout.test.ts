// Proves a printed DGI receipt, decoded by the printer emulator, carries every mandatory field of protocol §2 in order.
import { describe, expect, it } from 'vitest';
import type { SealedInvoice, SecurityElements, TaxGroupLine } from '../../fiscal/invoice-types';
import { taxTableOn } from '../../fiscal/tax-groups';
import { computeTotals, toWireFigures } from '../../fiscal/totals';
import { createPrinterEmulator, type EmulatedJob } from '../../device/emulator/printer';
import type { DecodedLine } from '../../device/emulator/escpos-decoder-types';
import { createPrinterDriver } from '../../device/printer/driver';
import { invoiceLayout, type ReceiptOptions } from '../../device/printer/layout';
import type { PaperWidth } from '../../device/printer/paper';
import { isPrinterError } from '../../device/printer/printer-error';
import { receiptBytes } from '../../device/printer/render-escpos';
import { SAMPLE_INVOICE, SAMPLE_MERCHANT } from '../../device/printer/sample-receipt';

/** Prints through the real driver into the emulator (in-memory link) and returns the job it decoded. */
async function printAndDecode(inv: SealedInvoice, paper: PaperWidth, options: ReceiptOptions = {}): Promise<EmulatedJob> {
  const emulator = createPrinterEmulator();
  const driver = createPrinterDriver(emulator.memoryTransport());
  try {
    await driver.print(receiptBytes(inv, SAMPLE_MERCHANT, paper, options));
    const [job] = await emulator.waitForJobs(1);
    if (!job) throw new Error('no job');
    return job;
  } finally {
    await driver.close();
    await emulator.close();
  }
}

function lineIndex(job: EmulatedJob, re: RegExp): number {
  const i = job.lines.findIndex((l) => re.test(l.text.trim()));
  if (i < 0) throw new Error(`no line matches ${re}\n${job.text}`);
  return i;
}
const line = (job: EmulatedJob, re: RegExp): DecodedLine => job.lines[lineIndex(job, re)] as DecodedLine;

/** An invoice like the sample, figures recomputed by the fiscal kernel, security overridden as given. */
function variant(over: Partial<SealedInvoice>, security: Partial<SecurityElements> = {}): SealedInvoice {
  const base = { ...SAMPLE_INVOICE, ...over };
  const r = computeTotals(base, taxTableOn('2024-12-04'));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const w = toWireFigures(r.figures);
  return {
    ...base,
    tax_groups: w.tax_groups as TaxGroupLine[],
    totals: w.totals,
    payments: over.payments ?? [{ method: 'E', amount: w.totals.ttc, currency: 'CDF' }],
    security: { ...SAMPLE_INVOICE.security, ...security },
  };
}

describe('the DGI sample receipt (EAU / LAIT) printed on 80 mm and decoded by the emulator', () => {
  it('holds every mandatory field of protocol §2, in the sample order', async () => {
    const job = await printAndDecode(SAMPLE_INVOICE, '80mm');
    const order = [
      /^SUPERMARCHÉ CENTRAL$/, // seller name
      /^NIF:\s+A9000011T$/,
      /^RCCM:\s+RCCM\/2024\/ 12\/13\/14$/,
      /^BOULEVARD 30 JUIN, KINSHASA$/,
      /^TEL: 012345678$/,
      /^Email: info@test\.cd$/,
      /^FACTURE DE VENTE$/, // invoice type
      /^No : 345\/2024$/, // the SFE's own number
      /^Vendeur:\s+JACQUES$/, // operator
      /^ISF:\s+AB01710090$/,
      /^Type de l'acheteur :\s+PP$/, // client block
      /^NIF de l'acheteur:\s+A9001255A$/,
      /^Nom de l'acheteur:\s+ABC SARL$/,
      /^# Nom\s+Qté x P\.U\.\s+T\.T\.C\.$/,
      /^1 EAU \(A-EX\)\(BIE\)\s+5 x 720\s+3\.600$/, // group A labelled A-EX
      /^2 LAIT GR \(B\)\(BIE\)\s+1 x 464\s+464$/,
      /^Total H\.T\.\[B\] 16%\s+400$/,
      /^Total TVA \[B\] 16%\s+64$/,
      /^Total EXONERES \[A\]\s+3\.600$/,
      /^Total TVA\s+64$/,
      /^TOTAL TTC\s+4\.064$/,
      /^ESPECES:\s+4\.064$/,
      /^Nombre d'articles:\s+2$/,
      /^CODE DEF\/DGI$/,
      /^TEST-FACT-HQBA-X2F3-K22N-MDYR$/,
      /^DEF NIM:\s+XX01710090-1$/,
      /^DEF Compteurs:\s+3\/9 FV$/,
      /^DEF Heure:\s+04\/12\/2024 12:34:56$/,
    ];
    const positions = order.map((re) => lineIndex(job, re));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    for (const re of [/^SUPERMARCHÉ CENTRAL$/, /^FACTURE DE VENTE$/, /^TOTAL TTC/, /^TEST-FACT-HQBA-X2F3-K22N-MDYR$/]) {
      expect(line(job, re).isBold, String(re)).toBe(true);
    }
    expect(job.qrCodes).toHaveLength(1);
    expect(job.qrCodes[0]).toMatchObject({
      payload: 'RDCDEF01;XX01710090-1;TESTFACTHQBAX2F3K22NMDYR;A9000011T;20241204123456',
      errorLevel: 'M',
      model: 2,
    });
    // The QR comes after DEF Heure, and the job ends with a cut.
    const qrAt = job.events.findIndex((e) => e.kind === 'qr');
    expect(qrAt).toBeGreaterThan(job.events.indexOf(line(job, /^DEF Heure:/)));
    expect(job.cuts).toHaveLength(1);
    expect(job.codePages).toContain(19);
    expect(job.unknown).toEqual([]);
  });

  it('prints only non-zero group totals, and no change, duplicate mention or drawer kick for this sale', async () => {
    const job = await printAndDecode(SAMPLE_INVOICE, '80mm');
    expect(job.text).not.toMatch(/Total H\.T\.\[A\]|Total TVA \[A\]|RENDU|DUPLICATA|T\.S\./);
    expect(job.drawerKicks).toEqual([]);
  });

  it('on 58 mm puts "qty x unit  total" under the article name', async () => {
    const job = await printAndDecode(SAMPLE_INVOICE, '58mm');
    const i = lineIndex(job, /^1 EAU \(A-EX\)\(BIE\)$/);
    expect(job.lines[i + 1]?.text).toMatch(/^ {2}5 x 720\s+3\.600$/);
    expect(line(job, /^TOTAL TTC/).text).toHaveLength(32);
    expect(job.qrCodes[0]?.errorLevel).toBe('M');
  });

  it('kicks the drawer in the same job, before the cut, when asked', async () => {
    const job = await printAndDecode(SAMPLE_INVOICE, '80mm', { openDrawer: true });
    expect(job.drawerKicks).toEqual([{ kind: 'drawer', pin: 2, onMs: 100, offMs: 500 }]);
    expect(job.events.findIndex((e) => e.kind === 'drawer')).toBeLessThan(job.events.findIndex((e) => e.kind === 'cut'));
  });
});

describe('mentions the DGI requires for reprints, credit notes, exports and advances', () => {
  it('marks a reprint DUPLICATA, double size, at the head and the foot, and never opens the drawer', async () => {
    const job = await printAndDecode(SAMPLE_INVOICE, '58mm', { duplicate: true, openDrawer: true });
    const marks = job.lines.filter((l) => l.text.trim() === 'DUPLICATA');
    expect(marks).toHaveLength(2);
    expect(marks.every((l) => l.isBold && l.width === 2 && l.height === 2)).toBe(true);
    expect(job.lines[0]?.text.trim()).toBe('DUPLICATA');
    expect(job.lines.filter((l) => l.text.trim() !== '').at(-1)?.text.trim()).toBe('DUPLICATA');
    expect(job.drawerKicks).toEqual([]);
  });

  it("titles a credit note FACTURE D'AVOIR with its nature and the original's code", async () => {
    const inv = variant(
      { type: 'FA', reference: { nature: 'COR', code: 'D357MYBKF6QSMSD2XWSEFT6S' } },
      { counters: { fc: 1, tc: 10, type: 'FA' } },
    );
    const job = await printAndDecode(inv, '80mm');
    const title = lineIndex(job, /^FACTURE D'AVOIR$/);
    expect(job.lines[title + 1]?.text.trim()).toBe('Nature: CORRECTION (COR)');
    expect(job.lines[title + 2]?.text.trim()).toBe('Réf. facture: D357-MYBK-F6QS-MSD2-XWSE-FT6S');
    expect(line(job, /^DEF Compteurs:/).text).toMatch(/1\/10 FA$/);
  });

  it('prints the literal RRR as the reference of a rebate credit note', async () => {
    const job = await printAndDecode(variant({ type: 'FA', reference: { nature: 'RRR', code: 'RRR' } }), '58mm');
    // 32 columns: the nature wraps on a word boundary, centred.
    const at = lineIndex(job, /^Nature:/);
    expect([job.lines[at]?.text.trim(), job.lines[at + 1]?.text.trim()]).toEqual(['Nature: REMISE, RISTOURNE,', 'RABAIS (RRR)']);
    expect(line(job, /^Réf\. facture:/).text.trim()).toBe('Réf. facture: RRR');
  });

  it('adds EXPORTATION under the title of EV, ET and EA invoices', async () => {
    const exportItems = [{ code: '7001', name: 'CUIVRE', type: 'BIE', tax_group: 'E', unit_price: '1500.00', quantity: '2' }] as const;
    const cases = [
      { type: 'EV', title: 'FACTURE DE VENTE' },
      { type: 'ET', title: "FACTURE D'ACOMPTE" },
      { type: 'EA', title: "FACTURE D'AVOIR" },
    ] as const;
    for (const c of cases) {
      const inv = variant({
        type: c.type,
        items: [...exportItems],
        ...(c.type === 'EA' ? { reference: { nature: 'RAN', code: 'D357MYBKF6QSMSD2XWSEFT6S' } as const } : {}),
      });
      const job = await printAndDecode(inv, '80mm');
      const at = lineIndex(job, new RegExp(`^${c.title}$`));
      expect(job.lines[at + 1]?.text.trim(), c.type).toBe('EXPORTATION');
      expect(job.text).toMatch(/1 CUIVRE \(E\)\(BIE\)\s+2 x 1\.500\s+3\.000/);
      expect(job.text).toMatch(/Total H\.T\.\[E\] 0%\s+3\.000/);
      expect(job.text).not.toMatch(/Total TVA \[E\]/);
    }
  });

  it("titles an advance FACTURE D'ACOMPTE without the export mention", async () => {
    const job = await printAndDecode(variant({ type: 'FT' }), '80mm');
    expect(lineIndex(job, /^FACTURE D'ACOMPTE$/)).toBeGreaterThan(0);
    expect(job.text).not.toMatch(/EXPORTATION/);
  });
});

describe('other receipt content', () => {
  it('prints a T.S. line under an item with a specific tax, and Total T.S.', async () => {
    const inv = variant({
      items: [{ code: 'S1', name: 'SPEC', type: 'BIE', tax_group: 'B', unit_price: '500.00', quantity: '4', specific_tax: { per_unit: '75.00' } }],
    });
    const job = await printAndDecode(inv, '80mm');
    const item = lineIndex(job, /^1 SPEC \(B\)\(BIE\)\s+4 x 500\s+2\.000$/);
    expect(job.lines[item + 1]?.text).toMatch(/^ {2}T\.S\. 75\/u\s+300$/);
    expect(job.text).toMatch(/Total T\.S\.\s+300/);
  });

  it('prints the change as RENDU and a USD payment in dollars with the rate of the day', async () => {
    const inv = variant({
      usd_rate: { rate: '2850.00', date: '2024-12-04' },
      payments: [{ method: 'M', amount: '1.00', currency: 'USD' }, { method: 'E', amount: '2000.00', currency: 'CDF' }],
    });
    const job = await printAndDecode(inv, '80mm');
    expect(job.text).toMatch(/MOBILE MONEY \(USD\):\s+1,00 USD/);
    expect(job.text).toMatch(/ESPECES:\s+2\.000/);
    expect(job.text).toMatch(/RENDU:\s+786/); // 2850 + 2000 - 4064
    expect(job.text).toMatch(/Taux du 04\/12\/2024\s+1 USD = 2\.850 CDF/);
    expect(job.text).toMatch(/Contre-valeur USD\s+1,43 USD/);
  });

  it('leaves the client block out when the client did not ask for it', async () => {
    const { client: _omitted, ...rest } = SAMPLE_INVOICE;
    const job = await printAndDecode(rest, '80mm');
    expect(job.text).not.toMatch(/acheteur/);
  });

  it('refuses a security code that is not 24 code characters, naming it', () => {
    const inv = { ...SAMPLE_INVOICE, security: { ...SAMPLE_INVOICE.security, code: 'TEST-FACT' } };
    try {
      invoiceLayout(inv, SAMPLE_MERCHANT);
      expect.unreachable();
    } catch (e) {
      expect(isPrinterError(e) && e.code).toBe('bad-layout-input');
      expect((e as Error).message).toMatch(/TEST-FACT/);
    }
  });

  it('refuses to lay out an invoice that has no security elements', () => {
    const { security: _none, ...draft } = SAMPLE_INVOICE;
    try {
      invoiceLayout(draft as SealedInvoice, SAMPLE_MERCHANT);
      expect.unreachable();
    } catch (e) {
      expect(isPrinterError(e) && e.code).toBe('not-sealed');
    }
  });
});
