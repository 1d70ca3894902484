import type { SessionStore } from '@fastify/session';
import type { Db } from '../db/client.js';
import { deleteSession, findSessionData, insertSession, updateSession } from '../queries/sessions.js';

type Callback = Parameters<SessionStore['destroy']>[1];
type GetCallback = Parameters<SessionStore['get']>[1];
type StoredSession = Parameters<SessionStore['set']>[1];

/** A signed-in request moves the idle expiry forward at most this often, instead of writing every time. */
export const SESSION_REFRESH_MS = 5 * 60 * 1000;

// The cookie part is rebuilt from the plugin's options on each request; leaving it out lets an
// unchanged session compare equal to its stored row.
const serialise = (session: StoredSession) => JSON.stringify({ ...session, cookie: undefined });

/**
 * @fastify/session store on the sessions table: a session lives until `idleMs` without a request.
 * `set` only updates rows that still exist; rows are created by `create`, at sign-in only.
 */
export class SqliteSessionStore implements SessionStore {
  constructor(
    private readonly db: Db,
    private readonly idleMs: number,
  ) {}

  get(id: string, callback: GetCallback): void {
    try {
      const data = findSessionData(this.db, id);
      callback(null, data === null ? null : JSON.parse(data));
    } catch (error) {
      callback(error);
    }
  }

  set(id: string, session: StoredSession, callback: Callback): void {
    try {
      const expiresAt = this.db.clock().getTime() + this.idleMs;
      updateSession(this.db, id, serialise(session), new Date(expiresAt), new Date(expiresAt - SESSION_REFRESH_MS));
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /** The row of a session that has just been signed in to (call inside the sign-in transaction). */
  create(id: string, session: StoredSession, userId: number): void {
    insertSession(this.db, id, serialise(session), userId, new Date(this.db.clock().getTime() + this.idleMs));
  }

  destroy(id: string, callback: Callback): void {
    try {
      deleteSession(this.db, id);
      callback();
    } catch (error) {
      callback(error);
    }
  }
}
