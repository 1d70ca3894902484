import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allowedTypos, editDistance, SpellingDictionary } from '../../../src/lib/search/spelling.js';

// The straightforward version (fresh arrays per call) that editDistance must agree with.
function referenceDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let before = new Array<number>(n + 1).fill(0);
  let previous = Array.from({ length: n + 1 }, (_, j) => j);
  let current = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[n]!;
}

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

  it('gives what the textbook table gives, across lengths and limits (its rows are reused between calls)', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'é', 'œ', 's'), maxLength: 14 });
    fc.assert(
      fc.property(word, word, fc.constantFrom(0, 1, 2, 3, Infinity), (a, b, max) => {
        expect(editDistance(a, b, max)).toBe(referenceDistance(a, b, max));
      }),
      { numRuns: 2000, seed: 17 },
    );
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

  it('gives a remembered answer as a copy the caller may change', () => {
    const answer = dictionary.suggest('hebreg', { prefix: true });
    answer.push('logement');
    expect(dictionary.suggest('hebreg', { prefix: true })).toEqual(['hebergement', 'hebergements']);
    expect(dictionary.suggest('hebreg', { prefix: true, limit: 1 })).toEqual(['hebergement']);
    expect(dictionary.suggest('hebreg')).toEqual([]);
  });

  it('does not guess for short words, numbers or far words', () => {
    expect(allowedTypos('cjf')).toBe(0);
    expect(dictionary.suggest('cjf')).toEqual([]);
    expect(dictionary.suggest('2027')).toEqual([]);
    expect(dictionary.suggest('xylophone')).toEqual([]);
  });
});

describe('SpellingDictionary index', () => {
  // Words built from a small alphabet, so that many are within one or two edits of each other.
  const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'e', 'r', 's'), minLength: 1, maxLength: 12 });

  it('suggests exactly what comparing with every word suggests', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ term: word, documents: fc.nat(50) }), { selector: (e) => e.term, maxLength: 200 }),
        fc.array(fc.tuple(word, fc.boolean()), { minLength: 1, maxLength: 20 }),
        (entries, queries) => {
          const dictionary = new SpellingDictionary(entries);
          // Each query twice: the second answer comes from the remembered ones.
          for (const [query, prefix] of [...queries, ...queries]) {
            expect(dictionary.suggest(query, { prefix, limit: 50 })).toEqual(
              dictionary.suggestByScan(query, { prefix, limit: 50 }),
            );
          }
        },
      ),
      { numRuns: 300, seed: 17 },
    );
  });
});

describe('SpellingDictionary index across versions', () => {
  it('answers for the new counts and words, whether the previous index was kept or not', () => {
    const first = new SpellingDictionary([
      { term: 'hebergement', documents: 1 },
      { term: 'hebergements', documents: 9 },
    ]);
    expect(first.suggest('hebergment')).toEqual(['hebergement']);
    const sameWords = new SpellingDictionary(
      [
        { term: 'hebergement', documents: 9 },
        { term: 'hebergements', documents: 1 },
      ],
      first,
    );
    expect(sameWords.suggest('hebergemens')).toEqual(['hebergement', 'hebergements']);
    const newWord = new SpellingDictionary([{ term: 'logement', documents: 1 }], sameWords);
    expect(newWord.suggest('logemant')).toEqual(['logement']);
    expect(newWord.suggest('hebergment')).toEqual([]);
  });
});
