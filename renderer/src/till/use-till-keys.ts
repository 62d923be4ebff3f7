// The till's function keys on the whole window; a key inside a field keeps its usual meaning where it has one.
import { useEffect, useRef } from 'react';
import { commandForKey, type TillCommand } from './shortcuts';

function isEditingText(target: EventTarget | null): boolean {
  return (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) && target.value !== '';
}

/** `isActive` false while a dialog is open: the dialog owns the keyboard then (Échap closes it). */
export function useTillKeys(isActive: boolean, run: (command: TillCommand) => void, onArrow?: (step: -1 | 1) => void): void {
  const runRef = useRef(run);
  runRef.current = run;
  const arrowRef = useRef(onArrow);
  arrowRef.current = onArrow;
  useEffect(() => {
    if (!isActive) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.altKey || e.metaKey) return;
      // ↑ ↓ move the selected ticket line (a search field with text keeps them for its own cursor).
      if ((e.key === 'ArrowUp' || e.key === 'ArrowDown') && !isEditingText(e.target) && arrowRef.current !== undefined) {
        e.preventDefault();
        arrowRef.current(e.key === 'ArrowUp' ? -1 : 1);
        return;
      }
      const command = commandForKey(e.key);
      if (command === null) return;
      // Suppr in a field with text deletes text; Échap in one clears it before it cancels anything.
      if (command === 'voidLine' && isEditingText(e.target)) return;
      e.preventDefault();
      runRef.current(command);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [isActive]);
}
