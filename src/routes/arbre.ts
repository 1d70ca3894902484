import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  arbreQueryString,
  PAPER_LABELS,
  PAPER_FORMATS,
  ORIENTATIONS,
  ORIENTATION_LABELS,
  pageStylesheet,
  paperLabel,
  parseArbreQuery,
} from '../lib/arbre/formats.js';
import { mergedPhone, personOwnLine, phoneText } from '../lib/arbre/content.js';
import {
  areaCodeLegend,
  fitMessage,
  formatPoints,
  ARBRE_MAX_ENTRIES,
  LEGEND,
  SHORT_EXTENSION_LEGEND,
  STALE_LEGEND,
  verifiedShareText,
} from '../lib/arbre/sheet.js';
import { ALSO_LABEL } from '../lib/arbre/layout.js';
import { loadArbreSheet } from '../queries/arbre.js';
import { listTerritoryChoices } from '../queries/territories.js';
import { displayUrl } from '../lib/view-helpers.js';
import { qrSvg } from '../lib/qr.js';

// Owned by the Arbre work (issue 4): /arbre, the one-page tree of resources.
export async function arbreRoutes(app: FastifyInstance): Promise<void> {
  app.get('/arbre', async function showArbre(request, reply) {
    const query = parseArbreQuery(request.query as Record<string, unknown>);
    const directoryUrl = `${app.config.publicUrl ?? requestOrigin(request)}/`;
    const sheet = loadArbreSheet(app.db, {
      paper: query.paper,
      themeSlugs: query.themeSlugs,
      territory: query.territory,
      siteName: app.config.siteName,
      directoryUrl,
      isDemo: reply.locals?.isDemo === true,
    });
    const notices = [...query.notices];
    if (sheet.unknownSlugs.length > 0) {
      const all = sheet.selectedThemes.length === sheet.allThemes.length ? ' : tous les thèmes sont affichés' : '';
      notices.push(
        `Thème inconnu ignoré\u00a0: ${sheet.unknownSlugs.map((slug) => `«\u00a0${slug}\u00a0»`).join(', ')}${all}.`,
      );
    }
    if (query.territory && sheet.entryCount === 0) {
      notices.push(
        `Aucun organisme inscrit ne dessert «\u00a0${query.territory}\u00a0» ni le territoire qui le contient\u00a0: choisissez un autre territoire ou «\u00a0Tout le répertoire\u00a0».`,
      );
    }
    return reply.view('pages/arbre', {
      title: 'L’Arbre des ressources',
      description:
        'Les organismes du territoire par thème, avec leur téléphone et la personne à joindre, sur une page à imprimer.',
      stylesheets: ['arbre.css', pageStylesheet(query.paper)],
      sheet,
      notices,
      fitMessage: fitMessage(sheet),
      qr: qrSvg(directoryUrl, `Code QR vers le répertoire en ligne, ${displayUrl(directoryUrl)}`),
      directoryUrl,
      options: {
        territories: listTerritoryChoices(app.db).hierarchy,
        formats: PAPER_FORMATS.map((value) => ({ value, label: PAPER_LABELS[value] })),
        orientations: ORIENTATIONS.map((value) => ({ value, label: ORIENTATION_LABELS[value] })),
      },
      arbre: {
        phoneText,
        mergedPhone,
        personOwnLine,
        paperLabel,
        arbreQueryString,
        formatPoints,
        legend: LEGEND,
        staleLegend: STALE_LEGEND,
        shortExtensionLegend: SHORT_EXTENSION_LEGEND,
        areaCodeLegend,
        verifiedShareText,
        alsoLabel: ALSO_LABEL,
        maxEntries: ARBRE_MAX_ENTRIES,
      },
    });
  });
}

// Without PUBLIC_URL the sheet points where it was opened; an odd Host header is not echoed onto paper.
function requestOrigin(request: FastifyRequest): string {
  const host = /^[a-z0-9.-]+(:\d{1,5})?$/i.test(request.host) ? request.host : 'localhost';
  return `${request.protocol}://${host}`;
}
