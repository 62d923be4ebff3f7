// An X or Z report on screen, figure by figure, per currency: types, groups, payments, numbers, uploads, grand total.
import type { Currency } from '../../../fiscal/invoice-types';
import type { ReportCurrencySection, XReport, ZReport } from '../../../fiscal/report-types';
import { useI18n } from '../i18n/i18n-context';
import { kinshasaTime, money, rateText } from '../i18n/format';

function Section({ s }: { s: ReportCurrencySection }) {
  const { t } = useI18n();
  const m = (v: string) => money(v, s.currency);
  return (
    <div className="report-section" data-testid={`report-section-${s.currency}`}>
      <h4>{s.currency}</h4>
      <table className="figures">
        <thead><tr><th>{t('report.type')}</th><th>{t('report.count')}</th><th>{t('abbr.ht')}</th><th>{t('abbr.vat')}</th><th>{t('abbr.ts')}</th><th>{t('abbr.ttc')}</th></tr></thead>
        <tbody>
          {s.by_type.map((r) => <tr key={r.type}><td>{r.type} — {t(`invoiceType.${r.type}`)}</td><td>{r.count}</td><td>{m(r.ht)}</td><td>{m(r.vat)}</td><td>{m(r.specific)}</td><td>{m(r.ttc)}</td></tr>)}
        </tbody>
      </table>
      <table className="figures">
        <thead><tr><th>{t('report.group')}</th><th>{t('report.rate')}</th><th>{t('abbr.ht')}</th><th>{t('abbr.vat')}</th><th>{t('abbr.ts')}</th><th>{t('abbr.ttc')}</th></tr></thead>
        <tbody>
          {s.by_group.map((g) => <tr key={g.group}><td>{g.group}</td><td>{rateText(g.rate)}</td><td>{m(g.ht)}</td><td>{m(g.vat)}</td><td>{m(g.specific)}</td><td>{m(g.ttc)}</td></tr>)}
          <tr className="total-row" data-testid="report-total"><td colSpan={2}>{t('report.net')}</td><td>{m(s.totals.ht)}</td><td>{m(s.totals.vat)}</td><td>{m(s.totals.specific)}</td><td>{m(s.totals.ttc)}</td></tr>
        </tbody>
      </table>
      <table className="figures">
        <thead><tr><th>{t('report.method')}</th><th>{t('report.currency')}</th><th>{t('report.amount')}</th></tr></thead>
        <tbody>
          {s.payments.map((p) => <tr key={`${p.method}-${p.currency}`}><td>{t(`method.${p.method}`)}</td><td>{p.currency}</td><td>{money(p.amount, p.currency)}</td></tr>)}
          <tr><td colSpan={2}>{t('report.changeGiven')}</td><td>{m(s.change_given)}</td></tr>
        </tbody>
      </table>
    </div>
  );
}

export function ReportView({ report }: { report: XReport | ZReport }) {
  const { t } = useI18n();
  const f = report.figures;
  const title = report.kind === 'Z' ? t('report.zTitle', { n: report.z_number }) : t('report.xTitle', { n: report.z_number });
  return (
    <article className="report" data-testid={`report-${report.kind}`}>
      <h3>{title}</h3>
      <p>{t('report.period', { from: kinshasaTime(report.period.from), to: kinshasaTime(report.period.to) })}</p>
      <p>{t('report.takenAt', { at: kinshasaTime(report.taken_at) })}</p>
      {f.sections.length === 0 ? <p className="hint">{t('report.noSales')}</p> : f.sections.map((s) => <Section key={s.currency} s={s} />)}
      <dl className="report-facts">
        <div><dt>{t('report.invoiceCount')}</dt><dd>{f.invoice_count}</dd></div>
        <div><dt>{t('report.numbers')}</dt><dd>{f.numbers.first ?? '—'} … {f.numbers.last ?? '—'}</dd></div>
        <div><dt>{t('report.voided')}</dt><dd>{f.voided_count}</dd></div>
        <div><dt>{t('report.cancelled')}</dt><dd>{f.cancelled_count}</dd></div>
        <div><dt>{t('report.drawer')}</dt><dd>{f.drawer_opens_without_sale}</dd></div>
        <div><dt>{t('report.notUploaded')}</dt><dd>{f.not_uploaded_count}</dd></div>
        <div><dt>{t('report.lastUpload')}</dt><dd>{f.last_upload_at === null ? '—' : kinshasaTime(f.last_upload_at)}</dd></div>
        {f.unaccounted_numbers.length > 0 ? (
          <div><dt>{t('report.unaccounted')}</dt><dd>{f.unaccounted_numbers.map((r) => (r.from === r.to ? r.from : `${r.from}–${r.to}`)).join(', ')}</dd></div>
        ) : null}
        {report.grand_totals.map((g) => (
          <div key={g.currency}><dt>{t('report.grandTotal', { currency: g.currency })}</dt><dd>{money(g.ttc, g.currency as Currency)}</dd></div>
        ))}
      </dl>
    </article>
  );
}
