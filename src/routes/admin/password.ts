import type { FastifyInstance, FastifyReply } from 'fastify';
import { inTransaction } from '../../db/transaction.js';
import { ownPasswordForm } from '../../forms/account.js';
import { parseForm, type FieldErrors } from '../../forms/form.js';
import { LoginThrottle } from '../../lib/auth/login-throttle.js';
import { hashPassword, verifyPassword } from '../../lib/auth/passwords.js';
import { startSession } from '../../plugins/auth.js';
import { setUserPassword } from '../../queries/users.js';

const FIELD_LABELS = { currentPassword: 'Mot de passe actuel', newPassword: 'Nouveau mot de passe' };
const WRONG_CURRENT = 'Le mot de passe actuel est incorrect.';
const TOO_MANY = 'Trop de tentatives\u00a0: attendez 15 minutes avant de réessayer.';
// Someone at an unattended signed-in computer gets five guesses at the current password per 15 minutes.
const CURRENT_PASSWORD_GUESSES = 5;

/** « Mon mot de passe »: every signed-in account changes its own password, giving the current one. */
export async function ownPasswordRoutes(app: FastifyInstance): Promise<void> {
  const throttle = new LoginThrottle();

  const render = (reply: FastifyReply, errors: FieldErrors = {}) =>
    reply.view('admin/password', { title: 'Mon mot de passe', errors, fieldLabels: FIELD_LABELS });

  app.get('/mot-de-passe', async function showOwnPassword(_request, reply) {
    return render(reply);
  });

  app.post('/mot-de-passe', async function changeOwnPassword(request, reply) {
    const user = request.user!;
    const form = parseForm(
      ownPasswordForm({ siteName: app.config.siteName, personal: [user.name, user.email] }),
      request.body,
    );
    if (!form.ok) return render(reply.code(422), form.errors);
    // Counted before the slow check, like the login form.
    const attempt = throttle.reserve(
      [{ key: `user:${user.id}`, max: CURRENT_PASSWORD_GUESSES }],
      app.db.clock().getTime(),
    );
    if (!attempt.ok) return render(reply.code(429), { currentPassword: TOO_MANY });
    if (!(await verifyPassword(form.data.currentPassword, user.passwordHash))) {
      request.log.info({ userId: user.id }, 'own password change: wrong current password');
      return render(reply.code(422), { currentPassword: WRONG_CURRENT });
    }
    throttle.succeed(attempt.reservation, [`user:${user.id}`]);
    const passwordHash = await hashPassword(form.data.newPassword);
    // Every session of the account ends, this one too; this browser then gets a new one.
    inTransaction(app.db, () => setUserPassword(app.db, user.id, passwordHash));
    request.log.info({ userId: user.id }, 'own password changed');
    const flash = {
      kind: 'success' as const,
      message: 'Votre mot de passe a été changé\u00a0; vos autres sessions sont fermées.',
    };
    if (!(await startSession(app, request, { ...user, passwordHash }, flash))) return reply.redirect('/connexion', 303);
    return reply.redirect('/admin/mot-de-passe', 303);
  });
}
