// A credential the cloud answered is believed only when its JWS verifies with the issuer key and binds what the till asked.
import { decodeCredential } from '../../../fiscal/audit-credential';
import { utf8Encode } from '../../../fiscal/bytes';
import { jwkThumbprint, verifyEs256, type Jwks } from '../../../fiscal/signature';
import type { HeldCredential } from './credential-store';

/** POST /v1/credentials's answer, as CONTRACT.md and server/credentials.ts give it. */
export type CredentialAnswer = {
  credential_id: string;
  credential: string;
  block: { first: number; last: number };
  issued_at: string;
  expires_at: string;
  authority_id: string;
};

export type Expected = { kid: string; outletId: string; terminalId: string; merchantNif: string };

/** The credential to keep, or the reason it is not one: signature, key, outlet, terminal, block, times all as answered. */
export async function checkCredential(answer: CredentialAnswer, jwks: Jwks | null, want: Expected): Promise<Omit<HeldCredential, 'status' | 'used' | 'remaining'> | string> {
  const decoded = decodeCredential(answer?.credential);
  if (!decoded.ok) return `jeton illisible : ${decoded.detail}`;
  const { header, claims, signingInput, signature } = decoded.credential;
  const issuer = jwks?.keys.find((k) => k.kid === header.kid);
  if (issuer === undefined) return `clé de l'émetteur ${header.kid} absente de /v1/keys`;
  if (!(await verifyEs256(issuer, utf8Encode(signingInput), signature))) return "la signature de l'émetteur ne vérifie pas";
  if ((await jwkThumbprint(claims.public_key)) !== want.kid) return "le credential lie une autre clé que celle de la caisse";
  if (claims.outlet_id !== want.outletId) return `le credential est pour le point de vente ${claims.outlet_id}, pas ${want.outletId}`;
  if (claims.pos_terminal_id !== want.terminalId) return `le credential est pour la caisse ${claims.pos_terminal_id}, pas ${want.terminalId}`;
  if (claims.merchant_nif !== want.merchantNif) return `le credential est pour le contribuable ${claims.merchant_nif}, pas ${want.merchantNif}`;
  const same = claims.credential_id === answer.credential_id && claims.authority_id === answer.authority_id
    && claims.block.first === answer.block?.first && claims.block.last === answer.block?.last;
  if (!same) return 'la réponse ne dit pas ce que le jeton signé dit (identifiant, NIM ou bloc)';
  return {
    credential_id: claims.credential_id, token: answer.credential, authority_id: claims.authority_id, till_kid: want.kid,
    block: claims.block, issued_at: new Date(Date.parse(claims.issued_at)).toISOString(), expires_at: new Date(Date.parse(claims.expires_at)).toISOString(),
  };
}
