import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import type { ImportJob } from '../../src/exchange/import-runner.js';
import { SEARCH_LOG_FLUSH_MS } from '../../src/plugins/search-log.js';
import { buildTestApp, type TestContext } from '../support/app.js';
import { createOrganisation } from '../support/factories.js';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await buildTestApp();
});
afterEach(() => ctx.app.close());

const search = (q: string) => ctx.app.inject({ url: `/recherche?q=${encodeURIComponent(q)}` });
const logRows = () =>
  ctx.db.$client.prepare('SELECT words, searches, empty_searches, last_results FROM search_log ORDER BY words').all();

describe('search log written in batches (decision 106)', () => {
  it('writes a second’s searches in one transaction, one row per query, without being asked', async () => {
    createOrganisation(ctx.db, { name: 'Maison Marie-Élisabeth', description: 'Hébergement pour femmes.' });
    ctx.queries.length = 0;
    for (let i = 0; i < 12; i++) await search(i % 3 === 0 ? 'dormir' : 'hébergement');
    // Nothing written per search: the searches wait for the batch.
    expect(logRows()).toEqual([]);
    const writes = () => ctx.queries.filter((sql) => sql.startsWith('INSERT INTO search_log'));
    expect(writes()).toEqual([]);
    await vi.waitFor(() => expect(logRows()).toHaveLength(2), { timeout: 10 * SEARCH_LOG_FLUSH_MS, interval: 50 });
    expect(logRows()).toEqual([
      { words: 'dormir', searches: 4, empty_searches: 4, last_results: 0 },
      { words: 'hebergement', searches: 8, empty_searches: 0, last_results: 1 },
    ]);
    expect(writes()).toHaveLength(2);
    expect(ctx.queries.filter((sql) => sql.startsWith('BEGIN'))).toHaveLength(1);
  });

  it('shows the coordination the searches of the last second too', async () => {
    await search('dormir');
    await search('dormir');
    ctx.app.searchLog.flush();
    expect(logRows()).toEqual([{ words: 'dormir', searches: 2, empty_searches: 2, last_results: 0 }]);
  });

  it('still answers searches when the log cannot be written, and logs no words', async () => {
    ctx.db.$client.exec('DROP TABLE search_log');
    const warn = vi.spyOn(ctx.app.log, 'warn');
    expect((await search('dormir')).statusCode).toBe(200);
    expect(() => ctx.app.searchLog.flush()).not.toThrow();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(warn.mock.calls)).not.toContain('dormir');
  });

  it('waits for a running import’s commit instead of freezing in SQLite’s busy wait', async () => {
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    ctx.app.imports.running = { id: 'essai', done } as unknown as ImportJob;
    await search('dormir');
    ctx.app.searchLog.flush();
    await new Promise((resolve) => setTimeout(resolve, 1.5 * SEARCH_LOG_FLUSH_MS));
    expect(logRows()).toEqual([]);
    ctx.app.imports.running = null;
    finish();
    await vi.waitFor(() => expect(logRows()).toHaveLength(1), { timeout: 10 * SEARCH_LOG_FLUSH_MS, interval: 50 });
  });

  it('writes what is pending when the server stops, before its database closes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'search-log-'));
    const file = path.join(dir, 'repertoire.db');
    const app = await buildApp(testConfig({ databasePath: file, seed: 'none' }));
    try {
      for (let i = 0; i < 3; i++) await app.inject({ url: '/recherche?q=dormir' });
    } finally {
      await app.close();
    }
    const db = new Database(file, { readonly: true });
    try {
      expect(db.prepare('SELECT words, searches FROM search_log').all()).toEqual([{ words: 'dormir', searches: 3 }]);
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
