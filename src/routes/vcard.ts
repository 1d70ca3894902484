import type { FastifyInstance } from 'fastify';
import { buildVCard, stableUuid, vcardContentDisposition } from '../lib/open-data/vcard.js';
import { findOrganisationBySlug } from '../queries/organisations.js';
import { getDataset } from '../queries/site-meta.js';

/** Saves a personne-ressource to a phone's address book in one tap: /organismes/:slug/personnes/:id.vcf. */
export async function vcardRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { slug: string; id: string } }>(
    '/organismes/:slug/personnes/:id.vcf',
    async function downloadContactCard(request, reply) {
      const { slug, id } = request.params;
      const detail = /^\d{1,9}$/.test(id) ? findOrganisationBySlug(app.db, slug) : null;
      if (!detail || detail.organisation.status !== 'active') return reply.callNotFound();
      const person = detail.contacts.find((contact) => contact.id === Number(id));
      if (!person) return reply.callNotFound();
      const organisation = detail.organisation;
      // Contacts are listed main person first, so the first one answers for thèmes nobody was designated for.
      const isFallback = detail.contacts[0]?.id === person.id;
      const themes = detail.themes
        .filter((link) => link.contactId === person.id || (link.contactId === null && isFallback))
        .map((link) => link.theme.name);
      // Without a direct line, the card carries the main number the page tells people to call.
      const phone = person.phone ?? organisation.phone;
      const extension = person.phone ? person.phoneExtension : (person.phoneExtension ?? organisation.phoneExtension);
      const card = buildVCard({
        name: person.name,
        role: person.role,
        organisation: organisation.name,
        phone,
        phoneExtension: extension,
        email: person.email,
        url: app.config.publicUrl ? `${app.config.publicUrl}/organismes/${organisation.slug}` : null,
        themes,
        // A fictional person saved to a phone must say so wherever the card ends up.
        notice: getDataset(app.db) === 'demo' ? 'Données de démonstration : personne fictive, ne pas appeler.' : null,
        revision: [person.updatedAt, organisation.updatedAt].sort().at(-1)!,
        uid: `urn:uuid:${stableUuid(`${app.config.publicUrl ?? app.config.siteName}/contacts/${person.id}`)}`,
      });
      return reply
        .type('text/vcard; charset=utf-8')
        .header('content-disposition', vcardContentDisposition(person.name))
        .header('cache-control', 'no-cache')
        .send(card);
    },
  );
}
