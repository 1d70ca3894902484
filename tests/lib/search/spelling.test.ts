import { describe, expect, it } from 'vitest';
import { allowedTypos, editDistance, SpellingDictionary } from '../../../src/lib/search/spelling.js';

describe('editDistance', () => {
  it('counts one wrong, missing, extra or swapped letter as one edit', () => {
    expect(editDistance('depandance', 'dependance')).toBe(1);
    expect(editDistance('hebergment', 'hebergement')).toBe(1);
    expect(editDistance('mentalle', 'mentale')).toBe(1);
    expect(editDistance('anxeite', 'anxiete')).toBe(1);
    expect(editDistance('emploi', 'emploi')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('chat', 'chien')).toBe(3);
  });

  it('gives up beyond the maximum', () => {
    expect(editDistance('abcdefgh', 'zzzzzzzz', 2)).toBe(3);
    expect(editDistance('a', 'abcdef', 1)).toBe(2);
  });
});

describe('SpellingDictionary', () => {
  const dictionary = new SpellingDictionary([
    { term: 'hebergement', documents: 8 },
    { term: 'hebergements', documents: 1 },
    { term: 'dependance', documents: 5 },
    { term: 'dependances', documents: 4 },
    { term: 'mentale', documents: 12 },
    { term: 'cje', documents: 6 },
    { term: '2026', documents: 3 },
  ]);

  it('knows words and prefixes', () => {
    expect(dictionary.has('mentale')).toBe(true);
    expect(dictionary.hasPrefix('heberg')).toBe(true);
    expect(dictionary.hasPrefix('hebergez')).toBe(false);
    expect(dictionary.hasPrefix('zzz')).toBe(false);
    expect(dictionary.knows('menta', true)).toBe(true);
    expect(dictionary.knows('menta', false)).toBe(false);
  });

  it('suggests the closest, most common words', () => {
    expect(dictionary.suggest('hebergment')).toEqual(['hebergement']);
    expect(dictionary.suggest('depandance')).toEqual(['dependance']);
    expect(dictionary.suggest('mentalle')).toEqual(['mentale']);
    expect(dictionary.suggest('hebreg', { prefix: true })).toEqual(['hebergement', 'hebergements']);
  });

  it('does not guess for short words, numbers or far words', () => {
    expect(allowedTypos('cjf')).toBe(0);
    expect(dictionary.suggest('cjf')).toEqual([]);
    expect(dictionary.suggest('2027')).toEqual([]);
    expect(dictionary.suggest('xylophone')).toEqual([]);
  });
});
