// i18next set-up: Swedish first, English second, typed keys, <html lang> and date formats that follow the language.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';
import { sv } from './sv.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof sv };
  }
}

export const LANGUAGES = ['sv', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'skyddsnat.language';

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

function storedLanguage(): Language {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(stored) ? stored : 'sv';
  } catch {
    return 'sv';
  }
}

export function currentLanguage(): Language {
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'sv';
}

export async function changeLanguage(language: Language): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Storage may be disabled; the choice then lasts until the page is reloaded.
  }
  await i18n.changeLanguage(language);
}

i18n.on('languageChanged', (language: string) => {
  document.documentElement.lang = isLanguage(language) ? language : 'sv';
});

void i18n.use(initReactI18next).init({
  resources: { sv: { translation: sv }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: 'sv',
  supportedLngs: LANGUAGES,
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

document.documentElement.lang = currentLanguage();

const LOCALES: Record<Language, string> = { sv: 'sv-SE', en: 'en-GB' };
const TIME_ZONE = 'Europe/Stockholm';

/** Date and time in the municipality's time zone, e.g. "2025-03-12 14:05". */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(LOCALES[currentLanguage()], {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: TIME_ZONE,
  }).format(date);
}

export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(LOCALES[currentLanguage()], {
    dateStyle: 'short',
    timeZone: TIME_ZONE,
  }).format(date);
}

export function formatTime(epochMs: number): string {
  return new Intl.DateTimeFormat(LOCALES[currentLanguage()], {
    timeStyle: 'short',
    timeZone: TIME_ZONE,
  }).format(new Date(epochMs));
}

/** Whole kronor as money, e.g. "12 345 kr" (Swedish) or "SEK 12,345" (English). */
export function formatKronor(amount: number): string {
  return new Intl.NumberFormat(LOCALES[currentLanguage()], {
    style: 'currency',
    currency: 'SEK',
    maximumFractionDigits: 0,
    minimumFractionDigits: 0,
  }).format(amount);
}

/** A file size in kB or MB with one decimal, e.g. "1,2 MB". */
export function formatBytes(bytes: number): string {
  const format = (value: number) =>
    new Intl.NumberFormat(LOCALES[currentLanguage()], { maximumFractionDigits: 1 }).format(value);
  if (bytes < 1024 * 1024) return `${format(Math.max(bytes, 1) / 1024)} kB`;
  return `${format(bytes / (1024 * 1024))} MB`;
}

/** True when `key` is a key of the catalogue section `section` (for codes that come from the server). */
export function hasKey<T extends object>(section: T, key: string): key is Extract<keyof T, string> {
  return Object.hasOwn(section, key);
}

export { sv };
export default i18n;
