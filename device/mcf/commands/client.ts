// C3h: the buyer of the next invoice (mandatory before C0h, even for the default type PP).
import { CLIENT_TYPES, type ClientType } from '../../../fiscal/invoice-types';
import { joinFields } from '../escape';
import { accepted, fields, oneOf, refused, type McfResult } from './common';

/** CTYPE, CNIF, CNOM, CADD, CTEL, CEML, CRCCM; empty strings for what the buyer did not give. */
export type McfClient = {
  type: ClientType;
  nif: string;
  name: string;
  address: string;
  phone: string;
  email: string;
  rccm: string;
};

/** Null sends no data at all, which the device takes as type PP. */
export function encodeClientRequest(client: McfClient | null): string {
  if (client === null) return '';
  return joinFields([client.type, client.nif, client.name, client.address, client.phone, client.email, client.rccm]);
}

export function decodeClientRequest(text: string): McfClient | null {
  if (text === '') return null;
  const f = fields(text, 'C3h data', 7);
  return {
    type: oneOf(f[0] as string, CLIENT_TYPES, 'CTYPE'),
    nif: f[1] as string,
    name: f[2] as string,
    address: f[3] as string,
    phone: f[4] as string,
    email: f[5] as string,
    rccm: f[6] as string,
  };
}

/** {RC}[:{ER}]: "R", or "E:why". */
export function encodeClientAnswer(result: McfResult<null>): string {
  return result.ok ? 'R' : `E:${result.message}`;
}

export function decodeClientAnswer(text: string): McfResult<null> {
  if (text === 'R' || text.startsWith('R:')) return accepted(null);
  if (text.startsWith('E')) return refused(text.replace(/^E:?/, '').trim());
  return refused(`unexpected C3h answer "${text}"`);
}
