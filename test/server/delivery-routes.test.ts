// The delivery routes (docs/delivery.md): an invoice's PDF for the merchant's keys, e-mail through a real SMTP
// receiver on loopback with the PDF attached, the WhatsApp link, and the capability link over a real socket; every
// refusal (auth, another merchant, bad format, bad address, no relay, relay down, forged/expired/altered token).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signReceiptLink } from '../../server/delivery/receipt-link';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver';
import { makeDraft, startService, type Service, type Shop } from './fixtures';

const SECRET = Buffer.alloc(32, 7);
const dir = mkdtempSync(join(tmpdir(), 'stalela-delivery-'));
const pdfText = (bytes: Buffer) => {
  const file = join(dir, `p${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
};
const pageWidth = (bytes: Buffer) => {
  const file = join(dir, `w${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  return Number(/Page size:\s+([\d.]+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
};
const problemOf = (res: { headers: Record<string, unknown>; json: () => unknown }) => {
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  return res.json() as { status: number; code: string; errors?: { path: string; message: string }[] };
};

let smtp: SmtpReceiver;
let svc: Service;
let noMail: Service;
let a: Shop;
let b: Shop;
let offsetMs = 0;
const now = () => new Date(Date.now() + offsetMs);

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  svc = await startService('sqlite', {
    clock: now,
    delivery: { linkSecret: SECRET, publicUrl: 'https://api.example.cd/', linkTtlMs: 3600_000, smtp: { host: '127.0.0.1', port: smtp.port, from: 'recus@stalela.cd' } },
  });
  a = await svc.shop('A9000011T');
  b = await svc.shop('A9001255A');
  for (const [shop, id] of [[a, 'inv-a'], [b, 'inv-b']] as const) {
    const res = await svc.call('POST', '/v1/invoices', shop.terminalKey, makeDraft({ outletId: shop.outletId, nif: shop.nif, clientInvoiceId: id }), { 'idempotency-key': id });
    expect(res.statusCode, res.body).toBe(201);
  }
  noMail = await startService('sqlite', { delivery: { linkSecret: SECRET, publicUrl: 'http://127.0.0.1:1' } });
});
afterAll(async () => {
  await svc?.close();
  await noMail?.close();
  await smtp?.close();
});

describe('GET /v1/invoices/{id}/pdf', () => {
  it('answers the 80 mm receipt by default and the A4 on ?format=a4, each with the sealed code', async () => {
    const sealed = (await svc.call('GET', '/v1/invoices/inv-a', a.ownerKey)).json().invoice;
    const receipt = await svc.call('GET', '/v1/invoices/inv-a/pdf', a.ownerKey);
    expect(receipt.statusCode).toBe(200);
    expect(receipt.headers['content-type']).toBe('application/pdf');
    expect(receipt.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pageWidth(receipt.rawPayload)).toBeCloseTo(226.77, 1);
    expect(pdfText(receipt.rawPayload)).toContain(sealed.invoice_number);
    const a4 = await svc.call('GET', '/v1/invoices/inv-a/pdf?format=a4', a.terminalKey);
    expect(a4.statusCode).toBe(200);
    expect(pageWidth(a4.rawPayload)).toBeCloseTo(595.28, 1);
    expect(pdfText(a4.rawPayload)).toContain('Éléments de sécurité');
  });

  it('refuses: no key 401, another merchant 404, an unknown id 404, a bad format 400 naming it', async () => {
    expect(problemOf(await svc.call('GET', '/v1/invoices/inv-a/pdf', null)).status).toBe(401);
    expect(problemOf(await svc.call('GET', '/v1/invoices/inv-a/pdf', b.ownerKey)).status).toBe(404);
    expect(problemOf(await svc.call('GET', '/v1/invoices/nope/pdf', a.ownerKey)).status).toBe(404);
    const bad = problemOf(await svc.call('GET', '/v1/invoices/inv-a/pdf?format=letter', a.ownerKey));
    expect(bad.status).toBe(400);
    expect(bad.errors?.[0]?.path).toBe('format');
  });
});

describe('POST /v1/invoices/{id}/deliveries', () => {
  it('mails the receipt through the SMTP relay with the PDF attached and a capability link in the text', async () => {
    const res = await svc.call('POST', '/v1/invoices/inv-a/deliveries', a.terminalKey, { channel: 'email', to: 'client@example.cd' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ channel: 'email', to: 'client@example.cd', format: 'receipt', status: 'sent' });
    expect(Math.abs(Date.parse(body.expires_at) - (Date.now() + 3600_000))).toBeLessThan(60_000);
    expect(body.pdf_url).toMatch(/^https:\/\/api\.example\.cd\/v1\/receipts\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    const mail = smtp.messages.at(-1)!;
    expect(mail.from).toBe('recus@stalela.cd');
    expect(mail.to).toEqual(['client@example.cd']);
    const pdfPart = /Content-Type: application\/pdf;[^\r]*\r\n(?:[^\r]+\r\n)*\r\n([A-Za-z0-9+/=\r\n]+?)\r\n--/.exec(mail.data);
    expect(pdfPart).not.toBeNull();
    const pdf = Buffer.from((pdfPart?.[1] ?? '').replace(/\r\n/g, ''), 'base64');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfText(pdf)).toContain('CODE DEF/DGI');
    const textPart = /Content-Type: text\/plain[^\r]*\r\n(?:[^\r]+\r\n)*\r\n([A-Za-z0-9+/=\r\n]+?)\r\n--/.exec(mail.data);
    expect(Buffer.from((textPart?.[1] ?? '').replace(/\r\n/g, ''), 'base64').toString('utf8')).toContain(body.pdf_url);
  });

  it('answers a wa.me link to the phone carrying the summary and the PDF link; nothing is mailed', async () => {
    const before = smtp.messages.length;
    const res = await svc.call('POST', '/v1/invoices/inv-a/deliveries', a.ownerKey, { channel: 'whatsapp', to: '+243 81 234 5678', format: 'a4' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.status).toBe('link');
    const url = new URL(body.whatsapp_url);
    expect(`${url.origin}${url.pathname}`).toBe('https://wa.me/243812345678');
    const text = url.searchParams.get('text') ?? '';
    expect(text).toContain('CODE DEF/DGI');
    expect(text).toContain(body.pdf_url);
    expect(smtp.messages.length).toBe(before);
  });

  it('refuses with problem+json: bad address or phone (path to), bad channel, unknown field, another merchant, auditor, no key', async () => {
    const post = (key: string | null, body: unknown, id = 'inv-a') => svc.call('POST', `/v1/invoices/${id}/deliveries`, key, body);
    for (const [body, path] of [
      [{ channel: 'email', to: 'not an address' }, 'to'],
      [{ channel: 'email', to: 'a@b.cd\r\nBcc: x@y.cd' }, 'to'],
      [{ channel: 'whatsapp', to: '0812345678' }, 'to'],
      [{ channel: 'sms', to: '+243812345678' }, 'channel'],
      [{ channel: 'email' }, 'to'],
      [{ channel: 'email', to: 'a@b.cd', cc: 'x@y.cd' }, 'cc'],
      [{ channel: 'email', to: 'a@b.cd', format: 'letter' }, 'format'],
    ] as const) {
      const p = problemOf(await post(a.ownerKey, body));
      expect(p.status, JSON.stringify(body)).toBe(422);
      expect(p.errors?.map((e) => e.path)).toContain(path);
    }
    expect(problemOf(await post(b.ownerKey, { channel: 'email', to: 'a@b.cd' })).status).toBe(404);
    expect(problemOf(await post(a.ownerKey, { channel: 'email', to: 'a@b.cd' }, 'nope')).status).toBe(404);
    const auditor = (await svc.call('POST', '/v1/api-keys', 'test-admin-key-0123456789', { merchant_id: a.merchantId, role: 'auditor' })).json().key as string;
    expect(problemOf(await post(auditor, { channel: 'email', to: 'a@b.cd' })).status).toBe(403);
    expect(problemOf(await post(null, { channel: 'email', to: 'a@b.cd' })).status).toBe(401);
  });

  it('e-mail without a relay is 503; a relay that refuses is 502 delivery_failed and nothing was sent', async () => {
    const shop = await noMail.shop('A9000011T');
    await noMail.call('POST', '/v1/invoices', shop.terminalKey, makeDraft({ outletId: shop.outletId, nif: shop.nif, clientInvoiceId: 'x' }), { 'idempotency-key': 'x' });
    expect(problemOf(await noMail.call('POST', '/v1/invoices/x/deliveries', shop.ownerKey, { channel: 'email', to: 'a@b.cd' })).status).toBe(503);
    expect((await noMail.call('POST', '/v1/invoices/x/deliveries', shop.ownerKey, { channel: 'whatsapp', to: '+243812345678' })).statusCode).toBe(200);
    smtp.refuse('bounce@example.cd');
    const before = smtp.messages.length;
    const p = problemOf(await svc.call('POST', '/v1/invoices/inv-a/deliveries', a.ownerKey, { channel: 'email', to: 'bounce@example.cd' }));
    expect(p.status).toBe(502);
    expect(p.code).toBe('delivery_failed');
    expect(smtp.messages.length).toBe(before);
  });
});

describe('GET /v1/receipts/{token}: the capability link', () => {
  it('serves the PDF over a real socket without a key, and refuses forged, altered and expired tokens', async () => {
    const link = (await svc.call('POST', '/v1/invoices/inv-a/deliveries', a.ownerKey, { channel: 'whatsapp', to: '+243812345678', format: 'a4' })).json().pdf_url as string;
    const token = link.split('/').at(-1)!;
    const base = await svc.app.listen({ port: 0, host: '127.0.0.1' });
    const res = await fetch(`${base}/v1/receipts/${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(pageWidth(bytes)).toBeCloseTo(595.28, 1);

    const [body = '', sig = ''] = token.split('.');
    const otherBody = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), i: 'inv-b', m: b.merchantId })).toString('base64url');
    expect((await fetch(`${base}/v1/receipts/${otherBody}.${sig}`)).status).toBe(404);
    const forged = signReceiptLink(Buffer.alloc(32, 8), { merchantId: b.merchantId, clientInvoiceId: 'inv-b', format: 'receipt', expiresAt: new Date('2027-01-01T00:00:00Z') });
    expect((await fetch(`${base}/v1/receipts/${forged}`)).status).toBe(404);
    expect((await fetch(`${base}/v1/receipts/garbage`)).status).toBe(404);
    offsetMs = 3600_000 + 1000;
    const expired = await fetch(`${base}/v1/receipts/${token}`);
    expect(expired.status).toBe(410);
    expect(expired.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('is in /v1/openapi.json from the same schemas that validate', async () => {
    const doc = (await svc.call('GET', '/v1/openapi.json', null)).json();
    const paths = Object.keys(doc.paths);
    expect(paths).toEqual(expect.arrayContaining(['/v1/invoices/{client_invoice_id}/pdf', '/v1/invoices/{client_invoice_id}/deliveries', '/v1/receipts/{token}']));
    const post = doc.paths['/v1/invoices/{client_invoice_id}/deliveries'].post;
    expect(JSON.stringify(post)).toContain('"whatsapp"');
  });
});

describe('the server CLI reads the delivery settings from the environment', () => {
  it('SMTP host, port and sender; a link key from hex or a file kept across starts; bad values refused by name', async () => {
    const { deliveryFromEnv } = await import('../../server/cli/delivery-env');
    const listen = { host: '127.0.0.1', port: 8080 };
    const file = join(dir, 'keys', 'receipt-link.key');
    const first = deliveryFromEnv({}, listen, file);
    expect(first.smtp).toBeUndefined();
    expect(first.publicUrl).toBe('http://127.0.0.1:8080');
    expect(Buffer.from(deliveryFromEnv({}, listen, file).linkSecret).equals(Buffer.from(first.linkSecret))).toBe(true);
    const full = deliveryFromEnv({ STALELA_SMTP_HOST: 'relay.lan', STALELA_SMTP_PORT: '2525', STALELA_MAIL_FROM: 'recus@shop.cd', STALELA_PUBLIC_URL: 'https://api.shop.cd', STALELA_RECEIPT_LINK_SECRET: 'ab'.repeat(32) }, listen, file);
    expect(full).toMatchObject({ publicUrl: 'https://api.shop.cd', smtp: { host: 'relay.lan', port: 2525, from: 'recus@shop.cd' } });
    expect(() => deliveryFromEnv({ STALELA_SMTP_HOST: 'relay.lan' }, listen, file)).toThrow(/STALELA_MAIL_FROM/);
    expect(() => deliveryFromEnv({ STALELA_SMTP_HOST: 'relay.lan', STALELA_SMTP_PORT: 'x', STALELA_MAIL_FROM: 'a@b.cd' }, listen, file)).toThrow(/STALELA_SMTP_PORT/);
    expect(() => deliveryFromEnv({ STALELA_RECEIPT_LINK_SECRET: 'short' }, listen, file)).toThrow(/STALELA_RECEIPT_LINK_SECRET/);
    // TLS follows the submission ports unless said; credentials come in pairs; a CA file must be readable.
    const mail = { STALELA_SMTP_HOST: 'smtp.shop.cd', STALELA_MAIL_FROM: 'recus@shop.cd' };
    expect(full.smtp?.tls).toBe('none');
    expect(deliveryFromEnv({ ...mail, STALELA_SMTP_PORT: '465' }, listen, file).smtp?.tls).toBe('implicit');
    expect(deliveryFromEnv({ ...mail, STALELA_SMTP_PORT: '587', STALELA_SMTP_USER: 'u', STALELA_SMTP_PASS: 'p' }, listen, file).smtp).toMatchObject({ tls: 'starttls', auth: { user: 'u', pass: 'p' } });
    expect(() => deliveryFromEnv({ ...mail, STALELA_SMTP_TLS: 'ssl' }, listen, file)).toThrow(/STALELA_SMTP_TLS/);
    expect(() => deliveryFromEnv({ ...mail, STALELA_SMTP_USER: 'u' }, listen, file)).toThrow(/STALELA_SMTP_USER/);
    expect(() => deliveryFromEnv({ ...mail, STALELA_SMTP_USER: 'u', STALELA_SMTP_PASS: 'p' }, listen, file)).toThrow(/never sent in clear/);
    expect(deliveryFromEnv({ ...mail, STALELA_SMTP_HOST: '127.0.0.1', STALELA_SMTP_USER: 'u', STALELA_SMTP_PASS: 'p' }, listen, file).smtp?.auth).toEqual({ user: 'u', pass: 'p' });
    expect(() => deliveryFromEnv({ ...mail, STALELA_SMTP_CA_FILE: join(dir, 'absent.pem') }, listen, file)).toThrow(/STALELA_SMTP_CA_FILE/);
  });
});
