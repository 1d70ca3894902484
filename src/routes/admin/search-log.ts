import type { FastifyInstance, FastifyReply } from 'fastify';
import { KEYWORDS_MAX } from '../../fields/theme.js';
import { parseForm, type FieldErrors } from '../../forms/form.js';
import { searchKeywordForm } from '../../forms/search-keyword.js';
import { inTransaction } from '../../db/transaction.js';
import {
  mostFrequentEmptySearches,
  mostFrequentSearches,
  SEARCH_LOG_MIN_SHOWN,
  SEARCH_LOG_RETENTION_DAYS,
  searchTotals,
} from '../../queries/search-log.js';
import { findThemeById, listThemesForAdmin, saveTheme } from '../../queries/theme-writes.js';
import { themeKeywords } from '../../queries/themes.js';
import { requireAdmin } from './require-admin.js';
import { parseSearchQuery } from '../../lib/search/query.js';
import { synonymIdForWord } from '../../queries/search-synonyms.js';

export const SEARCH_LOG_PERIODS = [30, 90] as const;
const ROWS = 25;

function periodOf(value: unknown): number {
  return SEARCH_LOG_PERIODS.find((days) => String(days) === value) ?? SEARCH_LOG_PERIODS[0];
}

/** /admin/recherches: what people searched and did not find (decision 078); turning a query into a keyword is for administrators. */
export async function adminSearchLogRoutes(app: FastifyInstance): Promise<void> {
  const render = (reply: FastifyReply, days: number, errors: FieldErrors = {}) => {
    app.searchLog.flush();
    return reply.view('admin/searches/list', {
      title: 'Ce que l’on cherche',
      days,
      periods: SEARCH_LOG_PERIODS,
      retentionDays: SEARCH_LOG_RETENTION_DAYS,
      minShown: SEARCH_LOG_MIN_SHOWN,
      totals: searchTotals(app.db, days),
      frequent: mostFrequentSearches(app.db, days, ROWS),
      empty: mostFrequentEmptySearches(app.db, days, ROWS).map((row) => ({
        ...row,
        synonyms: synonymLinks(row.words),
      })),
      themes: listThemesForAdmin(app.db),
      errors,
    });
  };

  // Each meaningful word of a query: to its synonym entry when it has one, else to the form pre-filled with it.
  const synonymLinks = (words: string) =>
    parseSearchQuery(words).terms.map(({ word }) => {
      const id = synonymIdForWord(app.db, word);
      return {
        word,
        href: id === null ? `/admin/synonymes?mot=${encodeURIComponent(word)}` : `/admin/synonymes/${id}`,
      };
    });

  app.get('/', async function showSearchLog(request, reply) {
    return render(reply, periodOf((request.query as Record<string, unknown>).periode));
  });

  app.post('/mot-cle', async function addSearchAsKeyword(request, reply) {
    if (!(await requireAdmin(request, reply))) return reply;
    const days = periodOf((request.body as Record<string, unknown> | undefined)?.periode);
    const form = parseForm(searchKeywordForm, request.body);
    if (!form.ok) return render(reply.code(422), days, form.errors);
    const { words, themeId } = form.data;
    const outcome = inTransaction(app.db, () => {
      const theme = findThemeById(app.db, themeId);
      if (!theme) return 'missing' as const;
      const keywords = themeKeywords(theme);
      if (keywords.includes(words)) return { theme, status: 'present' as const };
      if (keywords.length >= KEYWORDS_MAX) return { theme, status: 'full' as const };
      const { name, description, color } = theme;
      const fields = { name, description, color, position: null, keywords: [...keywords, words] };
      saveTheme(app.db, theme.id, theme.version, fields, request.user!.id);
      return { theme, status: 'added' as const };
    });
    if (outcome === 'missing') return render(reply.code(422), days, { themeId: 'Ce thème n’existe plus.' });
    const name = outcome.theme.name;
    request.session.flash =
      outcome.status === 'added'
        ? { kind: 'success', message: `«\u00a0${words}\u00a0» est maintenant un mot-clé du thème ${name}.` }
        : outcome.status === 'present'
          ? { kind: 'warning', message: `«\u00a0${words}\u00a0» était déjà un mot-clé du thème ${name}.` }
          : {
              kind: 'warning',
              message: `Le thème ${name} a déjà ${KEYWORDS_MAX} mots-clés\u00a0: retirez-en un dans sa fiche avant d’en ajouter.`,
            };
    return reply.redirect(`/admin/recherches?periode=${days}`, 303);
  });
}
