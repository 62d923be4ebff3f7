// The till's catalog: barcode lookup, accent-insensitive name/code search, and all-or-nothing import.
import type Database from 'better-sqlite3';
import { AMOUNT_RE, formatAmount, formatRate, parseAmount, parseRate } from '../../fiscal/money';
import { INVOICE_LIMITS, utf8ByteLength } from '../../fiscal/invoice';
import { CURRENCIES, ITEM_TYPES, TAX_GROUP_LABELS, type SpecificTax } from '../../fiscal/invoice-types';
import type { ImportReport, Product, ProductInput } from '../api/pos-types';
import { CoreError } from './errors';

type ProductRow = {
  code: string;
  barcode: string | null;
  name: string;
  type: Product['type'];
  tax_group: Product['tax_group'];
  price: number | bigint;
  currency: Product['currency'];
  specific_tax_kind: 'per_unit' | 'percent' | null;
  specific_tax_value: number | bigint | null;
  specific_tax_description: string | null;
  is_out_of_scope: number;
};

const COLUMNS = `p.code, p.barcode, p.name, p.type, p.tax_group, p.price, p.currency,
  p.specific_tax_kind, p.specific_tax_value, p.specific_tax_description, p.is_out_of_scope`;

function toProduct(r: ProductRow): Product {
  let specific: SpecificTax | null = null;
  if (r.specific_tax_kind !== null && r.specific_tax_value !== null) {
    const v = BigInt(r.specific_tax_value);
    const described = r.specific_tax_description === null ? {} : { description: r.specific_tax_description };
    specific = r.specific_tax_kind === 'per_unit' ? { per_unit: formatAmount(v), ...described } : { percent: formatRate(v), ...described };
  }
  return {
    code: r.code,
    barcode: r.barcode,
    name: r.name,
    type: r.type,
    tax_group: r.tax_group,
    price: formatAmount(BigInt(r.price)),
    currency: r.currency,
    specific_tax: specific,
    is_out_of_scope: r.is_out_of_scope === 1,
  };
}

/** The active product with this barcode, or null: a scan that finds nothing is not an error. */
export function lookupBarcode(db: Database.Database, barcode: string): Product | null {
  const row = db.prepare(`SELECT ${COLUMNS} FROM products p WHERE p.barcode = ? AND p.active = 1`).get(barcode.trim()) as ProductRow | undefined;
  return row === undefined ? null : toProduct(row);
}

/** The active product with this code, or null. */
export function getProduct(db: Database.Database, code: string): Product | null {
  const row = db.prepare(`SELECT ${COLUMNS} FROM products p WHERE p.code = ? AND p.active = 1`).get(code) as ProductRow | undefined;
  return row === undefined ? null : toProduct(row);
}

/** Case and accents folded away, as the FTS tokenizer folds them: "Crème Fraîche" → "creme fraiche". */
export function foldName(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Words of a query folded the way the FTS tokenizer folds names (case, accents), each turned into a prefix
 * term; quoting each word keeps FTS5 syntax (AND, NEAR, *, ") typed by a cashier from being interpreted.
 */
export function ftsQuery(query: string): string | null {
  const words = foldName(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 8);
  return words.length === 0 ? null : words.map((w) => `"${w}"*`).join(' ');
}

export const MAX_SEARCH_RESULTS = 100;

/** Above every folded name character in UTF-8 order, so [q, q + TOP) is "starts with q". */
const TOP = '\u{10FFFF}';

/**
 * Products for the search field, best first: the exact code or barcode; then names starting with the query,
 * alphabetically ("creme" → "CRÈME CORPORELLE …"); then names or codes with a word starting with each word
 * of the query ("lait nido" → "LAIT EN POUDRE NIDO 400G"), in catalog order. Each step is an index walk that
 * stops at the limit: no step ranks or sorts every match, which is what keeps 100,000 products fast.
 */
export function searchProducts(db: Database.Database, query: string, limit = 20): Product[] {
  const n = Math.max(1, Math.min(MAX_SEARCH_RESULTS, Math.trunc(limit)));
  const trimmed = query.trim();
  const match = ftsQuery(trimmed);
  if (match === null) return [];
  const folded = foldName(trimmed);
  const exact = db
    .prepare(`SELECT ${COLUMNS} FROM products p WHERE (p.code = ? OR p.barcode = ?) AND p.active = 1 LIMIT 2`)
    .all(trimmed, trimmed) as ProductRow[];
  const starting = db
    .prepare(`SELECT ${COLUMNS} FROM products p WHERE p.name_folded >= ? AND p.name_folded < ? AND p.active = 1 ORDER BY p.name_folded LIMIT ?`)
    .all(folded, folded + TOP, n) as ProductRow[];
  const words =
    exact.length + starting.length >= n
      ? []
      : (db
          .prepare(`SELECT ${COLUMNS} FROM products_fts f JOIN products p ON p.id = f.rowid WHERE products_fts MATCH ? AND p.active = 1 LIMIT ?`)
          .all(match, 2 * n) as ProductRow[]);
  const seen = new Set<string>();
  const out: Product[] = [];
  for (const row of [...exact, ...starting, ...words]) {
    if (seen.has(row.code) || out.length >= n) continue;
    seen.add(row.code);
    out.push(toProduct(row));
  }
  return out;
}

export function countProducts(db: Database.Database): number {
  return (db.prepare('SELECT count(*) AS n FROM products WHERE active = 1').get() as { n: number }).n;
}

type Checked = {
  code: string; barcode: string | null; name: string; name_folded: string; type: string; tax_group: string; price: bigint;
  currency: string; ts_kind: 'per_unit' | 'percent' | null; ts_value: bigint | null; ts_desc: string | null;
  is_out_of_scope: number; active: number;
};

/** Checks one row against what an invoice line must respect (31h limits, the FACNO group rules). */
function checkProduct(p: ProductInput, at: string, problems: string[]): Checked | null {
  const before = problems.length;
  const bad = (msg: string): void => void problems.push(`${at}: ${msg}`);
  const code = typeof p.code === 'string' ? p.code.trim() : '';
  if (code.length === 0 || code.length > INVOICE_LIMITS.itemCode) bad(`the code must be 1 to ${INVOICE_LIMITS.itemCode} characters (31h DESC).`);
  const bytes = typeof p.name === 'string' ? utf8ByteLength(p.name.trim()) : null;
  if (bytes === null || bytes === 0 || bytes > INVOICE_LIMITS.itemNameBytes) bad(`the name must be 1 to ${INVOICE_LIMITS.itemNameBytes} UTF-8 bytes (31h NOM).`);
  if (!(ITEM_TYPES as readonly string[]).includes(p.type)) bad(`type "${String(p.type)}" is not BIE, SER or TAX.`);
  if (!(TAX_GROUP_LABELS as readonly string[]).includes(p.tax_group)) bad(`tax group "${String(p.tax_group)}" is not one of A to P.`);
  const isTaxGroup = p.tax_group === 'L' || p.tax_group === 'N';
  if ((p.type === 'TAX') !== isTaxGroup) bad('type TAX goes with groups L and N only, and those groups hold only TAX items.');
  if (p.tax_group === 'E') bad('group E is for export invoices only; a shop catalog item cannot carry it.');
  const price = typeof p.price === 'string' && AMOUNT_RE.test(p.price) ? parseAmount(p.price) : null;
  if (price === null) bad(`price "${String(p.price)}" must be an amount with two decimals, like "3500.00".`);
  const currency = p.currency ?? 'CDF';
  if (!(CURRENCIES as readonly string[]).includes(currency)) bad(`currency "${String(currency)}" is not CDF or USD.`);
  const barcode = p.barcode === undefined || p.barcode === null || p.barcode.trim() === '' ? null : p.barcode.trim();
  if (barcode !== null && !/^[0-9A-Za-z-]{1,64}$/.test(barcode)) bad(`barcode "${barcode}" must be 1 to 64 letters or digits.`);
  const isOut = p.is_out_of_scope === true;
  if (isOut && p.tax_group !== 'A') bad('an out-of-scope item (HORS CHAMP) belongs to group A.');
  let tsKind: Checked['ts_kind'] = null;
  let tsValue: bigint | null = null;
  let tsDesc: string | null = null;
  const ts = p.specific_tax ?? null;
  if (ts !== null) {
    if ('per_unit' in ts) {
      tsKind = 'per_unit';
      tsValue = parseAmount(ts.per_unit);
    } else if ('percent' in ts) {
      tsKind = 'percent';
      tsValue = parseRate(ts.percent);
    }
    if (tsValue === null) bad('the specific tax must be {per_unit: "75.00"} or {percent: "10.00"}.');
    tsDesc = ts.description ?? null;
    if (tsDesc !== null && tsDesc.length > INVOICE_LIMITS.specificTaxDescription) bad(`the T.S. description is over ${INVOICE_LIMITS.specificTaxDescription} characters (31h TSDESC).`);
  }
  if (problems.length > before || price === null) return null;
  return {
    code, barcode, name: p.name.trim(), name_folded: foldName(p.name), type: p.type, tax_group: p.tax_group, price, currency,
    ts_kind: tsKind, ts_value: tsValue, ts_desc: tsDesc, is_out_of_scope: isOut ? 1 : 0, active: p.active === false ? 0 : 1,
  };
}

const MAX_REPORTED_PROBLEMS = 100;

/** From this many rows an import rebuilds the word index once instead of updating it row by row. */
const BULK_ROWS = 2000;

/**
 * Drops the triggers that keep products_fts in step and returns what puts them back, as the migration wrote
 * them (read from sqlite_master, so their text lives in one place). Measured at 100,000 rows: row-by-row FTS
 * updates took over 10 s, one 'rebuild' 0.3 s. Runs inside the import's transaction: DDL rolls back with it.
 */
function dropFtsTriggers(db: Database.Database): () => void {
  const triggers = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'products' AND name LIKE 'products_fts_%'")
    .all() as { name: string; sql: string }[];
  for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
  return () => {
    for (const t of triggers) db.exec(t.sql);
  };
}

/**
 * Imports a catalog in one transaction: every row is checked first and nothing is written when one is wrong
 * (a half-imported price list is worse than none). 'upsert' adds and updates by code; 'replace' also retires
 * (active = 0) products absent from the list, keeping them for invoices that already name them.
 */
export function importCatalog(
  db: Database.Database,
  products: readonly ProductInput[],
  options: { mode?: 'upsert' | 'replace'; now?: Date } = {},
): ImportReport {
  if (!Array.isArray(products)) throw new CoreError('invalid_argument', 'The catalog must be a list of products.');
  const problems: string[] = [];
  const rows: Checked[] = [];
  const codes = new Set<string>();
  const barcodes = new Set<string>();
  products.forEach((p, i) => {
    const at = `products[${i}]`;
    if (typeof p !== 'object' || p === null) {
      problems.push(`${at}: not a product object.`);
      return;
    }
    const row = checkProduct(p, at, problems);
    if (row === null) return;
    if (codes.has(row.code)) problems.push(`${at}: code "${row.code}" appears twice in the list.`);
    if (row.barcode !== null && barcodes.has(row.barcode)) problems.push(`${at}: barcode "${row.barcode}" appears twice in the list.`);
    codes.add(row.code);
    if (row.barcode !== null) barcodes.add(row.barcode);
    rows.push(row);
  });
  if (problems.length > 0) {
    throw new CoreError('invalid_argument', `The catalog was not imported: ${problems.length} problem(s), first: ${problems[0]}`, {
      problems: problems.slice(0, MAX_REPORTED_PROBLEMS),
    });
  }
  const now = (options.now ?? new Date()).toISOString();
  const exists = db.prepare('SELECT 1 FROM products WHERE code = ?').pluck();
  const upsert = db.prepare(`INSERT INTO products
      (code, barcode, name, name_folded, type, tax_group, price, currency, specific_tax_kind, specific_tax_value,
       specific_tax_description, is_out_of_scope, active, updated_at)
    VALUES (@code, @barcode, @name, @name_folded, @type, @tax_group, @price, @currency, @ts_kind, @ts_value, @ts_desc, @is_out_of_scope, @active, @now)
    ON CONFLICT(code) DO UPDATE SET barcode = excluded.barcode, name = excluded.name,
      name_folded = excluded.name_folded, type = excluded.type,
      tax_group = excluded.tax_group, price = excluded.price, currency = excluded.currency,
      specific_tax_kind = excluded.specific_tax_kind, specific_tax_value = excluded.specific_tax_value,
      specific_tax_description = excluded.specific_tax_description, is_out_of_scope = excluded.is_out_of_scope,
      active = excluded.active, updated_at = excluded.updated_at`);
  const report: ImportReport = { inserted: 0, updated: 0 };
  const run = db.transaction(() => {
    const restoreTriggers = rows.length >= BULK_ROWS ? dropFtsTriggers(db) : null;
    // A barcode belongs to the product this import gives it to: free it first, so two products may swap theirs.
    if (barcodes.size > 0) db.prepare('UPDATE products SET barcode = NULL WHERE barcode IN (SELECT value FROM json_each(?))').run(JSON.stringify([...barcodes]));
    for (const row of rows) {
      if (exists.get(row.code) === undefined) report.inserted++;
      else report.updated++;
      upsert.run({ ...row, now });
    }
    if (options.mode === 'replace') {
      db.prepare('UPDATE products SET active = 0, updated_at = ? WHERE active = 1 AND code NOT IN (SELECT value FROM json_each(?))').run(now, JSON.stringify([...codes]));
    }
    if (restoreTriggers !== null) {
      db.prepare("INSERT INTO products_fts(products_fts) VALUES ('rebuild')").run();
      restoreTriggers();
    }
  });
  try {
    run.immediate();
  } catch (e) {
    throw new CoreError('duplicate_product', `The catalog was not imported: ${(e as Error).message}`);
  }
  return report;
}
