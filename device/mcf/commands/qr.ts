// The QR payload of a sealed invoice (§5): RDCDEF01;{MID};{SIG};{NIF};{DT}, all from the 38h answer, built by the kernel.
import { qrPayload as kernelQrPayload } from '../../../fiscal/security-elements';
import { DeviceError } from '../../errors';

export type QrFields = { mid: string; code: string; nif: string; timestamp: string };

/**
 * fiscal/security-elements builds and checks the text (one implementation for every seal mode); a field the kernel
 * refuses came from the device, so it is reported as a bad answer. §5 asks for "AlphaNumeric" encoding, but ';' is
 * outside the QR alphanumeric set, so the symbol is drawn in byte mode (error correction M) by the printer.
 */
export function qrPayload(f: QrFields): string {
  try {
    return kernelQrPayload({ nim: f.mid, code: f.code, nif: f.nif, timestamp: f.timestamp });
  } catch (err) {
    throw new DeviceError('MCF_BAD_ANSWER', `The MCF's security elements cannot form a QR code: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
      details: { fields: f },
    });
  }
}
