/** Lowercase, accent-free, ligature-folded words joined by hyphens: "Maison d'Hébergement Œuvre" → "maison-d-hebergement-oeuvre". */
export function slugify(text: string): string {
  return foldText(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
}

/** Removes diacritics and folds the French ligatures œ and æ, keeping case. */
export function foldText(text: string): string {
  return text
    .replace(/œ/g, 'oe')
    .replace(/Œ/g, 'OE')
    .replace(/æ/g, 'ae')
    .replace(/Æ/g, 'AE')
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
}

/** Returns `base`, or `base-2`, `base-3`… the first one `isTaken` refuses. */
export function uniqueSlug(base: string, isTaken: (slug: string) => boolean): string {
  const root = base || 'organisme';
  if (!isTaken(root)) return root;
  for (let n = 2; ; n++) {
    const candidate = `${root}-${n}`;
    if (!isTaken(candidate)) return candidate;
  }
}
