import type { FastifyInstance, FastifyReply } from 'fastify';
import { inTransaction } from '../../db/transaction.js';
import { parseForm, type FieldErrors } from '../../forms/form.js';
import { territoryAliasForm } from '../../forms/territory.js';
import { addTerritoryAlias, listTerritoryIds, territoryReport } from '../../queries/territories.js';
import { requireAdmin } from './require-admin.js';

/** /admin/territoires: the hierarchy the territory filter uses and the texts it cannot read (decision 088). */
export async function adminTerritoryRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('preHandler', async (request, reply) => {
    if (reply.sent) return reply;
    if (!(await requireAdmin(request, reply))) return reply;
  });

  const render = (reply: FastifyReply, errors: FieldErrors = {}, values: Record<string, unknown> = {}) =>
    reply.view('admin/territories/list', {
      title: 'Territoires',
      report: territoryReport(app.db),
      territories: listTerritoryIds(app.db),
      errors,
      values,
    });

  app.get('/', async function listTerritories(_request, reply) {
    return render(reply);
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
