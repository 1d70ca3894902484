import type { FastifyInstance, FastifyReply } from 'fastify';
import { loginForm } from '../forms/login.js';
import { parseForm } from '../forms/form.js';
import { LoginThrottle } from '../lib/login-throttle.js';
import { decoyHash, verifyPassword } from '../lib/passwords.js';
import { safeReturnPath } from '../lib/redirects.js';
import { findUserByEmail, normaliseEmail, recordLogin } from '../queries/users.js';

const WRONG_CREDENTIALS = 'Courriel ou mot de passe incorrect.';
const TOO_MANY = 'Trop de tentatives de connexion. Attendez 15 minutes avant de réessayer.';

export async function authRoutes(app: FastifyInstance): Promise<void> {
  const throttle = new LoginThrottle();

  const renderLogin = async (reply: FastifyReply, data: { email?: string; retour?: string; error?: string; errors?: Record<string, string> }) =>
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
      // Per address; the per-account limit is the throttle below.
      config: { rateLimit: { max: 20, timeWindow: '15 minutes' } },
    },
    async function login(request, reply) {
      reply.header('cache-control', 'no-store');
      const form = parseForm(loginForm, request.body);
      if (!form.ok) {
        reply.code(422);
        return renderLogin(reply, { email: String(form.values.email ?? ''), retour: String(form.values.retour ?? ''), errors: form.errors });
      }
      const key = normaliseEmail(form.data.email);
      if (throttle.isBlocked(key)) {
        reply.code(429);
        return renderLogin(reply, { email: form.data.email, retour: form.data.retour, error: TOO_MANY });
      }
      const user = findUserByEmail(app.db, key);
      // Same work and same answer whether the account exists or not.
      const valid = await verifyPassword(form.data.password, user?.passwordHash ?? (await decoyHash()));
      if (!user || !valid || user.disabledAt) {
        throttle.recordFailure(key);
        request.log.info({ email: key }, 'failed login');
        reply.code(422);
        return renderLogin(reply, { email: form.data.email, retour: form.data.retour, error: WRONG_CREDENTIALS });
      }
      throttle.reset(key);
      // A new session id at login defeats session fixation.
      await request.session.regenerate();
      request.session.userId = user.id;
      request.session.signedInAt = app.db.clock().getTime();
      request.session.flash = { kind: 'success', message: `Bonjour ${user.name}, vous êtes connecté·e.` };
      recordLogin(app.db, user.id);
      request.log.info({ userId: user.id }, 'login');
      return reply.redirect(safeReturnPath(form.data.retour), 303);
    },
  );

  app.post('/deconnexion', { preHandler: app.csrfProtection }, async function logout(request, reply) {
    await request.session.destroy();
    return reply.redirect('/connexion?deconnecte=1', 303);
  });
}
