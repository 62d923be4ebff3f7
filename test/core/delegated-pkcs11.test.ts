// The fiscal extension with its key in a PKCS#11 token (SoftHSM2, made by the test): the private key never leaves the
// token, offline sales are sealed with it, and the cloud reconciles them against the credential's key.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { verifyExport } from '../../fiscal/verify';
import type { AuditExport } from '../../fiscal/audit-export';
import { openDelegatedKey } from '../../main/core/delegated/key';
import { tempDir, type TempDir } from '../support/core-fixtures';
import { startTestCloud, type TestCloud } from '../support/core-cloud';
import { startProxy, type TestProxy } from '../support/core-proxy';
import { createSoftHsmToken, type SoftHsmToken } from '../support/softhsm';
import { openTestTill } from '../support/core-till';

let cloud: TestCloud;
let proxy: TestProxy;
let dir: TempDir;
let token: SoftHsmToken;

beforeAll(async () => {
  token = createSoftHsmToken('stalela-till');
  cloud = await startTestCloud();
  proxy = await startProxy(cloud.port);
  dir = tempDir();
});
afterAll(async () => {
  await proxy.close();
  await cloud.close();
  dir.remove();
  token.cleanup();
});

describe('delegated signing with a PKCS#11 key', () => {
  it('seals offline with the token key and the cloud accepts the invoices at reconciliation', async () => {
    const key = { kind: 'pkcs11' as const, module: token.module, token_label: token.label, pin: token.pin };
    const till = await openTestTill(dir, { ...cloud.tillSettings(proxy.url), terminal_id: 'HSM-1' }, { fiscalExtension: { key, blockSize: 10 } });
    try {
      await till.core.agent.runPass({ force: true });
      const [c] = till.core.extension!.held();
      const opened = await openDelegatedKey(key);
      expect(c!.till_kid).toBe(opened.kid);
      expect(opened.backend).toBe('pkcs11');
      await opened.close();
      proxy.setMode('refuse');
      const r = await till.sell();
      expect(r.invoice.sealed?.security).toMatchObject({ mode: 'delegated', kid: c!.till_kid, fiscal_number: c!.block.first });
      proxy.setMode('pass');
      expect((await till.core.agent.runPass({ force: true })).uploaded).toBe(1);
      const exp = (await (await fetch(`${cloud.url}/v1/outlets/${cloud.shop.outletId}/audit-export`, { headers: { authorization: `Bearer ${cloud.shop.ownerKey}` } })).json()) as AuditExport;
      expect((await verifyExport(exp)).ok).toBe(true);
    } finally {
      await till.close();
    }
  });

  it('a wrong PIN is a clear key_unavailable error naming PKCS#11', async () => {
    await expect(openDelegatedKey({ kind: 'pkcs11', module: token.module, token_label: token.label, pin: '000000' })).rejects.toThrow(/PKCS#11 key cannot be opened/);
  });
});
