// A modal box over the current screen: the sale stays where it is behind it (no page change), Échap closes it.
import { useEffect, useRef, type ReactNode } from 'react';

type DialogProps = {
  title: string;
  onClose(): void;
  children: ReactNode;
  /** Buttons at the foot; the dialog's own keyboard handling stays with its fields. */
  actions?: ReactNode;
  wide?: boolean;
  testId?: string;
};

export function Dialog({ title, onClose, children, actions, wide, testId }: DialogProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  useEffect(() => {
    // The first field takes focus, so a cashier can type at once; else the box itself, so Échap reaches it.
    const first = boxRef.current?.querySelector<HTMLElement>('input, select, textarea, [data-autofocus]');
    (first ?? boxRef.current)?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        onCloseRef.current();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
  return (
    <div className="dialog-backdrop" role="presentation">
      <div ref={boxRef} className={wide ? 'dialog wide' : 'dialog'} role="dialog" aria-modal="true" aria-label={title} tabIndex={-1} data-testid={testId}>
        <h2>{title}</h2>
        <div className="dialog-body">{children}</div>
        {actions === undefined ? null : <div className="dialog-actions">{actions}</div>}
      </div>
    </div>
  );
}
