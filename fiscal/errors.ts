// Fiscal errors as values (never thrown): a code, a bilingual sentence and, for input errors, the path.
import { renderMessage, type LocalizedText, type MessageCode, type MessageParams } from './messages';

/** An error a caller can act on: a stable code and a sentence in French and English. */
export type FiscalError = {
  code: string;
  message: LocalizedText;
};

/**
 * An error about one place of an input. `path` is like `items[2].unit_price` or `client.nif`; the root is
 * the empty string. Keys that are not plain identifiers are written `["key"]` (JSON string), so every
 * path can be walked back to the location it names (see `parsePath`).
 */
export type ValidationError = {
  path: string;
  code: MessageCode;
  message: LocalizedText;
};

/** A result that carries its errors instead of throwing them. */
export type FiscalResult<T, E = FiscalError> = { ok: true; value: T } | { ok: false; error: E };

/** A fiscal error with its catalogue message. */
export function fiscalError(code: MessageCode, params?: MessageParams): FiscalError {
  return { code, message: renderMessage(code, params) };
}

/** A validation error at `path` with its catalogue message. */
export function validationError(path: string, code: MessageCode, params?: MessageParams): ValidationError {
  return { path, code, message: renderMessage(code, params) };
}

const IDENTIFIER_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `base` + `.key`, or `base["key"]` when `key` is not a plain identifier. */
export function pathKey(base: string, key: string): string {
  if (IDENTIFIER_RE.test(key)) return base === '' ? key : `${base}.${key}`;
  return `${base}[${JSON.stringify(key)}]`;
}

/** `base[index]`. */
export function pathIndex(base: string, index: number): string {
  return `${base}[${index}]`;
}

/** The segments of a path made by `pathKey`/`pathIndex`, or null when the text is not such a path. */
export function parsePath(path: string): Array<string | number> | null {
  const out: Array<string | number> = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === '[') {
      const idx = /^\[(\d+)\]/.exec(path.slice(i, i + 24));
      if (idx) {
        out.push(Number(idx[1]));
        i += idx[0].length;
        continue;
      }
      const quoted = readQuotedKey(path, i + 1);
      if (!quoted || path[quoted.end] !== ']') return null;
      out.push(quoted.key);
      i = quoted.end + 1;
      continue;
    }
    if (out.length > 0) {
      if (path[i] !== '.') return null;
      i += 1;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(path.slice(i, i + 256));
    if (!m) return null;
    out.push(m[0]);
    i += m[0].length;
  }
  return out;
}

function readQuotedKey(path: string, start: number): { key: string; end: number } | null {
  if (path[start] !== '"') return null;
  let i = start + 1;
  while (i < path.length && path[i] !== '"') i += path[i] === '\\' ? 2 : 1;
  if (i >= path.length) return null;
  try {
    const key: unknown = JSON.parse(path.slice(start, i + 1));
    return typeof key === 'string' ? { key, end: i + 1 } : null;
  } catch {
    return null;
  }
}
