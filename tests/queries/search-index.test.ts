import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contacts, organisations, organisationThemes, themes } from '../../src/db/schema.js';
import { parseSearchQuery } from '../../src/lib/search/query.js';
import { NO_FILTERS, searchOrganisations } from '../../src/queries/search.js';
import { inTransaction } from '../../src/db/transaction.js';
import { layoutHeader } from '../../src/exchange/columns.js';
import { writeSpreadsheetCsv } from '../../src/exchange/csv-write.js';
import { commitImport, readImportFile } from '../../src/exchange/import-file.js';
import { withSearchIndexDeferred } from '../../src/queries/search-index.js';
import { createUser } from '../support/auth.js';
import { buildTestApp, type TestContext } from '../support/app.js';
import { createContact, createOrganisation, createTheme, linkTheme } from '../support/factories.js';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await buildTestApp();
});
afterEach(async () => {
  // Every test ends with an index that FTS5 itself finds sound and that mirrors the source tables exactly.
  ctx.db.$client.prepare("INSERT INTO organisations_fts(organisations_fts) VALUES('integrity-check')").run();
  const indexed = ctx.db.$client
    .prepare('SELECT rowid AS id, name, acronym, people, themes, body FROM organisations_fts ORDER BY rowid')
    .all();
  const expected = ctx.db.$client
    .prepare('SELECT id, name, acronym, people, themes, body FROM organisations_fts_source ORDER BY id')
    .all();
  expect(indexed).toEqual(expected);
  await ctx.app.close();
});

const noFilters = NO_FILTERS;
/** Names of the active organisations the search finds for `text`. */
function find(text: string): string[] {
  return searchOrganisations(ctx.db, parseSearchQuery(text).terms, noFilters, { limit: 50, offset: 0 }).results.map(
    (r) => r.name,
  );
}

describe('organisations_fts stays in sync with every write path', () => {
  it('indexes an organisation when it is created', () => {
    createOrganisation(ctx.db, {
      name: 'Maison Lumière',
      acronym: 'MLX',
      description: 'Accueil et gîte.',
      clientele: 'Mères',
      referral: 'Appeler Josée',
    });
    for (const word of ['lumiere', 'mlx', 'gite', 'meres', 'josee']) expect(find(word)).toEqual(['Maison Lumière']);
  });

  it('reindexes an organisation when it is updated', () => {
    const org = createOrganisation(ctx.db, { name: 'Ancien nom', description: 'Escalade.' });
    ctx.db
      .update(organisations)
      .set({ name: 'Nouveau nom', description: 'Natation.' })
      .where(eq(organisations.id, org.id))
      .run();
    expect(find('ancien')).toEqual([]);
    expect(find('escalade')).toEqual([]);
    expect(find('nouveau natation')).toEqual(['Nouveau nom']);
  });

  it('drops an archived organisation from the index, and restores it when reactivated', () => {
    const org = createOrganisation(ctx.db, { name: 'Café Boussole' });
    ctx.db.update(organisations).set({ status: 'archived' }).where(eq(organisations.id, org.id)).run();
    expect(find('boussole')).toEqual([]);
    ctx.db.update(organisations).set({ status: 'active' }).where(eq(organisations.id, org.id)).run();
    expect(find('boussole')).toEqual(['Café Boussole']);
  });

  it('never indexes an organisation created archived', () => {
    createOrganisation(ctx.db, { name: 'Projet terminé Zénith', status: 'archived' });
    expect(find('zenith')).toEqual([]);
  });

  it('removes a deleted organisation, its people and its links from the index', () => {
    const theme = createTheme(ctx.db, { name: 'Logement', keywords: 'toit' });
    const org = createOrganisation(ctx.db, { name: 'Abri Phare' });
    createContact(ctx.db, org, { name: 'Gaëlle Fortier' });
    linkTheme(ctx.db, org, theme);
    ctx.db.delete(organisations).where(eq(organisations.id, org.id)).run();
    expect(find('phare')).toEqual([]);
    expect(find('gaelle')).toEqual([]);
    expect(find('toit')).toEqual([]);
  });

  it('follows personnes-ressources: added, renamed, moved to another organisation, deleted', () => {
    const a = createOrganisation(ctx.db, { name: 'Organisme Alpha' });
    const b = createOrganisation(ctx.db, { name: 'Organisme Bêta' });
    const person = createContact(ctx.db, a, { name: 'Rémi Soucy', role: 'Travailleur de rue' });
    expect(find('soucy')).toEqual(['Organisme Alpha']);
    expect(find('travailleur rue')).toEqual(['Organisme Alpha']);
    ctx.db
      .update(contacts)
      .set({ name: 'Rémi Desrosiers', role: 'Agent de liaison' })
      .where(eq(contacts.id, person.id))
      .run();
    expect(find('soucy')).toEqual([]);
    expect(find('desrosiers liaison')).toEqual(['Organisme Alpha']);
    ctx.db.update(contacts).set({ organisationId: b.id }).where(eq(contacts.id, person.id)).run();
    expect(find('desrosiers')).toEqual(['Organisme Bêta']);
    ctx.db.delete(contacts).where(eq(contacts.id, person.id)).run();
    expect(find('desrosiers')).toEqual([]);
  });

  it('follows thème links: added, moved to another thème, removed', () => {
    const dependances = createTheme(ctx.db, { name: 'Dépendances', keywords: 'drogue\nalcool' });
    const emploi = createTheme(ctx.db, { name: 'Employabilité', keywords: 'job\ncv' });
    const org = createOrganisation(ctx.db, { name: 'Le Relais', description: 'Groupes de soutien.' });
    expect(find('drogue')).toEqual([]);
    linkTheme(ctx.db, org, dependances);
    expect(find('drogue')).toEqual(['Le Relais']);
    ctx.db
      .update(organisationThemes)
      .set({ themeId: emploi.id })
      .where(eq(organisationThemes.organisationId, org.id))
      .run();
    expect(find('drogue')).toEqual([]);
    expect(find('job')).toEqual(['Le Relais']);
    ctx.db.delete(organisationThemes).where(eq(organisationThemes.organisationId, org.id)).run();
    expect(find('job')).toEqual([]);
  });

  it('reindexes every listed organisation when a thème’s name or keywords change', () => {
    const theme = createTheme(ctx.db, { name: 'Santé', keywords: 'itss' });
    const one = createOrganisation(ctx.db, { name: 'Clinique Un' });
    const two = createOrganisation(ctx.db, { name: 'Clinique Deux' });
    createOrganisation(ctx.db, { name: 'Clinique Trois' });
    linkTheme(ctx.db, one, theme);
    linkTheme(ctx.db, two, theme);
    ctx.db
      .update(themes)
      .set({ name: 'Santé sexuelle', keywords: 'contraception\npilule' })
      .where(eq(themes.id, theme.id))
      .run();
    expect(find('itss')).toEqual([]);
    expect(find('pilule').sort()).toEqual(['Clinique Deux', 'Clinique Un']);
    expect(find('sexuelle').sort()).toEqual(['Clinique Deux', 'Clinique Un']);
  });

  it('leaves the index sound when a thème is created or deleted, and refuses to delete a thème still in use', () => {
    const used = createTheme(ctx.db, { name: 'Hébergement', keywords: 'refuge' });
    const unused = createTheme(ctx.db, { name: 'Transport', keywords: 'autobus' });
    const org = createOrganisation(ctx.db, { name: 'Refuge Le Fanal' });
    linkTheme(ctx.db, org, used);
    ctx.db.delete(themes).where(eq(themes.id, unused.id)).run();
    expect(() => ctx.db.delete(themes).where(eq(themes.id, used.id)).run()).toThrow(/FOREIGN KEY/);
    expect(find('refuge')).toEqual(['Refuge Le Fanal']);
    expect(find('autobus')).toEqual([]);
  });

  it('rolls the index back with the transaction that failed', () => {
    const org = createOrganisation(ctx.db, { name: 'Entraide Horizon' });
    expect(() =>
      ctx.db.$client.transaction(() => {
        ctx.db.update(organisations).set({ name: 'Entraide Mirage' }).where(eq(organisations.id, org.id)).run();
        throw new Error('abandon');
      })(),
    ).toThrow('abandon');
    expect(find('horizon')).toEqual(['Entraide Horizon']);
    expect(find('mirage')).toEqual([]);
  });

  it('stays exact through an import, which sets the triggers aside and re-indexes what it wrote at the end', async () => {
    const user = await createUser(ctx.db);
    const theme = createTheme(ctx.db, { name: 'Hébergement', slug: 'hebergement' });
    const renamed = createOrganisation(ctx.db, { name: 'Refuge Ancien', summary: '', description: '' });
    createContact(ctx.db, renamed, { name: 'Paule Partante' });
    createOrganisation(ctx.db, { name: 'Halte Fermée', summary: '', description: '' });
    const triggers = () =>
      ctx.db.$client.prepare("select name from sqlite_master where type = 'trigger' order by name").all();
    const before = triggers();
    const header = layoutHeader(2);
    const rows: Record<string, string>[] = [
      { identifiant: renamed.slug, nom: 'Refuge Nouveau', themes: 'hebergement', personne1_nom: 'Odile Arrivante' },
      { nom: 'Halte Fermée', statut: 'archivé' },
      { nom: 'Maison Créée', themes: 'hebergement', personne1_nom: 'Rose Première', personne2_nom: 'Zoé Seconde' },
    ];
    const file = writeSpreadsheetCsv(
      header,
      rows.map((row) => header.map((c) => row[c] ?? '')),
    );
    const result = commitImport(ctx.db, user.id, await readImportFile(ctx.db, new TextEncoder().encode(file)), {
      now: new Date('2026-11-25T12:00:00Z'),
    });
    expect(result.status).toBe('applied');
    expect(triggers()).toEqual(before);
    expect(find('ancien')).toEqual([]);
    expect(find('partante')).toEqual([]);
    expect(find('arrivante')).toEqual(['Refuge Nouveau']);
    expect(find('fermee')).toEqual([]);
    expect(find('zoe')).toEqual(['Maison Créée']);
    expect(find('hebergement').sort()).toEqual(['Maison Créée', 'Refuge Nouveau']);
    void theme;
    // The triggers work again afterwards.
    ctx.db.update(organisations).set({ name: 'Maison Renommée' }).where(eq(organisations.name, 'Maison Créée')).run();
    expect(find('renommee')).toEqual(['Maison Renommée']);
  });

  it('puts the triggers back when the work inside the deferred index fails', () => {
    const count = () => ctx.db.$client.prepare("select count(*) as n from sqlite_master where type = 'trigger'").get();
    const before = count();
    expect(() =>
      inTransaction(ctx.db, () =>
        withSearchIndexDeferred(ctx.db, () => {
          createOrganisation(ctx.db, { name: 'Jamais indexé' });
          throw new Error('abandon');
        }),
      ),
    ).toThrow('abandon');
    expect(count()).toEqual(before);
    createOrganisation(ctx.db, { name: 'Indexé normalement' });
    expect(find('indexe')).toEqual(['Indexé normalement']);
  });
});
