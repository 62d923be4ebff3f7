// The bridge's bearer token: STALELA_BRIDGE_TOKEN, else one made once per install and kept in the data directory.
import { randomBytes, createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CoreError } from '../core/errors';
import { writeOnce } from '../core/write-once';

export const TOKEN_FILE = 'bridge-token';
/** Below this a token is guessable over a loopback socket that answers thousands of requests a second. */
export const MIN_TOKEN_LENGTH = 16;

export type BridgeToken = { token: string; source: 'env' | 'file' | 'created'; path: string | null };

/**
 * The file is written aside with mode 0600, then hard-linked into place, which fails if it already exists: two
 * processes starting at once end up with the same token, nobody ever reads a half-written file, and other users
 * of the machine cannot read it.
 */
export function loadBridgeToken(dataDir: string, env: NodeJS.ProcessEnv = process.env): BridgeToken {
  const fromEnv = env.STALELA_BRIDGE_TOKEN;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < MIN_TOKEN_LENGTH) {
      throw new CoreError('invalid_argument', `STALELA_BRIDGE_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters.`);
    }
    return { token: fromEnv, source: 'env', path: null };
  }
  const path = join(dataDir, TOKEN_FILE);
  const existing = readToken(path);
  if (existing !== null) return { token: existing, source: 'file', path };
  const token = randomBytes(32).toString('base64url');
  if (!writeOnce(path, `${token}\n`)) {
    const theirs = readToken(path);
    if (theirs === null) throw new CoreError('internal', `The bridge token file ${path} vanished while being created.`);
    return { token: theirs, source: 'file', path };
  }
  return { token, source: 'created', path };
}

function readToken(path: string): string | null {
  let stored: string;
  try {
    stored = readFileSync(path, 'utf8').trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  if (stored.length < MIN_TOKEN_LENGTH) {
    throw new CoreError('invalid_argument', `The bridge token file ${path} is damaged (shorter than ${MIN_TOKEN_LENGTH} characters): delete it to make a new token.`);
  }
  return stored;
}

/** Compares digests, so the time taken says nothing about the token's length or its first right characters. */
export function isSameToken(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
