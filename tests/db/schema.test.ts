import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { contacts, organisations, organisationThemes, themes } from '../../src/db/schema.js';
import { inTransaction } from '../../src/db/transaction.js';
import { createContact, createOrganisation, createTheme, linkTheme } from '../support/factories.js';
import { openTestDatabase } from '../support/db.js';

let db: Db;
beforeEach(() => {
  db = openTestDatabase();
});
afterEach(() => {
  db.$client.close();
});

describe('database constraints', () => {
  it('turns foreign keys on and applies every migration', () => {
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    const applied = db.$client.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
    expect(applied.n).toBeGreaterThanOrEqual(2);
  });

  it('rejects duplicate or malformed slugs, bad statuses, colours and age ranges', () => {
    createOrganisation(db, { slug: 'maison' });
    expect(() => createOrganisation(db, { slug: 'maison' })).toThrow(/UNIQUE/);
    expect(() => createOrganisation(db, { slug: 'Maison-É' })).toThrow(/CHECK/);
    expect(() => createOrganisation(db, { status: 'deleted' as 'active' })).toThrow(/CHECK/);
    expect(() => createOrganisation(db, { ageMin: 18, ageMax: 12 })).toThrow(/CHECK/);
    expect(() => createOrganisation(db, { ageMin: -1 })).toThrow(/CHECK/);
    expect(() => createTheme(db, { color: 'red' })).toThrow(/CHECK/);
    createTheme(db, { name: 'Santé' });
    expect(() => createTheme(db, { name: 'Santé', slug: 'sante-2' })).toThrow(/UNIQUE/);
  });

  it('allows one main personne-ressource per organisation', () => {
    const org = createOrganisation(db);
    createContact(db, org, { isPrimary: true });
    createContact(db, org, { isPrimary: false });
    expect(() => createContact(db, org, { isPrimary: true })).toThrow(/UNIQUE/);
  });

  it('deletes contacts and links with their organisation, but refuses to delete a thème still in use', () => {
    const theme = createTheme(db);
    const org = createOrganisation(db);
    const person = createContact(db, org);
    linkTheme(db, org, theme, { contact: person });
    expect(() => db.delete(themes).where(eq(themes.id, theme.id)).run()).toThrow(/FOREIGN KEY/);
    db.delete(organisations).where(eq(organisations.id, org.id)).run();
    expect(db.select().from(contacts).all()).toEqual([]);
    expect(db.select().from(organisationThemes).all()).toEqual([]);
    db.delete(themes).where(eq(themes.id, theme.id)).run();
  });

  it('clears a thème’s designated person when that person is removed', () => {
    const theme = createTheme(db);
    const org = createOrganisation(db);
    const person = createContact(db, org);
    linkTheme(db, org, theme, { contact: person });
    db.delete(contacts).where(eq(contacts.id, person.id)).run();
    expect(db.select().from(organisationThemes).get()?.contactId).toBeNull();
  });

  it('only lets a thème designate a person of the same organisation', () => {
    const theme = createTheme(db);
    const org = createOrganisation(db);
    const elsewhere = createContact(db, createOrganisation(db));
    expect(() => linkTheme(db, org, theme, { contact: elsewhere })).toThrow(/same organisation/);
    linkTheme(db, org, theme);
    expect(() =>
      db
        .update(organisationThemes)
        .set({ contactId: elsewhere.id })
        .where(eq(organisationThemes.organisationId, org.id))
        .run(),
    ).toThrow(/same organisation/);
  });

  it('unlinks a person from the old organisation’s thèmes when they move', () => {
    const theme = createTheme(db);
    const org = createOrganisation(db);
    const person = createContact(db, org);
    linkTheme(db, org, theme, { contact: person });
    const other = createOrganisation(db);
    db.update(contacts).set({ organisationId: other.id }).where(eq(contacts.id, person.id)).run();
    expect(db.select().from(organisationThemes).get()?.contactId).toBeNull();
  });

  it('rolls a failed transaction back entirely', () => {
    expect(() =>
      inTransaction(db, () => {
        createOrganisation(db, { slug: 'premier' });
        createOrganisation(db, { slug: 'premier' });
      }),
    ).toThrow(/UNIQUE/);
    expect(db.select().from(organisations).all()).toEqual([]);
  });
});
