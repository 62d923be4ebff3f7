// JSON schemas of the API: Fastify validates requests with them and /v1/openapi.json is generated from them.
import { INVOICE_TYPES } from '../fiscal/invoice-types';
import { NIF_RE } from '../fiscal/invoice';
import { DRAFT_KEYS } from '../fiscal/validation';
import { KEY_ROLES } from './store/records';

/** Printable text: no control characters (they break receipts, logs and CSV exports). */
const text = (maxLength: number, minLength = 0) => ({ type: 'string', minLength, maxLength, pattern: '^[^\\u0000-\\u001f\\u007f]*$' }) as const;
const id = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' } as const;

export const idParams = (name: string) => ({
  type: 'object',
  required: [name],
  properties: { [name]: id },
}) as const;

export const createMerchantBody = {
  type: 'object',
  additionalProperties: false,
  required: ['nif', 'name'],
  properties: {
    nif: { type: 'string', pattern: NIF_RE.source, description: 'Taxpayer NIF, e.g. A9000011T.' },
    rccm: text(64),
    name: text(128, 1),
    address: text(256),
    city: text(64),
    phone: text(32),
    email: { type: 'string', maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$' },
  },
} as const;

export const createOutletBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: text(128, 1),
    address: text(256),
    isf: { ...text(64), description: "The billing software's id (ISF) printed on receipts." },
  },
} as const;

export const createApiKeyBody = {
  type: 'object',
  additionalProperties: false,
  required: ['merchant_id', 'role'],
  properties: {
    merchant_id: id,
    outlet_id: { anyOf: [id, { type: 'null' }], description: 'Required for terminal and cashier keys.' },
    role: { type: 'string', enum: [...KEY_ROLES] },
    label: text(128),
  },
} as const;

/**
 * The draft is validated by the fiscal kernel (validateDraft), the one place its rules live; this schema only
 * requires an object and names its fields (from the kernel's own list) so the OpenAPI document shows them.
 */
export const invoiceDraftBody = {
  type: 'object',
  description: 'An invoice draft (docs/CONTRACT.md). Every rule is checked by the fiscal kernel; errors name their paths.',
  properties: Object.fromEntries(DRAFT_KEYS.map((k) => [k, { description: k === 'type' ? `One of ${INVOICE_TYPES.join(', ')}.` : `See docs/CONTRACT.md: ${k}.` }])),
} as const;

export const ledgerQuery = {
  type: 'object',
  properties: {
    after_seq: { type: 'string', pattern: '^[0-9]{1,15}$', description: 'Entries after this seq (default 0).' },
    limit: { type: 'string', pattern: '^[0-9]{1,4}$', description: 'At most this many entries (1–1000, default 100).' },
  },
} as const;

export const idempotencyHeader = {
  type: 'object',
  properties: { 'idempotency-key': { type: 'string', description: 'Client-chosen key (a UUID), the same on every retry.' } },
} as const;

export const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string' },
    request_id: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' }, code: { type: 'string' } } },
    },
  },
} as const;
