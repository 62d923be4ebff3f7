// The ticket's totals as the DGI sample lays them out: Total H.T. and TVA per group, Total TVA, TOTAL TTC.
import type { Currency } from '../../../fiscal/invoice-types';
import { formatRate } from '../../../fiscal/money';
import type { InvoiceFigures } from '../../../fiscal/totals';
import { useI18n } from '../i18n/i18n-context';
import { moneyMinor, rateText } from '../i18n/format';
import { groupTag } from './ticket-line-row';

export function TotalsBlock({ figures, currency }: { figures: InvoiceFigures | null; currency: Currency }) {
  const { t } = useI18n();
  if (figures === null) return null;
  const rows: { label: string; value: bigint; testId: string }[] = [];
  for (const g of figures.groups) {
    const rate = rateText(formatRate(g.rate));
    rows.push({ label: `${t('totals.ht')} ${groupTag(g.group)} ${rate}`, value: g.ht, testId: `total-ht-${g.group}` });
    // Only non-zero VAT lines are printed on a normalized invoice.
    if (g.vat !== 0n) rows.push({ label: `${t('totals.vat')} ${groupTag(g.group)} ${rate}`, value: g.vat, testId: `total-vat-${g.group}` });
  }
  if (figures.totals.specific !== 0n) rows.push({ label: t('totals.specific'), value: figures.totals.specific, testId: 'total-specific' });
  return (
    <div className="totals" data-testid="totals">
      <dl>
        {rows.map((r) => (
          <div key={r.testId} className="totals-row" data-testid={r.testId}>
            <dt>{r.label}</dt>
            <dd>{moneyMinor(r.value, currency)}</dd>
          </div>
        ))}
        <div className="totals-row" data-testid="total-vat">
          <dt>{t('totals.totalVat')}</dt>
          <dd>{moneyMinor(figures.totals.vat, currency)}</dd>
        </div>
        <div className="totals-row grand" data-testid="total-ttc">
          <dt>{t('totals.ttc')}</dt>
          <dd>{moneyMinor(figures.totals.ttc, currency)} <small>{currency}</small></dd>
        </div>
      </dl>
    </div>
  );
}
