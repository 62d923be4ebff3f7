// Framing of "Protocoles SFE-MCF v1.0" §3.2/§3.3: exact bytes, the checksum, SEQ cycling, and the streaming parser's resync.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  NAK, SEQ_FIRST, SOH, SYN, commandFrameSize, encodeCommandFrame, encodeResponseFrame, nextSeq, readBcc, writeBcc,
  type CommandFrame, type ResponseFrame,
} from '../../device/mcf/frame';
import { createCommandParser, createResponseParser, type ParserEvent } from '../../device/mcf/frame-parser';
import { encodeStatus } from '../../device/mcf/status';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

function collect<F>(make: (cb: (e: ParserEvent<F>) => void) => { push(b: Uint8Array): void; expire(): void }) {
  const events: ParserEvent<F>[] = [];
  const parser = make((e) => events.push(e));
  return { events, parser };
}

describe('checksum', () => {
  it('sends 12ABh as 31h 32h 3Ah 3Bh, as the spec’s example says', () => {
    const out = new Uint8Array(4);
    writeBcc(out, 0, 0x12ab);
    expect([...out]).toEqual([0x31, 0x32, 0x3a, 0x3b]);
    expect(readBcc(out, 0)).toBe(0x12ab);
  });
  it('refuses checksum digits outside 30h–3Fh', () => {
    expect(readBcc(Uint8Array.from([0x31, 0x32, 0x40, 0x30]), 0)).toBeNull();
  });
});

describe('command frame', () => {
  it('is SOH LEN SEQ CMD DATA AMB BCC ETX with LEN = 20h + bytes from LEN to AMB and BCC over LEN..AMB', () => {
    const bytes = encodeCommandFrame({ seq: 0x20, cmd: 0xc1, data: new Uint8Array() });
    // LEN = 20h + 4 (LEN SEQ CMD AMB); BCC = 24h + 20h + C1h + 05h = 10Ah.
    expect([...bytes]).toEqual([0x01, 0x24, 0x20, 0xc1, 0x05, 0x30, 0x31, 0x30, 0x3a, 0x03]);
  });
  it('carries data verbatim and counts it in LEN', () => {
    const bytes = encodeCommandFrame({ seq: 0x2a, cmd: 0x2b, data: ascii('I0') });
    expect(bytes[1]).toBe(0x20 + 4 + 2);
    expect([...bytes.subarray(4, 6)]).toEqual([0x49, 0x30]);
    expect(bytes.length).toBe(commandFrameSize(2));
  });
  it('refuses more than 200 data bytes', () => {
    expect(() => encodeCommandFrame({ seq: 0x20, cmd: 0x31, data: new Uint8Array(201).fill(0x41) }))
      .toThrow(expect.objectContaining({ code: 'MCF_DATA_TOO_LONG' }));
  });
});

describe('response frame', () => {
  it('is SOH LEN SEQ CMD DATA BRK STA AMB BCC ETX with six status bytes', () => {
    const status = encodeStatus({ invoiceOpen: true });
    const bytes = encodeResponseFrame({ seq: 0x21, cmd: 0x33, data: ascii('R'), status });
    expect(bytes[0]).toBe(SOH);
    expect(bytes[1]).toBe(0x20 + 11 + 1);
    expect(bytes[5]).toBe(0x04);
    expect([...bytes.subarray(6, 12)]).toEqual([...status]);
    expect(bytes[12]).toBe(0x05);
    const sum = [...bytes.subarray(1, 13)].reduce((a, b) => a + b, 0) & 0xffff;
    expect(readBcc(bytes, 13)).toBe(sum);
    expect(bytes[17]).toBe(0x03);
  });
});

describe('SEQ', () => {
  it('runs 20h..FFh and wraps to 20h', () => {
    expect(nextSeq(0x20)).toBe(0x21);
    expect(nextSeq(0xfe)).toBe(0xff);
    expect(nextSeq(0xff)).toBe(SEQ_FIRST);
    let s = SEQ_FIRST;
    const seen = new Set<number>();
    for (let i = 0; i < 224; i++) { seen.add(s); s = nextSeq(s); }
    expect(seen.size).toBe(224);
    expect(s).toBe(SEQ_FIRST);
  });
});

describe('streaming parser', () => {
  const frame: ResponseFrame = { seq: 0x30, cmd: 0xc1, data: ascii('A,B,C'), status: encodeStatus() };
  it('reassembles a response delivered one byte at a time', () => {
    const { events, parser } = collect(createResponseParser);
    for (const b of encodeResponseFrame(frame)) parser.push(Uint8Array.of(b));
    expect(events).toEqual([{ type: 'frame', frame }]);
  });
  it('reports NAK and SYN single bytes and skips noise before a frame', () => {
    const { events, parser } = collect(createResponseParser);
    parser.push(Uint8Array.from([SYN, 0x41, 0x42, NAK, ...encodeResponseFrame(frame)]));
    expect(events.map((e) => e.type)).toEqual(['syn', 'noise', 'nak', 'frame']);
  });
  it('flags a corrupted byte as a bad BCC and still finds the next good frame', () => {
    const bad = encodeResponseFrame(frame);
    bad[6] ^= 0x01;
    const { events, parser } = collect(createResponseParser);
    parser.push(Uint8Array.from([...bad, ...encodeResponseFrame(frame)]));
    expect(events[0]).toMatchObject({ type: 'invalid', reason: 'bcc' });
    expect(events.filter((e) => e.type === 'frame')).toHaveLength(1);
  });
  it('gives up on a truncated frame when told it expired and parses what follows', () => {
    const good = encodeResponseFrame(frame);
    const { events, parser } = collect(createResponseParser);
    parser.push(good.subarray(0, 9));
    expect(events).toEqual([]);
    parser.expire();
    parser.push(good);
    expect(events.map((e) => e.type)).toContain('frame');
    expect(events[0]).toMatchObject({ type: 'invalid', reason: 'truncated' });
  });
  it('resyncs when a corrupted LEN claims a longer frame than was sent', () => {
    const bad = encodeResponseFrame(frame);
    bad[1] = 0xff;
    const { events, parser } = collect(createResponseParser);
    parser.push(bad);
    for (let i = 0; i < 12; i++) parser.push(encodeResponseFrame(frame));
    expect(events.some((e) => e.type === 'invalid')).toBe(true);
    expect(events.filter((e) => e.type === 'frame').length).toBeGreaterThanOrEqual(11);
  });
  it('a command parser accepts commands whose data holds TAB and LF (31h)', () => {
    const cmd: CommandFrame = { seq: 0x44, cmd: 0x31, data: ascii('EAU\n6001\tBIE,A0.00%720\t720') };
    const { events, parser } = collect(createCommandParser);
    parser.push(encodeCommandFrame(cmd));
    expect(events).toEqual([{ type: 'frame', frame: cmd }]);
  });

  it('property: any frames, any chunking, garbage without SOH between them: every frame comes out, in order', () => {
    const frameArb = fc.record({
      seq: fc.integer({ min: 0x20, max: 0xff }),
      cmd: fc.integer({ min: 0x20, max: 0xff }),
      data: fc.uint8Array({ maxLength: 200 }).map((d) => d.map((b) => (b < 0x20 ? b + 0x20 : b))),
    });
    const garbage = fc.uint8Array({ maxLength: 8 }).map((g) => g.map((b) => (b === SOH || b === NAK || b === SYN ? 0x7e : b)));
    fc.assert(fc.property(fc.array(fc.tuple(frameArb, garbage), { maxLength: 6 }), fc.integer({ min: 1, max: 40 }), (items, chunk) => {
      const wire = items.flatMap(([f, g]) => [...g, ...encodeCommandFrame(f)]);
      const { events, parser } = collect(createCommandParser);
      for (let i = 0; i < wire.length; i += chunk) parser.push(Uint8Array.from(wire.slice(i, i + chunk)));
      const frames = events.flatMap((e) => (e.type === 'frame' ? [e.frame] : []));
      expect(frames).toEqual(items.map(([f]) => ({ ...f, data: Uint8Array.from(f.data) })));
    }), { numRuns: 200 });
  });

  it('property: one flipped bit anywhere in a response never yields a wrong frame', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 0, maxLength: 100 }).map((d) => d.map((b) => b | 0x20)), fc.nat(), fc.integer({ min: 0, max: 7 }), (data, pos, bit) => {
      const f: ResponseFrame = { seq: 0x55, cmd: 0x38, data, status: encodeStatus() };
      const bytes = encodeResponseFrame(f);
      const at = pos % bytes.length;
      bytes[at] = (bytes[at] as number) ^ (1 << bit);
      const { events, parser } = collect(createResponseParser);
      parser.push(bytes);
      parser.expire();
      for (const e of events) if (e.type === 'frame') expect(e.frame).toEqual(f);
      // A single flipped bit changes the sum, so no frame at all is accepted.
      expect(events.some((e) => e.type === 'frame')).toBe(false);
    }), { numRuns: 500 });
  });
});
