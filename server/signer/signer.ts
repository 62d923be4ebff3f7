// What sealing needs from a key, whatever holds it (a software key file or a PKCS#11 token).
import type { EcPublicJwk } from '../../fiscal/signature';

export type SignerBackend = 'software' | 'pkcs11';

export type Signer = {
  /** RFC 7638 thumbprint of the public key: the `kid` in sealed invoices and in /v1/keys. */
  kid: string;
  publicJwk: EcPublicJwk;
  backend: SignerBackend;
  /** ES256 over `bytes` (SHA-256 inside): raw r‖s, 64 bytes, normalized to low-S. */
  sign(bytes: Uint8Array): Promise<Uint8Array>;
  /** Releases the token session or key material. */
  close(): Promise<void>;
};

export type SignerErrorCode =
  | 'signer.bad_passphrase'
  | 'signer.bad_key_file'
  | 'signer.key_file_exists'
  | 'signer.token_not_found'
  | 'signer.key_not_found'
  | 'signer.pkcs11_failed'
  | 'signer.retired_key';

export class SignerError extends Error {
  readonly code: SignerErrorCode;
  constructor(code: SignerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SignerError';
    this.code = code;
  }
}
