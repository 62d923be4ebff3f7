// How the emulated MCF makes its CODE DEF/DGI: an HMAC with its own key (the default), or an ES256 signature made
// by a key it cannot read (PKCS#11, SoftHSM2), the code then being fiscal's codeFromSignature of that signature.
import { base64urlEncode } from '../../../fiscal/bytes';
import { codeFromSignature } from '../../../fiscal/security-elements';
import { canonicalContent, signatureCode, type SealedContent } from './signature';

/** What a seal yields: the 24-character code, and for a signature the signature itself and its key's id. */
export type SealCode = { code: string; signature?: string; kid?: string };

export type CodeSigner = {
  kind: 'hmac' | 'es256';
  seal(content: SealedContent): Promise<SealCode>;
};

/** Anything that signs ES256 (64 bytes r‖s): the device's PKCS#11 signer, or a software key in tests. */
export type Es256Source = { kid: string; sign(bytes: Uint8Array): Promise<Uint8Array> };

export function hmacCodeSigner(key: Uint8Array): CodeSigner {
  return { kind: 'hmac', seal: (content) => Promise.resolve({ code: signatureCode(key, content) }) };
}

/**
 * The signature covers the RFC 8785 form of the sealed content, so anyone holding the public key, the journal and
 * the lines can check it; the code is bound to the signature the way our own seals are (CONTRACT.md, security).
 */
export function es256CodeSigner(source: Es256Source): CodeSigner {
  return {
    kind: 'es256',
    seal: async (content) => {
      const signature = await source.sign(canonicalContent(content));
      return { code: await codeFromSignature(signature), signature: base64urlEncode(signature), kid: source.kid };
    },
  };
}
