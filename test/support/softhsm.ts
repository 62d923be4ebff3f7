// Test helper: a fresh SoftHSM2 token in a temporary directory, initialized non-interactively, never the system's tokens.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

export type SoftHsmToken = {
  module: string;
  label: string;
  pin: string;
  soPin: string;
  /** The softhsm2.conf this token lives under (also set as SOFTHSM2_CONF for this process). */
  conf: string;
  cleanup: () => void;
};

/**
 * Writes a softhsm2.conf whose token directory is private to the test, points SOFTHSM2_CONF at it (the module
 * reads it at C_Initialize) and initializes one token with `softhsm2-util --init-token --free`.
 */
export function createSoftHsmToken(label = 'stalela-test', pin = '246810', soPin = '13579111'): SoftHsmToken {
  const dir = mkdtempSync(join(tmpdir(), 'stalela-softhsm-'));
  const tokens = join(dir, 'tokens');
  mkdirSync(tokens);
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
  process.env.SOFTHSM2_CONF = conf;
  execFileSync('softhsm2-util', ['--init-token', '--free', '--label', label, '--so-pin', soPin, '--pin', pin], {
    env: { ...process.env, SOFTHSM2_CONF: conf },
    stdio: 'pipe',
  });
  return { module: SOFTHSM_MODULE, label, pin, soPin, conf, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
