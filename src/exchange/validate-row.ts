import type { Organisation } from '../db/schema.js';
import type { ContactKey } from '../fields/contact.js';
import { contactForm } from '../forms/contact.js';
import { parseForm } from '../forms/form.js';
import { organisationForm } from '../forms/organisation.js';
import type { ContactFields } from '../queries/contact-edits.js';
import { EDITABLE_FIELDS, type OrganisationFields } from '../queries/organisation-edits.js';
import { AUDIENCE_WORDS, CONTACT_COLUMNS, contactHeader, ORGANISATION_COLUMNS } from './columns.js';
import { nameKey, splitList } from './cells.js';
import type { HeaderShape } from './header-check.js';
import type { Problem, SourceRow } from './table.js';
import { parseThemesCell, type ThemeLookup } from './themes-cell.js';
import { parseVerificationDay, unreadableDayMessage } from './verification.js';

export interface ImportedContact {
  /** Name compared without accents or case: how a person is recognised on re-import. */
  key: string;
  fields: ContactFields;
  /** The HSDS contact id the file gives (decision 074): matched before the name, so a renamed person updates. */
  externalId?: string | null;
}

export interface ImportedThemeLink {
  themeId: number;
  note: string | null;
  /** Key of the designated person among the row's contacts. */
  contactKey: string | null;
}

/** One validated row: the entry as it should be after the import. */
export interface ImportEntry {
  where: string;
  identifier: string | null;
  externalId: string | null;
  /** HSDS service and location ids of the source, kept with the entry (decision 074). */
  sourceIds?: { service: string | null; location: string | null };
  fields: OrganisationFields;
  status: Organisation['status'] | null;
  themes: ImportedThemeLink[];
  contacts: ImportedContact[];
  /** The day the file says the entry was verified (AAAA-MM-JJ), or null; the plan decides what it is worth. */
  verifiedDay: string | null;
}

type Designation = { group: number; refs: string[] };

const FIELD_COLUMN = new Map(ORGANISATION_COLUMNS.map((c) => [c.field as string, c.header]));
const STATUS_WORDS: Record<string, Organisation['status']> = {
  actif: 'active',
  active: 'active',
  archive: 'archived',
  archived: 'archived',
};

function audiencesValue(cell: string): string[] | { unknown: string } {
  const codes: string[] = [];
  for (const word of splitList(cell.replace(/,/g, ';'))) {
    const code = AUDIENCE_WORDS[nameKey(word)];
    if (!code) return { unknown: word };
    codes.push(code);
  }
  return codes;
}

function validateOrganisation(row: SourceRow, problems: Problem[]): OrganisationFields | null {
  const body: Record<string, unknown> = {};
  for (const column of ORGANISATION_COLUMNS) body[column.field] = row.cells[column.header] ?? '';
  const audiences = audiencesValue(row.cells.groupes ?? '');
  if (!Array.isArray(audiences)) {
    problems.push({
      where: row.where,
      column: 'groupes',
      message: `Groupe inconnu «\u00a0${audiences.unknown}\u00a0»\u00a0: utilisez jeunes, adultes, familles ou aînés.`,
    });
    return null;
  }
  body.audiences = audiences;
  const form = parseForm(organisationForm, body);
  if (!form.ok) {
    for (const [field, message] of Object.entries(form.errors)) {
      problems.push({ where: row.where, column: FIELD_COLUMN.get(field) ?? null, message });
    }
    return null;
  }
  return Object.fromEntries(EDITABLE_FIELDS.map((field) => [field, form.data[field]])) as OrganisationFields;
}

function validateContacts(
  row: SourceRow,
  shape: HeaderShape,
  problems: Problem[],
): { contacts: ImportedContact[]; designations: Map<string, Designation> } {
  const contacts: ImportedContact[] = [];
  const designations = new Map<string, Designation>();
  for (const group of shape.contactGroups) {
    const cell = (suffix: string) => row.cells[contactHeader(group, suffix)] ?? '';
    if (CONTACT_COLUMNS.every((c) => cell(c.suffix) === '')) continue;
    const values = Object.fromEntries(CONTACT_COLUMNS.flatMap((c) => (c.field ? [[c.field, cell(c.suffix)]] : [])));
    const form = parseForm(contactForm, { ...values, isPrimary: contacts.length === 0 ? 'on' : undefined });
    if (!form.ok) {
      const suffixes = new Map(CONTACT_COLUMNS.map((c) => [c.field, c.suffix]));
      for (const [field, message] of Object.entries(form.errors)) {
        problems.push({
          where: row.where,
          column: contactHeader(group, suffixes.get(field as ContactKey) ?? 'nom'),
          message,
        });
      }
      continue;
    }
    const key = nameKey(form.data.name);
    if (contacts.some((c) => c.key === key)) {
      problems.push({
        where: row.where,
        column: contactHeader(group, 'nom'),
        message: `«\u00a0${form.data.name}\u00a0» figure deux fois parmi les personnes de cet organisme.`,
      });
      continue;
    }
    const { version: _version, ...fields } = form.data;
    contacts.push({ key, fields, externalId: row.sourceIds?.contacts[group] ?? null });
    designations.set(key, { group, refs: splitList(cell('themes')) });
  }
  return { contacts, designations };
}

function validateThemes(
  row: SourceRow,
  lookup: ThemeLookup,
  designations: Map<string, Designation>,
  problems: Problem[],
): ImportedThemeLink[] {
  const links: ImportedThemeLink[] = [];
  for (const { ref, note } of parseThemesCell(row.cells.themes ?? '')) {
    const theme = lookup.find(ref);
    if (!theme) {
      problems.push({
        where: row.where,
        column: 'themes',
        message: `Thème inconnu «\u00a0${ref}\u00a0»\u00a0: utilisez l’identifiant ou le nom d’un thème existant (créez-le d’abord dans l’administration).`,
      });
    } else if (links.some((l) => l.themeId === theme.id)) {
      problems.push({
        where: row.where,
        column: 'themes',
        message: `Le thème «\u00a0${theme.name}\u00a0» est indiqué deux fois.`,
      });
    } else if (note !== null && note.length > 80) {
      problems.push({
        where: row.where,
        column: 'themes',
        message: `La précision du thème «\u00a0${theme.name}\u00a0» dépasse 80 caractères.`,
      });
    } else {
      links.push({ themeId: theme.id, note, contactKey: null });
    }
  }
  for (const [contactKey, { group, refs }] of designations) {
    const column = contactHeader(group, 'themes');
    for (const ref of refs) {
      const theme = lookup.find(ref);
      const link = theme ? links.find((l) => l.themeId === theme.id) : undefined;
      if (!theme) problems.push({ where: row.where, column, message: `Thème inconnu «\u00a0${ref}\u00a0».` });
      else if (!link)
        problems.push({
          where: row.where,
          column,
          message: `Le thème «\u00a0${theme.name}\u00a0» doit aussi figurer dans la colonne themes.`,
        });
      else if (link.contactKey !== null)
        problems.push({
          where: row.where,
          column,
          message: `Une seule personne peut être la référence du thème «\u00a0${theme.name}\u00a0».`,
        });
      else link.contactKey = contactKey;
    }
  }
  return links;
}

/** Validates one row with the admin forms' own rules; returns the entry, or null with its problems. */
export function validateRow(
  row: SourceRow,
  shape: HeaderShape,
  lookup: ThemeLookup,
): { entry: ImportEntry | null; problems: Problem[] } {
  const problems: Problem[] = [];
  const fields = validateOrganisation(row, problems);
  const { contacts, designations } = validateContacts(row, shape, problems);
  const themes = validateThemes(row, lookup, designations, problems);
  const statusCell = nameKey(row.cells.statut ?? '');
  const status = statusCell === '' ? null : (STATUS_WORDS[statusCell] ?? undefined);
  if (status === undefined)
    problems.push({
      where: row.where,
      column: 'statut',
      message: 'Statut inconnu\u00a0: écrivez «\u00a0actif\u00a0» ou «\u00a0archivé\u00a0», ou laissez vide.',
    });
  const verifiedDay = parseVerificationDay(row.cells.verifie_le ?? '');
  if (verifiedDay === null)
    problems.push({
      where: row.where,
      column: 'verifie_le',
      message: unreadableDayMessage(row.cells.verifie_le ?? ''),
    });
  if (!fields || problems.length) return { entry: null, problems };
  return {
    entry: {
      where: row.where,
      identifier: row.cells.identifiant || null,
      externalId: row.externalId ?? null,
      ...(row.sourceIds ? { sourceIds: { service: row.sourceIds.service, location: row.sourceIds.location } } : {}),
      fields,
      status: status ?? null,
      themes,
      contacts,
      verifiedDay: verifiedDay || null,
    },
    problems,
  };
}
