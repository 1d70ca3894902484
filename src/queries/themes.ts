import { and, asc, count, eq, sql } from 'drizzle-orm';
import { nowIso, type Db } from '../db/client.js';
import { organisations, organisationThemes, themes, type NewTheme, type Theme } from '../db/schema.js';
import { slugify, uniqueSlug } from '../lib/slug.js';

export type ThemeWithCount = Theme & { activeCount: number };

/** Every thème in display order, with its number of active organisations. */
export function listThemesWithCounts(db: Db): ThemeWithCount[] {
  return db
    .select({
      theme: themes,
      activeCount: count(organisations.id),
    })
    .from(themes)
    .leftJoin(organisationThemes, eq(organisationThemes.themeId, themes.id))
    .leftJoin(
      organisations,
      and(eq(organisations.id, organisationThemes.organisationId), eq(organisations.status, 'active')),
    )
    .groupBy(themes.id)
    .orderBy(asc(themes.position), asc(themes.name))
    .all()
    .map((row) => ({ ...row.theme, activeCount: row.activeCount }));
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
