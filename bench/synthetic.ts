import fs from 'node:fs';
import path from 'node:path';
import { closeDatabase, openDatabase } from '../src/db/client.js';
import { inTransaction } from '../src/db/transaction.js';
import { AUDIENCES } from '../src/db/schema.js';
import { seedsDir } from '../src/lib/paths.js';
import { insertContact, insertOrganisation, linkOrganisationToTheme } from '../src/queries/organisation-writes.js';
import { setMeta } from '../src/queries/site-meta.js';
import { insertTheme } from '../src/queries/themes.js';
import * as v from './vocabulary.js';
import { mulberry32, syntheticWord } from './words.js';

// Deterministic PRNG (mulberry32): the same --orgs gives the same directory on every run.
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticOptions {
  organisations: number;
  contactsPerOrganisation: number;
}

/** Builds a synthetic directory in a new database file through the app's own write functions (FTS triggers included). */
export function buildSyntheticDatabase(
  file: string,
  options: SyntheticOptions,
): { themeSlug: string; organisationSlug: string } {
  const rand = random(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const db = openDatabase(file);
  const seedThemes = JSON.parse(fs.readFileSync(path.join(seedsDir, 'themes.json'), 'utf8')) as {
    slug: string;
    name: string;
    description: string;
    color: string;
    keywords: string[];
  }[];
  let themeSlug = '';
  let organisationSlug = '';
  inTransaction(db, () => {
    const themeIds: { id: number; domain: number }[] = [];
    seedThemes.forEach((theme, i) => {
      const created = insertTheme(db, { ...theme, position: i + 1, keywords: theme.keywords.join('\n') });
      themeIds.push({ id: created.id, domain: i % v.DOMAIN_SENTENCES.length });
    });
    v.EXTRA_THEMES.forEach((theme, i) => {
      const created = insertTheme(db, {
        name: theme.name,
        description: '',
        color: '#2F5D50',
        position: 100 + i,
        keywords: theme.keywords.join('\n'),
      });
      themeIds.push({ id: created.id, domain: Math.floor(rand() * v.DOMAIN_SENTENCES.length) });
    });
    themeSlug = seedThemes.find((t) => t.slug === 'hebergement')!.slug;
    // Proper nouns, programmes and local words: a real directory's vocabulary grows with it (the demo has
    // 1,293 words for 49 entries); about 0.45 new words per organisation, ≥ 20,000 at 50,000 organisations.
    const wordRandom = mulberry32(7);
    const extraWords = Array.from({ length: Math.max(2000, Math.round(options.organisations * 0.45)) }, () =>
      syntheticWord(wordRandom),
    );
    for (let n = 0; n < options.organisations; n++) {
      const count = 1 + Math.floor(rand() * 3);
      const chosen = new Set<(typeof themeIds)[number]>();
      while (chosen.size < count) chosen.add(pick(themeIds));
      const sentences: string[] = [];
      for (const theme of chosen) {
        const pool = v.DOMAIN_SENTENCES[theme.domain]!;
        sentences.push(pick(pool), pick(pool));
      }
      if (rand() < 0.85) sentences.push(pick(v.GENERIC_SENTENCES));
      sentences.push(`Programmes\u00a0: ${pick(extraWords)}, ${pick(extraWords)} et ${pick(extraWords)}.`);
      const ageMin = rand() < 0.6 ? pick([0, 5, 12, 14, 16, 18]) : null;
      const organisation = insertOrganisation(db, {
        name: `${pick(v.ORG_TYPES)} ${pick(v.ORG_QUALIFIERS)} ${pick(v.PLACES)}`,
        acronym:
          rand() < 0.2
            ? String.fromCharCode(
                65 + Math.floor(rand() * 26),
                65 + Math.floor(rand() * 26),
                65 + Math.floor(rand() * 26),
              )
            : null,
        summary: sentences[0]!,
        description: [...new Set(sentences.slice(1))].join(' '),
        clientele: rand() < 0.5 ? 'Jeunes, adultes et familles du territoire.' : null,
        audiences: AUDIENCES.filter(() => rand() < 0.5).join(','),
        ageMin,
        ageMax: ageMin !== null && rand() < 0.6 ? Math.max(ageMin, pick([17, 25, 30, 35])) : null,
        territory: pick(v.TERRITORIES),
        phone: `418 555-01${String(n % 100).padStart(2, '0')}`,
        referral:
          rand() < 0.5
            ? 'Aucune référence requise : appeler directement.'
            : 'Référence par un intervenant du CISSS ou de l’école.',
        status: rand() < 0.03 ? 'archived' : 'active',
        verifiedAt: new Date().toISOString(),
      });
      if (n === 0) organisationSlug = organisation.slug;
      const contactIds: number[] = [];
      for (let c = 0; c < options.contactsPerOrganisation; c++) {
        contactIds.push(
          insertContact(db, {
            organisationId: organisation.id,
            name: `${pick(v.FIRST_NAMES)} ${pick(v.LAST_NAMES)}`,
            role: pick(v.ROLES),
            phone: organisation.phone,
            phoneExtension: String(10 + c),
            isPrimary: c === 0,
            position: c,
          }).id,
        );
      }
      for (const theme of chosen) {
        linkOrganisationToTheme(db, {
          organisationId: organisation.id,
          themeId: theme.id,
          note: null,
          contactId: rand() < 0.5 ? pick(contactIds) : null,
        });
      }
    }
    setMeta(db, 'dataset', 'bench');
  });
  db.$client.prepare("INSERT INTO organisations_fts(organisations_fts) VALUES('optimize')").run();
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  closeDatabase(db);
  return { themeSlug, organisationSlug };
}
