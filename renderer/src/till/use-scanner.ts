// Listens for wedge scans on the whole window, whatever has focus, and undoes what the burst typed into a field.
import { useEffect, useRef } from 'react';
import { markScan } from '../shell/perf';
import { createScanDetector, DEFAULT_SCAN_OPTIONS, type ScanOptions } from './scan-detector';

type Snapshot = { el: HTMLInputElement | HTMLTextAreaElement; value: string };

function snapshotOf(el: Element | null): Snapshot | null {
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) return { el, value: el.value };
  return null;
}

/** Puts a field back as it was before the burst, through the native setter so React's state follows. */
function restore(snapshot: Snapshot | null): void {
  if (snapshot === null || snapshot.el.value === snapshot.value) return;
  const proto = snapshot.el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(snapshot.el, snapshot.value);
  snapshot.el.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * Captures keydown on the window before any field or button sees it: the Enter that ends a scan is swallowed (so it
 * neither submits a form nor presses a focused button) and the digits the burst left in a field are removed.
 */
export function useScanner(onScan: (code: string) => void, options: ScanOptions = DEFAULT_SCAN_OPTIONS): void {
  const onScanRef = useRef(onScan);
  onScanRef.current = onScan;
  const { maxGapMs, minLength } = options;
  useEffect(() => {
    const detector = createScanDetector({ maxGapMs, minLength });
    let snapshot: Snapshot | null = null;
    const onKeyDown = (e: KeyboardEvent) => {
      const step = detector.key({ code: e.code, time: e.timeStamp, ctrlKey: e.ctrlKey, altKey: e.altKey, metaKey: e.metaKey });
      if (step.kind === 'start') snapshot = snapshotOf(document.activeElement);
      else if (step.kind === 'other') snapshot = null;
      else if (step.kind === 'scan') {
        e.preventDefault();
        e.stopPropagation();
        markScan();
        restore(snapshot);
        snapshot = null;
        onScanRef.current(step.code);
      }
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [maxGapMs, minLength]);
}
