import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseForm } from '../forms/form.js';
import {
  ficheForm,
  ficheNote,
  NOTE_MAX,
  selectionImportForm,
  selectionItemForm,
  selectionMoveForm,
} from '../forms/selection.js';
import { Eta } from 'eta';
import { assetVersion } from '../lib/assets.js';
import { viewsDir } from '../lib/paths.js';
import { qrSvg } from '../lib/qr.js';
import {
  addToSelection,
  FICHE_PER_HALF_LETTER,
  FICHE_PER_LETTER,
  isSameOriginPost,
  MAX_SELECTION,
  moveInSelection,
  parseSelection,
  removeFromSelection,
  safeReturnPath,
  serializeSelection,
  shareParameter,
  sheetsOf,
} from '../lib/selection.js';
import { displayUrl } from '../lib/view-helpers.js';
import { isSecure } from '../plugins/auth.js';
import { renderBadRequest } from './errors.js';
import { findSelectedOrganisations, type SelectedOrganisation } from '../queries/selection.js';

/** One working day: the selection is for one meeting, and a shared computer forgets it by the next. */
const COOKIE_MAX_AGE_S = 8 * 60 * 60;
// Adding is cheap and stores nothing; the bound only stops a script from looping on it.
const SELECTION_RATE = { max: 120, timeWindow: '1 minute' };

const FULL = `Votre sélection compte déjà ${MAX_SELECTION} organismes, le maximum\u00a0: retirez-en un pour en ajouter un autre.`;
const MESSAGES: Record<string, { kind: 'success' | 'warning'; text: string }> = {
  pleine: { kind: 'warning', text: FULL },
  importee: { kind: 'success', text: 'La sélection partagée est maintenant la vôtre.' },
  videe: { kind: 'success', text: 'Votre sélection est vide.' },
};

type Body = Record<string, unknown>;

/**
 * « Ma sélection » (decision 100): the list lives in the visitor's signed cookie; the POSTs change only
 * that cookie, so they are guarded by a same-origin check instead of a CSRF token, which lets the
 * buttons sit on pages cached for everyone.
 */
export async function selectionRoutes(app: FastifyInstance): Promise<void> {
  const secure = isSecure(app);
  const cookieName = secure ? '__Host-selection' : 'selection';
  // The fiche is a sheet of paper, not a site page: its own layout, so not through @fastify/view's global one.
  const fiches = new Eta({ views: viewsDir, cache: app.config.env !== 'development', autoEscape: true });

  app.addHook('onSend', async (_request, reply, payload) => {
    // Per visitor, and the fiche may hold the intervenant's notes: never kept by a cache.
    reply.header('cache-control', 'no-store');
    return payload;
  });

  /** The ids of a valid cookie; a tampered, unsigned or garbled one is an empty selection. */
  function readIds(request: FastifyRequest): number[] {
    const raw = request.cookies[cookieName];
    if (!raw) return [];
    const unsigned = request.unsignCookie(raw);
    return unsigned.valid ? parseSelection(unsigned.value) : [];
  }

  function writeIds(reply: FastifyReply, ids: readonly number[]) {
    // Not httpOnly: site.js reads the ids to show the count on pages cached for everyone.
    const options = { path: '/', sameSite: 'lax' as const, secure, httpOnly: false };
    if (ids.length === 0) reply.clearCookie(cookieName, options);
    else reply.setCookie(cookieName, serializeSelection(ids), { ...options, signed: true, maxAge: COOKIE_MAX_AGE_S });
  }

  /** The selection as stored, less what no longer exists (deleted or archived): rewritten when it shrank. */
  function loadSelection(request: FastifyRequest, reply: FastifyReply) {
    const ids = readIds(request);
    const organisations = findSelectedOrganisations(app.db, ids);
    const kept = organisations.map((o) => o.id);
    if (kept.length !== ids.length) writeIds(reply, kept);
    return organisations;
  }

  const wantsJson = (request: FastifyRequest) => (request.headers.accept ?? '').includes('application/json');

  async function sameOrigin(request: FastifyRequest, reply: FastifyReply) {
    const ok = isSameOriginPost(
      {
        secFetchSite: request.headers['sec-fetch-site'],
        origin: request.headers.origin,
        referer: request.headers.referer,
      },
      [requestOrigin(request), ...(app.config.publicUrl ? [app.config.publicUrl] : [])],
    );
    if (ok) return;
    request.log.info('selection change refused: not from this site');
    return reply.code(403).view('errors/403', { title: 'Accès refusé' });
  }
  const guarded = { preHandler: sameOrigin, config: { rateLimit: SELECTION_RATE } };

  /** Answers a change: JSON for site.js, else Post/Redirect/Get to where the visitor was. */
  function answer(
    request: FastifyRequest,
    reply: FastifyReply,
    ids: number[],
    redirect: string,
    message: string | null = null,
  ) {
    writeIds(reply, ids);
    if (wantsJson(request)) return reply.send({ ids, count: ids.length, max: MAX_SELECTION, message });
    return reply.redirect(redirect, 303);
  }

  const badForm = (reply: FastifyReply) => renderBadRequest(reply, 'Ce formulaire de la sélection est incomplet.');

  app.get('/ma-selection', async function showSelection(request, reply) {
    const query = request.query as Record<string, unknown>;
    const organisations = loadSelection(request, reply);
    const ids = organisations.map((o) => o.id);
    // A share link: shown for import, never written without the visitor's click.
    const sharedIds = typeof query.ids === 'string' ? parseSelection(query.ids, ',') : null;
    const shared = sharedIds ? findSelectedOrganisations(app.db, sharedIds) : null;
    const origin = app.config.publicUrl ?? requestOrigin(request);
    const messageKey = typeof query.message === 'string' ? query.message : '';
    return reply.view('pages/selection', {
      title: 'Ma sélection',
      organisations,
      selectionCount: ids.length,
      shared,
      sharedGiven: query.ids !== undefined,
      shareUrl: ids.length ? `${origin}/ma-selection?ids=${shareParameter(ids)}` : null,
      message: Object.hasOwn(MESSAGES, messageKey) ? MESSAGES[messageKey] : null,
      max: MAX_SELECTION,
      perLetter: FICHE_PER_LETTER,
      perHalfLetter: FICHE_PER_HALF_LETTER,
      noteMax: NOTE_MAX,
    });
  });

  app.post('/ma-selection/ajouter', guarded, async function addOne(request, reply) {
    const form = parseForm(selectionItemForm, request.body);
    if (!form.ok) return badForm(reply);
    const back = safeReturnPath(form.data.retour);
    const current = findSelectedOrganisations(app.db, readIds(request)).map((o) => o.id);
    // An unknown or archived organisation is not added: the list only ever holds what the fiche can show.
    if (findSelectedOrganisations(app.db, [form.data.id]).length === 0) return answer(request, reply, current, back);
    const outcome = addToSelection(current, form.data.id);
    if (!outcome.ok) {
      reply.code(wantsJson(request) ? 409 : 303);
      return answer(request, reply, outcome.ids, '/ma-selection?message=pleine', FULL);
    }
    // The card's own « added » note is shown by :target, without JavaScript and on a cached page.
    return answer(request, reply, outcome.ids, `${back}#selection-${form.data.id}`);
  });

  app.post('/ma-selection/retirer', guarded, async function removeOne(request, reply) {
    const form = parseForm(selectionItemForm, request.body);
    if (!form.ok) return badForm(reply);
    const ids = removeFromSelection(readIds(request), form.data.id);
    return answer(request, reply, ids, safeReturnPath(form.data.retour));
  });

  app.post('/ma-selection/deplacer', guarded, async function moveOne(request, reply) {
    const form = parseForm(selectionMoveForm, request.body);
    if (!form.ok) return badForm(reply);
    const ids = moveInSelection(readIds(request), form.data.id, form.data.sens === 'haut' ? 'up' : 'down');
    return answer(request, reply, ids, `/ma-selection#element-${form.data.id}`);
  });

  app.post('/ma-selection/vider', guarded, async function empty(request, reply) {
    return answer(request, reply, [], '/ma-selection?message=videe');
  });

  app.post('/ma-selection/importer', guarded, async function importShared(request, reply) {
    const form = parseForm(selectionImportForm, request.body);
    if (!form.ok) return badForm(reply);
    const ids = findSelectedOrganisations(app.db, parseSelection(form.data.ids, ',')).map((o) => o.id);
    return answer(request, reply, ids, '/ma-selection?message=importee');
  });

  /** The fiche: GET prints the plain list; the form POSTs so the notes never sit in a URL or a log. */
  async function showFiche(request: FastifyRequest, reply: FastifyReply) {
    const fields = ((request.method === 'POST' ? request.body : request.query) ?? {}) as Body;
    const form = parseForm(ficheForm, fields);
    const format = form.ok ? form.data.format : 'lettre';
    const organisations = loadSelection(request, reply);
    const entries = organisations.map((organisation) => ficheEntry(organisation, fields, request.method === 'POST'));
    const ids = organisations.map((o) => o.id);
    const origin = app.config.publicUrl ?? requestOrigin(request);
    const shareUrl = `${origin}/ma-selection?ids=${shareParameter(ids)}`;
    const perSheet = format === 'demi-lettre' ? FICHE_PER_HALF_LETTER : FICHE_PER_LETTER;
    const html = await fiches.renderAsync('pages/fiche', {
      ...reply.locals,
      siteName: app.config.siteName,
      assetBase: `/assets/${assetVersion()}`,
      title: 'Fiche de référence',
      format,
      sheets: sheetsOf(entries, perSheet),
      perSheet,
      qr: ids.length ? qrSvg(shareUrl, `Code QR vers ces organismes en ligne, ${displayUrl(shareUrl)}`) : null,
      shareUrl,
      today: app.db.clock(),
    });
    return reply.type('text/html; charset=utf-8').send(html);
  }
  app.get('/ma-selection/fiche', showFiche);
  app.post('/ma-selection/fiche', showFiche);
}

/** One organisation as printed: the person only when chosen among its public people, the note only by POST. */
function ficheEntry(organisation: SelectedOrganisation, fields: Body, withNotes: boolean) {
  const chosen = fields[`personne-${organisation.id}`];
  const person = typeof chosen === 'string' ? (organisation.people.find((p) => String(p.id) === chosen) ?? null) : null;
  return { organisation, person, note: withNotes ? ficheNote(fields[`note-${organisation.id}`]) : null };
}

function requestOrigin(request: FastifyRequest): string {
  const host = /^[a-z0-9.-]+(:\d{1,5})?$/i.test(request.host) ? request.host : 'localhost';
  return `${request.protocol}://${host}`;
}
