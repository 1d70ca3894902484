import { CONTACT_COLUMNS, contactHeader, OPTIONAL_HEADERS, parseContactHeader, REQUIRED_HEADERS } from './columns.js';
import type { Problem, SourceTable } from './table.js';

export interface HeaderShape {
  /** Personne-ressource group numbers present, in order (1, 2, 3…). */
  contactGroups: number[];
  hasStatus: boolean;
  hasIdentifier: boolean;
}

const where = 'ligne 1';

/** Checks the header against the layout: missing, unknown, duplicated or incomplete columns are all blocking. */
export function checkHeader(table: SourceTable): { shape: HeaderShape; problems: Problem[] } {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const groups = new Map<number, Set<string>>();
  table.header.forEach((column, index) => {
    if (column === '') {
      if (table.rows.some((row) => (row.cells[column] ?? '') !== '')) {
        problems.push({
          where,
          column: null,
          message: `La colonne ${index + 1} n’a pas de nom mais contient des valeurs.`,
        });
      }
      return;
    }
    if (seen.has(column))
      problems.push({ where, column, message: `La colonne «\u00a0${column}\u00a0» apparaît deux fois.` });
    seen.add(column);
    const contact = parseContactHeader(column);
    if (contact) {
      if (!groups.has(contact.group)) groups.set(contact.group, new Set());
      groups.get(contact.group)!.add(contact.suffix);
      return;
    }
    if (!REQUIRED_HEADERS.includes(column) && !OPTIONAL_HEADERS.includes(column)) {
      problems.push({
        where,
        column,
        message: `Colonne inconnue «\u00a0${column}\u00a0»\u00a0: retirez-la ou renommez-la comme dans le modèle (les colonnes sont décrites sur la page d’importation).`,
      });
    }
  });
  const missing = REQUIRED_HEADERS.filter((column) => !seen.has(column));
  if (missing.length) {
    problems.push({
      where,
      column: null,
      message: `${missing.length === 1 ? 'Il manque la colonne' : 'Il manque les colonnes'} ${missing.map((c) => `«\u00a0${c}\u00a0»`).join(', ')}\u00a0: partez du modèle pour que rien ne soit effacé par erreur.`,
    });
  }
  if (!groups.has(1)) {
    problems.push({
      where,
      column: null,
      message:
        'Il manque les colonnes de la personne-ressource principale (personne1_nom, personne1_fonction…)\u00a0: partez du modèle.',
    });
  }
  for (const [group, suffixes] of groups) {
    const absent = CONTACT_COLUMNS.filter((c) => !suffixes.has(c.suffix)).map((c) => contactHeader(group, c.suffix));
    if (absent.length)
      problems.push({
        where,
        column: null,
        message: `Le groupe personne${group} est incomplet\u00a0: il manque ${absent.map((c) => `«\u00a0${c}\u00a0»`).join(', ')}.`,
      });
  }
  return {
    shape: {
      contactGroups: [...groups.keys()].sort((a, b) => a - b),
      hasStatus: seen.has('statut'),
      hasIdentifier: seen.has('identifiant'),
    },
    problems,
  };
}
