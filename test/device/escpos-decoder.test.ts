// Proves the emulator's ESC/POS decoder reads hand-assembled command bytes (not our encoder's output) as a printer would.
import { describe, expect, it } from 'vitest';
import { createEscPosParser, decodeEscPos, summarizeJob } from '../../device/emulator/escpos-decoder';
import type { DecodedEvent } from '../../device/emulator/escpos-decoder-types';

const ESC = 0x1b;
const GS = 0x1d;
const DLE = 0x10;
const LF = 0x0a;
const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));
const bytes = (...parts: (number | number[])[]) => Uint8Array.from(parts.flat());

/** GS ( k with its pL pH length prefix. */
const gsk = (...data: number[]) => [GS, 0x28, 0x6b, data.length & 0xff, data.length >> 8, ...data];

describe('decodeEscPos: text and style', () => {
  it('reads bold spans, sizes from GS ! and ESC !, and the alignment in force at the start of a line', () => {
    const job = decodeEscPos(bytes(
      ESC, 0x40,
      ESC, 0x61, 1, ESC, 0x45, 1, ascii('TITRE'), ESC, 0x45, 0, LF,
      ESC, 0x61, 0, ascii('Total '), ESC, 0x45, 1, ascii('4.064'), ESC, 0x45, 0, LF,
      GS, 0x21, 0x11, ascii('BIG'), GS, 0x21, 0x00, LF,
      ESC, 0x21, 0x10, ascii('TALL'), ESC, 0x21, 0x00, LF,
    ));
    const [title, total, big, tall] = job.lines;
    expect(title).toMatchObject({ text: 'TITRE', align: 'center', isBold: true, width: 1, height: 1 });
    expect(total?.text).toBe('Total 4.064');
    expect(total?.isBold).toBe(false);
    expect(total?.spans.map((s) => [s.text, s.isBold])).toEqual([['Total ', false], ['4.064', true]]);
    expect(big).toMatchObject({ text: 'BIG', width: 2, height: 2 });
    expect(tall).toMatchObject({ text: 'TALL', width: 1, height: 2 });
  });

  it('decodes bytes 80h-FFh through the code page ESC t selected (19 = CP858, 0 = CP437)', () => {
    const job = decodeEscPos(bytes(ESC, 0x74, 19, 0x90, 0x8a, 0x87, 0xd5, LF, ESC, 0x74, 0, 0x90, 0xd5, LF));
    expect(job.lines.map((l) => l.text)).toEqual(['Éèç€', 'É╒']);
    expect(job.codePages).toEqual([19, 0]);
  });

  it('prints the buffer and feeds on ESC d n, and expands HT to the next multiple of eight columns', () => {
    const job = decodeEscPos(bytes(ascii('a'), ESC, 0x64, 3, ascii('ab'), 0x09, ascii('c'), LF));
    expect(job.lines.map((l) => l.text)).toEqual(['a', '', '', 'ab      c']);
  });

  it('ignores CR and keeps a line without LF as unterminated when the stream ends', () => {
    const job = decodeEscPos(bytes(ascii('x'), 0x0d, LF, ascii('pending')));
    expect(job.lines.map((l) => [l.text, l.isTerminated])).toEqual([['x', true], ['pending', false]]);
  });
});

describe('decodeEscPos: QR, cut, drawer, status', () => {
  it('rebuilds the QR from GS ( k functions 165/167/169/180/181 with its error level', () => {
    const payload = 'RDCDEF01;AB01000001-1;D357MYBKF6QSMSD2XWSEFT6S;A0001234A;20250301122547';
    const job = decodeEscPos(bytes(
      ESC, 0x61, 1,
      gsk(49, 65, 50, 0), gsk(49, 67, 5), gsk(49, 69, 51), gsk(49, 80, 48, ...ascii(payload)), gsk(49, 81, 48),
    ));
    expect(job.qrCodes).toEqual([
      expect.objectContaining({ payload, model: 2, moduleSize: 5, errorLevel: 'H', align: 'center' }),
    ]);
  });

  it('reports other 2D symbols (PDF417, cn 48) without mistaking them for QR', () => {
    const job = decodeEscPos(bytes(gsk(48, 80, 48, ...ascii('PDF')), gsk(48, 81, 48)));
    expect(job.qrCodes).toEqual([]);
    expect(job.events.filter((e) => e.kind === 'symbol')).toHaveLength(2);
  });

  it('reads GS V cuts (full, partial, with feed) and ESC p drawer pulses', () => {
    const job = decodeEscPos(bytes(ascii('end'), GS, 0x56, 66, 40, ESC, 0x70, 1, 25, 100, GS, 0x56, 0));
    expect(job.lines.map((l) => l.text)).toEqual(['end']);
    expect(job.cuts).toEqual([
      { kind: 'cut', mode: 'partial', feedDots: 40, end: 7 },
      { kind: 'cut', mode: 'full', feedDots: 0, end: 15 },
    ]);
    expect(job.drawerKicks).toEqual([{ kind: 'drawer', pin: 5, onMs: 50, offMs: 200 }]);
  });

  it('reports DLE EOT requests in the stream without printing them', () => {
    const job = decodeEscPos(bytes(ascii('a'), DLE, 0x04, 1, DLE, 0x04, 4, ascii('b'), LF));
    expect(job.lines.map((l) => l.text)).toEqual(['ab']);
    expect(job.events.filter((e) => e.kind === 'status-request')).toEqual([
      { kind: 'status-request', n: 1 },
      { kind: 'status-request', n: 4 },
    ]);
  });

  it('skips a raster image (GS v 0) by its size so the text after it still decodes', () => {
    const raster = [GS, 0x76, 0x30, 0, 2, 0, 3, 0, 0x0a, 0x1b, 0x1d, 0x0a, 0x10, 0x04];
    const job = decodeEscPos(bytes(raster, ascii('after'), LF));
    expect(job.events.find((e) => e.kind === 'image')).toEqual({ kind: 'image', widthDots: 16, heightDots: 3 });
    expect(job.lines.map((l) => l.text)).toEqual(['after']);
  });

  it('names an unknown command with its offset instead of guessing', () => {
    const job = decodeEscPos(bytes(ascii('ok'), LF, ESC, 0x01, ascii('x'), LF));
    expect(job.unknown).toEqual([{ kind: 'unknown', offset: 3, bytes: [ESC, 0x01] }]);
    expect(job.lines.map((l) => l.text)).toEqual(['ok', 'x']);
  });

  it('reports a command cut short by the end of the stream', () => {
    const job = decodeEscPos(bytes(ascii('a'), LF, GS, 0x28, 0x6b, 10, 0, 49));
    expect(job.unknown).toEqual([{ kind: 'unknown', offset: 2, bytes: [GS, 0x28, 0x6b, 10, 0, 49] }]);
  });
});

describe('createEscPosParser: streaming', () => {
  it('gives the same events when the bytes arrive one at a time', () => {
    const stream = bytes(
      ESC, 0x40, ESC, 0x74, 19, ESC, 0x45, 1, ascii('R'), 0x82, ascii('f'), ESC, 0x45, 0, LF,
      gsk(49, 69, 49), gsk(49, 80, 48, ...ascii('RDCDEF01;X')), gsk(49, 81, 48), DLE, 0x04, 2, GS, 0x56, 1,
    );
    const whole = decodeEscPos(stream);
    const parser = createEscPosParser();
    const events: DecodedEvent[] = [];
    for (const b of stream) events.push(...parser.push(Uint8Array.of(b)));
    events.push(...parser.end());
    expect(summarizeJob(events)).toEqual(whole);
    expect(whole.lines[0]?.text).toBe('Réf');
    expect(whole.qrCodes[0]?.payload).toBe('RDCDEF01;X');
  });
});
