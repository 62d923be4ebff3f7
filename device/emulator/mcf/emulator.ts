// The emulated MCF device: its memory and state machine behind the real frame protocol, with replay, SYN and faults.
import { dgiTimestamp } from '../../../fiscal/dgi-time';
import type { ByteTransport } from '../../transport/byte-transport';
import { commandLabel } from '../../mcf/commands/codes';
import { fromUtf8, utf8 } from '../../mcf/escape';
import { NAK, SYN, encodeResponseFrame, type CommandFrame } from '../../mcf/frame';
import { createCommandParser } from '../../mcf/frame-parser';
import { encodeStatus } from '../../mcf/status';
import { createFaultQueue, type FaultTarget, type McfFault } from './faults';
import { hmacCodeSigner, type CodeSigner } from './code-signer';
import { handleCommand, machineFlags } from './machine';
import type { MachineContext, VolatileState } from './machine-types';
import { freshState, loadState, saveState, type DurableState, type JournalEntry, type TaxpayerInfo } from './state';

export type McfEmulatorOptions = {
  /** JSON file of the device's memory; without it the memory lives in this process only. */
  statePath?: string;
  mid?: string;
  nif?: string;
  taxpayer?: TaxpayerInfo;
  /** Rates by group letter, "16.00"; default: the 2026 table. */
  rates?: DurableState['rates'];
  memoryCapacity?: number;
  /** Key of the HMAC signature code; a fixed development key by default. */
  key?: Uint8Array | string;
  /** Makes the codes instead of the HMAC key: es256CodeSigner over a PKCS#11 signer, for instance. */
  codeSigner?: CodeSigner;
  clock?: () => Date;
  /** Connected to the DGI server: seals upload at once and credit notes can be verified (default true). */
  online?: boolean;
  clockSet?: boolean;
  /** How long the device stays deaf after a power loss (default 300 ms). */
  rebootMs?: number;
  /** A partial frame older than this is dropped (default 50 ms: a full frame takes 21 ms at 115200 baud). */
  interByteTimeoutMs?: number;
  log?: (line: string) => void;
};

export type McfEmulatorStats = { commands: number; replays: number; naks: number; faults: number; powerLosses: number };

export type McfEmulator = {
  /** Serves the protocol on a link; returns the function that stops serving it. */
  attach(transport: ByteTransport): () => void;
  injectFault(fault: McfFault, target?: FaultTarget): void;
  /** Loses power now: the open invoice and the replay memory are gone, the memory is read back from disk. */
  powerLoss(rebootMs?: number): void;
  readonly journal: readonly JournalEntry[];
  readonly durable: Readonly<DurableState>;
  readonly isInvoiceOpen: boolean;
  readonly stats: Readonly<McfEmulatorStats>;
  /** Going online uploads everything not yet sent (C2h then shows it). */
  setOnline(online: boolean): void;
  setDailyReportDue(due: boolean): void;
  close(): void;
};

const DEV_KEY = 'stalela-mcf-emulator-development-key';
const SYN_INTERVAL_MS = 100;

const freshVolatile = (): VolatileState => ({ client: undefined, invoice: null, pendingRounds: 0 });
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function createMcfEmulator(options: McfEmulatorOptions = {}): McfEmulator {
  const path = options.statePath;
  const log = options.log ?? (() => {});
  const clock = options.clock ?? (() => new Date());
  const rebootMs = options.rebootMs ?? 300;
  const interByteMs = options.interByteTimeoutMs ?? 50;
  const initial = path === undefined ? null : loadState(path);
  let durable = initial ?? freshState(options);
  if (path !== undefined && initial === null) saveState(path, durable);

  const ctx: MachineContext = {
    durable,
    vol: freshVolatile(),
    now: () => dgiTimestamp(clock()),
    codeSigner: options.codeSigner ?? hmacCodeSigner(typeof options.key === 'string' ? utf8(options.key) : options.key ?? utf8(DEV_KEY)),
    online: options.online ?? true,
    clockSet: options.clockSet ?? true,
    persist: () => {
      if (path !== undefined) saveState(path, durable);
    },
  };
  // A device that boots online reaches the DGI server at once; C2h should not claim it never did.
  if (ctx.online && durable.upload.lastSuccess === null) {
    durable.upload = { sent: durable.journal.length, lastSuccess: ctx.now() };
    ctx.persist();
  }
  const faults = createFaultQueue();
  const stats: McfEmulatorStats = { commands: 0, replays: 0, naks: 0, faults: 0, powerLosses: 0 };
  /** The replay memory of §3.3: the last correctly received SEQ+CMD and the answer sent to it. */
  let last: { seq: number; cmd: number; bytes: Uint8Array } | null = null;
  let epoch = 0;
  let deafUntil = 0;
  const links = new Set<{ reset(): void; detach(): void }>();
  /** One processor: a command waiting for its code (a PKCS#11 signature) holds off every other link's commands. */
  let processor: Promise<unknown> = Promise.resolve();
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = processor.then(fn);
    processor = run.catch(() => undefined);
    return run;
  }

  function powerLoss(ms = rebootMs): void {
    stats.powerLosses++;
    epoch++;
    last = null;
    ctx.vol = freshVolatile();
    if (path !== undefined) {
      durable = loadState(path) ?? freshState(options);
      ctx.durable = durable;
    }
    deafUntil = Date.now() + ms;
    for (const l of links) l.reset();
    log(`power loss: rebooting for ${ms} ms (TC ${durable.counters.total})`);
  }

  async function deliver(t: ByteTransport, bytes: Uint8Array, fault: McfFault | undefined, at: number): Promise<void> {
    if (fault?.kind === 'slow') {
      for (let waited = 0; waited < fault.delayMs; waited += SYN_INTERVAL_MS) {
        await sleep(Math.min(SYN_INTERVAL_MS, fault.delayMs - waited));
        if (epoch !== at || !t.isOpen) return;
        if (waited + SYN_INTERVAL_MS < fault.delayMs) await t.write(Uint8Array.of(SYN));
      }
    }
    if (epoch !== at || !t.isOpen || fault?.kind === 'drop-answer') return;
    let out = bytes;
    if (fault?.kind === 'corrupt-answer') {
      out = Uint8Array.from(bytes);
      const i = 2 + Math.floor(Math.random() * (out.length - 8));
      out[i] = (out[i] as number) ^ (1 << Math.floor(Math.random() * 7));
    } else if (fault?.kind === 'truncate-answer') {
      out = bytes.subarray(0, Math.floor(bytes.length / 2));
    }
    await t.write(out);
  }

  async function onFrame(t: ByteTransport, frame: CommandFrame): Promise<void> {
    if (Date.now() < deafUntil) return; // queued before a power loss or while the link was dead
    const fault = faults.take(frame.cmd);
    if (fault !== undefined) {
      stats.faults++;
      log(`fault ${fault.kind} on ${commandLabel(frame.cmd)} seq ${frame.seq.toString(16)}`);
    }
    if (fault?.kind === 'garble-command') {
      stats.naks++;
      await t.write(Uint8Array.of(NAK));
      return;
    }
    if (fault?.kind === 'deaf') {
      deafUntil = Date.now() + fault.durationMs;
      return;
    }
    if (fault?.kind === 'power-loss' && fault.when === 'before') {
      powerLoss(fault.rebootMs);
      return;
    }
    if (fault?.kind === 'pending') ctx.vol.pendingRounds = fault.rounds;
    const bytes = await exclusive(async () => {
      if (last !== null && last.seq === frame.seq && last.cmd === frame.cmd) {
        stats.replays++;
        return last.bytes;
      }
      stats.commands++;
      let text: string;
      try {
        text = fromUtf8(frame.data);
      } catch {
        text = '\u0000';
      }
      const reply = text === '\u0000'
        ? { text: 'E:TEXTE NON UTF-8', flags: { syntaxError: true } }
        : await handleCommand(ctx, frame.cmd, text);
      const status = encodeStatus({ ...machineFlags(ctx), ...reply.flags });
      const out = encodeResponseFrame({ seq: frame.seq, cmd: frame.cmd, data: utf8(reply.text), status });
      last = { seq: frame.seq, cmd: frame.cmd, bytes: out };
      log(`${commandLabel(frame.cmd)} ${JSON.stringify(text)} -> ${JSON.stringify(reply.text)}`);
      return out;
    });
    if (fault?.kind === 'power-loss') {
      powerLoss(fault.rebootMs);
      return;
    }
    await deliver(t, bytes, fault, epoch);
  }

  function attach(t: ByteTransport): () => void {
    let chain: Promise<void> = Promise.resolve();
    let expireTimer: NodeJS.Timeout | undefined;
    const parser = createCommandParser((e) => {
      if (e.type === 'invalid') {
        stats.naks++;
        chain = chain.then(() => t.write(Uint8Array.of(NAK))).catch(() => undefined);
      } else if (e.type === 'frame') {
        const f = e.frame;
        // One command at a time, as a device with one processor does.
        chain = chain.then(() => onFrame(t, f)).catch((err: unknown) => log(`link error: ${String(err)}`));
      }
    });
    const offData = t.onData((bytes) => {
      if (Date.now() < deafUntil) return;
      parser.push(bytes);
      clearTimeout(expireTimer);
      if (parser.pending > 0) expireTimer = setTimeout(() => parser.expire(), interByteMs);
    });
    const link = {
      reset: () => parser.reset(),
      detach: () => {
        clearTimeout(expireTimer);
        offData();
        offClose();
        links.delete(link);
      },
    };
    const offClose = t.onClose(() => link.detach());
    links.add(link);
    return link.detach;
  }

  return {
    attach,
    injectFault: (fault, target) => faults.arm(fault, target),
    powerLoss: (ms) => powerLoss(ms),
    get journal() {
      return durable.journal;
    },
    get durable() {
      return durable;
    },
    get isInvoiceOpen() {
      return ctx.vol.invoice !== null;
    },
    stats,
    setOnline(online) {
      ctx.online = online;
      if (online && durable.upload.sent < durable.journal.length) {
        durable.upload = { sent: durable.journal.length, lastSuccess: ctx.now() };
        ctx.persist();
      }
    },
    setDailyReportDue(due) {
      durable.dailyReportDue = due;
      ctx.persist();
    },
    close() {
      for (const l of [...links]) l.detach();
    },
  };
}
