// F1: every shortcut of the till in one list, and how the scanner works.
import { useI18n } from '../i18n/i18n-context';
import { Dialog } from '../shell/dialog';
import { keyCap, SHORTCUTS } from './shortcuts';

export function HelpDialog({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  return (
    <Dialog title={t('help.title')} onClose={onClose} testId="help-dialog" actions={<button type="button" className="primary" onClick={onClose} data-autofocus>{t('common.close')} <kbd>Échap</kbd></button>}>
      <table className="shortcut-table">
        <tbody>
          {SHORTCUTS.filter((s) => s.key !== null).map((s) => (
            <tr key={s.command}><td><kbd>{keyCap(s.key ?? '')}</kbd></td><td>{t(s.label)}</td></tr>
          ))}
        </tbody>
      </table>
      <p><kbd>↑</kbd><kbd>↓</kbd> {t('help.arrows')}</p>
      <p>{t('help.scanner')}</p>
      <p>{t('help.keypad')}</p>
    </Dialog>
  );
}
