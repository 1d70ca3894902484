import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PAPERS_BY_SIZE } from '../../src/lib/arbre/formats.js';
import { arbreFit, arbreFitEveryPaper } from '../../src/queries/arbre.js';
import { buildTestApp, type TestContext } from '../support/app.js';
import { seedArbreFixture } from '../support/arbre-fixtures.js';
import { createUser, loginAs } from '../support/auth.js';
import { createOrganisation, createTheme, linkTheme } from '../support/factories.js';
import { parseHtml } from '../support/html.js';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await buildTestApp();
});
afterEach(async () => {
  await ctx.app.close();
});

describe('the admin dashboard’s Arbre fit check', () => {
  it('covers every paper the site offers, with the same verdict as /arbre', async () => {
    seedArbreFixture(ctx.db, { themes: 15, entries: 260, profile: 'realistic' });
    const fits = arbreFitEveryPaper(ctx.db);
    expect(fits.map((fit) => fit.paper)).toEqual(PAPERS_BY_SIZE);
    for (const fit of fits) expect(fit).toEqual(arbreFit(ctx.db, fit.paper));
    expect(fits[0]?.fits).toBe(false);
    expect(fits.find((fit) => fit.paper.format === 'tabloid')?.fits).toBe(true);

    const client = await loginAs(ctx.app, await createUser(ctx.db, { role: 'admin' }));
    const html = parseHtml((await client.get('/admin')).body);
    const rows = html.querySelectorAll('.arbre-fit-table tbody tr').map((row) => row.textContent.replace(/\s+/g, ' '));
    expect(rows).toHaveLength(6);
    expect(rows[0]).toContain('Lettre portrait');
    expect(rows[0]).toContain('Non, déborde');
    expect(html.querySelector('#arbre-etat')?.parentNode?.textContent).toContain('Attention');
  });

  it('is computed once per data version', () => {
    const theme = createTheme(ctx.db);
    linkTheme(ctx.db, createOrganisation(ctx.db, { name: 'Un' }), theme);
    const first = arbreFitEveryPaper(ctx.db);
    expect(arbreFitEveryPaper(ctx.db)).toBe(first);
    linkTheme(ctx.db, createOrganisation(ctx.db, { name: 'Deux' }), theme);
    const second = arbreFitEveryPaper(ctx.db);
    expect(second).not.toBe(first);
    expect(second[0]?.entries).toBe(2);
  });
});
