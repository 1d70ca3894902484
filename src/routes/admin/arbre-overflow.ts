import type { FastifyInstance } from 'fastify';
import { paperLabel } from '../../lib/arbre/formats.js';
import { arbreFitEveryPaper } from '../../queries/arbre.js';

type Flash = { kind: 'success' | 'warning'; message: string };

/**
 * The confirmation after a save that changes the Arbre: when the default sheet (Letter portrait, every thème)
 * no longer fits one page, the coordination hears it now rather than from a partner's printer (issue 13).
 * The fit is cached per data version, so the dashboard pays nothing more afterwards.
 */
export function savedFlash(app: FastifyInstance, message: string): Flash {
  const [letter] = arbreFitEveryPaper(app.db, { siteName: app.config.siteName });
  if (!letter || letter.fits) return { kind: 'success', message };
  return {
    kind: 'warning',
    message: `${message} Attention\u00a0: avec ce changement, l’Arbre (${letter.entries} entrées) ne tient plus sur une page ${paperLabel(letter.paper)}. ${letter.message}`,
  };
}
