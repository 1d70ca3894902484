/** A spreadsheet treats a cell starting with one of these as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
// Phone numbers ("+1 418 555-0123"), negative numbers and dash lists ("- item") are plain text.
const HARMLESS = /^(?:[+-]?[\d\s().-]+|-\s.*)$/s;

/** Export: a leading apostrophe keeps Excel and LibreOffice from evaluating the cell. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Import: undoes `neutraliseCell`, so an exported file reads back unchanged. */
export function unneutraliseCell(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

/** A cell a spreadsheet would run as a formula, which an import refuses rather than store. */
export function looksLikeFormula(value: string): boolean {
  return FORMULA_START.test(value) && !HARMLESS.test(value);
}

/** "a; b;; c" → ["a", "b", "c"]; a `\;` stays inside its item. */
export function splitList(value: string): string[] {
  return value
    .split(/(?<!\\);|\n/)
    .map((item) => item.replace(/\\;/g, ';').trim())
    .filter(Boolean);
}

/** Joins items with "; ", escaping any ";" an item holds. */
export function joinList(items: readonly string[]): string {
  return items.map((item) => item.replace(/;/g, '\\;')).join('; ');
}

/** Comparison key for names: accents, case, punctuation and spacing ignored. */
export function nameKey(value: string): string {
  return value
    .replace(/œ/gi, 'oe')
    .replace(/æ/gi, 'ae')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
