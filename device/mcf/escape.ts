// Text fields of the MCF protocol: the §4.2 special-character escapes and UTF-8 bytes.
import { DeviceError } from '../errors';

/**
 * "Protocoles SFE-MCF v1.0", §4.2, as written. NOTE: the table maps \r to ^xa; and \n to ^xd;, although \r is
 * ASCII 0Dh and \n is 0Ah, so the hex names look swapped. We keep the document's table exactly (both ways), because
 * a device built from the same document will do the same; if a certified device proves otherwise, this is the one
 * place to change.
 */
export const SPECIAL_CHARACTERS: readonly (readonly [string, string])[] = [
  ['\r', '^xa;'],
  ['\n', '^xd;'],
  [',', '^x2c;'],
  ['<', '^lt;'],
  ['>', '^gt;'],
  ['&', '^amp;'],
];

const TO_ESCAPE = new Map(SPECIAL_CHARACTERS);
const FROM_ESCAPE = new Map(SPECIAL_CHARACTERS.map(([c, e]) => [e, c]));
const ESCAPE_RE = /[\r\n,<>&]/g;
const UNESCAPE_RE = /\^(?:xa|xd|x2c|lt|gt|amp);/g;
// Other C0 controls and DEL cannot be escaped and would break framing (TAB and LF are separators in 31h).
const FORBIDDEN_RE = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/;

const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Escapes one field value; refuses control characters the protocol has no escape for. */
export function escapeField(text: string, field = 'text'): string {
  const bad = FORBIDDEN_RE.exec(text);
  if (bad) {
    const code = (bad[0].codePointAt(0) ?? 0).toString(16).padStart(2, '0');
    throw new DeviceError('MCF_TEXT_INVALID', `The ${field} "${text}" holds the control character ${code}h, which the MCF protocol cannot carry.`, {
      details: { field, position: bad.index },
    });
  }
  if (LONE_SURROGATE_RE.test(text)) {
    throw new DeviceError('MCF_TEXT_INVALID', `The ${field} holds broken Unicode (a lone surrogate) and cannot be sent as UTF-8.`, { details: { field } });
  }
  return text.replace(ESCAPE_RE, (c) => TO_ESCAPE.get(c) ?? c);
}

/** Reverses escapeField; unknown ^…; sequences are left as they are. */
export function unescapeField(text: string): string {
  return text.replace(UNESCAPE_RE, (e) => FROM_ESCAPE.get(e) ?? e);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** UTF-8 bytes to text; invalid UTF-8 from the device is a protocol error, not silently replaced. */
export function fromUtf8(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch (err) {
    throw new DeviceError('MCF_BAD_ANSWER', 'The device sent text that is not valid UTF-8.', { cause: err, details: { length: bytes.length } });
  }
}

/** Byte length of a string in UTF-8, for the protocol's byte limits. */
export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

/**
 * Refuses a field value longer than the protocol allows. Limits apply to the value itself (what the device stores
 * after unescaping), in UTF-8 bytes or characters as the spec words each field; the 200-byte frame limit then
 * catches whatever escaping adds.
 */
export function checkLength(field: string, value: string, max: number, unit: 'bytes' | 'characters' = 'bytes'): void {
  const actual = unit === 'bytes' ? utf8Length(value) : [...value].length;
  if (actual > max) {
    throw new DeviceError('MCF_FIELD_TOO_LONG', `The ${field} is ${actual} ${unit} long; the MCF accepts at most ${max}.`, {
      details: { field, max, actual },
    });
  }
}

/** Joins fields with ',' after escaping each one. */
export function joinFields(fields: readonly string[]): string {
  return fields.map((f) => escapeField(f)).join(',');
}

/** Splits on ',' and unescapes each field (an escaped comma is ^x2c;, so splitting first is safe). */
export function splitFields(text: string): string[] {
  return text.split(',').map(unescapeField);
}
