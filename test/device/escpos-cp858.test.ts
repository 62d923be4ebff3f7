// Proves French accents and the euro sign survive encoder -> printer bytes -> emulator decoder, and what CP858 lacks is replaced.
import { describe, expect, it } from 'vitest';
import { decodeEscPos } from '../../device/emulator/escpos-decoder';
import { encodeEscPos } from '../../device/printer/escpos';
import { toPrintable } from '../../device/printer/text-fit';

const FRENCH = 'ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜàâäçéèêëîïôöùûüÿ«»°€';

describe('CP858 round trip', () => {
  it('É, è, ç and € come back from the printer bytes as they went in', () => {
    const job = decodeEscPos(encodeEscPos([{ op: 'text', text: 'É è ç €' }], { paper: '58mm' }));
    expect(job.lines.map((l) => l.text)).toEqual(['É è ç €']);
    expect(job.codePages).toEqual([19]);
  });

  it('every accented letter French uses, and the guillemets, degree and euro signs, round-trip on both papers', () => {
    for (const paper of ['58mm', '80mm'] as const) {
      const job = decodeEscPos(encodeEscPos([{ op: 'text', text: FRENCH, bold: true }], { paper }));
      expect(job.lines.map((l) => l.text).join('')).toBe(FRENCH);
    }
  });

  it('replaces typographic quotes and œ with what CP858 can print, and anything else with ?', () => {
    expect(toPrintable('L’œuvre – « 漢 »')).toBe("L'oeuvre - « ? »");
    const job = decodeEscPos(encodeEscPos([{ op: 'text', text: toPrintable('Cœur’s €') }], { paper: '80mm' }));
    expect(job.lines[0]?.text).toBe("Coeur's €");
  });
});
