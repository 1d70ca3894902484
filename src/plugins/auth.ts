import crypto from 'node:crypto';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import session from '@fastify/session';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { User } from '../db/schema.js';
import { SqliteSessionStore } from '../lib/session-store.js';
import { deleteExpiredSessions } from '../queries/sessions.js';
import { getMeta, setMeta } from '../queries/site-meta.js';
import { findUserById } from '../queries/users.js';

/** A session ends after two hours without a request, and in any case twelve hours after login. */
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in, enabled account, or null. */
    user: User | null;
  }
}

declare module 'fastify' {
  interface Session {
    userId?: number;
    signedInAt?: number;
    flash?: { kind: 'success' | 'error'; message: string };
  }
}

function sessionSecret(app: FastifyInstance): string {
  if (app.config.sessionSecret) return app.config.sessionSecret;
  let secret = getMeta(app.db, 'session_secret');
  if (!secret) {
    secret = crypto.randomBytes(32).toString('base64url');
    setMeta(app.db, 'session_secret', secret);
  }
  return secret;
}

/**
 * The enabled account behind the request's session, or null; ends a session past its absolute
 * lifetime or whose account is gone or disabled. Also for paths where preHandlers never ran.
 */
export async function resolveSessionUser(app: FastifyInstance, request: FastifyRequest): Promise<User | null> {
  const userId = request.session.userId;
  if (userId === undefined) return null;
  const user = findUserById(app.db, userId);
  const expired = app.db.clock().getTime() - (request.session.signedInAt ?? 0) > SESSION_ABSOLUTE_MS;
  if (!user || user.disabledAt || expired) {
    await request.session.destroy();
    return null;
  }
  return user;
}

/** Cookies, server-side sessions, CSRF tokens, rate limiting, and `request.user`. */
export const authPlugin = fp(async function auth(app: FastifyInstance) {
  const secure = app.config.publicUrl?.startsWith('https:') ?? false;
  await app.register(cookie);
  await app.register(session, {
    secret: sessionSecret(app),
    // The __Host- prefix pins the cookie to this exact origin; browsers only accept it over HTTPS.
    cookieName: secure ? '__Host-sid' : 'sid',
    cookie: { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: SESSION_IDLE_MS },
    saveUninitialized: false,
    rolling: true,
    store: new SqliteSessionStore(app.db, SESSION_IDLE_MS),
  });
  await app.register(csrf, { sessionPlugin: '@fastify/session' });
  await app.register(rateLimit, { global: false });

  app.decorateRequest('user', null);
  app.addHook('preHandler', async (request) => {
    request.user = await resolveSessionUser(app, request);
  });

  const purge = setInterval(() => deleteExpiredSessions(app.db), 60 * 60 * 1000);
  purge.unref();
  app.addHook('onClose', async () => clearInterval(purge));
});
