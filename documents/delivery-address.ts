// Where a receipt may be delivered: one plain e-mail address or one phone number in international form.
// Pure, so the till refuses a bad address before it calls the cloud, and the cloud refuses it the same way.

/** Deliberately narrow: one local@domain, nothing that could inject a mail header or an SMTP command. */
export const MAIL_ADDRESS_RE = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

export type DeliveryChannel = 'email' | 'whatsapp';
export const DELIVERY_CHANNELS: readonly DeliveryChannel[] = ['email', 'whatsapp'];
export type DocumentFormat = 'receipt' | 'a4';
export const DOCUMENT_FORMATS: readonly DocumentFormat[] = ['receipt', 'a4'];

export const isMailAddress = (to: string): boolean => to.length <= 254 && MAIL_ADDRESS_RE.test(to);

/**
 * A phone number as wa.me wants it: the digits of the international number, country code first. Accepts "+243 81
 * 234 5678", "+243-812-345-678", "00243812345678"; a national "0812345678" is refused (its country is a guess).
 */
export function phoneDigits(to: string): string | null {
  const compact = to.replace(/[\s().-]/g, '');
  const m = /^(?:\+|00)([1-9][0-9]{7,14})$/.exec(compact);
  return m ? (m[1] ?? null) : null;
}

/** Null when `to` fits the channel, else the sentence that says why (the field is `to`). */
export function deliveryAddressProblem(channel: DeliveryChannel, to: string): string | null {
  if (channel === 'email') return isMailAddress(to) ? null : `"${to}" is not an e-mail address (one local@domain, no spaces).`;
  return phoneDigits(to) === null ? `"${to}" is not a phone number in international form (e.g. +243 81 234 5678).` : null;
}
