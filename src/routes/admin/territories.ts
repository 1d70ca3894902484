import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TerritoryKind } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { parseForm, type FieldErrors } from '../../forms/form.js';
import { parseIdParam } from '../../forms/id-param.js';
import { territoryAliasForm, territoryForm } from '../../forms/territory.js';
import {
  addTerritoryAlias,
  countChildren,
  createTerritory,
  deleteTerritory,
  findTerritory,
  listPossibleParents,
  listTerritoryIds,
  territoryReport,
  updateTerritory,
  type TerritoryRow,
  type TerritorySaveResult,
} from '../../queries/territories.js';
import { requireAdmin } from './require-admin.js';

type Params = { Params: { id: string } };
type Values = Record<string, unknown>;

const SAVE_ERRORS: Record<Exclude<TerritorySaveResult, 'saved' | 'missing'>, FieldErrors> = {
  'name-taken': { name: 'Un territoire porte déjà ce nom.' },
  'bad-parent': { parentId: 'Choisissez un territoire de la liste qui peut contenir celui-ci.' },
  'kind-locked': { kind: 'Ce territoire en contient d’autres\u00a0: son type ne peut pas changer.' },
};

const KINDS: { value: TerritoryKind; label: string }[] = [
  { value: 'region', label: 'Région' },
  { value: 'mrc', label: 'MRC' },
  { value: 'municipalite', label: 'Municipalité' },
];

/** /admin/territoires: the hierarchy the territory filter uses and the texts it cannot read (decision 088). */
export async function adminTerritoryRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('preHandler', async (request, reply) => {
    if (reply.sent) return reply;
    if (!(await requireAdmin(request, reply))) return reply;
  });

  const render = (reply: FastifyReply, errors: FieldErrors = {}, values: Values = {}) =>
    reply.view('admin/territories/list', {
      title: 'Territoires',
      report: territoryReport(app.db),
      territories: listTerritoryIds(app.db),
      errors,
      values,
    });

  const renderForm = (reply: FastifyReply, territory: TerritoryRow | null, values: Values, errors: FieldErrors = {}) =>
    reply.view('admin/territories/edit', {
      title: territory ? `Modifier ${territory.name}` : 'Nouveau territoire',
      territory,
      values,
      errors,
      kinds: KINDS,
      // Every possible parent, grouped by the kind it can contain; the form's choice is checked on save.
      parents: [
        ...listPossibleParents(app.db, 'mrc').map((p) => ({ ...p, label: `${p.name} (région)` })),
        ...listPossibleParents(app.db, 'municipalite', territory?.id).map((p) => ({
          ...p,
          label: /\bMRC\b/.test(p.name) ? p.name : `${p.name} (MRC)`,
        })),
      ],
      children: territory ? countChildren(app.db, territory.id) : 0,
    });

  const find = (request: FastifyRequest<Params>) => {
    const id = parseIdParam(request.params.id);
    return id === null ? null : findTerritory(app.db, id);
  };

  app.get('/', async function listTerritories(_request, reply) {
    return render(reply);
  });

  app.get('/nouveau', async function newTerritory(_request, reply) {
    return renderForm(reply, null, { kind: 'municipalite' });
  });

  app.post('/nouveau', async function addTerritory(request, reply) {
    const form = parseForm(territoryForm, request.body);
    if (!form.ok) return renderForm(reply.code(422), null, form.values, form.errors);
    const result = inTransaction(app.db, () => createTerritory(app.db, form.data));
    if (result !== 'saved' && result !== 'missing') {
      return renderForm(reply.code(422), null, request.body as Values, SAVE_ERRORS[result]);
    }
    request.session.flash = { kind: 'success', message: `${form.data.name} a été ajouté aux territoires.` };
    return reply.redirect('/admin/territoires', 303);
  });

  app.get<Params>('/:id', async function editTerritory(request, reply) {
    const territory = find(request);
    if (!territory) return reply.callNotFound();
    const { name, kind, parentId, aliases } = territory;
    return renderForm(reply, territory, { name, kind, parentId: parentId ?? '', aliases: aliases.join('\n') });
  });

  app.post<Params>('/:id', async function saveTerritory(request, reply) {
    const territory = find(request);
    if (!territory) return reply.callNotFound();
    const form = parseForm(territoryForm, request.body);
    if (!form.ok) return renderForm(reply.code(422), territory, form.values, form.errors);
    const result = inTransaction(app.db, () => updateTerritory(app.db, territory.id, form.data));
    if (result === 'missing') return reply.callNotFound();
    if (result !== 'saved') return renderForm(reply.code(422), territory, request.body as Values, SAVE_ERRORS[result]);
    request.session.flash = {
      kind: 'success',
      message:
        form.data.name === territory.name
          ? `${territory.name} a été enregistré.`
          : `${territory.name} s’appelle maintenant ${form.data.name}\u00a0; l’ancien nom reste reconnu sur les fiches.`,
    };
    return reply.redirect('/admin/territoires', 303);
  });

  app.post<Params>('/:id/supprimer', async function removeTerritory(request, reply) {
    const territory = find(request);
    if (!territory) return reply.callNotFound();
    const deleted = inTransaction(app.db, () => deleteTerritory(app.db, territory.id));
    request.session.flash = deleted
      ? { kind: 'success', message: `${territory.name} a été retiré des territoires.` }
      : {
          kind: 'error',
          message: `${territory.name} contient d’autres territoires\u00a0: déplacez-les ou retirez-les d’abord.`,
        };
    return reply.redirect(deleted ? '/admin/territoires' : `/admin/territoires/${territory.id}`, 303);
  });

  app.post('/alias', async function matchTerritoryText(request, reply) {
    const form = parseForm(territoryAliasForm, request.body);
    if (!form.ok) return render(reply.code(422), form.errors, form.values);
    const { text, territoryId } = form.data;
    const added = inTransaction(app.db, () => addTerritoryAlias(app.db, territoryId, text));
    if (!added) return render(reply.code(422), { territoryId: 'Ce territoire n’existe plus.' }, form.data);
    request.session.flash = {
      kind: 'success',
      message: `«\u00a0${text}\u00a0» est maintenant reconnu par le filtre des territoires.`,
    };
    return reply.redirect('/admin/territoires', 303);
  });
}
