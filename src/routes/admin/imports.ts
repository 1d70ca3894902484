import multipart from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { documentedColumns } from '../../exchange/columns.js';
import type { ImportPreview } from '../../exchange/import-file.js';
import type { ImportJob } from '../../exchange/import-runner.js';
import { WEB_IMPORT_LIMITS } from '../../exchange/limits.js';
import { ImportStaging } from '../../exchange/staging.js';
import { pageLocals } from '../../plugins/page-locals.js';
import { resolveSessionUser } from '../../plugins/auth.js';
import { progressPath, renderImportBusy } from '../../plugins/imports.js';
import { fileProblem, type Problem } from '../../exchange/table.js';
import { MAX_UPLOAD_BYTES, summaryMessage } from '../../exchange/report.js';
import { formatBytes } from '../../lib/bytes.js';
import { verificationSentence, verificationSummary } from '../../exchange/verification.js';
import { listThemes } from '../../queries/themes.js';

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
    return reply.view('admin/imports/upload', {
      title: 'Importer des organismes',
      problems,
      columns: documentedColumns(),
      maxSize: formatBytes(MAX_UPLOAD_BYTES),
      maxRows: WEB_IMPORT_LIMITS.maxRows.toLocaleString('fr-CA'),
    });
  }

  function renderPreview(
    reply: FastifyReply,
    id: string,
    fileName: string,
    preview: ImportPreview,
    now: Date,
    notice: string | null = null,
  ) {
    const verification = preview.plan ? verificationSummary(preview.plan.items, now) : null;
    return reply.view('admin/imports/preview', {
      title: 'Aperçu de l’importation',
      id,
      fileName,
      preview,
      notice,
      problemLimit: 300,
      verification: verification && { ...verification, sentence: verificationSentence(verification.counts) },
      themes: preview.hsds?.unmappedTerms.length ? listThemes(app.db) : [],
    });
  }

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error.statusCode === 413 || error.code === 'FST_REQ_FILE_TOO_LARGE') {
      // The body was refused before the usual preHandlers ran: the page data they set is filled in here.
      const user = await resolveSessionUser(app, request);
      if (!user) return reply.redirect('/connexion', 303);
      reply.code(413);
      reply.locals = { ...pageLocals(app.db, request, user), admin: true, csrfToken: await reply.generateCsrf() };
      return renderUpload(reply, [
        fileProblem(
          `Le fichier dépasse ${formatBytes(MAX_UPLOAD_BYTES)}, la limite d’un envoi par le Web\u00a0: rien n’a été importé. Pour un gros fichier, utilisez la commande «\u00a0npm run cli -- import FICHIER\u00a0» sur le serveur.`,
        ),
      ]);
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
    const now = app.db.clock();
    const preview = await app.imports.preview(found.bytes, now, found.staged.termThemes);
    if (!preview.plan) reply.code(422);
    return renderPreview(reply, found.staged.id, found.staged.fileName, preview, now);
  });

  /** What a finished commit shows: the flash and the upload page, or the preview again (422, 409). */
  function showOutcome(request: FastifyRequest, reply: FastifyReply, job: ImportJob) {
    const outcome = job.outcome!;
    const fileName = staging.find(job.id, owner(request))?.staged.fileName ?? 'fichier';
    if (outcome.status === 'invalid') return renderPreview(reply.code(422), job.id, fileName, outcome.preview, job.now);
    if (outcome.status === 'changed') {
      return renderPreview(
        reply.code(409),
        job.id,
        fileName,
        outcome.preview,
        job.now,
        'Le répertoire a changé depuis l’aperçu (quelqu’un a modifié une fiche)\u00a0: voici l’aperçu à jour. Rien n’a encore été importé.',
      );
    }
    if (outcome.status === 'applied') {
      staging.remove(job.id);
      request.session.flash = { kind: 'success', message: summaryMessage(outcome.counts) };
    } else {
      request.session.flash = {
        kind: 'error',
        message:
          'L’importation a échoué\u00a0: rien n’a été écrit. L’erreur a été consignée\u00a0; réessayez, ou avisez la personne qui s’occupe du serveur.',
      };
    }
    return reply.redirect('/admin/import', 303);
  }

  app.post<IdParams>('/:id/appliquer', async function applyImportHandler(request, reply) {
    const found = staging.find(request.params.id, owner(request));
    if (!found) {
      request.session.flash = {
        kind: 'error',
        message: 'Cet aperçu a expiré ou n’existe plus\u00a0: envoyez le fichier de nouveau.',
      };
      return reply.redirect('/admin/import', 303);
    }
    const expected = String((request.body as Record<string, unknown>).empreinte ?? '');
    // The commit starts once this response (and its session) is written, then runs in a worker thread (064).
    const sent = new Promise((resolve) => reply.raw.once('finish', resolve).once('close', resolve));
    const job = app.imports.start(
      found.staged.id,
      {
        bytes: found.bytes,
        userId: request.user!.id,
        expectedFingerprint: expected,
        termThemes: found.staged.termThemes ?? {},
      },
      app.db.clock(),
      sent,
    );
    if (!job) return renderImportBusy(reply, app.imports);
    return reply.redirect(progressPath(job.id), 303);
  });

  // While the commit runs, the imports plugin answers this address itself; afterwards, it shows the outcome once.
  app.get<IdParams>('/:id/progression', async function showImportOutcome(request, reply) {
    const job = app.imports.takeFinished(request.params.id, request.user!.id);
    if (job) return showOutcome(request, reply, job);
    request.session.flash = {
      kind: 'error',
      message:
        'Aucune importation en cours pour ce fichier\u00a0: voyez la liste des organismes, ou envoyez le fichier de nouveau.',
    };
    return reply.redirect('/admin/import', 303);
  });

  // HSDS terms that match no thème: the thème the coordination chose for each, kept with the staged file (075).
  app.post<IdParams>('/:id/termes', async function mapHsdsTerms(request, reply) {
    const found = staging.find(request.params.id, owner(request));
    if (!found) return reply.callNotFound();
    const body = request.body as Record<string, unknown>;
    const slugs = new Set(listThemes(app.db).map((t) => t.slug));
    const chosen: Record<string, string> = { ...found.staged.termThemes };
    for (let n = 0; n < 300; n++) {
      const termId = body[`id_${n}`];
      const slug = body[`terme_${n}`];
      if (typeof termId !== 'string') break;
      if (typeof slug === 'string' && slugs.has(slug) && termId.length <= 200) chosen[termId] = slug;
    }
    staging.setTermThemes(found.staged, chosen);
    return reply.redirect(`/admin/import/${found.staged.id}#hsds-terms`, 303);
  });

  app.post<IdParams>('/:id/annuler', async (request, reply) => {
    if (staging.find(request.params.id, owner(request))) staging.remove(request.params.id);
    request.session.flash = { kind: 'success', message: 'Importation annulée\u00a0: rien n’a été modifié.' };
    return reply.redirect('/admin/import', 303);
  });
}
