// The language of the screens: French by default, English on request, remembered on this machine.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en } from './en';
import { fr, type MessageKey } from './fr';

export type Lang = 'fr' | 'en';
export type Vars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

const LANG_KEY = 'stalela.lang';
const CATALOGUES = { fr, en } as const;

/** "{n} vente(s)" with {n: 3} → "3 vente(s)"; an unknown placeholder stays visible so a mistake shows. */
export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  const text: string = CATALOGUES[lang][key];
  if (vars === undefined) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

function storedLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'fr';
  } catch {
    return 'fr';
  }
}

type I18n = { lang: Lang; setLang(lang: Lang): void; t: Translate };
const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(storedLang);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(LANG_KEY, next);
    } catch {
      // Not remembered on this machine; the choice still holds until the page closes.
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo<I18n>(() => ({ lang, setLang, t: (key, vars) => translate(lang, key, vars) }), [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (i18n === null) throw new TypeError('useI18n() needs an <I18nProvider> above it.');
  return i18n;
}
