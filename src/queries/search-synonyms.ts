import { nowIso, type Db } from '../db/client.js';
import type { SearchSynonym } from '../db/schema.js';
import { buildSynonymMap, type SynonymMap } from '../lib/search/synonyms.js';
import { cachedPerVersion, preparedPerConnection } from './search-cache.js';

/** The coordination's synonyms, reloaded after any change: a new synonym applies to the next search. */
export const loadSynonyms: (db: Db) => SynonymMap = cachedPerVersion((db) =>
  buildSynonymMap(db.$client.prepare('SELECT word, equivalents FROM search_synonyms').all() as SynonymRow[]),
);

type SynonymRow = { word: string; equivalents: string };

const COLUMNS = 'id, word, equivalents, created_at AS createdAt, updated_at AS updatedAt';

export function listSynonyms(db: Db): SearchSynonym[] {
  return db.$client.prepare(`SELECT ${COLUMNS} FROM search_synonyms ORDER BY word`).all() as SearchSynonym[];
}

export function findSynonym(db: Db, id: number): SearchSynonym | null {
  return (db.$client.prepare(`SELECT ${COLUMNS} FROM search_synonyms WHERE id = ?`).get(id) as SearchSynonym) ?? null;
}

const byWordStatement = preparedPerConnection('SELECT id FROM search_synonyms WHERE word = ?');

/** The id of the entry for this (folded) word, if any. */
export function synonymIdForWord(db: Db, word: string): number | null {
  return (byWordStatement(db).pluck().get(word) as number | undefined) ?? null;
}

export function insertSynonym(db: Db, word: string, equivalents: string[]): number {
  const now = nowIso(db);
  const result = db.$client
    .prepare('INSERT INTO search_synonyms (word, equivalents, created_at, updated_at) VALUES (?, ?, ?, ?)')
    .run(word, equivalents.join('\n'), now, now);
  return Number(result.lastInsertRowid);
}

export function updateSynonym(db: Db, id: number, word: string, equivalents: string[]): boolean {
  const result = db.$client
    .prepare('UPDATE search_synonyms SET word = ?, equivalents = ?, updated_at = ? WHERE id = ?')
    .run(word, equivalents.join('\n'), nowIso(db), id);
  return result.changes > 0;
}

export function deleteSynonym(db: Db, id: number): boolean {
  return db.$client.prepare('DELETE FROM search_synonyms WHERE id = ?').run(id).changes > 0;
}
