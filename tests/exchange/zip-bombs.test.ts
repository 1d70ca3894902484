import zlib from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { readImportFile } from '../../src/exchange/import-file.js';
import { WEB_IMPORT_LIMITS } from '../../src/exchange/limits.js';
import { readZip, readZipDirectory } from '../../src/exchange/zip.js';

type Entry = { name: string; data: Uint8Array; method: 0 | 8; size: number };
const utf8 = (text: string) => new TextEncoder().encode(text);
const deflated = (name: string, text: string): Entry => ({
  name,
  data: zlib.deflateRawSync(utf8(text)),
  method: 8,
  size: utf8(text).length,
});

/** A zip written by hand, so that an entry may declare any uncompressed size (CRCs left at 0: nothing here checks them). */
function zipOf(entries: Entry[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(entry.method, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(entry.method, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, Buffer.from(entry.data));
    centrals.push(central, name);
    offset += 30 + name.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

/** `mib` MiB of spaces as one raw deflate stream (about 1 kB per MiB), made by streaming, never held whole. */
async function deflatedSpaces(mib: number): Promise<Uint8Array> {
  const deflate = zlib.createDeflateRaw({ level: 9, strategy: zlib.constants.Z_RLE });
  const out: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => out.push(chunk));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const chunk = Buffer.alloc(1 << 20, 0x20);
  for (let i = 0; i < mib; i++)
    if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve));
  deflate.end();
  await done;
  return new Uint8Array(Buffer.concat(out));
}

const WORKBOOK = [
  deflated(
    '[Content_Types].xml',
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
  ),
  deflated(
    'xl/workbook.xml',
    '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>',
  ),
  deflated(
    'xl/_rels/workbook.xml.rels',
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
  ),
];
const GIB = 1024 * 1024 * 1024;
const messages = (table: { problems: { message: string }[] }) =>
  table.problems.map((p) => p.message.replace(/\u00a0/g, ' '));

let gibOfSpaces: Uint8Array;
beforeAll(async () => {
  gibOfSpaces = await deflatedSpaces(1024);
}, 120_000);

/** Reads the file as an upload is read, and how long that took. */
async function timedRead(bytes: Uint8Array) {
  const db = openDatabase(':memory:');
  try {
    const started = performance.now();
    const table = await readImportFile(db, bytes);
    return { table, ms: performance.now() - started };
  } finally {
    db.$client.close();
  }
}

describe('zip bombs', () => {
  it('a 1 MB workbook whose sheet inflates to 1 GiB while declaring 1 kB is refused in milliseconds', async () => {
    expect(gibOfSpaces.length).toBeLessThan(1.1 * 1024 * 1024);
    const bomb = zipOf([...WORKBOOK, { name: 'xl/worksheets/sheet1.xml', data: gibOfSpaces, method: 8, size: 1024 }]);
    const { table, ms } = await timedRead(bomb);
    expect(messages(table)).toEqual([
      'L’archive contient un fichier plus gros, une fois décompressé, que la taille qu’elle annonce : elle est refusée (archive endommagée ou piégée).',
    ]);
    expect(ms).toBeLessThan(500);
  });

  it('the same workbook declaring its true size is refused by that size, before anything is inflated', async () => {
    const bomb = zipOf([...WORKBOOK, { name: 'xl/worksheets/sheet1.xml', data: gibOfSpaces, method: 8, size: GIB }]);
    const { table, ms } = await timedRead(bomb);
    expect(messages(table)[0]).toMatch(/^L’archive dépasse 100 Mo une fois décompressée : elle est refusée\./);
    expect(ms).toBeLessThan(500);
  });

  it('an HSDS package whose organizations.csv lies about its size is refused in milliseconds too', async () => {
    const bomb = zipOf([
      { name: 'organizations.csv', data: gibOfSpaces, method: 8, size: 50_000 },
      deflated('datapackage.json', '{}'),
    ]);
    const { table, ms } = await timedRead(bomb);
    expect(messages(table)[0]).toMatch(/plus gros, une fois décompressé, que la taille qu’elle annonce/);
    expect(ms).toBeLessThan(500);
  });

  it('entries that each fit but together exceed the limit are refused from the directory alone', () => {
    // Two entries declaring 60 MB each: no byte is inflated (their data is not even valid deflate).
    const zip = zipOf([
      { name: 'a.csv', data: new Uint8Array([1, 2, 3]), method: 8, size: 60 * 1024 * 1024 },
      { name: 'b.csv', data: new Uint8Array([1, 2, 3]), method: 8, size: 60 * 1024 * 1024 },
    ]);
    const result = readZip(zip, () => true, WEB_IMPORT_LIMITS.maxInflatedBytes);
    expect(result).toEqual({
      ok: false,
      tooLarge: true,
      message: expect.stringContaining('L’archive dépasse 100\u00a0Mo une fois décompressée'),
    });
    expect(readZipDirectory(zip)?.map((e) => [e.name, e.declaredSize])).toEqual([
      ['a.csv', 60 * 1024 * 1024],
      ['b.csv', 60 * 1024 * 1024],
    ]);
  });

  it('still reads honest archives, stored or deflated', () => {
    const zip = zipOf([
      deflated('a.txt', 'bonjour '.repeat(100)),
      { name: 'b.txt', data: utf8('tel quel'), method: 0, size: 8 },
    ]);
    const result = readZip(zip, () => true, 1024);
    expect(
      result.ok && Object.fromEntries(Object.entries(result.files).map(([k, v]) => [k, new TextDecoder().decode(v)])),
    ).toEqual({ 'a.txt': 'bonjour '.repeat(100), 'b.txt': 'tel quel' });
    expect(readZip(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]), () => true, 1024)).toMatchObject({
      ok: false,
      tooLarge: false,
    });
  });
});
