import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Organisation } from '../../db/schema.js';
import { EDITABLE_FIELDS, ORGANISATION_FIELDS } from '../../fields/organisation.js';
import { closeReport, findReport, type ReportWithEntry } from '../../queries/corrections.js';
import { notifyReporter } from '../../plugins/mailer.js';

/**
 * « Appliquer »: the organisation's edit form opened with ?signalement=ID pre-fills the report's typed
 * values and carries the id, so the change goes through the normal save (revision, conflict check).
 */
export function reportToApply(app: FastifyInstance, raw: unknown, organisationId: number): ReportWithEntry | null {
  const id = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : null;
  const report = id === null ? null : findReport(app.db, id);
  return report && report.status === 'pending' && report.organisationId === organisationId ? report : null;
}

/** The fields the coordination ticked in the queue (`?champ=a&champ=b`); null when it did not choose. */
export function chosenFields(raw: unknown): Set<string> | null {
  if (raw === undefined) return null;
  const list = Array.isArray(raw) ? raw : [raw];
  return new Set(list.filter((field): field is string => typeof field === 'string'));
}

/** The edit form's values with the report's typed values put in: every one, or only the ticked ones. */
export function withProposedValues(
  values: Record<string, unknown>,
  report: ReportWithEntry | null,
  chosen: Set<string> | null = null,
) {
  if (!report) return values;
  const proposed = Object.fromEntries(
    Object.entries(report.proposed).filter(
      ([field]) => (EDITABLE_FIELDS as readonly string[]).includes(field) && (chosen === null || chosen.has(field)),
    ),
  );
  return { ...values, ...proposed };
}

/** The new person a partner proposed, for the « nouvelle personne-ressource » form opened from the report. */
export function proposedContact(app: FastifyInstance, raw: unknown, organisationId: number): Record<string, unknown> {
  const person = reportToApply(app, raw, organisationId)?.proposed.newContact;
  if (!person || typeof person !== 'object') return {};
  const { isPrimary: _isPrimary, version: _version, ...fields } = person as Record<string, unknown>;
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, value ?? '']));
}

/** After a successful save from « Appliquer »: the report is closed, saying which fields changed. */
export function closeAppliedReport(
  app: FastifyInstance,
  request: FastifyRequest,
  raw: unknown,
  before: Organisation,
  after: Organisation,
): void {
  const report = reportToApply(app, raw, before.id);
  if (!report) return;
  const changed = EDITABLE_FIELDS.filter((field) => before[field] !== after[field]).map(
    (field) => ORGANISATION_FIELDS[field].label,
  );
  const note = changed.length ? `Fiche modifiée\u00a0: ${changed.join(', ')}.` : 'Fiche enregistrée sans changement.';
  if (closeReport(app.db, report.id, request.user!.id, 'applied', note)) notifyReporter(app, report, 'applied');
}
