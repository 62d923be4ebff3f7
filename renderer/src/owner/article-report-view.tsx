// The A report: per article, the quantity and amounts sold less what credit notes took back, for a date range.
import type { ArticleReport } from '../../../fiscal/report-types';
import { useI18n } from '../i18n/i18n-context';
import { kinshasaTime, money, quantityText } from '../i18n/format';

export function ArticleReportView({ report }: { report: ArticleReport }) {
  const { t } = useI18n();
  return (
    <article className="report" data-testid="report-A">
      <h3>{t('report.aTitle')}</h3>
      <p>{t('report.period', { from: kinshasaTime(report.period.from), to: kinshasaTime(report.period.to) })}</p>
      {report.sections.length === 0 ? <p className="hint">{t('report.noSales')}</p> : null}
      {report.sections.map((s) => (
        <div key={s.currency} className="report-section">
          <h4>{s.currency} — {t('report.invoicesAndCredits', { n: s.invoice_count, c: s.credit_count })}</h4>
          <table className="figures">
            <thead><tr><th>{t('report.code')}</th><th>{t('report.article')}</th><th>{t('report.group')}</th><th>{t('report.qty')}</th><th>{t('report.credited')}</th><th>{t('abbr.ht')}</th><th>{t('abbr.ttc')}</th></tr></thead>
            <tbody>
              {s.articles.map((a) => (
                <tr key={`${a.code}-${a.tax_group}`}><td>{a.code}</td><td>{a.name}</td><td>{a.tax_group}</td><td>{quantityText(a.quantity.replace(/^-/, ''))}{a.quantity.startsWith('-') ? ' (−)' : ''}</td><td>{quantityText(a.credited_quantity)}</td><td>{money(a.ht, s.currency)}</td><td>{money(a.ttc, s.currency)}</td></tr>
              ))}
              <tr className="total-row"><td colSpan={5}>{t('report.net')}</td><td>{money(s.totals.ht, s.currency)}</td><td>{money(s.totals.ttc, s.currency)}</td></tr>
            </tbody>
          </table>
        </div>
      ))}
    </article>
  );
}
