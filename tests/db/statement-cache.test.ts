import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/client.js';
import { themes } from '../../src/db/schema.js';
import { cacheStatements } from '../../src/db/statement-cache.js';
import { createTheme } from '../support/factories.js';

let db: Db;
beforeEach(() => {
  db = openDatabase(':memory:');
  cacheStatements(db, 2);
});
afterEach(() => db.$client.close());

describe('prepared statements reused by SQL text (import connections)', () => {
  it('gives the same statement back, in its default row mode whatever its last use was', () => {
    createTheme(db, { name: 'Hébergement' });
    const sql = 'select name from themes';
    const first = db.$client.prepare(sql);
    expect(first.raw().all()).toEqual([['Hébergement']]);
    const again = db.$client.prepare(sql);
    expect(again).toBe(first);
    expect(again.all()).toEqual([{ name: 'Hébergement' }]);
    // Drizzle, which switches to raw rows for mapped fields, still reads right through the cache.
    expect(db.select({ name: themes.name }).from(themes).all()).toEqual([{ name: 'Hébergement' }]);
    expect(db.select({ name: themes.name }).from(themes).get()).toEqual({ name: 'Hébergement' });
  });

  it('keeps only the most recently used statements', () => {
    const a = db.$client.prepare('select 1');
    db.$client.prepare('select 2');
    expect(db.$client.prepare('select 1')).toBe(a);
    db.$client.prepare('select 3');
    expect(db.$client.prepare('select 2')).not.toBe(undefined);
    expect(db.$client.prepare('select 1')).not.toBe(a);
  });
});
