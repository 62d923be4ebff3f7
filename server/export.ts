// The audit export of one outlet (docs/audit-export.md): merchant, outlet, every seal and issuer key, every credential's
// JWS and the whole ledger from seq 1, written as JSON text with each stored payload embedded as stored.
import { AUDIT_EXPORT_FORMAT, AUDIT_EXPORT_VERSION } from '../fiscal/audit-export';
import { toKinshasaIso } from '../fiscal/dgi-time';
import type { OfflineDeps } from './credentials-options';
import { sweepExpiredCredentials } from './credentials-sweep';
import { publishedKeys } from './signer/registry';
import type { LedgerEntry, Merchant, Outlet } from './store/records';

const PAGE = 1000;

/** One entry in the wire form server/ledger.ts hashes; a payload that is not JSON (an edited row) goes out as a string. */
function entryText(row: LedgerEntry): string {
  let payload = row.payload;
  try {
    JSON.parse(payload);
  } catch {
    payload = JSON.stringify(row.payload);
  }
  const head = JSON.stringify({ seq: row.seq, prev_hash: row.prevHash, outlet_id: row.outletId, kind: row.kind, fiscal_number: row.fiscalNumber, recorded_at: row.createdAt });
  return `${head.slice(0, -1)},"payload":${payload},"hash":${JSON.stringify(row.hash)}}`;
}

/**
 * The export as JSON text. Credentials past their grace period are closed first (their unused numbers voided). The
 * ledger is read before the credentials and the keys, so every credential or key an entry relies on is in the export;
 * a credential issued or closed meanwhile only shows as pending numbers.
 */
export async function auditExportText(deps: OfflineDeps, outlet: Outlet, merchant: Merchant): Promise<string> {
  await sweepExpiredCredentials(deps, outlet.id);
  const entries: string[] = [];
  let after = 0;
  for (;;) {
    const page = await deps.store.listLedger(outlet.id, after, PAGE);
    for (const row of page) entries.push(entryText(row));
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.seq;
  }
  const credentials = (await deps.store.listCredentials(outlet.id)).map((c) => c.token);
  const keys = await publishedKeys(deps.store);
  const header = {
    format: AUDIT_EXPORT_FORMAT,
    version: AUDIT_EXPORT_VERSION,
    exported_at: toKinshasaIso(deps.clock()),
    merchant: { id: merchant.id, nif: merchant.nif, name: merchant.name, rccm: merchant.rccm, address: merchant.address, city: merchant.city, phone: merchant.phone, email: merchant.email },
    outlet: { id: outlet.id, authority_id: outlet.authorityId, name: outlet.name, address: outlet.address, isf: outlet.isf },
    keys,
    credentials,
  };
  return `${JSON.stringify(header).slice(0, -1)},"ledger":[${entries.join(',')}]}`;
}
