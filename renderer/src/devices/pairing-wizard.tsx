// The technician's pairing wizard, one step per screen with progress in words: Détecter → Choisir le rôle → Tester → Enregistrer.
import { useState } from 'react';
import type { DeviceInfo, DeviceRole, DeviceTestResult, DeviceTransport, PairDeviceArgs } from '../../../main/api/pos-types';
import { useI18n } from '../i18n/i18n-context';
import { errorNotice } from '../pos/error-text';
import { usePos } from '../pos/pos-context';
import { Notice, type NoticeValue } from '../shell/notice';
import { deviceHints } from './device-hints';
import { readDiscovery, readScanTargets, type Candidate, type SourceProblem } from './found-devices';
import { ScanCheck } from './scan-check';
import { TestOutcome } from './test-outcome';
import { Progress, WizardSteps, type WizardStep } from './wizard-steps';

const ROLES: readonly DeviceRole[] = ['printer', 'mcf', 'scanner', 'drawer'];
const TRANSPORTS: readonly DeviceTransport[] = ['serial', 'usb', 'tcp', 'hid'];

export function PairingWizard({ onFinished }: { onFinished(): void }) {
  const pos = usePos();
  const { t, lang } = useI18n();
  const [step, setStep] = useState<WizardStep>('detect');
  const [progress, setProgress] = useState<string | null>(null);
  const [notice, setNotice] = useState<NoticeValue | null>(null);
  const [found, setFound] = useState<Candidate[] | null>(null);
  const [problems, setProblems] = useState<SourceProblem[]>([]);
  const [scan, setScan] = useState('');
  const [c, setC] = useState<Candidate>({ transport: 'tcp', path: '', baud: '115200', label: '', note: '', role: null });
  const [paper, setPaper] = useState<'80mm' | '58mm'>('80mm');
  const [role, setRole] = useState<DeviceRole>('printer');
  const [paired, setPaired] = useState<DeviceInfo | null>(null);
  const [test, setTest] = useState<DeviceTestResult | null>(null);
  const [scanned, setScanned] = useState<string | null>(null);

  const detect = async () => {
    setNotice(null);
    setProblems([]);
    const targets = readScanTargets(scan);
    if ('error' in targets) return setNotice({ tone: 'error', text: t(targets.error) });
    setProgress(t(targets.network_hosts.length > 0 ? 'wizard.detectingNetwork' : 'wizard.detecting'));
    const r = await pos.detectDevices(targets.network_hosts.length > 0 ? targets : undefined);
    setProgress(null);
    if (!r.ok) {
      setFound([]);
      return setNotice(errorNotice(t, r.error));
    }
    const read = readDiscovery(r.value, lang);
    setFound(read.candidates);
    setProblems(read.problems);
    if (read.candidates.length === 0) setNotice({ tone: 'info', text: t('wizard.nothingFound') });
  };

  const runTest = async () => {
    setNotice(null);
    setTest(null);
    setScanned(null);
    const args: PairDeviceArgs = { role, transport: c.transport, path: c.path.trim() };
    const options: Record<string, string | number> = {};
    if ((c.transport === 'serial' || c.transport === 'usb') && c.baud.trim() !== '') options['baud_rate'] = Number(c.baud);
    if (role === 'printer') options['paper'] = paper;
    if (Object.keys(options).length > 0) args.options = options;
    // The core tests a paired device by its id: the link is recorded first, then spoken to.
    setProgress(t('wizard.pairing'));
    const p = await pos.pairDevice(args);
    if (!p.ok) {
      setProgress(null);
      return setNotice(errorNotice(t, p.error, t('devices.what')));
    }
    setPaired(p.value);
    setProgress(t(`wizard.testing.${role}`));
    const r = await pos.testDevice({ device_id: p.value.id });
    setProgress(null);
    if (!r.ok) return setNotice(errorNotice(t, r.error, t('devices.what')));
    setTest(r.value);
  };

  const pathHint = c.transport === 'tcp' ? '127.0.0.1:9100' : c.transport === 'hid' ? '/dev/hidraw0' : '/dev/ttyUSB0';
  return (
    <section className="wizard" data-testid="pairing-wizard">
      <WizardSteps step={step} />
      {progress === null ? null : <Progress text={progress} />}
      <Notice notice={notice} onDismiss={() => setNotice(null)} />

      {step === 'detect' ? (
        <div className="wizard-page" data-testid="wizard-detect">
          <p>{t('wizard.detectIntro')}</p>
          <form className="scan-row" onSubmit={(e) => { e.preventDefault(); void detect(); }}>
            <label>{t('wizard.scanHosts')}
              <input value={scan} onChange={(e) => setScan(e.target.value)} placeholder="192.168.1.0/24" data-testid="wizard-scan-hosts" />
            </label>
            <button type="submit" className="big" disabled={progress !== null} data-testid="wizard-detect-run">{t('wizard.detect')}</button>
          </form>
          {problems.map((p) => (
            <div key={p.source} className="notice notice-warn" data-testid="wizard-problem"><strong>{p.source}</strong> {p.message} <em>{p.hint}</em></div>
          ))}
          {found !== null && found.length > 0 ? (
            <ul className="pick-list" data-testid="wizard-found">
              {found.map((f) => (
                <li key={`${f.transport}:${f.path}`}>
                  <button type="button" className={f.path === c.path && f.transport === c.transport ? 'pick selected' : 'pick'} onClick={() => { setC(f); if (f.role !== null) setRole(f.role); }}>
                    <strong>{f.label}</strong> <span>{f.transport} {f.path}</span> <em>{f.note}</em>
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          <fieldset className="form-grid">
            <legend>{t('wizard.manual')}</legend>
            <label>{t('wizard.transport')}
              <select value={c.transport} onChange={(e) => setC({ ...c, transport: e.target.value as DeviceTransport })} data-testid="wizard-transport">
                {TRANSPORTS.map((tr) => <option key={tr} value={tr}>{t(`transport.${tr}`)}</option>)}
              </select>
            </label>
            <label>{t('wizard.path')}
              <input value={c.path} placeholder={pathHint} onChange={(e) => setC({ ...c, path: e.target.value })} data-testid="wizard-path" />
            </label>
            {c.transport === 'serial' || c.transport === 'usb' ? (
              <label>{t('wizard.baud')}
                <input value={c.baud} inputMode="numeric" onChange={(e) => setC({ ...c, baud: e.target.value.replace(/\D/g, '') })} data-testid="wizard-baud" />
              </label>
            ) : null}
          </fieldset>
          <div className="wizard-nav">
            <button type="button" className="primary big" disabled={c.path.trim() === ''} onClick={() => setStep('role')} data-testid="wizard-next">{t('wizard.next')}</button>
          </div>
        </div>
      ) : null}

      {step === 'role' ? (
        <div className="wizard-page" data-testid="wizard-role">
          <p>{t('wizard.roleIntro', { where: `${c.transport} ${c.path}` })}</p>
          <div className="choice-grid">
            {ROLES.map((r) => (
              <button key={r} type="button" className={r === role ? 'choice selected' : 'choice'} onClick={() => setRole(r)} data-testid={`wizard-role-${r}`}>
                <strong>{t(`deviceRole.${r}`)}</strong> <span>{t(`deviceRoleHint.${r}`)}</span>
              </button>
            ))}
          </div>
          {role === 'printer' ? (
            <div className="chip-row">
              {(['80mm', '58mm'] as const).map((p) => <button key={p} type="button" className={p === paper ? 'chip selected' : 'chip'} onClick={() => setPaper(p)}>{t('wizard.paper')} {p}</button>)}
            </div>
          ) : null}
          <div className="wizard-nav">
            <button type="button" onClick={() => setStep('detect')}>{t('wizard.back')}</button>
            <button type="button" className="primary big" onClick={() => { setTest(null); setStep('test'); }} data-testid="wizard-next">{t('wizard.next')}</button>
          </div>
        </div>
      ) : null}

      {step === 'test' ? (
        <div className="wizard-page" data-testid="wizard-test">
          <p>{t(`wizard.testIntro.${role}`)}</p>
          <button type="button" className="big" disabled={progress !== null} onClick={() => void runTest()} data-testid="wizard-test-run">{test === null ? t('wizard.runTest') : t('wizard.retest')}</button>
          {test === null ? null : <TestOutcome result={test} hints={test.ok ? [] : deviceHints(role, c.transport, test.message)} />}
          {role === 'scanner' && test?.ok === true ? <ScanCheck onRead={setScanned} /> : null}
          {notice !== null && notice.tone === 'error' ? <TestOutcome result={{ device_id: '', ok: false, message: notice.detail ?? notice.text }} hints={deviceHints(role, c.transport, `${notice.text} ${notice.detail ?? ''}`)} /> : null}
          <div className="wizard-nav">
            <button type="button" onClick={() => setStep('role')}>{t('wizard.back')}</button>
            <button type="button" className="primary big" disabled={test?.ok !== true || (role === 'scanner' && scanned === null)} onClick={() => setStep('save')} data-testid="wizard-next">{t('wizard.next')}</button>
          </div>
        </div>
      ) : null}

      {step === 'save' && paired !== null ? (
        <div className="wizard-page" data-testid="wizard-save">
          <p>{t('wizard.saveIntro', { role: t(`deviceRole.${role}`), label: paired.label })}</p>
          <div className="wizard-nav">
            <button type="button" onClick={() => setStep('test')}>{t('wizard.back')}</button>
            <button type="button" className="primary big" onClick={onFinished} data-testid="wizard-save-done">{t('wizard.save')}</button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
