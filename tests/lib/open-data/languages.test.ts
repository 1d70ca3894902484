import { describe, expect, it } from 'vitest';
import { parseLanguages, UNKNOWN_LANGUAGE_NOTE } from '../../../src/lib/open-data/languages.js';

describe('parseLanguages', () => {
  it('splits the free text and names each language with its ISO 639-1 code', () => {
    expect(parseLanguages('Français et anglais')).toEqual([
      { name: 'Français', code: 'fr', note: '' },
      { name: 'Anglais', code: 'en', note: '' },
    ]);
    expect(parseLanguages('francais / ENGLISH; Espagnol, arabe ou créole haïtien.').map((l) => l.code)).toEqual([
      'fr',
      'en',
      'es',
      'ar',
      'ht',
    ]);
  });

  it('keeps an unknown language as written, without a code, and says so; no duplicates; nothing for nothing', () => {
    expect(parseLanguages('Français, LSQ, français')).toEqual([
      { name: 'Français', code: 'fr', note: '' },
      { name: 'LSQ', code: '', note: UNKNOWN_LANGUAGE_NOTE },
    ]);
    expect(parseLanguages(null)).toEqual([]);
    expect(parseLanguages('  ')).toEqual([]);
  });
});
