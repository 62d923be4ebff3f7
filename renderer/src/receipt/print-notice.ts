// A print outcome as the one line of feedback the screen shows.
import type { Translate } from '../i18n/i18n-context';
import type { NoticeValue } from '../shell/notice';
import type { PrintOutcome } from './print';

export function printNotice(t: Translate, outcome: PrintOutcome): NoticeValue {
  if (outcome.via === 'printer') return { tone: 'ok', text: t('print.sent'), ...(outcome.message === '' ? {} : { detail: outcome.message }) };
  if (outcome.via === 'browser') return { tone: 'info', text: t('print.browser'), ...(outcome.message === '' ? {} : { detail: outcome.message }) };
  return { tone: 'error', text: t('print.failed'), detail: outcome.message };
}
