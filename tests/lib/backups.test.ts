import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { closeDatabase, openDatabase } from '../../src/db/client.js';
import { seedDatabase } from '../../src/queries/seed.js';
import { backupDay, pruneBackups } from '../../src/lib/backups.js';
import { createBackup, runDailyBackup } from '../../src/plugins/backups.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repertoire-backup-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const dump = (file: string) => {
  const db = openDatabase(file);
  try {
    return ['organisations', 'contacts', 'themes', 'organisation_themes'].map((table) =>
      db.$client.prepare(`select * from ${table} order by 1, 2`).all(),
    );
  } finally {
    closeDatabase(db);
  }
};

describe('backups', () => {
  it('backs up while the server runs, and restoring the copy after a wipe gives the same data', async () => {
    const live = path.join(dir, 'repertoire.db');
    const db = openDatabase(live);
    seedDatabase(db, 'demo');
    const app = await buildApp(testConfig({ databasePath: live }), { db });
    await app.ready();
    // Requests keep being served while the copy is made.
    const [backup, page] = await Promise.all([
      createBackup(db, path.join(dir, 'copie.db')),
      app.inject({ url: '/organismes' }),
    ]);
    expect(page.statusCode).toBe(200);
    expect(backup.bytes).toBeGreaterThan(10_000);
    const before = dump(live);
    await app.close();
    closeDatabase(db);

    // Wipe: the database is gone.
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(live + suffix, { force: true });
    expect(fs.existsSync(live)).toBe(false);
    // Restore, as the README says: copy the backup into place.
    fs.copyFileSync(backup.file, live);
    expect(dump(live)).toEqual(before);
    expect(before[0]!.length).toBeGreaterThanOrEqual(40);
  });

  it('writes one dated backup a day and keeps only the configured number', async () => {
    const db = openDatabase(path.join(dir, 'repertoire.db'));
    seedDatabase(db, 'themes');
    const backups = path.join(dir, 'backups');
    for (const day of ['2026-11-01', '2026-11-02', '2026-11-03']) {
      fs.mkdirSync(backups, { recursive: true });
      fs.writeFileSync(path.join(backups, `repertoire-${day}.db`), '');
    }
    fs.writeFileSync(path.join(backups, 'repertoire-manuel-important.db'), '');
    const now = new Date('2026-11-22T15:00:00Z');
    expect(await runDailyBackup(db, backups, 2, now)).toBe(path.join(backups, 'repertoire-2026-11-22.db'));
    expect(await runDailyBackup(db, backups, 2, now)).toBeNull();
    expect(fs.readdirSync(backups).sort()).toEqual([
      'repertoire-2026-11-03.db',
      'repertoire-2026-11-22.db',
      'repertoire-manuel-important.db',
    ]);
    expect(pruneBackups(path.join(dir, 'absent'), 3)).toEqual([]);
    closeDatabase(db);
  });

  it('dates backups in Quebec’s time zone', () => {
    expect(backupDay(new Date('2026-11-23T03:00:00Z'))).toBe('2026-11-22');
  });

  it('npm run cli -- backup FILE writes a checked copy', () => {
    const live = path.join(dir, 'repertoire.db');
    const db = openDatabase(live);
    seedDatabase(db, 'demo');
    closeDatabase(db);
    const target = path.join(dir, 'sauvegarde.db');
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'backup', target], {
      env: { ...process.env, DATABASE_PATH: live, SEED: 'none' },
      encoding: 'utf8',
    });
    expect(result.stdout + result.stderr).toContain('intégrité vérifiée');
    expect(result.status).toBe(0);
    expect(dump(target)).toEqual(dump(live));
  });
});
