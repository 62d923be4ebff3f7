// The till's receipt delivery through the loopback bridge (real HTTP both ways): receiptPdf rendered locally, also
// with the cloud gone; deliverReceipt asking the real cloud service, which mails through a real SMTP receiver on
// loopback or answers the WhatsApp link; bad addresses named before anything is sent; offline → retry later.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBridgeClient } from '../../main/api/bridge-client';
import type { PosApi } from '../../main/api/pos-api';
import { startTill, type RunningTill } from '../../main/bridge/start-till';
import { importCatalog } from '../../main/core/catalog';
import { saveSettings } from '../../main/core/store/settings';
import { startTestCloud, type TestCloud } from '../support/core-cloud';
import { tempDir, type TempDir } from '../support/core-fixtures';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver';

let dir: TempDir;
let smtp: SmtpReceiver;
let cloud: TestCloud;
let till: RunningTill;
let pos: PosApi;
let saleId: string;
let qr: string;

beforeAll(async () => {
  dir = tempDir();
  smtp = await startSmtpReceiver();
  cloud = await startTestCloud({ delivery: { linkSecret: Buffer.alloc(32, 3), publicUrl: 'https://api.example.cd', smtp: { host: '127.0.0.1', port: smtp.port, from: 'recus@stalela.cd' } } });
  till = await startTill({ env: { STALELA_DATA_DIR: join(dir.path, 'data') }, staticDir: join(dir.path, 'no-ui'), core: { sync: { autoStart: false } } });
  saveSettings(till.store.db, cloud.tillSettings());
  importCatalog(till.store.db, [{ code: 'EAU15', name: 'EAU MINÉRALE 1.5L', type: 'BIE', tax_group: 'B', price: '464.00', barcode: '6009000000014' }]);
  pos = createBridgeClient({ baseUrl: till.bridge.url, token: till.token.token });
  expect((await pos.createCashier({ name: 'Marie', pin: '1111', role: 'owner' })).ok).toBe(true);
  expect((await pos.login({ name: 'Marie', pin: '1111' })).ok).toBe(true);
  const sale = await pos.checkout({ lines: [{ code: 'EAU15', quantity: '2' }], payments: [{ method: 'E', amount: '1000.00' }] });
  if (!sale.ok) throw new Error(JSON.stringify(sale.error));
  expect(sale.value.receipt).toBe('fiscal');
  saleId = sale.value.invoice.client_invoice_id;
  qr = sale.value.invoice.sealed!.security.qr;
});
afterAll(async () => {
  await till?.close();
  await cloud?.close();
  await smtp?.close();
  dir?.remove();
});

const pdfFile = (name: string, b64: string) => {
  mkdirSync(join(dir.path, 'pdf'), { recursive: true });
  const file = join(dir.path, 'pdf', name);
  writeFileSync(file, Buffer.from(b64, 'base64'));
  return file;
};

describe('receiptPdf and deliverReceipt through the bridge', () => {
  it('receiptPdf gives the 80 mm receipt and the A4 as base64 PDFs whose QR decodes to the sealed one', async () => {
    const r = await pos.receiptPdf({ client_invoice_id: saleId });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value).toMatchObject({ client_invoice_id: saleId, format: 'receipt' });
    expect(r.value.filename).toMatch(/^facture-.+\.pdf$/);
    const file = pdfFile('till-receipt.pdf', r.value.pdf_base64);
    execFileSync('pdftoppm', ['-r', '203', '-png', '-singlefile', file, file.replace(/\.pdf$/, '')]);
    const img = PNG.sync.read(readFileSync(file.replace(/\.pdf$/, '.png')));
    expect(jsQR(new Uint8ClampedArray(img.data), img.width, img.height)?.data).toBe(qr);
    const a4 = await pos.receiptPdf({ client_invoice_id: saleId, format: 'a4', duplicate: true });
    expect(a4.ok && execFileSync('pdftotext', [pdfFile('till-a4.pdf', a4.value.pdf_base64), '-'], { encoding: 'utf8' })).toContain('DUPLICATA');
    expect(await pos.receiptPdf({ client_invoice_id: saleId, format: 'letter' as 'a4' })).toMatchObject({ ok: false, error: { code: 'invalid_argument', details: { path: 'format' } } });
  });

  it('e-mails through the cloud: the SMTP receiver gets the mail with the PDF, the answer carries the capability link', async () => {
    const r = await pos.deliverReceipt({ client_invoice_id: saleId, channel: 'email', to: 'client@example.cd' });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value).toMatchObject({ channel: 'email', status: 'sent', format: 'receipt' });
    expect(r.value.pdf_url).toMatch(/^https:\/\/api\.example\.cd\/v1\/receipts\//);
    const mail = smtp.messages.at(-1)!;
    expect(mail.to).toEqual(['client@example.cd']);
    expect(mail.data).toMatch(/Content-Type: application\/pdf; name="facture-/);
  });

  it('WhatsApp: the wa.me link to the number, its text carrying the code and the PDF link', async () => {
    const r = await pos.deliverReceipt({ client_invoice_id: saleId, channel: 'whatsapp', to: '+243 81 234 5678', format: 'a4' });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const url = new URL(r.value.whatsapp_url!);
    expect(url.pathname).toBe('/243812345678');
    expect(url.searchParams.get('text')).toContain(r.value.pdf_url);
    expect(url.searchParams.get('text')).toContain('CODE DEF/DGI');
  });

  it('names the field of a bad address or phone before asking the cloud; nothing is sent', async () => {
    const before = smtp.messages.length;
    const bad = await pos.deliverReceipt({ client_invoice_id: saleId, channel: 'email', to: 'client at example' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_argument', details: { path: 'to' } } });
    expect(!bad.ok && bad.error.message).toMatch(/^to : /);
    expect(await pos.deliverReceipt({ client_invoice_id: saleId, channel: 'whatsapp', to: '0812345678' })).toMatchObject({ ok: false, error: { code: 'invalid_argument', details: { path: 'to' } } });
    expect(await pos.deliverReceipt({ client_invoice_id: saleId, channel: 'sms' as 'email', to: 'a@b.cd' })).toMatchObject({ ok: false, error: { code: 'invalid_argument', details: { path: 'channel' } } });
    expect(smtp.messages.length).toBe(before);
  });

  it('offline: deliverReceipt fails with cloud_unreachable "retry later", and the PDF still renders locally', async () => {
    saveSettings(till.store.db, cloud.tillSettings('http://127.0.0.1:9'));
    const before = smtp.messages.length;
    const r = await pos.deliverReceipt({ client_invoice_id: saleId, channel: 'email', to: 'client@example.cd' });
    expect(r).toMatchObject({ ok: false, error: { code: 'cloud_unreachable', details: { outcome: 'retry_later' } } });
    expect(!r.ok && r.error.message).toContain('outcome: retry later');
    expect(smtp.messages.length).toBe(before);
    expect((await pos.receiptPdf({ client_invoice_id: saleId })).ok).toBe(true);
    saveSettings(till.store.db, cloud.tillSettings());
  });

  it('is for cashiers and owners: logged out, the bridge refuses', async () => {
    await pos.logout();
    expect(await pos.receiptPdf({ client_invoice_id: saleId })).toMatchObject({ ok: false, error: { code: 'not_logged_in' } });
    expect(await pos.deliverReceipt({ client_invoice_id: saleId, channel: 'email', to: 'a@b.cd' })).toMatchObject({ ok: false, error: { code: 'not_logged_in' } });
  });
});
