// The e-MCF HTTP API's bodies as Stalela speaks them (docs/dgi-sync.md); shared by the upload client and the emulator.

/** POST /api/invoice: what we register. `rn` is our client_invoice_id, the key the DGI sees our invoice by. */
export type EmcfInvoiceRequest = {
  rn: string;
  nif: string;
  isf: string | null;
  nim: string;
  type: string;
  price_mode: string;
  currency: string;
  issued_at: string;
  fiscal_number: number | null;
  reference: { nature: string; code: string } | null;
  items: Array<{ code: string; name: string; type: string; tax_group: string; unit_price: string; quantity: string; specific_tax?: { per_unit: string } | { percent: string } }>;
  payments: Array<{ method: string; amount: string; currency: string }>;
};

/** The register answer: the DGI's own figures, to compare with ours before confirming. Amounts are decimal strings. */
export type EmcfRegistered = { uid: string; total: string; curTotal: string; vtotal: string };

/** PUT /api/invoice/{uid}/confirm body. */
export type EmcfConfirmRequest = { total: string; vtotal: string };

/** The confirm answer: the DGI's security elements for the invoice. */
export type EmcfConfirmed = { dateTime: string; qrCode: string; codeDEFDGI: string; counters: string; nim: string };

/** Every error answer of the e-MCF: a stable code and a readable reason. */
export type EmcfErrorBody = { errorCode: string; errorDesc: string };
