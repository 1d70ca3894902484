import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import type { Db } from '../../src/db/client.js';
import { loadDirectory } from '../../src/queries/exchange.js';
import { saveOrganisation, snapshotOrganisation } from '../../src/queries/organisation-edits.js';
import { createUser } from './auth.js';

// ajv-formats is CommonJS: its default export arrives wrapped under NodeNext.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;

export const hsdsSchemaDir = path.join(import.meta.dirname, '..', 'fixtures', 'hsds');

// datapackage-js (frictionlessdata, CommonJS, no types): the independent Frictionless implementation.
interface FrictionlessResource {
  name: string;
  read(options: { forceCast: boolean; relations: boolean; keyed: boolean }): Promise<unknown[]>;
}
interface FrictionlessPackage {
  valid: boolean;
  errors: Error[];
  resources: FrictionlessResource[];
}
const { Package } = createRequire(import.meta.url)('datapackage') as {
  Package: { load(descriptor: string, options?: { strict?: boolean }): Promise<FrictionlessPackage> };
};

export type HsdsFiles = Record<string, Uint8Array>;
type Field = { name: string; type: string; constraints?: { required?: boolean } };
export type Resource = { name: string; path: string; schema: { fields: Field[] } };

/** Every problem datapackage-js finds: descriptor errors, then per resource cast, constraint and foreign-key errors. */
export async function frictionlessErrors(files: HsdsFiles): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hsds-validate-'));
  try {
    for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), bytes);
    const pkg = await Package.load(path.join(dir, 'datapackage.json'));
    const problems = pkg.errors.map((e) => `datapackage.json: ${e.message}`);
    if (!pkg.valid) return problems.length > 0 ? problems : ['datapackage.json: invalid'];
    for (const resource of pkg.resources) {
      try {
        const rows = await resource.read({ forceCast: true, relations: true, keyed: true });
        for (const row of rows)
          if (row instanceof Error) {
            const inner = (row as Error & { errors?: Error[] }).errors ?? [];
            problems.push(`${resource.name}: ${row.message} ${inner.map((e) => e.message).join('; ')}`);
          }
      } catch (error) {
        problems.push(`${resource.name}: ${(error as Error).message}`);
      }
    }
    return problems;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function hsdsAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const notObjects = new Set(['datapackage.json', 'openapi.json']);
  for (const file of fs.readdirSync(hsdsSchemaDir).filter((f) => f.endsWith('.json') && !notObjects.has(f)))
    ajv.addSchema(JSON.parse(fs.readFileSync(path.join(hsdsSchemaDir, file), 'utf8')), file);
  return ajv;
}

/** A CSV row as typed JSON: numbers as numbers, empty cells left out (an empty required value is a missing one). */
export function typedRow(row: Record<string, string>, resource: Resource): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  for (const field of resource.schema.fields) {
    const value = row[field.name] ?? '';
    if (value === '') continue;
    json[field.name] = field.type === 'number' || field.type === 'integer' ? Number(value) : value;
  }
  return json;
}

export function unzipHsds(zip: Uint8Array) {
  const files = unzipSync(zip);
  const descriptor = JSON.parse(new TextDecoder().decode(files['datapackage.json'])) as { resources: Resource[] };
  const tables = new Map<string, Record<string, string>[]>();
  for (const resource of descriptor.resources) {
    const bytes = files[resource.path];
    tables.set(resource.name, bytes ? (parse(new TextDecoder().decode(bytes), { columns: true }) as never) : []);
  }
  return { files, descriptor, tables };
}

/** Every row that its official JSON schema (tests/fixtures/hsds) refuses, with ajv's words. */
export function jsonSchemaErrors(zip: Uint8Array): string[] {
  const ajv = hsdsAjv();
  const { descriptor, tables } = unzipHsds(zip);
  const problems: string[] = [];
  for (const resource of descriptor.resources) {
    const validate = ajv.getSchema(`${resource.name}.json`);
    if (!validate) {
      problems.push(`no official schema for ${resource.name}`);
      continue;
    }
    for (const row of tables.get(resource.name) ?? []) {
      const json = typedRow(row, resource);
      if (!validate(json))
        problems.push(`${resource.path} ${JSON.stringify(json)}: ${ajv.errorsText(validate.errors)}`);
    }
  }
  return problems;
}

type Snapshot = ReturnType<typeof snapshotOrganisation>;

/** A real edit of the first active organisation (A–Z), so that the package has metadata rows (revisions). */
export async function editFirstOrganisation(
  db: Db,
  changes: Partial<Snapshot>,
  themes: (current: Snapshot['themes']) => Snapshot['themes'] = (current) => current,
): Promise<void> {
  const user = await createUser(db);
  const { organisation } = loadDirectory(db, { activeOnly: true })[0]!;
  const snapshot = snapshotOrganisation(db, organisation);
  saveOrganisation(
    db,
    user.id,
    organisation.id,
    organisation.version,
    { ...snapshot, ...changes },
    themes(snapshot.themes),
  );
}
