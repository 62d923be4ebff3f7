// The till's buttons, each with its key printed on it; large targets for touch screens.
import type { PointerEvent } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { keyCap, SHORTCUTS, type TillCommand } from './shortcuts';

type Props = { onCommand(command: TillCommand): void; disabled: ReadonlySet<TillCommand> };

const keepFocus = (e: PointerEvent) => e.preventDefault();

export function CommandBar({ onCommand, disabled }: Props) {
  const { t } = useI18n();
  return (
    <div className="command-bar" data-testid="command-bar">
      {SHORTCUTS.map((s) => (
        <button
          key={s.command}
          type="button"
          tabIndex={-1}
          className={s.command === 'pay' ? 'cmd cmd-pay' : `cmd cmd-${s.command}`}
          data-testid={`cmd-${s.command}`}
          disabled={disabled.has(s.command)}
          onPointerDown={keepFocus}
          onClick={() => onCommand(s.command)}
        >
          {s.key === null ? null : <kbd>{keyCap(s.key)}</kbd>}
          <span>{t(s.label)}</span>
        </button>
      ))}
    </div>
  );
}
