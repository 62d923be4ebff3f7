// Proves the cloud client's two safety checks: whether a request could have reached the server, and whether an answer is believed.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { httpCall } from '../../main/core/cloud/http';
import { checkCloudAnswer } from '../../main/core/sealers/cloud-answer';
import type { Jwks } from '../../fiscal/signature';
import type { InvoiceDraft, SealedInvoice } from '../../fiscal/invoice-types';
import { tempDir } from '../support/core-fixtures';
import { startTestCloud, type TestCloud } from '../support/core-cloud';
import { openTestTill } from '../support/core-till';

/** A raw TCP server whose behaviour per connection the test chooses. */
async function rawServer(onRequest: (socket: import('node:net').Socket, request: string) => void): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((socket) => {
    let seen = '';
    socket.on('data', (b: Buffer) => {
      seen += b.toString('latin1');
      const end = seen.indexOf('\r\n\r\n');
      const length = Number(/content-length: (\d+)/i.exec(seen)?.[1] ?? 0);
      if (end >= 0 && seen.length >= end + 4 + length) onRequest(socket, seen);
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise((r) => server.close(() => r())) };
}

describe('httpCall', () => {
  it('says not_sent when nothing listens (the server cannot have acted)', async () => {
    const probe = await rawServer(() => undefined);
    const port = probe.port;
    await probe.close();
    const r = await httpCall({ method: 'POST', url: `http://127.0.0.1:${port}/v1/invoices`, body: '{}' });
    expect(r).toMatchObject({ kind: 'not_sent', message: expect.stringMatching(/ECONNREFUSED/) });
  });

  it('says lost when the whole request went out and the connection dropped before an answer', async () => {
    const s = await rawServer((socket) => socket.destroy());
    const r = await httpCall({ method: 'POST', url: `http://127.0.0.1:${s.port}/v1/invoices`, body: JSON.stringify({ a: 'x'.repeat(10_000) }) });
    expect(r.kind).toBe('lost');
    await s.close();
  });

  it('says lost on a timeout after sending, and hands back a complete answer otherwise', async () => {
    const silent = await rawServer(() => undefined);
    expect(await httpCall({ method: 'POST', url: `http://127.0.0.1:${silent.port}/x`, body: '{}', timeoutMs: 300 })).toMatchObject({ kind: 'lost', message: expect.stringMatching(/300 ms/) });
    await silent.close();
    const ok = await rawServer((socket) => socket.end('HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{"ok":true}'));
    expect(await httpCall({ method: 'GET', url: `http://127.0.0.1:${ok.port}/x` })).toMatchObject({ kind: 'answer', status: 201, body: '{"ok":true}' });
    await ok.close();
  });
});

describe('checkCloudAnswer on a real answer of the server', () => {
  let cloud: TestCloud;
  let answer: { invoice: SealedInvoice; ledger: { seq: number; prev_hash: string; hash: string } };
  let draft: InvoiceDraft;
  let jwks: Jwks;
  const dir = tempDir();

  beforeAll(async () => {
    cloud = await startTestCloud();
    const till = await openTestTill(dir, cloud.tillSettings());
    const sale = await till.sell();
    draft = sale.invoice.draft;
    const r = await fetch(`${cloud.url}/v1/invoices/${draft.client_invoice_id}`, { headers: { authorization: `Bearer ${cloud.shop.terminalKey}` } });
    answer = (await r.json()) as typeof answer;
    jwks = (await (await fetch(`${cloud.url}/v1/keys`)).json()) as Jwks;
    await till.close();
  });
  afterAll(async () => {
    await cloud.close();
    dir.remove();
  });

  it('accepts the genuine answer', async () => {
    expect(await checkCloudAnswer(draft, answer, jwks)).toMatchObject({ ok: true, ledger: answer.ledger });
  });

  it.each([
    ['another sale’s id', (a: typeof answer) => ({ ...a, invoice: { ...a.invoice, client_invoice_id: '0193a5c4-0000-7000-8000-000000000000' } }), /concerne la vente/],
    ['other figures', (a: typeof answer) => ({ ...a, invoice: { ...a.invoice, totals: { ...a.invoice.totals, ttc: '1.00' } } }), /diffère du brouillon/],
    ['a forged signature', (a: typeof answer) => ({ ...a, invoice: { ...a.invoice, security: { ...a.invoice.security, fiscal_number: 999 } } }), /vérification « signature »/],
    ['an unknown key', (a: typeof answer) => ({ ...a, invoice: { ...a.invoice, security: { ...a.invoice.security, kid: 'nobody' } } }), /vérification « kid »/],
    ['no ledger link', (a: typeof answer) => ({ invoice: a.invoice }), /lien de registre/],
  ])('refuses an answer with %s', async (_what, tamper, reason) => {
    const r = await checkCloudAnswer(draft, tamper(answer), jwks);
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(reason) });
  });
});
