// The delivery settings of `npm run server` from the environment (README, server/README.md):
//   STALELA_PUBLIC_URL            base URL of the capability links a customer opens (default http://HOST:PORT)
//   STALELA_RECEIPT_LINK_SECRET   HMAC key of those links, hex (64+ digits); default a random key kept in a file
//   STALELA_SMTP_HOST / _PORT     the mail relay (port default 25); without a host the e-mail channel answers 503
//   STALELA_MAIL_FROM             the sender address of receipt mails (required with STALELA_SMTP_HOST)
//   STALELA_SMTP_TLS              none | starttls | implicit (default: implicit on 465, starttls on 587, else none)
//   STALELA_SMTP_USER / _PASS     AUTH PLAIN or LOGIN (only over TLS, or to a relay on this machine)
//   STALELA_SMTP_CA_FILE          a PEM file of CA certificates trusted beside the system's (a relay with its own CA)
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isMailAddress } from '../../documents/delivery-address';
import { checkSmtpOptions, SmtpError } from '../delivery/smtp-client';
import type { DeliveryOptions } from '../routes/deliveries';

export class DeliveryEnvError extends Error {
  readonly code = 'cli.bad_option';
}

/** The link key from a file, created (32 random bytes, mode 0600) on first start so links survive restarts. */
function fileSecret(file: string): Uint8Array {
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32);
  writeFileSync(file, `${secret.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
}

export function deliveryFromEnv(env: NodeJS.ProcessEnv, listen: { host: string; port: number }, secretFile: string): DeliveryOptions {
  const given = env.STALELA_RECEIPT_LINK_SECRET?.trim();
  if (given !== undefined && given !== '' && !/^(?:[0-9a-fA-F]{2}){32,}$/.test(given)) {
    throw new DeliveryEnvError('STALELA_RECEIPT_LINK_SECRET must be at least 32 bytes in hex (64 hex digits).');
  }
  const linkSecret = given ? Buffer.from(given, 'hex') : fileSecret(secretFile);
  const publicUrl = env.STALELA_PUBLIC_URL?.trim() || `http://${listen.host.includes(':') ? `[${listen.host}]` : listen.host}:${listen.port}`;
  if (!/^https?:\/\/[^\s/]+/.test(publicUrl)) throw new DeliveryEnvError(`STALELA_PUBLIC_URL "${publicUrl}" is not an http(s) URL.`);
  const host = env.STALELA_SMTP_HOST?.trim();
  if (!host) return { linkSecret, publicUrl };
  const port = Number(env.STALELA_SMTP_PORT?.trim() || '25');
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new DeliveryEnvError(`STALELA_SMTP_PORT "${env.STALELA_SMTP_PORT}" is not a port.`);
  const from = env.STALELA_MAIL_FROM?.trim() ?? '';
  if (!isMailAddress(from)) throw new DeliveryEnvError('STALELA_MAIL_FROM must be the sender address when STALELA_SMTP_HOST is set.');
  const tlsText = env.STALELA_SMTP_TLS?.trim() || (port === 465 ? 'implicit' : port === 587 ? 'starttls' : 'none');
  if (tlsText !== 'none' && tlsText !== 'starttls' && tlsText !== 'implicit') {
    throw new DeliveryEnvError(`STALELA_SMTP_TLS "${tlsText}" is not none, starttls or implicit.`);
  }
  const user = env.STALELA_SMTP_USER?.trim() ?? '';
  const pass = env.STALELA_SMTP_PASS ?? '';
  if ((user === '') !== (pass === '')) throw new DeliveryEnvError('STALELA_SMTP_USER and STALELA_SMTP_PASS are set together or not at all.');
  const auth = user === '' ? undefined : { user, pass };
  try {
    checkSmtpOptions({ host, tls: tlsText, ...(auth === undefined ? {} : { auth }) });
  } catch (err) {
    if (err instanceof SmtpError) throw new DeliveryEnvError(`STALELA_SMTP_USER / _PASS / _TLS: ${err.message}`);
    throw err;
  }
  const caFile = env.STALELA_SMTP_CA_FILE?.trim();
  let ca: string | undefined;
  if (caFile) {
    try {
      ca = readFileSync(caFile, 'utf8');
    } catch (err) {
      throw new DeliveryEnvError(`STALELA_SMTP_CA_FILE "${caFile}" cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
    }
  }
  return {
    linkSecret, publicUrl,
    smtp: { host, port, from, tls: tlsText, ...(auth === undefined ? {} : { auth }), ...(ca === undefined ? {} : { ca }) },
  };
}
