import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { daysAgoIso } from '../lib/dates.js';
import { seedsDir } from '../lib/paths.js';
import { insertContact, insertOrganisation, linkOrganisationToTheme } from './organisation-writes.js';
import { countOrganisations } from './organisations.js';
import { getMeta, setMeta } from './site-meta.js';
import { insertSynonym, synonymIdForWord } from './search-synonyms.js';
import { insertTerritory, listTerritoryIds } from './territories.js';
import { synonymKey } from '../lib/search/synonyms.js';
import { countRevisions } from './revisions.js';
import { countThemes, insertTheme, listThemes } from './themes.js';
import { listUsers } from './users.js';
import type { Db } from '../db/client.js';
import { AUDIENCES, TERRITORY_KINDS } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';

const themeSeed = z.array(
  z.object({
    slug: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string().min(1),
    description: z.string(),
    color: z.string().regex(/^#[0-9A-Fa-f]{6}$/),
    position: z.number().int(),
    keywords: z.array(z.string().min(1)),
  }),
);

const nullableText = z.string().min(1).nullable();
const contactSeed = z.object({
  name: z.string().min(1),
  role: z.string(),
  phone: nullableText,
  phoneExtension: nullableText,
  email: nullableText,
  isPrimary: z.boolean(),
  verifiedDaysAgo: z.number().int().min(0).nullable(),
  // Demo people consented to the open data unless the file says otherwise (decision 073).
  openDataConsent: z.boolean().default(true),
});

const organisationSeed = z.object({
  name: z.string().min(1),
  acronym: nullableText,
  summary: z.string(),
  description: z.string(),
  clientele: nullableText,
  audiences: z.array(z.enum(AUDIENCES)),
  ageMin: z.number().int().nullable(),
  ageMax: z.number().int().nullable(),
  territory: nullableText,
  address: nullableText,
  city: nullableText,
  postalCode: nullableText,
  phone: nullableText,
  tollFreePhone: nullableText,
  email: nullableText,
  website: nullableText,
  hours: nullableText,
  referral: nullableText,
  cost: nullableText,
  languages: nullableText,
  accessibility: nullableText,
  emergency: z.boolean().optional(),
  status: z.enum(['active', 'archived']),
  verifiedDaysAgo: z.number().int().min(0).nullable(),
  contacts: z.array(contactSeed),
  themes: z.array(z.object({ slug: z.string(), note: nullableText, contact: nullableText })),
});

const demoSeed = z.object({ organisations: z.array(organisationSeed) });

const territorySeed = z.object({
  territories: z.array(
    z.object({
      name: z.string().min(1),
      kind: z.enum(TERRITORY_KINDS),
      parent: z.string().nullable(),
      aliases: z.array(z.string().min(1)),
    }),
  ),
});

const synonymSeed = z.object({
  synonyms: z.array(z.object({ word: z.string().min(1), equivalents: z.array(z.string().min(1)).min(1) })),
});

export type SeedName = 'demo' | 'themes' | 'none';

function readSeed<T>(file: string, schema: z.ZodType<T>): T {
  const full = path.join(seedsDir, file);
  const parsed = schema.safeParse(JSON.parse(fs.readFileSync(full, 'utf8')));
  if (!parsed.success) throw new Error(`Invalid seed file ${file}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function isEmpty(db: Db): boolean {
  return countThemes(db) === 0 && countOrganisations(db) === 0;
}

/**
 * True while the database holds the official thèmes exactly as seeded and nothing a person added (no organisation,
 * account or recorded change): what `db:reset -- themes` or SEED=themes leaves, so resetting it loses nothing.
 */
export function holdsOnlyOfficialThemes(db: Db): boolean {
  if (countOrganisations(db) > 0 || listUsers(db).length > 0 || countRevisions(db) > 0) return false;
  const official = readSeed('themes.json', themeSeed);
  const current = new Map(listThemes(db).map((theme) => [theme.slug, theme]));
  return (
    current.size === official.length &&
    official.every(({ slug, keywords, ...fields }) => {
      const theme = current.get(slug);
      return (
        theme !== undefined &&
        theme.keywords === keywords.join('\n') &&
        Object.entries(fields).every(([key, value]) => theme[key as keyof typeof fields] === value)
      );
    })
  );
}

/** Loads the official thèmes, and with "demo" the fictional directory, in one transaction, dated by the database's clock. */
export function seedDatabase(db: Db, seed: SeedName): void {
  const now = db.clock();
  if (seed === 'none') return;
  const themeRows = readSeed('themes.json', themeSeed);
  const organisationRows = seed === 'demo' ? readSeed('demo.json', demoSeed).organisations : [];
  inTransaction(db, () => {
    const themeIds = new Map<string, number>();
    for (const theme of themeRows) {
      const created = insertTheme(db, { ...theme, keywords: theme.keywords.join('\n') });
      themeIds.set(theme.slug, created.id);
    }
    for (const row of organisationRows) seedOrganisation(db, row, themeIds, now);
    seedSearchConfiguration(db);
    setMeta(db, 'dataset', seed);
  });
}

const SEARCH_SEEDED = 'seeded:search-configuration';

/**
 * The everyday words the search understands (decision 086) and Rimouski-Neigette's région, MRC and
 * municipalities (decision 088). Synonyms are added for the words not yet listed; the territories only
 * into an empty list. Call inside a transaction.
 */
function seedSearchConfiguration(db: Db): void {
  for (const { word, equivalents } of readSeed('synonyms.json', synonymSeed).synonyms) {
    const key = synonymKey(word);
    if (synonymIdForWord(db, key) === null) insertSynonym(db, key, equivalents);
  }
  if (listTerritoryIds(db).length === 0) {
    const territoryIds = new Map<string, number>();
    readSeed('territories.json', territorySeed).territories.forEach(({ parent, ...territory }, position) => {
      const parentId = parent === null ? null : territoryIds.get(parent);
      if (parentId === undefined) throw new Error(`Seed: unknown parent territory "${parent}"`);
      territoryIds.set(territory.name, insertTerritory(db, { ...territory, parentId, position }));
    });
  }
  setMeta(db, SEARCH_SEEDED, db.clock().toISOString());
}

/**
 * A database created before the synonyms and territories existed gets them once, on the first start of this
 * version; afterwards they are the coordination's to edit, even to empty. Returns true when it seeded.
 */
export function seedSearchConfigurationOnce(db: Db): boolean {
  if (getMeta(db, SEARCH_SEEDED) !== null) return false;
  inTransaction(db, () => seedSearchConfiguration(db));
  return true;
}

function seedOrganisation(db: Db, row: z.infer<typeof organisationSeed>, themeIds: Map<string, number>, now: Date) {
  const { contacts: people, themes: links, verifiedDaysAgo, audiences, ...fields } = row;
  const organisation = insertOrganisation(db, {
    ...fields,
    audiences: audiences.join(','),
    verifiedAt: verifiedDaysAgo === null ? null : daysAgoIso(verifiedDaysAgo, now),
  });
  const contactIds = new Map<string, number>();
  people.forEach((person, position) => {
    const { verifiedDaysAgo: days, openDataConsent, ...rest } = person;
    const verifiedAt = days === null ? null : daysAgoIso(days, now);
    const contact = insertContact(db, {
      ...rest,
      organisationId: organisation.id,
      position,
      verifiedAt,
      openDataConsentAt: openDataConsent ? (verifiedAt ?? now.toISOString()) : null,
    });
    contactIds.set(person.name, contact.id);
  });
  for (const link of links) {
    const themeId = themeIds.get(link.slug);
    if (themeId === undefined) throw new Error(`Seed: unknown thème "${link.slug}" for ${row.name}`);
    const contactId = link.contact === null ? null : contactIds.get(link.contact);
    if (contactId === undefined) throw new Error(`Seed: unknown contact "${link.contact}" for ${row.name}`);
    linkOrganisationToTheme(db, { organisationId: organisation.id, themeId, note: link.note, contactId });
  }
}
