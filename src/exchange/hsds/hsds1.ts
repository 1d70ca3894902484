import type { PackageRow } from './tally.js';

/** Files only HSDS 1.x packages have (3.0 renamed or merged them). */
const ONLY_1X = new Set([
  'physical_addresses.csv',
  'postal_addresses.csv',
  'services_at_location.csv',
  'regular_schedules.csv',
  'holiday_schedules.csv',
  'accessibility_for_disabilities.csv',
  'eligibility.csv',
  'service_area.csv',
  'service_taxonomy.csv',
  'payment_accepted.csv',
]);

/** A 1.x package: one of its own files, or organizations.csv with 1.x's `url` where 3.0 has `website`. */
export function isHsds1(files: ReadonlyMap<string, PackageRow[]>, headers: ReadonlyMap<string, string[]>): boolean {
  if ([...files.keys()].some((name) => ONLY_1X.has(name))) return true;
  const organizations = headers.get('organizations.csv') ?? [];
  return organizations.includes('url') && !organizations.includes('website');
}

/** 1.x file → the 3.0 table it fills, and its fields renamed (1.x name → 3.0 name). */
const MAPPING: Record<string, { table: string; fields: Record<string, string> }> = {
  'organizations.csv': { table: 'organizations.csv', fields: { url: 'website' } },
  'services.csv': { table: 'services.csv', fields: { fees: 'fees_description' } },
  'services_at_location.csv': { table: 'service_at_location.csv', fields: {} },
  'physical_addresses.csv': { table: 'addresses.csv', fields: {} },
  'postal_addresses.csv': { table: 'addresses.csv', fields: {} },
  'languages.csv': { table: 'languages.csv', fields: { language: 'name' } },
  'accessibility_for_disabilities.csv': { table: 'accessibility.csv', fields: { accessibility: 'description' } },
  'service_area.csv': { table: 'service_areas.csv', fields: { service_area: 'name' } },
  'regular_schedules.csv': { table: 'schedules.csv', fields: { weekday: 'byday' } },
};

/**
 * Reads a 1.x package as 3.0 tables: rows keep their own file and line (messages cite the file as sent) and remember
 * their field names; files 3.0 does not know stay under their own name (eligibility.csv is read as such).
 */
export function asHsds3(files: ReadonlyMap<string, PackageRow[]>): Map<string, PackageRow[]> {
  const tables = new Map<string, PackageRow[]>();
  for (const [file, rows] of files) {
    const mapping = MAPPING[file] ?? { table: file, fields: {} };
    const renamed = rows.map((row): PackageRow => {
      const cells: Record<string, string> = {};
      const rename: Record<string, string> = {};
      for (const [field, value] of Object.entries(row.cells)) {
        const to = mapping.fields[field] ?? field;
        // A 3.0 name already present wins: the 1.x one keeps its own name.
        if (to !== field && field in row.cells && to in row.cells) cells[field] = value;
        else {
          cells[to] = value;
          if (to !== field) rename[to] = field;
        }
      }
      return { ...row, cells, rename };
    });
    tables.set(mapping.table, (tables.get(mapping.table) ?? []).concat(renamed));
  }
  return tables;
}
