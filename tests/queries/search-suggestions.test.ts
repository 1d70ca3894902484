import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { inTransaction } from '../../src/db/transaction.js';
import { buildMatchExpression, parseSearchQuery, type SearchTerm } from '../../src/lib/search/query.js';
import { spelledOut } from '../../src/queries/search-dictionary.js';
import { suggestOrganisationNames } from '../../src/queries/search.js';
import { openTestDatabase } from '../support/db.js';
import { createOrganisation } from '../support/factories.js';

// Words sharing prefixes (« jeun », « fami »), and more words starting with « zeta » than are ever spelled out.
const WORDS = ['jeunes', 'jeunesse', 'jeune', 'famille', 'familial', 'clinique', 'entraide', 'maison', 'soutien'];
const ZETA = Array.from({ length: 40 }, (_, i) => `zeta${String.fromCharCode(97 + (i % 26))}${'xy'[i % 2]}${i}`);

// The suggestion query as one statement, columns and all: the ranking must stay exactly this order, ties included.
const NAMES_ORACLE = `
  SELECT o.slug, o.name, o.acronym FROM organisations_fts JOIN organisations o ON o.id = organisations_fts.rowid
  WHERE organisations_fts MATCH @match
  ORDER BY (o.acronym IS NOT NULL AND lower(o.acronym) = @whole) DESC,
    bm25(organisations_fts, 10.0, 10.0, 4.0, 2.0, 1.0)
  LIMIT @limit`;

let db: Db;

beforeAll(() => {
  db = openTestDatabase(':memory:');
  let seed = 109;
  // A seeded generator: the same directory on every run.
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = (words: string[]) => words[Math.floor(random() * words.length)]!;
  inTransaction(db, () => {
    for (let i = 0; i < 400; i++) {
      // Many names alike (equal bm25): the order among ties must not move either.
      const name =
        random() < 0.5 ? `Maison des ${pick(WORDS)} ${i % 7}` : `${pick(WORDS)} ${pick([...WORDS, ...ZETA])} ${i}`;
      createOrganisation(db, {
        name,
        acronym: random() < 0.05 ? 'MDJ' : random() < 0.05 ? pick(WORDS).toUpperCase() : null,
        description: Array.from({ length: 1 + Math.floor(random() * 8) }, () => pick([...WORDS, ...ZETA])).join(' '),
        status: random() < 0.05 ? 'archived' : 'active',
      });
    }
  });
});
afterAll(() => db.$client.close());

const prefixes = (word: string) => Array.from({ length: word.length - 1 }, (_, i) => word.slice(0, i + 2));
const QUERIES = [
  ...[...WORDS, 'zetaaxy', 'mdj'].flatMap(prefixes),
  'maison jeun',
  'maison des jeunes',
  'jeunes jeun',
  'famil clini',
  'zeta maison',
  'zetab soutien',
  'jeunz',
  'maison zzzz',
  'xyzw',
];

describe('organisation names while typing', () => {
  it('ranks as the one-statement query did, for every prefix typed', () => {
    for (const text of QUERIES) {
      const terms = parseSearchQuery(text).terms;
      const expression = buildMatchExpression(terms.map((term) => ({ ...term, prefix: true })))!;
      const expected = db.$client.prepare(NAMES_ORACLE).all({
        match: `{name acronym} : (${expression})`,
        whole: terms.map((term) => term.word).join(' '),
        limit: 6,
      });
      expect(suggestOrganisationNames(db, terms, 6), text).toEqual(expected);
    }
  });
});

describe('prefixes spelled out as words', () => {
  const count = (expression: string) =>
    db.$client
      .prepare('SELECT count(*) FROM organisations_fts WHERE organisations_fts MATCH ?')
      .pluck()
      .get(expression);
  const term = (word: string, prefix: boolean, alternatives = [word]): SearchTerm => ({
    word,
    typed: word,
    prefix,
    alternatives,
  });
  const termLists: SearchTerm[][] = [
    ...QUERIES.map((text) => parseSearchQuery(text).terms),
    [term('jeun', true), term('zeta', true)],
    [term('famil', true, ['famil', 'jeunes', 'zzzz'])],
    [term('maison', false), term('clin', true, ['clin', 'zeta'])],
    [term('zzzz', false, ['zzzz', 'entraide'])],
    [term('ma', true), term('jeunesse', false)],
    [term('sante mentale', true, ['sante mentale']), term('maison', true)],
  ];

  it('matches the same organisations as the prefixes, anywhere or in some columns', () => {
    for (const terms of termLists) {
      const spelled = spelledOut(db, terms);
      const original = buildMatchExpression(terms)!;
      for (const columns of ['', '{name acronym} : ', '{name acronym themes} : ']) {
        const expected = count(`${columns}(${original})`);
        if (spelled === null) expect(expected, JSON.stringify(terms)).toBe(0);
        else expect(count(`${columns}(${buildMatchExpression(spelled)!})`), JSON.stringify(terms)).toBe(expected);
      }
    }
  });

  it('leaves a prefix of too many words, or one the index holds apart, to FTS5', () => {
    expect(spelledOut(db, [term('zeta', true)])).toEqual([term('zeta', true)]);
    expect(spelledOut(db, [term('ma', true)])).toEqual([term('ma', true)]);
    expect(spelledOut(db, [term('jeun', true)])).toEqual([
      { ...term('jeun', false), alternatives: ['jeune', 'jeunes', 'jeunesse'] },
    ]);
    expect(spelledOut(db, [term('maison', true), term('zzzz', true)])).toBeNull();
  });
});
