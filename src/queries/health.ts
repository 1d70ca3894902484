import { count } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { themes } from '../db/schema.js';

/** A real read, so a locked or corrupt database shows in /healthz. */
export function databaseAnswers(db: Db): boolean {
  return db.select({ n: count() }).from(themes).get() !== undefined;
}
