// The receipt mail against a real SMTP server (the `smtp-server` package, Nodemailer's) on loopback: STARTTLS then
// AUTH PLAIN, TLS from the first byte with AUTH LOGIN, and each refusal before anything is sent: an untrusted
// certificate, a server without STARTTLS, a wrong password, a password that would cross in clear.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoicePdf } from '../../documents/report-pdf';
import { SAMPLE_INVOICE, SAMPLE_MERCHANT } from '../../device/printer/sample-receipt';
import { sendReceiptMail } from '../../server/delivery/send-receipt';
import { sendMail, SmtpError, type SmtpOptions } from '../../server/delivery/smtp-client';
import { parseMime, unbase64 } from '../support/mime-reader';

type Received = { from: string; to: string[]; data: string; user: string | null; secure: boolean };
type Running = { port: number; received: Received[]; close(): Promise<void> };

const USER = 'caisse@supermarche.cd';
const PASS = 'mot de passe: très long';

let dir: string;
let key: string;
let cert: string;

/** A self-signed certificate for localhost and 127.0.0.1, made by openssl for this run. */
function makeCertificate(): void {
  dir = mkdtempSync(join(tmpdir(), 'smtp-tls-'));
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
  ], { stdio: 'ignore' });
  key = readFileSync(join(dir, 'key.pem'), 'utf8');
  cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
}

async function startServer(options: SMTPServerOptions): Promise<Running> {
  const received: Received[] = [];
  const server = new SMTPServer({
    key, cert, logger: false, disableReverseLookup: true,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASS) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString('utf8'),
          user: typeof session.user === 'string' ? session.user : null,
          secure: session.secure,
        });
        callback();
      });
    },
    ...options,
  });
  // A client that refuses the certificate drops the handshake: the server reports it as an error event.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = ((server.server as { address(): AddressInfo }).address()).port;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const failure = async (p: Promise<unknown>): Promise<SmtpError> => {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(SmtpError);
  return err as SmtpError;
};

let starttls: Running;
let implicit: Running;
let noTls: Running;
beforeAll(async () => {
  makeCertificate();
  starttls = await startServer({ secure: false, authOptional: false });
  implicit = await startServer({ secure: true, authOptional: false, authMethods: ['LOGIN'] });
  noTls = await startServer({ secure: false, hideSTARTTLS: true, authOptional: true });
});
afterAll(async () => {
  await Promise.all([starttls?.close(), implicit?.close(), noTls?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('the receipt mail through a real SMTP server', () => {
  it('STARTTLS then AUTH PLAIN: delivered encrypted and authenticated, the PDF bytes intact', async () => {
    const pdf = invoicePdf(SAMPLE_INVOICE, SAMPLE_MERCHANT);
    const smtp: SmtpOptions = { host: 'localhost', port: starttls.port, tls: 'starttls', ca: cert, auth: { user: USER, pass: PASS } };
    const result = await sendReceiptMail(smtp, { from: USER, to: 'client@example.cd', invoice: SAMPLE_INVOICE, pdf, sellerName: SAMPLE_MERCHANT.name });
    expect(result.reply.code).toBe(250);
    const mail = starttls.received.at(-1);
    expect(mail).toMatchObject({ from: USER, to: ['client@example.cd'], user: USER, secure: true });
    const attachment = parseMime(mail?.data ?? '').parts.find((p) => /application\/pdf/.test(p.headers['content-type'] ?? ''));
    expect(Buffer.from(unbase64(attachment?.body ?? '')).equals(Buffer.from(pdf))).toBe(true);
  });

  it('TLS from the first byte (port 465 style) with AUTH LOGIN when the server offers only LOGIN', async () => {
    const before = implicit.received.length;
    await sendMail({ host: '127.0.0.1', port: implicit.port, tls: 'implicit', ca: cert, auth: { user: USER, pass: PASS } }, { from: USER, to: ['a@example.cd'] }, 'Subject: x\r\n\r\nbonjour\r\n');
    expect(implicit.received.length).toBe(before + 1);
    expect(implicit.received.at(-1)).toMatchObject({ user: USER, secure: true, to: ['a@example.cd'] });
  });

  it('refuses a certificate it cannot trust, and sends nothing', async () => {
    const before = starttls.received.length;
    const err = await failure(sendMail({ host: 'localhost', port: starttls.port, tls: 'starttls', auth: { user: USER, pass: PASS } }, { from: USER, to: ['a@example.cd'] }, 'x'));
    expect(err.code).toBe('smtp_tls');
    expect(err.message).toMatch(/certificate/i);
    expect(starttls.received.length).toBe(before);
  });

  it('implicit TLS to a certificate it cannot trust is smtp_tls too, and sends nothing', async () => {
    const before = implicit.received.length;
    const err = await failure(sendMail({ host: '127.0.0.1', port: implicit.port, tls: 'implicit' }, { from: USER, to: ['a@example.cd'] }, 'x'));
    expect(err.code).toBe('smtp_tls');
    expect(implicit.received.length).toBe(before);
  });

  it('gives up on a server that accepts STARTTLS and then never answers the handshake', async () => {
    const silent = createServer((s) => {
      s.write('220 silent ESMTP\r\n');
      s.on('data', (d: Buffer) => {
        const line = d.toString();
        if (line.startsWith('EHLO')) s.write('250-silent\r\n250 STARTTLS\r\n');
        else if (line.startsWith('STARTTLS')) s.write('220 go ahead\r\n'); // and then nothing, whatever comes
      });
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    try {
      const port = (silent.address() as AddressInfo).port;
      const err = await failure(sendMail({ host: '127.0.0.1', port, tls: 'starttls', timeoutMs: 300 }, { from: USER, to: ['a@example.cd'] }, 'x'));
      expect(err.code).toBe('smtp_timeout');
      expect(err.message).toContain('TLS handshake');
    } finally {
      silent.close();
    }
  });

  it('refuses to go on in clear when STARTTLS was asked and the server does not offer it', async () => {
    const err = await failure(sendMail({ host: '127.0.0.1', port: noTls.port, tls: 'starttls', ca: cert }, { from: USER, to: ['a@example.cd'] }, 'x'));
    expect(err.code).toBe('smtp_tls');
    expect(err.message).toContain('does not offer STARTTLS');
    expect(noTls.received).toEqual([]);
  });

  it('a wrong password is smtp_auth with the server reply, and nothing is sent', async () => {
    const before = starttls.received.length;
    const err = await failure(sendMail({ host: 'localhost', port: starttls.port, tls: 'starttls', ca: cert, auth: { user: USER, pass: 'faux' } }, { from: USER, to: ['a@example.cd'] }, 'x'));
    expect(err.code).toBe('smtp_auth');
    expect(err.reply).toBe(535);
    expect(starttls.received.length).toBe(before);
  });

  it('never sends a password in clear beyond this machine, and names what to set', async () => {
    const err = await failure(sendMail({ host: 'smtp.example.cd', port: 25, auth: { user: USER, pass: PASS } }, { from: USER, to: ['a@example.cd'] }, 'x'));
    expect(err.code).toBe('smtp_tls');
    expect(err.message).toContain("tls 'starttls' or 'implicit'");
  });
});
