// A MIME message (RFC 5322 + RFC 2045/2046 multipart/mixed): a text/plain body and attachments, base64, CRLF lines.
import { randomBytes } from 'node:crypto';
import { isMailAddress } from '../../documents/delivery-address';

export type MailAttachment = { filename: string; contentType: string; bytes: Uint8Array };

export type MailMessage = {
  from: string;
  to: readonly string[];
  subject: string;
  text: string;
  attachments: readonly MailAttachment[];
  date?: Date;
  messageId?: string;
};

export class MailAddressError extends Error {
  readonly code = 'bad_mail_address';
  constructor(address: string) {
    super(`"${address}" is not a mail address this sender accepts (one local@domain, no spaces, brackets or line breaks).`);
    this.name = 'MailAddressError';
  }
}

// Deliberately narrow (documents/delivery-address.ts): one plain address; nothing that could inject headers or commands.
export function checkAddress(address: string): string {
  if (!isMailAddress(address)) throw new MailAddressError(address);
  return address;
}

/** RFC 2047 encoded-word for a header value that is not plain ASCII. */
export function encodeHeader(value: string): string {
  const clean = value.replace(/[\r\n]+/g, ' ');
  if (/^[\x20-\x7e]*$/.test(clean)) return clean;
  return `=?UTF-8?B?${Buffer.from(clean, 'utf8').toString('base64')}?=`;
}

/** Base64 in lines of 76 characters (RFC 2045 §6.8). */
export function base64Lines(bytes: Uint8Array): string {
  const b64 = Buffer.from(bytes).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 76) lines.push(b64.slice(i, i + 76));
  return lines.join('\r\n');
}

const quoteParam = (v: string) => `"${v.replace(/[\r\n"\\]/g, '_')}"`;

export function buildMimeMessage(m: MailMessage): string {
  checkAddress(m.from);
  m.to.forEach(checkAddress);
  const boundary = `=_stalela_${randomBytes(12).toString('hex')}`;
  const domain = m.from.split('@')[1] ?? 'localhost';
  const head = [
    `From: ${m.from}`,
    `To: ${m.to.join(', ')}`,
    `Subject: ${encodeHeader(m.subject)}`,
    `Date: ${(m.date ?? new Date()).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${m.messageId ?? `${randomBytes(16).toString('hex')}@${domain}`}>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
  ];
  const parts = [
    [
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(new TextEncoder().encode(m.text.replace(/\r?\n/g, '\r\n'))),
    ].join('\r\n'),
    ...m.attachments.map((a) =>
      [
        `Content-Type: ${a.contentType}; name=${quoteParam(a.filename)}`,
        'Content-Transfer-Encoding: base64',
        `Content-Disposition: attachment; filename=${quoteParam(a.filename)}`,
        '',
        base64Lines(a.bytes),
      ].join('\r\n'),
    ),
  ];
  return [
    ...head,
    '',
    'This is a multipart message in MIME format.',
    ...parts.map((p) => `--${boundary}\r\n${p}`),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}
