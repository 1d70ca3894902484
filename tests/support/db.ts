import { openDatabase, type Db, type OpenOptions } from '../../src/db/client.js';
import { testClock } from './clock.js';

/** A fresh database migrated by the real migrations, on a test clock (in memory unless a path is given). */
export function openTestDatabase(path = ':memory:', options: OpenOptions = {}): Db {
  return openDatabase(path, { clock: testClock(), ...options });
}
