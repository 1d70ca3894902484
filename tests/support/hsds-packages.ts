import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { expect } from 'vitest';
import type { HsdsImportReport } from '../../src/exchange/table.js';
import { writeZip } from '../../src/exchange/zip.js';

const SHARED = '/work/shared/hsds';
const EXAMPLE_DIR = path.join(SHARED, 'examples', 'csv');
const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'hsds');

/**
 * The official HSDS 3.0 example package as the specification repository ships it: its datapackage.json is a
 * symbolic link to the schema's own (../../datapackage.json), stored as a one-line text in this copy.
 */
export function officialExampleFiles(prefix = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of fs.readdirSync(EXAMPLE_DIR).filter((f) => f.endsWith('.csv')))
    files[`${prefix}${name}`] = fs.readFileSync(path.join(EXAMPLE_DIR, name), 'utf8');
  const descriptor = fs.readFileSync(path.join(EXAMPLE_DIR, 'datapackage.json'), 'utf8');
  files[`${prefix}datapackage.json`] = descriptor.trim().startsWith('{')
    ? descriptor
    : fs.readFileSync(
        fs.existsSync(path.join(SHARED, 'datapackage.json'))
          ? path.join(SHARED, 'datapackage.json')
          : path.join(FIXTURES, 'datapackage.json'),
        'utf8',
      );
  return files;
}

export const zipOf = (files: Record<string, string>) => writeZip(files, new Date('2026-11-20T12:00:00Z'));

/** A small HSDS 1.1 package in the shape of openreferral/sample-HSDS-datapackage (1.x file and field names). */
export function hsds11Files(): Record<string, string> {
  const descriptor = {
    name: 'hsds_sample',
    title: 'HSDS 1.1 sample',
    profile: 'tabular-data-package',
    version: '0.1',
    resources: [
      'organizations',
      'services',
      'locations',
      'services_at_location',
      'physical_addresses',
      'phones',
      'contacts',
      'languages',
    ].map((name) => ({ name, path: `${name}.csv`, profile: 'tabular-data-resource' })),
  };
  const long = 'Un organisme qui offre <b>écoute</b> et accompagnement. '.repeat(5).trim();
  return {
    'datapackage.json': JSON.stringify(descriptor),
    'organizations.csv': `id,name,alternate_name,description,email,url,tax_status,tax_id,year_incorporated,legal_status
1,Centre d’écoute du Fleuve,CEF,"${long}",info@cef.example.org,https://cef.example.org,,,1998,OBNL
2,Popote roulante,,"<p>Repas livrés à domicile.</p>",,popote.example.org,,,,
`,
    'services.csv': `id,organization_id,program_id,location_id,name,alternate_name,description,url,email,status,interpretation_services,application_process,wait_time,fees,accreditations,licenses
10,1,,20,Écoute téléphonique,,"<p>Ligne d’écoute.</p><ul><li>Jour</li><li>Soir</li></ul>",,,active,,Appelez directement.,,Gratuit,,
11,2,,,Repas,,Livraison de repas chauds.,,,inactive,,,,5 $ par repas,,
`,
    'locations.csv': `id,organization_id,name,alternate_name,description,transportation,latitude,longitude
20,1,Bureau principal,,,Autobus 2,48.45,-68.52
`,
    'services_at_location.csv': `id,service_id,location_id,description
30,10,20,
`,
    'physical_addresses.csv': `id,location_id,attention,address_1,address_2,address_3,address_4,city,region,state_province,postal_code,country
40,20,,"12, rue de l’Évêché Ouest",,,,Rimouski,,QC,G5L 4H4,CA
`,
    'phones.csv': `id,location_id,service_id,organization_id,contact_id,service_at_location_id,number,extension,type,language,description
50,,,1,,,418 555-0101,,voice,,
51,,,,60,,(418) 555-0102,12,voice,,
`,
    'contacts.csv': `id,organization_id,service_id,service_at_location_id,name,title,department,email
60,1,,,Julie Gagnon,Coordonnatrice,,julie@cef.example.org
`,
    'languages.csv': `id,service_id,location_id,language
70,10,,Français
71,10,,Anglais
`,
  };
}

/** Every non-empty value that is not a link (id, *_id) of every file appears once in the report, whatever its fate. */
export function expectEveryValueCounted(files: Record<string, string>, report: HsdsImportReport): void {
  for (const [name, text] of Object.entries(files).filter(([n]) => n.endsWith('.csv'))) {
    const file = name.split('/').pop()!;
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    const values = rows.flatMap((r) =>
      Object.entries(r).filter(([k, v]) => v.trim() !== '' && k !== 'id' && !k.endsWith('_id')),
    );
    const counted = report.files.find((f) => f.file === file)?.lines.reduce((n, l) => n + l.count, 0) ?? 0;
    expect({ file, counted }).toEqual({ file, counted: values.length });
  }
}
