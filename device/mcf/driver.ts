// The SFE side of the MCF link: one command at a time, NAK/SYN/timeout handling, resends with the same SEQ, typed failures.
import { DeviceError } from '../errors';
import type { ByteTransport } from '../transport/byte-transport';
import { commandLabel } from './commands/codes';
import { fromUtf8, utf8 } from './escape';
import { SEQ_FIRST, SEQ_LAST, encodeCommandFrame, nextSeq, type ResponseFrame } from './frame';
import { createResponseParser, type ParserEvent } from './frame-parser';
import { decodeStatus, type McfStatus } from './status';

export type McfDriverOptions = {
  /** How long to wait for an answer or a SYN; at least 500 ms (§3.1), shorter values are raised to it. */
  timeoutMs?: number;
  /** Sends per command, the first included, before giving up (default 4). */
  maxAttempts?: number;
  /** How long a device may keep answering SYN before we give up on the command (default 60 s). */
  maxBusyMs?: number;
  /** First SEQ; random by default so a restarted SFE does not collide with the device's memory of its last command. */
  initialSeq?: number;
  onEvent?: (e: DriverEvent) => void;
};

export type DriverEventType = 'sent' | 'resent' | 'answer' | 'nak' | 'syn' | 'timeout' | 'bad-frame' | 'stale' | 'failed';
export type DriverEvent = { type: DriverEventType; cmd: number; seq: number; attempt: number; detail?: string };

export type McfAnswer = { seq: number; cmd: number; data: Uint8Array; text: string; status: McfStatus };

export type McfDriverStats = {
  commands: number;
  sends: number;
  resends: number;
  naks: number;
  syns: number;
  timeouts: number;
  badFrames: number;
  staleFrames: number;
  bytesSent: number;
  bytesReceived: number;
};

export type McfDriver = {
  readonly transport: ByteTransport;
  /** Sends one command and resolves with its answer; commands queue and run one at a time. */
  send(cmd: number, data?: string | Uint8Array): Promise<McfAnswer>;
  readonly stats: Readonly<McfDriverStats>;
  /** Stops listening; does not close the transport. */
  detach(): void;
};

type FailReason = 'timeout' | 'nak' | 'bad';

type Exchange = {
  seq: number;
  cmd: number;
  bytes: Uint8Array;
  attempt: number;
  lastReason: FailReason;
  timer: NodeJS.Timeout | undefined;
  busySince: number | undefined;
  resendQueued: boolean;
  resolve: (a: McfAnswer) => void;
  reject: (e: DeviceError) => void;
};

const RECENT = 4;
export const MIN_TIMEOUT_MS = 500;

export function createMcfDriver(transport: ByteTransport, options: McfDriverOptions = {}): McfDriver {
  // §3.1: the SFE must wait at least 500 ms; a shorter setting would resend while the device is still in time.
  const timeoutMs = Math.max(MIN_TIMEOUT_MS, options.timeoutMs ?? MIN_TIMEOUT_MS);
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  const maxBusyMs = options.maxBusyMs ?? 60_000;
  const emit = options.onEvent ?? (() => {});
  const stats: McfDriverStats = { commands: 0, sends: 0, resends: 0, naks: 0, syns: 0, timeouts: 0, badFrames: 0, staleFrames: 0, bytesSent: 0, bytesReceived: 0 };
  let seq = options.initialSeq ?? SEQ_FIRST + Math.floor(Math.random() * (SEQ_LAST - SEQ_FIRST + 1));
  const recent: number[] = [];
  let current: Exchange | undefined;
  let tail: Promise<unknown> = Promise.resolve();
  let closedReason: DeviceError | undefined;

  const parser = createResponseParser((e) => onParserEvent(e));
  const offData = transport.onData((bytes) => {
    stats.bytesReceived += bytes.length;
    parser.push(bytes);
  });
  const offClose = transport.onClose((reason) => {
    closedReason = reason ?? new DeviceError('TRANSPORT_CLOSED', `The link to the MCF (${transport.description}) was closed.`);
    if (current) finish(current, closedReason);
  });

  function event(type: DriverEventType, ex: Exchange, detail?: string): void {
    emit({ type, cmd: ex.cmd, seq: ex.seq, attempt: ex.attempt, ...(detail === undefined ? {} : { detail }) });
  }

  function armTimer(ex: Exchange): void {
    clearTimeout(ex.timer);
    ex.timer = setTimeout(() => {
      stats.timeouts++;
      event('timeout', ex);
      ex.lastReason = 'timeout';
      // Whatever half-frame is buffered belongs to the lost answer; the device will replay it whole.
      parser.reset();
      void transmit(ex);
    }, timeoutMs);
  }

  async function transmit(ex: Exchange): Promise<void> {
    if (current !== ex) return;
    if (ex.attempt >= maxAttempts) {
      finish(ex, failure(ex));
      return;
    }
    ex.attempt++;
    ex.busySince = undefined;
    ex.resendQueued = false;
    if (ex.attempt > 1) {
      stats.resends++;
      event('resent', ex, ex.lastReason);
    } else {
      event('sent', ex);
    }
    stats.sends++;
    stats.bytesSent += ex.bytes.length;
    armTimer(ex);
    try {
      await transport.write(ex.bytes);
    } catch (err) {
      finish(ex, err instanceof DeviceError ? err : new DeviceError('TRANSPORT_WRITE_FAILED', `Writing to ${transport.description} failed.`, { cause: err }));
    }
  }

  function failure(ex: Exchange): DeviceError {
    const label = commandLabel(ex.cmd);
    const details = { command: label, seq: ex.seq, attempts: ex.attempt };
    if (ex.lastReason === 'nak') {
      return new DeviceError('MCF_NAK_LIMIT', `The MCF refused the ${label} frame as garbled ${ex.attempt} times in a row.`, {
        details, hint: 'Check the cable and the port settings (115200 8N1).',
      });
    }
    if (ex.lastReason === 'bad') {
      return new DeviceError('MCF_BAD_ANSWER', `The MCF's answers to ${label} arrived damaged ${ex.attempt} times in a row.`, {
        details, hint: 'Check the cable and the port settings (115200 8N1).',
      });
    }
    return new DeviceError('MCF_NO_ANSWER', `The MCF did not answer ${label} after ${ex.attempt} tries of ${timeoutMs} ms.`, {
      details, hint: 'Check that the MCF is powered and connected, and that the right port is selected.',
    });
  }

  function finish(ex: Exchange, result: McfAnswer | DeviceError): void {
    if (current !== ex) return;
    clearTimeout(ex.timer);
    current = undefined;
    recent.push(ex.seq);
    if (recent.length > RECENT) recent.shift();
    if (result instanceof DeviceError) {
      event('failed', ex, result.code);
      ex.reject(result);
    } else {
      event('answer', ex);
      ex.resolve(result);
    }
  }

  /** Several damaged pieces of one answer must cost one resend, not one each. */
  function resendSoon(ex: Exchange, reason: FailReason): void {
    ex.lastReason = reason;
    if (ex.resendQueued) return;
    ex.resendQueued = true;
    setImmediate(() => {
      if (current === ex && ex.resendQueued) void transmit(ex);
    });
  }

  function onParserEvent(e: ParserEvent<ResponseFrame>): void {
    const ex = current;
    if (ex === undefined) {
      if (e.type === 'frame') stats.staleFrames++;
      return;
    }
    switch (e.type) {
      case 'frame': {
        const f = e.frame;
        if (f.seq === ex.seq && f.cmd === ex.cmd) {
          let text: string;
          try {
            text = fromUtf8(f.data);
          } catch (err) {
            finish(ex, err as DeviceError);
            return;
          }
          finish(ex, { seq: f.seq, cmd: f.cmd, data: f.data, text, status: decodeStatus(f.status) });
        } else if (recent.includes(f.seq)) {
          // A late or replayed answer to an earlier command: resending would only breed more duplicates.
          stats.staleFrames++;
          event('stale', ex, `seq ${f.seq.toString(16)}`);
        } else {
          stats.badFrames++;
          event('bad-frame', ex, 'wrong SEQ or CMD');
          resendSoon(ex, 'bad');
        }
        return;
      }
      case 'nak':
        stats.naks++;
        event('nak', ex);
        resendSoon(ex, 'nak');
        return;
      case 'syn': {
        stats.syns++;
        event('syn', ex);
        const now = Date.now();
        ex.busySince ??= now;
        if (now - ex.busySince > maxBusyMs) {
          finish(ex, new DeviceError('MCF_BUSY_TOO_LONG', `The MCF stayed busy on ${commandLabel(ex.cmd)} for more than ${maxBusyMs} ms.`, {
            details: { command: commandLabel(ex.cmd) },
          }));
          return;
        }
        armTimer(ex);
        return;
      }
      case 'invalid':
        stats.badFrames++;
        event('bad-frame', ex, e.reason);
        resendSoon(ex, 'bad');
        return;
      case 'noise':
        return;
    }
  }

  function run(cmd: number, data: Uint8Array): Promise<McfAnswer> {
    return new Promise<McfAnswer>((resolve, reject) => {
      if (closedReason !== undefined || !transport.isOpen) {
        reject(closedReason ?? new DeviceError('TRANSPORT_CLOSED', `The link to the MCF (${transport.description}) is closed.`));
        return;
      }
      seq = nextSeq(seq);
      let bytes: Uint8Array;
      try {
        bytes = encodeCommandFrame({ seq, cmd, data });
      } catch (err) {
        reject(err);
        return;
      }
      stats.commands++;
      parser.reset();
      const ex: Exchange = { seq, cmd, bytes, attempt: 0, lastReason: 'timeout', timer: undefined, busySince: undefined, resendQueued: false, resolve, reject };
      current = ex;
      void transmit(ex);
    });
  }

  return {
    transport,
    stats,
    send(cmd, data = '') {
      const bytes = typeof data === 'string' ? utf8(data) : data;
      const next = tail.then(() => run(cmd, bytes));
      tail = next.catch(() => undefined);
      return next;
    },
    detach() {
      offData();
      offClose();
      if (current) finish(current, new DeviceError('TRANSPORT_CLOSED', 'The MCF driver was detached while a command was waiting.'));
    },
  };
}
