// An invoice's PDF and its delivery to the buyer (an addition to CONTRACT.md's API v1; docs/delivery.md):
//   GET  /v1/invoices/{client_invoice_id}/pdf?format=receipt|a4     the merchant's keys
//   POST /v1/invoices/{client_invoice_id}/deliveries                 {channel: email|whatsapp, to, format}
//   GET  /v1/receipts/{token}                                        no key: an HMAC-signed, expiring capability link
import type { FastifyInstance, FastifyReply } from 'fastify';
import { deliveryAddressProblem, phoneDigits, type DeliveryChannel, type DocumentFormat } from '../../documents/delivery-address';
import type { Merchant as PrintMerchant } from '../../documents/merchant';
import { receiptPdf } from '../../documents/receipt-pdf';
import { invoicePdf } from '../../documents/report-pdf';
import type { SealedInvoice } from '../../fiscal/invoice-types';
import type { Role } from '../auth';
import { signReceiptLink, verifyReceiptLink } from '../delivery/receipt-link';
import { whatsappShareLink } from '../delivery/receipt-text';
import { receiptFileName, sendReceiptMail } from '../delivery/send-receipt';
import { SmtpError, type SmtpOptions } from '../delivery/smtp-client';
import { ApiError, invalid, notFound } from '../problem';
import { idParams } from '../schemas';
import type { Store } from '../store/store';
import { principalOf, type AppContext } from './context';

export type DeliveryOptions = {
  /** The HMAC key of the capability links (32 random bytes; keep it across restarts or old links stop working). */
  linkSecret: Uint8Array;
  /** The service's public base URL, as a customer's phone reaches it (e.g. https://api.stalela.cd). */
  publicUrl: string;
  /** How long a capability link works (default 30 days). */
  linkTtlMs?: number;
  /** The mail relay and the sender address; without them the e-mail channel answers 503. */
  smtp?: SmtpOptions & { from: string };
};

const READERS: readonly Role[] = ['owner', 'cashier', 'technician', 'auditor', 'terminal'];
const SENDERS: readonly Role[] = ['owner', 'cashier', 'terminal'];
const formatSchema = { type: 'string', enum: ['receipt', 'a4'], description: 'receipt: 80 mm roll; a4: the A4 invoice. Default receipt.' } as const;
export const pdfQuery = { type: 'object', additionalProperties: false, properties: { format: formatSchema } } as const;
export const deliveryBody = {
  type: 'object',
  additionalProperties: false,
  required: ['channel', 'to'],
  properties: {
    channel: { type: 'string', enum: ['email', 'whatsapp'] },
    to: { type: 'string', minLength: 1, maxLength: 254, description: 'An e-mail address (email) or an international phone number (whatsapp).' },
    format: formatSchema,
  },
} as const;
const tokenParams = { type: 'object', required: ['token'], properties: { token: { type: 'string', minLength: 1, maxLength: 600 } } } as const;

type Found = { invoice: SealedInvoice; merchant: PrintMerchant };

/** The sealed invoice and the seller's printed profile, for this merchant (and this outlet, for an outlet-bound key). */
async function loadDocument(store: Store, merchantId: string, clientInvoiceId: string, outletId?: string | null): Promise<Found | undefined> {
  const row = await store.getInvoice(merchantId, clientInvoiceId);
  if (!row || (outletId && row.outletId !== outletId)) return undefined;
  const [entry, merchant, outlet] = await Promise.all([store.getLedgerEntry(row.outletId, row.ledgerSeq), store.getMerchant(merchantId), store.getOutlet(row.outletId)]);
  if (!entry || !merchant || !outlet) return undefined;
  const invoice = JSON.parse(entry.payload) as SealedInvoice;
  return {
    invoice,
    merchant: {
      name: merchant.name,
      ...(outlet.name !== merchant.name ? { shop_name: outlet.name } : {}),
      nif: merchant.nif,
      rccm: merchant.rccm ?? '',
      address: outlet.address ?? merchant.address ?? '',
      ...(merchant.city === null ? {} : { city: merchant.city }),
      phone: merchant.phone ?? '',
      email: merchant.email ?? '',
      isf: outlet.isf ?? '',
    },
  };
}

const render = (f: Found, format: DocumentFormat): Uint8Array => (format === 'a4' ? invoicePdf(f.invoice, f.merchant) : receiptPdf(f.invoice, f.merchant));

function sendPdf(reply: FastifyReply, f: Found, format: DocumentFormat, cache: string) {
  const name = receiptFileName(f.invoice, format);
  return reply
    .type('application/pdf')
    .header('content-disposition', `inline; filename="${name}"`)
    .header('cache-control', cache)
    .header('x-content-type-options', 'nosniff')
    .send(Buffer.from(render(f, format)));
}

export function deliveryRoutes(app: FastifyInstance, ctx: AppContext, options: DeliveryOptions): void {
  const ttl = options.linkTtlMs ?? 30 * 24 * 3600_000;
  const base = options.publicUrl.replace(/\/+$/, '');

  app.get<{ Params: { client_invoice_id: string }; Querystring: { format?: DocumentFormat } }>('/v1/invoices/:client_invoice_id/pdf', {
    schema: { summary: "A sealed invoice's PDF (80 mm receipt or A4)", tags: ['delivery'], params: idParams('client_invoice_id'), querystring: pdfQuery },
    config: { roles: READERS, responses: { '200': 'application/pdf', '400': 'format is not receipt or a4', '404': 'None was sealed under this id (for this key)' } },
  }, async (req, reply) => {
    const p = principalOf(req);
    const found = await loadDocument(ctx.store, p.merchantId as string, req.params.client_invoice_id, p.outletId);
    if (found === undefined) throw notFound(`No invoice ${req.params.client_invoice_id} was sealed.`);
    return sendPdf(reply, found, req.query.format ?? 'receipt', 'private, no-store');
  });

  app.post<{ Params: { client_invoice_id: string }; Body: { channel: DeliveryChannel; to: string; format?: DocumentFormat } }>('/v1/invoices/:client_invoice_id/deliveries', {
    schema: { summary: 'Deliver a sealed invoice to its buyer by e-mail or WhatsApp', tags: ['delivery'], params: idParams('client_invoice_id'), body: deliveryBody },
    config: {
      roles: SENDERS,
      responses: {
        '200': 'whatsapp: {channel, to, format, status: "link", whatsapp_url, pdf_url, expires_at}; email: the same with status "sent", no whatsapp_url',
        '404': 'None was sealed under this id (for this key)',
        '422': 'A body that does not fit, or a `to` that is no e-mail address / international phone number; errors name the path',
        '502': 'The mail relay refused or could not be reached: nothing was sent',
        '503': 'No mail relay is configured on this service',
      },
    },
  }, async (req, reply) => {
    const p = principalOf(req);
    const { channel, to } = req.body;
    const format = req.body.format ?? 'receipt';
    const problem = deliveryAddressProblem(channel, to);
    if (problem !== null) throw invalid('The delivery address is not valid.', [{ path: 'to', code: channel === 'email' ? 'email' : 'phone', message: problem }]);
    const found = await loadDocument(ctx.store, p.merchantId as string, req.params.client_invoice_id, p.outletId);
    if (found === undefined) throw notFound(`No invoice ${req.params.client_invoice_id} was sealed.`);
    const expiresAt = new Date(ctx.clock().getTime() + ttl);
    const pdfUrl = `${base}/v1/receipts/${signReceiptLink(options.linkSecret, { merchantId: p.merchantId as string, clientInvoiceId: found.invoice.client_invoice_id, format, expiresAt })}`;
    const answer = { channel, to, format, pdf_url: pdfUrl, expires_at: expiresAt.toISOString() };
    if (channel === 'whatsapp') {
      const whatsappUrl = whatsappShareLink(found.invoice, { sellerName: found.merchant.name, pdfUrl, phone: phoneDigits(to) ?? '' });
      return reply.code(200).send({ ...answer, status: 'link', whatsapp_url: whatsappUrl });
    }
    const smtp = options.smtp;
    if (smtp === undefined) throw new ApiError(503, 'unavailable', 'No mail relay is configured on this service (STALELA_SMTP_HOST); the WhatsApp channel still works.');
    try {
      await sendReceiptMail(smtp, { from: smtp.from, to, invoice: found.invoice, pdf: render(found, format), sellerName: found.merchant.name, pdfUrl });
    } catch (err) {
      if (err instanceof SmtpError) {
        req.log.warn({ err }, 'receipt mail not sent');
        throw new ApiError(502, 'delivery_failed', `The mail was not sent (${err.code}${err.reply === null ? '' : ` ${err.reply}`}): ${err.message}`);
      }
      throw err;
    }
    return reply.code(200).send({ ...answer, status: 'sent' });
  });

  app.get<{ Params: { token: string } }>('/v1/receipts/:token', {
    schema: { summary: "An invoice's PDF by its capability link (no API key)", tags: ['delivery'], params: tokenParams },
    config: { responses: { '200': 'application/pdf', '404': 'Not a link this service signed, or its invoice is gone', '410': 'The link expired' } },
  }, async (req, reply) => {
    const claims = verifyReceiptLink(options.linkSecret, req.params.token, ctx.clock());
    if (claims === 'expired') throw new ApiError(410, 'gone', 'This receipt link expired; ask the shop to send it again.');
    if (typeof claims === 'string') throw notFound('No such receipt.');
    const found = await loadDocument(ctx.store, claims.merchantId, claims.clientInvoiceId);
    if (found === undefined) throw notFound('No such receipt.');
    return sendPdf(reply, found, claims.format, 'private, max-age=300');
  });
}
