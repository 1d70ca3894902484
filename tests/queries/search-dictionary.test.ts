import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { buildMatchExpression, parseSearchQuery, type SearchTerm } from '../../src/lib/search/query.js';
import { hasMatches, writtenForm } from '../../src/queries/search-dictionary.js';
import { openTestDatabase } from '../support/db.js';
import { createContact, createOrganisation } from '../support/factories.js';

let db: Db;
beforeEach(() => {
  db = openTestDatabase();
  const cje = createOrganisation(db, {
    name: 'Carrefour jeunesse-emploi Rimouski-Neigette',
    acronym: 'CJE',
    description: "Hébergement d'urgence, aide à l'emploi et retour aux études; Cœur du quartier; 24/7; 2026.",
  });
  createContact(db, cje, { name: 'Élise Côté', role: 'Intervenante en dépendance' });
  createOrganisation(db, { name: 'Maison des jeunes', description: 'Activités après l’école, soutien aux devoirs.' });
  createOrganisation(db, { name: 'Organisme fermé', description: 'Zoothérapie introuvable.', status: 'archived' });
});
afterEach(() => db.$client.close());

/** The straightforward answer: run the MATCH. */
function byQuery(terms: SearchTerm[]): boolean {
  const expression = buildMatchExpression(terms);
  if (!expression) return false;
  return (
    db.$client.prepare('SELECT 1 FROM organisations_fts WHERE organisations_fts MATCH ? LIMIT 1').get(expression) !==
    undefined
  );
}

// A plain write, as any edit path makes it: the index and the content version follow through the triggers.
const setDescription = (where: string, description: string) =>
  db.$client.prepare(`UPDATE organisations SET description = ? WHERE ${where}`).run(description);

const term = (word: string, prefix: boolean, alternatives = [word]): SearchTerm => ({
  word,
  typed: word,
  prefix,
  alternatives,
});

describe('hasMatches', () => {
  const queries: SearchTerm[][] = [
    ...['hebergement', 'heberg', 'hébergement', 'cje', 'cj', 'coeur', 'cœur', 'elise', 'cote', 'devoirs', 'devoir']
      .concat(['2026', '202', '24', '7', 'zootherapie', 'zoo', 'introuvable', 'xyz', 'emploi', 'emplois', 'rimouski'])
      .flatMap((word) => [[term(word, false)], [term(word, true)]]),
    parseSearchQuery('hebergment').terms,
    parseSearchQuery('maison des jeunes').terms,
    parseSearchQuery('jeunes devoirs').terms,
    parseSearchQuery('cje zoo').terms,
    [term('sante mentale', true, ['sante mentale'])],
    [term('retour', false, ['retour', 'retour aux etudes'])],
    [term('hebergment', true, ['hebergment', 'hebergement', 'hebergements'])],
    [term('xyz', true, ['xyz', 'zzz'])],
    [term('xyz', false, ['xyz', 'devoirs'])],
  ];

  it('answers as the MATCH query does, for one word (word list) or several (query)', () => {
    for (const terms of queries) expect(hasMatches(db, terms), JSON.stringify(terms)).toBe(byQuery(terms));
  });

  it('follows the data: a word gone from every active organisation no longer matches', () => {
    expect(hasMatches(db, [term('devoirs', false)])).toBe(true);
    setDescription("name = 'Maison des jeunes'", 'Activités après l’école.');
    expect(hasMatches(db, [term('devoirs', false)])).toBe(false);
    expect(byQuery([term('devoirs', false)])).toBe(false);
  });
});

describe('writtenForm', () => {
  it('gives the word as written in the directory, and follows a change of the data', () => {
    expect(writtenForm(db, 'hebergement')).toBe('hébergement');
    expect(writtenForm(db, 'cje')).toBe('CJE');
    expect(writtenForm(db, 'inconnu')).toBe('inconnu');
    setDescription("acronym = 'CJE'", 'Hebergement et HEBERGEMENT.');
    expect(writtenForm(db, 'hebergement')).toBe('hebergement');
  });
});
