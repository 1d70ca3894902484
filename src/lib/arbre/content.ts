import type { ThemeEntry } from '../../queries/organisations.js';
import type { Theme } from '../../db/schema.js';
import { isStale } from '../dates.js';
import { formatPhone, phoneDigits, telHref } from '../phone.js';

/** A phone as printed on a leaf; `number` is empty when only an extension of the organisation's line applies. */
export interface LeafPhone {
  number: string;
  extension: string | null;
  href: string;
}

/** One organisation under one thème, reduced to what a referral needs. */
export interface Leaf {
  slug: string;
  name: string;
  /** Shown beside the name only when the name does not already contain it. */
  acronym: string | null;
  phone: LeafPhone | null;
  person: { name: string; role: string; line: LeafPhone | null } | null;
  note: string | null;
  /** Organisation or person not confirmed for over twelve months. */
  stale: boolean;
}

export interface Branch {
  theme: Pick<Theme, 'id' | 'slug' | 'name'>;
  leaves: Leaf[];
}

/** Groups entries under their thèmes, in the thèmes' configured order (entries arrive sorted by name). */
export function buildBranches(themes: Theme[], entries: ThemeEntry[], now: Date): Branch[] {
  const byTheme = new Map<number, Leaf[]>();
  for (const entry of entries) {
    const leaves = byTheme.get(entry.themeId) ?? [];
    leaves.push(toLeaf(entry, now));
    byTheme.set(entry.themeId, leaves);
  }
  return themes.map((theme) => ({
    theme: { id: theme.id, slug: theme.slug, name: theme.name },
    leaves: byTheme.get(theme.id) ?? [],
  }));
}

function toLeaf(entry: ThemeEntry, now: Date): Leaf {
  const o = entry.organisation;
  const c = entry.contact;
  const acronym = o.acronym?.trim() || null;
  const phone = o.phone
    ? { number: formatPhone(o.phone), extension: o.phoneExtension || null, href: telHref(o.phone, o.phoneExtension) }
    : null;
  return {
    slug: o.slug,
    name: o.name.trim(),
    acronym: acronym && !o.name.includes(acronym) ? acronym : null,
    phone,
    person: c
      ? { name: c.name.trim(), role: c.role.trim(), line: personLine(o.phone, c.phone, c.phoneExtension) }
      : null,
    note: entry.note?.trim() || null,
    stale: isStale(o.verifiedAt, now) || (c !== null && isStale(c.verifiedAt, now)),
  };
}

// On the organisation's own number only the extension is worth printing again.
function personLine(
  organisationPhone: string | null,
  phone: string | null,
  extension: string | null,
): LeafPhone | null {
  if (!phone) return null;
  const sameNumber =
    organisationPhone !== null &&
    phoneDigits(organisationPhone) !== null &&
    phoneDigits(organisationPhone) === phoneDigits(phone);
  if (sameNumber) return extension ? { number: '', extension, href: telHref(phone, extension) } : null;
  return { number: formatPhone(phone), extension: extension || null, href: telHref(phone, extension) };
}

/** How phones are abbreviated at a density level. */
export interface PhoneStyle {
  /** "p. 12" instead of "poste 12". */
  shortExtension: boolean;
  /** Area code left out of local numbers (the legend says so), or null to print it. */
  localAreaCode: string | null;
}

/** "418 555-0123, poste 12"; dense: "555-0123, p. 12" (area code in the legend); an extension alone reads "poste 12". */
export function phoneText(phone: LeafPhone, style: PhoneStyle): string {
  const extension = phone.extension ? `${style.shortExtension ? 'p.' : 'poste'}\u00a0${phone.extension}` : '';
  let number = phone.number;
  if (style.localAreaCode && number.startsWith(`${style.localAreaCode} `))
    number = number.slice(style.localAreaCode.length + 1);
  if (!number) return extension;
  return extension ? `${number}, ${extension}` : number;
}

/** The area code of most of the sheet's numbers (418 in Rimouski-Neigette), or null when none dominates. */
export function dominantAreaCode(branches: Branch[]): string | null {
  const counts = new Map<string, number>();
  let total = 0;
  for (const branch of branches) {
    for (const leaf of branch.leaves) {
      for (const phone of [leaf.phone, leaf.person?.line]) {
        if (!phone?.number) continue;
        total++;
        const code = /^(\d{3}) \d{3}-\d{4}$/.exec(phone.number)?.[1];
        if (code) counts.set(code, (counts.get(code) ?? 0) + 1);
      }
    }
  }
  const [code, count] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? [null, 0];
  return code && count * 2 >= total ? code : null;
}

export function countLeaves(branches: Branch[]): number {
  return branches.reduce((sum, branch) => sum + branch.leaves.length, 0);
}
