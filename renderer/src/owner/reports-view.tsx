// Rapport X (any time), Clôture Z (confirmed: it cannot be undone; then printed), Rapport A over a date range; each printable.
import { useRef, useState } from 'react';
import type { ArticleReport, XReport, ZReport } from '../../../fiscal/report-types';
import type { PosError } from '../../../main/api/pos-types';
import { useI18n } from '../i18n/i18n-context';
import { errorNotice } from '../pos/error-text';
import { usePos } from '../pos/pos-context';
import { printArea } from '../receipt/print';
import { ConfirmDialog } from '../shell/confirm-dialog';
import { Notice, type NoticeValue } from '../shell/notice';
import { kinshasaToday } from '../till/ticket-figures';
import { ArticleReportView } from './article-report-view';
import { ReportView } from './report-view';

type Shown = { kind: 'X'; report: XReport } | { kind: 'Z'; report: ZReport } | { kind: 'A'; report: ArticleReport };

export function ReportsView() {
  const pos = usePos();
  const { t } = useI18n();
  const [shown, setShown] = useState<Shown | null>(null);
  const [notice, setNotice] = useState<NoticeValue | null>(null);
  const [isConfirming, setConfirming] = useState(false);
  const [isBusy, setBusy] = useState(false);
  const today = kinshasaToday();
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const areaRef = useRef<HTMLDivElement>(null);

  const take = async (what: 'X' | 'Z' | 'A') => {
    setBusy(true);
    setNotice(null);
    const fail = (error: PosError) => {
      setShown(null);
      setNotice(errorNotice(t, error, t(`report.what${what}`)));
    };
    if (what === 'X') {
      const r = await pos.xReport();
      if (r.ok) setShown({ kind: 'X', report: r.value });
      else fail(r.error);
    } else if (what === 'A') {
      const r = await pos.aReport({ from, to });
      if (r.ok) setShown({ kind: 'A', report: r.value });
      else fail(r.error);
    } else {
      const r = await pos.zReport();
      if (!r.ok) fail(r.error);
      else {
        setShown({ kind: 'Z', report: r.value.report });
        // The core prints the Z as it files it; without a receipt printer the print dialog opens instead.
        const printed = r.value.print;
        setNotice({ tone: printed.status === 'failed' ? 'error' : 'ok', text: t('report.zDone'), detail: printed.message });
        if (printed.status !== 'printed') window.setTimeout(() => printArea(areaRef.current), 0);
      }
    }
    setBusy(false);
  };

  return (
    <section className="owner-page" data-testid="reports-view">
      <div className="report-actions no-print">
        <button type="button" className="big" disabled={isBusy} onClick={() => void take('X')} data-testid="take-x">{t('report.takeX')}</button>
        <button type="button" className="big danger" disabled={isBusy} onClick={() => setConfirming(true)} data-testid="take-z">{t('report.takeZ')}</button>
        <div className="range">
          <label>{t('report.from')}<input type="date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="a-from" /></label>
          <label>{t('report.to')}<input type="date" value={to} onChange={(e) => setTo(e.target.value)} data-testid="a-to" /></label>
          <button type="button" className="big" disabled={isBusy || from > to} onClick={() => void take('A')} data-testid="take-a">{t('report.takeA')}</button>
        </div>
      </div>
      <Notice notice={notice} onDismiss={() => setNotice(null)} />
      <div ref={areaRef} className="report-area">
        {shown?.kind === 'X' || shown?.kind === 'Z' ? <ReportView report={shown.report} /> : null}
        {shown?.kind === 'A' ? <ArticleReportView report={shown.report} /> : null}
      </div>
      {shown === null ? null : (
        <div className="no-print">
          <button type="button" onClick={() => printArea(areaRef.current)} data-testid="report-print">{t('report.pdf')}</button>
        </div>
      )}
      {isConfirming ? (
        <ConfirmDialog
          title={t('report.zConfirmTitle')} text={t('report.zConfirmText')} confirmLabel={t('report.zConfirmYes')} cancelLabel={t('common.cancel')} danger testId="z-confirm"
          onClose={() => setConfirming(false)}
          onConfirm={() => { setConfirming(false); void take('Z'); }}
        />
      ) : null}
    </section>
  );
}
