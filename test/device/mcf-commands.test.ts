// The command codecs against the examples printed in "Protocoles SFE-MCF v1.0" (DGI), one named test per example.
import { describe, it, expect } from 'vitest';
import {
  decodeClientAnswer, decodeClientRequest, decodeCommentAnswer, decodeCommentRequest, decodeFinalizeAnswer, decodeFinalizeRequest,
  decodeItemAnswer, decodeItemRequest, decodeOpenInvoiceAnswer, decodeOpenInvoiceRequest, decodePaymentAnswer, decodePaymentRequest,
  decodeStateAnswer, decodeSubtotalAnswer, decodeTaxpayerAnswer, decodeTaxpayerRequest, decodeUploadStatusAnswer, encodeClientRequest,
  encodeCommentRequest, encodeFinalizeAnswer, encodeFinalizeRequest, encodeItemRequest, encodeOpenInvoiceRequest, encodePaymentRequest,
  encodeStateAnswer, encodeSubtotalAnswer, encodeTaxpayerRequest, encodeUploadStatusAnswer, encodeUploadStatusRequest, isCancelledMessage,
  qrPayload, type ItemRequest, type OpenInvoiceRequest,
} from '../../device/mcf/commands';
import { isDeviceError } from '../../device/errors';

// Test data transcribed from the spec's examples. The PDF wraps long lines; the strings below are joined.
const C1H_EXAMPLE =
  'AB01000001-1,A1234567B,20250301100320,49,46,3,20250301100305,FV,QWERTYUIOPLKJHGFDSAZXCVB,FAC05/2025,13000.00,' +
  '0.00,16.00,8.00,0.00,0.00,16.00,8.00,0.00,0.00, 0.00,0.00,0.00,0.00,0.00,0.00,0.00';
const C2H_EXAMPLE = '49,49,20250301100118,DIS';
const SUBTOTAL_EXAMPLE = '4100.00,3600.00,500.00,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,69.00,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0';

describe('C1h state (spec example)', () => {
  it('decodes the example answer: counters, last invoice and all 16 rates as hundredths', () => {
    const s = decodeStateAnswer(C1H_EXAMPLE);
    expect(s).toMatchObject({ mid: 'AB01000001-1', nif: 'A1234567B', now: '20250301100320', totalCount: 49, saleCount: 46, creditCount: 3 });
    expect(s.last).toEqual({ timestamp: '20250301100305', type: 'FV', code: 'QWERTYUIOPLKJHGFDSAZXCVB', number: 'FAC05/2025', total: 1300000n });
    expect(s.rates).toEqual({
      A: 0n, B: 1600n, C: 800n, D: 0n, E: 0n, F: 1600n, G: 800n, H: 0n, I: 0n, J: 0n, K: 0n, L: 0n, M: 0n, N: 0n, O: 0n, P: 0n,
    });
  });
  it('re-encodes the example answer to the same bytes (minus the PDF’s stray space)', () => {
    expect(encodeStateAnswer(decodeStateAnswer(C1H_EXAMPLE))).toBe(C1H_EXAMPLE.replace(', ', ','));
  });
  it('reads empty last-invoice fields as no invoice yet', () => {
    const fresh = encodeStateAnswer({ ...decodeStateAnswer(C1H_EXAMPLE), last: null });
    expect(fresh).toContain(',,,,,');
    expect(decodeStateAnswer(fresh).last).toBeNull();
  });
  it('refuses an answer with a missing rate as a bad answer', () => {
    const short = C1H_EXAMPLE.slice(0, C1H_EXAMPLE.lastIndexOf(','));
    expect(() => decodeStateAnswer(short)).toThrow(expect.objectContaining({ code: 'MCF_BAD_ANSWER' }));
  });
});

describe('C2h upload status (spec example)', () => {
  it('decodes "49,49,20250301100118,DIS"', () => {
    expect(decodeUploadStatusAnswer(C2H_EXAMPLE)).toEqual({ sent: 49, available: 49, lastSuccess: '20250301100118', connection: 'DIS' });
  });
  it('round-trips with the optional manufacturer error, commas escaped', () => {
    const s = { sent: 3, available: 7, lastSuccess: null, connection: 'TRA' as const, lastError: 'timeout, retry' };
    expect(encodeUploadStatusAnswer(s)).toBe('3,7,,TRA,timeout^x2c; retry');
    expect(decodeUploadStatusAnswer(encodeUploadStatusAnswer(s))).toEqual(s);
  });
  it('asks a restart with the data RESTART and a read with no data', () => {
    expect(encodeUploadStatusRequest('restart')).toBe('RESTART');
    expect(encodeUploadStatusRequest()).toBe('');
  });
});

describe('2Bh taxpayer info (spec example)', () => {
  it('asks I0 for the name and reads "Restaurant ABC"', () => {
    expect(encodeTaxpayerRequest('name')).toBe('I0');
    expect(decodeTaxpayerRequest('I4')).toBe('email');
    expect(decodeTaxpayerAnswer('Restaurant ABC')).toBe('Restaurant ABC');
  });
  it('refuses an unknown field id', () => {
    expect(() => decodeTaxpayerRequest('I9')).toThrow(expect.objectContaining({ code: 'MCF_VALUE_INVALID' }));
  });
});

describe('C3h client (spec example)', () => {
  const example = 'PM,B1234567C,ABC SARL,BOULEVARD 23,3488772,info@abcsarl.cd,RCCM20250124';
  const client = { type: 'PM' as const, nif: 'B1234567C', name: 'ABC SARL', address: 'BOULEVARD 23', phone: '3488772', email: 'info@abcsarl.cd', rccm: 'RCCM20250124' };
  it('encodes the example data byte for byte', () => {
    expect(encodeClientRequest(client)).toBe(example);
    expect(decodeClientRequest(example)).toEqual(client);
  });
  it('reads "R" as accepted and "E:…" as refused', () => {
    expect(decodeClientAnswer('R')).toEqual({ ok: true, value: null });
    expect(decodeClientAnswer('E:FACTURE OUVERTE')).toEqual({ ok: false, message: 'FACTURE OUVERTE' });
  });
  it('sends no data for the default buyer', () => {
    expect(encodeClientRequest(null)).toBe('');
    expect(decodeClientRequest('')).toBeNull();
  });
});

describe('C0h open invoice (spec examples 1–4)', () => {
  const base = { operatorId: '1123', operatorName: 'Jan', priceMode: 'TTC' as const, isf: 'SFEABC001', number: 'FAC05/2025' };
  const cases: [string, OpenInvoiceRequest, string, string, number, number][] = [
    ['example 1: sale, no buyer information', { ...base, nif: '00001234A', invoice: { type: 'FV' } },
      '1123,Jan,00001234A,FV,TTC,SFEABC001,FAC05/2025', '24,50,,,,,,', 24, 50],
    ['example 2: credit note citing the original code', { ...base, nif: 'A1234567B', invoice: { type: 'FA', nature: 'COR', reference: 'ABCDABCDABCDABCDABCDABCD' } },
      '1123,Jan,A1234567B,FA,COR,ABCDABCDABCDABCDABCDABCD,TTC,SFEABC001,FAC05/2025', '1,51,,,,,,', 1, 51],
    ['example 3: sale with HT prices', { ...base, nif: 'A1234567B', priceMode: 'HT', invoice: { type: 'FV' } },
      '1123,Jan,A1234567B,FV,HT,SFEABC001,FAC05/2025', '26,53,,,,,,', 26, 53],
    ['example 4: export sale (answer has six fields, not eight)', { ...base, nif: 'A1234567B', invoice: { type: 'EV' } },
      '1123,Jan,A1234567B,EV,TTC,SFEABC001,FAC05/2025', '43,75,,,,,', 43, 75],
  ];
  for (const [name, request, data, answer, fc, tc] of cases) {
    it(`${name}: data and answer`, () => {
      expect(encodeOpenInvoiceRequest(request)).toBe(data);
      expect(decodeOpenInvoiceRequest(data)).toEqual(request);
      const decoded = decodeOpenInvoiceAnswer(answer);
      expect(decoded.ok && decoded.value.fc).toBe(fc);
      expect(decoded.ok && decoded.value.tc).toBe(tc);
    });
  }
  it('adds CRT and CDT for a USD rate', () => {
    const r: OpenInvoiceRequest = { ...base, nif: 'A1234567B', invoice: { type: 'FV' }, usdRate: { rate: 285000n, date: '20261125' } };
    expect(encodeOpenInvoiceRequest(r)).toBe('1123,Jan,A1234567B,FV,TTC,SFEABC001,FAC05/2025,2850.00,20261125');
    expect(decodeOpenInvoiceRequest(encodeOpenInvoiceRequest(r))).toEqual(r);
  });
  it('reads the repeated-number refusal as a refusal', () => {
    const a = decodeOpenInvoiceAnswer("E:LE NUMERO DE FACTURE EST DEJA UTILISE POUR LA FACTURE PRECEDENTE");
    expect(a.ok).toBe(false);
  });
  it('refuses an operator id longer than 16 characters', () => {
    const r: OpenInvoiceRequest = { ...base, operatorId: 'x'.repeat(17), nif: 'A1234567B', invoice: { type: 'FV' } };
    expect(() => encodeOpenInvoiceRequest(r)).toThrow(expect.objectContaining({ code: 'MCF_FIELD_TOO_LONG' }));
  });
});

describe('31h item (spec examples 1–6, TAB written as 09h)', () => {
  const b16 = { type: 'BIE' as const, group: 'B' as const, rate: 1600n };
  const cases: [string, ItemRequest, string][] = [
    ['example 1: water, exempt, 380', { name: 'Eau', type: 'BIE', group: 'A', rate: 0n, amount: 38000n, unitPrice: 38000n },
      'Eau\tBIE,A0.00%380\t380'],
    ['example 2: juice, taxable, 930 TTC', { name: 'JUS', ...b16, amount: 93000n, unitPrice: 93000n },
      'JUS\tBIE,B16.00%930\t930'],
    ['example 3: 2 x juice at 930', { name: 'JUS', ...b16, amount: 186000n, unitPrice: 93000n, quantity: 2000n },
      'JUS\tBIE,B16.00%1860\t930*2'],
    ['example 4: 4 x SPEC, T.S. 75 per unit (the PDF lacks the comma after BIE; we write it)',
      { name: 'SPEC', ...b16, amount: 235700n, unitPrice: 50000n, quantity: 4000n, specificTax: { rate: { kind: 'per-unit', amount: 7500n }, total: 30000n } },
      'SPEC\tBIE,B16.00%2357\t500*4;T75,300'],
    ['example 5: 4 x SPEC, T.S. 10 %',
      { name: 'SPEC', ...b16, amount: 220000n, unitPrice: 50000n, quantity: 4000n, specificTax: { rate: { kind: 'percent', rate: 1000n }, total: 16800n } },
      'SPEC\tBIE,B16.00%2200\t500*4;T10%,168'],
    ['example 6: 4 x SPEC reduced from 1000 to 500',
      { name: 'SPEC', ...b16, amount: 200000n, unitPrice: 50000n, quantity: 4000n, priceChange: { originalPrice: 100000n, description: 'réduction 50%' } },
      'SPEC\tBIE,B16.00%2000\t500*4\t1000,réduction 50%'],
  ];
  for (const [name, item, data] of cases) {
    it(`${name}`, () => {
      expect(encodeItemRequest(item, 'compact')).toBe(data);
      expect(decodeItemRequest(data)).toEqual(item);
    });
  }
  it('reads example 4 exactly as printed, without the comma', () => {
    expect(decodeItemRequest('SPEC\tBIEB16.00%2357\t500*4;T75,300')).toMatchObject({ type: 'BIE', group: 'B', amount: 235700n });
  });
  it('puts the internal code after a 0Ah byte and escapes a newline in the name as the spec table says', () => {
    const data = encodeItemRequest({ name: 'EAU\nPLATE', code: '6001', type: 'BIE', group: 'A', rate: 0n, amount: 72000n, unitPrice: 72000n });
    expect(data).toBe('EAU^xd;PLATE\n6001\tBIE,A0.00%720.00\t720.00');
    expect(decodeItemRequest(data)).toMatchObject({ name: 'EAU\nPLATE', code: '6001' });
  });
  it('writes a T.S. description and a fractional quantity', () => {
    const item: ItemRequest = { name: 'GASOIL', ...b16, amount: 125000n, unitPrice: 100000n, quantity: 1250n,
      specificTax: { rate: { kind: 'per-unit', amount: 1000n }, total: 1300n, description: 'accise, 1%' } };
    const data = encodeItemRequest(item);
    expect(data).toBe('GASOIL\tBIE,B16.00%1250.00\t1000.00*1.25;T10.00,13.00,accise^x2c; 1%');
    expect(decodeItemRequest(data)).toEqual(item);
  });
  it('refuses a name over 64 bytes and a TAB inside a name', () => {
    const long = { name: 'é'.repeat(33), type: 'BIE' as const, group: 'A' as const, rate: 0n, amount: 100n, unitPrice: 100n };
    expect(() => encodeItemRequest(long)).toThrow(expect.objectContaining({ code: 'MCF_FIELD_TOO_LONG' }));
    expect(() => encodeItemRequest({ ...long, name: 'A\tB' })).toThrow(expect.objectContaining({ code: 'MCF_TEXT_INVALID' }));
  });
  it('reads the answer MV,MH,MT,TS and a refusal', () => {
    expect(decodeItemAnswer('464.00,400.00,64.00,0.00')).toEqual({ ok: true, value: { total: 46400n, net: 40000n, vat: 6400n, specificTax: 0n } });
    expect(decodeItemAnswer('E:TAUX INVALIDE')).toEqual({ ok: false, message: 'TAUX INVALIDE' });
  });
});

describe('33h subtotal (spec example)', () => {
  it('decodes MV 4100, A 3600, B 500 with VAT 69', () => {
    const s = decodeSubtotalAnswer(SUBTOTAL_EXAMPLE);
    expect(s.total).toBe(410000n);
    expect(s.groupTotals.A).toBe(360000n);
    expect(s.groupTotals.B).toBe(50000n);
    expect(s.groupVat.B).toBe(6900n);
    expect(s.groupVat.A).toBe(0n);
    expect(s.specificTax).toBe(0n);
    expect(s.usdTotal).toBe(0n);
  });
  it('re-encodes to the example’s exact text (zeros as "0")', () => {
    expect(encodeSubtotalAnswer(decodeSubtotalAnswer(SUBTOTAL_EXAMPLE))).toBe(SUBTOTAL_EXAMPLE);
  });
});

describe('35h payments (spec examples 1–4)', () => {
  it('example 1: no data, the answer R0', () => {
    expect(encodePaymentRequest(null)).toBe('');
    expect(decodePaymentAnswer('R0')).toEqual({ ok: true, value: 0n });
  });
  it('example 2: C2400 by card, R0', () => {
    expect(encodePaymentRequest({ method: 'C', amount: 240000n })).toBe('C2400');
    expect(decodePaymentRequest('C2400')).toEqual({ method: 'C', amount: 240000n });
    expect(decodePaymentAnswer('R0')).toEqual({ ok: true, value: 0n });
  });
  it('example 3: M2000 leaves 400 due (R-400)', () => {
    expect(encodePaymentRequest({ method: 'M', amount: 200000n })).toBe('M2000');
    expect(decodePaymentAnswer('R-400')).toEqual({ ok: true, value: -40000n });
  });
  it('example 4: M1000, V500, E1000 answer R-1400, R-900, R100 (100 change)', () => {
    expect(['M1000', 'V500', 'E1000'].map(decodePaymentRequest)).toEqual([
      { method: 'M', amount: 100000n }, { method: 'V', amount: 50000n }, { method: 'E', amount: 100000n },
    ]);
    expect(['R-1400', 'R-900', 'R100'].map((t) => { const a = decodePaymentAnswer(t); return a.ok ? a.value : null; }))
      .toEqual([-140000n, -90000n, 10000n]);
  });
  it('a method without amount pays the remainder; an error answer is a refusal', () => {
    expect(encodePaymentRequest({ method: 'V' })).toBe('V');
    expect(decodePaymentRequest('V')).toEqual({ method: 'V' });
    expect(decodePaymentAnswer('E')).toEqual({ ok: false, message: '' });
  });
});

describe('36h comments', () => {
  it('reads with the line id alone and writes with line,content', () => {
    expect(encodeCommentRequest({ line: 'A' })).toBe('A');
    expect(encodeCommentRequest({ line: 'A', content: 'Dérogation DGI n° 12, 2026' })).toBe('A,Dérogation DGI n° 12^x2c; 2026');
    expect(decodeCommentRequest('A,Dérogation DGI n° 12^x2c; 2026')).toEqual({ line: 'A', content: 'Dérogation DGI n° 12, 2026' });
  });
  it('a read answers the content, a write answers R or E', () => {
    expect(decodeCommentAnswer({ line: 'B' }, 'Merci^x2c; à bientôt')).toEqual({ ok: true, value: 'Merci, à bientôt' });
    expect(decodeCommentAnswer({ line: 'B', content: 'x' }, 'R')).toEqual({ ok: true, value: 'x' });
    expect(decodeCommentAnswer({ line: 'B', content: 'x' }, 'E E:PAS DE FACTURE')).toEqual({ ok: false, message: 'PAS DE FACTURE' });
  });
});

describe('38h finalize (spec examples: valid, invalid, cancelled)', () => {
  it('valid amounts: data "2500.00,500.00" and the example answer (no R:, SIG before FN) decoded', () => {
    expect(encodeFinalizeRequest({ kind: 'seal', total: 250000n, vat: 50000n })).toBe('2500.00,500.00');
    expect(decodeFinalizeRequest('2500.00,500.00')).toEqual({ kind: 'seal', total: 250000n, vat: 50000n });
    const a = decodeFinalizeAnswer('42,70,FV,20250301122547,AB01000001-1,A1234567B,D357MYBKF6QSMSD2XWSEFT6S,FAC01/2025');
    expect(a).toEqual({ kind: 'sealed', fc: 42, tc: 70, type: 'FV', timestamp: '20250301122547', mid: 'AB01000001-1', nif: 'A1234567B', number: 'FAC01/2025', code: 'D357MYBKF6QSMSD2XWSEFT6S' });
  });
  it('the grammar form R:…,FN,SIG decodes to the same elements and is what we encode', () => {
    const sealed = decodeFinalizeAnswer('R:42,70,FV,20250301122547,AB01000001-1,A1234567B,FAC01/2025,D357MYBKF6QSMSD2XWSEFT6S');
    expect(sealed).toMatchObject({ kind: 'sealed', number: 'FAC01/2025', code: 'D357MYBKF6QSMSD2XWSEFT6S' });
    expect(encodeFinalizeAnswer(sealed)).toBe('R:42,70,FV,20250301122547,AB01000001-1,A1234567B,FAC01/2025,D357MYBKF6QSMSD2XWSEFT6S');
  });
  it('an invoice number that itself looks like a code is settled by the expected number', () => {
    const fn = 'ABCDEFGHIJKLMNOPQRSTUVWX';
    const a = decodeFinalizeAnswer(`42,70,FV,20250301122547,AB01000001-1,A1234567B,D357MYBKF6QSMSD2XWSEFT6S,${fn}`, fn);
    expect(a).toMatchObject({ number: fn, code: 'D357MYBKF6QSMSD2XWSEFT6S' });
  });
  it('invalid amounts: "2520.00,500.00" answered E:LE MONTANT N\'EST PAS VALIDE', () => {
    expect(decodeFinalizeRequest('2520.00,500.00')).toEqual({ kind: 'seal', total: 252000n, vat: 50000n });
    expect(decodeFinalizeAnswer("E:LE MONTANT N'EST PAS VALIDE")).toEqual({ kind: 'error', message: "LE MONTANT N'EST PAS VALIDE" });
  });
  it('cancelled: data "C" answered E:ANNULEE', () => {
    expect(encodeFinalizeRequest({ kind: 'cancel' })).toBe('C');
    const a = decodeFinalizeAnswer('E:ANNULEE');
    expect(a.kind === 'error' && isCancelledMessage(a.message)).toBe(true);
    expect(isCancelledMessage("LE MONTANT N'EST PAS VALIDE")).toBe(false);
  });
  it('pending: P:{MID},{NIF},{FN},{C|MV},{PR}', () => {
    expect(decodeFinalizeAnswer('P:AB01000001-1,A1234567B,FAC01/2025,2500.00,ENVOI EN COURS')).toEqual({
      kind: 'pending', mid: 'AB01000001-1', nif: 'A1234567B', number: 'FAC01/2025', of: 250000n, reason: 'ENVOI EN COURS' });
    expect(decodeFinalizeAnswer('P:AB01000001-1,A1234567B,FAC01/2025,C,X')).toMatchObject({ of: 'cancel' });
  });
  it('a sealed answer whose SIG is not a code is a bad answer, not a seal', () => {
    let error: unknown;
    try { decodeFinalizeAnswer('R:1,1,FV,20250301122547,M-1,N,F1,short'); } catch (e) { error = e; }
    expect(isDeviceError(error, 'MCF_BAD_ANSWER')).toBe(true);
  });
});

describe('QR payload (§5 example)', () => {
  it('builds RDCDEF01;MID;SIG;NIF;DT', () => {
    expect(qrPayload({ mid: 'AB01000001-1', code: 'D357MYBKF6QSMSD2XWSEFT6S', nif: 'A0001234A', timestamp: '20250301122547' }))
      .toBe('RDCDEF01;AB01000001-1;D357MYBKF6QSMSD2XWSEFT6S;A0001234A;20250301122547');
  });
});

describe('QR payload from a device answer', () => {
  it('a MID with a ";" inside is a bad answer, not a QR text that shifts its fields', () => {
    expect(() => qrPayload({ mid: 'AB01;1', code: 'D357MYBKF6QSMSD2XWSEFT6S', nif: 'A0001234A', timestamp: '20250301122547' }))
      .toThrow(expect.objectContaining({ code: 'MCF_BAD_ANSWER' }));
  });
});
