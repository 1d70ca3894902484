import type { FastifyInstance, FastifyReply } from 'fastify';
import { ORGANISATION_FIELDS } from '../../fields/organisation.js';
import { PROBLEM_LABELS, rejectForm } from '../../forms/correction.js';
import { optionalText, parseForm } from '../../forms/form.js';
import { notifyReporter } from '../../plugins/mailer.js';
import { listContactsOfOrganisation } from '../../queries/contact-edits.js';
import { closeReport, findReport, listReports } from '../../queries/corrections.js';
import { idOf, notFoundUnlessIdParam } from '../id-param.js';
import { z } from 'zod';

type IdParams = { Params: { id: string } };
const doneForm = z.object({ note: optionalText(500, 'La note') });

/** The coordination's queue of correction reports (decision 091). */
export async function adminCorrectionRoutes(app: FastifyInstance): Promise<void> {
  notFoundUnlessIdParam(app);

  async function renderQueue(
    reply: FastifyReply,
    failed?: { id: number; errors: Record<string, string>; values: Record<string, unknown> },
  ) {
    const pending = listReports(app.db, 'pending');
    return reply.view('admin/corrections/list', {
      title: 'Signalements',
      pending: pending.map((report) => ({
        ...report,
        contacts: listContactsOfOrganisation(app.db, report.organisationId),
      })),
      handled: [...listReports(app.db, 'applied', 20), ...listReports(app.db, 'rejected', 20)]
        .sort((a, b) => (b.handledAt ?? '').localeCompare(a.handledAt ?? ''))
        .slice(0, 20),
      problemLabels: PROBLEM_LABELS,
      fields: ORGANISATION_FIELDS,
      mailConfigured: app.mailer.configured,
      failed: failed ?? null,
    });
  }

  app.get('/', async (_request, reply) => renderQueue(reply));

  app.post<IdParams>('/:id/rejeter', async function rejectReport(request, reply) {
    const report = findReport(app.db, idOf(request));
    if (!report) return reply.callNotFound();
    const form = parseForm(rejectForm, request.body);
    if (!form.ok) {
      reply.code(422);
      return renderQueue(reply, { id: report.id, errors: form.errors, values: form.values });
    }
    if (!closeReport(app.db, report.id, request.user!.id, 'rejected', form.data.reason))
      return alreadyHandled(request, reply);
    const told = notifyReporter(app, report, 'rejected', form.data.reason);
    request.session.flash = {
      kind: 'success',
      message: `Signalement rejeté.${told ? ' La personne qui l’a envoyé en sera avisée par courriel.' : ''}`,
    };
    return reply.redirect('/admin/signalements', 303);
  });

  app.post<IdParams>('/:id/traite', async function markReportDone(request, reply) {
    const report = findReport(app.db, idOf(request));
    if (!report) return reply.callNotFound();
    const form = parseForm(doneForm, request.body);
    if (!form.ok) {
      reply.code(422);
      return renderQueue(reply, { id: report.id, errors: form.errors, values: form.values });
    }
    const note = form.data.note ?? 'Marqué comme traité.';
    if (!closeReport(app.db, report.id, request.user!.id, 'applied', note)) return alreadyHandled(request, reply);
    const told = notifyReporter(app, report, 'applied');
    request.session.flash = {
      kind: 'success',
      message: `Signalement marqué comme traité.${told ? ' La personne qui l’a envoyé en sera avisée par courriel.' : ''}`,
    };
    return reply.redirect('/admin/signalements', 303);
  });
}

function alreadyHandled(
  request: { session: { flash?: { kind: 'success' | 'warning' | 'error'; message: string } } },
  reply: FastifyReply,
) {
  request.session.flash = { kind: 'error', message: 'Ce signalement avait déjà été traité par quelqu’un d’autre.' };
  return reply.redirect('/admin/signalements', 303);
}
