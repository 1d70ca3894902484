import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { renderImportBusy } from '../plugins/imports.js';

/** A French 400 page naming what was not understood (a query parameter, for instance). */
export function renderBadRequest(reply: FastifyReply, detail: string) {
  return reply.code(400).view('errors/400', { title: 'Requête invalide', detail });
}

export function registerErrorPages(app: FastifyInstance): void {
  app.setNotFoundHandler(async (request, reply) => {
    reply.code(404);
    if (!acceptsHtml(request.headers.accept)) return { error: 'Page introuvable' };
    return reply.view('errors/404', { title: 'Page introuvable' });
  });

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    // A write that waited busy_timeout for another connection's lock (an import from the command line).
    if (error.code === 'SQLITE_BUSY') {
      request.log.warn({ err: error }, 'database busy');
      if (acceptsHtml(request.headers.accept)) return renderImportBusy(reply, app.imports);
    }
    const status =
      error.code === 'SQLITE_BUSY'
        ? 503
        : error.statusCode && error.statusCode >= 400 && error.statusCode < 600
          ? error.statusCode
          : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ err: error }, 'bad request');
    reply.code(status);
    if (!acceptsHtml(request.headers.accept)) {
      return { error: status >= 500 ? 'Erreur interne' : 'Requête invalide' };
    }
    // Never show internals: a generic French page, the details stay in the log.
    const page = ERROR_PAGES[status] ?? (status >= 500 ? ERROR_PAGES[500]! : ERROR_PAGES[400]!);
    return reply.view(page.view, { title: page.title });
  });
}

const ERROR_PAGES: Record<number, { view: string; title: string }> = {
  400: { view: 'errors/400', title: 'Requête invalide' },
  403: { view: 'errors/403', title: 'Accès refusé' },
  415: { view: 'errors/415', title: 'Format d’envoi non accepté' },
  429: { view: 'errors/429', title: 'Trop de requêtes' },
  500: { view: 'errors/500', title: 'Erreur du serveur' },
};

function acceptsHtml(accept: string | undefined): boolean {
  return !accept || accept.includes('text/html') || accept.includes('*/*');
}
