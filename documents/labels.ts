// The French wording printed on receipts and reports for the DGI code lists (protocol §2, C0h, 35h).
import type { ClientType, CreditNature, InvoiceType, PaymentMethod } from '../fiscal/invoice-types';

/** The title line(s) per invoice type: exports add the EXPORTATION mention (protocol §2). */
export const TYPE_TITLES: Readonly<Record<InvoiceType, readonly string[]>> = {
  FV: ['FACTURE DE VENTE'],
  FT: ["FACTURE D'ACOMPTE"],
  EV: ['FACTURE DE VENTE', 'EXPORTATION'],
  ET: ["FACTURE D'ACOMPTE", 'EXPORTATION'],
  FA: ["FACTURE D'AVOIR"],
  EA: ["FACTURE D'AVOIR", 'EXPORTATION'],
};

export const NATURE_LABELS: Readonly<Record<CreditNature, string>> = {
  COR: 'CORRECTION',
  RAN: 'ANNULATION',
  RAM: 'REPRISE DE BIENS/SERVICES',
  RRR: 'REMISE, RISTOURNE, RABAIS',
};

export const PAYMENT_LABELS: Readonly<Record<PaymentMethod, string>> = {
  E: 'ESPECES',
  C: 'CARTE BANCAIRE',
  M: 'MOBILE MONEY',
  V: 'VIREMENT',
  D: 'CHEQUE',
  A: 'AUTRE',
};

export const CLIENT_TYPE_LABELS: Readonly<Record<ClientType, string>> = {
  PP: 'Personne physique',
  PM: 'Personne morale',
  PC: 'Commerçant',
  PL: 'Profession libérale',
  AO: 'Ambassade / Org. internationale',
};

/** The tag an item carries: exempt group A is labelled A-EX as in the sample, other groups by their letter. */
export function groupTag(group: string): string {
  return group === 'A' ? 'A-EX' : group;
}

export const TYPE_NAMES: Readonly<Record<InvoiceType, string>> = {
  FV: 'Factures de vente',
  FT: "Factures d'acompte",
  EV: 'Ventes à l’exportation',
  ET: 'Acomptes à l’exportation',
  FA: "Factures d'avoir",
  EA: "Avoirs à l'exportation",
};
