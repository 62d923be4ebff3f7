// React access to window.pos: one provider at the top, `usePos()` everywhere below it.
import { createContext, useContext, type ReactNode } from 'react';
import type { PosApi } from '../../../main/api/pos-api';

const PosContext = createContext<PosApi | null>(null);

export function PosProvider({ pos, children }: { pos: PosApi; children: ReactNode }) {
  return <PosContext.Provider value={pos}>{children}</PosContext.Provider>;
}

export function usePos(): PosApi {
  const pos = useContext(PosContext);
  if (pos === null) throw new TypeError('usePos() needs a <PosProvider> above it.');
  return pos;
}
