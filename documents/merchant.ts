// The seller's profile as printed at the head of every receipt and report (protocol §2 "Info du contribuable").

export type Merchant = {
  /** Taxpayer's legal name. */
  name: string;
  /** The shop's own name when it differs from the legal name (the sample prints both lines). */
  shop_name?: string;
  nif: string;
  rccm: string;
  address: string;
  city?: string;
  phone: string;
  email: string;
  /** ISF: the id of the billing software (SFE) that recorded the invoice. */
  isf: string;
};
