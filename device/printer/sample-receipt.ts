// The DGI's own sample invoice ("Protocoles SFE-MCF v1.0" §2, exemple_de_facture.png) as a sealed invoice: test print and fixtures.
import type { SealedInvoice } from '../../fiscal/invoice-types';
import type { Merchant } from '../../documents/merchant';

/** SUPERMARCHÉ CENTRAL, the seller of the DGI sample. */
export const SAMPLE_MERCHANT: Merchant = {
  name: 'SUPERMARCHÉ CENTRAL',
  nif: 'A9000011T',
  rccm: 'RCCM/2024/ 12/13/14',
  address: 'BOULEVARD 30 JUIN, KINSHASA',
  phone: '012345678',
  email: 'info@test.cd',
  isf: 'AB01710090',
};

/**
 * Invoice 345/2024: 5 x EAU at 720 (group A, exempt) and 1 LAIT GR at 464 (group B, 16 %), paid 4.064 cash,
 * sealed by NIM XX01710090-1 as FV 3/9 on 04/12/2024 12:34:56, code TEST-FACT-HQBA-X2F3-K22N-MDYR.
 */
export const SAMPLE_INVOICE: SealedInvoice = {
  client_invoice_id: '0193a5c4-0000-7000-8000-000000000345',
  merchant_nif: 'A9000011T',
  outlet_id: 'outlet-central',
  pos_terminal_id: 'till-1',
  cashier_id: 'jacques',
  cashier_name: 'JACQUES',
  invoice_number: '345/2024',
  type: 'FV',
  price_mode: 'TTC',
  currency: 'CDF',
  client: { type: 'PP', nif: 'A9001255A', name: 'ABC SARL' },
  items: [
    { code: '6001', name: 'EAU', type: 'BIE', tax_group: 'A', unit_price: '720.00', quantity: '5' },
    { code: '6002', name: 'LAIT GR', type: 'BIE', tax_group: 'B', unit_price: '464.00', quantity: '1' },
  ],
  tax_groups: [
    { group: 'A', rate: '0.00', ht: '3600.00', vat: '0.00', specific: '0.00', ttc: '3600.00' },
    { group: 'B', rate: '16.00', ht: '400.00', vat: '64.00', specific: '0.00', ttc: '464.00' },
  ],
  totals: { ht: '4000.00', vat: '64.00', specific: '0.00', ttc: '4064.00' },
  payments: [{ method: 'E', amount: '4064.00', currency: 'CDF' }],
  issued_at: '2024-12-04T12:34:56+01:00',
  security: {
    mode: 'device',
    authority_id: 'XX01710090-1',
    counters: { fc: 3, tc: 9, type: 'FV' },
    code: 'TESTFACTHQBAX2F3K22NMDYR',
    timestamp: '20241204123456',
    qr: 'RDCDEF01;XX01710090-1;TESTFACTHQBAX2F3K22NMDYR;A9000011T;20241204123456',
    kid: 'sample',
    signature: '',
  },
};
