// The SDK against the server's own /v1/openapi.json: every operation the server documents has a client method.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS, routeShape } from '../../sdk';
import { startSdkCloud, type SdkCloud } from './sdk-cloud';

let cloud: SdkCloud;
beforeAll(async () => {
  cloud = await startSdkCloud();
});
afterAll(async () => cloud.close());

describe('the SDK covers the OpenAPI document', () => {
  it('has a client method for every operation the running server documents', async () => {
    const doc = await cloud.terminal().openApi();
    const served = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => routeShape(m, path)));
    const covered = new Set(Object.values(OPERATIONS).map((o) => routeShape(o.method, o.path)));
    expect(served.length).toBeGreaterThanOrEqual(8);
    expect(served.filter((s) => !covered.has(s))).toEqual([]);
  });

  it('calls each documented operation the shop can reach and gets no 404 for the route itself', async () => {
    const doc = await cloud.terminal().openApi();
    expect(doc.openapi).toBe('3.1.0');
    const owner = cloud.owner();
    expect((await owner.keys()).keys.length).toBeGreaterThan(0);
    expect((await owner.health()).status).toBe('ok');
    expect(await owner.metrics()).toMatch(/# TYPE/);
    const page = await owner.ledger(cloud.shop.outletId, { limit: 5 });
    expect(page.outlet_id).toBe(cloud.shop.outletId);
    expect(page.authority_id).toBe(cloud.shop.authorityId);
    expect(typeof (await owner.xReport(cloud.shop.outletId))).toBe('object');
    expect((await owner.auditExport(cloud.shop.outletId)).format).toEqual(expect.any(String));
  });
});
