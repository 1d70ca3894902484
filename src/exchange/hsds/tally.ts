import type { FieldOutcome, HsdsFieldLine, HsdsImportReport, Problem } from '../table.js';

/** A row of a package file: its file, line, cells under HSDS 3.0 field names, and the file's own names when they differ. */
export interface PackageRow {
  file: string;
  line: string;
  cells: Record<string, string>;
  /** 3.0 field name → the name the file uses (HSDS 1.x `url` for `website`…). */
  rename?: Record<string, string>;
}

export const rowWhere = (row: PackageRow) => `${row.file}, ${row.line}`;
export const sourceField = (row: PackageRow, field: string) => row.rename?.[field] ?? field;

/** Links between tables, not data: they are what the import follows. */
const isLink = (field: string) => field === 'id' || field.endsWith('_id');

const ORPHAN = 'ligne reliée à aucun organisme du paquet';
const FILE_REASONS: Record<string, string> = {
  'metadata.csv': 'historique de la source\u00a0: le répertoire tient son propre historique',
  'meta_table_descriptions.csv': 'description technique du paquet',
  'programs.csv': 'les programmes n’ont pas d’équivalent dans le répertoire',
  'funding.csv': 'le financement n’est pas publié par le répertoire',
  'organization_identifiers.csv': 'pas d’équivalent dans le répertoire (numéros d’entreprise)',
  'taxonomies.csv': 'seuls les termes reliés à un thème sont repris',
  'taxonomy_terms.csv': 'terme sans thème correspondant (voir les termes non reliés)',
  'schedules.csv': 'détail de l’horaire\u00a0: seule la description (ou les jours et heures) est reprise',
  'holiday_schedules.csv': 'horaires des jours fériés\u00a0: pas d’équivalent dans le répertoire',
};
/** Files whose rows only count through a link to an organisation. */
const LINKED_FILES = new Set([
  'services.csv',
  'locations.csv',
  'addresses.csv',
  'physical_addresses.csv',
  'postal_addresses.csv',
  'phones.csv',
  'contacts.csv',
  'schedules.csv',
  'regular_schedules.csv',
  'languages.csv',
  'service_areas.csv',
  'service_area.csv',
  'accessibility.csv',
  'accessibility_for_disabilities.csv',
  'service_at_location.csv',
  'services_at_location.csv',
  'attributes.csv',
  'eligibility.csv',
  'required_documents.csv',
  'cost_options.csv',
]);

/** Counts, per file and field, what the import does with every non-empty value: nothing is left out unsaid. */
export class Tally {
  /** Per row, the fields already counted: a value is counted once, by the first step that takes it. */
  private readonly noted = new WeakMap<PackageRow, Set<string>>();
  private readonly lines = new Map<string, Map<string, HsdsFieldLine>>();
  readonly flags: Problem[] = [];

  note(row: PackageRow, field: string, outcome: FieldOutcome, detail: string): void {
    let fields = this.noted.get(row);
    if (!fields) this.noted.set(row, (fields = new Set()));
    if (fields.has(field) || (row.cells[field] ?? '') === '') return;
    fields.add(field);
    const name = sourceField(row, field);
    let byFile = this.lines.get(row.file);
    if (!byFile) this.lines.set(row.file, (byFile = new Map()));
    const lineKey = `${name}\u0000${outcome}\u0000${detail}`;
    const line = byFile.get(lineKey);
    if (line) line.count++;
    else byFile.set(lineKey, { field: name, outcome, count: 1, detail });
  }

  /** The row is used (its links were followed) even if none of its values lands anywhere yet. */
  touch(row: PackageRow): void {
    if (!this.noted.has(row)) this.noted.set(row, new Set());
  }

  flag(row: PackageRow, field: string, message: string): void {
    this.flags.push({ where: rowWhere(row), column: sourceField(row, field), message });
  }

  /** Every value no step took is counted as dropped, with the reason its file or its missing link gives. */
  report(version: string, files: Map<string, PackageRow[]>, unmappedTerms: HsdsImportReport['unmappedTerms']) {
    for (const [file, rows] of files) {
      for (const row of rows) {
        const orphan = LINKED_FILES.has(file) && !this.noted.has(row);
        for (const field of Object.keys(row.cells)) {
          if (isLink(field)) continue;
          this.note(
            row,
            field,
            'dropped',
            orphan ? ORPHAN : (FILE_REASONS[file] ?? 'pas d’équivalent dans le répertoire'),
          );
        }
      }
    }
    const order: Record<FieldOutcome, number> = { imported: 0, transformed: 1, dropped: 2 };
    return {
      version,
      files: [...files].map(([file, rows]) => ({
        file,
        rows: rows.length,
        lines: [...(this.lines.get(file)?.values() ?? [])].sort(
          (a, b) => a.field.localeCompare(b.field) || order[a.outcome] - order[b.outcome],
        ),
      })),
      flags: this.flags,
      unmappedTerms,
    } satisfies HsdsImportReport;
  }
}
