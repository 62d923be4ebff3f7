// The numbers invariant and the counters: each outlet number once, FC per authority and type, TC per device, no gap.
import type { SealCounters } from './invoice-types';
import type { CredentialClaims } from './audit-export';
import type { DeviceSummary, VerifyFailure } from './verify-types';
import { failure } from './verify-types';

type Holder = { seq: number; how: 'sealed' | 'voided' };

export type NumberBook = ReturnType<typeof newNumberBook>;

/**
 * The state of one pass over the ledger. `cloudAuthority` is the outlet's NIM: its FC counters come from the server's
 * gap-free per-type counter, so they must run 1, 2, 3… in ledger order; a till's (delegated) counters need only rise,
 * since a number the cloud rejected at reconciliation may leave a hole in its count.
 */
export function newNumberBook(cloudAuthority: string) {
  const holders = new Map<number, Holder>();
  const lastNumber = new Map<string, { n: number; seq: number }>();
  const lastFc = new Map<string, number>();
  const devices = new Map<string, DeviceSummary>();
  const deviceFc = new Map<string, number>();

  return {
    /** Claims an outlet number for a record; a second claim is a duplicate, named at the later record. */
    claim(n: number, seq: number, how: Holder['how']): VerifyFailure | null {
      const earlier = holders.get(n);
      if (earlier !== undefined) {
        return failure('numbers.duplicate', seq, `Fiscal number ${n} was already ${earlier.how} at seq ${earlier.seq}.`, n);
      }
      holders.set(n, { seq, how });
      return null;
    },

    /** Each authority's numbers rise along the ledger: the cloud seals in number order, a reconciliation appends a block in order. */
    order(authority: string, n: number, seq: number): VerifyFailure | null {
      const last = lastNumber.get(authority);
      lastNumber.set(authority, { n, seq });
      if (last !== undefined && n <= last.n) {
        return failure('numbers.order', seq, `Authority ${authority} sealed number ${n} after number ${last.n} (seq ${last.seq}); its numbers must rise along the ledger.`, n);
      }
      return null;
    },

    /** FC: per authority and type, 1, 2, 3… for the cloud authority; rising for a till's. */
    fc(authority: string, counters: SealCounters, seq: number, n: number | null): VerifyFailure | null {
      const key = `${authority}\u0000${counters.type}`;
      const last = lastFc.get(key) ?? 0;
      lastFc.set(key, counters.fc);
      const isCloud = authority === cloudAuthority;
      if (isCloud ? counters.fc !== last + 1 : counters.fc <= last) {
        const want = isCloud ? `${last + 1}` : `above ${last}`;
        return failure('counters.fc', seq, `FC of ${counters.type} for authority ${authority} is ${counters.fc}; expected ${want}.`, n);
      }
      return null;
    },

    /** A device's FC per type rises (counters.fc), and its TC runs on by one from the first mirrored invoice (device.continuity). */
    device(nim: string, counters: SealCounters, seq: number): VerifyFailure | null {
      const key = `${nim}\u0000${counters.type}`;
      const lastFc = deviceFc.get(key) ?? 0;
      if (counters.fc <= lastFc) return failure('counters.fc', seq, `Device ${nim} FC of ${counters.type} is ${counters.fc} after ${lastFc}; it must rise.`);
      const d = devices.get(nim);
      if (d !== undefined && counters.tc !== d.last_tc + 1) {
        return failure('device.continuity', seq, `Device ${nim} sealed TC ${counters.tc} after TC ${d.last_tc}; its invoices must follow one another.`);
      }
      deviceFc.set(key, counters.fc);
      if (d === undefined) devices.set(nim, { nim, first_tc: counters.tc, last_tc: counters.tc, count: 1 });
      else devices.set(nim, { ...d, last_tc: counters.tc, count: d.count + 1 });
      return null;
    },

    devices: (): DeviceSummary[] => [...devices.values()],

    /**
     * Numbers 1..N (N the highest number held by a record or a valid credential's block) each held once. A number no
     * record holds is pending when it lies in the block of a credential no void has closed (open, or expired and
     * awaiting its till's reconciliation); otherwise it is a gap, named at the record holding the next higher number.
     */
    gaps(credentials: CredentialClaims[], closed: ReadonlySet<string>, exportedMs: number) {
      const sorted = [...holders.keys()].sort((a, b) => a - b);
      const open = credentials.filter((c) => !closed.has(c.credential_id)).sort((a, b) => a.block.first - b.block.first);
      let top = sorted.length === 0 ? 0 : sorted[sorted.length - 1]!;
      for (const c of open) top = Math.max(top, c.block.last);
      const pending = { open: 0, expired: 0 };
      let next = 1;
      let si = 0;
      let oi = 0;
      while (next <= top) {
        while (si < sorted.length && sorted[si]! < next) si++;
        if (si < sorted.length && sorted[si] === next) {
          next++;
          continue;
        }
        while (oi < open.length && open[oi]!.block.last < next) oi++;
        const c = open[oi];
        if (c !== undefined && c.block.first <= next) {
          // Count this credential's unheld numbers at once instead of walking them one by one.
          const held = sorted.filter((n) => n >= next && n <= c.block.last).length;
          const free = c.block.last - next + 1 - held;
          if (Date.parse(c.expires_at) > exportedMs) pending.open += free;
          else pending.expired += free;
          next = c.block.last + 1;
          continue;
        }
        const after = si < sorted.length ? sorted[si]! : null;
        const seq = after === null ? null : holders.get(after)!.seq;
        const explained = after === null ? 'below the last reserved block' : `below number ${after}`;
        return { ok: false as const, failure: failure('numbers.gap', seq, `Fiscal number ${next} is neither sealed nor voided (${explained}), and no open credential holds it.`, next) };
      }
      return { ok: true as const, last: top, pending, voided: [...holders.values()].filter((h) => h.how === 'voided').length };
    },
  };
}
