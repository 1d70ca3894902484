import type { FastifyInstance, FastifyReply } from 'fastify';
import { documentedColumns } from '../exchange/columns.js';
import { templateCsv } from '../exchange/csv-export.js';
import { publicDirectoryCsv, publicHsdsZip } from '../exchange/open-data.js';
import { countOrganisations } from '../queries/organisations.js';
import { findLastUpdate } from '../queries/site-meta.js';

function download(reply: FastifyReply, type: string, fileName: string, body: string | Buffer) {
  return reply
    .type(type)
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('cache-control', 'no-cache')
    .send(body);
}

/** /donnees: the open data page and its files (CSV, HSDS 3.0 package, import template). */
export async function openDataRoutes(app: FastifyInstance): Promise<void> {
  app.get('/donnees', async function showOpenData(_request, reply) {
    const lastUpdate = findLastUpdate(app.db);
    reply.header('cache-control', 'no-cache');
    return reply.view('pages/donnees', {
      title: 'Données ouvertes',
      description: 'Le répertoire des ressources à télécharger\u00a0: CSV pour les tableurs et paquet Open Referral HSDS 3.0.',
      lastUpdate,
      count: countOrganisations(app.db, 'active'),
      columns: documentedColumns(),
    });
  });

  app.get('/donnees/repertoire.csv', async (_request, reply) =>
    download(reply, 'text/csv; charset=utf-8', 'repertoire-des-ressources.csv', publicDirectoryCsv(app.db)),
  );

  app.get('/donnees/modele.csv', async (_request, reply) =>
    download(reply, 'text/csv; charset=utf-8', 'modele-importation.csv', templateCsv()),
  );

  app.get('/donnees/hsds.zip', async (_request, reply) => {
    const lastUpdate = findLastUpdate(app.db);
    const zip = publicHsdsZip(app.db, {
      siteName: app.config.siteName,
      homepage: app.config.publicUrl ? `${app.config.publicUrl}/donnees` : null,
      modified: lastUpdate ? new Date(lastUpdate) : new Date(0),
    });
    return download(reply, 'application/zip', 'repertoire-hsds-3.0.zip', Buffer.from(zip));
  });
}
