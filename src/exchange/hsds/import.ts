import type { Theme } from '../../db/schema.js';
import { ORGANISATION_FIELDS, type EditableKey } from '../../fields/organisation.js';
import { CONTACT_FIELDS } from '../../fields/contact.js';
import { htmlToText } from '../../lib/html-text.js';
import { phoneDigits } from '../../lib/phone.js';
import { joinList, nameKey } from '../cells.js';
import { contactHeader, layoutHeader, ORGANISATION_COLUMNS } from '../columns.js';
import { readCsv } from '../csv-read.js';
import type { ImportLimits } from '../limits.js';
import { formatThemesCell } from '../themes-cell.js';
import {
  emptyTable,
  fileProblem,
  type FieldOutcome,
  type Problem,
  type SourceRow,
  type SourceTable,
} from '../table.js';
import { parseVerificationDay } from '../verification.js';
import { readZip } from '../zip.js';
import { UNKNOWN_LANGUAGE_NOTE } from '../../lib/open-data/languages.js';
import {
  AUDIENCES,
  EMERGENCY_TERM,
  MAIN_PHONE,
  partialAddressFromHsds,
  summaryFromHsds,
  TOLL_FREE_PHONE,
} from './export-entries.js';
import { asHsds3, isHsds1 } from './hsds1.js';
import { locatePackage } from './package-files.js';
import { rowWhere, sourceField, Tally, type PackageRow } from './tally.js';

type Tables = Map<string, PackageRow[]>;

/** Rows a package may hold in a table other than organizations.csv, per organisation (phones, contacts, attributes…). */
const ROWS_PER_ORGANISATION = 20;
const TOLL_FREE = /^(1\s*)?\(?8(00|33|44|55|66|77|88)/;
const LONG_FIELD = ORGANISATION_FIELDS.description.label;
const NBSP = '\u00a0';
const quoted = (text: string) => `«${NBSP}${text}${NBSP}»`;
const HEADER_OF = new Map(ORGANISATION_COLUMNS.map((c) => [c.field as string, c.header]));
const DAYS: Record<string, string> = {
  MO: 'lundi',
  TU: 'mardi',
  WE: 'mercredi',
  TH: 'jeudi',
  FR: 'vendredi',
  SA: 'samedi',
  SU: 'dimanche',
  MONDAY: 'lundi',
  TUESDAY: 'mardi',
  WEDNESDAY: 'mercredi',
  THURSDAY: 'jeudi',
  FRIDAY: 'vendredi',
  SATURDAY: 'samedi',
  SUNDAY: 'dimanche',
  '1': 'lundi',
  '2': 'mardi',
  '3': 'mercredi',
  '4': 'jeudi',
  '5': 'vendredi',
  '6': 'samedi',
  '7': 'dimanche',
};
const AUDIENCE_BY_KEY = new Map(
  Object.entries(AUDIENCES).flatMap(([code, label]) => [
    [nameKey(code), code],
    [nameKey(label), code],
  ]),
);

/** Groups rows by the value of one column. */
function groupBy(rows: readonly PackageRow[], column: string): Map<string, PackageRow[]> {
  const groups = new Map<string, PackageRow[]>();
  for (const row of rows) {
    const key = row.cells[column] ?? '';
    if (!key) continue;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

const unique = <T>(items: readonly T[]) => [...new Set(items)];

/** Ten digits, and no other country code: « +44 1234 1000 » has ten digits but is not a North American number. */
const northAmerican = (number: string) => !/^\s*(\+|00)\s*[02-9]/.test(number) && phoneDigits(number) !== null;

/** "10:00:00" → "10 h", "13:30" → "13 h 30". */
function frenchTime(value: string): string {
  const match = /^(\d{1,2}):(\d{2})/.exec(value);
  if (!match) return value;
  const minutes = match[2] === '00' ? '' : ` ${match[2]}`;
  return `${Number(match[1])}${NBSP}h${minutes}`;
}

/** A schedule row without a description, told from its days and hours: "jeudi, vendredi, 10 h à 18 h". */
function scheduleText(row: PackageRow): string {
  const days = (row.cells.byday ?? '')
    .split(/[,;\s]+/)
    .map((d) => DAYS[d.replace(/^[+-]?\d+(?=[A-Z]{2}$)/, '').toUpperCase()] ?? '')
    .filter(Boolean);
  const { opens_at: opens = '', closes_at: closes = '' } = row.cells;
  const hours = opens && closes ? `${frenchTime(opens)} à ${frenchTime(closes)}` : opens || closes;
  return [days.join(', '), hours].filter(Boolean).join(', ');
}

/** One line a summary can show: the first sentence, else the text cut at a word, with an ellipsis. */
function shorten(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const sentence = /^(.+?[.!?])(\s|$)/.exec(oneLine)?.[1];
  if (sentence && sentence.length <= max) return sentence;
  const cut = oneLine.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')}…`;
}

/**
 * Finds the thème of a classification term: its code or name against thème identifiers and names, or its name
 * against a thème's keywords (a code such as « DI » is too short to be trusted against keywords).
 */
class ThemeMatcher {
  private readonly byName = new Map<string, Theme>();
  private readonly byKeyword = new Map<string, Theme>();
  private readonly chosen = new Map<string, Theme>();
  constructor(themes: readonly Theme[], termThemes: Readonly<Record<string, string>> = {}) {
    const bySlug = new Map(themes.map((t) => [t.slug, t]));
    for (const [termId, slug] of Object.entries(termThemes)) {
      const theme = bySlug.get(slug);
      if (theme) this.chosen.set(termId, theme);
    }
    for (const theme of themes) {
      this.byName.set(nameKey(theme.name), theme);
      this.byName.set(nameKey(theme.slug), theme);
      for (const keyword of theme.keywords.split('\n')) if (keyword.trim()) this.byKeyword.set(nameKey(keyword), theme);
    }
  }
  find(term: PackageRow): Theme | null {
    const { id = '', code = '', name = '' } = term.cells;
    const chosen = this.chosen.get(id);
    if (chosen) return chosen;
    for (const value of [code, name]) {
      const found = value ? this.byName.get(nameKey(value)) : undefined;
      if (found) return found;
    }
    return (name && this.byKeyword.get(nameKey(name))) || null;
  }
}

/** The organisation being assembled: layout cells, where each came from, and paragraphs for the long field. */
class Entry {
  readonly cells: Record<string, string> = {};
  readonly origins: Record<string, { where: string; column: string }> = {};
  readonly paragraphs: { text: string; row: PackageRow; field: string }[] = [];

  constructor(private readonly tally: Tally) {}

  private origin(header: string, row: PackageRow, field: string) {
    this.origins[header] ??= { where: rowWhere(row), column: sourceField(row, field) };
  }

  /** Puts a value in a contact or status column as it is (the form checks it, the problem cites its HSDS field). */
  raw(
    header: string,
    value: string,
    row: PackageRow,
    field: string,
    detail: string,
    outcome: FieldOutcome = 'imported',
  ) {
    this.cells[header] = value;
    this.origin(header, row, field);
    this.tally.note(row, field, outcome, detail);
  }

  /** A paragraph of « Services offerts »: where values without a column of their own, or too long for it, go. */
  paragraph(label: string | null, text: string, row: PackageRow, field: string, detail?: string, own = false) {
    const clean = htmlToText(text).trim();
    if (!clean) return;
    this.paragraphs.push({ text: label ? `${label}${NBSP}: ${clean}` : clean, row, field });
    // The long field's own value is imported as it is, unless its markup was converted.
    const converted = clean !== text.trim();
    const outcome = own && !converted ? 'imported' : 'transformed';
    this.tally.note(
      row,
      field,
      outcome,
      converted && own ? `${detail} (HTML converti en texte)` : (detail ?? `ajouté à ${quoted(LONG_FIELD)}`),
    );
  }

  /**
   * Fills an organisation field with the registry's own check: a value it refuses is not a reason to refuse the
   * file; a text too long, or a phone number outside North America, is kept whole in « Services offerts ».
   */
  field(
    key: EditableKey,
    value: string,
    row: PackageRow,
    field: string,
    label: string = ORGANISATION_FIELDS[key].label,
  ) {
    const spec = ORGANISATION_FIELDS[key];
    const header = HEADER_OF.get(key)!;
    const text = htmlToText(value).trim();
    if (!text) return;
    const converted = text !== value.trim();
    if (this.cells[header]) {
      this.paragraph(label, text, row, field);
      return;
    }
    const parsed = spec.form.safeParse(text);
    const foreignPhone = spec.input === 'tel' && !northAmerican(text);
    if (parsed.success && !foreignPhone) {
      this.cells[header] = text;
      this.origin(header, row, field);
      this.tally.note(
        row,
        field,
        converted ? 'transformed' : 'imported',
        converted ? `${spec.label} (HTML converti en texte)` : spec.label,
      );
      return;
    }
    if ('max' in spec && text.length > spec.max) {
      this.paragraph(
        label,
        text,
        row,
        field,
        `trop long pour ${quoted(spec.label)} (${spec.max} caractères)\u00a0: gardé en entier dans ${quoted(LONG_FIELD)}`,
      );
      return;
    }
    if (foreignPhone) {
      this.paragraph(
        label,
        text,
        row,
        field,
        `numéro hors Amérique du Nord\u00a0: gardé tel quel dans ${quoted(LONG_FIELD)}`,
      );
      this.tally.flag(
        row,
        field,
        `Numéro ${quoted(text)} hors Amérique du Nord\u00a0: gardé tel quel dans ${quoted(LONG_FIELD)}, à vérifier.`,
      );
      return;
    }
    const message = parsed.error?.issues[0]?.message ?? 'valeur refusée';
    this.tally.note(row, field, 'dropped', `${spec.label}\u00a0: ${message}`);
    this.tally.flag(row, field, `${quoted(text)} laissé de côté\u00a0: ${message}`);
  }
}

interface Links {
  tables: Tables;
  get(file: string): PackageRow[];
  by(file: string, column: string): Map<string, PackageRow[]>;
}

function links(tables: Tables): Links {
  const cache = new Map<string, Map<string, PackageRow[]>>();
  return {
    tables,
    get: (file) => tables.get(file) ?? [],
    by(file, column) {
      const key = `${file}:${column}`;
      if (!cache.has(key)) cache.set(key, groupBy(tables.get(file) ?? [], column));
      return cache.get(key)!;
    },
  };
}

/** Rows of `file` linked to any of the ids through any of the columns, each once. */
function linked(l: Links, file: string, columns: Record<string, readonly string[]>): PackageRow[] {
  const rows: PackageRow[] = [];
  for (const [column, ids] of Object.entries(columns))
    for (const id of ids) for (const row of l.by(file, column).get(id) ?? []) if (!rows.includes(row)) rows.push(row);
  return rows;
}

function addressLine(row: PackageRow): string {
  const c = row.cells;
  return [c.address_1, c.address_2, c.address_3, c.address_4].filter(Boolean).join(', ');
}

interface Context {
  l: Links;
  tally: Tally;
  themes: ThemeMatcher;
  terms: Map<string, PackageRow>;
  taxonomies: Map<string, PackageRow>;
  unmapped: Map<string, { id: string; term: string; taxonomy: string; count: number }>;
  locationById: Map<string, PackageRow>;
}

function buildAddress(entry: Entry, ctx: Context, location: PackageRow | undefined) {
  if (!location) return;
  const { l, tally } = ctx;
  tally.touch(location);
  const addresses = l.by('addresses.csv', 'location_id').get(location.cells.id ?? '') ?? [];
  const isPostal = (a: PackageRow) => a.file === 'postal_addresses.csv' || a.cells.address_type === 'postal';
  const main = addresses.find((a) => !isPostal(a)) ?? addresses[0];
  for (const address of addresses) {
    tally.touch(address);
    if (address === main) continue;
    entry.paragraph(
      isPostal(address) ? 'Adresse postale' : 'Autre adresse',
      formatAddress(address),
      address,
      'address_1',
    );
    for (const field of [
      'address_2',
      'address_3',
      'address_4',
      'city',
      'region',
      'state_province',
      'postal_code',
      'country',
    ])
      tally.note(address, field, 'transformed', `avec address_1 dans ${quoted(LONG_FIELD)}`);
  }
  if (location.cells.name && nameKey(location.cells.name) !== nameKey(entry.cells.nom ?? ''))
    entry.paragraph('Lieu', location.cells.name, location, 'name');
  else tally.note(location, 'name', 'imported', 'même nom que l’organisme');
  tally.note(location, 'location_type', 'imported', 'lieu de l’organisme');
  // Our own export writes an address it cannot publish as fields into the description (decision 076): read back.
  const partial = main ? null : partialAddressFromHsds(location.cells.description ?? '');
  if (partial) {
    tally.note(
      location,
      'description',
      'transformed',
      `adresse incomplète\u00a0: remise dans ${quoted('Adresse')}, ${quoted('Ville')} et ${quoted('Code postal')}`,
    );
    entry.field('address', partial.address ?? '', location, 'description');
    entry.field('city', partial.city ?? '', location, 'description');
    entry.field('postalCode', partial.postalCode ?? '', location, 'description');
  } else entry.paragraph('Lieu', location.cells.description ?? '', location, 'description');
  entry.paragraph('Transport', location.cells.transportation ?? '', location, 'transportation');
  if (main) {
    const c = main.cells;
    const foreign =
      (c.country && !/^(ca|can|canada)$/i.test(c.country)) ||
      !ORGANISATION_FIELDS.postalCode.form.safeParse(c.postal_code ?? '').success;
    let line = addressLine(main);
    const extra = foreign ? [c.region, c.state_province, c.postal_code, c.country].filter(Boolean).join(' ') : '';
    if (extra) line = [line, extra].filter(Boolean).join(', ');
    entry.field('address', line, main, 'address_1');
    for (const field of ['address_2', 'address_3', 'address_4'])
      tally.note(main, field, 'transformed', `avec address_1 dans ${quoted('Adresse')}`);
    entry.field('city', c.city ?? '', main, 'city');
    if (foreign) {
      for (const field of ['region', 'state_province', 'postal_code', 'country'])
        tally.note(main, field, 'transformed', `hors Québec\u00a0: écrit à la suite de l’adresse`);
      if (extra)
        tally.flag(
          main,
          'postal_code',
          `Adresse hors du Canada ou code postal non canadien ${quoted(extra)}\u00a0: écrit à la suite de l’adresse, à vérifier.`,
        );
    } else {
      entry.field('postalCode', c.postal_code ?? '', main, 'postal_code');
      tally.note(main, 'state_province', 'imported', 'province (le répertoire est au Québec)');
      tally.note(main, 'country', 'imported', 'pays (le répertoire est au Canada)');
      tally.note(main, 'region', 'transformed', `ajouté à ${quoted(LONG_FIELD)}`);
      if (c.region) entry.paragraph('Région', c.region, main, 'region');
    }
    tally.note(main, 'attention', 'dropped', 'nom d’une personne\u00a0: non repris');
    tally.note(main, 'address_type', 'imported', 'sert à choisir l’adresse principale');
  }
  for (const access of l.by('accessibility.csv', 'location_id').get(location.cells.id ?? '') ?? []) {
    tally.touch(access);
    const text = [access.cells.description, access.cells.details].filter(Boolean).join(' ');
    if (access.cells.details && text.length <= ORGANISATION_FIELDS.accessibility.max && !entry.cells.accessibilite) {
      entry.field('accessibility', text, access, 'description');
      tally.note(
        access,
        'details',
        'transformed',
        `écrit à la suite de la description dans ${quoted('Accessibilité')}`,
      );
    } else {
      entry.field('accessibility', access.cells.description ?? '', access, 'description');
      entry.paragraph('Accessibilité', access.cells.details ?? '', access, 'details');
    }
  }
}

function formatAddress(row: PackageRow): string {
  const c = row.cells;
  return [addressLine(row), c.city, [c.state_province, c.postal_code].filter(Boolean).join(' '), c.country]
    .filter(Boolean)
    .join(', ');
}

/** The number as entered; the quotes a spreadsheet sometimes leaves around it (`"+44 1234 234567"`) removed. */
const numberOf = (row: PackageRow) => (row.cells.number ?? '').replace(/^["']+|["']+$/g, '').trim();

function phoneText(row: PackageRow): string {
  const ext = row.cells.extension ? `, poste ${row.cells.extension}` : '';
  return `${numberOf(row)}${ext}`;
}

function buildPhones(entry: Entry, ctx: Context, phones: PackageRow[]) {
  const { tally } = ctx;
  const isVoice = (p: PackageRow) => !p.cells.type || /^(voice|cell|mobile|text)$/i.test(p.cells.type);
  const nanp = (p: PackageRow) => northAmerican(p.cells.number ?? '');
  const tollFree =
    phones.find((p) => p.cells.description === TOLL_FREE_PHONE) ??
    phones.find((p) => isVoice(p) && nanp(p) && TOLL_FREE.test(p.cells.number ?? ''));
  const main =
    phones.find((p) => p.cells.description === MAIN_PHONE) ??
    phones.find((p) => p !== tollFree && isVoice(p) && nanp(p));
  for (const phone of phones) {
    tally.touch(phone);
    const ours = phone.cells.description === MAIN_PHONE || phone.cells.description === TOLL_FREE_PHONE;
    if (phone === main) {
      entry.field('phone', phone.cells.number ?? '', phone, 'number');
      entry.field('phoneExtension', phone.cells.extension ?? '', phone, 'extension');
    } else if (phone === tollFree) {
      entry.field('tollFreePhone', phone.cells.number ?? '', phone, 'number');
      entry.paragraph('Poste du numéro sans frais', phone.cells.extension ?? '', phone, 'extension');
    } else {
      const label = isVoice(phone)
        ? 'Téléphone'
        : phone.cells.type === 'fax'
          ? 'Télécopieur'
          : `Téléphone (${phone.cells.type})`;
      const said = ours ? '' : htmlToText(phone.cells.description ?? '').trim();
      entry.paragraph(
        label,
        [phoneText(phone), said].filter(Boolean).join(' — '),
        phone,
        'number',
        nanp(phone) ? undefined : `numéro hors Amérique du Nord\u00a0: gardé tel quel dans ${quoted(LONG_FIELD)}`,
      );
      tally.note(phone, 'extension', 'transformed', `avec le numéro dans ${quoted(LONG_FIELD)}`);
      tally.note(phone, 'description', 'transformed', `avec le numéro dans ${quoted(LONG_FIELD)}`);
      if (!nanp(phone))
        tally.flag(
          phone,
          'number',
          `Numéro ${quoted(numberOf(phone))} hors Amérique du Nord\u00a0: gardé tel quel dans ${quoted(LONG_FIELD)}, à vérifier.`,
        );
    }
    if (ours) tally.note(phone, 'description', 'imported', 'indique le numéro principal ou sans frais');
    else if (phone === main || phone === tollFree)
      entry.paragraph(`Téléphone ${numberOf(phone)}`, phone.cells.description ?? '', phone, 'description');
    tally.note(phone, 'type', 'imported', 'sert à choisir le numéro principal');
  }
}

interface Person {
  row: PackageRow;
  cells: Record<string, string>;
  themes: string[];
}

function buildContact(ctx: Context, contact: PackageRow, phones: PackageRow[], orgPhones: Set<PackageRow>): Person {
  const { tally } = ctx;
  const c = contact.cells;
  const cells: Record<string, string> = {};
  const max = CONTACT_FIELDS.name.max;
  const name = htmlToText(c.name || c.title || c.department || '').trim();
  cells.nom = name.length > max ? shorten(name, max) : name;
  const nameField = c.name ? 'name' : c.title ? 'title' : 'department';
  if (name.length > max) {
    tally.note(contact, nameField, 'transformed', `raccourci à ${max} caractères`);
    tally.flag(contact, nameField, `Nom de plus de ${max} caractères raccourci\u00a0: ${quoted(cells.nom)}.`);
  } else tally.note(contact, nameField, 'imported', 'Nom de la personne');
  const role = (c.name ? [c.title, c.department] : [c.department]).filter((v) => v && v !== name).join(', ');
  const roleMax = CONTACT_FIELDS.role.max;
  cells.fonction = role.length > roleMax ? shorten(role, roleMax) : role;
  for (const field of ['title', 'department'])
    if (field !== nameField)
      tally.note(
        contact,
        field,
        role.length > roleMax ? 'transformed' : 'imported',
        role.length > roleMax ? `Fonction, raccourcie à ${roleMax} caractères` : 'Fonction',
      );
  if (role.length > roleMax)
    tally.flag(
      contact,
      'title',
      `Fonction de plus de ${roleMax} caractères raccourcie\u00a0: ${quoted(cells.fonction)}.`,
    );
  if (c.email) {
    if (CONTACT_FIELDS.email.form.safeParse(c.email).success) {
      cells.courriel = c.email;
      tally.note(contact, 'email', 'imported', 'Courriel');
    } else {
      tally.note(contact, 'email', 'dropped', 'courriel invalide');
      tally.flag(contact, 'email', `Courriel ${quoted(c.email)} invalide\u00a0: laissé de côté.`);
    }
  }
  const phone = phones.find((p) => northAmerican(p.cells.number ?? ''));
  if (phone) {
    cells.telephone = phone.cells.number ?? '';
    tally.note(phone, 'number', 'imported', 'Ligne directe de la personne');
    tally.note(phone, 'type', 'imported', 'Ligne directe de la personne');
    if (CONTACT_FIELDS.phoneExtension.form.safeParse(phone.cells.extension ?? '').success) {
      cells.poste = phone.cells.extension ?? '';
      tally.note(phone, 'extension', 'imported', 'Poste de la personne');
    } else {
      tally.note(phone, 'extension', 'dropped', 'poste illisible (chiffres seulement, 6 au plus)');
      tally.flag(phone, 'extension', `Poste ${quoted(phone.cells.extension ?? '')} illisible\u00a0: laissé de côté.`);
    }
  }
  for (const other of phones) {
    tally.touch(other);
    if (other === phone || orgPhones.has(other)) continue;
    const kept: string = `${cells.fonction ? `${cells.fonction} ` : ''}(tél. ${phoneText(other)})`;
    if (kept.length <= roleMax) {
      cells.fonction = kept;
      tally.note(
        other,
        'number',
        'transformed',
        'hors Amérique du Nord ou second numéro\u00a0: gardé tel quel dans la fonction de la personne',
      );
      tally.flag(
        other,
        'number',
        `Numéro ${quoted(numberOf(other))} de ${quoted(cells.nom)} gardé tel quel dans sa fonction, à vérifier.`,
      );
    } else {
      tally.note(other, 'number', 'dropped', 'second numéro de la personne, sans place');
      tally.flag(
        other,
        'number',
        `Numéro ${quoted(numberOf(other))} de ${quoted(cells.nom)} laissé de côté (aucune place).`,
      );
    }
  }
  return { row: contact, cells, themes: [] };
}

/** One organisation of the package → one row of the import layout. */
function buildEntry(ctx: Context, org: PackageRow): { row: SourceRow; people: number } {
  const { l, tally } = ctx;
  const entry = new Entry(tally);
  const o = org.cells;
  const orgId = o.id ?? '';
  const name = htmlToText(o.name ?? '').trim();
  const nameMax = ORGANISATION_FIELDS.name.max;
  if (name.length > nameMax) {
    // A name must fit its field: shortened there, whole at the top of the long field, and flagged.
    entry.raw(
      'nom',
      shorten(name, nameMax),
      org,
      'name',
      `Nom raccourci; nom entier dans ${quoted(LONG_FIELD)}`,
      'transformed',
    );
    entry.paragraphs.push({ text: `Nom complet\u00a0: ${name}`, row: org, field: 'name' });
    tally.flag(org, 'name', `Nom de plus de ${nameMax} caractères raccourci\u00a0: ${quoted(entry.cells.nom!)}.`);
  } else entry.raw('nom', name, org, 'name', ORGANISATION_FIELDS.name.label);
  entry.field('acronym', o.alternate_name ?? '', org, 'alternate_name', 'Aussi appelé');
  const services = l.by('services.csv', 'organization_id').get(orgId) ?? [];
  const service = services[0];
  const s = service?.cells ?? {};
  const serviceId = s.id ?? '';

  // HSDS requires organization.description: when it only repeats the service's description or says that none is
  // written (our export's fallback, decision 076), it is no summary.
  const ownSummary = summaryFromHsds(o, s.description ?? '');
  if (!ownSummary && o.description?.trim())
    tally.note(
      org,
      'description',
      'imported',
      s.description?.trim() === o.description.trim()
        ? `même texte que la description du service, dans ${quoted(LONG_FIELD)}`
        : 'phrase d’attente (aucune description rédigée)\u00a0: pas de résumé',
    );
  // The summary is one line: a longer description keeps its first sentence there and goes whole to the long field.
  const summary = htmlToText(ownSummary).trim();
  const summaryMax = ORGANISATION_FIELDS.summary.max;
  if (summary.length > summaryMax || summary.includes('\n')) {
    entry.cells.resume = shorten(summary, summaryMax);
    entry.origins.resume = { where: rowWhere(org), column: 'description' };
    entry.paragraphs.push({ text: summary, row: org, field: 'description' });
    tally.note(
      org,
      'description',
      'transformed',
      `${quoted('Résumé')}\u00a0: première phrase; texte entier en tête de ${quoted(LONG_FIELD)}`,
    );
  } else if (summary) entry.field('summary', ownSummary, org, 'description');
  entry.field('email', o.email ?? '', org, 'email');
  entry.field('website', o.website ?? '', org, 'website');

  if (service) {
    tally.touch(service);
    if (s.name && nameKey(s.name) !== nameKey(o.name ?? ''))
      entry.paragraph(null, s.name, service, 'name', `en tête de ${quoted(LONG_FIELD)}`);
    else tally.note(service, 'name', 'imported', 'même nom que l’organisme');
    if (s.alternate_name && nameKey(s.alternate_name) !== nameKey(o.alternate_name ?? ''))
      entry.field('acronym', s.alternate_name, service, 'alternate_name', 'Aussi appelé');
    else tally.note(service, 'alternate_name', 'imported', 'Sigle');
    entry.paragraph(null, s.description ?? '', service, 'description', LONG_FIELD, true);
    if (!o.email) entry.field('email', s.email ?? '', service, 'email');
    else if (s.email === o.email) tally.note(service, 'email', 'imported', 'Courriel (le même que l’organisme)');
    else entry.paragraph('Courriel du service', s.email ?? '', service, 'email');
    if (!o.website) entry.field('website', s.url ?? '', service, 'url');
    else if (s.url === o.website) tally.note(service, 'url', 'imported', 'Site Web (le même que l’organisme)');
    else entry.paragraph('Site du service', s.url ?? '', service, 'url');
    if (s.status) {
      const status = s.status === 'active' ? 'actif' : /^(inactive|defunct)$/.test(s.status) ? 'archivé' : '';
      if (status)
        entry.raw(
          'statut',
          status,
          service,
          'status',
          status === 'actif' ? 'Statut actif' : 'Statut archivé (service inactif)',
        );
      else
        tally.note(service, 'status', 'dropped', `statut ${quoted(s.status)} inconnu\u00a0: l’organisme reste actif`);
    }
    entry.field('referral', s.application_process ?? '', service, 'application_process');
    entry.field('cost', s.fees_description ?? '', service, 'fees_description');
    if (s.fees && s.fees !== s.fees_description) entry.field('cost', s.fees, service, 'fees');
    entry.field('clientele', s.eligibility_description ?? '', service, 'eligibility_description');
    for (const [field, key] of [
      ['minimum_age', 'ageMin'],
      ['maximum_age', 'ageMax'],
    ] as const) {
      const value = s[field] ?? '';
      if (!value) continue;
      const age = Number(value);
      if (Number.isFinite(age) && age >= 0 && age <= 120) {
        entry.cells[HEADER_OF.get(key)!] = String(Math.trunc(age));
        entry.origins[HEADER_OF.get(key)!] = { where: rowWhere(service), column: field };
        tally.note(service, field, Number.isInteger(age) ? 'imported' : 'transformed', ORGANISATION_FIELDS[key].label);
      } else {
        tally.note(service, field, 'dropped', 'âge illisible ou hors de 0 à 120');
        tally.flag(service, field, `Âge ${quoted(value)} illisible ou hors de 0 à 120\u00a0: laissé de côté.`);
      }
    }
    if (entry.cells.age_min && entry.cells.age_max && Number(entry.cells.age_min) > Number(entry.cells.age_max)) {
      tally.flag(
        service,
        'maximum_age',
        'Âge maximum plus petit que l’âge minimum\u00a0: les deux âges sont laissés de côté.',
      );
      delete entry.cells.age_min;
      delete entry.cells.age_max;
    }
    if (s.assured_date) {
      const day = parseVerificationDay(s.assured_date);
      if (day)
        entry.raw(
          'verifie_le',
          s.assured_date,
          service,
          'assured_date',
          'date de vérification (si passée et plus récente)',
        );
      else {
        tally.note(service, 'assured_date', 'dropped', 'date illisible');
        tally.flag(
          service,
          'assured_date',
          `Date ${quoted(s.assured_date)} illisible\u00a0: l’organisme reste sans date de vérification du fichier.`,
        );
      }
    }
    entry.paragraph('Interprétation', s.interpretation_services ?? '', service, 'interpretation_services');
    entry.paragraph('Délai d’attente', s.wait_time ?? '', service, 'wait_time');
    entry.paragraph('Accréditations', s.accreditations ?? '', service, 'accreditations');
    entry.paragraph('Permis', s.licenses ?? '', service, 'licenses');
    entry.paragraph('Avis', s.alert ?? '', service, 'alert');
    tally.note(service, 'assurer_email', 'dropped', 'courriel d’une personne\u00a0: non repris');
    tally.note(service, 'last_modified', 'dropped', 'le répertoire date lui-même ses modifications');
    for (const eligibility of l.by('eligibility.csv', 'service_id').get(serviceId) ?? []) {
      tally.touch(eligibility);
      entry.field('clientele', eligibility.cells.eligibility ?? '', eligibility, 'eligibility');
    }
    for (const area of l.by('service_areas.csv', 'service_id').get(serviceId) ?? []) {
      tally.touch(area);
      entry.field('territory', area.cells.name ?? '', area, 'name');
      if (area.cells.description !== area.cells.name)
        entry.paragraph('Territoire desservi', area.cells.description ?? '', area, 'description');
    }
    for (const document of l.by('required_documents.csv', 'service_id').get(serviceId) ?? []) {
      tally.touch(document);
      entry.paragraph('Documents à fournir', document.cells.document ?? '', document, 'document');
    }
    for (const option of l.by('cost_options.csv', 'service_id').get(serviceId) ?? []) {
      tally.touch(option);
      const c = option.cells;
      const amount = [c.amount, c.currency?.toUpperCase()].filter(Boolean).join(' ');
      const text = [c.option, amount, c.amount_description].filter(Boolean).join(', ');
      entry.paragraph('Coût', text, option, 'option');
      for (const field of ['amount', 'currency', 'amount_description'])
        tally.note(option, field, 'transformed', `avec option dans ${quoted(LONG_FIELD)}`);
    }
  }
  for (const other of services.slice(1)) {
    tally.touch(other);
    const { name = '', description = '' } = other.cells;
    if (description) {
      entry.paragraph(`Autre service${name ? ` ${quoted(name)}` : ''}`, description, other, 'description');
      tally.note(other, 'name', 'transformed', `avec la description dans ${quoted(LONG_FIELD)}`);
    } else entry.paragraph('Autre service', name, other, 'name');
    for (const field of Object.keys(other.cells).filter((f) => f !== 'id' && !f.endsWith('_id')))
      tally.note(other, field, 'dropped', 'service supplémentaire\u00a0: seuls son nom et sa description sont repris');
  }

  // Locations: the service's (service_at_location), else the organisation's own.
  const sals = linked(l, 'service_at_location.csv', { service_id: services.map((x) => x.cells.id ?? '') });
  const locationById = ctx.locationById;
  const locations = unique([
    ...sals.map((x) => locationById.get(x.cells.location_id ?? '')).filter((x) => x !== undefined),
    ...(l.by('locations.csv', 'organization_id').get(orgId) ?? []),
  ]);
  const location = locations[0];
  for (const sal of sals) {
    tally.touch(sal);
    const place = locationById.get(sal.cells.location_id ?? '')?.cells.name;
    entry.paragraph(place ? `À ${place}` : 'Sur place', sal.cells.description ?? '', sal, 'description');
  }
  buildAddress(entry, ctx, location);
  for (const other of locations.slice(1)) {
    tally.touch(other);
    const address = (l.by('addresses.csv', 'location_id').get(other.cells.id ?? '') ?? [])[0];
    entry.paragraph(
      'Autre lieu',
      [other.cells.name, address ? formatAddress(address) : ''].filter(Boolean).join(', '),
      other,
      'name',
    );
    if (address) {
      tally.touch(address);
      for (const field of ['address_1', 'address_2', 'city', 'state_province', 'postal_code', 'country', 'region'])
        tally.note(address, field, 'transformed', `Autre lieu, dans ${quoted(LONG_FIELD)}`);
    }
  }
  const serviceIds = services.map((x) => x.cells.id ?? '');
  const locationIds = location ? [location.cells.id ?? ''] : [];
  const salIds = sals.map((x) => x.cells.id ?? '');

  // Hours, languages.
  const schedules = linked(l, 'schedules.csv', {
    service_id: serviceIds.slice(0, 1),
    location_id: locationIds,
    service_at_location_id: salIds,
  });
  const hours: string[] = [];
  for (const schedule of schedules) {
    tally.touch(schedule);
    const c = schedule.cells;
    if (c.description) {
      hours.push(htmlToText(c.description));
      tally.note(schedule, 'description', 'imported', 'Heures d’ouverture');
    } else {
      const text = scheduleText(schedule);
      if (text) hours.push(text);
      for (const field of ['byday', 'opens_at', 'closes_at'])
        tally.note(schedule, field, 'transformed', `Heures d’ouverture, écrites en français`);
    }
    if (c.notes) {
      hours.push(`(${htmlToText(c.notes)})`);
      tally.note(schedule, 'notes', 'imported', 'Heures d’ouverture');
    }
  }
  if (hours.length && schedules[0])
    entry.field('hours', hours.join('; ').replace(/; \(/g, ' ('), schedules[0], 'description');
  const phones = linked(l, 'phones.csv', {
    organization_id: [orgId],
    service_id: serviceIds.slice(0, 1),
    location_id: locationIds,
    service_at_location_id: salIds,
  });
  const languages = linked(l, 'languages.csv', {
    service_id: serviceIds.slice(0, 1),
    location_id: locationIds,
    phone_id: phones.map((p) => p.cells.id ?? ''),
  });
  const names = unique(languages.map((x) => x.cells.name || x.cells.code || '').filter(Boolean));
  // The note our export writes for a language without a code is not the organisation's: it comes back by itself.
  const ownNote = (x: PackageRow) =>
    Boolean(x.cells.note) && !(x.cells.note === UNKNOWN_LANGUAGE_NOTE && !x.cells.code);
  const notes = languages.filter(ownNote);
  const languageText = [names.join(', '), ...notes.map((x) => `(${x.cells.note})`)].filter(Boolean).join(' ');
  for (const language of languages) {
    tally.touch(language);
    tally.note(language, 'name', 'imported', 'Langues');
    tally.note(
      language,
      'code',
      language.cells.name ? 'imported' : 'transformed',
      language.cells.name ? 'Langues (avec le nom)' : 'Langues (code ISO)',
    );
    tally.note(
      language,
      'note',
      'imported',
      ownNote(language) ? 'Langues, entre parenthèses' : 'langue sans code ISO 639-1, gardée telle qu’écrite',
    );
  }
  if (languages[0] && languageText) entry.field('languages', languageText, languages[0], 'name');

  // Phones: the organisation's; people get theirs below.
  const orgPhones = phones.filter(
    (p) => !p.cells.contact_id || p.cells.organization_id || p.cells.service_id || p.cells.location_id,
  );
  buildPhones(entry, ctx, orgPhones);

  // People, their phones, and what they are the reference for.
  const contacts = linked(l, 'contacts.csv', {
    organization_id: [orgId],
    service_id: serviceIds.slice(0, 1),
    location_id: locationIds,
    service_at_location_id: salIds,
  });
  const phonesOfContact = l.by('phones.csv', 'contact_id');
  const people: Person[] = [];
  const orgPhoneSet = new Set(orgPhones);
  for (const contact of contacts) {
    tally.touch(contact);
    const person = buildContact(ctx, contact, phonesOfContact.get(contact.cells.id ?? '') ?? [], orgPhoneSet);
    if (!person.cells.nom) continue;
    if (people.some((p) => nameKey(p.cells.nom ?? '') === nameKey(person.cells.nom ?? ''))) {
      tally.note(contact, 'name', 'dropped', 'même personne qu’une ligne précédente');
      continue;
    }
    people.push(person);
  }

  // Classifications: thèmes, groups, the emergency flag; terms without a thème are listed for the coordination.
  const attributes = linked(l, 'attributes.csv', { link_id: [orgId, ...serviceIds.slice(0, 1), ...locationIds] });
  const themeLinks: { slug: string; note: string | null }[] = [];
  const audiences: string[] = [];
  let emergency = false;
  for (const attribute of attributes) {
    tally.touch(attribute);
    const term = ctx.terms.get(attribute.cells.taxonomy_term_id ?? '');
    if (term) tally.touch(term);
    const a = attribute.cells;
    const theme = term ? ctx.themes.find(term) : null;
    const audience = term ? AUDIENCE_BY_KEY.get(nameKey(term.cells.code ?? '')) : undefined;
    if (theme) {
      if (themeLinks.some((t) => t.slug === theme.slug)) continue;
      const note = a.value && a.value.length <= 80 && a.link_type === 'theme' ? a.value : null;
      themeLinks.push({ slug: theme.slug, note });
      if (term) tally.note(term, 'name', 'imported', 'nom ou code d’un thème');
      tally.note(attribute, 'link_type', 'imported', 'Thème');
      if (a.value && !note) entry.paragraph(`Thème ${quoted(theme.name)}`, a.value, attribute, 'value');
      else tally.note(attribute, 'value', 'imported', 'précision du thème');
    } else if (audience && a.link_type === 'audience') {
      audiences.push(audience);
      tally.note(attribute, 'link_type', 'imported', 'Groupes');
      if (term) tally.note(term, 'code', 'imported', 'Groupes');
    } else if (term?.cells.code === EMERGENCY_TERM.code) {
      emergency = true;
      tally.note(attribute, 'value', 'imported', ORGANISATION_FIELDS.emergency.label);
      tally.note(attribute, 'link_type', 'imported', ORGANISATION_FIELDS.emergency.label);
      tally.note(term, 'code', 'imported', ORGANISATION_FIELDS.emergency.label);
    } else {
      for (const field of ['link_type', 'link_entity', 'value'])
        tally.note(attribute, field, 'dropped', 'terme sans thème correspondant (voir les termes non reliés)');
    }
    tally.note(attribute, 'link_entity', 'imported', 'suit le lien');
  }
  entry.cells.themes = formatThemesCell(themeLinks);
  entry.cells.groupes = joinList(unique(audiences));
  entry.cells.urgence_24_7 = emergency ? 'oui' : 'non';
  for (const person of people) {
    const designated = (l.by('attributes.csv', 'link_id').get(person.row.cells.id ?? '') ?? [])
      .map((a) => {
        tally.touch(a);
        const term = ctx.terms.get(a.cells.taxonomy_term_id ?? '');
        const theme = term ? ctx.themes.find(term) : null;
        const ok = theme && themeLinks.some((t) => t.slug === theme.slug);
        tally.note(
          a,
          'link_type',
          ok ? 'imported' : 'dropped',
          ok ? 'personne de référence du thème' : 'thème absent de l’organisme',
        );
        tally.note(a, 'link_entity', 'imported', 'suit le lien');
        tally.note(
          a,
          'value',
          ok ? 'imported' : 'dropped',
          ok ? 'personne de référence du thème' : 'thème absent de l’organisme',
        );
        return ok ? theme.slug : null;
      })
      .filter((slug) => slug !== null);
    person.cells.themes = joinList(unique(designated));
  }
  // Only one person can be the reference of a thème: the first one named keeps it.
  const taken = new Set<string>();
  for (const person of people) {
    const mine = (person.cells.themes ? person.cells.themes.split('; ') : []).filter((slug) => !taken.has(slug));
    mine.forEach((slug) => taken.add(slug));
    person.cells.themes = joinList(mine);
  }

  // The long field: the service's own description, then everything kept there, in order.
  const description = entry.paragraphs.map((p) => p.text).join('\n\n');
  const max = ORGANISATION_FIELDS.description.max;
  if (description) {
    const first = entry.paragraphs[0]!;
    entry.cells.description = description.length > max ? `${description.slice(0, max - 1)}…` : description;
    entry.origins.description = { where: rowWhere(first.row), column: sourceField(first.row, first.field) };
    if (description.length > max)
      tally.flag(
        org,
        'description',
        `Le texte réuni dans ${quoted(LONG_FIELD)} dépasse ${max} caractères\u00a0: ${description.length - max + 1} caractères de la fin sont coupés.`,
      );
  }

  const cells: Record<string, string> = { ...entry.cells };
  const origins = { ...entry.origins };
  const contactIds: Record<number, string> = {};
  people.forEach((person, index) => {
    const group = index + 1;
    for (const [suffix, value] of Object.entries(person.cells)) {
      cells[contactHeader(group, suffix)] = value;
      const field =
        { nom: 'name', fonction: 'title', courriel: 'email', telephone: 'number', poste: 'extension', themes: 'id' }[
          suffix
        ] ?? suffix;
      origins[contactHeader(group, suffix)] = { where: rowWhere(person.row), column: field };
    }
    if (person.row.cells.id) contactIds[group] = person.row.cells.id;
  });
  if (orgId) tally.touch(org);
  return {
    row: {
      where: rowWhere(org),
      cells,
      externalId: orgId || undefined,
      origins,
      sourceIds: { service: serviceId || null, location: location?.cells.id || null, contacts: contactIds },
    },
    people: people.length,
  };
}

/** Reads every CSV file of the package into rows (cells keyed by field name, line numbers kept). */
function readFiles(
  files: Map<string, { path: string; bytes: Uint8Array }>,
  limits: ImportLimits,
): { tables: Tables; headers: Map<string, string[]>; problems: Problem[] } {
  const tables: Tables = new Map();
  const headers = new Map<string, string[]>();
  const problems: Problem[] = [];
  for (const [name, { bytes }] of files) {
    if (!name.endsWith('.csv')) continue;
    const max = name === 'organizations.csv' ? limits.maxRows : limits.maxRows * ROWS_PER_ORGANISATION;
    const table = readCsv(bytes, 'hsds', max);
    problems.push(...table.problems.map((p) => ({ ...p, where: `${name}, ${p.where ?? 'fichier entier'}` })));
    headers.set(name, table.header);
    tables.set(
      name,
      table.rows.map((row) => ({ file: name, line: row.where, cells: row.cells })),
    );
  }
  return { tables, headers, problems };
}

/**
 * Reads an HSDS package (zip of CSV files found through datapackage.json; 3.0, or 1.x read as 3.0) into rows of
 * the import layout, ready for the same checks as a CSV. Values that do not fit a field are moved or flagged,
 * never a reason to refuse the file; the report says, per file and field, what happens to every value.
 */
export function readHsdsPackage(
  bytes: Uint8Array,
  themes: readonly Theme[],
  limits: ImportLimits,
  /** Thèmes the coordination chose in the preview for terms that match none: term id → thème slug. */
  termThemes: Readonly<Record<string, string>> = {},
): SourceTable {
  const zip = readZip(
    bytes,
    (name) => name.endsWith('.csv') || name.endsWith('datapackage.json'),
    limits.maxInflatedBytes,
  );
  if (!zip.ok) return emptyTable('hsds', [fileProblem(zip.message)]);
  const located = locatePackage(zip.files);
  if (!located.ok) return emptyTable('hsds', [fileProblem(located.message)]);
  const { pkg } = located;
  if (!pkg.files.has('organizations.csv'))
    return emptyTable('hsds', [
      fileProblem(
        `Le paquet HSDS${pkg.descriptor ? ` décrit par ${pkg.descriptor}` : ''} ne contient pas de fichier organizations.csv\u00a0: le répertoire importe des organismes.`,
      ),
    ]);
  const read = readFiles(pkg.files, limits);
  const version1 = isHsds1(read.tables, read.headers);
  const tables = version1 ? asHsds3(read.tables) : read.tables;
  const notices = [...pkg.notices];
  if (version1)
    notices.push(
      'Paquet HSDS 1.x (version antérieure à 3.0)\u00a0: ses fichiers sont lus selon leur équivalent 3.0 (physical_addresses.csv comme adresses, url comme site Web…). Voyez ci-dessous ce que devient chaque champ.',
    );
  const tally = new Tally();
  const ctx: Context = {
    l: links(tables),
    tally,
    themes: new ThemeMatcher(themes, termThemes),
    terms: new Map((tables.get('taxonomy_terms.csv') ?? []).map((t) => [t.cells.id ?? '', t])),
    taxonomies: new Map((tables.get('taxonomies.csv') ?? []).map((t) => [t.cells.id ?? '', t])),
    unmapped: new Map(),
    locationById: new Map((tables.get('locations.csv') ?? []).map((x) => [x.cells.id ?? '', x])),
  };
  const built = (tables.get('organizations.csv') ?? []).map((org) => buildEntry(ctx, org));
  const groups = Math.max(1, ...built.map((b) => b.people));
  // Terms that name no thème, with how many classifications of the package use them: for the coordination to map.
  const uses = groupBy(tables.get('attributes.csv') ?? [], 'taxonomy_term_id');
  for (const term of ctx.terms.values()) {
    const theme = ctx.themes.find(term);
    const known = AUDIENCE_BY_KEY.has(nameKey(term.cells.code ?? '')) || term.cells.code === EMERGENCY_TERM.code;
    if (theme || known) {
      const detail = theme ? `thème ${quoted(theme.name)}` : 'groupe ou caractéristique du répertoire';
      for (const field of ['code', 'name']) tally.note(term, field, 'imported', `sert à reconnaître le ${detail}`);
      for (const field of ['description', 'language', 'taxonomy', 'term_uri'])
        tally.note(term, field, 'dropped', 'le répertoire garde ses propres descriptions de thèmes');
      continue;
    }
    const taxonomy = ctx.taxonomies.get(term.cells.taxonomy_id ?? '')?.cells.name ?? term.cells.taxonomy ?? '';
    const label = term.cells.name || term.cells.code || term.cells.id || '';
    ctx.unmapped.set(term.cells.id ?? label, {
      id: term.cells.id ?? '',
      term: label,
      taxonomy,
      count: uses.get(term.cells.id ?? '')?.length ?? 0,
    });
  }
  const byFile: Tables = new Map();
  for (const rows of tables.values())
    for (const row of rows) {
      const list = byFile.get(row.file);
      if (list) list.push(row);
      else byFile.set(row.file, [row]);
    }
  const report = tally.report(
    version1 ? 'HSDS 1.x' : `HSDS ${pkg.declaredVersion?.startsWith('3') ? pkg.declaredVersion : '3.0'}`,
    byFile,
    [...ctx.unmapped.values()].sort((a, b) => b.count - a.count || a.term.localeCompare(b.term)),
  );
  return {
    format: 'hsds',
    header: layoutHeader(groups),
    rows: built.map((b) => b.row),
    problems: read.problems,
    notices,
    hsds: report,
  };
}
