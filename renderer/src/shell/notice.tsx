// One line of feedback in words: an error to act on, a warning, or plain information.
export type Tone = 'error' | 'warn' | 'info' | 'ok';
export type NoticeValue = { tone: Tone; text: string; detail?: string };

export function Notice({ notice, onDismiss }: { notice: NoticeValue | null; onDismiss?: () => void }) {
  if (notice === null) return null;
  return (
    <div className={`notice notice-${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'} data-testid="notice">
      <span className="notice-text">{notice.text}</span>
      {notice.detail === undefined ? null : <span className="notice-detail">{notice.detail}</span>}
      {onDismiss === undefined ? null : (
        <button type="button" className="notice-close" onClick={onDismiss} aria-label="×">×</button>
      )}
    </div>
  );
}
