// Calls a PosApi method that a newer core may have and this one may not: an honest not_implemented when it is absent.
import type { PosApi } from '../../../main/api/pos-api';
import type { PosResult } from '../../../main/api/pos-types';

type AnyCall = (args?: unknown) => Promise<PosResult<unknown>>;

/** True when window.pos carries the method (the core part that brings it has landed in this build). */
export function hasMethod(pos: PosApi, name: string): boolean {
  return typeof (pos as unknown as Record<string, unknown>)[name] === 'function';
}

/**
 * The result is typed by the caller, who knows the shape the core documents; a missing method answers
 * `not_implemented` like the core does for a method that is declared but not built.
 */
export async function callOptional<T>(pos: PosApi, name: string, args?: unknown): Promise<PosResult<T>> {
  const fn = (pos as unknown as Record<string, AnyCall | undefined>)[name];
  if (typeof fn !== 'function') {
    return { ok: false, error: { code: 'not_implemented', message: `The till core has no "${name}" yet.` } };
  }
  try {
    return (await fn(args)) as PosResult<T>;
  } catch (e) {
    return { ok: false, error: { code: 'internal', message: e instanceof Error ? e.message : String(e) } };
  }
}
