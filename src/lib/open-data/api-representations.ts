import { AUDIENCES, type Contact } from '../../db/schema.js';
import { withConsentingPeople } from './consent.js';
import { apiFieldName, PUBLIC_FIELDS, type OrganisationFields } from '../../fields/organisation.js';
import type { ApiOrganisationListItem } from '../../queries/api.js';
import type { OrganisationDetail } from '../../queries/organisations.js';

// The JSON shapes of the open API (snake_case keys, as documented in lib/open-data/openapi.ts).

function audienceList(audiences: string): string[] {
  return audiences
    .split(',')
    .map((code) => code.trim())
    .filter((code) => (AUDIENCES as readonly string[]).includes(code));
}

export function organisationSummary(o: ApiOrganisationListItem, base: string, apiBase: string) {
  return {
    id: o.id,
    slug: o.slug,
    name: o.name,
    acronym: o.acronym,
    summary: o.summary,
    phone: o.phone,
    phone_extension: o.phoneExtension,
    toll_free_phone: o.tollFreePhone,
    email: o.email,
    website: o.website,
    city: o.city,
    territory: o.territory,
    audiences: audienceList(o.audiences),
    age_min: o.ageMin,
    age_max: o.ageMax,
    themes: o.themes.map((theme) => ({ slug: theme.slug, name: theme.name })),
    verified_at: o.verifiedAt,
    updated_at: o.updatedAt,
    url: `${base}/organismes/${o.slug}`,
    api_url: `${apiBase}/organisations/${o.slug}`,
  };
}

export function contactRepresentation(c: Contact, organisationSlug: string, base: string) {
  return {
    id: c.id,
    name: c.name,
    role: c.role,
    phone: c.phone,
    phone_extension: c.phoneExtension,
    email: c.email,
    is_primary: c.isPrimary,
    verified_at: c.verifiedAt,
    vcard_url: `${base}/organismes/${organisationSlug}/personnes/${c.id}.vcf`,
  };
}

/** Every public field of the registry (decision 070), so a new public field reaches the API without code here. */
function publicFields(o: OrganisationFields): Record<string, unknown> {
  return Object.fromEntries(
    PUBLIC_FIELDS.map((key) => [apiFieldName(key), key === 'audiences' ? audienceList(o.audiences) : o[key]]),
  );
}

export function organisationDetail({ organisation: o, ...detail }: OrganisationDetail, base: string) {
  // The API is open data: only people who consented to it (decision 073); the website shows everyone.
  const { contacts, links: themes } = withConsentingPeople(detail.contacts, detail.themes);
  return {
    id: o.id,
    slug: o.slug,
    ...publicFields(o),
    contacts: contacts.map((c) => contactRepresentation(c, o.slug, base)),
    themes: themes.map((link) => ({
      slug: link.theme.slug,
      name: link.theme.name,
      color: link.theme.color,
      note: link.note,
      contact_id: link.contactId,
    })),
    verified_at: o.verifiedAt,
    created_at: o.createdAt,
    updated_at: o.updatedAt,
    url: `${base}/organismes/${o.slug}`,
  };
}
