import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/client.js';
import { commitImport, readImportFile } from '../../../src/exchange/import-file.js';
import { publicHsdsZip } from '../../../src/exchange/open-data.js';
import { seedDatabase } from '../../../src/queries/seed.js';
import { createUser } from '../../support/auth.js';
import { createOrganisation } from '../../support/factories.js';
import { openTestDatabase } from '../../support/db.js';
import { expectEveryValueCounted } from '../../support/hsds-packages.js';

const NOW = new Date('2026-11-25T15:00:00.000Z');
let source: Db;
let target: Db;
beforeEach(() => {
  source = openTestDatabase(':memory:', { clock: () => NOW });
  seedDatabase(source, 'demo');
  // Everyone published: consent has its own tests (decision 073); here every person must travel.
  source.$client.prepare('update contacts set open_data_consent_at = ?').run(NOW.toISOString());
  // What the export writes in words rather than fields (decision 076) must come back as fields: partial addresses,
  // languages without an ISO code, organisations without a summary or any description.
  for (const parts of [
    { address: '12, rue Principale', city: null, postalCode: null },
    { address: null, city: 'Saint-Narcisse-de-Rimouski', postalCode: 'G0K 1S0' },
    { address: '3, chemin du Lac', city: null, postalCode: 'G0K 1S0' },
  ])
    createOrganisation(source, { name: `Adresse partielle ${parts.address ?? parts.city}`, ...parts });
  createOrganisation(source, { name: 'Langues rares', languages: 'Français, innu et LSQ' });
  createOrganisation(source, { name: 'Sans résumé', summary: '', description: 'Aide aux devoirs.' });
  createOrganisation(source, { name: 'Sans rien', summary: '', description: '' });
  createOrganisation(source, { name: 'Résumé répété', summary: 'Aide aux devoirs.', description: 'Aide aux devoirs.' });
  target = openTestDatabase(':memory:', { clock: () => NOW });
  seedDatabase(target, 'themes');
});
afterEach(() => {
  source.$client.close();
  target.$client.close();
});

type Rows = Record<string, string>[];
const exportOf = (db: Db) => publicHsdsZip(db, { siteName: 'COSMOSS', homepage: null, modified: NOW });

function tablesOf(zip: Uint8Array): Map<string, Rows> {
  const files = unzipSync(zip);
  const tables = new Map<string, Rows>();
  for (const [name, bytes] of Object.entries(files))
    if (name.endsWith('.csv')) tables.set(name, parse(new TextDecoder().decode(bytes), { columns: true, bom: true }));
  return tables;
}

/** Files whose ids the import keeps (decision 074): their ids must come back unchanged. */
const KEPT_IDS = new Set(['organizations.csv', 'services.csv', 'locations.csv', 'contacts.csv']);
/**
 * What legitimately differs between two databases holding the same entries:
 * - metadata.csv is each database's own change history (the target's is "created by the import");
 * - services.csv last_modified is when each database last wrote the entry;
 * - the ids of every other row (phones, addresses, thème terms…) derive from each instance's own namespace,
 *   so rows are compared by their content and by what their links point to, never by their own id.
 */
const IGNORED_FILES = new Set(['metadata.csv']);
const IGNORED_FIELDS: Record<string, string[]> = { 'services.csv': ['last_modified'] };

/**
 * Each package as comparable rows: a cell holding the id of a row of the package becomes that row's identity —
 * the id itself for kept ids, else the row's own content with its links resolved the same way. Robust to columns
 * added to the export: every column is compared, every link is followed.
 */
function canonical(tables: Map<string, Rows>): Map<string, string[]> {
  const rowById = new Map<string, { file: string; row: Record<string, string> }>();
  for (const [file, rows] of tables) for (const row of rows) if (row.id) rowById.set(row.id, { file, row });
  const memo = new Map<string, string>();
  const identity = (id: string, depth = 0): string => {
    const found = rowById.get(id);
    if (!found) return `dangling:${id}`;
    if (KEPT_IDS.has(found.file)) return `${found.file}#${id}`;
    if (memo.has(id)) return memo.get(id)!;
    const value =
      depth > 5 ? `${found.file}#deep` : `${found.file}${JSON.stringify(content(found.file, found.row, depth + 1))}`;
    memo.set(id, value);
    return value;
  };
  const content = (file: string, row: Record<string, string>, depth: number) =>
    Object.fromEntries(
      Object.entries(row)
        .filter(([field]) => field !== 'id' && !IGNORED_FIELDS[file]?.includes(field))
        .map(([field, value]) => [field, rowById.has(value) ? identity(value, depth) : value]),
    );
  const result = new Map<string, string[]>();
  for (const [file, rows] of tables) {
    if (IGNORED_FILES.has(file)) continue;
    result.set(
      file,
      rows
        .map((row) => JSON.stringify({ ...(KEPT_IDS.has(file) ? { id: row.id } : {}), ...content(file, row, 0) }))
        .sort(),
    );
  }
  return result;
}

describe('HSDS package round trip', () => {
  it('export → import into an empty database → export gives the same package: ids, verification dates, links', async () => {
    const first = exportOf(source);
    const user = await createUser(target);
    const result = commitImport(target, user.id, await readImportFile(target, first), { now: NOW });
    expect(result.preview.problems).toEqual([]);
    expect(result.status).toBe('applied');
    // Our own package: every value lands in a field, none is dropped except the history and the modification time.
    const texts = Object.fromEntries(
      Object.entries(unzipSync(first)).map(([name, bytes]) => [name, new TextDecoder().decode(bytes)]),
    );
    expectEveryValueCounted(texts, result.preview.hsds!);
    const dropped = result.preview.hsds!.files.flatMap((f) =>
      f.lines.filter((l) => l.outcome === 'dropped').map((l) => `${f.file}:${l.field}`),
    );
    expect(dropped.filter((d) => !d.startsWith('metadata.csv:') && !d.startsWith('taxonomies.csv:')).sort()).toEqual([
      'services.csv:last_modified',
      'taxonomy_terms.csv:description',
      'taxonomy_terms.csv:language',
      'taxonomy_terms.csv:taxonomy',
    ]);
    // Consent to open data is given to a directory, not carried by a package: imported people are unpublished until
    // the target's coordination records it (decision 073). Recorded here, so that the people travel back out.
    expect(
      target.$client.prepare('select count(*) as n from contacts where open_data_consent_at is not null').get(),
    ).toEqual({ n: 0 });
    target.$client.prepare('update contacts set open_data_consent_at = ?').run(NOW.toISOString());
    const second = exportOf(target);
    const [before, after] = [tablesOf(first), tablesOf(second)];

    // The same files, and the ids partners hold come back unchanged.
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const file of KEPT_IDS) {
      const ids = (t: Map<string, Rows>) => (t.get(file) ?? []).map((r) => r.id).sort();
      expect({ file, ids: ids(after) }).toEqual({ file, ids: ids(before) });
    }
    // Verification dates, per service id.
    const assured = (t: Map<string, Rows>) =>
      Object.fromEntries((t.get('services.csv') ?? []).map((r) => [r.id, r.assured_date]));
    expect(assured(after)).toEqual(assured(before));
    expect(Object.values(assured(before)).filter(Boolean).length).toBeGreaterThan(0);

    // Every file, row by row, links resolved.
    const [a, b] = [canonical(before), canonical(after)];
    for (const file of a.keys()) expect({ file, rows: b.get(file) }).toEqual({ file, rows: a.get(file) });
    expect(JSON.stringify([...b.values()])).not.toContain('dangling:');
    // The comparison followed links: thème classifications compare through their term, phones through their owner.
    expect(a.get('attributes.csv')!.some((row) => row.includes('taxonomy_terms.csv{'))).toBe(true);
    expect(a.get('phones.csv')!.some((row) => row.includes('contacts.csv#'))).toBe(true);
  });

  it('a second export → import → export cycle is stable too, and the re-import changes nothing', async () => {
    const user = await createUser(target);
    commitImport(target, user.id, await readImportFile(target, exportOf(source)), { now: NOW });
    const again = commitImport(target, user.id, await readImportFile(target, exportOf(source)), { now: NOW });
    expect(again.preview.plan?.counts.create).toBe(0);
    expect(again.preview.plan?.counts.update).toBe(0);
  });
});
