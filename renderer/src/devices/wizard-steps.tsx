// The pairing wizard's step strip: Détecter → Choisir le rôle → Tester → Enregistrer, the current one marked.
import { useI18n } from '../i18n/i18n-context';

export const WIZARD_STEPS = ['detect', 'role', 'test', 'save'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

export function WizardSteps({ step }: { step: WizardStep }) {
  const { t } = useI18n();
  const at = WIZARD_STEPS.indexOf(step);
  return (
    <ol className="wizard-steps" data-testid="wizard-steps" data-step={step}>
      {WIZARD_STEPS.map((s, i) => (
        <li key={s} className={i < at ? 'done' : i === at ? 'current' : ''} aria-current={i === at ? 'step' : undefined}>
          <span className="step-n">{i + 1}</span> {t(`wizard.step.${s}`)}
        </li>
      ))}
    </ol>
  );
}

export function Progress({ text }: { text: string }) {
  return (
    <div className="progress" role="status" data-testid="wizard-progress">
      <span className="spinner" aria-hidden="true" /> {text}
    </div>
  );
}
