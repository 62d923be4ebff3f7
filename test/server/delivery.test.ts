// Receipt delivery: a real invoice PDF mailed over SMTP to a loopback receiver, its MIME parsed back and the PDF bytes
// compared; dot-stuffing, refusals and header injection; the WhatsApp share link decoded back to its text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoicePdf } from '../../documents/report-pdf';
import { SAMPLE_INVOICE, SAMPLE_MERCHANT } from '../../device/printer/sample-receipt';
import { buildMimeMessage, MailAddressError } from '../../server/delivery/mime';
import { receiptSummary, whatsappShareLink } from '../../server/delivery/receipt-text';
import { receiptFileName, sendReceiptMail } from '../../server/delivery/send-receipt';
import { dataBlock, sendMail, SmtpError } from '../../server/delivery/smtp-client';
import { parseMime, unbase64 } from '../support/mime-reader';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver';

let smtp: SmtpReceiver;
beforeAll(async () => {
  smtp = await startSmtpReceiver();
});
afterAll(async () => smtp.close());

describe('receipt by mail', () => {
  it('delivers the summary and the invoice PDF, whose bytes come back identical from the parsed MIME', async () => {
    const pdf = invoicePdf(SAMPLE_INVOICE, SAMPLE_MERCHANT);
    const result = await sendReceiptMail({ host: '127.0.0.1', port: smtp.port }, {
      from: 'caisse@supermarche.cd', to: 'client@example.cd', invoice: SAMPLE_INVOICE, pdf, sellerName: SAMPLE_MERCHANT.name,
    });
    expect(result.accepted).toEqual(['client@example.cd']);
    expect(result.reply.code).toBe(250);
    const mail = smtp.messages.at(-1);
    expect(mail?.from).toBe('caisse@supermarche.cd');
    expect(mail?.to).toEqual(['client@example.cd']);
    expect(smtp.commands.slice(-5)).toEqual([
      expect.stringMatching(/^EHLO /), 'MAIL FROM:<caisse@supermarche.cd>', 'RCPT TO:<client@example.cd>', 'DATA', 'QUIT',
    ]);

    const msg = parseMime(mail?.data ?? '');
    expect(msg.headers['mime-version']).toBe('1.0');
    expect(msg.headers['content-type']).toMatch(/^multipart\/mixed;/);
    expect(msg.headers['subject']).toMatch(/^=\?UTF-8\?B\?/);
    const subject = Buffer.from(/\?B\?(.*)\?=/.exec(msg.headers['subject'] ?? '')?.[1] ?? '', 'base64').toString('utf8');
    expect(subject).toContain(SAMPLE_INVOICE.security.code);
    expect(msg.parts).toHaveLength(2);
    const [text, attachment] = msg.parts;
    expect(text?.headers['content-type']).toBe('text/plain; charset=utf-8');
    const summary = new TextDecoder().decode(unbase64(text?.body ?? ''));
    expect(summary).toContain(`CODE DEF/DGI : ${SAMPLE_INVOICE.security.code}`);
    expect(summary).toContain(`Total TTC : ${SAMPLE_INVOICE.totals.ttc} CDF`);
    expect(attachment?.headers['content-type']).toMatch(/^application\/pdf;/);
    expect(attachment?.headers['content-disposition']).toBe(`attachment; filename="${receiptFileName(SAMPLE_INVOICE)}"`);
    expect((attachment?.body ?? '').split('\r\n').every((l) => l.length <= 76)).toBe(true);
    const back = unbase64(attachment?.body ?? '');
    expect(back.length).toBe(pdf.length);
    expect(Buffer.compare(Buffer.from(back), Buffer.from(pdf))).toBe(0);
    expect(new TextDecoder().decode(back.subarray(0, 5))).toBe('%PDF-');
  });

  it('dot-stuffs lines that start with a dot so the message cannot end early', async () => {
    expect(dataBlock('a\n.\n..b')).toBe('a\r\n..\r\n...b\r\n.\r\n');
    const message = buildMimeMessage({ from: 'a@b.cd', to: ['c@d.cd'], subject: 'dots', text: '.\n.hidden', attachments: [] });
    await sendMail({ host: '127.0.0.1', port: smtp.port }, { from: 'a@b.cd', to: ['c@d.cd'] }, message);
    const part = parseMime(smtp.messages.at(-1)?.data ?? '').parts[0];
    expect(new TextDecoder().decode(unbase64(part?.body ?? ''))).toBe('.\r\n.hidden');
  });

  it('raises SmtpError with the reply code when the server refuses the recipient', async () => {
    smtp.refuse('nobody@example.cd');
    const err = await sendMail({ host: '127.0.0.1', port: smtp.port }, { from: 'a@b.cd', to: ['nobody@example.cd'] }, 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SmtpError);
    expect((err as SmtpError).code).toBe('smtp_refused');
    expect((err as SmtpError).reply).toBe(550);
  });

  it('raises smtp_connection when nothing listens', async () => {
    const closed = await startSmtpReceiver();
    const port = closed.port;
    await closed.close();
    const err = await sendMail({ host: '127.0.0.1', port }, { from: 'a@b.cd', to: ['c@d.cd'] }, 'x').catch((e: unknown) => e);
    expect((err as SmtpError).code).toBe('smtp_connection');
  });

  it('refuses addresses that would inject SMTP commands or headers', () => {
    for (const bad of ['c@d.cd>\r\nRCPT TO:<e@f.cd', 'c@d.cd\nBcc: x@y.cd', 'no-at-sign', 'a b@c.cd']) {
      expect(() => buildMimeMessage({ from: 'a@b.cd', to: [bad], subject: 's', text: 't', attachments: [] })).toThrow(MailAddressError);
    }
  });
});

describe('WhatsApp share link', () => {
  it('is wa.me with the URL-encoded summary, the CODE DEF/DGI and the PDF link', () => {
    const pdfUrl = 'https://recus.example.cd/f/345-2024.pdf?t=a&b=c';
    const link = whatsappShareLink(SAMPLE_INVOICE, { pdfUrl, sellerName: SAMPLE_MERCHANT.name });
    expect(link.startsWith('https://wa.me/?text=')).toBe(true);
    const url = new URL(link);
    expect([...url.searchParams.keys()]).toEqual(['text']);
    const text = url.searchParams.get('text') ?? '';
    expect(text).toBe(receiptSummary(SAMPLE_INVOICE, { pdfUrl, sellerName: SAMPLE_MERCHANT.name }));
    expect(text).toContain(SAMPLE_INVOICE.security.code);
    expect(text).toContain(pdfUrl);
    expect(text).toContain('SUPERMARCHÉ CENTRAL');
    // Encoded whole: no raw space, line break, & ? or # that would cut the text short.
    expect(link.slice('https://wa.me/?text='.length)).not.toMatch(/[ \n&?#]/);
  });
});
