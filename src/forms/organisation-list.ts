import { z } from 'zod';
import { ADMIN_SORT_KEYS } from '../queries/admin-organisations.js';
import { queryChoice, queryInteger, queryText } from './query.js';

/** 50 per page: room for half a million organisations; beyond is a typo or a probe. */
export const ADMIN_LIST_MAX_PAGE = 10_000;

/** The admin list's filter form (a GET form, so its fields arrive in the query string). */
export const organisationListQuery = z.object({
  q: queryText('q', 200),
  statut: queryChoice('statut', ['active', 'archived', 'all']).transform((value) => value ?? 'active'),
  theme: queryInteger('theme', 999_999_999),
  averifier: queryChoice('averifier', ['1']).transform((value) => value === '1'),
  tri: queryChoice('tri', ADMIN_SORT_KEYS).transform((value) => value ?? 'nom'),
  page: queryInteger('page', ADMIN_LIST_MAX_PAGE).transform((value) => value ?? 1),
});

/** The public A–Z list's thème filter (a slug). */
export const publicOrganisationListQuery = z.object({ theme: queryText('theme', 100) });
