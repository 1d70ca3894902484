import type { FastifyInstance, FastifyReply } from 'fastify';
import { ORGANISATION_FIELDS } from '../../fields/organisation.js';
import { parseForm, type FieldErrors } from '../../forms/form.js';
import { organisationForm, parseThemeLinks, type ThemeLinkInput } from '../../forms/organisation.js';
import { describeEntryValue, diffSnapshots, organisationLabel } from '../../lib/revision-diff.js';
import { organisationListQuery } from '../../forms/organisation-list.js';
import { parseQuery } from '../../forms/query.js';
import { listOrganisationsForAdmin } from '../../queries/admin-organisations.js';
import {
  createOrganisation,
  EDITABLE_FIELDS,
  saveOrganisation,
  setOrganisationStatus,
  snapshotOrganisation,
  verifyOrganisation,
} from '../../queries/organisation-edits.js';
import { listContactsOfOrganisation } from '../../queries/contact-edits.js';
import { findOrganisationById } from '../../queries/organisations.js';
import { listThemes } from '../../queries/themes.js';
import type { Organisation } from '../../db/schema.js';
import { renderBadRequest } from '../errors.js';
import { idOf, notFoundUnlessIdParam } from '../id-param.js';
import { savedFlash } from './arbre-overflow.js';
import { chosenFields, closeAppliedReport, reportToApply, withProposedValues } from './correction-apply.js';

type Body = Record<string, unknown>;
type IdParams = { Params: { id: string } };

/** Form values as the template wants them: strings, from a saved entry or from what was typed. */
function valuesFrom(organisation: Organisation | null): Record<string, unknown> {
  if (!organisation) return { audiences: [] };
  const values: Record<string, unknown> = Object.fromEntries(EDITABLE_FIELDS.map((f) => [f, organisation[f] ?? '']));
  values.audiences = organisation.audiences ? organisation.audiences.split(',') : [];
  return values;
}

function linksFrom(body: Body): Map<number, { note: string; contactId: string }> {
  const checked = ([] as unknown[]).concat(body.theme ?? []).map(Number);
  return new Map(
    checked.map((id) => [
      id,
      { note: String(body[`note_${id}`] ?? ''), contactId: String(body[`contact_${id}`] ?? '') },
    ]),
  );
}

const linksOf = (links: ThemeLinkInput[]) =>
  new Map(
    links.map((l) => [l.themeId, { note: l.note ?? '', contactId: l.contactId === null ? '' : String(l.contactId) }]),
  );

export async function adminOrganisationRoutes(app: FastifyInstance): Promise<void> {
  notFoundUnlessIdParam(app);
  function renderForm(
    reply: FastifyReply,
    view: {
      organisation: Organisation | null;
      values: Record<string, unknown>;
      links: Map<number, { note: string; contactId: string }>;
      errors?: FieldErrors;
      version?: number;
      conflict?: unknown;
      report?: unknown;
    },
  ) {
    const { organisation } = view;
    return reply.view('admin/organisations/edit', {
      title: organisation ? `Modifier\u00a0: ${organisation.name}` : 'Nouvel organisme',
      themes: listThemes(app.db),
      contacts: organisation ? listContactsOfOrganisation(app.db, organisation.id) : [],
      errors: view.errors ?? {},
      version: view.version ?? organisation?.version ?? 0,
      conflict: view.conflict ?? null,
      report: view.report ?? null,
      fields: ORGANISATION_FIELDS,
      ...view,
    });
  }

  app.get('/', async function listOrganisations(request, reply) {
    const query = parseQuery(organisationListQuery, request.query);
    if (!query.ok) return renderBadRequest(reply, query.message);
    const { q, statut: status, theme: themeId, averifier: staleOnly, tri: sort, page } = query.data;
    const { rows, total } = listOrganisationsForAdmin(app.db, { q, status, themeId, staleOnly, sort, page });
    return reply.view('admin/organisations/list', {
      title: 'Organismes',
      rows,
      total,
      page,
      pages: Math.max(1, Math.ceil(total / 50)),
      filters: { q: q ?? '', statut: status, theme: themeId ?? '', averifier: staleOnly, tri: sort },
      themes: listThemes(app.db),
    });
  });

  app.get('/nouveau', async (_request, reply) =>
    renderForm(reply, { organisation: null, values: valuesFrom(null), links: new Map() }),
  );

  app.post('/', async function createOrganisationHandler(request, reply) {
    const body = (request.body ?? {}) as Body;
    const form = parseForm(organisationForm, body);
    const themeIds = new Set(listThemes(app.db).map((t) => t.id));
    const { links, errors: linkErrors } = parseThemeLinks(body, { themeIds, contactIds: new Set() });
    if (!form.ok || Object.keys(linkErrors).length) {
      reply.code(422);
      return renderForm(reply, {
        organisation: null,
        values: body,
        links: linksFrom(body),
        errors: { ...(form.ok ? {} : form.errors), ...linkErrors },
      });
    }
    const created = createOrganisation(app.db, request.user!.id, form.data, links);
    request.session.flash = savedFlash(app, `«\u00a0${created.name}\u00a0» a été ajouté au répertoire.`);
    return reply.redirect(`/admin/organismes/${created.id}`, 303);
  });

  app.get<IdParams & { Querystring: { signalement?: string; champ?: string | string[] } }>(
    '/:id',
    async function editOrganisation(request, reply) {
      const organisation = findOrganisationById(app.db, idOf(request));
      if (!organisation) return reply.callNotFound();
      // « Appliquer » from the correction queue: the report's typed values pre-filled (decision 091).
      const report = reportToApply(app, request.query.signalement, organisation.id);
      return renderForm(reply, {
        organisation,
        report,
        // Only the proposed values the coordination ticked in the queue, when it ticked some (field by field).
        values: withProposedValues(valuesFrom(organisation), report, chosenFields(request.query.champ)),
        links: linksOf(snapshotOrganisation(app.db, organisation).themes),
      });
    },
  );

  app.post<IdParams>('/:id', async function updateOrganisation(request, reply) {
    const organisation = findOrganisationById(app.db, idOf(request));
    if (!organisation) return reply.callNotFound();
    const body = (request.body ?? {}) as Body;
    const form = parseForm(organisationForm, body);
    const themeIds = new Set(listThemes(app.db).map((t) => t.id));
    const contactIds = new Set(listContactsOfOrganisation(app.db, organisation.id).map((c) => c.id));
    const { links, errors: linkErrors } = parseThemeLinks(body, { themeIds, contactIds });
    const submittedVersion = Number(body.version);
    if (!form.ok || Object.keys(linkErrors).length) {
      reply.code(422);
      return renderForm(reply, {
        organisation,
        values: body,
        links: linksFrom(body),
        version: submittedVersion,
        report: reportToApply(app, body.signalement, organisation.id),
        errors: { ...(form.ok ? {} : form.errors), ...linkErrors },
      });
    }
    const result = saveOrganisation(app.db, request.user!.id, organisation.id, submittedVersion, form.data, links);
    if (result.status === 'missing') return reply.callNotFound();
    if (result.status === 'conflict') {
      // Someone saved in between: show both versions; saving again (with the new version number) is a deliberate overwrite.
      const { version: _version, ...fields } = form.data;
      const mine = { ...result.currentSnapshot, ...fields, themes: links };
      reply.code(409);
      return renderForm(reply, {
        organisation: result.current,
        values: body,
        links: linksFrom(body),
        version: result.current.version,
        report: reportToApply(app, body.signalement, organisation.id),
        conflict: diffSnapshots(
          result.currentSnapshot,
          mine,
          describeEntryValue(new Map(listThemes(app.db).map((t) => [t.id, t.name]))),
          organisationLabel,
        ),
      });
    }
    closeAppliedReport(app, request, body.signalement, organisation, result.organisation);
    request.session.flash = savedFlash(app, 'Modifications enregistrées.');
    return reply.redirect(`/admin/organismes/${organisation.id}`, 303);
  });

  app.post<IdParams>('/:id/archiver', async (request, reply) => {
    const updated = setOrganisationStatus(app.db, request.user!.id, idOf(request), 'archived');
    if (!updated) return reply.callNotFound();
    request.session.flash = {
      kind: 'success',
      message: `«\u00a0${updated.name}\u00a0» est archivé\u00a0: il n’apparaît plus au répertoire ni sur l’Arbre.`,
    };
    return reply.redirect(`/admin/organismes/${updated.id}`, 303);
  });

  app.post<IdParams>('/:id/restaurer', async (request, reply) => {
    const updated = setOrganisationStatus(app.db, request.user!.id, idOf(request), 'active');
    if (!updated) return reply.callNotFound();
    request.session.flash = { kind: 'success', message: `«\u00a0${updated.name}\u00a0» est de retour au répertoire.` };
    return reply.redirect(`/admin/organismes/${updated.id}`, 303);
  });

  app.post<IdParams>('/:id/verifier', async (request, reply) => {
    const id = idOf(request);
    if (!verifyOrganisation(app.db, request.user!.id, id)) return reply.callNotFound();
    request.session.flash = { kind: 'success', message: 'Fiche marquée comme vérifiée aujourd’hui.' };
    return reply.redirect(`/admin/organismes/${id}`, 303);
  });
}
