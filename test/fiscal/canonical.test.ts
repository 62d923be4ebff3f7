// RFC 8785 canonical JSON: the RFC's own examples and number table, and the values we refuse, with their paths.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalBytes, canonicalize, CanonicalError, MAX_DEPTH } from '../../fiscal/canonical';
import { parsePath } from '../../fiscal/errors';

function doubleFromHex(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

function errorOf(fn: () => unknown): CanonicalError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CanonicalError) return e;
    throw e;
  }
  throw new Error('expected a CanonicalError, nothing was thrown');
}

describe('RFC 8785 examples', () => {
  // RFC 8785 §3.2.2 (input), §3.2.3 (output) and §3.2.4 (its UTF-8 bytes), written here as JSON text.
  const input = String.raw`{
    "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
    "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
    "literals": [null, true, false]
  }`;
  const expected = String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`;
  const expectedHex = `
    7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72
    75 65 2c 66 61 6c 73 65 5d 2c 22 6e 75 6d 62 65 72 73 22 3a
    5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31
    65 2b 33 30 2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37
    5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30
    30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d`;

  it('canonicalizes the §3.2.2 numbers, escapes and literals example to the §3.2.3 text', () => {
    expect(canonicalize(JSON.parse(input))).toBe(expected);
  });

  it('encodes that text as the §3.2.4 UTF-8 bytes', () => {
    const hex = Buffer.from(canonicalBytes(JSON.parse(input))).toString('hex');
    expect(hex).toBe(expectedHex.replace(/\s+/g, ''));
  });

  it('sorts member names by UTF-16 code units as in the §3.2.3 sorting example', () => {
    const sortInput = String.raw`{
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis"
    }`;
    const out = canonicalize(JSON.parse(sortInput));
    expect(out).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('orders an astral character (surrogate pair) before U+FB33, unlike a code-point sort would', () => {
    // UTF-16 puts U+1F600 (D83D DE00) before U+FB33; by code point it would come after.
    expect(canonicalize({ '\ufb33': 1, '\u{1f600}': 2 })).toBe('{"\u{1f600}":2,"\ufb33":1}');
  });
});

describe('number serialization (RFC 8785 Appendix B, IEEE-754 bit patterns)', () => {
  const table: [string, string][] = [
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ];
  it.each(table)('writes the double %s as %s', (hex, text) => {
    expect(canonicalize(doubleFromHex(hex))).toBe(text);
  });

  it.each([
    [1e21, '1e+21'],
    [1e20, '100000000000000000000'],
    [1e-7, '1e-7'],
    [0.000001, '0.000001'],
    [-0, '0'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [9007199254740992, '9007199254740992'],
    [4.5, '4.5'],
    [-1.5e-10, '-1.5e-10'],
  ])('writes %s as %s', (n, text) => {
    expect(canonicalize(n)).toBe(text);
  });

  it.each([
    ['7fffffffffffffff', 'NaN'],
    ['7ff0000000000000', 'Infinity'],
    ['fff0000000000000', '-Infinity'],
  ])('refuses the non-finite double %s (%s) as non_finite_number', (hex) => {
    expect(errorOf(() => canonicalize([doubleFromHex(hex)])).code).toBe('non_finite_number');
  });
});

describe('strings', () => {
  it('escapes the JSON shorthands and other controls as lowercase \\u00xx, and nothing else', () => {
    const s = '"\\\b\f\n\r\t\u0000\u001f\u007f/<>&\u2028\u00e9';
    expect(canonicalize(s)).toBe('"\\"\\\\\\b\\f\\n\\r\\t\\u0000\\u001f\u007f/<>&\u2028\u00e9"');
  });

  it('keeps a surrogate pair as one 4-byte UTF-8 character', () => {
    expect(Buffer.from(canonicalBytes('\u{1f600}')).toString('hex')).toBe('22f09f988022');
  });
});

describe('values without a JSON form are refused with a typed error naming the path', () => {
  const cases: [string, () => unknown, CanonicalError['code'], string][] = [
    ['NaN in a line', () => ({ items: [{ qty: 1 }, { qty: Number.NaN }] }), 'non_finite_number', 'items[1].qty'],
    ['Infinity', () => ({ total: Infinity }), 'non_finite_number', 'total'],
    ['a bigint amount', () => ({ totals: { ttc: 406400n } }), 'unsupported_type', 'totals.ttc'],
    ['a function', () => ({ f: () => 1 }), 'unsupported_type', 'f'],
    ['a symbol', () => ({ s: Symbol('x') }), 'unsupported_type', 's'],
    ['undefined in an array', () => ({ a: [1, undefined] }), 'undefined_value', 'a[1]'],
    ['a hole in a sparse array', () => ({ a: [1, , 3] }), 'undefined_value', 'a[1]'],
    ['undefined as the whole value', () => undefined, 'undefined_value', ''],
    ['a Date', () => ({ issued_at: new Date(0) }), 'unsupported_type', 'issued_at'],
    ['a Map', () => ({ m: new Map() }), 'unsupported_type', 'm'],
    ['a typed array', () => ({ bytes: new Uint8Array(2) }), 'unsupported_type', 'bytes'],
    ['a class instance', () => ({ x: new (class Point { a = 1 })() }), 'unsupported_type', 'x'],
    ['a lone high surrogate', () => ({ name: 'a\ud83d' }), 'lone_surrogate', 'name'],
    ['a lone low surrogate', () => ['\ude00b'], 'lone_surrogate', '[0]'],
    ['a reversed pair', () => ({ 'odd key': '\ude00\ud83d' }), 'lone_surrogate', '["odd key"]'],
    ['a lone surrogate in a member name', () => ({ k: { '\udc00': 1 } }), 'lone_surrogate', 'k["\\udc00"]'],
  ];
  it.each(cases)('%s', (_label, make, code, path) => {
    const value = make();
    const e = errorOf(() => canonicalize(value));
    expect(e.code).toBe(code);
    expect(e.path).toBe(path);
    expect(e.message).toContain(path === '' ? 'the root' : path);
    expect(parsePath(e.path)).not.toBeNull();
  });

  it('refuses a cycle instead of overflowing the stack', () => {
    const a: Record<string, unknown> = { x: 1 };
    a['self'] = { back: a };
    const e = errorOf(() => canonicalize(a));
    expect(e.code).toBe('cycle');
    expect(e.path).toBe('self.back');
  });

  it('refuses nesting deeper than MAX_DEPTH with a typed error, not a stack overflow', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(errorOf(() => canonicalize(deep)).code).toBe('too_deep');
    let ok: unknown = 1;
    for (let i = 0; i < MAX_DEPTH; i++) ok = { a: ok };
    expect(canonicalize(ok)).toMatch(/^(\{"a":){256}1\}{256}$/);
  });

  it('accepts the same object twice when it is shared, not cyclic', () => {
    const shared = { v: 1 };
    expect(canonicalize({ a: shared, b: shared })).toBe('{"a":{"v":1},"b":{"v":1}}');
  });
});

describe('JavaScript objects that are JSON data', () => {
  it('leaves out members whose value is undefined, as JSON.stringify does', () => {
    expect(canonicalize({ b: 1, a: undefined, c: { d: undefined } })).toBe('{"b":1,"c":{}}');
  });

  it('accepts objects without a prototype', () => {
    const o = Object.create(null) as Record<string, unknown>;
    o['z'] = 1;
    o['a'] = [true, null];
    expect(canonicalize(o)).toBe('{"a":[true,null],"z":1}');
  });

  it('keeps a "__proto__" member parsed from JSON as data', () => {
    const parsed: unknown = JSON.parse('{"__proto__":{"x":1},"a":2}');
    expect(canonicalize(parsed)).toBe('{"__proto__":{"x":1},"a":2}');
  });

  it('writes empty containers and nesting without whitespace', () => {
    expect(canonicalize({ a: [], b: {}, c: [[], [{}]] })).toBe('{"a":[],"b":{},"c":[[],[{}]]}');
  });

  it('gives the same bytes as SHA-256 input to any implementation: digest of the UTF-8 text', () => {
    const text = canonicalize({ é: 'à', a: 1 });
    expect(createHash('sha256').update(canonicalBytes({ a: 1, é: 'à' })).digest('hex')).toBe(
      createHash('sha256').update(text, 'utf8').digest('hex'),
    );
  });
});
