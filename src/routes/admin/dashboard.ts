import type { FastifyInstance } from 'fastify';
import { arbreFitEveryPaper } from '../../queries/arbre.js';
import { paperLabel } from '../../lib/arbre/formats.js';
import { formatPoints } from '../../lib/arbre/sheet.js';
import { listRecentRevisions } from '../../queries/revisions.js';
import { findDashboardFigures } from '../../queries/dashboard.js';
import { countPendingReports } from '../../queries/corrections.js';
import { latestRoundSummary } from '../../queries/verification-rounds.js';
import { mostFrequentEmptySearches } from '../../queries/search-log.js';

export async function dashboardRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', async function showDashboard(_request, reply) {
    app.searchLog.flush();
    return reply.view('admin/dashboard', {
      title: 'Tableau de bord',
      figures: findDashboardFigures(app.db),
      recent: listRecentRevisions(app.db, 15),
      pendingReports: countPendingReports(app.db),
      latestRound: latestRoundSummary(app.db),
      emptySearches: mostFrequentEmptySearches(app.db, 30, 5),
      // Every paper the site offers, Letter portrait (the default) first; cached per data version.
      arbre: arbreFitEveryPaper(app.db, { siteName: app.config.siteName }),
      paperLabel,
      formatPoints,
    });
  });
}
