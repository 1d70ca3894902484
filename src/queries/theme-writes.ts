import { and, asc, eq, inArray, max, sql } from 'drizzle-orm';
import { nowIso, type Db } from '../db/client.js';
import { organisations, organisationThemes, themes, type Theme } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { recordRevision, type Snapshot } from './revisions.js';
import { insertTheme } from './themes.js';

export type AdminTheme = Theme & { activeCount: number; archivedCount: number };

export interface ThemeFields {
  name: string;
  description: string;
  color: string;
  position: number;
  keywords: string[];
}

export function findThemeById(db: Db, id: number): Theme | null {
  return db.select().from(themes).where(eq(themes.id, id)).get() ?? null;
}

/** Every thème in display order with its numbers of active and archived organisations. */
export function listThemesForAdmin(db: Db): AdminTheme[] {
  return db
    .select({
      theme: themes,
      activeCount: sql<number>`count(case when ${organisations.status} = 'active' then 1 end)`,
      archivedCount: sql<number>`count(case when ${organisations.status} = 'archived' then 1 end)`,
    })
    .from(themes)
    .leftJoin(organisationThemes, eq(organisationThemes.themeId, themes.id))
    .leftJoin(organisations, eq(organisations.id, organisationThemes.organisationId))
    .groupBy(themes.id)
    .orderBy(asc(themes.position), asc(themes.name))
    .all()
    .map((row) => ({ ...row.theme, activeCount: row.activeCount, archivedCount: row.archivedCount }));
}

/** Names are compared without case or surrounding spaces: "Santé" and "santé " would confuse readers. */
export function isThemeNameTaken(db: Db, name: string, exceptId?: number): boolean {
  const wanted = name.trim().toLocaleLowerCase('fr-CA');
  return db
    .select({ id: themes.id, name: themes.name })
    .from(themes)
    .all()
    .some((row) => row.id !== exceptId && row.name.trim().toLocaleLowerCase('fr-CA') === wanted);
}

/** The position after the last thème, for a new thème typed without one. */
export function nextThemePosition(db: Db): number {
  return (
    (db
      .select({ last: max(themes.position) })
      .from(themes)
      .get()?.last ?? 0) + 1
  );
}

/** The fields a revision keeps, keywords as one string per line like the column. */
export function themeSnapshot(theme: Theme): Snapshot {
  const { name, slug, description, color, position, keywords } = theme;
  return { name, slug, description, color, position, keywords };
}

const keywordColumn = (keywords: string[]) => keywords.join('\n');

/** Creates a thème (slug from its name) and records the creation. Call inside a transaction. */
export function createTheme(db: Db, fields: ThemeFields, userId: number): Theme {
  const theme = insertTheme(db, { ...fields, keywords: keywordColumn(fields.keywords) });
  recordRevision(db, {
    entityType: 'theme',
    entityId: theme.id,
    userId,
    action: 'create',
    before: null,
    after: themeSnapshot(theme),
  });
  return theme;
}

export type ThemeSaveResult =
  | { status: 'saved' | 'unchanged'; theme: Theme }
  | { status: 'conflict'; current: Theme }
  | { status: 'name-taken' }
  | { status: 'missing' };

/**
 * Saves an edit unless someone saved the thème since `expectedVersion` was read (optimistic locking, as for
 * organisations). The slug never changes, so published links keep working; a null position keeps the current one.
 */
export function saveTheme(
  db: Db,
  id: number,
  expectedVersion: number,
  fields: Omit<ThemeFields, 'position'> & { position: number | null },
  userId: number,
): ThemeSaveResult {
  return inTransaction(db, () => {
    const current = findThemeById(db, id);
    if (!current) return { status: 'missing' };
    if (current.version !== expectedVersion) return { status: 'conflict', current };
    if (isThemeNameTaken(db, fields.name, id)) return { status: 'name-taken' };
    const changes = {
      ...fields,
      position: fields.position ?? current.position,
      keywords: keywordColumn(fields.keywords),
    };
    const unchanged = (Object.keys(changes) as (keyof typeof changes)[]).every((key) => changes[key] === current[key]);
    if (unchanged) return { status: 'unchanged', theme: current };
    const updated = db
      .update(themes)
      .set({ ...changes, version: current.version + 1, updatedAt: nowIso(db) })
      .where(and(eq(themes.id, id), eq(themes.version, expectedVersion)))
      .returning()
      .get();
    if (!updated) return { status: 'conflict', current };
    recordRevision(db, {
      entityType: 'theme',
      entityId: id,
      userId,
      action: 'update',
      before: themeSnapshot(current),
      after: themeSnapshot(updated),
    });
    return { status: 'saved', theme: updated };
  });
}

export interface ThemeOrganisation {
  id: number;
  name: string;
  status: 'active' | 'archived';
  /** How many thèmes list the organisation, this one included. */
  themeCount: number;
}

/** Organisations listed under a thème, active and archived, by name. */
export function listThemeOrganisations(db: Db, themeId: number): ThemeOrganisation[] {
  return db
    .select({
      id: organisations.id,
      name: organisations.name,
      status: organisations.status,
      themeCount: sql<number>`(select count(*) from ${organisationThemes} ot where ot.organisation_id = ${organisations.id})`,
    })
    .from(organisationThemes)
    .innerJoin(organisations, eq(organisations.id, organisationThemes.organisationId))
    .where(eq(organisationThemes.themeId, themeId))
    .orderBy(asc(organisations.name))
    .all();
}

/** Each organisation's thème names, in display order, keyed by organisation id. */
function themeNamesByOrganisation(db: Db, organisationIds: number[]): Map<number, string[]> {
  const names = new Map<number, string[]>(organisationIds.map((id) => [id, []]));
  if (organisationIds.length === 0) return names;
  const rows = db
    .select({ organisationId: organisationThemes.organisationId, name: themes.name })
    .from(organisationThemes)
    .innerJoin(themes, eq(themes.id, organisationThemes.themeId))
    .where(inArray(organisationThemes.organisationId, organisationIds))
    .orderBy(asc(themes.position), asc(themes.name))
    .all();
  for (const row of rows) names.get(row.organisationId)?.push(row.name);
  return names;
}

export type DeleteDestination = number | 'retirer' | null;

export class ThemeStillUsedError extends Error {
  constructor(readonly count: number) {
    super(`theme still lists ${count} organisations`);
  }
}

export interface ThemeDeletion {
  /** Organisations newly listed under the destination thème. */
  moved: number;
  /** Organisations already under the destination: their existing note and person are kept. */
  merged: number;
  /** Organisations whose link was removed on request. */
  removed: number;
}

/**
 * Moves a thème's organisations to `destination` (or removes the links when asked), then deletes the thème,
 * recording a revision for the thème, the destination and each organisation. Call inside a transaction:
 * with organisations and no destination it throws, and the RESTRICT foreign key refuses any link left behind.
 */
export function deleteThemeMovingOrganisations(
  db: Db,
  theme: Theme,
  destination: DeleteDestination,
  userId: number,
): ThemeDeletion {
  const listed = listThemeOrganisations(db, theme.id);
  const result: ThemeDeletion = { moved: 0, merged: 0, removed: 0 };
  if (listed.length > 0) {
    if (destination === null) throw new ThemeStillUsedError(listed.length);
    const ids = listed.map((organisation) => organisation.id);
    const before = themeNamesByOrganisation(db, ids);
    if (destination === 'retirer') {
      result.removed = db.delete(organisationThemes).where(eq(organisationThemes.themeId, theme.id)).run().changes;
    } else {
      const target = findThemeById(db, destination);
      if (!target || target.id === theme.id) throw new Error('invalid destination theme');
      const targetBefore = listThemeOrganisations(db, target.id).map((organisation) => organisation.name);
      // Organisations already under the target keep that link (its note and person); the others take this one's.
      result.moved = db
        .update(organisationThemes)
        .set({ themeId: target.id })
        .where(
          and(
            eq(organisationThemes.themeId, theme.id),
            sql`${organisationThemes.organisationId} not in (select organisation_id from organisation_themes where theme_id = ${target.id})`,
          ),
        )
        .run().changes;
      result.merged = db.delete(organisationThemes).where(eq(organisationThemes.themeId, theme.id)).run().changes;
      db.update(themes)
        .set({ updatedAt: nowIso(db) })
        .where(eq(themes.id, target.id))
        .run();
      recordRevision(db, {
        entityType: 'theme',
        entityId: target.id,
        userId,
        action: 'move',
        before: { name: target.name, organisations: targetBefore },
        after: {
          name: target.name,
          organisations: listThemeOrganisations(db, target.id).map((organisation) => organisation.name),
        },
      });
    }
    const after = themeNamesByOrganisation(db, ids);
    for (const organisation of listed) {
      recordRevision(db, {
        entityType: 'organisation',
        entityId: organisation.id,
        organisationId: organisation.id,
        userId,
        action: 'move',
        before: { name: organisation.name, themes: before.get(organisation.id) ?? [] },
        after: { name: organisation.name, themes: after.get(organisation.id) ?? [] },
      });
    }
    recordRevision(db, {
      entityType: 'theme',
      entityId: theme.id,
      userId,
      action: 'move',
      before: { name: theme.name, organisations: listed.map((organisation) => organisation.name) },
      after: { name: theme.name, organisations: [] },
    });
  }
  db.delete(themes).where(eq(themes.id, theme.id)).run();
  recordRevision(db, {
    entityType: 'theme',
    entityId: theme.id,
    userId,
    action: 'delete',
    before: themeSnapshot(theme),
    after: null,
  });
  return result;
}

/**
 * Swaps a thème with its neighbour in display order ("monter" = -1, "descendre" = +1). Positions are first
 * renumbered 1, 2, 3… so equal positions cannot make the move a no-op. Returns false at either end.
 */
export function shiftThemePosition(db: Db, themeId: number, direction: -1 | 1, userId: number): boolean {
  const ordered = db.select().from(themes).orderBy(asc(themes.position), asc(themes.name)).all();
  const index = ordered.findIndex((theme) => theme.id === themeId);
  const swapWith = index + direction;
  if (index < 0 || swapWith < 0 || swapWith >= ordered.length) return false;
  const order = [...ordered];
  [order[index], order[swapWith]] = [order[swapWith] as Theme, order[index] as Theme];
  order.forEach((theme, i) => {
    const position = i + 1;
    if (theme.position === position) return;
    // A move is a save: an edit form drawn before it must not put the old position back silently.
    const updated = db
      .update(themes)
      .set({ position, version: theme.version + 1, updatedAt: nowIso(db) })
      .where(eq(themes.id, theme.id))
      .returning()
      .get();
    recordRevision(db, {
      entityType: 'theme',
      entityId: theme.id,
      userId,
      action: 'update',
      before: themeSnapshot(theme),
      after: themeSnapshot(updated),
    });
  });
  return true;
}
