// Test helpers for serial over a socat PTY pair: whether socat exists, and a pair that is always cleaned up.
import { execFileSync } from 'node:child_process';
import { openPtyPair, type PtyPair } from '../../device/transport/pty-pair';

/** True when `socat` is on the PATH (apt-get install socat); PTY tests are skipped with a reason otherwise. */
export function hasSocat(): boolean {
  try {
    execFileSync('socat', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const SOCAT_MISSING = 'socat is not installed (apt-get install socat): the PTY tests need it';

/** Opens a PTY pair and registers its closing with the caller's cleanup list. */
export async function ptyPair(cleanups: (() => Promise<void>)[]): Promise<PtyPair> {
  const pair = await openPtyPair();
  cleanups.push(() => pair.close());
  return pair;
}
