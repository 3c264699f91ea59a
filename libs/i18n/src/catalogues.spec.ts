import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { RTL_LOCALES, SUPPORTED_LOCALES } from '@app/config';
import { CATALOGUES } from './catalogues';
import { LOCALES, RIGHT_TO_LEFT } from './locales';

const ROOT = join(__dirname, '../../..');
/** Where the words are used: the web app, the mail templates, calendar events, and the city names. */
const USERS = ['apps/web/src', 'libs/notifications/src/templates', 'libs/notifications/src/ics.ts', 'libs/i18n/src/cities.ts'];

function sources(path: string): string[] {
  const full = join(ROOT, path);
  if (statSync(full).isFile()) return [full];
  return readdirSync(full, { withFileTypes: true }).flatMap((entry) => {
    const child = join(path, entry.name);
    if (entry.isDirectory()) return sources(child);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.(spec|test)\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')
      ? [join(ROOT, child)]
      : [];
  });
}

/** Every quoted string in the code that has the shape of a message key. */
function quotedKeys(): Set<string> {
  const keys = new Set<string>();
  for (const file of USERS.flatMap(sources)) {
    for (const match of readFileSync(file, 'utf8').matchAll(/['"`]([a-z][A-Za-z]*(?:\.[A-Za-z_-]+)+)['"`]/g)) keys.add(match[1]);
  }
  return keys;
}

/** The argument names of an ICU message ({name}, {count, plural, …}). */
function argumentsOf(message: string): string[] {
  return [...new Set([...message.matchAll(/\{\s*([A-Za-z]\w*)\s*[,}]/g)].map((m) => m[1]))].sort();
}

describe('the ICU catalogues', () => {
  it('cover exactly the locales the configuration accepts, with the same right-to-left ones', () => {
    expect([...LOCALES].sort()).toEqual([...SUPPORTED_LOCALES].sort());
    expect([...RIGHT_TO_LEFT].sort()).toEqual([...RTL_LOCALES].sort());
  });

  const english = Object.keys(CATALOGUES.en).sort();

  it.each(LOCALES)('%s has exactly the keys of English, none empty', (locale) => {
    const keys = Object.keys(CATALOGUES[locale]).sort();
    expect({ missing: english.filter((k) => !keys.includes(k)), extra: keys.filter((k) => !english.includes(k)) }).toEqual({
      missing: [],
      extra: [],
    });
    expect(Object.entries(CATALOGUES[locale]).filter(([, text]) => !text.trim())).toEqual([]);
  });

  it.each(LOCALES)('%s: every message is valid ICU and takes the arguments the English one takes', (locale) => {
    for (const [key, message] of Object.entries(CATALOGUES[locale])) {
      expect(() => new IntlMessageFormat(message, locale)).not.toThrow();
      expect([key, argumentsOf(message)]).toEqual([key, argumentsOf(CATALOGUES.en[key as keyof typeof CATALOGUES.en])]);
    }
  });

  it('has no key that the code does not use, and the code uses no key it lacks', () => {
    const used = quotedKeys();
    const prefixes = new Set(english.map((k) => k.split('.')[0]));
    const unknown = [...used].filter((k) => prefixes.has(k.split('.')[0]) && !english.includes(k));
    expect({ unused: english.filter((k) => !used.has(k)), unknown }).toEqual({ unused: [], unknown: [] });
  });

  it('has real plural forms where the language has them: Serbian and Ukrainian few, Arabic zero, two and few', () => {
    const forms = (locale: 'sr' | 'uk' | 'ar', count: number) =>
      new IntlMessageFormat(CATALOGUES[locale]['sessions.count'], locale).format({ count });
    expect(forms('sr', 3)).not.toBe(forms('sr', 5));
    expect(forms('uk', 3)).not.toBe(forms('uk', 5));
    expect(new Set([0, 1, 2, 3, 11, 100].map((n) => forms('ar', n))).size).toBe(6);
  });
});
