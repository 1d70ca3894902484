import { unzipSync, zipSync, type Zippable } from 'fflate';
import { tooLargeInflatedMessage } from './limits.js';

export function listZipEntries(bytes: Uint8Array): string[] | null {
  const names: string[] = [];
  try {
    unzipSync(bytes, { filter: (file) => (names.push(file.name), false) });
  } catch {
    return null;
  }
  return names;
}

export type Unzipped = { ok: true; files: Record<string, Uint8Array> } | { ok: false; tooLarge: boolean; message: string };

/** Inflates the entries `wanted` accepts, refusing archives that would expand beyond `maxInflatedBytes`. */
export function readZip(bytes: Uint8Array, wanted: (name: string) => boolean, maxInflatedBytes: number): Unzipped {
  let total = 0;
  try {
    const files = unzipSync(bytes, {
      filter: (file) => {
        if (!wanted(file.name)) return false;
        total += file.originalSize;
        return total <= maxInflatedBytes;
      },
    });
    if (total > maxInflatedBytes) return { ok: false, tooLarge: true, message: tooLargeInflatedMessage(maxInflatedBytes) };
    return { ok: true, files };
  } catch {
    return { ok: false, tooLarge: false, message: 'L’archive ZIP est illisible ou endommagée.' };
  }
}

// A zip stores DOS dates, which start in 1980: an empty directory's "never updated" (epoch) made fflate throw.
const ZIP_EPOCH = Date.UTC(1980, 0, 2);

export function writeZip(files: Record<string, string>, modified: Date): Uint8Array {
  const mtime = new Date(Math.max(modified.getTime(), ZIP_EPOCH));
  const entries: Zippable = {};
  for (const [name, content] of Object.entries(files)) entries[name] = [new TextEncoder().encode(content), { mtime }];
  return zipSync(entries, { level: 6 });
}
