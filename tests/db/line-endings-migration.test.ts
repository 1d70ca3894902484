import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import * as schema from '../../src/db/schema.js';
import { migrationsDir } from '../../src/lib/paths.js';
import { testClock } from '../support/clock.js';
import { openTestDatabase } from '../support/db.js';
import type { Contact, Organisation } from '../../src/db/schema.js';
import { createTheme, linkTheme } from '../support/factories.js';

const MIGRATION = '0005_normalise_line_endings';
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'line-endings-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A database file as it was before the migration: every earlier migration applied, nothing after. */
function databaseBeforeMigration(file: string): Db {
  const folder = path.join(dir, 'migrations');
  fs.cpSync(migrationsDir, folder, { recursive: true });
  const journalFile = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { idx: number; tag: string }[] };
  const index = journal.entries.findIndex((e) => e.tag === MIGRATION);
  expect(index).toBeGreaterThan(0);
  fs.writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, index) }));
  const db = Object.assign(drizzle(new Database(file), { schema }), { clock: testClock() }) as Db;
  migrate(db, { migrationsFolder: folder });
  return db;
}

describe(`migration ${MIGRATION}`, () => {
  it('stores the CRLF and CR that forms used to save as LF, leaving versions, dates and the search index consistent', () => {
    const file = path.join(dir, 'repertoire.db');
    const old = databaseBeforeMigration(file);
    const theme = createTheme(old, { name: 'Santé mentale', description: 'Soutien\r\npsychosocial' });
    // Raw SQL: the current schema has organisation columns added by later migrations (0009: emergency).
    const org = old.$client
      .prepare(
        "insert into organisations (slug, name, description, hours, referral) values ('centre-le-phare', 'Centre Le Phare', ?, ?, null) returning id",
      )
      .get('Un\r\n\r\ndeux\rtrois', 'Lundi\r\nMardi') as Organisation;
    // Raw SQL too: later migrations add contact columns (0007: open-data consent).
    const person = old.$client
      .prepare("insert into contacts (organisation_id, name, role) values (?, 'Éric Gosselin', ?) returning *")
      .get(org.id, 'Intervenant\r\nde soir') as Contact;
    linkTheme(old, org, theme, { note: 'Ados\r', contact: person });
    const before = old.$client.prepare('select version, updated_at from organisations').all();
    old.$client.close();

    const db = openTestDatabase(file);
    try {
      const q = (sql: string) => db.$client.prepare(sql).get();
      expect(q('select description, hours, referral from organisations')).toEqual({
        description: 'Un\n\ndeux\ntrois',
        hours: 'Lundi\nMardi',
        referral: null,
      });
      expect(q('select role from contacts')).toEqual({ role: 'Intervenant\nde soir' });
      expect(q('select description from themes')).toEqual({ description: 'Soutien\npsychosocial' });
      expect(q('select note from organisation_themes')).toEqual({ note: 'Ados\n' });
      expect(db.$client.prepare('select version, updated_at from organisations').all()).toEqual(before);
      expect(() =>
        db.$client.exec("insert into organisations_fts(organisations_fts, rank) values('integrity-check', 1)"),
      ).not.toThrow();
    } finally {
      db.$client.close();
    }
  });
});
