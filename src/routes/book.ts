import type { FastifyInstance, FastifyReply } from 'fastify';
import { Eta } from 'eta';
import { assetVersion } from '../lib/assets.js';
import { viewsDir } from '../lib/paths.js';
import { viewHelpers, viewHelpersAt } from '../lib/view-helpers.js';
import { ORGANISATION_FIELDS } from '../fields/organisation.js';
import { entryAnchor, pageMarginsCss, parseThemeChoice, quebecIsoDay, verifiedShare } from '../lib/book/book.js';
import { formatBytes } from '../lib/bytes.js';
import { formatLongDate } from '../lib/dates.js';
import type { BookPdf } from '../plugins/book-pdf.js';
import { loadBook, type BookContents } from '../queries/book.js';
import { dataVersion } from '../queries/search-cache.js';
import { listThemes } from '../queries/themes.js';
import { getDataset } from '../queries/site-meta.js';

// The fields the entry template places by hand; any other public field of the registry is listed too (decision 070).
const PLACED_FIELDS = [
  'name',
  'acronym',
  'summary',
  'description',
  'clientele',
  'audiences',
  'ageMin',
  'ageMax',
  'territory',
  'referral',
  'cost',
  'languages',
  'accessibility',
  'phone',
  'phoneExtension',
  'tollFreePhone',
  'email',
  'website',
  'address',
  'city',
  'postalCode',
  'hours',
];

/** What /donnees and the print page say about the PDF. */
export function pdfStatus(app: FastifyInstance) {
  const current: BookPdf | null = app.bookPdf.current();
  return {
    available: app.bookPdf.available(),
    current: current && {
      size: formatBytes(current.body.length),
      pages: current.pageCount,
      date: formatLongDate(current.generatedAt),
    },
  };
}

/** /repertoire/imprimer: the whole detailed directory as one print-ready document, and its PDF. */
export async function bookRoutes(app: FastifyInstance): Promise<void> {
  // Its own engine: the document is a whole page of its own, not a page inside the site's layout.
  const eta = new Eta({ views: viewsDir, cache: app.config.env !== 'development', autoEscape: true });
  const defaults = {
    h: viewHelpers,
    siteName: app.config.siteName,
    assetBase: `/assets/${assetVersion()}`,
    coordinationEmail: app.config.coordinationEmail,
  };
  const render = (reply: FastifyReply, data: Record<string, unknown>) =>
    reply
      .type('text/html; charset=utf-8')
      .send(eta.render('book/repertoire', { ...defaults, ...reply.locals, ...data }));

  // The whole Répertoire's document, kept per content version and day (a thème choice is rendered each time).
  let wholeDocument: { key: string; html: string } | null = null;

  app.get('/repertoire/imprimer', async function showBook(request, reply) {
    const choice = parseThemeChoice((request.query as Record<string, unknown>).themes);
    const slugs = choice.ok ? choice.slugs : [];
    reply.header('cache-control', 'no-cache');
    const now = app.db.clock();
    const key = slugs.length === 0 ? `${dataVersion(app.db)}@${quebecIsoDay(now)}` : null;
    const kept = key !== null && wholeDocument?.key === key ? wholeDocument.html : null;
    const book = kept === null ? loadBook(app.db, slugs) : null;
    const base = {
      title: book?.isSubset
        ? `Répertoire imprimable — ${book.themes.map((t) => t.name).join(', ')}`
        : 'Répertoire imprimable',
      description: 'Tout le répertoire détaillé, prêt à imprimer ou à télécharger en PDF.',
      allThemes: book?.allThemes ?? listThemes(app.db),
      chosen: slugs,
      pdf: pdfStatus(app),
    };
    if (!choice.ok) return render(reply.code(400), { ...base, error: choice.message });
    if (book && book.unknownSlugs.length > 0) {
      const names = book.unknownSlugs.map((slug) => `«\u00a0${slug}\u00a0»`).join(', ');
      const message = `${book.unknownSlugs.length > 1 ? 'Thèmes inconnus' : 'Thème inconnu'}\u00a0: ${names}. Cochez les thèmes voulus dans la liste ci-dessous.`;
      return render(reply.code(404), { ...base, error: message });
    }
    const documentHtml = kept ?? renderDocument(book!, now);
    if (key !== null && kept === null) wholeDocument = { key, html: documentHtml };
    return render(reply, { ...base, documentHtml });
  });

  function renderDocument(book: BookContents, now: Date): string {
    const byTheme = book.themes.map((theme) => ({
      theme,
      entries: book.entries.filter((entry) => entry.themes.some((link) => link.theme.id === theme.id)),
    }));
    return eta.render('book/document', {
      ...defaults,
      h: viewHelpersAt(now),
      isDemo: getDataset(app.db) === 'demo',
      book,
      byTheme,
      fields: ORGANISATION_FIELDS,
      placedFields: PLACED_FIELDS,
      anchor: entryAnchor,
      date: formatLongDate(now),
      isoDay: quebecIsoDay(now),
      verified: verifiedShare(
        book.entries.map((entry) => entry.organisation.verifiedAt),
        now,
      ),
      peopleCount: book.entries.reduce((sum, entry) => sum + entry.contacts.length, 0),
      directoryUrl: app.config.publicUrl ? `${app.config.publicUrl}/` : null,
    });
  }

  // Running headers and footers: they carry the date, so they are served, not a static asset.
  app.get('/repertoire/imprimer/pages.css', async function bookPageMargins(_request, reply) {
    const demo = getDataset(app.db) === 'demo' ? ' — données de démonstration (fictives)' : '';
    return reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(
        pageMarginsCss({
          title: `Répertoire des ressources — ${app.config.siteName}${demo}`,
          date: formatLongDate(app.db.clock()),
        }),
      );
  });

  app.get('/repertoire/imprimer.pdf', async function downloadBookPdf(_request, reply) {
    const result = await app.bookPdf.get();
    if (!result.ok) {
      // No Chromium here: this server has no PDF (404), the HTML print is the way. A failed print: retry later.
      if (result.installed) reply.code(503).header('retry-after', '300');
      else reply.code(404);
      return reply
        .header('cache-control', 'no-store')
        .view('book/pdf-unavailable', { title: 'PDF indisponible', reason: result.reason });
    }
    const { pdf } = result;
    // @fastify/etag keeps the given ETag and still answers 304 when it matches.
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${pdf.fileName}"`)
      .header('cache-control', 'no-cache')
      .header('etag', pdf.etag)
      .send(pdf.body);
  });
}
