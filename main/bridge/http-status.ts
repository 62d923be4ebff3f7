// The HTTP status the bridge answers for each PosApi error code (the body always carries the code itself).
import type { PosErrorCode } from '../api/pos-types';

export const HTTP_STATUS = {
  unauthorized: 401,
  unknown_method: 404,
  bad_json: 400,
  unreachable: 503,
  database_newer_than_app: 503,
  migration_failed: 503,
  settings_missing: 409,
  invalid_argument: 422,
  product_not_found: 404,
  duplicate_product: 409,
  conflict: 409,
  cashier_exists: 409,
  cashier_not_found: 404,
  bad_pin: 401,
  cashier_locked: 423,
  not_logged_in: 403,
  forbidden: 403,
  invalid_draft: 422,
  payment_refused: 422,
  invoice_not_found: 404,
  seal_mismatch: 502,
  not_implemented: 501,
  internal: 500,
} as const satisfies Record<PosErrorCode, number>;
