import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contacts, organisations, organisationThemes, themes } from '../../src/db/schema.js';
import { parseSearchQuery } from '../../src/lib/search-query.js';
import { searchOrganisations } from '../../src/queries/search.js';
import { buildTestApp, type TestContext } from '../support/app.js';
import { createContact, createOrganisation, createTheme, linkTheme } from '../support/factories.js';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await buildTestApp();
});
afterEach(async () => {
  // Every test ends with an index that FTS5 itself finds sound and that mirrors the source tables exactly.
  ctx.db.$client.prepare("INSERT INTO organisations_fts(organisations_fts) VALUES('integrity-check')").run();
  const indexed = ctx.db.$client.prepare('SELECT rowid AS id, name, acronym, people, themes, body FROM organisations_fts ORDER BY rowid').all();
  const expected = ctx.db.$client.prepare('SELECT id, name, acronym, people, themes, body FROM organisations_fts_source ORDER BY id').all();
  expect(indexed).toEqual(expected);
  await ctx.app.close();
});

const noFilters = { themeId: null, territory: null, audience: null, age: null };
/** Names of the active organisations the search finds for `text`. */
function find(text: string): string[] {
  return searchOrganisations(ctx.db, parseSearchQuery(text).terms, noFilters, { limit: 50, offset: 0 }).results.map((r) => r.name);
}

describe('organisations_fts stays in sync with every write path', () => {
  it('indexes an organisation when it is created', () => {
    createOrganisation(ctx.db, { name: 'Maison Lumière', acronym: 'MLX', description: 'Accueil et gîte.', clientele: 'Mères', referral: 'Appeler Josée' });
    for (const word of ['lumiere', 'mlx', 'gite', 'meres', 'josee']) expect(find(word)).toEqual(['Maison Lumière']);
  });

  it('reindexes an organisation when it is updated', () => {
    const org = createOrganisation(ctx.db, { name: 'Ancien nom', description: 'Escalade.' });
    ctx.db.update(organisations).set({ name: 'Nouveau nom', description: 'Natation.' }).where(eq(organisations.id, org.id)).run();
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
    ctx.db.update(contacts).set({ name: 'Rémi Desrosiers', role: 'Agent de liaison' }).where(eq(contacts.id, person.id)).run();
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
    ctx.db.update(themes).set({ name: 'Santé sexuelle', keywords: 'contraception\npilule' }).where(eq(themes.id, theme.id)).run();
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
});
