// The quick-pick products: what this till rings up most, remembered on this machine (the catalog has no favourites).
import type { Product } from '../../../main/api/pos-types';

const KEY = 'stalela.quick-picks';
export const QUICK_PICK_COUNT = 12;

type Entry = { product: Product; count: number };

function read(): Entry[] {
  try {
    const raw = localStorage.getItem(KEY);
    const parsed: unknown = raw === null ? [] : JSON.parse(raw);
    return Array.isArray(parsed) ? (parsed as Entry[]).filter((e) => typeof e?.product?.code === 'string') : [];
  } catch {
    return [];
  }
}

export function quickPicks(): Product[] {
  return read().slice(0, QUICK_PICK_COUNT).map((e) => e.product);
}

/** Counts a product rung up; keeps the freshest catalog facts (a price change shows on the next pick). */
export function rememberPick(product: Product): void {
  const entries = read();
  const found = entries.find((e) => e.product.code === product.code);
  if (found === undefined) entries.push({ product, count: 1 });
  else {
    found.count++;
    found.product = product;
  }
  entries.sort((a, b) => b.count - a.count);
  try {
    localStorage.setItem(KEY, JSON.stringify(entries.slice(0, 60)));
  } catch {
    // Quick picks are a convenience; a full storage only means they are not remembered.
  }
}
