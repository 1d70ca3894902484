import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildMatchExpression,
  foldSearchText,
  MAX_QUERY_LENGTH,
  MAX_TERMS,
  parseSearchQuery,
  parseSearchRequest,
  searchUrl,
  searchWords,
} from '../../../src/lib/search/query.js';

describe('foldSearchText / searchWords', () => {
  it('folds case, accents and the French ligatures', () => {
    expect(foldSearchText('Santé Mentale')).toBe('sante mentale');
    expect(foldSearchText('Cœur ŒUVRE Lætitia')).toBe('coeur oeuvre laetitia');
    expect(foldSearchText('HÉBERGEMENT')).toBe('hebergement');
  });

  it('splits on apostrophes (straight or curly), hyphens and symbols', () => {
    expect(searchWords("d'entraide")).toEqual(['d', 'entraide']);
    expect(searchWords('d’entraide Saint-Jérôme')).toEqual(['d', 'entraide', 'saint', 'jerome']);
    expect(searchWords('LGBTQ+ (2ELGBTQI+)')).toEqual(['lgbtq', '2elgbtqi']);
  });
});

describe('parseSearchQuery', () => {
  it('drops stopwords and one-letter words, keeps the typed form for messages', () => {
    const query = parseSearchQuery("  aide pour l'Hébergement des jeunes ");
    expect(query.terms.map((t) => t.word)).toEqual(['aide', 'hebergement', 'jeunes']);
    expect(query.terms[1]!.typed).toBe('Hébergement');
    expect(query.text).toBe("aide pour l'Hébergement des jeunes");
  });

  it('keeps a query made only of stopwords', () => {
    expect(parseSearchQuery('de la').terms.map((t) => t.word)).toEqual(['de', 'la']);
  });

  it('prefixes the last word and any word of four letters or more, and strips French plurals', () => {
    const terms = parseSearchQuery('cje drogues sociaux heb').terms;
    expect(terms.map((t) => [t.word, t.prefix, t.alternatives[0]])).toEqual([
      ['cje', false, 'cje'],
      ['drogues', true, 'drogue'],
      ['sociaux', true, 'socia'],
      ['heb', true, 'heb'],
    ]);
  });

  it('cuts long input and many words, and says so', () => {
    const long = parseSearchQuery('a'.repeat(10_000));
    expect(long.text.length).toBe(MAX_QUERY_LENGTH);
    expect(long.shortened).toBe(true);
    const many = parseSearchQuery('un deux trois quatre cinq six sept huit neuf dix onze');
    expect(many.terms).toHaveLength(MAX_TERMS);
    expect(many.shortened).toBe(true);
    expect(parseSearchQuery('logement').shortened).toBe(false);
  });

  it('accepts anything: arrays, objects, undefined', () => {
    expect(parseSearchQuery(['emploi', 'x']).terms.map((t) => t.word)).toEqual(['emploi']);
    expect(parseSearchQuery({ a: 1 }).terms).toEqual([]);
    expect(parseSearchQuery(undefined).text).toBe('');
  });
});

describe('buildMatchExpression', () => {
  it('quotes every word, so FTS operators are just words', () => {
    const terms = parseSearchQuery('sante NEAR(x) AND "aide" -jerome col:val ^debut*').terms;
    expect(buildMatchExpression(terms)).toBe(
      '"sante"* AND "near"* AND "aide"* AND "jerome"* AND "col" AND "val" AND "debut"*',
    );
  });

  it('ORs a term’s alternatives', () => {
    expect(
      buildMatchExpression([{ word: 'a', typed: 'a', prefix: true, alternatives: ['hebergment', 'hebergement'] }]),
    ).toBe('("hebergment"* OR "hebergement"*)');
  });

  it('returns null when nothing is searchable', () => {
    expect(buildMatchExpression(parseSearchQuery('*** " ^ 😀').terms)).toBeNull();
  });

  it('never produces an unbalanced quote or a bare operator, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (input) => {
        const expression = buildMatchExpression(parseSearchQuery(input).terms);
        if (expression === null) return;
        // Each group is "word"[*] or ( "w"[*] OR … ), joined by AND.
        expect(expression).toMatch(/^(\(?"[^"]+"\*?( OR "[^"]+"\*?)*\)?)( AND \(?"[^"]+"\*?( OR "[^"]+"\*?)*\)?)*$/u);
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseSearchRequest / searchUrl', () => {
  it('reads filters and page, dropping bad values', () => {
    const request = parseSearchRequest({
      q: 'x',
      theme: 'sante',
      territoire: 'Ville de Rimouski',
      clientele: 'jeunes',
      age: '16',
      page: '3',
    });
    expect(request.filters).toEqual({
      themeSlug: 'sante',
      territory: 'Ville de Rimouski',
      audience: 'jeunes',
      age: 16,
    });
    expect(request.page).toBe(3);
    const bad = parseSearchRequest({ clientele: 'martiens', age: '-4', page: '0' });
    expect(bad.filters.audience).toBeNull();
    expect(bad.filters.age).toBeNull();
    expect(bad.page).toBe(1);
    expect(parseSearchRequest({ age: '121', page: '99999999' }).filters.age).toBeNull();
  });

  it('builds URLs that round-trip', () => {
    const filters = { themeSlug: 'hebergement', territory: 'Ville de Rimouski', audience: 'jeunes' as const, age: 17 };
    const url = searchUrl('santé mentale', filters, 2);
    const parsed = parseSearchRequest(Object.fromEntries(new URL(url, 'http://x').searchParams));
    expect(parsed.query.text).toBe('santé mentale');
    expect(parsed.filters).toEqual(filters);
    expect(parsed.page).toBe(2);
    expect(searchUrl('', { themeSlug: null, territory: null, audience: null, age: null })).toBe('/recherche');
  });
});
