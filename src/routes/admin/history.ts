import type { FastifyInstance } from 'fastify';
import { describeEntryValue, diffSnapshots, labelFor } from '../../lib/revision-diff.js';
import { findContactById, restoreContact, saveContact, type ContactFields } from '../../queries/contact-edits.js';
import { revertOrganisation } from '../../queries/organisation-edits.js';
import { findOrganisationById } from '../../queries/organisations.js';
import { findRevision, listOrganisationRevisions, type RevisionWithAuthor } from '../../queries/revisions.js';
import { listThemes } from '../../queries/themes.js';
import { idOf, notFoundUnlessIdParam } from '../id-param.js';

type IdParams = { Params: { id: string } };

/** Which revisions offer a restore button, and what it does. */
export function restoreKind(revision: RevisionWithAuthor): 'organisation' | 'contact-back' | 'contact-version' | null {
  // Only whole snapshots (they carry the status): a thème deletion records thème names, and restoring those would drop every link.
  if (
    revision.entityType === 'organisation' &&
    revision.after &&
    'themes' in revision.after &&
    'status' in revision.after
  )
    return 'organisation';
  if (revision.entityType === 'contact' && revision.action === 'delete' && revision.before) return 'contact-back';
  if (revision.entityType === 'contact' && revision.after && 'organisationId' in revision.after)
    return 'contact-version';
  return null;
}

export async function adminHistoryRoutes(app: FastifyInstance): Promise<void> {
  notFoundUnlessIdParam(app);
  app.get<IdParams>('/organismes/:id/historique', async function showHistory(request, reply) {
    const organisation = findOrganisationById(app.db, idOf(request));
    if (!organisation) return reply.callNotFound();
    const describe = describeEntryValue(new Map(listThemes(app.db).map((t) => [t.id, t.name])));
    const revisions = listOrganisationRevisions(app.db, organisation.id).map((revision) => ({
      ...revision,
      changes: diffSnapshots(revision.before, revision.after, describe, labelFor(revision.entityType)).filter(
        (c) => c.field !== 'organisationId',
      ),
      restore: restoreKind(revision),
    }));
    return reply.view('admin/organisations/history', {
      title: `Historique\u00a0: ${organisation.name}`,
      organisation,
      revisions,
    });
  });

  app.post<IdParams>('/revisions/:id/restaurer', async function restoreRevision(request, reply) {
    const revision = findRevision(app.db, idOf(request));
    if (!revision) return reply.callNotFound();
    const userId = request.user!.id;
    const kind = restoreKind(revision);
    let organisationId = revision.organisationId ?? revision.entityId;
    let message = 'Cette version ne peut pas être rétablie.';
    if (kind === 'organisation' && revision.after) {
      const result = revertOrganisation(app.db, userId, revision.entityId, revision.after);
      organisationId = revision.entityId;
      if (result.status === 'saved') message = 'La version choisie a été rétablie.';
    } else if (kind === 'contact-back' && revision.before) {
      const restored = restoreContact(app.db, userId, revision.before);
      if (restored) message = `${restored.name} a été rétabli·e parmi les personnes-ressources.`;
    } else if (kind === 'contact-version' && revision.after) {
      const contact = findContactById(app.db, revision.entityId);
      if (contact) {
        const result = saveContact(app.db, userId, contact.id, contact.version, {
          ...contact,
          ...(revision.after as Partial<ContactFields>),
        });
        if (result.status === 'saved') message = `Les coordonnées de ${contact.name} ont été rétablies.`;
      } else {
        message = 'Cette personne a été retirée\u00a0: rétablissez-la d’abord.';
      }
    }
    request.session.flash = { kind: message.startsWith('Cette') ? 'error' : 'success', message };
    return reply.redirect(`/admin/organismes/${organisationId}/historique`, 303);
  });
}
