// Faults the emulated MCF can inject, and the queue that arms them for a given command.

export type McfFault =
  /** One bit of the answer flipped: the SFE sees a bad checksum and resends; the device replays. */
  | { kind: 'corrupt-answer' }
  /** The answer never leaves: the SFE times out and resends the same SEQ+CMD; the device replays. */
  | { kind: 'drop-answer' }
  /** Only the first half of the answer leaves. */
  | { kind: 'truncate-answer' }
  /** The command is treated as garbled on arrival: NAK, nothing executed. */
  | { kind: 'garble-command' }
  /** The answer is late: SYN every 100 ms meanwhile, as §3.3.1 says. */
  | { kind: 'slow'; delayMs: number }
  /** The next 38h seals answer P: (pending) this many times before sealing. */
  | { kind: 'pending'; rounds: number }
  /** Power lost when the command arrives ('before' it runs) or once it has run ('after', no answer sent). */
  | { kind: 'power-loss'; when: 'before' | 'after'; rebootMs?: number }
  /** The link is dead for a while (cable pulled); the device keeps its state. */
  | { kind: 'deaf'; durationMs: number };

export type FaultKind = McfFault['kind'];

/** Which received frame a fault hits: the first one (after skipping `after`) whose CMD is `command`, if given. */
export type FaultTarget = { command?: number; after?: number };

type Armed = { fault: McfFault; command: number | undefined; skip: number };

export type FaultQueue = {
  arm(fault: McfFault, target?: FaultTarget): void;
  /** The fault that hits this frame, if any (at most one per frame; the rest wait for later frames). */
  take(cmd: number): McfFault | undefined;
  readonly armed: number;
  clear(): void;
};

export function createFaultQueue(): FaultQueue {
  let queue: Armed[] = [];
  return {
    arm(fault, target = {}) {
      queue.push({ fault, command: target.command, skip: target.after ?? 0 });
    },
    take(cmd) {
      let hit: McfFault | undefined;
      const rest: Armed[] = [];
      for (const a of queue) {
        if (hit === undefined && (a.command === undefined || a.command === cmd)) {
          if (a.skip > 0) {
            a.skip--;
            rest.push(a);
          } else {
            hit = a.fault;
          }
        } else {
          rest.push(a);
        }
      }
      queue = rest;
      return hit;
    },
    get armed() {
      return queue.length;
    },
    clear() {
      queue = [];
    },
  };
}
