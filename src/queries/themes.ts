import { and, asc, eq, sql } from 'drizzle-orm';
import { nowIso, type Db } from '../db/client.js';
import { organisations, organisationThemes, themes, type NewTheme, type Theme } from '../db/schema.js';
import { slugify, uniqueSlug } from '../lib/slug.js';
import { rememberedPerVersion } from './search-cache.js';

export type ThemeWithCount = Theme & { activeCount: number };

/** Every thème in display order, with its number of active organisations. */
export function listThemesWithCounts(db: Db): ThemeWithCount[] {
  const counts = new Map<number, number>();
  for (const row of countActiveEntries(db)) counts.set(row.themeId, (counts.get(row.themeId) ?? 0) + row.entries);
  return listThemes(db).map((theme) => ({ ...theme, activeCount: counts.get(theme.id) ?? 0 }));
}

export interface ActiveEntryCount {
  themeId: number;
  territory: string | null;
  entries: number;
}

// One aggregate per data version serves the home page, the search filters, the API and the Arbre (decision 110).
const activeEntryCounts = rememberedPerVersion<'all', ActiveEntryCount[]>(1);

/** Active organisations' thème links, counted by territory and thème. */
export function countActiveEntries(db: Db): ActiveEntryCount[] {
  return activeEntryCounts(db, 'all', () =>
    db
      .select({
        themeId: organisationThemes.themeId,
        territory: organisations.territory,
        entries: sql<number>`count(*)`,
      })
      .from(organisationThemes)
      .innerJoin(
        organisations,
        and(eq(organisations.id, organisationThemes.organisationId), eq(organisations.status, 'active')),
      )
      // Territory first: the index (status, territory) gives that order, so only the thèmes are sorted.
      .groupBy(organisations.territory, organisationThemes.themeId)
      .all(),
  );
}

export function listThemes(db: Db): Theme[] {
  return db.select().from(themes).orderBy(asc(themes.position), asc(themes.name)).all();
}

export function findThemeBySlug(db: Db, slug: string): Theme | null {
  return db.select().from(themes).where(eq(themes.slug, slug)).get() ?? null;
}

/** Keywords are stored one per line; blank lines and stray spaces are dropped. */
export function themeKeywords(theme: Pick<Theme, 'keywords'>): string[] {
  return theme.keywords
    .split('\n')
    .map((keyword) => keyword.trim())
    .filter(Boolean);
}

export function countThemes(db: Db): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(themes)
      .get()?.n ?? 0
  );
}

export type ThemeInput = Omit<NewTheme, 'id' | 'slug' | 'createdAt' | 'updatedAt'> & { slug?: string };

/** Creates a thème; its slug derives from the name unless given. */
export function insertTheme(db: Db, input: ThemeInput): Theme {
  const slug = input.slug ?? uniqueSlug(slugify(input.name), (s) => findThemeBySlug(db, s) !== null);
  const now = nowIso(db);
  return db
    .insert(themes)
    .values({ createdAt: now, updatedAt: now, ...input, slug })
    .returning()
    .get();
}
