// The fiscal kernel's public API in one import: `import { validateDraft, computeTotals } from '../fiscal'`.
// Names defined identically in two modules (Currency, PriceMode, PaymentMethod) are taken from invoice-types.
export * from './money';
export * from './tax-groups';
export * from './totals';
export * from './payments';
export * from './invoice-types';
export * from './invoice';
export * from './messages';
export * from './errors';
export * from './validation';
export * from './invoice-rules';
export * from './invoice-figures';
export * from './canonical';
export * from './security-elements';
export * from './signature';
export * from './chain';
export * from './dgi-time';
export * from './base32';
export * from './bytes';
export type { Currency, PriceMode, PaymentMethod } from './invoice-types';
