// A PosApi failure in words the person at the screen can act on, in their language, with the core's sentence kept.
import type { PosError } from '../../../main/api/pos-types';
import type { Translate } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/fr';
import type { NoticeValue } from '../shell/notice';

const KNOWN: Partial<Record<PosError['code'], MessageKey>> = {
  unreachable: 'error.unreachable',
  unauthorized: 'error.unauthorized',
  not_logged_in: 'error.notLoggedIn',
  forbidden: 'error.forbidden',
  bad_pin: 'error.badPin',
  cashier_locked: 'error.locked',
  settings_missing: 'error.settingsMissing',
  product_not_found: 'error.productNotFound',
  payment_refused: 'error.paymentRefused',
  invalid_draft: 'error.invalidDraft',
  invalid_argument: 'error.invalidArgument',
  invoice_not_found: 'error.invoiceNotFound',
  database_newer_than_app: 'error.databaseNewer',
  internal: 'error.internal',
};

/** `what` names the feature for a not_implemented answer ("Le rapport X"). */
export function errorNotice(t: Translate, error: PosError, what?: string): NoticeValue {
  if (error.code === 'not_implemented') {
    return { tone: 'warn', text: t('error.notImplemented', { what: what ?? t('error.thisFunction') }), detail: error.message };
  }
  const key = KNOWN[error.code];
  return key === undefined
    ? { tone: 'error', text: error.message, detail: error.code }
    : { tone: 'error', text: t(key), detail: error.message };
}
