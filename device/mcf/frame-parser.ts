// Streaming MCF frame parser: bytes in any chunking in, frames / NAK / SYN / invalid-frame events out, resyncing on garbage.
import {
  AMB, BRK, COMMAND_OVERHEAD, ETX, LEN_OFFSET, NAK, RESPONSE_OVERHEAD, SOH, STATUS_LENGTH, SYN,
  checksum, readBcc, type CommandFrame, type ResponseFrame,
} from './frame';

export type InvalidReason = 'length' | 'etx' | 'separator' | 'bcc-digits' | 'bcc' | 'truncated';

export type ParserEvent<F> =
  | { type: 'frame'; frame: F }
  | { type: 'nak' }
  | { type: 'syn' }
  /** Something that began with SOH but is not a good frame: the device answers NAK, the SFE resends. */
  | { type: 'invalid'; reason: InvalidReason; seq?: number; cmd?: number }
  /** Bytes outside any frame that are neither NAK nor SYN (line noise, a late fragment). */
  | { type: 'noise'; count: number };

export type FrameParser = {
  push(bytes: Uint8Array): void;
  /** Gives up on a partial frame that stopped arriving (dropped bytes): its SOH is skipped and the rest rescanned. */
  expire(): void;
  /** Forgets everything buffered. */
  reset(): void;
  /** Bytes buffered, waiting for the rest of a frame. */
  readonly pending: number;
};

type Kind = 'command' | 'response';

/** Parser for what the device receives (commands). */
export function createCommandParser(onEvent: (e: ParserEvent<CommandFrame>) => void): FrameParser {
  return createParser('command', onEvent as (e: ParserEvent<CommandFrame | ResponseFrame>) => void);
}

/** Parser for what the SFE receives (responses, NAK, SYN). */
export function createResponseParser(onEvent: (e: ParserEvent<ResponseFrame>) => void): FrameParser {
  return createParser('response', onEvent as (e: ParserEvent<CommandFrame | ResponseFrame>) => void);
}

function createParser(kind: Kind, onEvent: (e: ParserEvent<CommandFrame | ResponseFrame>) => void): FrameParser {
  const overhead = kind === 'command' ? COMMAND_OVERHEAD : RESPONSE_OVERHEAD;
  let buf = new Uint8Array(512);
  let start = 0;
  let end = 0;

  const append = (bytes: Uint8Array): void => {
    if (end + bytes.length > buf.length) {
      const live = end - start;
      const bigger = live + bytes.length > buf.length ? new Uint8Array(Math.max(buf.length * 2, live + bytes.length)) : buf;
      bigger.set(buf.subarray(start, end), 0);
      buf = bigger;
      start = 0;
      end = live;
    }
    buf.set(bytes, end);
    end += bytes.length;
  };

  /** Validates the complete candidate frame at `start`; returns the event to emit. */
  const check = (total: number): ParserEvent<CommandFrame | ResponseFrame> => {
    const f = buf.subarray(start, start + total);
    const seq = f[2] as number;
    const cmd = f[3] as number;
    const ambAt = total - 6;
    if (f[total - 1] !== ETX) return { type: 'invalid', reason: 'etx', seq, cmd };
    if (f[ambAt] !== AMB) return { type: 'invalid', reason: 'separator', seq, cmd };
    if (kind === 'response' && f[ambAt - STATUS_LENGTH - 1] !== BRK) return { type: 'invalid', reason: 'separator', seq, cmd };
    const bcc = readBcc(f, ambAt + 1);
    if (bcc === null) return { type: 'invalid', reason: 'bcc-digits', seq, cmd };
    if (bcc !== checksum(f, 1, ambAt + 1)) return { type: 'invalid', reason: 'bcc', seq, cmd };
    const dataEnd = kind === 'command' ? ambAt : ambAt - STATUS_LENGTH - 1;
    const data = Uint8Array.from(f.subarray(4, dataEnd));
    if (kind === 'command') return { type: 'frame', frame: { seq, cmd, data } };
    const status = Uint8Array.from(f.subarray(dataEnd + 1, dataEnd + 1 + STATUS_LENGTH));
    return { type: 'frame', frame: { seq, cmd, data, status } };
  };

  const scan = (): void => {
    for (;;) {
      // Outside a frame: single control bytes and noise until the next SOH.
      let noise = 0;
      while (start < end && buf[start] !== SOH) {
        const b = buf[start] as number;
        start++;
        if (b === NAK || b === SYN) {
          if (noise > 0) onEvent({ type: 'noise', count: noise });
          noise = 0;
          onEvent({ type: b === NAK ? 'nak' : 'syn' });
        } else {
          noise++;
        }
      }
      if (noise > 0) onEvent({ type: 'noise', count: noise });
      if (end - start < 2) break;
      const len = buf[start + 1] as number;
      if (len < LEN_OFFSET + overhead) {
        onEvent({ type: 'invalid', reason: 'length' });
        start++; // skip this SOH; a real frame may start inside what followed it
        continue;
      }
      const total = 1 + (len - LEN_OFFSET) + 4 + 1;
      if (end - start < total) break;
      const event = check(total);
      onEvent(event);
      start += event.type === 'frame' ? total : 1;
    }
    if (start === end) {
      start = 0;
      end = 0;
    }
  };

  return {
    push(bytes) {
      if (bytes.length === 0) return;
      append(bytes);
      scan();
    },
    expire() {
      if (start < end && buf[start] === SOH) {
        const seq = end - start > 2 ? buf[start + 2] : undefined;
        const cmd = end - start > 3 ? buf[start + 3] : undefined;
        onEvent({ type: 'invalid', reason: 'truncated', ...(seq === undefined ? {} : { seq }), ...(cmd === undefined ? {} : { cmd }) });
        start++;
        scan();
      }
    },
    reset() {
      start = 0;
      end = 0;
    },
    get pending() {
      return end - start;
    },
  };
}
