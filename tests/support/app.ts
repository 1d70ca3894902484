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
export async function buildTestApp(
  overrides: Partial<AppConfig> = {},
  // Lets a test add its own routes (a request held in flight, for instance) before the app starts.
  options: { beforeReady?: (app: FastifyInstance) => void; clock?: TestClock } = {},
): Promise<TestContext> {
  const queries: string[] = [];
  const clock = options.clock ?? testClock();
  const db = openTestDatabase(':memory:', { onQuery: (sql) => queries.push(sql), clock });
  const app = await buildApp(testConfig(overrides), { db });
  options.beforeReady?.(app);
  app.addHook('onClose', async () => db.$client.close());
  await app.ready();
  queries.length = 0;
  return { app, db, queries, clock };
}

/** A test app with `GET /lent`: it holds its session until the test calls release(), then changes it. */
export async function buildTestAppWithHeldRequest(): Promise<
  TestContext & { started: Promise<void>; release: () => void }
> {
  let release!: () => void;
  let entered!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const started = new Promise<void>((resolve) => (entered = resolve));
  const context = await buildTestApp(
    {},
    {
      beforeReady: (app) =>
        app.get('/lent', async (request) => {
          entered();
          await gate;
          // A change makes @fastify/session save the session when the response goes out.
          if (request.session) request.session.flash = { kind: 'success', message: 'Requête lente terminée.' };
          return 'ok';
        }),
    },
  );
  return { ...context, started, release };
}
