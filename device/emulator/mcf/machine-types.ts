// Shared shapes of the emulated MCF's command handlers: the open invoice, volatile state, context and replies.
import type { CommentLine, PaymentMethod, TaxGroupLabel } from '../../../fiscal/invoice-types';
import type { Minor } from '../../../fiscal/money';
import type { McfClient as McfBuyer, McfConnection, OpenInvoiceRequest } from '../../mcf/commands';
import type { McfStatusFlags } from '../../mcf/status';
import type { Figures } from './arithmetic';
import type { CodeSigner } from './code-signer';
import type { DurableState } from './state';

export type InvoiceLine = { group: TaxGroupLabel; rate: bigint; amount: Minor; specificTax: Minor; figures: Figures; data: string };

export type OpenInvoice = {
  request: OpenInvoiceRequest;
  client: McfBuyer;
  fc: number;
  tc: number;
  lines: InvoiceLine[];
  comments: Partial<Record<CommentLine, string>>;
  payments: { method: PaymentMethod; amount: Minor }[];
  paid: Minor;
};

/** Lost on power loss: the buyer registered by C3h, the open invoice, faults armed for the next seal. */
export type VolatileState = {
  /** undefined until C3h is sent; null for C3h without data (type PP). */
  client: McfBuyer | null | undefined;
  invoice: OpenInvoice | null;
  /** 38h seal commands still to answer with P: before sealing. */
  pendingRounds: number;
};

export type MachineContext = {
  durable: DurableState;
  vol: VolatileState;
  /** Device clock, yyyyMMddHHmmss in Kinshasa time. */
  now(): string;
  /** Makes the CODE DEF/DGI of a seal (HMAC by default, ES256 through PKCS#11 as an option). */
  codeSigner: CodeSigner;
  online: boolean;
  clockSet: boolean;
  /** Makes the durable state survive power loss; called before a seal is answered. */
  persist(): void;
};

export type Reply = { text: string; flags?: Partial<McfStatusFlags> };
/** Most commands answer at once; a seal waits for its code (a PKCS#11 signature). */
export type ReplyOrLater = Reply | Promise<Reply>;

export function connectionOf(ctx: MachineContext): McfConnection {
  return ctx.online ? 'CON' : 'DIS';
}

/** The device's own messages, French and upper case like the spec's examples ("E:ANNULEE"). */
export const DEVICE_MESSAGES = {
  clientFirst: 'LES INFORMATIONS DU CLIENT (C3h) DOIVENT PRECEDER C0h',
  alreadyOpen: 'UNE FACTURE EST DEJA OUVERTE',
  noInvoice: 'AUCUNE FACTURE OUVERTE',
  numberUsed: 'LE NUMERO DE FACTURE EST DEJA UTILISE POUR LA FACTURE PRECEDENTE',
  numberTooLong: 'NUMERO DE FACTURE TROP LONG',
  nifMismatch: 'NIF DIFFERENT DU NIF DU CONTRIBUABLE',
  badReference: 'REFERENCE DE LA FACTURE D\'ORIGINE INVALIDE',
  memoryFull: 'MEMOIRE PLEINE',
  memoryWrite: 'ERREUR D\'ECRITURE EN MEMOIRE FISCALE',
  securityElement: 'ERREUR DE L\'ELEMENT DE SECURITE',
  clockNotSet: 'DATE ET HEURE NON REGLEES',
  badRate: 'TAUX DU GROUPE INVALIDE',
  badItemAmount: 'MONTANT DE L\'ARTICLE INVALIDE',
  badSpecificTax: 'TAXE SPECIFIQUE INVALIDE',
  tooManyLines: 'TROP D\'ARTICLES',
  paymentsStarted: 'PAIEMENTS DEJA COMMENCES',
  noItems: 'FACTURE SANS ARTICLE',
  alreadyPaid: 'FACTURE DEJA PAYEE',
  amountInvalid: 'LE MONTANT N\'EST PAS VALIDE',
  cancelled: 'ANNULEE',
  creditUnverified: 'LA FACTURE D\'AVOIR N\'A PAS PU ETRE VERIFIEE POUR LE MOMENT, VEUILLEZ REESSAYER',
  pending: 'VERIFICATION EN COURS',
  syntax: 'ERREUR DE SYNTAXE',
  unknownCommand: 'COMMANDE INCONNUE',
} as const;
