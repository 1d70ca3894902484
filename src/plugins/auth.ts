import crypto from 'node:crypto';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import session from '@fastify/session';
import type { FastifyInstance, FastifyReply, FastifyRequest, Session } from 'fastify';
import fp from 'fastify-plugin';
import { inTransaction } from '../db/transaction.js';
import type { User } from '../db/schema.js';
import { SqliteSessionStore } from './session-store.js';
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
    flash?: { kind: 'success' | 'warning' | 'error'; message: string };
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

export const isSecure = (app: FastifyInstance) => app.config.publicUrl?.startsWith('https:') ?? false;
// The __Host- prefix pins a cookie to this exact origin; browsers only accept it over HTTPS.
const sessionCookieName = (app: FastifyInstance) => (isSecure(app) ? '__Host-sid' : 'sid');

/**
 * Signs in with a new session id (no fixation) and stores the session's row — the only place a row is
 * created. Returns false, storing nothing, when the account was disabled or its password changed
 * while its password was being checked.
 */
export async function startSession(
  app: FastifyInstance,
  request: FastifyRequest,
  user: User,
  flash?: Session['flash'],
): Promise<boolean> {
  await request.session.regenerate();
  request.session.userId = user.id;
  request.session.signedInAt = app.db.clock().getTime();
  if (flash) request.session.flash = flash;
  const store = request.sessionStore as SqliteSessionStore;
  return inTransaction(app.db, () => {
    const current = findUserById(app.db, user.id);
    if (!current || current.disabledAt || current.passwordHash !== user.passwordHash) return false;
    store.create(request.session.sessionId, request.session, user.id);
    return true;
  });
}

/** Deletes the session's row and tells the browser to drop its cookie. */
export async function endSession(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  await request.session.destroy();
  reply.clearCookie(sessionCookieName(app), { path: '/', httpOnly: true, sameSite: 'lax', secure: isSecure(app) });
}

/** Cookies, server-side sessions, CSRF tokens, rate limiting, and `request.user`. */
export const authPlugin = fp(async function auth(app: FastifyInstance) {
  const secure = isSecure(app);
  const secret = sessionSecret(app);
  // Its own key, derived from the session secret, for the CSRF and device cookies.
  await app.register(cookie, {
    secret: crypto.createHmac('sha256', secret).update('signed cookies').digest('base64url'),
  });
  await app.register(session, {
    secret,
    cookieName: sessionCookieName(app),
    cookie: { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: SESSION_IDLE_MS },
    // Only sign-in stores a session (SqliteSessionStore.create): anonymous visitors write nothing.
    saveUninitialized: false,
    rolling: true,
    store: new SqliteSessionStore(app.db, SESSION_IDLE_MS),
  });
  // Double-submit token whose secret sits in a signed cookie, so the login form needs no stored session.
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: secure ? '__Host-csrf' : 'csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure, signed: true },
  });
  await app.register(rateLimit, { global: false });

  app.decorateRequest('user', null);
  app.addHook('preHandler', async (request) => {
    request.user = await resolveSessionUser(app, request);
  });

  const purge = setInterval(() => deleteExpiredSessions(app.db), 60 * 60 * 1000);
  purge.unref();
  app.addHook('onClose', async () => clearInterval(purge));
});
