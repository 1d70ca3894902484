import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { publicOrganisationListQuery } from '../forms/organisation-list.js';
import { parseQuery } from '../forms/query.js';
import { parsePageSegment } from '../forms/id-param.js';
import { activeLetterIndex, findOrganisationBySlug, listActiveOrganisationsByIds } from '../queries/organisations.js';
import { findThemeBySlug, listThemes } from '../queries/themes.js';
import { findRedirectedSlug } from '../queries/organisation-edits.js';
import { ORGANISATION_FIELDS } from '../fields/organisation.js';
import { renderBadRequest } from './errors.js';

/**
 * Up to this many organisations, the A–Z list is one page; beyond, one letter at a time, in pages of this
 * many (5,000 organisations made one page of 5.6 MB; names crowd a few letters: « Centre », « Carrefour »…).
 */
export const A_TO_Z_ONE_PAGE = 500;
export const A_TO_Z_PAGE_SIZE = 250;
const LETTERS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ', '#'];
const letterSlug = (letter: string) => (letter === '#' ? 'autres' : letter.toLowerCase());

export async function organisationRoutes(app: FastifyInstance): Promise<void> {
  async function listOrganisations(
    request: FastifyRequest,
    reply: FastifyReply,
    letterParam: string | null,
    pageParam: string | null = null,
  ) {
    const query = parseQuery(publicOrganisationListQuery, request.query);
    if (!query.ok) return renderBadRequest(reply, query.message);
    const letter = letterParam === null ? null : LETTERS.find((candidate) => letterSlug(candidate) === letterParam);
    if (letter === undefined) return reply.callNotFound();
    const page = parsePageSegment(pageParam);
    if (page === null) return reply.callNotFound();
    const themeSlug = query.data.theme ?? '';
    const theme = themeSlug ? findThemeBySlug(app.db, themeSlug) : null;
    const index = activeLetterIndex(app.db, theme?.id ?? null);
    const themeQuery = themeSlug ? `?theme=${encodeURIComponent(themeSlug)}` : '';
    const paged = index.total > A_TO_Z_ONE_PAGE;
    // A small directory is one page: a letter's address leads to its place in it.
    if (letter && !paged)
      return reply.redirect(`/organismes${themeQuery}#lettre-${letter === '#' ? 'autres' : letter}`, 301);
    if (themeSlug && !theme) reply.code(404);
    // Same order as the letter index: A–Z, then names starting with a digit or symbol.
    const ordered = LETTERS.filter((initial) => index.byLetter.has(initial));
    const current = paged ? (letter ?? ordered[0]!) : null;
    const inLetter = current ? (index.byLetter.get(current) ?? []) : [];
    const pageCount = Math.max(1, Math.ceil(inLetter.length / A_TO_Z_PAGE_SIZE));
    if (page > pageCount) return reply.callNotFound();
    // Only the rows this page shows are read in full.
    const shownIds: [string, number[]][] = current
      ? [[current, inLetter.slice((page - 1) * A_TO_Z_PAGE_SIZE, page * A_TO_Z_PAGE_SIZE)]]
      : ordered.map((initial) => [initial, index.byLetter.get(initial)!]);
    const rows = new Map(
      listActiveOrganisationsByIds(
        app.db,
        shownIds.flatMap(([, ids]) => ids),
      ).map((row) => [row.id, row]),
    );
    const groups = shownIds.map(([initial, ids]) => [initial, ids.flatMap((id) => rows.get(id) ?? [])] as const);
    const letterUrl = (initial: string, n = 1) =>
      `/organismes/lettre/${letterSlug(initial)}${n > 1 ? `/${n}` : ''}${themeQuery}`;
    const heading = letter ? ` — ${letter === '#' ? 'autres' : letter}${page > 1 ? `, page ${page}` : ''}` : '';
    return reply.view('pages/organisations', {
      title: `${theme ? `Organismes — ${theme.name}` : 'Organismes de A à Z'}${heading}`,
      themes: listThemes(app.db),
      selectedTheme: theme,
      unknownTheme: themeSlug && !theme ? themeSlug : null,
      groups,
      counts: Object.fromEntries(ordered.map((initial) => [initial, index.byLetter.get(initial)!.length])),
      current,
      letterUrl,
      // The search results' pagination partial, on this letter's pages.
      pager: { page, pageCount, url: (n: number) => letterUrl(current ?? '', n) },
      total: index.total,
    });
  }

  app.get('/organismes', (request, reply) => listOrganisations(request, reply, null));
  app.get<{ Params: { lettre: string } }>('/organismes/lettre/:lettre', (request, reply) =>
    listOrganisations(request, reply, request.params.lettre),
  );
  app.get<{ Params: { lettre: string; page: string } }>('/organismes/lettre/:lettre/:page', (request, reply) =>
    listOrganisations(request, reply, request.params.lettre, request.params.page),
  );

  app.get<{ Params: { slug: string } }>('/organismes/:slug', async function showOrganisation(request, reply) {
    const detail = findOrganisationBySlug(app.db, request.params.slug);
    if (!detail) {
      // A renamed organisation keeps its old address working: bookmarks and printed QR codes still land.
      const current = findRedirectedSlug(app.db, request.params.slug);
      return current ? reply.redirect(`/organismes/${current}`, 301) : reply.callNotFound();
    }
    if (detail.organisation.status === 'archived') {
      // 410 Gone: the address existed and will not come back, so search engines drop it.
      reply.code(410);
      return reply.view('pages/organisation-archived', {
        title: detail.organisation.name,
        organisation: detail.organisation,
      });
    }
    return reply.view('pages/organisation', {
      title: detail.organisation.name,
      fields: ORGANISATION_FIELDS,
      // The footer's « Une information à corriger ? » leads to this entry's correction form.
      correctionFor: detail.organisation.slug,
      ...detail,
    });
  });
}
