import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CorrectionProblem } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { EDITABLE_FIELDS, ORGANISATION_FIELDS, type OrganisationFields } from '../fields/organisation.js';
import type { FieldErrors } from '../forms/form.js';
import { parsePartnerProposal, type PartnerProposal } from '../forms/verification.js';
import { hashToken, isTokenShaped } from '../lib/verification-tokens.js';
import { listContactsOfOrganisation } from '../queries/contact-edits.js';
import { recordCorrectionReport } from '../queries/corrections.js';
import {
  confirmByPartner,
  findRequestByTokenHash,
  markAnswered,
  markRequestOpened,
  type RequestWithEntry,
} from '../queries/verification-rounds.js';

type TokenParams = { Params: { token: string } };

/** What a proposal touches, for the queue's « inexact » line. */
const PROBLEM_OF_FIELD: Partial<Record<keyof OrganisationFields, CorrectionProblem>> = {
  phone: 'telephone',
  phoneExtension: 'telephone',
  tollFreePhone: 'telephone',
  address: 'adresse',
  city: 'adresse',
  postalCode: 'adresse',
  hours: 'heures',
  summary: 'services',
  description: 'services',
};

/** The partner's side of a verification round: one link per organisation, no account (decision 093). */
export async function verificationRoutes(app: FastifyInstance): Promise<void> {
  // The token is a credential: pages are never cached and never sent as a Referer elsewhere.
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('cache-control', 'no-store');
    reply.header('referrer-policy', 'no-referrer');
    return payload;
  });

  /** The request behind the URL's token; answers 404 (unknown, tampered) or 410 (expired, revoked) itself. */
  async function open(request: FastifyRequest<TokenParams>, reply: FastifyReply): Promise<RequestWithEntry | null> {
    const { token } = request.params;
    const found = isTokenShaped(token) ? findRequestByTokenHash(app.db, hashToken(token)) : null;
    if (!found) {
      await reply.callNotFound();
      return null;
    }
    if (found.state !== 'ok') {
      reply.code(410);
      await reply.view('pages/verification-closed', {
        title: 'Lien de vérification échu',
        state: found.state,
        coordinationEmail: app.config.coordinationEmail,
      });
      return null;
    }
    return found;
  }

  const base = (request: FastifyRequest<TokenParams>) => `/verification/${request.params.token}`;

  app.get<TokenParams>('/verification/:token', async function showVerification(request, reply) {
    const found = await open(request, reply);
    if (!found) return reply;
    markRequestOpened(app.db, found.request.id);
    return reply.view('pages/verification', {
      title: `Vérification de la fiche\u00a0: ${found.organisation.name}`,
      organisation: found.organisation,
      contacts: listContactsOfOrganisation(app.db, found.organisation.id),
      fields: ORGANISATION_FIELDS,
      answer: found.request.answer,
      expiresAt: found.request.expiresAt,
      base: base(request),
      csrfToken: await reply.generateCsrf(),
    });
  });

  app.post<TokenParams>(
    '/verification/:token/confirmer',
    { preHandler: app.csrfProtection, config: { rateLimit: { max: 30, timeWindow: '1 hour' } } },
    async function confirmEntry(request, reply) {
      const found = await open(request, reply);
      if (!found) return reply;
      confirmByPartner(app.db, found.request);
      request.log.info({ requestId: found.request.id }, 'entry confirmed by partner');
      return reply.redirect(`${base(request)}/merci?reponse=exact`, 303);
    },
  );

  const renderProposal = async (
    request: FastifyRequest<TokenParams>,
    reply: FastifyReply,
    found: RequestWithEntry,
    values: Record<string, unknown>,
    errors: FieldErrors = {},
  ) =>
    reply.view('pages/verification-proposal', {
      title: `Proposer des changements\u00a0: ${found.organisation.name}`,
      organisation: found.organisation,
      contacts: listContactsOfOrganisation(app.db, found.organisation.id),
      fields: ORGANISATION_FIELDS,
      values,
      errors,
      base: base(request),
      csrfToken: await reply.generateCsrf(),
    });

  app.get<TokenParams>('/verification/:token/proposer', async function showProposalForm(request, reply) {
    const found = await open(request, reply);
    if (!found) return reply;
    markRequestOpened(app.db, found.request.id);
    const values = Object.fromEntries(EDITABLE_FIELDS.map((field) => [field, found.organisation[field] ?? '']));
    return renderProposal(request, reply, found, values);
  });

  app.post<TokenParams>(
    '/verification/:token/proposer',
    { preHandler: app.csrfProtection, config: { rateLimit: { max: 30, timeWindow: '1 hour' } } },
    async function proposeChanges(request, reply) {
      const found = await open(request, reply);
      if (!found) return reply;
      const contacts = listContactsOfOrganisation(app.db, found.organisation.id);
      const form = parsePartnerProposal(request.body, found.organisation, new Set(contacts.map((c) => c.id)));
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (!form.ok) {
        reply.code(422);
        return renderProposal(request, reply, found, form.values, form.errors);
      }
      const proposal = form.data;
      if (
        !Object.keys(proposal.changed).length &&
        !proposal.leftContactIds.length &&
        !proposal.newContact &&
        !proposal.comment
      ) {
        reply.code(422);
        return renderProposal(request, reply, found, body, {
          _form:
            'Vous n’avez rien changé. Si tout est exact, revenez à la page précédente et choisissez «\u00a0Tout est exact\u00a0».',
        });
      }
      inTransaction(app.db, () => {
        recordCorrectionReport(app.db, {
          organisationId: found.organisation.id,
          requestId: found.request.id,
          problems: problemsOf(proposal),
          details: describeProposal(proposal, contacts),
          proposed: { ...proposal.changed, ...(proposal.newContact ? { newContact: proposal.newContact } : {}) },
          reporterName: null,
          reporterEmail: found.request.recipient,
        });
        markAnswered(app.db, found.request.id, 'changes');
      });
      request.log.info({ requestId: found.request.id }, 'changes proposed by partner');
      return reply.redirect(`${base(request)}/merci?reponse=changements`, 303);
    },
  );

  app.get<TokenParams & { Querystring: { reponse?: string } }>(
    '/verification/:token/merci',
    async function showVerificationThanks(request, reply) {
      const found = await open(request, reply);
      if (!found) return reply;
      return reply.view('pages/verification-thanks', {
        title: 'Merci',
        organisation: found.organisation,
        changes: request.query.reponse === 'changements',
        base: base(request),
      });
    },
  );
}

function problemsOf(proposal: PartnerProposal): CorrectionProblem[] {
  const problems = new Set<CorrectionProblem>();
  for (const field of Object.keys(proposal.changed) as (keyof OrganisationFields)[]) {
    problems.add(PROBLEM_OF_FIELD[field] ?? 'autre');
  }
  if (proposal.leftContactIds.length || proposal.newContact) problems.add('personne');
  if (!problems.size) problems.add('autre');
  return [...problems];
}

function describeProposal(proposal: PartnerProposal, contacts: { id: number; name: string }[]): string {
  const lines = ['Changements proposés par l’organisme (tournée de vérification).'];
  const left = contacts.filter((c) => proposal.leftContactIds.includes(c.id)).map((c) => c.name);
  if (left.length) lines.push(`A quitté l’organisme\u00a0: ${left.join(', ')}.`);
  const p = proposal.newContact;
  if (p) {
    const coordinates = [
      p.role,
      p.phone && (p.phoneExtension ? `${p.phone}, poste ${p.phoneExtension}` : p.phone),
      p.email,
    ]
      .filter(Boolean)
      .join(', ');
    lines.push(`Nouvelle personne-ressource\u00a0: ${p.name}${coordinates ? ` (${coordinates})` : ''}.`);
  }
  if (proposal.comment) lines.push(`Commentaire\u00a0: ${proposal.comment}`);
  return lines.join('\n\n');
}
