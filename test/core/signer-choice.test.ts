// Proves the signer order (paired MCF, cloud, delegated, else wait) and the status light built on it.
import { describe, it, expect } from 'vitest';
import { chooseSigner, type SignerState } from '../../main/core/signer-choice';
import { syncStatusFrom } from '../../main/core/sync-status';
import type { OutboxCounts } from '../../main/core/invoices';

const NOW = '2026-11-25T13:00:00.000Z';
const valid = { id: 'c1', expires_at: '2026-11-25T20:00:00Z', remaining: 412 };
const state = (patch: Partial<SignerState>): SignerState => ({
  device: { paired: false, ready: false },
  cloud: { configured: true, reachable: false },
  delegated: { credential: null },
  now: NOW,
  ...patch,
});

describe('chooseSigner', () => {
  const table: [string, SignerState, string, string][] = [
    ['a ready paired MCF wins over a reachable cloud', state({ device: { paired: true, ready: true }, cloud: { configured: true, reachable: true } }), 'device', 'device_ready'],
    ['a paired MCF that does not answer makes the sale wait, even online', state({ device: { paired: true, ready: false, detail: 'câble' }, cloud: { configured: true, reachable: true } }), 'none', 'device_not_ready'],
    ['the cloud when reachable, even with a credential', state({ cloud: { configured: true, reachable: true }, delegated: { credential: valid } }), 'cloud', 'cloud_reachable'],
    ['a valid credential with numbers left when offline', state({ delegated: { credential: valid } }), 'delegated', 'delegated_valid'],
    ['none when offline with no credential', state({}), 'none', 'offline_no_credential'],
    ['none when the credential expired', state({ delegated: { credential: { ...valid, expires_at: '2026-11-25T12:59:59Z' } } }), 'none', 'offline_credential_expired'],
    ['none when the block is used up', state({ delegated: { credential: { ...valid, remaining: 0 } } }), 'none', 'offline_credential_exhausted'],
    ['none when nothing is set up', state({ cloud: { configured: false, reachable: false } }), 'none', 'not_set_up'],
    ['a reachable but unconfigured cloud is not used', state({ cloud: { configured: false, reachable: true }, delegated: { credential: valid } }), 'delegated', 'delegated_valid'],
  ];
  for (const [name, s, signer, code] of table) {
    it(name, () => expect(chooseSigner(s)).toMatchObject({ signer, code }));
  }

  it('tells the cashier in words how many delegated numbers are left', () => {
    expect(chooseSigner(state({ delegated: { credential: valid } })).reason).toBe('Hors ligne — signature déléguée, 412 numéro(s) restant(s).');
  });
});

describe('syncStatusFrom', () => {
  const counts = (patch: Partial<OutboxCounts>): OutboxCounts => ({ awaiting_seal: 0, sealing: 0, awaiting_upload: 0, done: 0, rejected: 0, last_done_at: null, ...patch });

  it('is red with the reason and the queue when no signer can seal', () => {
    const s = syncStatusFrom(counts({ awaiting_seal: 3 }), chooseSigner(state({})));
    expect(s).toMatchObject({ light: 'red', signer: 'none', awaiting_seal: 3 });
    expect(s.reason).toMatch(/3 vente\(s\) en attente/);
  });

  it('is yellow when signing offline or when something is pending, green when all is synced', () => {
    expect(syncStatusFrom(counts({}), chooseSigner(state({ delegated: { credential: valid } }))).light).toBe('yellow');
    expect(syncStatusFrom(counts({ awaiting_upload: 2 }), chooseSigner(state({ cloud: { configured: true, reachable: true } })))).toMatchObject({ light: 'yellow', pending_uploads: 2 });
    expect(syncStatusFrom(counts({ done: 5, last_done_at: NOW }), chooseSigner(state({ cloud: { configured: true, reachable: true } })))).toMatchObject({ light: 'green', last_upload_at: NOW });
  });
});
