import type { FastifyInstance } from 'fastify';
import { parseSearchQuery, parseSearchRequest, searchUrl } from '../lib/search/query.js';
import { searchLogWords } from '../lib/search/log-words.js';
import { performSearch } from '../queries/search-page.js';
import { suggestWhileTyping } from '../queries/search-suggestions.js';

// Owned by the search work (issue 3): /recherche and its JSON suggestions endpoint.
export async function searchRoutes(app: FastifyInstance): Promise<void> {
  app.get('/recherche', async function showSearchResults(request, reply) {
    const search = parseSearchRequest(request.query as Record<string, unknown>);
    const outcome = performSearch(app.db, search);
    const text = search.query.text;
    // Counted once per search, not per page of results; anonymous (decision 078).
    const logged = search.page === 1 ? searchLogWords(text) : null;
    if (logged) app.searchLog.record(logged, outcome.total);
    return reply.view('pages/search', {
      title: text ? `Recherche «\u00a0${text}\u00a0»` : 'Recherche',
      description: 'Rechercher un organisme, une personne-ressource ou un besoin dans le Répertoire des ressources.',
      // The page has its own, larger search form: one search landmark is enough.
      hideHeaderSearch: true,
      query: text,
      stylesheets: ['search.css'],
      search,
      outcome,
      pageUrl: (page: number) => searchUrl(text, search.filters, page),
      clearFiltersUrl: searchUrl(text, { themeSlug: null, territory: null, audience: null, age: null }),
    });
  });

  app.get('/recherche/suggestions', async function suggestSearches(request, reply) {
    const query = parseSearchQuery((request.query as Record<string, unknown>).q);
    reply.header('cache-control', 'private, max-age=60');
    return { query: query.text, suggestions: suggestWhileTyping(app.db, query.terms) };
  });
}
