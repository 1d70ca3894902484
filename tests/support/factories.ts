import type { Db } from '../../src/db/client.js';
import type { Contact, Organisation, Theme } from '../../src/db/schema.js';
import {
  insertContact,
  insertOrganisation,
  linkOrganisationToTheme,
  type ContactInput,
  type OrganisationInput,
} from '../../src/queries/organisation-writes.js';
import { insertTheme, type ThemeInput } from '../../src/queries/themes.js';

let sequence = 0;
const next = () => ++sequence;

export function createTheme(db: Db, overrides: Partial<ThemeInput> = {}): Theme {
  const n = next();
  return insertTheme(db, {
    name: `Thème ${n}`,
    description: `Description du thème ${n}.`,
    color: '#1E5A44',
    position: n,
    keywords: '',
    ...overrides,
  });
}

export function createOrganisation(db: Db, overrides: Partial<OrganisationInput> = {}): Organisation {
  const n = next();
  return insertOrganisation(db, {
    name: `Organisme ${n}`,
    summary: `Résumé de l'organisme ${n}.`,
    description: `Services offerts par l'organisme ${n}.`,
    phone: `418 555-01${String(n % 100).padStart(2, '0')}`,
    territory: 'MRC de Rimouski-Neigette',
    verifiedAt: db.clock().toISOString(),
    ...overrides,
  });
}

export function createContact(db: Db, organisation: Organisation, overrides: Partial<ContactInput> = {}): Contact {
  const n = next();
  return insertContact(db, {
    organisationId: organisation.id,
    name: `Personne ${n}`,
    role: 'Intervenante',
    phone: '418 555-0100',
    phoneExtension: String(n),
    // Tests of exports picture published people; tests of consent pass openDataConsentAt: null.
    openDataConsentAt: db.clock().toISOString(),
    ...overrides,
  });
}

export function linkTheme(
  db: Db,
  organisation: Organisation,
  theme: Theme,
  options: { note?: string | null; contact?: Contact | null } = {},
): void {
  linkOrganisationToTheme(db, {
    organisationId: organisation.id,
    themeId: theme.id,
    note: options.note ?? null,
    contactId: options.contact?.id ?? null,
  });
}
