import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { inTransaction } from '../../db/transaction.js';
import { accountCreateForm, accountEditForm, passwordResetForm } from '../../forms/account.js';
import { parseForm, type FieldErrors } from '../../forms/form.js';
import { hashPassword } from '../../lib/auth/passwords.js';
import { diffSnapshots, type FieldChange } from '../../lib/revision-diff.js';
import {
  countAdmins,
  findAccountById,
  insertUser,
  isEmailTaken,
  listAccounts,
  setUserDisabled,
  setUserPassword,
  updateUser,
  type Account,
} from '../../queries/users.js';
import { requireAdmin } from './require-admin.js';
import { parseIdParam } from '../../forms/id-param.js';

type AccountParams = { Params: { id: string } };
type FormValues = Record<string, unknown>;

const EMAIL_TAKEN = 'Un compte utilise déjà ce courriel.';
const LAST_ADMIN = 'C’est le dernier compte administrateur actif\u00a0: nommez d’abord un autre administrateur.';
const OWN_PASSWORD =
  'Pour changer votre propre mot de passe, passez par «\u00a0Mon mot de passe\u00a0», qui demande l’actuel.';
const FIELD_LABELS = {
  name: 'Nom',
  email: 'Courriel',
  role: 'Rôle',
  password: 'Mot de passe',
  newPassword: 'Nouveau mot de passe',
};

// Only these fields go back to the page: a submitted password is never echoed.
const keptValues = (body: unknown): FormValues => {
  const values = (body && typeof body === 'object' ? body : {}) as FormValues;
  return { name: values.name, email: values.email, role: values.role, version: values.version };
};

const ROLE_NAMES: Record<string, string> = { admin: 'administrateur', editeur: 'éditeur' };

/** The saved account beside what this person submitted, field by field, in French. */
const accountConflict = (current: Account, mine: { name: string; email: string; role: string }): FieldChange[] =>
  diffSnapshots({ name: current.name, email: current.email, role: current.role }, mine, (field, value) =>
    field === 'role' ? (ROLE_NAMES[String(value)] ?? String(value)) : String(value ?? '—'),
  ).map((change) => ({ ...change, label: FIELD_LABELS[change.field as keyof typeof FIELD_LABELS] ?? change.label }));

interface EditState {
  values?: FormValues;
  errors?: FieldErrors;
  passwordError?: string;
  stateError?: string;
  conflict?: FieldChange[];
}

/** Why this change of role or state is refused, or null: nobody locks themself out, and one admin always remains. */
function adminProtection(
  app: FastifyInstance,
  me: number,
  account: Account,
  change: 'demote' | 'disable',
): string | null {
  if (account.role === 'admin' && !account.disabledAt && countAdmins(app.db) <= 1) return LAST_ADMIN;
  if (account.id === me) {
    return change === 'disable'
      ? 'Vous ne pouvez pas désactiver votre propre compte.'
      : 'Vous ne pouvez pas retirer votre propre rôle d’administrateur\u00a0: demandez-le à un autre administrateur.';
  }
  return null;
}

export async function adminAccountRoutes(app: FastifyInstance): Promise<void> {
  // Every URL here, GET or POST, existing or not, is for administrators only (then a bad :id is 404, via parseIdParam).
  app.addHook('preHandler', async (request, reply) => {
    if (reply.sent) return reply;
    if (!(await requireAdmin(request, reply))) return reply;
  });

  const findAccount = (request: FastifyRequest<AccountParams>) => {
    const id = parseIdParam(request.params.id);
    return id === null ? null : findAccountById(app.db, id);
  };

  const renderNew = (reply: FastifyReply, values: FormValues, errors: FieldErrors = {}) =>
    reply.view('admin/accounts/new', { title: 'Nouveau compte', values, errors, fieldLabels: FIELD_LABELS });

  const renderEdit = (reply: FastifyReply, account: Account, me: number, state: EditState = {}) =>
    reply.view('admin/accounts/edit', {
      title: `Compte de ${account.name}`,
      account,
      isSelf: account.id === me,
      values: {
        version: account.version,
        ...(state.values ?? { name: account.name, email: account.email, role: account.role }),
      },
      errors: state.errors ?? {},
      passwordError: state.passwordError ?? null,
      stateError: state.stateError ?? null,
      conflict: state.conflict ?? null,
      fieldLabels: FIELD_LABELS,
    });

  app.get('/', async function listAccountsPage(request, reply) {
    return reply.view('admin/accounts/list', {
      title: 'Comptes',
      accounts: listAccounts(app.db),
      me: request.user!.id,
    });
  });

  app.get('/nouveau', async function newAccount(_request, reply) {
    return renderNew(reply, { role: 'editeur' });
  });

  app.post('/nouveau', async function createAccount(request, reply) {
    const form = parseForm(accountCreateForm(app.config.siteName), request.body);
    if (!form.ok) return renderNew(reply.code(422), keptValues(request.body), form.errors);
    if (isEmailTaken(app.db, form.data.email))
      return renderNew(reply.code(422), keptValues(request.body), { email: EMAIL_TAKEN });
    const passwordHash = await hashPassword(form.data.password);
    const account = inTransaction(app.db, () =>
      // Checked again inside the transaction: another admin may have used the email while we hashed.
      isEmailTaken(app.db, form.data.email) ? null : insertUser(app.db, { ...form.data, passwordHash }),
    );
    if (!account) return renderNew(reply.code(422), keptValues(request.body), { email: EMAIL_TAKEN });
    request.log.info({ userId: request.user!.id, accountId: account.id, role: account.role }, 'account created');
    request.session.flash = {
      kind: 'success',
      message: `Le compte de ${account.name} a été créé. Transmettez-lui son mot de passe de vive voix ou par un autre canal que le courriel.`,
    };
    return reply.redirect('/admin/comptes', 303);
  });

  app.get<AccountParams>('/:id', async function editAccount(request, reply) {
    const account = findAccount(request);
    if (!account) return reply.callNotFound();
    return renderEdit(reply, account, request.user!.id);
  });

  app.post<AccountParams>('/:id', async function updateAccount(request, reply) {
    const account = findAccount(request);
    if (!account) return reply.callNotFound();
    const me = request.user!.id;
    const form = parseForm(accountEditForm, request.body);
    if (!form.ok)
      return renderEdit(reply.code(422), account, me, { values: keptValues(request.body), errors: form.errors });
    const { version = -1, ...changes } = form.data;
    const errors = inTransaction(app.db, (): FieldErrors | 'conflict' | null => {
      if (account.version !== version) return 'conflict';
      if (isEmailTaken(app.db, form.data.email, account.id)) return { email: EMAIL_TAKEN };
      const demoted = account.role === 'admin' && form.data.role !== 'admin';
      const refusal = demoted ? adminProtection(app, me, account, 'demote') : null;
      if (refusal) return { role: refusal };
      return updateUser(app.db, account.id, version, changes) ? null : 'conflict';
    });
    if (errors === 'conflict') {
      // Someone saved in between: show both versions; saving again (with the new version number) is a deliberate overwrite.
      const current = findAccountById(app.db, account.id) ?? account;
      const values = { ...keptValues(request.body), version: current.version };
      return renderEdit(reply.code(409), current, me, { values, conflict: accountConflict(current, changes) });
    }
    if (errors) return renderEdit(reply.code(422), account, me, { values: keptValues(request.body), errors });
    request.log.info({ userId: me, accountId: account.id, role: form.data.role }, 'account updated');
    request.session.flash = { kind: 'success', message: `Le compte de ${form.data.name} a été enregistré.` };
    return reply.redirect(`/admin/comptes/${account.id}`, 303);
  });

  for (const [path, disable] of [
    ['desactiver', true],
    ['reactiver', false],
  ] as const) {
    app.post<AccountParams>(`/:id/${path}`, async function setAccountState(request, reply) {
      const account = findAccount(request);
      if (!account) return reply.callNotFound();
      const me = request.user!.id;
      const refusal = inTransaction(app.db, () => {
        const problem = disable && !account.disabledAt ? adminProtection(app, me, account, 'disable') : null;
        if (!problem) setUserDisabled(app.db, account.id, disable);
        return problem;
      });
      if (refusal) return renderEdit(reply.code(422), account, me, { stateError: refusal });
      request.log.info({ userId: me, accountId: account.id }, disable ? 'account disabled' : 'account enabled');
      request.session.flash = {
        kind: 'success',
        message: disable
          ? `Le compte de ${account.name} est désactivé\u00a0; ses sessions ouvertes sont fermées.`
          : `Le compte de ${account.name} est réactivé.`,
      };
      return reply.redirect(`/admin/comptes/${account.id}`, 303);
    });
  }

  app.post<AccountParams>('/:id/mot-de-passe', async function resetPassword(request, reply) {
    const account = findAccount(request);
    if (!account) return reply.callNotFound();
    const me = request.user!.id;
    // One's own password changes only where the current one is asked for (admin/password.ts).
    if (account.id === me) return renderEdit(reply.code(422), account, me, { passwordError: OWN_PASSWORD });
    const context = { siteName: app.config.siteName, personal: [account.name, account.email] };
    const form = parseForm(passwordResetForm(context), request.body);
    if (!form.ok)
      return renderEdit(reply.code(422), account, me, {
        passwordError: form.errors.password ?? 'Mot de passe refusé.',
      });
    const passwordHash = await hashPassword(form.data.password);
    // Ends every session of the account; none can come back (SqliteSessionStore never re-creates rows).
    inTransaction(app.db, () => setUserPassword(app.db, account.id, passwordHash));
    request.log.info({ userId: me, accountId: account.id }, 'password reset');
    request.session.flash = {
      kind: 'success',
      message: `Le mot de passe de ${account.name} a été changé\u00a0; ses sessions ouvertes sont fermées.`,
    };
    return reply.redirect(`/admin/comptes/${account.id}`, 303);
  });
}
