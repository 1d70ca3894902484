import type { FastifyInstance } from 'fastify';
import { listThemeEntries } from '../queries/organisations.js';
import { findThemeBySlug, listThemes } from '../queries/themes.js';

export async function themeRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { slug: string } }>('/themes/:slug', async function showTheme(request, reply) {
    const theme = findThemeBySlug(app.db, request.params.slug);
    if (!theme) return reply.callNotFound();
    return reply.view('pages/theme', {
      title: theme.name,
      theme,
      entries: listThemeEntries(app.db, [theme.id]),
    });
  });

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
