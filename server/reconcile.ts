// POST /v1/reconciliations: invoices a till sealed offline under a credential (mode delegated) or a paired MCF sealed
// (mode device) are checked, appended to the outlet's ledger in order (per credential by number, per device by TC),
// and answered one by one: accepted, duplicate, or rejected with a reason; an expired or returned block is closed.
import type { Principal } from './auth';
import type { OfflineDeps } from './credentials-options';
import { outletOfKey } from './credentials';
import { notFound } from './problem';
import { checkUploaded, type CheckContext, type Checked } from './reconcile-checks';
import { reconcileDelegated, freshCredential, type TxState } from './reconcile-delegated';
import { appendTimeMs } from './reconcile-time';
import type { CredentialOutcome, DelegatedCandidate, DeviceCandidate, LocalLink, ReconcileAnswer, ReconcileRequest, Verdict } from './reconcile-types';
import { reconcileDevice } from './mirror';
import type { CredentialRecord } from './store/reconcile-records';
import { closeCredentialInTx } from './voids';

function refusedVerdict(c: Extract<Checked, { kind: 'refused' }>): Verdict {
  return {
    index: c.index, client_invoice_id: c.id, status: 'rejected', reason: c.refusal.reason, code: c.refusal.code,
    ...(c.mode === undefined ? {} : { mode: c.mode }),
  };
}

/** Per credential by block then number, per device by NIM then TC: the order entries are appended in. */
function ordered(delegated: DelegatedCandidate[], devices: DeviceCandidate[]) {
  const d = [...delegated].sort((a, b) => a.credential.firstNumber - b.credential.firstNumber || a.number - b.number || a.index - b.index);
  const m = [...devices].sort((a, b) => (a.nim < b.nim ? -1 : a.nim > b.nim ? 1 : 0) || a.counters.tc - b.counters.tc || a.index - b.index);
  return { d, m };
}

/** Closes the credentials this upload touched when asked to (close: true) or when they have expired (unless close: false). */
async function closeWhereDue(st: TxState, ids: Iterable<string>, close: boolean | undefined): Promise<CredentialOutcome[]> {
  const out: CredentialOutcome[] = [];
  for (const id of ids) {
    const cr = await freshCredential(st, id);
    if (!cr) continue;
    const isExpired = Date.parse(cr.expiresAt) < st.nowMs;
    let voided: CredentialOutcome['voided'] = [];
    let now: CredentialRecord = cr;
    if (cr.status === 'open' && (close === true || (isExpired && close !== false))) {
      const how = close === true ? { kind: 'returned' as const } : { kind: 'expired' as const, by: 'reconciliation' as const };
      const closed = await closeCredentialInTx(st.tx, st.head, cr, how, appendTimeMs(st.head, st.nowMs));
      st.head = closed.head;
      voided = closed.voids;
      now = (await st.tx.getCredentialTx(id)) ?? cr;
    }
    out.push({ credential_id: id, status: now.status, reconciled_through: now.reconciledThrough, closed_at: now.closedAt, voided });
  }
  return out;
}

export async function reconcileUpload(deps: OfflineDeps, principal: Principal, body: ReconcileRequest): Promise<ReconcileAnswer> {
  const { outlet, merchant } = await outletOfKey(deps, principal);
  const cache = new Map<string, Promise<CredentialRecord | undefined>>();
  const credential = (id: string) => {
    if (!cache.has(id)) {
      cache.set(id, deps.store.getCredential(id).then((c) => (c && c.outletId === outlet.id && c.merchantId === merchant.id ? c : undefined)));
    }
    return cache.get(id)!;
  };
  if (body.credential_id !== undefined && !(await credential(body.credential_id))) throw notFound(`No credential ${body.credential_id} for this key.`);
  const links = new Map<string, LocalLink>((body.local_chain ?? []).map((l) => [l.client_invoice_id, l]));
  const cx: CheckContext = {
    outlet, merchant, nowMs: deps.clock().getTime(), maxFutureSkewMs: deps.maxFutureSkewMs, requestCredentialId: body.credential_id,
    credential, links, deviceRates: body.device_rates ?? {},
  };
  const checked = await Promise.all(body.invoices.map((raw, i) => checkUploaded(raw, i, cx)));
  const verdicts: Verdict[] = checked.flatMap((c) => (c.kind === 'refused' ? [refusedVerdict(c)] : []));
  const { d, m } = ordered(
    checked.flatMap((c) => (c.kind === 'delegated' ? [c.candidate] : [])),
    checked.flatMap((c) => (c.kind === 'device' ? [c.candidate] : [])),
  );
  const touched = new Set<string>([...(body.credential_id === undefined ? [] : [body.credential_id]), ...d.map((c) => c.credential.id)]);

  const done = await deps.store.transact(outlet.id, async (tx) => {
    const head = await tx.lockOutlet(outlet.id);
    if (!head) throw notFound(`No outlet ${outlet.id}.`);
    const st: TxState = { tx, head, outlet, merchant, nowMs: deps.clock().getTime(), book: new Map(), credentials: new Map() };
    const inTx: Verdict[] = [];
    for (const c of d) inTx.push(await reconcileDelegated(st, c));
    for (const c of m) inTx.push(await reconcileDevice(st, c, deps.sealer));
    const credentials = await closeWhereDue(st, touched, body.close);
    await tx.saveOutletHead(st.head);
    return { inTx, credentials };
  });
  const results = [...verdicts, ...done.inTx].sort((a, b) => a.index - b.index);
  const count = (s: Verdict['status']) => results.filter((r) => r.status === s).length;
  return { results, accepted: count('accepted'), duplicates: count('duplicate'), rejected: count('rejected'), credentials: done.credentials };
}
