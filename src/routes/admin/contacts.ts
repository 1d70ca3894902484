import type { FastifyInstance, FastifyReply } from 'fastify';
import { CONTACT_FIELDS } from '../../fields/contact.js';
import { savedFlash } from './arbre-overflow.js';
import { contactForm } from '../../forms/contact.js';
import { parseForm, type FieldErrors } from '../../forms/form.js';
import type { Contact, Organisation } from '../../db/schema.js';
import {
  createContact,
  deleteContact,
  findContactById,
  moveContact,
  saveContact,
  verifyContact,
} from '../../queries/contact-edits.js';
import { findOrganisationById } from '../../queries/organisations.js';
import { idOf, notFoundUnlessIdParam } from '../id-param.js';
import { proposedContact } from './correction-apply.js';

type IdParams = { Params: { id: string } };
type Body = Record<string, unknown>;

/** Personnes-ressources, edited from their organisation's admin page. */
export async function adminContactRoutes(app: FastifyInstance): Promise<void> {
  notFoundUnlessIdParam(app);
  const renderForm = (
    reply: FastifyReply,
    view: {
      organisation: Organisation;
      contact: Contact | null;
      values: Record<string, unknown>;
      errors?: FieldErrors;
      version?: number;
      conflict?: Contact | null;
    },
  ) =>
    reply.view('admin/contacts/edit', {
      title: view.contact
        ? `Modifier\u00a0: ${view.contact.name}`
        : `Nouvelle personne-ressource — ${view.organisation.name}`,
      errors: view.errors ?? {},
      version: view.version ?? view.contact?.version ?? 0,
      conflict: view.conflict ?? null,
      fields: CONTACT_FIELDS,
      ...view,
    });

  // Apart from the registry's form: an import must never touch consent, so only this form carries it (decision 073).
  const consentOf = (body: unknown) => (body as Body | null)?.openDataConsent === 'on';
  const backTo = (organisationId: number) => `/admin/organismes/${organisationId}#personnes`;

  app.get<IdParams & { Querystring: { signalement?: string } }>(
    '/organismes/:id/personnes/nouvelle',
    async (request, reply) => {
      const organisation = findOrganisationById(app.db, idOf(request));
      if (!organisation) return reply.callNotFound();
      // From a partner's proposal in the correction queue: the proposed person pre-filled (decision 091).
      const values = proposedContact(app, request.query.signalement, organisation.id);
      return renderForm(reply, { organisation, contact: null, values });
    },
  );

  app.post<IdParams>('/organismes/:id/personnes', async function addContact(request, reply) {
    const organisation = findOrganisationById(app.db, idOf(request));
    if (!organisation) return reply.callNotFound();
    const form = parseForm(contactForm, request.body);
    if (!form.ok) {
      reply.code(422);
      return renderForm(reply, { organisation, contact: null, values: form.values, errors: form.errors });
    }
    const { version: _version, ...fields } = form.data;
    const created = createContact(
      app.db,
      request.user!.id,
      organisation.id,
      fields,
      undefined,
      consentOf(request.body),
    );
    request.session.flash = savedFlash(app, `${created.name} a été ajouté·e aux personnes-ressources.`);
    return reply.redirect(backTo(organisation.id), 303);
  });

  app.get<IdParams>('/personnes/:id', async (request, reply) => {
    const contact = findContactById(app.db, idOf(request));
    const organisation = contact && findOrganisationById(app.db, contact.organisationId);
    if (!contact || !organisation) return reply.callNotFound();
    return renderForm(reply, {
      organisation,
      contact,
      values: {
        ...contact,
        isPrimary: contact.isPrimary ? 'on' : undefined,
        openDataConsent: contact.openDataConsentAt ? 'on' : undefined,
      },
    });
  });

  app.post<IdParams>('/personnes/:id', async function updateContact(request, reply) {
    const contact = findContactById(app.db, idOf(request));
    const organisation = contact && findOrganisationById(app.db, contact.organisationId);
    if (!contact || !organisation) return reply.callNotFound();
    const body = (request.body ?? {}) as Body;
    const form = parseForm(contactForm, body);
    if (!form.ok) {
      reply.code(422);
      return renderForm(reply, {
        organisation,
        contact,
        values: body,
        errors: form.errors,
        version: Number(body.version),
      });
    }
    const { version, ...fields } = form.data;
    const result = saveContact(app.db, request.user!.id, contact.id, version ?? -1, fields, consentOf(body));
    if (result.status === 'missing') return reply.callNotFound();
    if (result.status === 'conflict') {
      reply.code(409);
      return renderForm(reply, {
        organisation,
        contact: result.current,
        values: body,
        version: result.current.version,
        conflict: result.current,
      });
    }
    request.session.flash = savedFlash(app, `Coordonnées de ${result.contact.name} enregistrées.`);
    return reply.redirect(backTo(organisation.id), 303);
  });

  app.post<IdParams>('/personnes/:id/supprimer', async (request, reply) => {
    const removed = deleteContact(app.db, request.user!.id, idOf(request));
    if (!removed) return reply.callNotFound();
    request.session.flash = {
      kind: 'success',
      message: `${removed.name} a été retiré·e. Vous pouvez la ou le rétablir depuis l’historique de l’organisme.`,
    };
    return reply.redirect(backTo(removed.organisationId), 303);
  });

  app.post<IdParams>('/personnes/:id/verifier', async (request, reply) => {
    const contact = verifyContact(app.db, request.user!.id, idOf(request));
    if (!contact) return reply.callNotFound();
    request.session.flash = {
      kind: 'success',
      message: `Coordonnées de ${contact.name} marquées comme vérifiées aujourd’hui.`,
    };
    return reply.redirect(backTo(contact.organisationId), 303);
  });

  app.post<IdParams>('/personnes/:id/principale', async (request, reply) => {
    const contact = findContactById(app.db, idOf(request));
    if (!contact) return reply.callNotFound();
    saveContact(app.db, request.user!.id, contact.id, contact.version, { ...contact, isPrimary: true });
    request.session.flash = {
      kind: 'success',
      message: `${contact.name} est maintenant la personne-ressource principale.`,
    };
    return reply.redirect(backTo(contact.organisationId), 303);
  });

  for (const [path, direction] of [
    ['monter', 'up'],
    ['descendre', 'down'],
  ] as const) {
    app.post<IdParams>(`/personnes/:id/${path}`, async (request, reply) => {
      const contact = moveContact(app.db, request.user!.id, idOf(request), direction);
      if (!contact) return reply.callNotFound();
      return reply.redirect(backTo(contact.organisationId), 303);
    });
  }
}
