import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { organisations, type Organisation } from '../db/schema.js';
import { MAX_PAGE, parseSearchQuery, RESULTS_PER_PAGE } from '../lib/search/query.js';
import { compareFrench } from '../lib/sort.js';
import type { ThemeBadge } from './organisations.js';
import { cachedPerVersion, preparedPerConnection } from './search-cache.js';
import { correctTerms } from './search-dictionary.js';
import { NO_FILTERS, searchOrganisations } from './search.js';
import { listThemesWithCounts } from './themes.js';

type ListColumn =
  | 'id'
  | 'slug'
  | 'name'
  | 'acronym'
  | 'summary'
  | 'phone'
  | 'phoneExtension'
  | 'tollFreePhone'
  | 'email'
  | 'website'
  | 'city'
  | 'territory'
  | 'audiences'
  | 'ageMin'
  | 'ageMax'
  | 'verifiedAt'
  | 'updatedAt';

export type ApiOrganisationListItem = Pick<Organisation, ListColumn> & { themes: ThemeBadge[] };

export interface ApiOrganisationPage {
  total: number;
  items: ApiOrganisationListItem[];
}

/** Thèmes with their active counts: grouping every link costs milliseconds, so once per data change. */
export const listApiThemes = cachedPerVersion(listThemesWithCounts);

/** The search ranks at most this many organisations per query (/recherche's 50 pages of 20). */
export const MAX_SEARCH_RESULTS = MAX_PAGE * RESULTS_PER_PAGE;

// Ids of every active organisation in French A–Z order, recomputed only after a write.
export const sortedActiveOrganisationIds = cachedPerVersion((db) =>
  db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(eq(organisations.status, 'active'))
    .all()
    .sort((a, b) => compareFrench(a.name, b.name) || a.id - b.id)
    .map((row) => row.id),
);

/**
 * One page of active organisations for the API: A–Z without `query`, otherwise ranked exactly as
 * /recherche ranks them (same parsing, same spelling corrections, same FTS5 index).
 */
export function listApiOrganisations(
  db: Db,
  options: { query?: string; themeId?: number; limit: number; offset: number },
): ApiOrganisationPage {
  const terms = parseSearchQuery(options.query ?? '').terms;
  if (terms.length > 0) {
    const corrected = correctTerms(db, terms).terms;
    const filters = { ...NO_FILTERS, themeId: options.themeId ?? null };
    const found = searchOrganisations(db, corrected, filters, { limit: options.limit, offset: options.offset });
    return {
      total: Math.min(found.total, MAX_SEARCH_RESULTS),
      items: organisationsByIds(
        db,
        found.results.map((result) => result.id),
      ),
    };
  }
  let ids = sortedActiveOrganisationIds(db);
  if (options.themeId !== undefined) {
    const inTheme = new Set(themeMembersStatement(db).pluck().all(options.themeId) as number[]);
    ids = ids.filter((id) => inTheme.has(id));
  }
  return {
    total: ids.length,
    items: organisationsByIds(db, ids.slice(options.offset, options.offset + options.limit)),
  };
}

const themeMembersStatement = preparedPerConnection(
  'SELECT organisation_id FROM organisation_themes WHERE theme_id = ?',
);

const pageRowsStatement = preparedPerConnection(`
  SELECT id, slug, name, acronym, summary, phone, phone_extension AS phoneExtension, toll_free_phone AS tollFreePhone,
    email, website, city, territory, audiences, age_min AS ageMin, age_max AS ageMax,
    verified_at AS verifiedAt, updated_at AS updatedAt
  FROM organisations WHERE status = 'active' AND id IN (SELECT value FROM json_each(?))`);

const pageThemesStatement = preparedPerConnection(`
  SELECT ot.organisation_id AS organisationId, t.id, t.slug, t.name, t.color
  FROM organisation_themes ot JOIN themes t ON t.id = ot.theme_id
  WHERE ot.organisation_id IN (SELECT value FROM json_each(?))
  ORDER BY t.position, t.name`);

/**
 * Active organisations with their thèmes, in the order of `ids`: two prepared statements whatever the
 * page size (ids go in as one JSON array, so the SQL text never changes and is prepared once).
 */
function organisationsByIds(db: Db, ids: number[]): ApiOrganisationListItem[] {
  if (ids.length === 0) return [];
  const json = JSON.stringify(ids);
  const rows = pageRowsStatement(db).all(json) as Omit<ApiOrganisationListItem, 'themes'>[];
  const badges = new Map<number, ThemeBadge[]>();
  for (const { organisationId, ...theme } of pageThemesStatement(db).all(json) as (ThemeBadge & {
    organisationId: number;
  })[]) {
    const list = badges.get(organisationId);
    if (list) list.push(theme);
    else badges.set(organisationId, [theme]);
  }
  const byId = new Map(rows.map((row) => [row.id, { ...row, themes: badges.get(row.id) ?? [] }]));
  return ids.map((id) => byId.get(id)).filter((item): item is ApiOrganisationListItem => item !== undefined);
}
