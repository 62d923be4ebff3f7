// The key the till seals with offline: in a PKCS#11 token when one is configured, else in an encrypted key file.
import type { EcPublicJwk } from '../../../fiscal/signature';
import { base64urlEncode } from '../../../fiscal/bytes';
import { CoreError } from '../errors';

export type DelegatedKey = {
  /** RFC 7638 thumbprint: the security.kid of every invoice it seals, and the till_kid of its credentials. */
  kid: string;
  publicJwk: EcPublicJwk;
  backend: 'pkcs11' | 'key_file';
  /** ES256 over `bytes`: base64url of the raw r‖s, s in the lower half. */
  sign(bytes: Uint8Array): Promise<string>;
  close(): Promise<void>;
};

export type DelegatedKeyConfig =
  | { kind: 'pkcs11'; module: string; token_label: string; pin: string; key_label?: string }
  | { kind: 'key_file'; path: string; passphrase: string };

/** The PKCS#11 module is loaded only here, lazily: a till with a key file never loads a native binding. */
async function openPkcs11(config: Extract<DelegatedKeyConfig, { kind: 'pkcs11' }>): Promise<DelegatedKey> {
  const { openPkcs11Signer } = await import('../../../device/pkcs11/signer');
  try {
    const signer = await openPkcs11Signer({
      module: config.module, tokenLabel: config.token_label, pin: config.pin, keyLabel: config.key_label ?? 'stalela-till',
    });
    return {
      kid: signer.kid, publicJwk: signer.publicJwk, backend: 'pkcs11',
      sign: async (bytes) => base64urlEncode(await signer.sign(bytes)),
      close: () => signer.close(),
    };
  } catch (e) {
    const hint = (e as { hint?: unknown }).hint;
    throw new CoreError('key_unavailable', `The till's PKCS#11 key cannot be opened: ${(e as Error).message}${typeof hint === 'string' ? ` ${hint}` : ''}`);
  }
}

export async function openDelegatedKey(config: DelegatedKeyConfig): Promise<DelegatedKey> {
  if (config.kind === 'pkcs11') return openPkcs11(config);
  const { openKeyFile } = await import('./key-file');
  return openKeyFile(config.path, config.passphrase);
}
