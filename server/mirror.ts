// Mirroring an invoice a paired MCF sealed (mode device): sealed once, the device's TC continuous and FC rising per NIM,
// then countersigned by the cloud's seal key (the code stays the device's) and appended as a 'mirror' entry.
import { base64urlEncode } from '../fiscal/bytes';
import type { SealedInvoice } from '../fiscal/invoice-types';
import { completeSecurity, signingBytes } from '../fiscal/security-elements';
import { checkLink, keepLink } from './reconcile-chain';
import { appendEntry, type TxState } from './reconcile-delegated';
import type { DeviceCandidate, Refusal, Verdict } from './reconcile-types';
import type { Signer } from './signer/signer';
import { DEVICE_TC } from './store/reconcile-records';

const rejected = (c: DeviceCandidate, refusal: Refusal): Verdict => ({
  index: c.index, client_invoice_id: c.id, status: 'rejected', reason: refusal.reason, code: refusal.code, mode: 'device', nim: c.nim, tc: c.counters.tc,
});

/** The device invoice with the cloud's kid and signature; code, counters, NIM and time stay the MCF's, the QR is rebuilt from them. */
export async function countersign(invoice: SealedInvoice, sealer: Signer): Promise<SealedInvoice> {
  const unsigned = { ...invoice, security: { ...invoice.security, kid: sealer.kid } };
  const signature = await sealer.sign(signingBytes(unsigned));
  return completeSecurity(unsigned, base64urlEncode(signature));
}

async function continuityProblem(st: TxState, c: DeviceCandidate): Promise<Refusal | null> {
  const { tc, fc, type } = c.counters;
  const lastTc = await st.tx.deviceCounter(st.outlet.id, c.nim, DEVICE_TC);
  if (lastTc > 0 && tc <= lastTc) {
    return { code: 'device.continuity', reason: `TC ${tc} of device ${c.nim} comes after TC ${lastTc} was mirrored; a device's invoices are mirrored in TC order.` };
  }
  if (lastTc > 0 && tc !== lastTc + 1) {
    const missing = tc - 1 === lastTc + 1 ? `TC ${lastTc + 1}` : `TC ${lastTc + 1}..${tc - 1}`;
    return { code: 'device.continuity', reason: `TC ${tc} of device ${c.nim} skips ${missing}: upload the device's invoices in TC order, the missing one(s) first.` };
  }
  const lastFc = await st.tx.deviceCounter(st.outlet.id, c.nim, type);
  if (fc <= lastFc) return { code: 'counters.fc', reason: `FC ${fc} of type ${type} on device ${c.nim} is not above the last mirrored FC ${lastFc}; a device's FC only rises.` };
  return null;
}

export async function reconcileDevice(st: TxState, c: DeviceCandidate, sealer: Signer): Promise<Verdict> {
  const { tc, fc, type } = c.counters;
  const mirrored = await st.tx.findMirror(st.merchant.id, c.id);
  if (mirrored) {
    if (mirrored.nim === c.nim && mirrored.tc === tc && mirrored.code === c.invoice.security.code) {
      const entry = (await st.tx.ledgerAfter(mirrored.outletId, mirrored.ledgerSeq - 1, 1))[0];
      return {
        index: c.index, client_invoice_id: c.id, status: 'duplicate', mode: 'device', nim: c.nim, tc,
        reason: `Already mirrored (device ${c.nim} TC ${tc}, ledger seq ${mirrored.ledgerSeq}); nothing was added.`,
        ...(entry ? { ledger: { seq: entry.seq, prev_hash: entry.prevHash, hash: entry.hash } } : {}),
      };
    }
    return rejected(c, { code: 'already_sealed', reason: `Invoice ${c.id} was already mirrored as device ${mirrored.nim} TC ${mirrored.tc}; a sale is sealed once.` });
  }
  const sealed = await st.tx.findInvoice(st.merchant.id, c.id);
  if (sealed) {
    return rejected(c, { code: 'already_sealed', reason: `Invoice ${c.id} was already sealed (${sealed.mode}) as fiscal number ${String(sealed.fiscalNumber)}; a sale is sealed once.` });
  }
  const sameTc = await st.tx.findMirrorByTc(st.outlet.id, c.nim, tc);
  if (sameTc) return rejected(c, { code: 'device.duplicate', reason: `TC ${tc} of device ${c.nim} is already mirrored as invoice ${sameTc.clientInvoiceId}.` });
  const problem = await continuityProblem(st, c);
  if (problem !== null) return rejected(c, problem);
  const terminal = c.invoice.pos_terminal_id;
  const chain = c.link === null ? null : await checkLink(st.tx, st.outlet.id, terminal, c.link, st.book);
  if (chain !== null && !chain.ok) return rejected(c, chain.refusal);

  const invoice = await countersign(c.invoice, sealer);
  const payload = { invoice, nim: c.nim, counters: { fc, tc, type }, ...(c.deviceRates === null ? {} : { device_rates: c.deviceRates }) };
  const ledger = await appendEntry(st, 'mirror', null, payload);
  const at = new Date(st.nowMs).toISOString();
  await st.tx.insertMirror({
    merchantId: st.merchant.id, clientInvoiceId: c.id, outletId: st.outlet.id, nim: c.nim, tc, type, code: invoice.security.code, ledgerSeq: ledger.seq, createdAt: at,
  });
  await st.tx.setDeviceCounter(st.outlet.id, c.nim, DEVICE_TC, tc);
  await st.tx.setDeviceCounter(st.outlet.id, c.nim, type, fc);
  if (c.link !== null && chain !== null) await keepLink(st.tx, st.outlet.id, terminal, c.link, st.book, chain.isKnown, at);
  return {
    index: c.index, client_invoice_id: c.id, status: 'accepted', mode: 'device', nim: c.nim, tc, ledger,
    reason: `Mirrored: device ${c.nim} TC ${tc}, countersigned (ledger seq ${ledger.seq}).`,
  };
}
