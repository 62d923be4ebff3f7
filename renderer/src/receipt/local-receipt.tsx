// A sealed invoice laid out in the DGI sample's order from its own data, for when the core offers no printer preview.
import { dgiDisplayTime } from '../../../fiscal/dgi-time';
import type { SealedInvoice } from '../../../fiscal/invoice-types';
import { parseRate } from '../../../fiscal/money';
import { formatCodeForPrint, countersText } from '../../../fiscal/security-elements';
import { taxTableOn, withDeviceRates, type Letter } from '../../../fiscal/tax-groups';
import { computeTotals } from '../../../fiscal/totals';
import { translate } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/fr';
import { money, moneyMinor, quantityText, rateText } from '../i18n/format';
import { QrCode } from './qr-code';

// Paper is a fiscal document: its words are French whatever language the screen is in.
const fr = (key: MessageKey, vars?: Record<string, string | number>) => translate('fr', key, vars);
const groupTag = (g: string) => (g === 'A' ? 'A-EX' : g);
/** A stored invoice is shown even when one element is malformed: the element reads "?" instead of blanking the screen. */
const safe = (f: () => string): string => {
  try {
    return f();
  } catch {
    return '?';
  }
};

function Pair({ left, right, bold }: { left: string; right: string; bold?: boolean }) {
  return <div className={bold ? 'r-pair bold' : 'r-pair'}><span>{left}</span><span>{right}</span></div>;
}

/** Line amounts by the kernel's rule at the rates the invoice was sealed with. */
function lineAmounts(inv: SealedInvoice): { amount: bigint; specific: bigint }[] {
  const rates: Partial<Record<Letter, bigint>> = {};
  for (const g of inv.tax_groups) {
    const r = parseRate(g.rate);
    if (r !== null) rates[g.group] = r;
  }
  try {
    const date = `${inv.security.timestamp.slice(0, 4)}-${inv.security.timestamp.slice(4, 6)}-${inv.security.timestamp.slice(6, 8)}`;
    const result = computeTotals(inv, withDeviceRates(taxTableOn(date), rates));
    return result.ok ? result.figures.lines : [];
  } catch {
    return [];
  }
}

export function LocalReceipt({ invoice, merchantName, duplicate }: { invoice: SealedInvoice; merchantName: string | null; duplicate: boolean }) {
  const cur = invoice.currency;
  const lines = lineAmounts(invoice);
  const sec = invoice.security;
  const codeOrigin = sec.mode === 'device' ? 'device' : 'own';
  return (
    <div className="receipt local-receipt" data-testid="receipt-local">
      {merchantName === null ? null : <div className="r-center bold">{merchantName}</div>}
      <Pair left="NIF:" right={invoice.merchant_nif} bold />
      {duplicate ? <div className="r-center bold r-duplicate" data-testid="receipt-duplicata">{fr('receipt.duplicate')}</div> : null}
      <div className="r-center bold">{fr(`receipt.type.${invoice.type}`)}</div>
      {invoice.reference === undefined ? null : (
        <>
          <div className="r-center">{fr('receipt.nature')}: {fr(`nature.${invoice.reference.nature}`)} ({invoice.reference.nature})</div>
          <div className="r-center">{fr('receipt.ref')}: {invoice.reference.code === 'RRR' ? 'RRR' : safe(() => formatCodeForPrint(invoice.reference?.code ?? '', 'device'))}</div>
        </>
      )}
      <div className="r-center bold">No : {invoice.invoice_number}</div>
      <Pair left={fr('receipt.seller')} right={invoice.cashier_name} />
      <Pair left="ISF:" right={invoice.pos_terminal_id} />
      {invoice.client === undefined ? null : (
        <div className="r-client">
          <Pair left={fr('receipt.clientType')} right={invoice.client.type} />
          {invoice.client.nif ? <Pair left={fr('receipt.clientNif')} right={invoice.client.nif} /> : null}
          {invoice.client.name ? <Pair left={fr('receipt.clientName')} right={invoice.client.name} /> : null}
          {invoice.client.rccm ? <Pair left={fr('receipt.clientRccm')} right={invoice.client.rccm} /> : null}
          {invoice.client.address ? <Pair left={fr('receipt.clientAddress')} right={invoice.client.address} /> : null}
          {invoice.client.contact ? <Pair left={fr('receipt.clientContact')} right={invoice.client.contact} /> : null}
        </div>
      )}
      <div className="r-rule" />
      {invoice.items.map((item, i) => (
        <div key={i} className="r-item">
          <div>{i + 1}. {item.name} ({groupTag(item.tax_group)})({item.type})</div>
          <Pair left={`   ${quantityText(item.quantity)} x ${money(item.unit_price, cur)}`} right={lines[i] === undefined ? '' : moneyMinor(lines[i].amount, cur)} />
          {item.specific_tax !== undefined && lines[i] !== undefined ? <Pair left="   T.S." right={moneyMinor(lines[i].specific, cur)} /> : null}
          {item.original_price === undefined ? null : <div>   {fr('receipt.originalPrice')} {money(item.original_price, cur)} ({item.price_change ?? ''})</div>}
        </div>
      ))}
      <div className="r-rule" />
      {invoice.tax_groups.map((g) => (
        <div key={g.group}>
          {g.ht !== '0.00' ? <Pair left={`Total H.T.[${g.group}] ${rateText(g.rate)}`} right={money(g.ht, cur)} /> : null}
          {g.vat !== '0.00' ? <Pair left={`Total TVA [${g.group}] ${rateText(g.rate)}`} right={money(g.vat, cur)} /> : null}
        </div>
      ))}
      {invoice.totals.specific !== '0.00' ? <Pair left="Total T.S." right={money(invoice.totals.specific, cur)} /> : null}
      <Pair left="Total TVA" right={money(invoice.totals.vat, cur)} />
      <Pair left="TOTAL TTC" right={money(invoice.totals.ttc, cur)} bold />
      {invoice.payments.map((p, i) => <Pair key={i} left={fr(`receipt.method.${p.method}`)} right={`${money(p.amount, p.currency)}${p.currency === cur ? '' : ` ${p.currency}`}`} />)}
      <Pair left={fr('receipt.itemCount')} right={String(invoice.items.length)} />
      <div className="r-rule" />
      <div className="r-center bold">{fr('receipt.security')}</div>
      <Pair left="CODE DEF/DGI:" right="" />
      <div className="r-center bold" data-testid="receipt-code">{safe(() => formatCodeForPrint(sec.code, codeOrigin))}</div>
      <Pair left="DEF NIM:" right={sec.authority_id} />
      <Pair left="DEF Compteurs:" right={safe(() => countersText(sec.counters))} />
      <Pair left="DEF Heure:" right={safe(() => dgiDisplayTime(sec.timestamp))} />
      <div className="r-center"><QrCode payload={sec.qr} /></div>
      {duplicate ? <div className="r-center bold r-duplicate">{fr('receipt.duplicate')}</div> : null}
    </div>
  );
}
