// Shared pieces of the command codecs: refusals ("E:…"), field counts, and turning value errors into answer errors.
import { DeviceError, isDeviceError } from '../../errors';
import { splitFields } from '../escape';

/** What a device answer decodes to: a value, or the device's refusal in its own words. */
export type McfResult<T> = { ok: true; value: T } | { ok: false; message: string };

export function accepted<T>(value: T): McfResult<T> {
  return { ok: true, value };
}

export function refused<T>(message: string): McfResult<T> {
  return { ok: false, message };
}

/** "E:LE MONTANT N'EST PAS VALIDE" → the message; null when the text is not a refusal. */
export function refusalMessage(text: string): string | null {
  return text.startsWith('E:') ? text.slice(2).trim() : null;
}

/**
 * Runs a decoder over an answer and reports any malformed value as MCF_BAD_ANSWER naming the command, so the
 * driver's caller can tell "the device said no" (a refusal) from "the device said something we cannot read".
 */
export function decodingAnswer<T>(command: string, text: string, decode: () => T): T {
  try {
    return decode();
  } catch (err) {
    if (isDeviceError(err, 'MCF_VALUE_INVALID', 'MCF_BAD_ANSWER')) {
      throw new DeviceError('MCF_BAD_ANSWER', `The ${command} answer "${text.slice(0, 80)}" could not be read: ${err.message}`, {
        cause: err,
        details: { command, text },
      });
    }
    throw err;
  }
}

/** Splits an answer or request into exactly `count` fields (or between min and max). */
export function fields(text: string, what: string, min: number, max = min): string[] {
  const parts = splitFields(text);
  if (parts.length < min || parts.length > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    throw new DeviceError('MCF_VALUE_INVALID', `${what} has ${parts.length} fields instead of ${expected}.`, {
      details: { what, count: parts.length },
    });
  }
  return parts;
}

/** One of `allowed`, or MCF_VALUE_INVALID naming the field. */
export function oneOf<T extends string>(value: string, allowed: readonly T[], field: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new DeviceError('MCF_VALUE_INVALID', `${field} "${value}" is not one of ${allowed.join(', ')}.`, { details: { field, value } });
}
