// Creates a small private file exactly once, even when two processes start at the same moment.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes `content` aside with mode 0600 (fsynced), then hard-links it into place, which fails if the file already
 * exists. Answers true when this call created the file, false when another was first (read theirs). Nobody ever
 * reads a half-written file, and other users of the machine cannot read it.
 */
export function writeOnce(path: string, content: string): boolean {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(aside, 'wx', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(aside, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return false;
  } finally {
    unlinkSync(aside);
  }
}
