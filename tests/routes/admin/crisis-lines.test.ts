import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestContext } from '../../support/app.js';
import { Client, createUser, loginAs, signedInTestApp } from '../../support/auth.js';
import { mainText, parseHtml } from '../../support/html.js';

let ctx: TestContext;
let client: Client;
beforeEach(async () => {
  ({ ctx, client } = await signedInTestApp({ role: 'admin' }));
});
afterEach(() => ctx.app.close());

const rows = () =>
  ctx.db.$client.prepare('select label, number, position from crisis_lines order by position, id').all() as {
    label: string;
    number: string;
    position: number;
  }[];
const crisisBox = async () => {
  const body = (await ctx.app.inject({ url: '/arbre' })).body;
  return parseHtml(body).querySelector('.sheet-crisis')?.textContent.replace(/\s+/g, ' ').trim() ?? null;
};

describe('the Arbre’s crisis lines', () => {
  it('start with 911, 811 and the suicide line, printed first in a box on the sheet', async () => {
    expect(rows().map((row) => row.number)).toEqual(['911', '811', '1 866 APPELLE (277-3553)']);
    const box = await crisisBox();
    expect(box).toContain('Urgence et lignes 24/7');
    expect(box).toMatch(/911 Urgence.*811 Info-Santé.*1 866 APPELLE/);
  });

  it('are added, edited and removed by the coordination, with CSRF, and the sheet follows', async () => {
    const page = await client.get('/admin/urgences');
    expect(page.statusCode).toBe(200);
    expect(mainText(page.body)).toContain('Lignes d’urgence de l’Arbre');
    const added = await client.post('/admin/urgences', { label: 'Centre de crise, 24/7', number: '418 555-0100' });
    expect(added.statusCode).toBe(303);
    expect(rows().at(-1)).toEqual({ label: 'Centre de crise, 24/7', number: '418 555-0100', position: 4 });
    expect(await crisisBox()).toContain('418 555-0100 Centre de crise, 24/7');

    const id = (ctx.db.$client.prepare("select id from crisis_lines where number = '811'").get() as { id: number }).id;
    await client.get(`/admin/urgences/${id}`);
    expect(
      (await client.post(`/admin/urgences/${id}`, { label: 'Info-Social', number: '811', position: '0' })).statusCode,
    ).toBe(303);
    expect(rows()[0]).toEqual({ label: 'Info-Social', number: '811', position: 0 });

    await client.get('/admin/urgences');
    expect((await client.post(`/admin/urgences/${id}/retirer`)).statusCode).toBe(303);
    expect(rows().map((row) => row.number)).not.toContain('811');
    expect(await crisisBox()).not.toContain('811');

    const forged = await client.post('/admin/urgences', { _csrf: 'faux', label: 'X', number: '1' });
    expect(forged.statusCode).toBe(403);
  });

  it('re-renders an invalid line with its values and French errors, status 422', async () => {
    await client.get('/admin/urgences');
    const response = await client.post('/admin/urgences', { label: '', number: 'sans chiffre', position: 'x' });
    expect(response.statusCode).toBe(422);
    const html = parseHtml(response.body);
    expect(html.querySelector('input[name="number"]')?.getAttribute('value')).toBe('sans chiffre');
    const text = mainText(response.body);
    expect(text).toContain('Entrez à quoi sert cette ligne');
    expect(text).toContain('Le numéro doit contenir au moins un chiffre.');
    expect(text).toContain('L’ordre doit être un nombre entier');
    expect(rows()).toHaveLength(3);
  });

  it('is for administrators only', async () => {
    const editor = await loginAs(ctx.app, await createUser(ctx.db, { role: 'editeur', email: 'e@example.org' }));
    expect((await editor.get('/admin/urgences')).statusCode).toBe(403);
    expect((await ctx.app.inject({ url: '/admin/urgences' })).statusCode).toBe(303);
  });
});
