import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Theme } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { parseForm, type FieldErrors } from '../../forms/form.js';
import {
  contrastOnWhite,
  formatRatio,
  resolveColor,
  themeDeleteForm,
  themeForm,
  type ThemeFormData,
} from '../../forms/theme.js';
import { diffSnapshots, labelFor, type FieldChange } from '../../lib/revision-diff.js';
import { THEME_FIELD_LABELS, THEME_FIELDS } from '../../fields/theme.js';
import { listEntityRevisions, type Snapshot } from '../../queries/revisions.js';
import {
  createTheme,
  deleteThemeMovingOrganisations,
  findThemeById,
  isThemeNameTaken,
  listThemeOrganisations,
  listThemesForAdmin,
  nextThemePosition,
  saveTheme,
  shiftThemePosition,
  themeSnapshot,
  type DeleteDestination,
} from '../../queries/theme-writes.js';
import { themeKeywords } from '../../queries/themes.js';
import { requireAdmin } from './require-admin.js';
import { parseIdParam } from '../../forms/id-param.js';

type ThemeParams = { Params: { id: string } };
type FormValues = Record<string, unknown>;

const HEX = /^#[0-9a-fA-F]{6}$/;
const NAME_TAKEN = 'Un thème porte déjà ce nom.';

const valuesOf = (theme: Theme): FormValues => ({
  name: theme.name,
  description: theme.description,
  color: theme.color,
  position: String(theme.position),
  keywords: themeKeywords(theme).join('\n'),
  version: String(theme.version),
});

const fieldsOf = ({ version: _version, ...data }: ThemeFormData, position: number) => ({
  ...data,
  position: data.position ?? position,
});

// Revision snapshots hold lists; show them as readable text rather than JSON.
const describeValue = (field: string, value: unknown): string => {
  if (Array.isArray(value)) return value.length ? value.join(', ') : '—';
  if (value === null || value === undefined || value === '') return '—';
  return field === 'keywords' ? String(value).split('\n').join(', ') : String(value);
};

const themeChanges = (before: Snapshot | null, after: Snapshot | null) =>
  diffSnapshots(before, after, describeValue, labelFor('theme'));

function themeHistory(app: FastifyInstance, themeId: number) {
  return listEntityRevisions(app.db, 'theme', themeId).map((revision) => ({
    ...revision,
    changes: themeChanges(revision.before, revision.after),
  }));
}

const parseId = (request: FastifyRequest<ThemeParams>): number | null => parseIdParam(request.params.id);

export async function adminThemeRoutes(app: FastifyInstance): Promise<void> {
  // Thèmes reshape search and the printed Arbre: every URL here, GET or POST, is for administrators only.
  app.addHook('preHandler', async (request, reply) => {
    if (reply.sent) return reply;
    if (!(await requireAdmin(request, reply))) return reply;
  });

  const findTheme = (request: FastifyRequest<ThemeParams>) => {
    const id = parseId(request);
    return id === null ? null : findThemeById(app.db, id);
  };

  const renderForm = (
    reply: FastifyReply,
    theme: Theme | null,
    submitted: FormValues,
    errors: FieldErrors = {},
    conflict: FieldChange[] | null = null,
  ) => {
    // The picker and the text field start on the colour that would be saved, so either can be changed next.
    const values = resolveColor(submitted) as FormValues;
    const color = typeof values.color === 'string' && HEX.test(values.color) ? values.color : null;
    return reply.view(theme ? 'admin/themes/edit' : 'admin/themes/new', {
      title: theme ? `Modifier le thème ${theme.name}` : 'Nouveau thème',
      theme,
      values,
      errors,
      fieldLabels: THEME_FIELD_LABELS,
      fields: THEME_FIELDS,
      colorPicker: (color ?? theme?.color ?? '#1E5A44').toLowerCase(),
      contrast: color ? formatRatio(contrastOnWhite(color)) : null,
      history: theme ? themeHistory(app, theme.id) : [],
      conflict,
    });
  };

  const renderDelete = (reply: FastifyReply, theme: Theme, errors: FieldErrors = {}, destination = '') =>
    reply.view('admin/themes/delete', {
      title: `Supprimer le thème ${theme.name}`,
      theme,
      organisations: listThemeOrganisations(app.db, theme.id),
      otherThemes: listThemesForAdmin(app.db).filter((other) => other.id !== theme.id),
      errors,
      destination,
    });

  app.get('/', async function listThemes(_request, reply) {
    return reply.view('admin/themes/list', { title: 'Thèmes', themes: listThemesForAdmin(app.db) });
  });

  app.get('/nouveau', async function newTheme(_request, reply) {
    return renderForm(reply, null, { color: '#1E5A44', position: String(nextThemePosition(app.db)) });
  });

  app.post('/nouveau', async function createThemeHandler(request, reply) {
    const form = parseForm(themeForm, request.body);
    if (!form.ok) return renderForm(reply.code(422), null, form.values, form.errors);
    const theme = inTransaction(app.db, () => {
      if (isThemeNameTaken(app.db, form.data.name)) return null;
      return createTheme(app.db, fieldsOf(form.data, nextThemePosition(app.db)), request.user!.id);
    });
    if (!theme) return renderForm(reply.code(422), null, request.body as FormValues, { name: NAME_TAKEN });
    request.session.flash = { kind: 'success', message: `Le thème «\u00a0${theme.name}\u00a0» a été créé.` };
    return reply.redirect(`/admin/themes/${theme.id}`, 303);
  });

  app.get<ThemeParams>('/:id', async function editTheme(request, reply) {
    const theme = findTheme(request);
    if (!theme) return reply.callNotFound();
    return renderForm(reply, theme, valuesOf(theme));
  });

  app.post<ThemeParams>('/:id', async function updateThemeHandler(request, reply) {
    const theme = findTheme(request);
    if (!theme) return reply.callNotFound();
    const form = parseForm(themeForm, request.body);
    if (!form.ok) return renderForm(reply.code(422), theme, form.values, form.errors);
    const { version, ...fields } = form.data;
    const result = saveTheme(app.db, theme.id, version ?? -1, fields, request.user!.id);
    if (result.status === 'missing') return reply.callNotFound();
    if (result.status === 'name-taken')
      return renderForm(reply.code(422), theme, request.body as FormValues, { name: NAME_TAKEN });
    if (result.status === 'conflict') {
      // Someone saved in between: show both versions; saving again (with the new version number) is a deliberate overwrite.
      const { current } = result;
      const mine = {
        ...themeSnapshot(current),
        ...fields,
        position: fields.position ?? current.position,
        keywords: fields.keywords.join('\n'),
      };
      const values = { ...(request.body as FormValues), version: String(current.version) };
      return renderForm(reply.code(409), current, values, {}, themeChanges(themeSnapshot(current), mine));
    }
    const message =
      result.status === 'saved'
        ? `Le thème «\u00a0${result.theme.name}\u00a0» a été enregistré.`
        : 'Aucune modification à enregistrer.';
    request.session.flash = { kind: 'success', message };
    return reply.redirect(`/admin/themes/${theme.id}`, 303);
  });

  app.get<ThemeParams>('/:id/supprimer', async function confirmThemeDeletion(request, reply) {
    const theme = findTheme(request);
    if (!theme) return reply.callNotFound();
    return renderDelete(reply, theme);
  });

  app.post<ThemeParams>('/:id/supprimer', async function deleteTheme(request, reply) {
    const theme = findTheme(request);
    if (!theme) return reply.callNotFound();
    const form = parseForm(themeDeleteForm, request.body);
    if (!form.ok) return renderDelete(reply.code(422), theme, form.errors);
    // The edit page's button asks first; only the confirmation page's answer deletes.
    if (form.data.confirmation !== 'oui') return renderDelete(reply, theme);
    const raw = form.data.destination;
    const destination: DeleteDestination = raw === null || raw === 'retirer' ? raw : Number(raw);
    const outcome = inTransaction(app.db, () => {
      const listed = listThemeOrganisations(app.db, theme.id).length;
      if (listed > 0 && destination === null) return { error: 'Choisissez où déplacer les organismes de ce thème.' };
      if (typeof destination === 'number' && (destination === theme.id || !findThemeById(app.db, destination))) {
        return { error: 'Choisissez un autre thème dans la liste.' };
      }
      return {
        result: deleteThemeMovingOrganisations(app.db, theme, listed > 0 ? destination : null, request.user!.id),
      };
    });
    if ('error' in outcome)
      return renderDelete(reply.code(422), theme, { destination: outcome.error ?? '' }, raw ?? '');
    const { moved, merged, removed } = outcome.result;
    const details = [
      moved + merged > 0
        ? `${moved + merged} organisme${moved + merged > 1 ? 's' : ''} déplacé${moved + merged > 1 ? 's' : ''}`
        : '',
      removed > 0 ? `thème retiré de ${removed} organisme${removed > 1 ? 's' : ''}` : '',
    ].filter(Boolean);
    request.session.flash = {
      kind: 'success',
      message: `Le thème «\u00a0${theme.name}\u00a0» a été supprimé${details.length ? ` (${details.join(', ')})` : ''}.`,
    };
    return reply.redirect('/admin/themes', 303);
  });

  for (const [path, direction, verb] of [
    ['monter', -1, 'monté'],
    ['descendre', 1, 'descendu'],
  ] as const) {
    app.post<ThemeParams>(`/:id/${path}`, async function moveTheme(request, reply) {
      const theme = findTheme(request);
      if (!theme) return reply.callNotFound();
      const moved = inTransaction(app.db, () => shiftThemePosition(app.db, theme.id, direction, request.user!.id));
      request.session.flash = moved
        ? { kind: 'success', message: `Le thème «\u00a0${theme.name}\u00a0» est ${verb} d’un rang.` }
        : {
            kind: 'error',
            message: `Le thème «\u00a0${theme.name}\u00a0» est déjà ${direction < 0 ? 'le premier' : 'le dernier'}.`,
          };
      return reply.redirect(`/admin/themes#theme-${theme.id}`, 303);
    });
  }
}
