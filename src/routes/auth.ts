import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '../db/schema.js';
import { loginForm } from '../forms/login.js';
import { parseForm } from '../forms/form.js';
import { LoginThrottle, type Budget } from '../lib/auth/login-throttle.js';
import { decoyHash, hashPassword, needsRehash, verifyPassword } from '../lib/auth/passwords.js';
import { safeReturnPath } from '../lib/redirects.js';
import { readDevice, rememberDevice, type Device } from '../lib/auth/trusted-devices.js';
import { endSession, isSecure, startSession } from '../plugins/auth.js';
import { findUserByEmail, normaliseEmail, recordLogin, replacePasswordHash } from '../queries/users.js';

const WRONG_CREDENTIALS = 'Courriel ou mot de passe incorrect.';
const TOO_MANY = 'Trop de tentatives de connexion. Attendez 15 minutes avant de réessayer.';
const ACCOUNT_UNDER_ATTACK =
  'Trop de tentatives de connexion sur ce compte. Attendez 15 minutes, ou connectez-vous depuis un appareil où vous vous êtes déjà connecté·e.';

/** Failed attempts allowed per 15 minutes (decision 057). */
export const LOGIN_BUDGETS = { accountAndAddress: 5, account: 50, device: 5 };

/**
 * What one attempt counts against. A browser the account signed in on before has its own budget, so
 * guesses from elsewhere cannot lock the owner out; every other browser shares the account's budget.
 */
function loginBudgets(email: string, ip: string, user: User | null, device: Device | null): Budget[] {
  if (user && device?.userIds.includes(user.id))
    return [{ key: `device:${device.id}:${email}`, max: LOGIN_BUDGETS.device }];
  return [
    { key: `address:${ip}:${email}`, max: LOGIN_BUDGETS.accountAndAddress },
    { key: `account:${email}`, max: LOGIN_BUDGETS.account },
  ];
}

export async function authRoutes(app: FastifyInstance): Promise<void> {
  const throttle = new LoginThrottle();
  const secure = isSecure(app);

  const renderLogin = async (
    reply: FastifyReply,
    data: { email?: string; retour?: string; error?: string; errors?: Record<string, string> },
  ) =>
    reply.view('auth/login', {
      title: 'Connexion',
      csrfToken: await reply.generateCsrf(),
      email: data.email ?? '',
      retour: safeReturnPath(data.retour),
      error: data.error ?? null,
      errors: data.errors ?? {},
    });

  app.get<{ Querystring: { retour?: string } }>('/connexion', async function showLogin(request, reply) {
    if (request.user) return reply.redirect(safeReturnPath(request.query.retour), 303);
    reply.header('cache-control', 'no-store');
    return renderLogin(reply, { retour: request.query.retour });
  });

  app.post(
    '/connexion',
    {
      preHandler: app.csrfProtection,
      // Per address, whatever the account; the per-account budgets are the throttle below.
      config: { rateLimit: { max: 20, timeWindow: '15 minutes' } },
    },
    async function login(request: FastifyRequest, reply) {
      reply.header('cache-control', 'no-store');
      const form = parseForm(loginForm, request.body);
      if (!form.ok) {
        reply.code(422);
        return renderLogin(reply, {
          email: String(form.values.email ?? ''),
          retour: String(form.values.retour ?? ''),
          errors: form.errors,
        });
      }
      const { email: typed, password, retour } = form.data;
      const email = normaliseEmail(typed);
      const user = findUserByEmail(app.db, email);
      const device = readDevice(request, secure);
      // Counted now, before the slow hash: parallel guesses cannot all pass the check.
      const attempt = throttle.reserve(loginBudgets(email, request.ip, user, device), app.db.clock().getTime());
      if (!attempt.ok) {
        request.log.info('login throttled');
        reply.code(429);
        return renderLogin(reply, {
          email: typed,
          retour,
          error: attempt.spent.key.startsWith('account:') ? ACCOUNT_UNDER_ATTACK : TOO_MANY,
        });
      }
      // Same work and same answer whether the account exists or not.
      const valid = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
      // The password may have been reset, or the account disabled, while it was being checked.
      const signedIn =
        user && valid && !user.disabledAt ? await startSession(app, request, user, welcome(user)) : false;
      if (!user || !signedIn) {
        request.log.info('failed login');
        reply.code(422);
        return renderLogin(reply, { email: typed, retour, error: WRONG_CREDENTIALS });
      }
      throttle.succeed(attempt.reservation, [`address:${request.ip}:${email}`]);
      rememberDevice(reply, device, user.id, secure);
      recordLogin(app.db, user.id);
      if (needsRehash(user.passwordHash))
        replacePasswordHash(app.db, user.id, user.passwordHash, await hashPassword(password));
      request.log.info({ userId: user.id }, 'login');
      return reply.redirect(safeReturnPath(retour), 303);
    },
  );

  app.post('/deconnexion', { preHandler: app.csrfProtection }, async function logout(request, reply) {
    await endSession(app, request, reply);
    return reply.redirect('/connexion?deconnecte=1', 303);
  });
}

const welcome = (user: User) => ({ kind: 'success' as const, message: `Bonjour ${user.name}, vous êtes connecté·e.` });
