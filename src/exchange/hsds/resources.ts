import official from './datapackage-3.0.0.json' with { type: 'json' };

/** A field of the official HSDS 3.0 Tabular Data Package. */
export interface HsdsField {
  name: string;
  type: string;
  format?: string;
  constraints?: { required?: boolean; unique?: boolean };
}

export interface HsdsResource {
  name: string;
  path: string;
  description?: string;
  format?: string;
  mediatype?: string;
  profile?: string;
  schema: {
    primaryKey?: string;
    fields: HsdsField[];
    foreignKeys?: { fields: string; reference: { resource: string; fields: string } }[];
  };
}

export const HSDS_PACKAGE = official as unknown as { version: string; profile: string; resources: HsdsResource[] };

/** The resources this directory exports, in the order of the package. */
export const EXPORTED_RESOURCES = [
  'organization',
  'service',
  'location',
  'service_at_location',
  'address',
  'phone',
  'contact',
  'schedule',
  'service_area',
  'language',
  'accessibility',
  'taxonomy',
  'taxonomy_term',
  'attribute',
  'metadata',
] as const;

export type ResourceName = (typeof EXPORTED_RESOURCES)[number];
export type HsdsRow = Record<string, string>;
export type HsdsTables = Record<ResourceName, HsdsRow[]>;

export function resource(name: ResourceName): HsdsResource {
  const found = HSDS_PACKAGE.resources.find((r) => r.name === name);
  if (!found) throw new Error(`HSDS resource ${name} missing from datapackage-3.0.0.json`);
  return found;
}

/**
 * A resource as this package describes it: the official definition, less the foreign keys to resources the package
 * does not contain (programs…), which a Frictionless validator cannot resolve.
 */
export function packagedResource(name: ResourceName): HsdsResource {
  const official = resource(name);
  const present = new Set<string>(EXPORTED_RESOURCES);
  const foreignKeys = official.schema.foreignKeys?.filter((key) => present.has(key.reference.resource));
  return { ...official, schema: { ...official.schema, ...(foreignKeys ? { foreignKeys } : {}) } };
}

export function emptyTables(): HsdsTables {
  return Object.fromEntries(EXPORTED_RESOURCES.map((name) => [name, []])) as unknown as HsdsTables;
}
