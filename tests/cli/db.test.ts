import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/client.js';
import { createUser } from '../support/auth.js';
import { createOrganisation } from '../support/factories.js';

let dir: string;
let databasePath: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repertoire-db-cli-'));
  databasePath = path.join(dir, 'test.db');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function dbCli(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/db.ts', ...args], {
    env: { ...process.env, DATABASE_PATH: databasePath, SEED: 'demo', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  });
  return { status: result.status, out: result.stdout + result.stderr };
}

async function withDb<T>(work: (db: Db) => T | Promise<T>): Promise<T> {
  const db = openDatabase(databasePath);
  try {
    return await work(db);
  } finally {
    db.$client.close();
  }
}

const counts = () =>
  withDb((db) =>
    db.$client
      .prepare('select (select count(*) from themes) as themes, (select count(*) from organisations) as organisations')
      .get(),
  );

describe('npm run db:reset', () => {
  it('resets a database that "db:reset -- themes" itself created, as often as asked', async () => {
    expect(dbCli('reset', 'themes').status).toBe(0);
    const again = dbCli('reset', 'themes');
    expect(again.out).toContain('recreated with seed "themes"');
    expect(again.status).toBe(0);
    expect(await counts()).toEqual({ themes: 15, organisations: 0 });
  }, 60_000);

  it('refuses to reset a thèmes-only database once real data was added, unless --force', async () => {
    expect(dbCli('reset', 'themes').status).toBe(0);
    await withDb((db) => createOrganisation(db, { name: 'Vrai organisme' }));
    const refused = dbCli('reset', 'themes');
    expect(refused.status).toBe(1);
    expect(refused.out).toContain('holds real data');
    expect(await counts()).toEqual({ themes: 15, organisations: 1 });
    expect(dbCli('reset', 'themes', '--force').status).toBe(0);
    expect(await counts()).toEqual({ themes: 15, organisations: 0 });
  }, 60_000);

  it('counts an account, or an edited thème, as real data in a thèmes-only database', async () => {
    expect(dbCli('reset', 'themes').status).toBe(0);
    await withDb((db) => createUser(db, { role: 'admin' }));
    expect(dbCli('reset', 'themes').status).toBe(1);

    expect(dbCli('reset', 'themes', '--force').status).toBe(0);
    await withDb((db) => db.$client.prepare("update themes set name = 'Renommé à la main' where id = 1").run());
    expect(dbCli('reset', 'themes').status).toBe(1);
    expect(await withDb((db) => db.$client.prepare('select name from themes where id = 1').get())).toEqual({
      name: 'Renommé à la main',
    });
  }, 60_000);
});
