import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { inTransaction } from '../../db/transaction.js';
import { crisisLineForm } from '../../forms/crisis-line.js';
import { parseForm, type FieldErrors } from '../../forms/form.js';
import { parseIdParam } from '../../forms/id-param.js';
import {
  deleteCrisisLine,
  insertCrisisLine,
  listCrisisLines,
  nextCrisisPosition,
  updateCrisisLine,
} from '../../queries/crisis-lines.js';
import { requireAdmin } from './require-admin.js';

type LineParams = { Params: { id: string } };
type FormValues = Record<string, unknown>;

const FIELD_LABELS = { label: 'À quoi sert la ligne', number: 'Numéro', position: 'Ordre' };

// Owned by the Arbre work (issue 13): the crisis box printed first on the sheet.
export async function adminCrisisLineRoutes(app: FastifyInstance): Promise<void> {
  // What every printed Arbre says first: administrators only, like the thèmes.
  app.addHook('preHandler', async (request, reply) => {
    if (reply.sent) return reply;
    if (!(await requireAdmin(request, reply))) return reply;
  });

  const render = (reply: FastifyReply, values: FormValues, errors: FieldErrors = {}, editing: number | null = null) =>
    reply.view('admin/crisis-lines', {
      title: 'Lignes d’urgence de l’Arbre',
      lines: listCrisisLines(app.db),
      values,
      errors,
      editing,
      fieldLabels: FIELD_LABELS,
    });

  const blank = (): FormValues => ({ position: String(nextCrisisPosition(app.db)) });

  app.get('/', async function listLines(_request, reply) {
    return render(reply, blank());
  });

  app.post('/', async function addLine(request, reply) {
    const form = parseForm(crisisLineForm, request.body);
    if (!form.ok) return render(reply.code(422), form.values, form.errors);
    const line = inTransaction(app.db, () =>
      insertCrisisLine(app.db, { ...form.data, position: form.data.position ?? nextCrisisPosition(app.db) }),
    );
    request.session.flash = { kind: 'success', message: `La ligne «\u00a0${line.label}\u00a0» a été ajoutée.` };
    return reply.redirect('/admin/urgences', 303);
  });

  const lineOf = (request: FastifyRequest<LineParams>) => {
    const id = parseIdParam(request.params.id);
    return id === null ? null : (listCrisisLines(app.db).find((line) => line.id === id) ?? null);
  };

  app.get<LineParams>('/:id', async function editLine(request, reply) {
    const line = lineOf(request);
    if (!line) return reply.callNotFound();
    return render(reply, { label: line.label, number: line.number, position: String(line.position) }, {}, line.id);
  });

  app.post<LineParams>('/:id', async function saveLine(request, reply) {
    const line = lineOf(request);
    if (!line) return reply.callNotFound();
    const form = parseForm(crisisLineForm, request.body);
    if (!form.ok) return render(reply.code(422), form.values, form.errors, line.id);
    const saved = inTransaction(app.db, () =>
      updateCrisisLine(app.db, line.id, { ...form.data, position: form.data.position ?? line.position }),
    );
    if (!saved) return reply.callNotFound();
    request.session.flash = { kind: 'success', message: `La ligne «\u00a0${saved.label}\u00a0» a été enregistrée.` };
    return reply.redirect('/admin/urgences', 303);
  });

  app.post<LineParams>('/:id/retirer', async function removeLine(request, reply) {
    const line = lineOf(request);
    if (!line) return reply.callNotFound();
    inTransaction(app.db, () => deleteCrisisLine(app.db, line.id));
    request.session.flash = {
      kind: 'success',
      message: `La ligne «\u00a0${line.label}\u00a0» a été retirée de l’Arbre.`,
    };
    return reply.redirect('/admin/urgences', 303);
  });
}
