import type { FastifyInstance, FastifyReply } from 'fastify';
import { documentedColumns } from '../exchange/columns.js';
import { templateCsv } from '../exchange/csv-export.js';
import { publicDirectoryCsv, publicHsdsZip } from '../exchange/open-data.js';
import { readyBytes, type ReadyBytes } from '../lib/ready-bytes.js';
import { pdfStatus } from './book.js';
import { countOpenDataPeople } from '../queries/exchange.js';
import { countOrganisations } from '../queries/organisations.js';
import { cachedPerVersion } from '../queries/search-cache.js';
import { findLastUpdate } from '../queries/site-meta.js';

function download(reply: FastifyReply, type: string, fileName: string, file: ReadyBytes) {
  // @fastify/etag keeps the given ETag and still answers 304 when it matches.
  return reply
    .type(type)
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('cache-control', 'no-cache')
    .header('etag', file.etag)
    .send(file.body);
}

/** /donnees: the open data page and its files (CSV, HSDS 3.0 package, import template). */
export async function openDataRoutes(app: FastifyInstance): Promise<void> {
  // Built once per version of the data: anyone may download them, and at 5,000 organisations the zip
  // costs a second of CPU (measured), which must not be paid again for every download.
  const directoryCsv = cachedPerVersion((db) => readyBytes(publicDirectoryCsv(db)));
  const hsdsZip = cachedPerVersion((db) => {
    const lastUpdate = findLastUpdate(db);
    return readyBytes(
      publicHsdsZip(db, {
        siteName: app.config.siteName,
        homepage: app.config.publicUrl ? `${app.config.publicUrl}/donnees` : null,
        modified: lastUpdate ? new Date(lastUpdate) : new Date(0),
      }),
    );
  });
  const template = readyBytes(templateCsv());

  app.get('/donnees', async function showOpenData(_request, reply) {
    const lastUpdate = findLastUpdate(app.db);
    reply.header('cache-control', 'no-cache');
    return reply.view('pages/donnees', {
      title: 'Données ouvertes',
      description:
        'Le répertoire des ressources à télécharger\u00a0: CSV pour les tableurs et paquet Open Referral HSDS 3.0.',
      lastUpdate,
      count: countOrganisations(app.db, 'active'),
      people: countOpenDataPeople(app.db),
      columns: documentedColumns(),
      pdf: pdfStatus(app),
    });
  });

  app.get('/donnees/repertoire.csv', async (_request, reply) =>
    download(reply, 'text/csv; charset=utf-8', 'repertoire-des-ressources.csv', directoryCsv(app.db)),
  );

  app.get('/donnees/modele.csv', async (_request, reply) =>
    download(reply, 'text/csv; charset=utf-8', 'modele-importation.csv', template),
  );

  app.get('/donnees/hsds.zip', async (_request, reply) =>
    download(reply, 'application/zip', 'repertoire-hsds-3.0.zip', hsdsZip(app.db)),
  );
}
