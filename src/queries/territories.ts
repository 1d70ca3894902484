import type { Db } from '../db/client.js';
import type { TerritoryKind } from '../db/schema.js';
import { compareFrench } from '../lib/sort.js';
import { TerritoryIndex, type TerritoryNode } from '../lib/search/territories.js';
import { cachedPerVersion } from './search-cache.js';

/** The hierarchy and how every active organisation's territory text reads against it; rebuilt after a change. */
const loadTerritories = cachedPerVersion((db) => {
  const rows = db.$client
    .prepare('SELECT id, name, kind, parent_id AS parentId, aliases FROM territories ORDER BY position, name')
    .all() as (Omit<TerritoryNode, 'aliases'> & { aliases: string })[];
  const index = new TerritoryIndex(
    rows.map((row) => ({ ...row, aliases: row.aliases.split('\n').filter((alias) => alias.trim() !== '') })),
  );
  const texts = db.$client
    .prepare(
      "SELECT territory, count(*) AS organisations FROM organisations WHERE status = 'active' AND territory IS NOT NULL AND territory <> '' GROUP BY territory",
    )
    .all() as { territory: string; organisations: number }[];
  const readings = texts.map((row) => ({ ...row, nodes: index.read(row.territory) }));
  return { index, readings };
});

export interface TerritoryChoice {
  value: string;
  label: string;
  depth: number;
}

/** The territory filter's options: the hierarchy, then the texts it cannot read (kept as they are written). */
export function listTerritoryChoices(db: Db): { hierarchy: TerritoryChoice[]; others: string[] } {
  const { index, readings } = loadTerritories(db);
  return {
    hierarchy: index.ordered().map(({ node, depth }) => ({ value: node.name, label: node.name, depth })),
    others: readings
      .filter((reading) => reading.nodes === null)
      .map((reading) => reading.territory)
      .sort(compareFrench),
  };
}

/**
 * The territory texts a filter on `chosen` keeps: every text serving the chosen territory, what contains it or
 * what it contains (« Ville de Rimouski » keeps « MRC de Rimouski-Neigette » and « Bas-Saint-Laurent »); a
 * territory outside the hierarchy is matched exactly, as written.
 */
export function territoryTextsFor(db: Db, chosen: string): string[] {
  const { index, readings } = loadTerritories(db);
  const node = index.find(chosen);
  if (!node) return [chosen];
  const related = index.related(node);
  const texts = readings
    .filter((reading) => reading.nodes?.some((served) => related.has(served.id)))
    .map((reading) => reading.territory);
  return [...new Set([chosen, ...texts])];
}

/** For the coordination: the hierarchy with counts, and the texts to fix. */
export function territoryReport(db: Db): {
  hierarchy: {
    id: number;
    name: string;
    kind: TerritoryKind;
    depth: number;
    aliases: string[];
    organisations: number;
  }[];
  unmatched: { territory: string; organisations: number }[];
} {
  const { index, readings } = loadTerritories(db);
  const counts = new Map<number, number>();
  for (const reading of readings)
    for (const node of reading.nodes ?? []) counts.set(node.id, (counts.get(node.id) ?? 0) + reading.organisations);
  return {
    hierarchy: index.ordered().map(({ node, depth }) => ({
      id: node.id,
      name: node.name,
      kind: node.kind,
      depth,
      aliases: node.aliases,
      organisations: counts.get(node.id) ?? 0,
    })),
    unmatched: readings
      .filter((reading) => reading.nodes === null)
      .map(({ territory, organisations }) => ({ territory, organisations }))
      .sort((a, b) => compareFrench(a.territory, b.territory)),
  };
}

export function insertTerritory(
  db: Db,
  territory: { name: string; kind: TerritoryKind; parentId: number | null; aliases: string[]; position: number },
): number {
  const result = db.$client
    .prepare('INSERT INTO territories (name, kind, parent_id, aliases, position) VALUES (?, ?, ?, ?, ?)')
    .run(territory.name, territory.kind, territory.parentId, territory.aliases.join('\n'), territory.position);
  return Number(result.lastInsertRowid);
}

/** Adds a way of writing a territory (a text the coordination matched by hand); false if the territory is gone. */
export function addTerritoryAlias(db: Db, territoryId: number, alias: string): boolean {
  const row = db.$client.prepare('SELECT aliases FROM territories WHERE id = ?').get(territoryId) as
    { aliases: string } | undefined;
  if (!row) return false;
  const aliases = row.aliases.split('\n').filter(Boolean);
  if (!aliases.includes(alias)) aliases.push(alias);
  db.$client.prepare('UPDATE territories SET aliases = ? WHERE id = ?').run(aliases.join('\n'), territoryId);
  return true;
}

export function listTerritoryIds(db: Db): { id: number; name: string }[] {
  return db.$client.prepare('SELECT id, name FROM territories ORDER BY position, name').all() as {
    id: number;
    name: string;
  }[];
}

export interface TerritoryRow {
  id: number;
  name: string;
  kind: TerritoryKind;
  parentId: number | null;
  aliases: string[];
}

export function findTerritory(db: Db, id: number): TerritoryRow | null {
  const row = db.$client
    .prepare('SELECT id, name, kind, parent_id AS parentId, aliases FROM territories WHERE id = ?')
    .get(id) as (Omit<TerritoryRow, 'aliases'> & { aliases: string }) | undefined;
  return row ? { ...row, aliases: row.aliases.split('\n').filter(Boolean) } : null;
}

/** The territories that may contain one of this kind: a région holds MRC, an MRC holds municipalities. */
export function listPossibleParents(db: Db, kind: TerritoryKind, exceptId?: number): { id: number; name: string }[] {
  const parentKind = kind === 'mrc' ? 'region' : kind === 'municipalite' ? 'mrc' : null;
  if (!parentKind) return [];
  return db.$client
    .prepare('SELECT id, name FROM territories WHERE kind = ? AND id IS NOT ? ORDER BY position, name')
    .all(parentKind, exceptId ?? null) as { id: number; name: string }[];
}

export type TerritorySaveResult = 'saved' | 'name-taken' | 'bad-parent' | 'kind-locked' | 'missing';

interface TerritoryFields {
  name: string;
  kind: TerritoryKind;
  parentId: number | null;
  aliases: string[];
}

function checkTerritory(db: Db, fields: TerritoryFields, exceptId?: number): TerritorySaveResult | null {
  const taken = db.$client
    .prepare('SELECT 1 FROM territories WHERE lower(name) = lower(?) AND id IS NOT ?')
    .get(fields.name, exceptId ?? null);
  if (taken) return 'name-taken';
  if (fields.parentId !== null && !listPossibleParents(db, fields.kind).some((p) => p.id === fields.parentId)) {
    return 'bad-parent';
  }
  return null;
}

/** Adds a territory at the end of its parent's list. Call inside a transaction. */
export function createTerritory(db: Db, fields: TerritoryFields): TerritorySaveResult {
  const problem = checkTerritory(db, fields);
  if (problem) return problem;
  const position = db.$client.prepare('SELECT COALESCE(MAX(position), 0) + 1 FROM territories').pluck().get() as number;
  insertTerritory(db, { ...fields, position });
  return 'saved';
}

/**
 * Saves an edit. A renamed territory keeps its old name as another way of writing it, so the organisations
 * that wrote the old name stay matched. A territory that contains others keeps its kind. Call inside a transaction.
 */
export function updateTerritory(db: Db, id: number, fields: TerritoryFields): TerritorySaveResult {
  const current = findTerritory(db, id);
  if (!current) return 'missing';
  const problem = checkTerritory(db, fields, id);
  if (problem) return problem;
  if (fields.kind !== current.kind && countChildren(db, id) > 0) return 'kind-locked';
  const aliases = current.name !== fields.name ? [...fields.aliases, current.name] : fields.aliases;
  const kept = [...new Set(aliases)].filter((alias) => alias !== fields.name);
  db.$client
    .prepare('UPDATE territories SET name = ?, kind = ?, parent_id = ?, aliases = ? WHERE id = ?')
    .run(fields.name, fields.kind, fields.parentId, kept.join('\n'), id);
  return 'saved';
}

export function countChildren(db: Db, id: number): number {
  return db.$client.prepare('SELECT count(*) FROM territories WHERE parent_id = ?').pluck().get(id) as number;
}

/** Deletes a territory that contains no other; false otherwise. Organisations' texts are left as written. */
export function deleteTerritory(db: Db, id: number): boolean {
  if (countChildren(db, id) > 0) return false;
  return db.$client.prepare('DELETE FROM territories WHERE id = ?').run(id).changes === 1;
}
