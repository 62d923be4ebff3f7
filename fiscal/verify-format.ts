// The verifier's first check: the export's header is the documented format and version (docs/audit-export.md).
import { AUDIT_EXPORT_FORMAT, AUDIT_EXPORT_VERSION, type AuditExport } from './audit-export';
import { instantToEpochMs } from './dgi-time';
import { NIM_RE } from './security-elements';
import { failure, type VerifyFailure } from './verify-types';

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isNonEmptyText = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;
export const isWholeFrom = (v: unknown, min: number): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;

export function isInstant(v: unknown): v is string {
  try {
    instantToEpochMs(v as string);
    return true;
  } catch {
    return false;
  }
}

/** The export with its header checked; ledger entries and credentials are checked one by one later. */
export function readExport(input: unknown): { ok: true; value: AuditExport } | VerifyFailure {
  const bad = (detail: string) => failure('format', null, detail);
  if (!isObject(input)) return bad('The export is not a JSON object.');
  if (input['format'] !== AUDIT_EXPORT_FORMAT) {
    return bad(`format is "${String(input['format'])}", not "${AUDIT_EXPORT_FORMAT}".`);
  }
  if (input['version'] !== AUDIT_EXPORT_VERSION) {
    return bad(`version ${String(input['version'])} is not one this verifier reads (it reads version ${AUDIT_EXPORT_VERSION}).`);
  }
  if (!isInstant(input['exported_at'])) return bad('exported_at is not an ISO 8601 instant with an offset.');
  const merchant = input['merchant'];
  if (!isObject(merchant) || !isNonEmptyText(merchant['nif']) || typeof merchant['name'] !== 'string') {
    return bad('merchant must be an object with the nif and name of the taxpayer.');
  }
  const outlet = input['outlet'];
  if (!isObject(outlet) || !isNonEmptyText(outlet['id'])) return bad('outlet must be an object with its id.');
  if (typeof outlet['authority_id'] !== 'string' || !NIM_RE.test(outlet['authority_id'])) {
    return bad(`outlet.authority_id "${String(outlet['authority_id'])}" is not SERIAL-ACTIVATIONCOUNT (like SC01000001-1).`);
  }
  const keys = input['keys'];
  if (!isObject(keys) || !Array.isArray(keys['keys'])) return bad('keys must be a JWKS: {"keys": [...]}.');
  if (!Array.isArray(input['credentials'])) return bad('credentials must be an array of compact JWS strings (empty when none).');
  if (!Array.isArray(input['ledger'])) return bad('ledger must be the array of ledger entries from seq 1.');
  return { ok: true, value: input as AuditExport };
}
