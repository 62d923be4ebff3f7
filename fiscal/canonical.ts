// RFC 8785 JSON Canonicalization Scheme (JCS): the one text, and the one byte string, of a JSON value that we hash and sign.
import { utf8Encode } from './bytes';
import { pathIndex, pathKey } from './errors';

export type CanonicalErrorCode =
  | 'non_finite_number'
  | 'unsupported_type'
  | 'undefined_value'
  | 'lone_surrogate'
  | 'cycle'
  | 'too_deep';

/**
 * A value that has no JSON (hence no canonical) form. `path` names where it sits in the house form of
 * fiscal/errors.ts (`items[3].unit_price`, `comments["x y"]`, the root is ''), so it can be walked back with parsePath.
 */
export class CanonicalError extends Error {
  override readonly name = 'CanonicalError';
  readonly code: CanonicalErrorCode;
  readonly path: string;
  constructor(code: CanonicalErrorCode, path: string, message: string) {
    super(`${message} (at ${path === '' ? 'the root' : path})`);
    this.code = code;
    this.path = path;
  }
}

/**
 * The RFC 8785 text of `value`:
 * - object members sorted by their names as UTF-16 code units (§3.2.3; JavaScript's default string sort is exactly
 *   that), no whitespace anywhere;
 * - numbers as ECMAScript's Number.prototype.toString writes them (§3.2.2.3), so -0 is "0";
 * - strings escaped as ECMAScript's JSON.stringify does (§3.2.2.2): `\"`, `\\`, \b \f \n \r \t, other controls as
 *   lowercase \u00xx, everything else literal.
 *
 * Refused, with a CanonicalError naming the path: NaN and ±Infinity; bigint, symbol, function; undefined inside an
 * array or as the whole value; strings or member names holding a lone surrogate (I-JSON, RFC 7493 §2.1, which RFC
 * 8785 requires: UTF-8 cannot carry one, and silently replacing it would let two different values share one
 * signature); objects that are not plain (Date, Map, class instances, typed arrays: their JSON form is a
 * convention, not data); cycles; nesting deeper than MAX_DEPTH.
 * An object member whose value is undefined is left out, as JSON.stringify does, so optional fields of a
 * TypeScript object can be present-but-undefined without changing the canonical form.
 */
export function canonicalize(value: unknown): string {
  const trail: (string | number)[] = [];
  const open: object[] = [];
  if (value === undefined) throw new CanonicalError('undefined_value', '', 'undefined has no JSON form');
  return write(value, trail, open);
}

/** UTF-8 bytes of the canonical text: what is hashed and signed. */
export function canonicalBytes(value: unknown): Uint8Array<ArrayBuffer> {
  return utf8Encode(canonicalize(value));
}

// With the u flag a well-formed surrogate pair is one code point, so \p{Cs} matches only unpaired halves.
const LONE_SURROGATE = /\p{Cs}/u;
// String.prototype.isWellFormed (ES2024) does the same check natively where the runtime has it (Node 20, current browsers).
const hasLoneSurrogate: (s: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
    ? (s) => !(s as string & { isWellFormed(): boolean }).isWellFormed()
    : (s) => LONE_SURROGATE.test(s);

function write(value: unknown, trail: (string | number)[], open: object[]): string {
  switch (typeof value) {
    case 'string':
      if (hasLoneSurrogate(value)) {
        throw new CanonicalError('lone_surrogate', pathOf(trail), 'the string holds an unpaired UTF-16 surrogate');
      }
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) {
        throw new CanonicalError('non_finite_number', pathOf(trail), `${String(value)} is not a finite number and has no JSON form`);
      }
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      return writeContainer(value, trail, open);
    case 'undefined':
      throw new CanonicalError('undefined_value', pathOf(trail), 'undefined has no JSON form (an array cannot skip an element)');
    default:
      throw new CanonicalError('unsupported_type', pathOf(trail), `a ${typeof value} has no JSON form`);
  }
}

/** Far beyond any invoice or ledger entry, far below where the recursion would overflow the stack untyped. */
export const MAX_DEPTH = 256;

function writeContainer(value: object, trail: (string | number)[], open: object[]): string {
  if (open.includes(value)) throw new CanonicalError('cycle', pathOf(trail), 'the value contains itself');
  if (open.length >= MAX_DEPTH) throw new CanonicalError('too_deep', pathOf(trail), `the value nests deeper than ${MAX_DEPTH} levels`);
  open.push(value);
  let out: string;
  if (Array.isArray(value)) {
    out = '[';
    for (let i = 0; i < value.length; i++) {
      trail.push(i);
      out += (i === 0 ? '' : ',') + write(value[i], trail, open);
      trail.pop();
    }
    out += ']';
  } else {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
      throw new CanonicalError('unsupported_type', pathOf(trail), `a ${typeof name === 'string' ? name : 'non-plain object'} is not plain JSON data`);
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    out = '{';
    let first = true;
    for (const key of keys) {
      const member = record[key];
      if (member === undefined) continue;
      trail.push(key);
      if (hasLoneSurrogate(key)) {
        throw new CanonicalError('lone_surrogate', pathOf(trail), 'the member name holds an unpaired UTF-16 surrogate');
      }
      out += (first ? '' : ',') + JSON.stringify(key) + ':' + write(member, trail, open);
      trail.pop();
      first = false;
    }
    out += '}';
  }
  open.pop();
  return out;
}

/** Built only when an error is thrown, so the happy path pays for a push and a pop per member. */
function pathOf(trail: readonly (string | number)[]): string {
  let out = '';
  for (const step of trail) out = typeof step === 'number' ? pathIndex(out, step) : pathKey(out, step);
  return out;
}
