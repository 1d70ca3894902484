import path from 'node:path/posix';

/** A package's files, keyed by file name (`services.csv`), each with its path in the archive. */
export interface LocatedPackage {
  files: Map<string, { path: string; bytes: Uint8Array }>;
  /** Where datapackage.json is, or null when the files were recognised by their names alone. */
  descriptor: string | null;
  /** HSDS version the descriptor states (`3.0.0`), when it states one. */
  declaredVersion: string | null;
  notices: string[];
}

export type Located = { ok: true; pkg: LocatedPackage } | { ok: false; message: string };

/** File names an HSDS package (3.0 or 1.x) may hold: without datapackage.json, only these identify a table. */
const HSDS_FILE = /^[a-z_]+\.csv$/;
const list = (paths: readonly string[]) => paths.map((p) => `«\u00a0${p}\u00a0»`).join(', ');
const isNoise = (name: string) => name.startsWith('__MACOSX/') || path.basename(name).startsWith('._');

function resourcePaths(descriptor: unknown): string[] | null {
  const resources = (descriptor as { resources?: unknown } | null)?.resources;
  if (!Array.isArray(resources)) return null;
  return resources.flatMap((r: { path?: unknown }) =>
    typeof r?.path === 'string' ? [r.path] : Array.isArray(r?.path) ? r.path.filter((p) => typeof p === 'string') : [],
  );
}

/**
 * Finds the one package of an archive (decision 075): through the resource paths of its datapackage.json, or, when
 * there is none, by file name only if no name appears twice. Several packages, or duplicate names without a
 * descriptor, are refused: guessing took a `services.csv` from a documentation folder.
 */
export function locatePackage(entries: Record<string, Uint8Array>): Located {
  const names = Object.keys(entries).filter((n) => !isNoise(n) && !n.endsWith('/'));
  const descriptors = names.filter((n) => path.basename(n) === 'datapackage.json');
  if (descriptors.length > 1)
    return {
      ok: false,
      message: `L’archive contient ${descriptors.length} paquets (fichiers datapackage.json)\u00a0: ${list(descriptors)}. Importez un seul paquet à la fois\u00a0: une archive par datapackage.json.`,
    };
  const files = new Map<string, { path: string; bytes: Uint8Array }>();
  const notices: string[] = [];
  if (descriptors.length === 1) {
    const where = descriptors[0]!;
    let descriptor: unknown;
    try {
      descriptor = JSON.parse(new TextDecoder().decode(entries[where]).replace(/^\uFEFF/, ''));
    } catch {
      return { ok: false, message: `Le fichier «\u00a0${where}\u00a0» n’est pas un JSON lisible.` };
    }
    const paths = resourcePaths(descriptor);
    if (!paths)
      return { ok: false, message: `Le fichier «\u00a0${where}\u00a0» ne décrit aucune ressource (liste resources).` };
    const dir = path.dirname(where);
    const missing: string[] = [];
    for (const resourcePath of paths) {
      if (/^[a-z]+:\/\//i.test(resourcePath)) {
        missing.push(resourcePath);
        continue;
      }
      const full = path.normalize(dir === '.' ? resourcePath : path.join(dir, resourcePath));
      const bytes = entries[full];
      if (!bytes) missing.push(full);
      else files.set(path.basename(full), { path: full, bytes });
    }
    if (missing.length)
      notices.push(
        `Ressources décrites par ${where} mais absentes de l’archive (rien à lire)\u00a0: ${list(missing)}.`,
      );
    const used = new Set([...files.values()].map((f) => f.path));
    const outside = names.filter((n) => n.endsWith('.csv') && !used.has(n));
    if (outside.length)
      notices.push(`Fichiers CSV hors du paquet décrit par ${where}, non lus\u00a0: ${list(outside)}.`);
    const version = (descriptor as { version?: unknown }).version;
    return {
      ok: true,
      pkg: { files, descriptor: where, declaredVersion: typeof version === 'string' ? version : null, notices },
    };
  }
  const byName = new Map<string, string[]>();
  for (const name of names.filter((n) => HSDS_FILE.test(path.basename(n)))) {
    const base = path.basename(name);
    byName.set(base, [...(byName.get(base) ?? []), name]);
  }
  const duplicated = [...byName.values()].filter((paths) => paths.length > 1);
  if (duplicated.length)
    return {
      ok: false,
      message: `L’archive n’a pas de datapackage.json et contient plusieurs fichiers du même nom\u00a0: ${duplicated.map(list).join('; ')}. Impossible de savoir lequel fait partie du paquet\u00a0: ajoutez le datapackage.json du paquet, ou n’envoyez que le dossier du paquet.`,
    };
  for (const [base, [only]] of byName) files.set(base, { path: only!, bytes: entries[only!]! });
  notices.push('L’archive n’a pas de datapackage.json\u00a0: les fichiers sont reconnus par leur nom.');
  return { ok: true, pkg: { files, descriptor: null, declaredVersion: null, notices } };
}
