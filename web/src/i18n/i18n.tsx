import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { en } from './en.ts';
import { nl, type TextKey } from './nl.ts';

export type Lang = 'nl' | 'en';
export const texts: Record<Lang, Record<TextKey, string>> = { nl, en };

/** Dutch for Dutch browsers (and by default), English otherwise; a choice made on the page is kept. */
export function initialLang(): Lang {
  const saved = localStorage.getItem('lang');
  if (saved === 'nl' || saved === 'en') return saved;
  const browser = navigator.languages?.[0] ?? navigator.language ?? 'nl';
  return browser.toLowerCase().startsWith('nl') || !browser ? 'nl' : 'en';
}

/** Fills `{name}` placeholders. */
export function format(text: string, vars: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: TextKey, vars?: Record<string, string | number>): string;
  /** Numbers and dates as the page's language writes them. */
  num(n: number, digits?: number): string;
  date(iso: string | undefined): string;
}

const I18nContext = createContext<I18n | undefined>(undefined);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem('lang', l);
    setLangState(l);
  }, []);
  const value = useMemo<I18n>(() => {
    const locale = lang === 'nl' ? 'nl-NL' : 'en-GB';
    return {
      lang,
      setLang,
      t: (key, vars) => format(texts[lang][key], vars),
      num: (n, digits) =>
        n.toLocaleString(
          locale,
          digits === undefined ? {} : { maximumFractionDigits: digits, minimumFractionDigits: digits },
        ),
      date: (iso) =>
        iso ? new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' }) : '–',
    };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
