// Which trust mode seals the next sale: a pure function of what the till knows about its signers.
import type { SignerKind } from '../api/pos-types';
import type { Sealers } from './sealer';

/** What the till knows right now; gathered by a `SignerProbe` (cloud ping, credential store, device manager). */
export type SignerState = {
  /** A DGI MCF paired with this till, and whether it answers its status command (C1h). */
  device: { paired: boolean; ready: boolean; detail?: string };
  /** The cloud signing service: set up in the settings, and reachable now. */
  cloud: { configured: boolean; reachable: boolean; detail?: string };
  /** The delegated credential held for offline sealing, if any: its expiry and the fiscal numbers left in its block. */
  delegated: {
    credential: { id: string; expires_at: string; remaining: number } | null;
    /** The clock guard's judgement (delegated/clock-guard.ts): no delegated seal on a clock that cannot be trusted. */
    clock?: { trusted: boolean; detail?: string };
  };
  /** ISO instant the state was taken at: a credential is judged against it. */
  now: string;
};

export type SignerReasonCode =
  | 'device_ready'
  | 'device_not_ready'
  | 'cloud_reachable'
  | 'delegated_valid'
  | 'not_set_up'
  | 'offline_no_credential'
  | 'offline_credential_expired'
  | 'offline_credential_exhausted'
  | 'offline_clock_untrusted';

/** The choice and why, in words the cashier sees (French first, as UX.md asks). */
export type SignerChoice = { signer: SignerKind; code: SignerReasonCode; reason: string };

export type SignerProbe = () => Promise<SignerState>;

/**
 * ARCHITECTURE.md's order: paired MCF, else cloud when reachable, else a valid delegated credential with numbers
 * left, else the draft waits. One reading of ours: a paired MCF that does not answer makes the sale wait rather
 * than fall back to another signer, because a till bound to a DGI device must seal through it (two signers on one
 * till would give two numberings for the same sales counter). docs/till-core.md records this.
 */
export function chooseSigner(state: SignerState): SignerChoice {
  if (state.device.paired) {
    return state.device.ready
      ? { signer: 'device', code: 'device_ready', reason: 'Signature par le MCF jumelé.' }
      : {
          signer: 'none',
          code: 'device_not_ready',
          reason: `Le MCF jumelé ne répond pas${state.device.detail ? ` (${state.device.detail})` : ''} : la vente attend, pas de reçu fiscal.`,
        };
  }
  if (state.cloud.configured && state.cloud.reachable) {
    return { signer: 'cloud', code: 'cloud_reachable', reason: 'Signature par le service cloud (en ligne).' };
  }
  const credential = state.delegated.credential;
  const isUnexpired = credential !== null && Date.parse(credential.expires_at) > Date.parse(state.now);
  const clock = state.delegated.clock;
  if (credential !== null && isUnexpired && credential.remaining > 0 && clock !== undefined && !clock.trusted) {
    return {
      signer: 'none',
      code: 'offline_clock_untrusted',
      reason: `Cloud injoignable et signature déléguée suspendue : ${clock.detail ?? "l'horloge de la caisse n'est pas fiable"}. Remettez la caisse à l'heure ; la vente attend, pas de reçu fiscal.`,
    };
  }
  if (credential !== null && isUnexpired && credential.remaining > 0) {
    return {
      signer: 'delegated',
      code: 'delegated_valid',
      reason: `Hors ligne — signature déléguée, ${credential.remaining} numéro(s) restant(s).`,
    };
  }
  const waits = ' La vente attend sa signature ; aucun reçu fiscal ne sera imprimé avant.';
  if (!state.cloud.configured && credential === null) {
    return { signer: 'none', code: 'not_set_up', reason: `Aucun signataire configuré (ni MCF, ni cloud, ni signature déléguée).${waits}` };
  }
  const offline = `Cloud injoignable${state.cloud.detail ? ` (${state.cloud.detail})` : ''}`;
  if (credential === null) return { signer: 'none', code: 'offline_no_credential', reason: `${offline} et aucune signature déléguée.${waits}` };
  if (!isUnexpired) {
    return { signer: 'none', code: 'offline_credential_expired', reason: `${offline} et la signature déléguée a expiré (${credential.expires_at}).${waits}` };
  }
  return { signer: 'none', code: 'offline_credential_exhausted', reason: `${offline} et le bloc de numéros délégués est épuisé.${waits}` };
}

/** A chosen mode with no sealer installed in this build waits like 'none', saying which mode was missing. */
export function installedChoice(choice: SignerChoice, sealers: Sealers): SignerChoice {
  if (choice.signer === 'none' || sealers[choice.signer] !== undefined) return choice;
  return {
    signer: 'none',
    code: choice.code,
    reason: `Le mode de signature « ${choice.signer} » n'est pas disponible dans cette version : la vente attend, pas de reçu fiscal.`,
  };
}
