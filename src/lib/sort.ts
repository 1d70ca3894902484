// French order: "École" sorts with the E's, case and accents only break ties.
const collator = new Intl.Collator('fr-CA', { sensitivity: 'base', numeric: true });

export const compareFrench = (a: string, b: string): number => collator.compare(a, b);

export function sortByName<T extends { name: string }>(rows: T[]): T[] {
  return rows.sort((a, b) => collator.compare(a.name, b.name));
}
