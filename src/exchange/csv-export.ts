import type { Theme } from '../db/schema.js';
import {
  contactHeader,
  DEFAULT_CONTACT_GROUPS,
  IDENTIFIER_COLUMN,
  layoutHeader,
  ORGANISATION_COLUMNS,
  STATUS_COLUMN,
  THEMES_COLUMN,
  VERIFIED_COLUMN,
} from './columns.js';
import { joinList } from './cells.js';
import { writeSpreadsheetCsv } from './csv-write.js';
import type { DirectoryEntry } from '../queries/exchange.js';
import { formatThemesCell } from './themes-cell.js';

const AUDIENCE_WORDS: Record<string, string> = {
  jeunes: 'jeunes',
  adultes: 'adultes',
  familles: 'familles',
  aines: 'aînés',
};
const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));

/** One directory entry as a row of the import layout, with `groups` personne-ressource groups. */
export function layoutRow(entry: DirectoryEntry, themes: Map<number, Theme>, groups: number): Record<string, string> {
  const { organisation } = entry;
  const row: Record<string, string> = { [IDENTIFIER_COLUMN.header]: organisation.slug };
  for (const column of ORGANISATION_COLUMNS)
    row[column.header] = column.flag ? (organisation[column.field] ? 'oui' : 'non') : text(organisation[column.field]);
  row.groupes = joinList(
    organisation.audiences
      .split(',')
      .filter(Boolean)
      .map((code) => AUDIENCE_WORDS[code] ?? code),
  );
  const linked = entry.links.filter((l) => themes.has(l.themeId));
  row[THEMES_COLUMN.header] = formatThemesCell(
    linked.map((l) => ({ slug: themes.get(l.themeId)!.slug, note: l.note })),
  );
  entry.contacts.slice(0, groups).forEach((contact, index) => {
    const group = index + 1;
    row[contactHeader(group, 'nom')] = contact.name;
    row[contactHeader(group, 'fonction')] = contact.role;
    row[contactHeader(group, 'telephone')] = text(contact.phone);
    row[contactHeader(group, 'poste')] = text(contact.phoneExtension);
    row[contactHeader(group, 'courriel')] = text(contact.email);
    row[contactHeader(group, 'themes')] = joinList(
      linked.filter((l) => l.contactId === contact.id).map((l) => themes.get(l.themeId)!.slug),
    );
  });
  row[STATUS_COLUMN.header] = organisation.status === 'active' ? 'actif' : 'archivé';
  row[VERIFIED_COLUMN.header] = organisation.verifiedAt ? organisation.verifiedAt.slice(0, 10) : '';
  return row;
}

export function contactGroupsFor(entries: readonly DirectoryEntry[]): number {
  return Math.max(DEFAULT_CONTACT_GROUPS, ...entries.map((e) => e.contacts.length));
}

/** The directory as the CSV an import reads back unchanged (same layout as the template). */
export function exportDirectoryCsv(entries: readonly DirectoryEntry[], themes: readonly Theme[]): string {
  const groups = contactGroupsFor(entries);
  const header = layoutHeader(groups);
  const byId = new Map(themes.map((t) => [t.id, t]));
  return writeSpreadsheetCsv(
    header,
    entries.map((entry) => {
      const row = layoutRow(entry, byId, groups);
      return header.map((column) => row[column] ?? '');
    }),
  );
}

/** The empty template: the header row only, so nothing fictional gets imported by mistake. */
export function templateCsv(): string {
  return writeSpreadsheetCsv(layoutHeader(), []);
}
