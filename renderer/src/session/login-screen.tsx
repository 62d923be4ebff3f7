// PIN login: the cashier's name and PIN (typed or on the keypad); a fresh till offers to create its first owner.
import { useState, type FormEvent } from 'react';
import type { SessionInfo } from '../../../main/api/pos-types';
import { useI18n } from '../i18n/i18n-context';
import { errorNotice } from '../pos/error-text';
import { usePos } from '../pos/pos-context';
import { Notice, type NoticeValue } from '../shell/notice';
import { applyKey, Keypad } from '../till/keypad';

export function LoginScreen({ onLoggedIn }: { onLoggedIn(session: SessionInfo): void }) {
  const pos = usePos();
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [notice, setNotice] = useState<NoticeValue | null>(null);
  const [isBusy, setBusy] = useState(false);
  const [isFirstOwner, setFirstOwner] = useState(false);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (name.trim() === '' || pin === '') {
      setNotice({ tone: 'warn', text: t('login.fillBoth') });
      return;
    }
    setBusy(true);
    if (isFirstOwner) {
      const created = await pos.createCashier({ name: name.trim(), pin, role: 'owner' });
      if (!created.ok) {
        setBusy(false);
        setNotice(errorNotice(t, created.error));
        return;
      }
    }
    const r = await pos.login({ name: name.trim(), pin });
    setBusy(false);
    if (r.ok) onLoggedIn(r.value);
    else {
      setPin('');
      setNotice(errorNotice(t, r.error));
    }
  };

  return (
    <main className="login-screen" data-testid="login-screen">
      <form className="login-box" onSubmit={(e) => void submit(e)}>
        <h1>{isFirstOwner ? t('login.firstOwnerTitle') : t('login.title')}</h1>
        {isFirstOwner ? <p className="hint">{t('login.firstOwnerHint')}</p> : null}
        <label>
          {t('login.name')}
          <input data-testid="login-name" value={name} autoFocus autoComplete="username" onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          {t('login.pin')}
          <input data-testid="login-pin" type="password" inputMode="numeric" autoComplete="current-password" value={pin} onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))} />
        </label>
        <Keypad onKey={(k) => setPin((p) => applyKey(p, k))} without={[',', '00']} testId="login-keypad" />
        <Notice notice={notice} onDismiss={() => setNotice(null)} />
        <button type="submit" className="primary big" disabled={isBusy} data-testid="login-submit">
          {isFirstOwner ? t('login.createAndEnter') : t('login.enter')}
        </button>
        <button type="button" className="link" onClick={() => { setFirstOwner(!isFirstOwner); setNotice(null); }} data-testid="first-owner-toggle">
          {isFirstOwner ? t('login.backToLogin') : t('login.firstOwnerLink')}
        </button>
      </form>
    </main>
  );
}
