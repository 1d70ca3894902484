import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Organisation } from '../db/schema.js';
import { correctionForm, DETAILS_MAX, PROBLEM_LABELS } from '../forms/correction.js';
import { parseForm, type FieldErrors } from '../forms/form.js';
import { recordCorrectionReport, type ProposedValues } from '../queries/corrections.js';
import { findOrganisationBySlug } from '../queries/organisations.js';

type SlugParams = { Params: { slug: string } };

/** Reports per address: enough for a person with several fixes, too few to flood the queue. */
export const CORRECTION_RATE = { max: 10, timeWindow: '1 hour' };

/** « Signaler une correction »: anyone, no account; a report waits for the coordination (decision 090). */
export async function correctionRoutes(app: FastifyInstance): Promise<void> {
  // The form carries a per-visitor CSRF token: never cached, by the browser or the page cache.
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('cache-control', 'no-store');
    return payload;
  });

  const renderForm = async (
    reply: FastifyReply,
    organisation: Organisation,
    values: Record<string, unknown> = {},
    errors: FieldErrors = {},
  ) =>
    reply.view('pages/correction', {
      title: `Signaler une correction\u00a0: ${organisation.name}`,
      organisation,
      correctionFor: organisation.slug,
      problemLabels: PROBLEM_LABELS,
      detailsMax: DETAILS_MAX,
      csrfToken: await reply.generateCsrf(),
      values,
      errors,
    });

  const organisationOf = (slug: string) => findOrganisationBySlug(app.db, slug)?.organisation ?? null;

  app.get<SlugParams>('/signaler/:slug', async function showCorrectionForm(request, reply) {
    const organisation = organisationOf(request.params.slug);
    if (!organisation) return reply.callNotFound();
    return renderForm(reply, organisation);
  });

  app.post<SlugParams>(
    '/signaler/:slug',
    { preHandler: app.csrfProtection, config: { rateLimit: CORRECTION_RATE } },
    async function reportCorrection(request, reply) {
      const organisation = organisationOf(request.params.slug);
      if (!organisation) return reply.callNotFound();
      const body = (request.body ?? {}) as Record<string, unknown>;
      const thanks = `/signaler/${organisation.slug}/merci`;
      // A filled honeypot is a robot: it gets the same answer as a person, and nothing is stored.
      if (body.site !== undefined && body.site !== '') {
        request.log.info('correction honeypot filled');
        return reply.redirect(thanks, 303);
      }
      const form = parseForm(correctionForm, body);
      if (!form.ok) {
        reply.code(422);
        return renderForm(reply, organisation, form.values, form.errors);
      }
      const { problems, details, phone, email, reporterName, reporterEmail } = form.data;
      const proposed: ProposedValues = {};
      if (phone) proposed.phone = phone;
      if (email) proposed.email = email;
      // Never log the report itself: it may hold the reporter's name and address.
      const report = recordCorrectionReport(app.db, {
        organisationId: organisation.id,
        problems,
        details,
        proposed,
        reporterName,
        reporterEmail,
      });
      request.log.info({ reportId: report.id }, 'correction reported');
      return reply.redirect(thanks, 303);
    },
  );

  app.get<SlugParams>('/signaler/:slug/merci', async function showThanks(request, reply) {
    const organisation = organisationOf(request.params.slug);
    if (!organisation) return reply.callNotFound();
    return reply.view('pages/correction-sent', {
      title: 'Merci de votre signalement',
      organisation,
      correctionFor: organisation.slug,
    });
  });
}
