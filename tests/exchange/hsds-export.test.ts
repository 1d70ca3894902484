import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { seedDatabase } from '../../src/queries/seed.js';
import { publicHsdsZip } from '../../src/exchange/open-data.js';
import { openTestDatabase } from '../support/db.js';
import { WITHHELD_VALUE } from '../../src/exchange/hsds/export-metadata.js';
import { editFirstOrganisation, hsdsAjv, typedRow } from '../support/hsds-validation.js';

const schemaDir = path.join(import.meta.dirname, '..', 'fixtures', 'hsds');
type Field = { name: string; type: string; constraints?: { required?: boolean } };
type Resource = {
  name: string;
  path: string;
  schema: {
    primaryKey?: string;
    fields: Field[];
    foreignKeys?: { fields: string; reference: { resource: string; fields: string } }[];
  };
};
const officialPackage = JSON.parse(fs.readFileSync(path.join(schemaDir, 'datapackage.json'), 'utf8')) as {
  resources: Resource[];
};

function validatorFor(ajv: ReturnType<typeof hsdsAjv>, name: string) {
  const validate = ajv.getSchema(`${name}.json`);
  if (!validate) throw new Error(`no schema ${name}`);
  return validate;
}

let db: Db;
beforeEach(async () => {
  db = openTestDatabase();
  seedDatabase(db, 'demo');
  // A real edit so that metadata rows (revisions) are part of the package.
  await editFirstOrganisation(db, { phone: '418 555-0199' });
});
afterEach(() => db.$client.close());

function exportedTables() {
  const files = unzipSync(
    publicHsdsZip(db, {
      siteName: 'COSMOSS Rimouski-Neigette',
      homepage: null,
      modified: new Date('2026-11-22T12:00:00Z'),
    }),
  );
  const descriptor = JSON.parse(new TextDecoder().decode(files['datapackage.json'])) as {
    profile: string;
    resources: Resource[];
  };
  const tables = new Map<string, Record<string, string>[]>();
  for (const resource of descriptor.resources) {
    const bytes = files[resource.path];
    expect(bytes, resource.path).toBeDefined();
    const rows = parse(new TextDecoder().decode(bytes), { columns: true }) as Record<string, string>[];
    const header = new TextDecoder().decode(bytes).split('\r\n')[0]!.split(',');
    expect(header, resource.path).toEqual(resource.schema.fields.map((f) => f.name));
    tables.set(resource.name, rows);
  }
  return { descriptor, tables };
}

describe('HSDS 3.0 export', () => {
  it('describes its files with the official resource definitions', () => {
    const { descriptor } = exportedTables();
    expect(descriptor.profile).toBe('tabular-data-package');
    for (const resource of descriptor.resources) {
      const official = officialPackage.resources.find((r) => r.name === resource.name);
      // The official definition, less the foreign keys to resources the package does not hold (decision 076).
      const present = new Set(descriptor.resources.map((r) => r.name));
      expect(resource).toEqual({
        ...official,
        schema: {
          ...official!.schema,
          ...(official!.schema.foreignKeys
            ? { foreignKeys: official!.schema.foreignKeys.filter((k) => present.has(k.reference.resource)) }
            : {}),
        },
      });
    }
    expect(descriptor.resources.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        'organization',
        'service',
        'contact',
        'phone',
        'location',
        'address',
        'taxonomy',
        'taxonomy_term',
        'attribute',
        'metadata',
      ]),
    );
  });

  it('every row validates against its official JSON schema, ids are unique and foreign keys resolve', () => {
    const ajv = hsdsAjv();
    const { descriptor, tables } = exportedTables();
    let checked = 0;
    for (const resource of descriptor.resources) {
      const validate = validatorFor(ajv, resource.name);
      const rows = tables.get(resource.name)!;
      const ids = new Set<string>();
      for (const row of rows) {
        const json = typedRow(row, resource);
        const valid = validate(json);
        expect(valid, `${resource.path} ${JSON.stringify(json)} ${JSON.stringify(validate.errors)}`).toBe(true);
        expect(row.id, resource.path).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(ids.has(row.id!), `duplicate id in ${resource.path}`).toBe(false);
        ids.add(row.id!);
        checked++;
      }
      for (const key of resource.schema.foreignKeys ?? []) {
        const targets = new Set((tables.get(key.reference.resource) ?? []).map((r) => r[key.reference.fields]));
        for (const row of rows) {
          const value = row[key.fields];
          if (value)
            expect(targets.has(value), `${resource.path}.${key.fields} → ${key.reference.resource}`).toBe(true);
        }
      }
    }
    expect(tables.get('organization')).toHaveLength(46);
    expect(tables.get('service')).toHaveLength(46);
    // The edit is listed; a phone number's history is not published (decision 055).
    expect(
      tables
        .get('metadata')!
        .some(
          (m) => m.field_name === 'phone' && m.last_action_type === 'update' && m.replacement_value === WITHHELD_VALUE,
        ),
    ).toBe(true);
    expect(checked).toBeGreaterThan(500);
  });

  it('attaches thèmes to services, and designated people to thèmes, through attributes', () => {
    const { tables } = exportedTables();
    const terms = new Map(tables.get('taxonomy_term')!.map((t) => [t.id, t]));
    const themeLinks = tables.get('attribute')!.filter((a) => a.link_type === 'theme');
    expect(themeLinks.length).toBeGreaterThan(46);
    expect(
      themeLinks.every(
        (a) => a.link_entity === 'service' && terms.get(a.taxonomy_term_id!)?.taxonomy === 'Thèmes COSMOSS',
      ),
    ).toBe(true);
    expect(
      tables.get('attribute')!.some((a) => a.link_entity === 'contact' && a.link_type === 'personne-ressource'),
    ).toBe(true);
    expect(tables.get('phone')!.some((p) => p.contact_id && p.extension)).toBe(true);
  });
});
