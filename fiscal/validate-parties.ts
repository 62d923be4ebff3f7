// Shape of the draft's optional blocks: client (C3h), credit reference (C0h RR/RN), USD rate (C0h CRT/CDT), comments (36h).
import { INVOICE_LIMITS, NIF_RE } from './invoice';
import {
  CLIENT_TYPES, COMMENT_LINES, CREDIT_NATURES,
  type ClientInfo, type Comments, type CreditReference, type UsdRate,
} from './invoice-types';
import {
  asObject, checkKeys, own, readAmount, readDate, readEnum, readText, type Ctx, type Obj,
} from './validate-primitives';

const CLIENT_KEYS = ['type', 'nif', 'name', 'address', 'contact', 'rccm'] as const;
const REFERENCE_KEYS = ['nature', 'code'] as const;
const USD_RATE_KEYS = ['rate', 'date'] as const;

/** Reads optional block `key` of `root`: undefined when absent, null when malformed. */
function optionalBlock(ctx: Ctx, root: Obj, key: string, keys: readonly string[]): { obj: Obj; path: string } | null | undefined {
  const value = own(root, key);
  if (value === undefined) return undefined;
  const obj = asObject(ctx, value, key);
  if (obj === null) return null;
  checkKeys(ctx, obj, key, keys);
  return { obj, path: key };
}

export function readClient(ctx: Ctx, root: Obj): ClientInfo | null | undefined {
  const before = ctx.errors.length;
  const block = optionalBlock(ctx, root, 'client', CLIENT_KEYS);
  if (!block) return block;
  const { obj, path } = block;
  const type = readEnum(ctx, obj, 'type', path, CLIENT_TYPES, true);
  const nif = readText(ctx, obj, 'nif', path, false, { max: 32, pattern: NIF_RE, patternCode: 'bad_nif' });
  const name = readText(ctx, obj, 'name', path, false, { max: INVOICE_LIMITS.clientName });
  const address = readText(ctx, obj, 'address', path, false, { max: INVOICE_LIMITS.clientAddress });
  const contact = readText(ctx, obj, 'contact', path, false, { max: INVOICE_LIMITS.clientContact });
  const rccm = readText(ctx, obj, 'rccm', path, false, { max: INVOICE_LIMITS.clientRccm });
  if (ctx.errors.length > before || type === undefined) return null;
  const client: ClientInfo = { type };
  if (nif !== undefined) client.nif = nif;
  if (name !== undefined) client.name = name;
  if (address !== undefined) client.address = address;
  if (contact !== undefined) client.contact = contact;
  if (rccm !== undefined) client.rccm = rccm;
  return client;
}

/** The reference's shape only; which code goes with which nature and type is an invoice rule. */
export function readReference(ctx: Ctx, root: Obj): CreditReference | null | undefined {
  const before = ctx.errors.length;
  const block = optionalBlock(ctx, root, 'reference', REFERENCE_KEYS);
  if (!block) return block;
  const { obj, path } = block;
  const nature = readEnum(ctx, obj, 'nature', path, CREDIT_NATURES, true);
  // 64, not 24: a code pasted in its printed, dashed form must reach the rule that explains the format.
  const code = readText(ctx, obj, 'code', path, true, { max: 64 });
  if (ctx.errors.length > before || nature === undefined || code === undefined) return null;
  return { nature, code };
}

export function readUsdRate(ctx: Ctx, root: Obj): UsdRate | null | undefined {
  const before = ctx.errors.length;
  const block = optionalBlock(ctx, root, 'usd_rate', USD_RATE_KEYS);
  if (!block) return block;
  const { obj, path } = block;
  const rate = readAmount(ctx, obj, 'rate', path, true, true);
  const date = readDate(ctx, obj, 'date', path);
  if (ctx.errors.length > before || rate === undefined || date === undefined) return null;
  return { rate, date };
}

/** Comment lines A–H; a line cannot be empty (36h with a LID alone is a read, not a write). */
export function readComments(ctx: Ctx, root: Obj): Comments | null | undefined {
  const before = ctx.errors.length;
  const block = optionalBlock(ctx, root, 'comments', COMMENT_LINES);
  if (!block) return block;
  const { obj, path } = block;
  const out: Comments = {};
  for (const line of COMMENT_LINES) {
    const text = readText(ctx, obj, line, path, false, { max: INVOICE_LIMITS.comment });
    if (text !== undefined) out[line] = text;
  }
  return ctx.errors.length > before ? null : out;
}
