// The owner's day at a glance: sales, VAT, invoices, credit notes, and charts by hour, by tax group, by payment method.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { moneyMinor } from '../i18n/format';
import { errorNotice } from '../pos/error-text';
import { usePos } from '../pos/pos-context';
import { printArea } from '../receipt/print';
import { Notice, type NoticeValue } from '../shell/notice';
import { kinshasaToday } from '../till/ticket-figures';
import { BarChart } from './bar-chart';
import { compactUnits, minorToNumber } from './compact-number';
import { dayBounds, loadRecords, loadSummaries } from './load-invoices';
import { todayGlance, type TodayGlance } from './today-figures';

export function TodayView() {
  const pos = usePos();
  const { t } = useI18n();
  const [glance, setGlance] = useState<TodayGlance | null>(null);
  const [notice, setNotice] = useState<NoticeValue | null>(null);
  const areaRef = useRef<HTMLDivElement>(null);
  const day = kinshasaToday();
  const load = useCallback(async () => {
    const summaries = await loadSummaries(pos, dayBounds(day));
    if (!summaries.ok) return setNotice(errorNotice(t, summaries.error));
    const { records, failed } = await loadRecords(pos, summaries.value);
    setGlance(todayGlance(records));
    setNotice(failed > 0 ? { tone: 'warn', text: t('today.someFailed', { n: failed }) } : null);
  }, [pos, t, day]);
  useEffect(() => void load(), [load]);

  return (
    <section className="owner-page" data-testid="today-view" ref={areaRef}>
      <div className="page-head">
        <h2>{t('today.title', { day })}</h2>
        <div className="no-print">
          <button type="button" onClick={() => void load()}>{t('common.refresh')}</button>
          <button type="button" onClick={() => printArea(areaRef.current)} data-testid="today-print">{t('common.print')}</button>
        </div>
      </div>
      <Notice notice={notice} />
      {glance === null ? <p className="hint">{t('common.loading')}</p> : null}
      {glance !== null && glance.sections.length === 0 ? <p className="hint" data-testid="today-empty">{t('today.none')}</p> : null}
      {glance !== null && glance.waiting > 0 ? <p className="notice notice-warn">{t('today.waiting', { n: glance.waiting })}</p> : null}
      {glance?.sections.map((s) => {
        const hours = s.byHour.map((v, h) => ({ h, v })).filter(({ h, v }) => v !== 0n || (h >= 8 && h <= 20));
        return (
          <div key={s.currency} className="glance" data-testid={`glance-${s.currency}`}>
            <div className="kpis">
              <div className="kpi"><span>{t('today.sales')}</span><strong data-testid="kpi-sales">{moneyMinor(s.sales.ttc, s.currency)} {s.currency}</strong></div>
              <div className="kpi"><span>{t('today.vat')}</span><strong>{moneyMinor(s.sales.vat - s.credits.vat, s.currency)}</strong></div>
              <div className="kpi"><span>{t('today.invoices')}</span><strong data-testid="kpi-invoices">{s.sales.count}</strong></div>
              <div className="kpi"><span>{t('today.credits')}</span><strong data-testid="kpi-credits">{s.credits.count} · {moneyMinor(s.credits.ttc, s.currency)}</strong></div>
              <div className="kpi"><span>{t('today.net')}</span><strong>{moneyMinor(s.sales.ttc - s.credits.ttc, s.currency)}</strong></div>
            </div>
            <div className="charts">
              <BarChart testId="chart-hours" title={t('today.byHour')} bars={hours.map(({ h, v }) => ({ label: `${h}h`, value: minorToNumber(v), text: v === 0n ? '' : compactUnits(v) }))} />
              <BarChart testId="chart-groups" title={t('today.byGroup')} bars={s.byGroup.map((g) => ({ label: g.group, value: minorToNumber(g.ttc), text: compactUnits(g.ttc) }))} />
              <BarChart testId="chart-methods" title={t('today.byMethod')} bars={s.byMethod.map((m) => ({ label: t(`methodShort.${m.method}`), value: minorToNumber(m.amount), text: compactUnits(m.amount) }))} />
            </div>
            <table className="figures">
              <thead><tr><th>{t('report.group')}</th><th>{t('abbr.ttc')}</th><th>{t('abbr.vat')}</th></tr></thead>
              <tbody>
                {s.byGroup.map((g) => <tr key={g.group}><td>{g.group}</td><td>{moneyMinor(g.ttc, s.currency)}</td><td>{moneyMinor(g.vat, s.currency)}</td></tr>)}
              </tbody>
            </table>
            <table className="figures">
              <thead><tr><th>{t('report.method')}</th><th>{t('report.amount')}</th></tr></thead>
              <tbody>
                {s.byMethod.map((m) => <tr key={m.method}><td>{t(`method.${m.method}`)}</td><td>{moneyMinor(m.amount, s.currency)}</td></tr>)}
              </tbody>
            </table>
          </div>
        );
      })}
    </section>
  );
}
