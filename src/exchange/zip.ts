import zlib from 'node:zlib';
import { zipSync, type Zippable } from 'fflate';
import { tooLargeInflatedMessage } from './limits.js';

/** One file of a zip, as its central directory describes it. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  /** The uncompressed size the archive announces; a bomb may lie about it. */
  declaredSize: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const SATURATED = 0xffffffff;

class Damaged extends Error {}

/** Zip64 keeps the sizes and offset that do not fit 32 bits in extra field 0x0001, in this order. */
function zip64Values(view: DataView, start: number, end: number, wanted: number): number[] {
  for (let at = start; at + 4 <= end;) {
    const id = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    if (id === 0x0001) {
      const values: number[] = [];
      for (let i = 0; i < wanted && (i + 1) * 8 <= size; i++)
        values.push(Number(view.getBigUint64(at + 4 + i * 8, true)));
      return values;
    }
    at += 4 + size;
  }
  return [];
}

/**
 * The archive's table of contents, read from its central directory without inflating anything (APPNOTE 4.3);
 * null when the archive is damaged.
 */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] | null {
  try {
    return directory(bytes);
  } catch {
    return null;
  }
}

function directory(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let at = bytes.length - 22; at >= 0 && at >= bytes.length - 22 - 0xffff; at--) {
    if (view.getUint32(at, true) === EOCD) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new Damaged();
  let count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  if (end >= 20 && view.getUint32(end - 20, true) === EOCD64_LOCATOR) {
    const at = Number(view.getBigUint64(end - 12, true));
    if (view.getUint32(at, true) !== EOCD64) throw new Damaged();
    count = Number(view.getBigUint64(at + 32, true));
    offset = Number(view.getBigUint64(at + 48, true));
  }
  const entries: ZipEntry[] = [];
  for (let i = 0, at = offset; i < count; i++) {
    if (view.getUint32(at, true) !== CENTRAL) throw new Damaged();
    const utf8 = (view.getUint16(at + 8, true) & 0x0800) !== 0;
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength);
    const entry: ZipEntry = {
      name: new TextDecoder(utf8 ? 'utf-8' : 'latin1').decode(nameBytes),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      declaredSize: view.getUint32(at + 24, true),
      localOffset: view.getUint32(at + 42, true),
    };
    const saturated = (['declaredSize', 'compressedSize', 'localOffset'] as const).filter(
      (key) => entry[key] === SATURATED,
    );
    const wide = zip64Values(view, at + 46 + nameLength, at + 46 + nameLength + extraLength, saturated.length);
    saturated.forEach((key, index) => {
      if (wide[index] === undefined) throw new Damaged();
      entry[key] = wide[index];
    });
    entries.push(entry);
    at += 46 + nameLength + extraLength + view.getUint16(at + 32, true);
  }
  return entries;
}

export function listZipEntries(bytes: Uint8Array): string[] | null {
  return readZipDirectory(bytes)?.map((entry) => entry.name) ?? null;
}

export type Unzipped =
  { ok: true; files: Record<string, Uint8Array> } | { ok: false; tooLarge: boolean; message: string };

const DAMAGED = 'L’archive ZIP est illisible ou endommagée.';
const LYING =
  'L’archive contient un fichier plus gros, une fois décompressé, que la taille qu’elle annonce\u00a0: elle est refusée (archive endommagée ou piégée).';

/** Inflates one entry, never beyond the size it declares: a bomb that lies is stopped within one 16 kB chunk. */
function inflateEntry(bytes: Uint8Array, entry: ZipEntry): Uint8Array | 'lying' {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(entry.localOffset, true) !== LOCAL) throw new Damaged();
  const start =
    entry.localOffset +
    30 +
    view.getUint16(entry.localOffset + 26, true) +
    view.getUint16(entry.localOffset + 28, true);
  if (start + entry.compressedSize > bytes.length) throw new Damaged();
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) {
    if (entry.compressedSize > entry.declaredSize) return 'lying';
    return data.slice();
  }
  if (entry.method !== 8) throw new Damaged();
  try {
    // zlib stops (ERR_BUFFER_TOO_LARGE) as soon as its output passes maxOutputLength.
    return zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, entry.declaredSize) });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return 'lying';
    throw new Damaged();
  }
}

/**
 * Inflates the entries `wanted` accepts. The archive is refused from its directory alone when their declared sizes
 * add up beyond `maxInflatedBytes`, and while inflating as soon as one entry outgrows its declared size, so
 * a 1 MB archive that would expand to 1 GiB costs milliseconds, not seconds.
 */
export function readZip(bytes: Uint8Array, wanted: (name: string) => boolean, maxInflatedBytes: number): Unzipped {
  const entries = readZipDirectory(bytes)?.filter((entry) => wanted(entry.name));
  if (!entries) return { ok: false, tooLarge: false, message: DAMAGED };
  const declared = entries.reduce((total, entry) => total + entry.declaredSize, 0);
  if (declared > maxInflatedBytes)
    return { ok: false, tooLarge: true, message: tooLargeInflatedMessage(maxInflatedBytes) };
  const files: Record<string, Uint8Array> = {};
  try {
    for (const entry of entries) {
      const data = inflateEntry(bytes, entry);
      if (data === 'lying') return { ok: false, tooLarge: true, message: LYING };
      files[entry.name] = data;
    }
  } catch {
    return { ok: false, tooLarge: false, message: DAMAGED };
  }
  return { ok: true, files };
}

// A zip stores DOS dates, which start in 1980: an empty directory's "never updated" (epoch) made fflate throw.
const ZIP_EPOCH = Date.UTC(1980, 0, 2);

export function writeZip(files: Record<string, string>, modified: Date): Uint8Array {
  const mtime = new Date(Math.max(modified.getTime(), ZIP_EPOCH));
  const entries: Zippable = {};
  for (const [name, content] of Object.entries(files)) entries[name] = [new TextEncoder().encode(content), { mtime }];
  return zipSync(entries, { level: 6 });
}
