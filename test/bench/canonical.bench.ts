// Benchmark of the fiscal hot path: canonical JSON + SHA-256 of a 20-line sealed invoice, ES256 sign/verify, the chain check.
import { sha256 } from '../../fiscal/bytes';
import { canonicalBytes, canonicalize } from '../../fiscal/canonical';
import { entryHash, GENESIS_HASH, nextEntry, verifyChain, type ChainEntry } from '../../fiscal/chain';
import { signingBytes } from '../../fiscal/security-elements';
import { exportPublicJwk, generateEs256KeyPair, jwkThumbprint, signEs256, signSealedInvoice, verifyEs256, verifySealedInvoice } from '../../fiscal/signature';
import { opsPerSecond } from './measure';

const NAMES = ['EAU 1.5L', 'LAIT GR', 'PAIN', 'SUCRE 1KG', 'RIZ 5KG', 'HUILE 1L', 'SAVON', 'THE', 'CAFE 250G', 'SEL'];

/** A realistic sealed invoice: 20 lines over groups A and B, a client, two payments, a comment. */
function sealedInvoice(kid: string) {
  const items = Array.from({ length: 20 }, (_, i) => ({
    code: `60${String(i).padStart(2, '0')}`,
    name: `${NAMES[i % NAMES.length]} ${i}`,
    type: 'BIE',
    tax_group: i % 3 === 0 ? 'A' : 'B',
    unit_price: `${(i + 1) * 125}.00`,
    quantity: i % 4 === 0 ? '1.250' : String((i % 5) + 1),
    ...(i % 7 === 0 ? { original_price: `${(i + 1) * 130}.00`, price_change: 'remise' } : {}),
  }));
  return {
    client_invoice_id: '0193a5c4-7d2e-7c1a-9f00-5b6c2a1d0e01',
    merchant_nif: 'A9000011T',
    outlet_id: 'outlet-kin-01',
    pos_terminal_id: 'till-01',
    cashier_id: 'cashier-07',
    cashier_name: 'JACQUES',
    invoice_number: '345/2026',
    type: 'FV',
    price_mode: 'TTC',
    currency: 'CDF',
    usd_rate: { rate: '2850.00', date: '2026-11-25' },
    client: { type: 'PM', nif: 'A9001255A', name: 'ABC SARL', address: '12 avenue du Commerce, Gombe, Kinshasa', contact: '+243 81 000 0000' },
    items,
    tax_groups: [
      { group: 'A', rate: '0.00', ht: '12375.00', vat: '0.00', specific: '0.00', ttc: '12375.00' },
      { group: 'B', rate: '16.00', ht: '51487.07', vat: '8237.93', specific: '0.00', ttc: '59725.00' },
    ],
    totals: { ht: '63862.07', vat: '8237.93', specific: '0.00', ttc: '72100.00' },
    payments: [
      { method: 'M', amount: '50000.00', currency: 'CDF' },
      { method: 'E', amount: '22100.00', currency: 'CDF' },
    ],
    comments: { A: 'Merci de votre visite – à bientôt' },
    issued_at: '2026-11-25T14:03:11+01:00',
    security: {
      mode: 'cloud',
      authority_id: 'SC01000001-1',
      fiscal_number: 9,
      counters: { fc: 3, tc: 9, type: 'FV' },
      timestamp: '20261125140311',
      kid,
    } as Record<string, unknown>,
  };
}

export async function run(): Promise<void> {
  const pair = await generateEs256KeyPair();
  const pub = await exportPublicJwk(pair.publicKey);
  const kid = await jwkThumbprint(pub);
  const jwks = { keys: [{ ...pub, kid }] };
  const unsigned = sealedInvoice(kid);
  const sealed = await signSealedInvoice(unsigned, pair.privateKey);
  const bytes = signingBytes(sealed);
  const signature = sealed.security['signature'] as string;
  console.log(`sealed invoice: 20 lines, ${canonicalize(sealed).length} characters canonical, ${bytes.length} signed bytes`);

  await opsPerSecond('canonicalize (20-line sealed invoice)', () => canonicalize(sealed));
  await opsPerSecond('canonicalBytes + SHA-256', () => sha256(canonicalBytes(sealed)));
  await opsPerSecond('signingBytes (copy, strip, canonical)', () => signingBytes(sealed));
  await opsPerSecond('ES256 sign (WebCrypto, low-S)', () => signEs256(pair.privateKey, bytes));
  await opsPerSecond('ES256 verify (WebCrypto, imported key)', () => verifyEs256(pair.publicKey, bytes, signature));
  await opsPerSecond('verifySealedInvoice (kid, signature, code, qr)', () => verifySealedInvoice(sealed, jwks));
  await opsPerSecond('entryHash (ledger entry)', () => entryHash(GENESIS_HASH, { seq: 1, prev_hash: GENESIS_HASH, kind: 'invoice', fiscal_number: 9 }));

  const chain: ChainEntry[] = [];
  let prev: ChainEntry | null = null;
  for (let n = 1; n <= 2000; n++) {
    prev = await nextEntry(prev, { kind: 'invoice', fiscal_number: n, invoice_sha256: 'ab'.repeat(32) });
    chain.push(prev);
  }
  const started = performance.now();
  const result = await verifyChain(chain);
  const ms = performance.now() - started;
  if (!result.ok) throw new Error('benchmark chain does not verify');
  console.log(`verifyChain: ${Math.round((chain.length * 1000) / ms).toLocaleString('en-US')} entries/s (${chain.length} entries in ${ms.toFixed(1)} ms)`);
}
