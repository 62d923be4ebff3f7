// A yes/no question with the consequence spelt out; the safe answer has focus so a stray Enter does nothing harmful.
import { Dialog } from './dialog';

type Props = { title: string; text: string; confirmLabel: string; cancelLabel: string; danger?: boolean; onConfirm(): void; onClose(): void; testId?: string };

export function ConfirmDialog({ title, text, confirmLabel, cancelLabel, danger, onConfirm, onClose, testId }: Props) {
  return (
    <Dialog
      title={title}
      onClose={onClose}
      testId={testId}
      actions={<>
        <button type="button" onClick={onClose} data-autofocus data-testid="confirm-no">{cancelLabel}</button>
        <button type="button" className={danger ? 'danger' : 'primary'} onClick={onConfirm} data-testid="confirm-yes">{confirmLabel}</button>
      </>}
    >
      <p>{text}</p>
    </Dialog>
  );
}
