// Gathers the SignerState chooseSigner reads, from whatever sources this build has (part 2 adds the real ones).
import type Database from 'better-sqlite3';
import type { Clock } from './clock';
import type { SignerProbe, SignerState } from './signer-choice';
import { readSettings } from './store/settings';

/**
 * Each source is optional: a build without a device manager reports no paired MCF, one without a cloud client
 * reports the cloud unreachable, one without a credential store reports no credential. That is the truth about
 * such a build, not a stand-in: sales then wait, with the reason in words.
 */
export type ProbeSources = {
  device?: () => Promise<SignerState['device']>;
  cloudReachable?: () => Promise<boolean>;
  credential?: () => Promise<SignerState['delegated']['credential']>;
  /** The clock guard, when delegated signing is built in. */
  clockTrust?: () => { trusted: boolean; detail?: string };
  /** Why the cloud is unreachable, in words, when the source knows. */
  cloudDetail?: () => string | undefined;
};

export function makeSignerProbe(db: Database.Database, clock: Clock, sources: ProbeSources = {}): SignerProbe {
  return async () => {
    const isConfigured = (readSettings(db).cloud ?? null) !== null;
    const [device, reachable, credential] = await Promise.all([
      sources.device?.() ?? Promise.resolve({ paired: false, ready: false }),
      isConfigured && sources.cloudReachable ? sources.cloudReachable().catch(() => false) : Promise.resolve(false),
      sources.credential?.() ?? Promise.resolve(null),
    ]);
    const detail = !isConfigured
      ? 'cloud non configuré'
      : !sources.cloudReachable
        ? 'client cloud absent de cette version'
        : reachable
          ? undefined
          : sources.cloudDetail?.();
    return {
      device,
      cloud: { configured: isConfigured, reachable, ...(detail === undefined ? {} : { detail }) },
      delegated: { credential, ...(sources.clockTrust === undefined || credential === null ? {} : { clock: sources.clockTrust() }) },
      now: clock.now().toISOString(),
    };
  };
}
