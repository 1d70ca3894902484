/**
 * A spreadsheet runs a cell starting with = + - @ tab or CR as a formula (CSV injection). Apostrophes
 * already in front count too, so that the one added on export is the only one an import removes (054).
 */
const NEEDS_APOSTROPHE = /^'*[=+\-@\t\r]/;

/** Export, in every CSV: a leading apostrophe keeps Excel and LibreOffice from evaluating the cell. */
export function neutraliseCell(value: string): string {
  return NEEDS_APOSTROPHE.test(value) ? `'${value}` : value;
}

/** Import: undoes `neutraliseCell` exactly, so an exported file reads back unchanged. */
export function unneutraliseCell(value: string): string {
  return value.startsWith("'") && NEEDS_APOSTROPHE.test(value.slice(1)) ? value.slice(1) : value;
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
