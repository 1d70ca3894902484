import type { FastifyInstance, FastifyReply } from 'fastify';
import { writeSpreadsheetCsv } from '../../exchange/csv-write.js';
import { parseForm, type FieldErrors } from '../../forms/form.js';
import { roundForm } from '../../forms/verification-round.js';
import { daysAgoIso, formatLongDate } from '../../lib/dates.js';
import { hashToken, newSalt, tokenFor } from '../../lib/verification-tokens.js';
import { queueVerificationMessage, verificationKey, verificationLink } from '../../plugins/verification-links.js';
import {
  createRound,
  findRequest,
  findRound,
  listRoundCandidates,
  listRoundRequests,
  listRounds,
  revokeRequest,
  roundProgress,
  verifiedPermille,
} from '../../queries/verification-rounds.js';
import { inTransaction } from '../../db/transaction.js';
import { countOutbox } from '../../queries/outbox.js';
import { idOf, notFoundUnlessIdParam } from '../id-param.js';

type IdParams = { Params: { id: string } };
/** « Vérifiées il y a plus de 11 mois »: they come due within the month. */
const OLDER_THAN_DAYS = 335;

/** « Tournées de vérification » (decision 094): the coordination's side. */
export async function adminVerificationRoutes(app: FastifyInstance): Promise<void> {
  notFoundUnlessIdParam(app);

  app.get('/', async (_request, reply) =>
    reply.view('admin/verification/list', {
      title: 'Tournées de vérification',
      rounds: listRounds(app.db),
      mailConfigured: app.mailer.configured,
      outbox: countOutbox(app.db),
      verifiedPermille: verifiedPermille(app.db),
    }),
  );

  const renderNew = (reply: FastifyReply, values: Record<string, unknown>, errors: FieldErrors = {}) =>
    reply.view('admin/verification/new', {
      title: 'Nouvelle tournée de vérification',
      candidates: listRoundCandidates(app.db),
      olderThan: daysAgoIso(OLDER_THAN_DAYS, app.db.clock()),
      mailConfigured: app.mailer.configured,
      values,
      errors,
    });

  app.get('/nouvelle', async (_request, reply) =>
    renderNew(reply, { portee: 'anciennes', duree: '60', rappel: '14', organismes: [] }),
  );

  app.post('/', async function startRound(request, reply) {
    const form = parseForm(roundForm, request.body);
    if (!form.ok) {
      reply.code(422);
      return renderNew(reply, form.values, form.errors);
    }
    const { portee, organismes, duree, rappel } = form.data;
    const olderThan = daysAgoIso(OLDER_THAN_DAYS, app.db.clock());
    const chosen = new Set(organismes);
    const candidates = listRoundCandidates(app.db).filter((c) =>
      portee === 'toutes' ? true : portee === 'choix' ? chosen.has(c.id) : !c.verifiedAt || c.verifiedAt < olderThan,
    );
    if (!candidates.length) {
      reply.code(422);
      return renderNew(reply, (request.body ?? {}) as Record<string, unknown>, {
        portee: 'Aucun organisme actif ne correspond à ce choix.',
      });
    }
    const key = verificationKey(app);
    const expiresAt = new Date(app.db.clock().getTime() + duree * 24 * 60 * 60 * 1000).toISOString();
    const { round } = inTransaction(app.db, () => {
      const created = createRound(app.db, {
        userId: request.user!.id,
        expiresAt,
        reminderAfterDays: rappel,
        requests: candidates.map((c) => {
          const salt = newSalt();
          return {
            organisationId: c.id,
            recipient: c.recipient,
            tokenSalt: salt,
            tokenHash: hashToken(tokenFor(key, salt)),
          };
        }),
      });
      if (app.mailer.configured) {
        const names = new Map(candidates.map((c) => [c.id, c.name]));
        for (const r of created.requests) queueVerificationMessage(app, r, names.get(r.organisationId)!, false);
      }
      return created;
    });
    request.log.info({ roundId: round.id, requests: candidates.length }, 'verification round started');
    request.session.flash = {
      kind: 'success',
      message: app.mailer.configured
        ? `Tournée commencée\u00a0: ${candidates.length} organismes. Les courriels partent dans les prochaines minutes.`
        : `Tournée commencée\u00a0: ${candidates.length} organismes. Le courriel n’est pas configuré\u00a0: envoyez les liens vous-même (fichier CSV ou liste imprimable).`,
    };
    return reply.redirect(`/admin/tournees/${round.id}`, 303);
  });

  app.get<IdParams>('/:id', async function showRound(request, reply) {
    const round = findRound(app.db, idOf(request));
    if (!round) return reply.callNotFound();
    const rows = listRoundRequests(app.db, round.id);
    return reply.view('admin/verification/show', {
      title: `Tournée de vérification du ${formatLongDate(round.createdAt)}`,
      round,
      rows,
      progress: roundProgress(rows),
      verifiedPermille: verifiedPermille(app.db),
      mailConfigured: app.mailer.configured,
    });
  });

  /** The links for a mail merge; they are credentials, so this page is for the coordination only. */
  app.get<IdParams>('/:id/liens.csv', async function roundLinksCsv(request, reply) {
    const round = findRound(app.db, idOf(request));
    if (!round) return reply.callNotFound();
    const rows = listRoundRequests(app.db, round.id).filter((r) => !r.request.revokedAt);
    const csv = writeSpreadsheetCsv(
      ['organisme', 'courriel', 'lien', 'valable_jusqu_au'],
      rows.map((r) => [
        r.organisationName,
        r.request.recipient ?? '',
        verificationLink(app, r.request),
        r.request.expiresAt.slice(0, 10),
      ]),
    );
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="tournee-${round.id}-liens.csv"`)
      .send(csv);
  });

  app.get<IdParams>('/:id/liste', async function printableLinks(request, reply) {
    const round = findRound(app.db, idOf(request));
    if (!round) return reply.callNotFound();
    const rows = listRoundRequests(app.db, round.id).filter((r) => !r.request.revokedAt);
    return reply.view('admin/verification/print', {
      title: `Liens de la tournée du ${formatLongDate(round.createdAt)}`,
      round,
      rows: rows.map((r) => ({ ...r, link: verificationLink(app, r.request) })),
    });
  });

  app.post<IdParams & { Params: { requestId: string } }>('/:id/liens/:requestId/retirer', async (request, reply) => {
    const id = idOf(request);
    const target = /^\d{1,9}$/.test(request.params.requestId)
      ? findRequest(app.db, Number(request.params.requestId))
      : null;
    if (!target || target.roundId !== id) return reply.callNotFound();
    revokeRequest(app.db, target.id);
    request.session.flash = { kind: 'success', message: 'Lien retiré\u00a0: il ne fonctionne plus.' };
    return reply.redirect(`/admin/tournees/${id}`, 303);
  });
}
