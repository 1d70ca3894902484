import type { Theme } from '../../db/schema.js';
import type { DirectoryEntry } from '../../queries/exchange.js';
import type { HsdsIds } from './ids.js';
import type { HsdsTables } from './resources.js';
import { languageKey, parseLanguages } from '../../lib/open-data/languages.js';

export const THEMES_TAXONOMY_NAME = 'Thèmes COSMOSS';
export const AUDIENCES_TAXONOMY_NAME = 'Groupes COSMOSS';
export const FEATURES_TAXONOMY_NAME = 'Caractéristiques COSMOSS';
/** The term of the « Ressource d'urgence ou 24/7 » flag (decision 087). */
export const EMERGENCY_TERM = { code: 'urgence-24-7', name: 'Ressource d’urgence ou 24/7' };
export const MAIN_PHONE = 'Téléphone principal';
export const TOLL_FREE_PHONE = 'Sans frais';
export const AUDIENCES: Record<string, string> = {
  jeunes: 'Jeunes',
  adultes: 'Adultes',
  familles: 'Familles',
  aines: 'Aînés',
};

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));

/** The two taxonomies: the Arbre's thèmes and the client groups. */
export function addTaxonomies(tables: HsdsTables, themes: readonly Theme[], ids: HsdsIds): void {
  tables.taxonomy.push(
    {
      id: ids.themesTaxonomy,
      name: THEMES_TAXONOMY_NAME,
      description: 'Thèmes de l’Arbre des ressources de COSMOSS, sous lesquels les organismes sont classés.',
      uri: '',
      version: '',
    },
    {
      id: ids.audiencesTaxonomy,
      name: AUDIENCES_TAXONOMY_NAME,
      description: 'Groupes de population desservis.',
      uri: '',
      version: '',
    },
    {
      id: ids.featuresTaxonomy,
      name: FEATURES_TAXONOMY_NAME,
      description: 'Caractéristiques d’un service que la coordination marque elle-même.',
      uri: '',
      version: '',
    },
  );
  tables.taxonomy_term.push({
    id: ids.emergencyTerm,
    code: EMERGENCY_TERM.code,
    name: EMERGENCY_TERM.name,
    description: 'Joignable la nuit et la fin de semaine, ou réservée aux situations d’urgence.',
    parent_id: '',
    taxonomy: FEATURES_TAXONOMY_NAME,
    language: 'fr',
    taxonomy_id: ids.featuresTaxonomy,
    term_uri: '',
  });
  for (const theme of themes) {
    tables.taxonomy_term.push({
      id: ids.theme(theme.id),
      code: theme.slug,
      name: theme.name,
      description: theme.description,
      parent_id: '',
      taxonomy: THEMES_TAXONOMY_NAME,
      language: 'fr',
      taxonomy_id: ids.themesTaxonomy,
      term_uri: '',
    });
  }
  for (const [code, name] of Object.entries(AUDIENCES)) {
    tables.taxonomy_term.push({
      id: ids.audience(code),
      code,
      name,
      description: `Groupe «\u00a0${name}\u00a0».`,
      parent_id: '',
      taxonomy: AUDIENCES_TAXONOMY_NAME,
      language: 'fr',
      taxonomy_id: ids.audiencesTaxonomy,
      term_uri: '',
    });
  }
}

/** The one address HSDS accepts: street, city and postal code all known (never invented). */
const completeAddress = (o: DirectoryEntry['organisation']) => Boolean(o.address && o.city && o.postalCode);

type AddressParts = Pick<DirectoryEntry['organisation'], 'address' | 'city' | 'postalCode'>;
const ADDRESS_PARTS = [
  ['address', 'numéro et rue'],
  ['city', 'ville'],
  ['postalCode', 'code postal'],
] as const;
const PARTIAL_ADDRESS = /^Adresse incomplète\u00a0: (.+) \(manque\u00a0: ([^()]+)\)$/;

/**
 * An address HSDS cannot carry as fields, as a sentence for `location.description` that says which parts are
 * missing: « Adresse incomplète : 12, rue Principale, Rimouski (manque : code postal) ». Empty when complete or none.
 */
export function partialAddressText(o: AddressParts): string {
  const known = ADDRESS_PARTS.filter(([key]) => o[key]);
  if (known.length === 0 || known.length === ADDRESS_PARTS.length) return '';
  const missing = ADDRESS_PARTS.filter(([key]) => !o[key]).map(([, label]) => label);
  return `Adresse incomplète\u00a0: ${known.map(([key]) => o[key]).join(', ')} (manque\u00a0: ${missing.join(', ')})`;
}

/**
 * The inverse, for an import: the parts of a partial address written by `partialAddressText`, or null when the text
 * is anything else (a location description of another directory is never read as an address). The postal code and
 * the city are the last comma-separated parts; the street keeps its own commas (« 12, rue Principale »).
 */
export function partialAddressFromHsds(description: string): Partial<Record<keyof AddressParts, string>> | null {
  const match = PARTIAL_ADDRESS.exec(description.trim());
  if (!match) return null;
  const missing = match[2]!.split(', ');
  const absent = ADDRESS_PARTS.filter(([, label]) => missing.includes(label));
  // Only the exact list the export writes: known labels, in order, at least one part known.
  if (absent.map(([, label]) => label).join(', ') !== match[2] || absent.length === ADDRESS_PARTS.length) return null;
  const segments = match[1]!.split(', ');
  const parts: Partial<Record<keyof AddressParts, string>> = {};
  for (const [key] of [...ADDRESS_PARTS].reverse()) {
    if (absent.some(([k]) => k === key)) continue;
    const value = key === 'address' ? segments.splice(0).join(', ') : segments.pop();
    if (!value?.trim()) return null;
    parts[key] = value.trim();
  }
  return segments.length === 0 ? parts : null;
}

function addLocation(tables: HsdsTables, entry: DirectoryEntry, organizationId: string, ids: HsdsIds): void {
  const o = entry.organisation;
  if (!o.address && !o.city && !o.postalCode && !o.accessibility) return;
  const locationId = ids.location(o.id);
  // An incomplete address is still worth publishing: as the location's description, in the organisation's words.
  const partialAddress = partialAddressText(o);
  tables.location.push({
    id: locationId,
    location_type: 'physical',
    url: '',
    organization_id: organizationId,
    name: o.name,
    alternate_name: '',
    description: partialAddress,
    transportation: '',
    latitude: '',
    longitude: '',
    external_identifier: '',
    external_identifier_type: '',
  });
  tables.service_at_location.push({
    id: ids.row('service_at_location', o.id),
    service_id: ids.service(o.id),
    location_id: locationId,
    description: '',
  });
  if (completeAddress(o)) {
    tables.address.push({
      id: ids.row('address', o.id),
      location_id: locationId,
      attention: '',
      address_1: text(o.address),
      address_2: '',
      city: text(o.city),
      region: '',
      state_province: 'QC',
      postal_code: text(o.postalCode),
      country: 'CA',
      address_type: 'physical',
    });
  }
  if (o.accessibility)
    tables.accessibility.push({
      id: ids.row('accessibility', o.id),
      location_id: locationId,
      description: o.accessibility,
      details: '',
      url: '',
    });
}

function phoneExtension(extension: string | null, description: string): { extension: string; description: string } {
  const value = text(extension).trim();
  if (value === '' || /^\d{1,9}$/.test(value)) return { extension: value, description };
  return { extension: '', description: [description, `poste ${value}`].filter(Boolean).join(', ') };
}

function addPhones(tables: HsdsTables, entry: DirectoryEntry, organizationId: string, ids: HsdsIds): void {
  const o = entry.organisation;
  const phone = (
    id: string,
    number: string,
    extension: string | null,
    description: string,
    link: Partial<Record<'organization_id' | 'contact_id', string>>,
  ) =>
    tables.phone.push({
      id,
      location_id: '',
      service_id: '',
      organization_id: '',
      contact_id: '',
      service_at_location_id: '',
      number,
      // HSDS wants a number: « 12 ou 14 » goes to the description instead.
      ...phoneExtension(extension, description),
      type: 'voice',
      ...link,
    });
  if (o.phone)
    phone(ids.row('phone', o.id, 'main'), o.phone, o.phoneExtension, MAIN_PHONE, { organization_id: organizationId });
  if (o.tollFreePhone)
    phone(ids.row('phone', o.id, 'toll-free'), o.tollFreePhone, null, TOLL_FREE_PHONE, {
      organization_id: organizationId,
    });
  for (const contact of entry.contacts) {
    if (contact.phone)
      phone(ids.row('phone', 'contact', contact.id), contact.phone, contact.phoneExtension, '', {
        contact_id: ids.contact(contact.id),
      });
  }
}

function attribute(
  tables: HsdsTables,
  id: string,
  linkId: string,
  termId: string,
  linkType: string,
  linkEntity: string,
  value: string,
): void {
  tables.attribute.push({
    id,
    link_id: linkId,
    taxonomy_term_id: termId,
    link_type: linkType,
    link_entity: linkEntity,
    value,
  });
}

const noDescriptionYet = (name: string) =>
  `${name}\u00a0: organisme du répertoire dont la description n’est pas encore rédigée.`;

/** HSDS requires a description: the summary, else the services offered, else a sentence that says none is written. */
export function organisationDescription(o: Pick<DirectoryEntry['organisation'], 'name' | 'summary' | 'description'>) {
  return o.summary.trim() || o.description.trim() || noDescriptionYet(o.name);
}

/**
 * The inverse, for an import of this package: the summary an organization.description stands for, empty where it
 * is only the fallback (the service's own description, or the « not yet written » sentence).
 */
export function summaryFromHsds(organization: { name?: string; description?: string }, serviceDescription = '') {
  const text = (organization.description ?? '').trim();
  if (text === serviceDescription.trim() || text === noDescriptionYet(organization.name ?? '')) return '';
  return text;
}

/** One organisation: organization + its default service, location, phones, people and classifications. */
export function addEntry(tables: HsdsTables, entry: DirectoryEntry, ids: HsdsIds): void {
  const o = entry.organisation;
  const organizationId = ids.organisation(o.id);
  const serviceId = ids.service(o.id);
  tables.organization.push({
    id: organizationId,
    name: o.name,
    alternate_name: text(o.acronym),
    description: organisationDescription(o),
    email: text(o.email),
    website: text(o.website),
    tax_status: '',
    tax_id: '',
    year_incorporated: '',
    legal_status: '',
    logo: '',
    uri: '',
    parent_organization_id: '',
  });
  tables.service.push({
    id: serviceId,
    organization_id: organizationId,
    program_id: '',
    name: o.name,
    alternate_name: text(o.acronym),
    description: o.description,
    url: text(o.website),
    email: text(o.email),
    status: o.status === 'active' ? 'active' : 'inactive',
    interpretation_services: '',
    application_process: text(o.referral),
    fees_description: text(o.cost),
    wait_time: '',
    fees: '',
    accreditations: '',
    eligibility_description: text(o.clientele),
    minimum_age: text(o.ageMin),
    maximum_age: text(o.ageMax),
    assured_date: o.verifiedAt ? o.verifiedAt.slice(0, 10) : '',
    assurer_email: '',
    licenses: '',
    alert: '',
    // Frictionless datetimes have no fraction of a second.
    last_modified: o.updatedAt.replace(/\.\d+Z$/, 'Z'),
  });
  if (o.hours) tables.schedule.push({ id: ids.row('schedule', o.id), service_id: serviceId, description: o.hours });
  if (o.territory)
    tables.service_area.push({
      id: ids.row('service_area', o.id),
      service_id: serviceId,
      name: o.territory,
      description: '',
      extent: '',
      extent_type: '',
      uri: '',
    });
  for (const language of parseLanguages(o.languages))
    tables.language.push({
      id: ids.row('language', o.id, languageKey(language)),
      service_id: serviceId,
      location_id: '',
      phone_id: '',
      ...language,
    });
  addLocation(tables, entry, organizationId, ids);
  addPhones(tables, entry, organizationId, ids);
  for (const contact of entry.contacts) {
    tables.contact.push({
      id: ids.contact(contact.id),
      organization_id: organizationId,
      service_id: serviceId,
      service_at_location_id: '',
      location_id: '',
      name: contact.name,
      title: contact.role,
      department: '',
      email: text(contact.email),
    });
  }
  for (const code of o.audiences.split(',').filter(Boolean))
    attribute(
      tables,
      ids.row('attribute', o.id, 'audience', code),
      serviceId,
      ids.audience(code),
      'audience',
      'service',
      '',
    );
  if (o.emergency)
    attribute(
      tables,
      ids.row('attribute', o.id, 'feature', EMERGENCY_TERM.code),
      serviceId,
      ids.emergencyTerm,
      'feature',
      'service',
      'oui',
    );
  for (const link of entry.links) {
    attribute(
      tables,
      ids.row('attribute', o.id, 'theme', link.themeId),
      serviceId,
      ids.theme(link.themeId),
      'theme',
      'service',
      text(link.note),
    );
    if (link.contactId !== null) {
      attribute(
        tables,
        ids.row('attribute', 'contact', link.contactId, 'theme', link.themeId),
        ids.contact(link.contactId),
        ids.theme(link.themeId),
        'personne-ressource',
        'contact',
        '',
      );
    }
  }
}
