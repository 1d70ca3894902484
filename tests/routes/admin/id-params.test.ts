import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { Client, createUser, loginAs } from '../../support/auth.js';
import { createContact, createOrganisation, createTheme } from '../../support/factories.js';

let ctx: TestContext;
let client: Client;
beforeEach(async () => {
  ctx = await buildTestApp();
  client = await loginAs(ctx.app, await createUser(ctx.db, { role: 'admin' }));
});
afterEach(async () => {
  await ctx.app.close();
});

describe('every :id route reads its id one way', () => {
  it('answers 404 to an id that is not digits, where the same id in digits answers 200', async () => {
    const org = createOrganisation(ctx.db, { name: 'Maison Lumière' });
    const contact = createContact(ctx.db, org, { name: 'Josée' });
    const theme = createTheme(ctx.db, { name: 'Hébergement' });
    const hex = (id: number) => `0x${id.toString(16)}`;
    const pages = [
      (id: string) => `/admin/organismes/${id}`,
      (id: string) => `/admin/organismes/${id}/historique`,
      (id: string) => `/admin/organismes/${id}/personnes/nouvelle`,
    ];
    for (const page of pages) {
      expect((await client.get(page(String(org.id)))).statusCode, page('id')).toBe(200);
      expect((await client.get(page(hex(org.id)))).statusCode, page('0x…')).toBe(404);
      expect((await client.get(page(`${org.id}e0`))).statusCode, page('…e0')).toBe(404);
    }
    expect((await client.get(`/admin/personnes/${contact.id}`)).statusCode).toBe(200);
    expect((await client.get(`/admin/personnes/${hex(contact.id)}`)).statusCode).toBe(404);
    expect((await client.get(`/admin/themes/${hex(theme.id)}`)).statusCode).toBe(404);
    expect((await client.post(`/admin/organismes/${hex(org.id)}/verifier`)).statusCode).toBe(404);
  });
});
