import { unzipSync, zipSync, type Zippable } from 'fflate';

/** Entries larger than this once inflated are refused: a small zip must not expand into gigabytes. */
export const MAX_ENTRY_BYTES = 200 * 1024 * 1024;

export function listZipEntries(bytes: Uint8Array): string[] | null {
  const names: string[] = [];
  try {
    unzipSync(bytes, { filter: (file) => (names.push(file.name), false) });
  } catch {
    return null;
  }
  return names;
}

export type Unzipped = { ok: true; files: Record<string, Uint8Array> } | { ok: false; message: string };

/** Inflates the entries `wanted` accepts, refusing archives that would expand beyond the limit. */
export function readZip(bytes: Uint8Array, wanted: (name: string) => boolean): Unzipped {
  let tooBig = false;
  try {
    const files = unzipSync(bytes, {
      filter: (file) => {
        if (!wanted(file.name)) return false;
        if (file.originalSize > MAX_ENTRY_BYTES) tooBig = true;
        return !tooBig;
      },
    });
    if (tooBig) return { ok: false, message: 'Un fichier de l’archive dépasse 200 Mo une fois décompressé\u00a0: elle est refusée.' };
    return { ok: true, files };
  } catch {
    return { ok: false, message: 'L’archive ZIP est illisible ou endommagée.' };
  }
}

export function writeZip(files: Record<string, string>, modified: Date): Uint8Array {
  const entries: Zippable = {};
  for (const [name, content] of Object.entries(files)) entries[name] = [new TextEncoder().encode(content), { mtime: modified }];
  return zipSync(entries, { level: 6 });
}
