import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { isEmpty, seedDatabase, seedSearchConfigurationOnce } from '../../src/queries/seed.js';
import { isStale } from '../../src/lib/dates.js';
import { countOrganisations, listThemeEntries } from '../../src/queries/organisations.js';
import { getDataset } from '../../src/queries/site-meta.js';
import { listThemesWithCounts } from '../../src/queries/themes.js';
import { openTestDatabase } from '../support/db.js';

let db: Db;
beforeEach(() => {
  db = openTestDatabase();
});
afterEach(() => {
  db.$client.close();
});

const rows = <T>(sql: string) => db.$client.prepare(sql).all() as T[];

describe('seeds', () => {
  it('"themes" loads the 15 official thèmes only, with colours and keywords', () => {
    seedDatabase(db, 'themes');
    const themes = listThemesWithCounts(db);
    expect(themes.map((t) => t.name)).toEqual([
      'Agressions',
      'Aide parentale',
      'Dernier recours',
      'Difficultés psychosociales',
      'Santé mentale',
      'Déficience intellectuelle et physique',
      'Difficultés scolaires',
      'Employabilité',
      'Hébergement',
      'Dépendances',
      'Judiciarisation',
      'Relations amoureuses',
      'Orientation sexuelle',
      'Santé',
      'Troubles alimentaires',
    ]);
    expect(themes.every((t) => t.keywords.split('\n').length >= 5 && t.description.length > 20)).toBe(true);
    expect(countOrganisations(db)).toBe(0);
    expect(getDataset(db)).toBe('themes');
  });

  it('"demo" loads a realistic fictional directory', () => {
    expect(isEmpty(db)).toBe(true);
    seedDatabase(db, 'demo');
    expect(getDataset(db)).toBe('demo');
    expect(countOrganisations(db)).toBeGreaterThanOrEqual(40);
    expect(countOrganisations(db, 'archived')).toBeGreaterThanOrEqual(2);
    expect(rows<{ n: number }>('select count(*) as n from contacts')[0]?.n).toBeGreaterThanOrEqual(60);
    for (const theme of listThemesWithCounts(db)) expect(theme.activeCount, theme.name).toBeGreaterThanOrEqual(4);
    const perOrg = rows<{ n: number }>('select count(*) as n from organisation_themes group by organisation_id');
    expect(Math.min(...perOrg.map((r) => r.n))).toBeGreaterThanOrEqual(1);
    expect(Math.max(...perOrg.map((r) => r.n))).toBeLessThanOrEqual(4);
    const active = rows<{ verified_at: string | null }>(
      "select verified_at from organisations where status = 'active'",
    );
    expect(active.filter((o) => isStale(o.verified_at, db.clock())).length).toBeGreaterThanOrEqual(5);
    // Fictional contact details only.
    const phones = rows<{ phone: string }>(
      'select phone from organisations where phone is not null union all select phone from contacts where phone is not null',
    );
    expect(
      phones.every((p) => /^(1 800 )?(418 )?555-01\d\d$/.test(p.phone) || /^1 8\d\d 555-01\d\d$/.test(p.phone)),
    ).toBe(true);
    const emails = rows<{ email: string }>(
      'select email from organisations where email is not null union all select email from contacts where email is not null',
    );
    expect(emails.every((e) => e.email.endsWith('example.org'))).toBe(true);
    // Every designated person belongs to their organisation (enforced by a trigger; the seed must respect it).
    expect(listThemeEntries(db).length).toBeGreaterThan(60);
  });

  it('is transactional: a failing seed leaves the database empty', () => {
    db.$client.exec("insert into themes (slug, name) values ('agressions', 'Autre nom')");
    expect(() => seedDatabase(db, 'demo')).toThrow(/UNIQUE/);
    expect(countOrganisations(db)).toBe(0);
    expect(rows<{ n: number }>('select count(*) as n from themes')[0]?.n).toBe(1);
  });
});

describe('search configuration for a database that predates it', () => {
  const count = (table: string) => db.$client.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

  it('adds the seeded synonyms and territories once, keeping the coordination’s own words', () => {
    seedDatabase(db, 'themes');
    // What a database from before migration 0009 looks like: no territories, one synonym of its own.
    db.$client.exec(
      "DELETE FROM search_synonyms; DELETE FROM territories WHERE kind = 'municipalite'; DELETE FROM territories WHERE kind = 'mrc'; DELETE FROM territories; DELETE FROM site_meta WHERE key LIKE 'seeded:%'",
    );
    db.$client.prepare("INSERT INTO search_synonyms (word, equivalents) VALUES ('anxieux', 'stress')").run();
    expect(seedSearchConfigurationOnce(db)).toBe(true);
    expect(count('territories')).toBeGreaterThan(5);
    expect(count('search_synonyms')).toBeGreaterThan(20);
    expect(db.$client.prepare("SELECT equivalents FROM search_synonyms WHERE word = 'anxieux'").pluck().get()).toBe(
      'stress',
    );
    // Emptied by the coordination afterwards: never seeded again.
    db.$client.exec('DELETE FROM search_synonyms');
    expect(seedSearchConfigurationOnce(db)).toBe(false);
    expect(count('search_synonyms')).toBe(0);
  });

  it('does nothing more on a database seeded by this version', () => {
    seedDatabase(db, 'demo');
    const before = [count('territories'), count('search_synonyms')];
    expect(seedSearchConfigurationOnce(db)).toBe(false);
    expect([count('territories'), count('search_synonyms')]).toEqual(before);
  });
});
