import type { SessionStore } from '@fastify/session';
import type { Db } from '../db/client.js';
import { deleteSession, findSessionData, saveSessionData } from '../queries/sessions.js';

type Callback = Parameters<SessionStore['destroy']>[1];
type GetCallback = Parameters<SessionStore['get']>[1];
type StoredSession = Parameters<SessionStore['set']>[1];

/** @fastify/session store on the sessions table: a session lives until `idleMs` without a request. */
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
      const userId = session.userId ?? null;
      saveSessionData(this.db, id, JSON.stringify(session), userId, new Date(this.db.clock().getTime() + this.idleMs));
      callback();
    } catch (error) {
      callback(error);
    }
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
