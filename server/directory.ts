// Read-through caches of what every request looks up and nothing in API v1 changes: outlets, merchants, and the
// principal behind an API key. They save a store round trip per request (four per seal on PostgreSQL).
import type { Merchant, Outlet } from './store/records';
import type { Store } from './store/store';

/** A bounded map: when full it starts over, which is cheap and keeps memory flat under any key churn. */
export function boundedCache<V>(max: number) {
  const map = new Map<string, V>();
  return {
    get: (k: string): V | undefined => map.get(k),
    set: (k: string, v: V): void => {
      if (map.size >= max) map.clear();
      map.set(k, v);
    },
    delete: (k: string): void => void map.delete(k),
  };
}

export type Directory = {
  outlet(id: string): Promise<Outlet | undefined>;
  merchant(id: string): Promise<Merchant | undefined>;
};

/**
 * Outlets and merchants are created and never edited by API v1; only found records are cached, so a record created
 * later is seen at once. Part 2, if it edits either, must call `forget`.
 */
export function createDirectory(store: Store, max = 10_000): Directory & { forget(id: string): void } {
  const outlets = boundedCache<Outlet>(max);
  const merchants = boundedCache<Merchant>(max);
  return {
    async outlet(id) {
      const hit = outlets.get(id);
      if (hit) return hit;
      const found = await store.getOutlet(id);
      if (found) outlets.set(id, found);
      return found;
    },
    async merchant(id) {
      const hit = merchants.get(id);
      if (hit) return hit;
      const found = await store.getMerchant(id);
      if (found) merchants.set(id, found);
      return found;
    },
    forget(id) {
      outlets.delete(id);
      merchants.delete(id);
    },
  };
}
