import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { daysAgoIso } from '../../src/lib/dates.js';
import { findDashboardFigures } from '../../src/queries/dashboard.js';
import { openTestDatabase } from '../support/db.js';
import { createContact, createOrganisation } from '../support/factories.js';

let db: Db;
beforeEach(() => {
  db = openTestDatabase();
});
afterEach(() => db.$client.close());

const ago = (days: number) => daysAgoIso(days, db.clock());

describe('the dashboard figures', () => {
  it('counts active entries verified in the last 12 months, and ignores archived organisations', () => {
    const fresh = createOrganisation(db, { name: 'Frais', verifiedAt: ago(10) });
    createOrganisation(db, { name: 'Ancien', verifiedAt: ago(400) });
    const archived = createOrganisation(db, { name: 'Archivé', verifiedAt: ago(10), status: 'archived' });
    createContact(db, fresh, { verifiedAt: ago(5) });
    createContact(db, fresh, { verifiedAt: null });
    createContact(db, archived, { verifiedAt: ago(5) });

    const figures = findDashboardFigures(db);
    expect(figures).toMatchObject({
      activeOrganisations: 2,
      verifiedOrganisations: 1,
      contacts: 2,
      verifiedContacts: 1,
    });
  });

  it('queues never-verified entries first, then the oldest, people and organisations together, up to the limit', () => {
    const a = createOrganisation(db, { name: 'A', verifiedAt: ago(500) });
    const b = createOrganisation(db, { name: 'B', verifiedAt: null });
    createOrganisation(db, { name: 'C', verifiedAt: ago(30) });
    createContact(db, a, { name: 'Julie', verifiedAt: ago(700) });
    createContact(db, a, { name: 'Marc', verifiedAt: ago(400) });
    createContact(db, b, { name: 'Léa', verifiedAt: ago(20) });

    const queue = findDashboardFigures(db).queue;
    expect(queue.map((item) => [item.kind, item.name, item.organisationName])).toEqual([
      ['organisation', 'B', 'B'],
      ['contact', 'Julie', 'A'],
      ['organisation', 'A', 'A'],
      ['contact', 'Marc', 'A'],
    ]);
    expect(queue[1]!.organisationId).toBe(a.id);
    expect(findDashboardFigures(db, 2).queue.map((item) => item.name)).toEqual(['B', 'Julie']);
  });

  it('puts never-verified people ahead of old verifications, even when they fill the queue; archived ones never', () => {
    const a = createOrganisation(db, { name: 'A', verifiedAt: ago(10) });
    const gone = createOrganisation(db, { name: 'Fermé', verifiedAt: ago(10), status: 'archived' });
    createContact(db, gone, { name: 'Ancienne', verifiedAt: null });
    createContact(db, a, { name: 'Vieux', verifiedAt: ago(900) });
    for (const name of ['Nadia', 'Omar', 'Paul']) createContact(db, a, { name, verifiedAt: null });
    createContact(db, a, { name: 'Récent', verifiedAt: ago(400) });

    const names = (limit?: number) => findDashboardFigures(db, limit).queue.map((item) => item.name);
    expect(names().slice(0, 3).sort()).toEqual(['Nadia', 'Omar', 'Paul']);
    expect(names().slice(3)).toEqual(['Vieux', 'Récent']);
    expect(names(2)).toHaveLength(2);
    expect(names(2).every((name) => ['Nadia', 'Omar', 'Paul'].includes(name))).toBe(true);
  });

  it('lists active organisations without a phone or without anyone, by name', () => {
    const withBoth = createOrganisation(db, { name: 'Complet' });
    createContact(db, withBoth);
    createOrganisation(db, { name: 'Zèbre', phone: null });
    createOrganisation(db, { name: 'Abri', phone: '' });
    createOrganisation(db, { name: 'Caché', phone: null, status: 'archived' });

    const figures = findDashboardFigures(db);
    expect(figures.missingPhone.map((o) => o.name)).toEqual(['Abri', 'Zèbre']);
    expect(figures.missingContact.map((o) => o.name)).toEqual(['Abri', 'Zèbre']);
  });
});

describe('the dashboard queries at scale', () => {
  it('read only indexes for their counts and lists: no table scan, no row read to count', () => {
    const statements: string[] = [];
    const logged = openTestDatabase(':memory:', { onQuery: (sql) => statements.push(sql) });
    try {
      const organisation = createOrganisation(logged, { name: 'Organisme', verifiedAt: null });
      createContact(logged, organisation, { verifiedAt: null });
      statements.length = 0;
      findDashboardFigures(logged);
      const plans = statements
        .filter((sql) => /^\s*select/i.test(sql))
        .map((sql) => ({
          sql,
          plan: (logged.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map(
            (row) => row.detail,
          ),
        }));
      expect(plans.length).toBeGreaterThanOrEqual(6);
      for (const { sql, plan } of plans) {
        // A full scan of either table costs ~1 s at 50,000 organisations (bench, issue 17).
        expect(
          plan.filter((detail) => /^SCAN (organisations|contacts)\b/.test(detail)),
          sql,
        ).toEqual([]);
        if (/count\(\*\)/i.test(sql))
          expect(
            plan.every((detail) => detail.includes('COVERING INDEX')),
            sql,
          ).toBe(true);
      }
    } finally {
      logged.$client.close();
    }
  });
});
