import type { Revision, Theme } from '../../db/schema.js';
import type { HsdsIds } from './ids.js';
import { writePlainCsv } from '../csv-write.js';
import type { DirectoryEntry } from '../../queries/exchange.js';
import { writeZip } from '../zip.js';
import { addEntry, addTaxonomies } from './export-entries.js';
import { addMetadata } from './export-metadata.js';
import {
  EXPORTED_RESOURCES,
  HSDS_PACKAGE,
  emptyTables,
  packagedResource,
  resource,
  type HsdsTables,
} from './resources.js';

export interface PackageInfo {
  siteName: string;
  homepage: string | null;
  modified: Date;
}

/** Every HSDS table of the directory, rows keyed by the official field names. */
export function buildHsdsTables(
  entries: readonly DirectoryEntry[],
  themes: readonly Theme[],
  revisionsList: readonly Revision[],
  ids: HsdsIds,
): HsdsTables {
  const tables = emptyTables();
  addTaxonomies(tables, themes, ids);
  for (const entry of entries) addEntry(tables, entry, ids);
  addMetadata(tables, revisionsList, new Set(entries.flatMap((e) => e.contacts.map((c) => c.id))), themes, ids);
  return tables;
}

/** datapackage.json: the official resource descriptions (fields, keys) of the files present. */
export function buildDescriptor(info: PackageInfo): Record<string, unknown> {
  return {
    name: 'repertoire-des-ressources',
    title: `Répertoire des ressources — ${info.siteName}`,
    description:
      'Organismes, personnes-ressources et thèmes du Répertoire des ressources, au format Open Referral HSDS 3.0.',
    profile: HSDS_PACKAGE.profile,
    version: HSDS_PACKAGE.version,
    created: info.modified.toISOString(),
    ...(info.homepage ? { homepage: info.homepage } : {}),
    licenses: [
      {
        name: 'CC-BY-4.0',
        path: 'https://creativecommons.org/licenses/by/4.0/',
        title: 'Creative Commons Attribution 4.0',
      },
    ],
    sources: [{ title: info.siteName, ...(info.homepage ? { path: info.homepage } : {}) }],
    resources: EXPORTED_RESOURCES.map((name) => packagedResource(name)),
  };
}

/** The HSDS 3.0 Tabular Data Package: one CSV per table plus datapackage.json, zipped. */
export function buildHsdsZip(tables: HsdsTables, info: PackageInfo): Uint8Array {
  const files: Record<string, string> = { 'datapackage.json': `${JSON.stringify(buildDescriptor(info), null, 2)}\n` };
  for (const name of EXPORTED_RESOURCES) {
    const { path, schema } = resource(name);
    const header = schema.fields.map((f) => f.name);
    files[path] = writePlainCsv(
      header,
      tables[name].map((row) => header.map((field) => row[field] ?? '')),
    );
  }
  return writeZip(files, info.modified);
}
