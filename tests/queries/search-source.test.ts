import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrationsDir } from '../../src/lib/paths.js';
import { searchSourceMigration, searchText } from '../../src/queries/search-source.js';
import { buildTestApp, type TestContext } from '../support/app.js';
import { createOrganisation } from '../support/factories.js';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await buildTestApp();
});
afterEach(async () => {
  await ctx.app.close();
});

describe('the search text is defined once, by the field registry', () => {
  it('the newest migration defining the index source is the one the registry generates', () => {
    const defining = readdirSync(migrationsDir)
      .filter((file) => file.endsWith('.sql'))
      .sort()
      .filter((file) =>
        readFileSync(join(migrationsDir, file), 'utf8').includes('CREATE VIEW organisations_fts_source'),
      );
    const newest = readFileSync(join(migrationsDir, defining.at(-1)!), 'utf8');
    expect(newest, 'run scripts/search-source-sql.ts into a new migration').toBe(searchSourceMigration());
  });

  it('the ranking reads the same text the index holds', () => {
    const org = createOrganisation(ctx.db, {
      name: 'Maison Lumière',
      description: 'Accueil.',
      clientele: 'Mères',
      referral: 'Appeler',
    });
    const ranked = ctx.db.$client
      .prepare(`SELECT ${searchText('body')} AS body FROM organisations o WHERE o.id = ?`)
      .get(org.id);
    const indexed = ctx.db.$client.prepare('SELECT body FROM organisations_fts WHERE rowid = ?').get(org.id);
    expect(ranked).toEqual(indexed);
  });
});
