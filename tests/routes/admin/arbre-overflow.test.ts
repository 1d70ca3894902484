import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestContext } from '../../support/app.js';
import { seedArbreFixture } from '../../support/arbre-fixtures.js';
import { Client, signedInTestApp } from '../../support/auth.js';
import { formValues } from '../../support/forms.js';
import { parseHtml } from '../../support/html.js';

let ctx: TestContext;
let client: Client;
beforeEach(async () => {
  ({ ctx, client } = await signedInTestApp({ role: 'admin' }));
});
afterEach(() => ctx.app.close());

/** The confirmation shown after saving an organisation: its kind and text. */
async function saveFirstOrganisation(): Promise<{ kind: string; text: string }> {
  const id = (ctx.db.$client.prepare('select min(id) as id from organisations').get() as { id: number }).id;
  const values = formValues((await client.get(`/admin/organismes/${id}`)).body, `/admin/organismes/${id}`);
  const saved = await client.post(`/admin/organismes/${id}`, { ...values, summary: 'Résumé revu.' });
  expect(saved.statusCode).toBe(303);
  const flash = parseHtml((await client.get(saved.headers.location as string)).body).querySelector('.flash')!;
  return { kind: flash.getAttribute('class')!, text: flash.textContent.replace(/\s+/g, ' ') };
}

describe('the confirmation after a save, when the Arbre no longer fits', () => {
  it('only confirms while the Letter sheet fits', async () => {
    seedArbreFixture(ctx.db, { themes: 6, entries: 40, profile: 'realistic' });
    const flash = await saveFirstOrganisation();
    expect(flash.kind).toContain('flash-success');
    expect(flash.text).not.toContain('Attention');
  });

  it('warns, on the confirmation itself, that the Letter sheet now overflows', async () => {
    seedArbreFixture(ctx.db, { themes: 15, entries: 260, profile: 'realistic' });
    const flash = await saveFirstOrganisation();
    expect(flash.kind).toContain('flash-warning');
    expect(flash.text).toContain('Modifications enregistrées.');
    expect(flash.text).toMatch(
      /Attention : avec ce changement, l’Arbre \(\d+ entrées\) ne tient plus sur une page Lettre/,
    );
  });
});
