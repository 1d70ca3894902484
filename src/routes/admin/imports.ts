import multipart from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { documentedColumns } from '../../exchange/columns.js';
import { commitImport, previewImport, readImportFile, type ImportPreview } from '../../exchange/import-file.js';
import { WEB_IMPORT_LIMITS } from '../../exchange/limits.js';
import { ImportStaging } from '../../exchange/staging.js';
import { pageLocals } from '../../plugins/page-locals.js';
import { resolveSessionUser } from '../../plugins/auth.js';
import { fileProblem, type Problem } from '../../exchange/table.js';
import { formatBytes, MAX_UPLOAD_BYTES, summaryMessage } from '../../exchange/report.js';

type Uploaded = { filename: string; data: Buffer };
type IdParams = { Params: { id: string } };

const staging = new ImportStaging();

function owner(request: FastifyRequest) {
  return { userId: request.user!.id, sessionId: request.session.sessionId };
}

/** /admin/import: upload, preview (nothing written), then commit in one transaction. */
export async function adminImportRoutes(app: FastifyInstance): Promise<void> {
  // Parsed in preValidation, before the admin preHandler checks `_csrf`: the token is an ordinary form field.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, parts: 6 },
    async onFile(part) {
      (part as unknown as { value: Uploaded }).value = { filename: part.filename, data: await part.toBuffer() };
    },
  });

  // An anonymous upload is turned away before its body is read.
  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'POST' && request.session.userId === undefined) {
      return reply.redirect(`/connexion?retour=${encodeURIComponent('/admin/import')}`, 303);
    }
  });

  function renderUpload(reply: FastifyReply, problems: Problem[] = []) {
    return reply.view('admin/imports/upload', { title: 'Importer des organismes', problems, columns: documentedColumns(), maxSize: formatBytes(MAX_UPLOAD_BYTES), maxRows: WEB_IMPORT_LIMITS.maxRows.toLocaleString('fr-CA') });
  }

  function renderPreview(reply: FastifyReply, id: string, fileName: string, preview: ImportPreview, notice: string | null = null) {
    return reply.view('admin/imports/preview', { title: 'Aperçu de l’importation', id, fileName, preview, notice, problemLimit: 300 });
  }

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error.statusCode === 413 || error.code === 'FST_REQ_FILE_TOO_LARGE') {
      // The body was refused before the usual preHandlers ran: the page data they set is filled in here.
      const user = await resolveSessionUser(app, request);
      if (!user) return reply.redirect('/connexion', 303);
      reply.code(413);
      reply.locals = { ...pageLocals(app.db, request, user), admin: true, csrfToken: await reply.generateCsrf() };
      return renderUpload(reply, [fileProblem(`Le fichier dépasse ${formatBytes(MAX_UPLOAD_BYTES)}, la limite d’un envoi par le Web\u00a0: rien n’a été importé. Pour un gros fichier, utilisez la commande «\u00a0npm run cli -- import FICHIER\u00a0» sur le serveur.`)]);
    }
    throw error;
  });

  app.get('/', async (_request, reply) => renderUpload(reply));

  app.post('/', async function uploadImport(request, reply) {
    const file = (request.body as Record<string, unknown> | undefined)?.fichier as Uploaded | undefined;
    if (!file || typeof file !== 'object' || !Buffer.isBuffer(file.data) || file.data.length === 0) {
      reply.code(422);
      return renderUpload(reply, [fileProblem('Choisissez un fichier à importer (CSV, XLSX ou paquet HSDS .zip).')]);
    }
    const staged = staging.save(file.data, { ...owner(request), fileName: file.filename || 'fichier' });
    return reply.redirect(`/admin/import/${staged.id}`, 303);
  });

  app.get<IdParams>('/:id', async function showImportPreview(request, reply) {
    const found = staging.find(request.params.id, owner(request));
    if (!found) return reply.callNotFound();
    const preview = previewImport(app.db, await readImportFile(app.db, found.bytes));
    if (!preview.plan) reply.code(422);
    return renderPreview(reply, found.staged.id, found.staged.fileName, preview);
  });

  app.post<IdParams>('/:id/appliquer', async function applyImportHandler(request, reply) {
    const found = staging.find(request.params.id, owner(request));
    if (!found) {
      request.session.flash = { kind: 'error', message: 'Cet aperçu a expiré ou n’existe plus\u00a0: envoyez le fichier de nouveau.' };
      return reply.redirect('/admin/import', 303);
    }
    const expected = String((request.body as Record<string, unknown>).empreinte ?? '');
    const result = commitImport(app.db, request.user!.id, await readImportFile(app.db, found.bytes), { expectedFingerprint: expected });
    if (result.status === 'invalid') {
      reply.code(422);
      return renderPreview(reply, found.staged.id, found.staged.fileName, result.preview);
    }
    if (result.status === 'changed') {
      reply.code(409);
      return renderPreview(reply, found.staged.id, found.staged.fileName, result.preview, 'Le répertoire a changé depuis l’aperçu (quelqu’un a modifié une fiche)\u00a0: voici l’aperçu à jour. Rien n’a encore été importé.');
    }
    staging.remove(found.staged.id);
    request.session.flash = { kind: 'success', message: summaryMessage(result.preview.plan.counts) };
    return reply.redirect('/admin/import', 303);
  });

  app.post<IdParams>('/:id/annuler', async (request, reply) => {
    if (staging.find(request.params.id, owner(request))) staging.remove(request.params.id);
    request.session.flash = { kind: 'success', message: 'Importation annulée\u00a0: rien n’a été modifié.' };
    return reply.redirect('/admin/import', 303);
  });
}
