// The demo catalog (~1,000 products of a Kinshasa supermarket) and a synthetic one of any size for load tests.
import type Database from 'better-sqlite3';
import { utf8ByteLength } from '../../fiscal/invoice';
import type { ImportReport, ProductInput } from '../api/pos-types';
import { importCatalog } from './catalog';
import { SEED_FAMILIES } from './catalog-seed-data';

/** EAN-13 check digit (GS1): weights 1, 3, 1, 3… from the left over the first twelve digits. */
export function ean13(first12: string): string {
  const sum = [...first12].reduce((acc, d, i) => acc + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return `${first12}${(10 - (sum % 10)) % 10}`;
}

/** A brand's price around the family's: ±10 % in steps, rounded to 50 francs, so the list does not look cloned. */
function francsFor(base: number, brandIndex: number): number {
  const factor = [100, 95, 105, 90, 110][brandIndex % 5] ?? 100;
  return Math.max(50, Math.round((base * factor) / 100 / 50) * 50);
}

/** Products sold by weight (KG) have no printed barcode: the scale prints one, or the cashier types the code. */
const isByWeight = (size: string): boolean => size === 'KG';

/** The demo catalog, deterministic: the same codes, barcodes and prices on every run. */
export function demoCatalog(): ProductInput[] {
  const out: ProductInput[] = [];
  let n = 0;
  for (const family of SEED_FAMILIES) {
    family.brands.forEach((brand, bi) => {
      for (const [size, francs] of family.sizes) {
        n++;
        const code = String(10000 + n);
        const name = `${family.base} ${brand} ${size}`;
        const bytes = utf8ByteLength(name) ?? Infinity;
        const type = family.type ?? 'BIE';
        out.push({
          code,
          name: bytes <= 64 ? name : name.slice(0, 60),
          type,
          tax_group: family.group,
          price: `${francsFor(francs, bi)}.00`,
          barcode: type === 'SER' || isByWeight(size) ? null : ean13(`6009${String(n).padStart(8, '0')}`),
          specific_tax: family.specificTax ?? null,
          is_out_of_scope: family.isOutOfScope === true,
        });
      }
    });
  }
  return out;
}

export function seedDemoCatalog(db: Database.Database, now?: Date): ImportReport {
  return importCatalog(db, demoCatalog(), now === undefined ? {} : { now });
}

const WORDS = ['RIZ', 'SUCRE', 'HUILE', 'SAVON', 'CRÈME', 'LAIT', 'FARINE', 'BIÈRE', 'JUS', 'EAU', 'THÉ', 'CAFÉ',
  'PÂTES', 'SEL', 'BEURRE', 'YAOURT', 'POULET', 'POISSON', 'BISCUIT', 'CHOCOLAT', 'LESSIVE', 'PILES', 'PAIN', 'OEUFS'];
const QUALIFIERS = ['FRAÎCHE', 'ÉPICÉ', 'DOUX', 'GRILLÉ', 'ROUGE', 'BLANC', 'NATUREL', 'PARFUMÉ', 'FORT', 'LÉGER',
  'SUCRÉ', 'SALÉ', 'ENTIER', 'ÉCRÉMÉ', 'CONCENTRÉ', 'VANILLE', 'FRAISE', 'MANGUE', 'ANANAS', 'CITRON'];
const BRANDS = ['KIN', 'CONGO', 'MAYOMBE', 'KIVU', 'KATANGA', 'EQUATEUR', 'BANDUNDU', 'KASAI', 'ITURI', 'MANIEMA',
  'LUALABA', 'TSHOPO', 'SANKURU', 'MONGALA', 'KWILU', 'LOMAMI', 'HAUT-UELE', 'TANGANYIKA', 'NORD', 'SUD'];
const GROUPS = ['B', 'B', 'B', 'C', 'C', 'A'] as const;

/**
 * A synthetic catalog of `count` products (load tests, benchmarks): accented names built from shop words so
 * prefix searches hit realistic numbers of rows, unique codes and EAN-13 barcodes.
 */
export function syntheticCatalog(count: number): ProductInput[] {
  const out: ProductInput[] = [];
  for (let i = 0; i < count; i++) {
    const w = WORDS[i % WORDS.length] ?? 'ARTICLE';
    const q = QUALIFIERS[Math.floor(i / WORDS.length) % QUALIFIERS.length] ?? '';
    const b = BRANDS[Math.floor(i / (WORDS.length * QUALIFIERS.length)) % BRANDS.length] ?? '';
    out.push({
      code: `S${String(i).padStart(7, '0')}`,
      name: `${w} ${q} ${b} ${100 + (i % 900)}G`,
      type: 'BIE',
      tax_group: GROUPS[i % GROUPS.length] ?? 'B',
      price: `${500 + (i % 200) * 50}.00`,
      barcode: ean13(`20${String(i).padStart(10, '0')}`),
    });
  }
  return out;
}
