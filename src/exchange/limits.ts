import { formatBytes } from '../lib/bytes.js';

/**
 * Bounds on what one import may read. The web server runs inside a heap budget (decision 050), so a
 * 10 MB upload must not be allowed to expand into gigabytes; the command line runs in its own process.
 */
export interface ImportLimits {
  /** Data rows of the file (organisations), beyond which it is refused. */
  maxRows: number;
  /** Bytes a zip (XLSX, HSDS) may hold once inflated, all entries together. */
  maxInflatedBytes: number;
}

/**
 * 5,000 organisations is twenty times the real directory, and writing them (4–5 ms each, measured by
 * bench/import-memory.ts) ends well within a reverse proxy's usual 60 s timeout.
 */
export const WEB_IMPORT_LIMITS: ImportLimits = { maxRows: 5_000, maxInflatedBytes: 100 * 1024 * 1024 };

export const CLI_IMPORT_LIMITS: ImportLimits = {
  maxRows: Number.POSITIVE_INFINITY,
  maxInflatedBytes: 2 * 1024 * 1024 * 1024,
};

const count = (n: number) => n.toLocaleString('fr-CA');
const CLI_HINT =
  'Pour un plus gros fichier, utilisez la commande «\u00a0npm run cli -- import FICHIER\u00a0» sur le serveur.';

export function tooManyRowsMessage(limit: number, what = 'Le fichier'): string {
  return `${what} compte plus de ${count(limit)}\u00a0lignes de données, la limite d’une importation par le Web\u00a0: rien n’a été importé. ${CLI_HINT}`;
}

export function tooLargeInflatedMessage(limit: number): string {
  return `L’archive dépasse ${formatBytes(limit)} une fois décompressée\u00a0: elle est refusée. ${CLI_HINT}`;
}
