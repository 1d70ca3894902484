import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { inTransaction } from '../../src/db/transaction.js';
import { buildMatchExpression, MAX_PAGE, parseSearchQuery, RESULTS_PER_PAGE } from '../../src/lib/search/query.js';
import { NO_FILTERS, searchOrganisations, type ResolvedFilters } from '../../src/queries/search.js';
import { openTestDatabase } from '../support/db.js';
import { createOrganisation, createTheme, linkTheme } from '../support/factories.js';

const MAX_RANKED = MAX_PAGE * RESULTS_PER_PAGE;
const WORDS = ['logement', 'jeunes', 'emploi', 'crise', 'famille', 'budget', 'repit', 'deuil'];

// The ranking as one statement (decision 085): every match sorted by tier, then bm25. The search ranks
// the top tiers and the rest apart; it must give exactly this order.
const TIERS = (id: string) => `
  (${id} IN (SELECT id FROM organisations WHERE lower(acronym) IN (SELECT value FROM json_each(@words)))) DESC,
  (@urgent IS NOT NULL AND ${id} IN (SELECT id FROM organisations WHERE emergency = 1)
    AND ${id} IN (SELECT rowid FROM organisations_fts WHERE organisations_fts MATCH @strong)) DESC,
  (${id} IN (SELECT rowid FROM organisations_fts WHERE organisations_fts MATCH @strong)) DESC`;
const BM25 = 'bm25(organisations_fts, 10.0, 10.0, 4.0, 2.0, 1.0)';
const ORACLE = `
  SELECT o.id FROM organisations_fts JOIN organisations o ON o.id = organisations_fts.rowid
  WHERE organisations_fts MATCH @match
    AND (@themeId IS NULL OR EXISTS (SELECT 1 FROM organisation_themes ot WHERE ot.organisation_id = o.id AND ot.theme_id = @themeId))
  ORDER BY ${TIERS('o.id')}, ${BM25}, CASE WHEN @themeId IS NULL THEN '' ELSE o.name END, o.id
  LIMIT ${MAX_RANKED}`;

let db: Db;
let themeIds: number[];

beforeAll(() => {
  db = openTestDatabase(':memory:');
  let seed = 85;
  // A seeded generator: the same directory on every run.
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = () => WORDS[Math.floor(random() * WORDS.length)]!;
  inTransaction(db, () => {
    const themes = ['Hébergement logement', 'Emploi jeunes', 'Crise et deuil'].map((name) => createTheme(db, { name }));
    themeIds = themes.map((theme) => theme.id);
    // More matches than one ranking holds for the common words, few for the rare ones; some in names.
    for (let i = 0; i < 1600; i++) {
      const organisation = createOrganisation(db, {
        name: random() < 0.25 ? `Maison ${pick()} ${i}` : random() < 0.1 ? `Services ${i}` : `Organisme ${i}`,
        acronym: random() < 0.02 ? pick().toUpperCase() : null,
        emergency: random() < 0.1,
        description: ['Services :', ...Array.from({ length: 1 + Math.floor(random() * 6) }, pick)].join(' '),
      });
      if (random() < 0.3) linkTheme(db, organisation, themes[Math.floor(random() * themes.length)]!);
    }
  });
});
afterAll(() => db.$client.close());

function oracle(text: string, filters: ResolvedFilters, database = db): number[] {
  const terms = parseSearchQuery(text).terms;
  const match = buildMatchExpression(terms)!;
  return database.$client
    .prepare(ORACLE)
    .pluck()
    .all({
      match,
      strong: `{name acronym themes} : (${match})`,
      words: JSON.stringify(terms.map((term) => term.word)),
      urgent: filters.urgent ? 1 : null,
      themeId: filters.themeId,
    }) as number[];
}

function ranked(text: string, filters: ResolvedFilters): { total: number; ids: number[] } {
  const page = searchOrganisations(db, parseSearchQuery(text).terms, filters, { limit: MAX_RANKED, offset: 0 });
  return { total: page.total, ids: page.results.map((result) => result.id) };
}

describe('ranking the top tiers apart', () => {
  const queries = [
    ...WORDS,
    'logement jeunes',
    'crise deuil',
    'emploi budget famille',
    'maison',
    'organisme',
    'services',
  ];

  it.each(queries)('orders « %s » exactly as ranking every match at once, with and without filters', (text) => {
    for (const filters of [
      NO_FILTERS,
      { ...NO_FILTERS, urgent: true },
      { ...NO_FILTERS, themeId: themeIds[0]! },
      { ...NO_FILTERS, themeId: themeIds[2]!, urgent: true },
    ]) {
      const expected = oracle(text, filters);
      const { total, ids } = ranked(text, filters);
      expect(ids).toEqual(expected);
      if (expected.length < MAX_RANKED) expect(total).toBe(expected.length);
      else expect(total).toBeGreaterThanOrEqual(MAX_RANKED);
    }
  });

  it('counts every match as the prefixes do, past one ranking too, whatever the words are spelled out as', () => {
    const count = (match: string, themeId: number | null) =>
      db.$client
        .prepare(
          `SELECT count(*) FROM organisations_fts JOIN organisations o ON o.id = organisations_fts.rowid
           WHERE organisations_fts MATCH @match AND (@themeId IS NULL OR EXISTS (SELECT 1 FROM organisation_themes ot
             WHERE ot.organisation_id = o.id AND ot.theme_id = @themeId))`,
        )
        .pluck()
        .get({ match, themeId }) as number;
    const termLists = [
      ...['organisme', 'services', 'jeun', 'maison jeunes', 'logement crise', 'zzzz', 'organisme zzzz'].map(
        (text) => parseSearchQuery(text).terms,
      ),
      [{ word: 'logemnt', typed: 'logemnt', prefix: true, alternatives: ['logemnt', 'logement', 'famille'] }],
      [{ word: 'zzzz', typed: 'zzzz', prefix: false, alternatives: ['zzzz', 'deuil'] }],
    ];
    for (const terms of termLists) {
      for (const themeId of [null, themeIds[0]!]) {
        const filters = { ...NO_FILTERS, themeId };
        const expected = count(buildMatchExpression(terms)!, themeId);
        const label = JSON.stringify([terms, themeId]);
        expect(searchOrganisations(db, terms, filters, { limit: 0, offset: 0 }).total, label).toBe(expected);
        expect(searchOrganisations(db, terms, filters, { limit: 1, offset: 0 }).total, label).toBe(expected);
      }
    }
    expect(count(buildMatchExpression(parseSearchQuery('organisme').terms)!, null)).toBeGreaterThan(MAX_RANKED);
  });

  it('keeps a typed acronym outside the strong tier below the acronyms inside it, when the top tiers fill the ranking', () => {
    const local = openTestDatabase(':memory:');
    inTransaction(local, () => {
      // More than one ranking of names holding both words: only the top tiers are ranked.
      for (let i = 0; i < MAX_RANKED + 50; i++) createOrganisation(local, { name: `Maison des jeunes ${i}` });
      // The acronym typed, but « jeunes » only in the description: acronym tier, not strong.
      for (const name of ['Zeta', 'Zeta bis']) {
        createOrganisation(local, { name, acronym: 'MAISON', description: 'Pour les jeunes.' });
      }
      // The acronym typed and both words in the name: acronym tier and strong, so first.
      createOrganisation(local, { name: 'Maison des jeunes du Bic', acronym: 'MAISON' });
    });
    try {
      for (const filters of [NO_FILTERS, { ...NO_FILTERS, urgent: true }]) {
        const expected = oracle('maison jeunes', filters, local);
        const page = searchOrganisations(local, parseSearchQuery('maison jeunes').terms, filters, {
          limit: MAX_RANKED,
          offset: 0,
        });
        expect(page.results.map((result) => result.id)).toEqual(expected);
        expect(page.results.slice(0, 3).map((result) => result.name)).toEqual([
          'Maison des jeunes du Bic',
          'Zeta',
          'Zeta bis',
        ]);
      }
    } finally {
      local.$client.close();
    }
  });

  it('covers both cases: top tiers that fill the ranking, and rankings completed from the rest', () => {
    const strong = (text: string) =>
      db.$client
        .prepare('SELECT count(*) FROM organisations_fts WHERE organisations_fts MATCH ?')
        .pluck()
        .get(`{name acronym themes} : (${buildMatchExpression(parseSearchQuery(text).terms)})`) as number;
    expect(strong('organisme')).toBeGreaterThan(MAX_RANKED);
    expect(strong('services')).toBeGreaterThan(0);
    expect(strong('services')).toBeLessThan(MAX_RANKED);
    expect(oracle('services', NO_FILTERS)).toHaveLength(MAX_RANKED);
  });
});
