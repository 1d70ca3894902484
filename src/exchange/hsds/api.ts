import type { Db } from '../../db/client.js';
import { loadDirectory } from '../../queries/exchange.js';
import { listHsdsOrganisationIds, type HsdsOrganisationFilters } from '../../queries/hsds-api.js';
import { sortedActiveOrganisationIds } from '../../queries/api.js';
import { cachedPerVersion } from '../../queries/search-cache.js';
import { listThemes } from '../../queries/themes.js';
import { openDataEntries } from '../open-data.js';
import { AUDIENCES, addEntry, addTaxonomies } from './export-entries.js';
import { instanceIds, type HsdsIds } from './ids.js';
import { emptyTables, resource, type HsdsRow, type HsdsTables, type ResourceName } from './resources.js';

// The HSDS 3.0 API answers with the package's own rows (same mapper, same ids, same consent filter), nested.

type Json = Record<string, unknown>;

export interface PageRequest {
  page: number;
  perPage: number;
}

/** An HSDS `Page`: the counts, then the page's contents. */
export interface HsdsPage {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: Json[];
}

export function hsdsPage(total: number, contents: Json[], request: PageRequest): HsdsPage {
  const totalPages = Math.ceil(total / request.perPage);
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: request.page,
    size: contents.length,
    first_page: request.page === 1,
    last_page: request.page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

const pageOf = <T>(items: readonly T[], request: PageRequest) =>
  items.slice((request.page - 1) * request.perPage, request.page * request.perPage);

/** A flat row as HSDS JSON: numbers as numbers, empty cells left out (the official schemas allow no nulls). */
function typed(name: ResourceName, row: HsdsRow): Json {
  const json: Json = {};
  for (const field of resource(name).schema.fields) {
    const value = row[field.name] ?? '';
    if (value === '') continue;
    json[field.name] = field.type === 'number' || field.type === 'integer' ? Number(value) : value;
  }
  return json;
}

/** The nested HSDS objects of some tables: each object shows its related rows, looked up by their foreign keys. */
class Nested {
  private readonly indexes = new Map<string, Map<string, HsdsRow[]>>();

  constructor(readonly tables: HsdsTables) {}

  rows(name: ResourceName, column: string, value: string | undefined): HsdsRow[] {
    const key = `${name}.${column}`;
    let index = this.indexes.get(key);
    if (!index) {
      index = new Map();
      for (const row of this.tables[name]) {
        const of = row[column];
        if (of) index.set(of, [...(index.get(of) ?? []), row]);
      }
      this.indexes.set(key, index);
    }
    return value ? (index.get(value) ?? []) : [];
  }

  one(name: ResourceName, id: string | undefined): HsdsRow | undefined {
    return this.rows(name, 'id', id)[0];
  }

  taxonomyTerm(row: HsdsRow): Json {
    const taxonomy = this.one('taxonomy', row.taxonomy_id);
    return { ...typed('taxonomy_term', row), ...(taxonomy ? { taxonomy_detail: typed('taxonomy', taxonomy) } : {}) };
  }

  private attributes(linkId: string | undefined): Json[] {
    return this.rows('attribute', 'link_id', linkId).map((row) => {
      const term = this.one('taxonomy_term', row.taxonomy_term_id);
      return { ...typed('attribute', row), ...(term ? { taxonomy_term: this.taxonomyTerm(term) } : {}) };
    });
  }

  private phones(column: string, value: string | undefined): Json[] {
    return this.rows('phone', column, value).map((row) => typed('phone', row));
  }

  private contacts(column: string, value: string | undefined): Json[] {
    return this.rows('contact', column, value).map((row) => ({
      ...typed('contact', row),
      phones: this.phones('contact_id', row.id),
      attributes: this.attributes(row.id),
    }));
  }

  location(row: HsdsRow): Json {
    return {
      ...typed('location', row),
      addresses: this.rows('address', 'location_id', row.id).map((r) => typed('address', r)),
      accessibility: this.rows('accessibility', 'location_id', row.id).map((r) => typed('accessibility', r)),
    };
  }

  organization(row: HsdsRow, full: boolean): Json {
    const flat = typed('organization', row);
    if (!full) return flat;
    return {
      ...flat,
      contacts: this.contacts('organization_id', row.id),
      phones: this.phones('organization_id', row.id),
      locations: this.rows('location', 'organization_id', row.id).map((r) => this.location(r)),
      services: this.rows('service', 'organization_id', row.id).map((r) => this.service(r, false)),
    };
  }

  service(row: HsdsRow, full: boolean): Json {
    const organization = this.one('organization', row.organization_id);
    const flat = {
      ...typed('service', row),
      ...(organization ? { organization: typed('organization', organization) } : {}),
    };
    if (!full) return flat;
    return {
      ...flat,
      // The organisation's general lines are the service's: each organisation has its one default service.
      phones: this.phones('organization_id', row.organization_id),
      contacts: this.contacts('service_id', row.id),
      schedules: this.rows('schedule', 'service_id', row.id).map((r) => typed('schedule', r)),
      service_areas: this.rows('service_area', 'service_id', row.id).map((r) => typed('service_area', r)),
      languages: this.rows('language', 'service_id', row.id).map((r) => typed('language', r)),
      service_at_locations: this.rows('service_at_location', 'service_id', row.id).map((r) =>
        this.serviceAtLocation(r, false, false),
      ),
      attributes: this.attributes(row.id),
    };
  }

  serviceAtLocation(row: HsdsRow, full: boolean, withService = true): Json {
    const location = this.one('location', row.location_id);
    const service = this.one('service', row.service_id);
    const flat = {
      ...typed('service_at_location', row),
      ...(location ? { location: this.location(location) } : {}),
      ...(withService && service ? { service: this.service(service, false) } : {}),
    };
    if (!full || !service) return flat;
    return {
      ...flat,
      contacts: this.contacts('service_id', service.id),
      phones: this.phones('organization_id', service.organization_id),
      schedules: this.rows('schedule', 'service_id', service.id).map((r) => typed('schedule', r)),
    };
  }
}

/** The tables of some organisations (consenting people only, decision 073), with the taxonomies. */
function tablesOf(db: Db, organisationIds: readonly number[], ids: HsdsIds): Nested {
  const tables = emptyTables();
  addTaxonomies(tables, listThemes(db), ids);
  const entries = openDataEntries(loadDirectory(db, { activeOnly: true, ids: organisationIds }));
  const byId = new Map(entries.map((entry) => [entry.organisation.id, entry]));
  for (const id of organisationIds) {
    const entry = byId.get(id);
    if (entry) addEntry(tables, entry, ids);
  }
  return new Nested(tables);
}

/** Which organisation, thème, group or feature an HSDS id of this instance names: ids are hashes, so a lookup table. */
interface IdIndex {
  organisations: Map<string, number>;
  services: Map<string, number>;
  serviceAtLocations: Map<string, number>;
  terms: Map<string, Pick<HsdsOrganisationFilters, 'themeId' | 'audience' | 'emergency'>>;
}

const idIndex = cachedPerVersion((db): IdIndex => {
  const ids = instanceIds(db);
  const active = sortedActiveOrganisationIds(db);
  const terms: IdIndex['terms'] = new Map([[ids.emergencyTerm, { emergency: true }]]);
  for (const theme of listThemes(db)) terms.set(ids.theme(theme.id), { themeId: theme.id });
  for (const code of Object.keys(AUDIENCES)) terms.set(ids.audience(code), { audience: code });
  return {
    organisations: new Map(active.map((id) => [ids.organisation(id), id])),
    services: new Map(active.map((id) => [ids.service(id), id])),
    serviceAtLocations: new Map(active.map((id) => [ids.row('service_at_location', id), id])),
    terms,
  };
});

/** The API's filters, as HSDS names them; ids are this instance's HSDS ids. */
export interface HsdsListFilters {
  search?: string;
  taxonomyTermId?: string;
  organizationId?: string;
  modifiedAfter?: string;
}

/** A filter naming an id this directory does not hold: the route answers 400 with these words. */
export class UnknownHsdsId extends Error {
  constructor(
    readonly parameter: string,
    readonly value: string,
  ) {
    super(`unknown ${parameter}`);
  }
}

function organisationFilters(db: Db, filters: HsdsListFilters): HsdsOrganisationFilters {
  const index = idIndex(db);
  const resolved: HsdsOrganisationFilters = { search: filters.search, modifiedAfter: filters.modifiedAfter };
  if (filters.taxonomyTermId !== undefined) {
    const term = index.terms.get(filters.taxonomyTermId);
    if (!term) throw new UnknownHsdsId('taxonomy_term_id', filters.taxonomyTermId);
    Object.assign(resolved, term);
  }
  if (filters.organizationId !== undefined) {
    const id = index.organisations.get(filters.organizationId);
    if (id === undefined) throw new UnknownHsdsId('organization_id', filters.organizationId);
    resolved.organisationId = id;
  }
  return resolved;
}

type Kind = 'service' | 'organization' | 'service_at_location';

/** One page of services, organisations or services at locations, as HSDS list objects. */
export function listHsds(db: Db, kind: Kind, filters: HsdsListFilters, request: PageRequest): HsdsPage {
  const resolved = organisationFilters(db, filters);
  const all = listHsdsOrganisationIds(db, { ...resolved, withLocation: kind === 'service_at_location' });
  const page = pageOf(all, request);
  const nested = tablesOf(db, page, instanceIds(db));
  const rows = nested.tables[kind];
  const contents = rows.map((row) =>
    kind === 'service'
      ? nested.service(row, false)
      : kind === 'organization'
        ? nested.organization(row, false)
        : nested.serviceAtLocation(row, false),
  );
  return hsdsPage(all.length, contents, request);
}

/** One service, organisation or service at a location, fully nested; null when this directory has no such id. */
export function findHsds(db: Db, kind: Kind, id: string): Json | null {
  const index = idIndex(db);
  const organisationId = (
    kind === 'service' ? index.services : kind === 'organization' ? index.organisations : index.serviceAtLocations
  ).get(id);
  if (organisationId === undefined) return null;
  const nested = tablesOf(db, [organisationId], instanceIds(db));
  const row = nested.one(kind, id);
  if (!row) return null;
  return kind === 'service'
    ? nested.service(row, true)
    : kind === 'organization'
      ? nested.organization(row, true)
      : nested.serviceAtLocation(row, true);
}

const taxonomyTables = (db: Db) => tablesOf(db, [], instanceIds(db));

const matches = (search: string | undefined, ...texts: (string | undefined)[]) => {
  const words = (search ?? '').toLocaleLowerCase('fr-CA').trim();
  return !words || texts.some((text) => (text ?? '').toLocaleLowerCase('fr-CA').includes(words));
};

export function listHsdsTaxonomies(db: Db, search: string | undefined, request: PageRequest): HsdsPage {
  const rows = taxonomyTables(db).tables.taxonomy.filter((t) => matches(search, t.name, t.description));
  return hsdsPage(
    rows.length,
    pageOf(rows, request).map((row) => typed('taxonomy', row)),
    request,
  );
}

export function listHsdsTaxonomyTerms(
  db: Db,
  filters: { search?: string; taxonomyId?: string },
  request: PageRequest,
): HsdsPage {
  const nested = taxonomyTables(db);
  const rows = nested.tables.taxonomy_term.filter(
    (t) =>
      (filters.taxonomyId === undefined || t.taxonomy_id === filters.taxonomyId) &&
      matches(filters.search, t.name, t.description, t.code),
  );
  return hsdsPage(
    rows.length,
    pageOf(rows, request).map((row) => nested.taxonomyTerm(row)),
    request,
  );
}

export function findHsdsTaxonomy(db: Db, id: string): Json | null {
  const row = taxonomyTables(db).one('taxonomy', id);
  return row ? typed('taxonomy', row) : null;
}

export function findHsdsTaxonomyTerm(db: Db, id: string): Json | null {
  const nested = taxonomyTables(db);
  const row = nested.one('taxonomy_term', id);
  return row ? nested.taxonomyTerm(row) : null;
}
