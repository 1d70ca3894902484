import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { testConfig, type AppConfig } from '../../src/config.js';
import type { Db } from '../../src/db/client.js';
import { testClock, type TestClock } from './clock.js';
import { openTestDatabase } from './db.js';

export interface TestContext {
  app: FastifyInstance;
  db: Db;
  /** Every SQL statement the database ran, in order (reset it to count one request's queries). */
  queries: string[];
  /** The app's clock: stands at TEST_NOW until the test moves it. */
  clock: TestClock;
}

/** A fresh app on a fresh in-memory database migrated by the real migrations. */
export async function buildTestApp(overrides: Partial<AppConfig> = {}, clock: TestClock = testClock()): Promise<TestContext> {
  const queries: string[] = [];
  const db = openTestDatabase(':memory:', { onQuery: (sql) => queries.push(sql), clock });
  const app = await buildApp(testConfig(overrides), { db });
  app.addHook('onClose', async () => db.$client.close());
  await app.ready();
  queries.length = 0;
  return { app, db, queries, clock };
}
