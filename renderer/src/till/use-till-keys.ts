// The till's function keys on the whole window; a key inside a field keeps its usual meaning where it has one.
import { useEffect, useRef } from 'react';
import { commandForKey, type TillCommand } from './shortcuts';

function isEditingText(target: EventTarget | null): boolean {
  return (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) && target.value !== '';
}

/** `isActive` false while a dialog is open: the dialog owns the keyboard then (Échap closes it). */
export function useTillKeys(isActive: boolean, run: (command: TillCommand) => void): void {
  const runRef = useRef(run);
  runRef.current = run;
  useEffect(() => {
    if (!isActive) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.altKey || e.metaKey) return;
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
