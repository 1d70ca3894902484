import { normaliseLineEndings } from '../lib/line-endings.js';
import { nameKey, unneutraliseCell } from './cells.js';
import type { SourceRow } from './table.js';

/** "Code postal", "CODE_POSTAL" and "code_postal" are the same column. */
export function headerKey(header: string): string {
  return nameKey(header).replace(/ /g, '_');
}

/** Cells of one row keyed by header: LF line endings, trimmed, de-neutralised; formula-like text is kept as text (054). */
export function buildRow(header: readonly string[], values: readonly string[], where: string): SourceRow {
  const cells: Record<string, string> = {};
  header.forEach((column, index) => {
    cells[column] = unneutraliseCell(normaliseLineEndings(values[index] ?? '').trim()).trim();
  });
  return { where, cells };
}

export const isBlank = (values: readonly string[]) => values.every((value) => value.trim() === '');
