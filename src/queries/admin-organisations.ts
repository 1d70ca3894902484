import { and, asc, desc, eq, exists, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { organisations, organisationThemes, type Organisation } from '../db/schema.js';
import { daysAgoIso, STALE_AFTER_DAYS } from '../lib/dates.js';
import { foldText } from '../lib/slug.js';

export const ADMIN_SORTS = {
  nom: [asc(sql`fold(${organisations.name})`)],
  modification: [desc(organisations.updatedAt)],
  verification: [sql`${organisations.verifiedAt} is not null`, asc(organisations.verifiedAt)],
} as const;
export type AdminSort = keyof typeof ADMIN_SORTS;
export const ADMIN_SORT_KEYS = ['nom', 'modification', 'verification'] as const satisfies readonly AdminSort[];

export interface AdminListOptions {
  q?: string;
  status?: 'active' | 'archived' | 'all';
  themeId?: number;
  staleOnly?: boolean;
  sort?: AdminSort;
  page?: number;
  perPage?: number;
}

export type AdminOrganisationRow = Pick<
  Organisation,
  'id' | 'slug' | 'name' | 'acronym' | 'status' | 'phone' | 'verifiedAt' | 'updatedAt'
> & { contactCount: number };

/** The coordination's list: accent-insensitive name search, filters, sorting, pagination. */
export function listOrganisationsForAdmin(
  db: Db,
  options: AdminListOptions = {},
): { rows: AdminOrganisationRow[]; total: number } {
  const perPage = options.perPage ?? 50;
  const page = Math.max(1, options.page ?? 1);
  const conditions: (SQL | undefined)[] = [];
  const q = foldText(options.q?.trim() ?? '').toLowerCase();
  if (q) {
    const pattern = `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    conditions.push(
      sql`(fold(${organisations.name}) like ${pattern} escape '\\' or fold(coalesce(${organisations.acronym}, '')) like ${pattern} escape '\\')`,
    );
  }
  if (options.status && options.status !== 'all') conditions.push(eq(organisations.status, options.status));
  if (options.themeId) {
    conditions.push(
      exists(
        db
          .select({ one: sql`1` })
          .from(organisationThemes)
          .where(
            and(
              eq(organisationThemes.organisationId, organisations.id),
              eq(organisationThemes.themeId, options.themeId),
            ),
          ),
      ),
    );
  }
  if (options.staleOnly) {
    conditions.push(
      sql`(${organisations.verifiedAt} is null or ${organisations.verifiedAt} < ${daysAgoIso(STALE_AFTER_DAYS, db.clock())})`,
    );
  }
  const where = and(...conditions);
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(organisations)
      .where(where)
      .get()?.n ?? 0;
  const rows = db
    .select({
      id: organisations.id,
      slug: organisations.slug,
      name: organisations.name,
      acronym: organisations.acronym,
      status: organisations.status,
      phone: organisations.phone,
      verifiedAt: organisations.verifiedAt,
      updatedAt: organisations.updatedAt,
      // Qualified by hand: Drizzle prints a lone "id" here, which the subquery would read as the contact's own id.
      contactCount: sql<number>`(select count(*) from contacts c where c.organisation_id = ${organisations}.id)`,
    })
    .from(organisations)
    .where(where)
    // Own keys only: "constructor" or "__proto__" must never reach the object's prototype.
    .orderBy(
      ...(options.sort && Object.hasOwn(ADMIN_SORTS, options.sort) ? ADMIN_SORTS[options.sort] : ADMIN_SORTS.nom),
    )
    .limit(perPage)
    .offset((page - 1) * perPage)
    .all();
  return { rows, total };
}
