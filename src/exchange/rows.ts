import { normaliseLineEndings } from '../lib/line-endings.js';
import { looksLikeFormula, nameKey, unneutraliseCell } from './cells.js';
import type { Problem, SourceRow } from './table.js';

/** "Code postal", "CODE_POSTAL" and "code_postal" are the same column. */
export function headerKey(header: string): string {
  return nameKey(header).replace(/ /g, '_');
}

/** Cells of one row keyed by header: trimmed, de-neutralised, formulas refused. */
export function buildRow(header: readonly string[], values: readonly string[], where: string): { row: SourceRow; problems: Problem[] } {
  const problems: Problem[] = [];
  const cells: Record<string, string> = {};
  header.forEach((column, index) => {
    const raw = normaliseLineEndings(values[index] ?? '');
    if (looksLikeFormula(raw)) {
      problems.push({
        where,
        column,
        message: `La cellule commence par «\u00a0${raw.charAt(0).replace(/[\t\r]/, '↹')}\u00a0»\u00a0: un tableur l’exécuterait comme une formule. Retirez ce caractère ou précédez-le d’une apostrophe.`,
      });
    }
    cells[column] = unneutraliseCell(raw.trim()).trim();
  });
  return { row: { where, cells }, problems };
}

export const isBlank = (values: readonly string[]) => values.every((value) => value.trim() === '');
