// The QR payload of a sealed invoice (§5): RDCDEF01;{MID};{SIG};{NIF};{DT}, all from the 38h answer.

export type QrFields = { mid: string; code: string; nif: string; timestamp: string };

/**
 * §5 asks for "AlphaNumeric" encoding, but ';' and lower case are outside the QR alphanumeric set, so the symbol
 * must be drawn in byte mode (error correction M); that is the printer's business, this is only the text.
 */
export function qrPayload(f: QrFields): string {
  return `RDCDEF01;${f.mid};${f.code};${f.nif};${f.timestamp}`;
}
