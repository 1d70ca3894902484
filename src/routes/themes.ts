import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listThemeEntriesOf, themeOrganisationOrder } from '../queries/organisations.js';
import { parsePageSegment } from '../forms/id-param.js';
import { findThemeBySlug, listThemes } from '../queries/themes.js';

/** A thème page lists this many organisations; a larger thème continues on /themes/:slug/2… (decision 111). */
export const THEME_PAGE_SIZE = 250;

export async function themeRoutes(app: FastifyInstance): Promise<void> {
  async function showTheme(request: FastifyRequest, reply: FastifyReply, slug: string, pageParam: string | null) {
    const theme = findThemeBySlug(app.db, slug);
    if (!theme) return reply.callNotFound();
    const page = parsePageSegment(pageParam);
    if (page === null) return reply.callNotFound();
    const order = themeOrganisationOrder(app.db, theme.id);
    const pageCount = Math.max(1, Math.ceil(order.length / THEME_PAGE_SIZE));
    if (page > pageCount) return reply.callNotFound();
    const pageUrl = (n: number) => `/themes/${theme.slug}${n > 1 ? `/${n}` : ''}`;
    return reply.view('pages/theme', {
      title: page > 1 ? `${theme.name}, page ${page}` : theme.name,
      theme,
      total: order.length,
      from: (page - 1) * THEME_PAGE_SIZE + 1,
      entries: listThemeEntriesOf(app.db, theme.id, order.slice((page - 1) * THEME_PAGE_SIZE, page * THEME_PAGE_SIZE)),
      pager: { page, pageCount, url: pageUrl },
    });
  }

  app.get<{ Params: { slug: string } }>('/themes/:slug', (request, reply) =>
    showTheme(request, reply, request.params.slug, null),
  );
  app.get<{ Params: { slug: string; page: string } }>('/themes/:slug/:page', (request, reply) =>
    showTheme(request, reply, request.params.slug, request.params.page),
  );

  app.get('/themes', async (_request, reply) => reply.redirect('/#themes', 301));

  // Thème colours are data, and the CSP forbids inline styles: serve them as a small stylesheet.
  app.get('/styles/themes.css', async function themeStylesheet(_request, reply) {
    const rules = listThemes(app.db).map(
      (theme) => `.theme-${theme.id}{--theme-color:${/^#[0-9a-f]{6}$/i.test(theme.color) ? theme.color : '#2f5d50'}}`,
    );
    reply.type('text/css; charset=utf-8');
    return rules.join('\n') + '\n';
  });
}
