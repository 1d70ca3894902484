import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SearchSynonym } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { parseForm, type FieldErrors } from '../../forms/form.js';
import { parseIdParam } from '../../forms/id-param.js';
import { synonymForm } from '../../forms/synonym.js';
import {
  deleteSynonym,
  findSynonym,
  insertSynonym,
  listSynonyms,
  synonymIdForWord,
  updateSynonym,
} from '../../queries/search-synonyms.js';
import { requireAdmin } from './require-admin.js';

type Params = { Params: { id: string } };
type Values = Record<string, unknown>;

const WORD_TAKEN = 'Ce mot a déjà ses équivalents\u00a0: modifiez-le dans la liste.';

/** /admin/synonymes: the words the search also understands (decision 086), administrators only. */
export async function adminSynonymRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('preHandler', async (request, reply) => {
    if (reply.sent) return reply;
    if (!(await requireAdmin(request, reply))) return reply;
  });

  const renderList = (reply: FastifyReply, values: Values = {}, errors: FieldErrors = {}) =>
    reply.view('admin/synonyms/list', {
      title: 'Synonymes de la recherche',
      synonyms: listSynonyms(app.db),
      values,
      errors,
    });

  const renderEdit = (reply: FastifyReply, synonym: SearchSynonym, values: Values, errors: FieldErrors = {}) =>
    reply.view('admin/synonyms/edit', { title: `Synonymes de «\u00a0${synonym.word}\u00a0»`, synonym, values, errors });

  const find = (request: FastifyRequest<Params>) => {
    const id = parseIdParam(request.params.id);
    return id === null ? null : findSynonym(app.db, id);
  };

  app.get('/', async function listSynonymsPage(request, reply) {
    // « Ajouter un synonyme » from elsewhere (a search that found nothing) pre-fills the word.
    const word = (request.query as Record<string, unknown>).mot;
    return renderList(reply, typeof word === 'string' ? { word: word.slice(0, 40) } : {});
  });

  app.post('/', async function addSynonym(request, reply) {
    const form = parseForm(synonymForm, request.body);
    if (!form.ok) return renderList(reply.code(422), form.values, form.errors);
    const { word, equivalents } = form.data;
    const id = inTransaction(app.db, () =>
      synonymIdForWord(app.db, word) === null ? insertSynonym(app.db, word, equivalents) : null,
    );
    if (id === null) return renderList(reply.code(422), request.body as Values, { word: WORD_TAKEN });
    request.session.flash = {
      kind: 'success',
      message: `«\u00a0${word}\u00a0» trouve maintenant aussi ${equivalents.map((e) => `«\u00a0${e}\u00a0»`).join(', ')}.`,
    };
    return reply.redirect('/admin/synonymes', 303);
  });

  app.get<Params>('/:id', async function editSynonym(request, reply) {
    const synonym = find(request);
    if (!synonym) return reply.callNotFound();
    return renderEdit(reply, synonym, { word: synonym.word, equivalents: synonym.equivalents });
  });

  app.post<Params>('/:id', async function saveSynonym(request, reply) {
    const synonym = find(request);
    if (!synonym) return reply.callNotFound();
    const form = parseForm(synonymForm, request.body);
    if (!form.ok) return renderEdit(reply.code(422), synonym, form.values, form.errors);
    const { word, equivalents } = form.data;
    const saved = inTransaction(app.db, () => {
      const owner = synonymIdForWord(app.db, word);
      if (owner !== null && owner !== synonym.id) return false;
      return updateSynonym(app.db, synonym.id, word, equivalents);
    });
    if (!saved) return renderEdit(reply.code(422), synonym, request.body as Values, { word: WORD_TAKEN });
    request.session.flash = { kind: 'success', message: `Les synonymes de «\u00a0${word}\u00a0» ont été enregistrés.` };
    return reply.redirect('/admin/synonymes', 303);
  });

  app.post<Params>('/:id/supprimer', async function removeSynonym(request, reply) {
    const synonym = find(request);
    if (!synonym) return reply.callNotFound();
    inTransaction(app.db, () => deleteSynonym(app.db, synonym.id));
    request.session.flash = { kind: 'success', message: `«\u00a0${synonym.word}\u00a0» a été retiré des synonymes.` };
    return reply.redirect('/admin/synonymes', 303);
  });
}
