import type { Db } from '../db/client.js';
import { parseSearchQuery } from '../lib/search/query.js';
import { MAX_SEARCH_RESULTS, sortedActiveOrganisationIds } from './api.js';
import { preparedPerConnection } from './search-cache.js';
import { correctTerms } from './search-dictionary.js';
import { rankedOrganisationIds } from './search.js';

/** The filters of the HSDS API's lists, on the organisations behind the services (one default service each). */
export interface HsdsOrganisationFilters {
  search?: string;
  themeId?: number;
  audience?: string;
  emergency?: boolean;
  /** ISO 8601 UTC: organisations changed at or after this instant. */
  modifiedAfter?: string;
  organisationId?: number;
  /** Only organisations with a location (an address, a city or accessibility details): service_at_locations. */
  withLocation?: boolean;
}

const matchingStatement = preparedPerConnection(`
  SELECT id FROM organisations
  WHERE status = 'active'
    AND (:modifiedAfter IS NULL OR updated_at >= :modifiedAfter)
    AND (:themeId IS NULL OR id IN (SELECT organisation_id FROM organisation_themes WHERE theme_id = :themeId))
    AND (:audience IS NULL OR ',' || audiences || ',' LIKE '%,' || :audience || ',%')
    AND (:emergency = 0 OR emergency = 1)
    AND (:organisationId IS NULL OR id = :organisationId)
    AND (:withLocation = 0 OR coalesce(address, city, postal_code, accessibility) IS NOT NULL)`);

/**
 * Ids of the active organisations that match, A–Z, or ranked as /recherche ranks them when `search` is given
 * (same parsing, spelling corrections and FTS5 index; at most MAX_SEARCH_RESULTS, as the other API).
 */
export function listHsdsOrganisationIds(db: Db, filters: HsdsOrganisationFilters): number[] {
  const matching = new Set(
    matchingStatement(db)
      .pluck()
      .all({
        modifiedAfter: filters.modifiedAfter ?? null,
        themeId: filters.themeId ?? null,
        audience: filters.audience ?? null,
        emergency: filters.emergency ? 1 : 0,
        organisationId: filters.organisationId ?? null,
        withLocation: filters.withLocation ? 1 : 0,
      }) as number[],
  );
  const terms = parseSearchQuery(filters.search ?? '').terms;
  const ordered =
    terms.length > 0
      ? rankedOrganisationIds(db, correctTerms(db, terms).terms).slice(0, MAX_SEARCH_RESULTS)
      : sortedActiveOrganisationIds(db);
  return ordered.filter((id) => matching.has(id));
}
