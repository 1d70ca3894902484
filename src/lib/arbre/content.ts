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
  /**
   * Set when the same organisation, with the same person, is already printed under an earlier thème:
   * this leaf keeps its name, number and note and says « voir <thème> » instead of repeating the person.
   */
  seeAlso: { slug: string; name: string } | null;
}

export interface Branch {
  theme: Pick<Theme, 'id' | 'slug' | 'name'>;
  leaves: Leaf[];
  /** Organisations whose person is printed under an earlier thème: one « Voir aussi » paragraph closes the branch. */
  also: Leaf[];
}

/** Groups entries under their thèmes, in the thèmes' configured order (entries arrive sorted by name). */
export function buildBranches(themes: Theme[], entries: ThemeEntry[], now: Date): Branch[] {
  const byTheme = new Map<number, Leaf[]>();
  for (const entry of entries) {
    const leaves = byTheme.get(entry.themeId) ?? [];
    leaves.push(toLeaf(entry, now));
    byTheme.set(entry.themeId, leaves);
  }
  const branches = themes.map((theme) => ({
    theme: { id: theme.id, slug: theme.slug, name: theme.name },
    leaves: byTheme.get(theme.id) ?? [],
    also: [],
  }));
  return factorRepeats(branches);
}

/** The person of an organisation listed again with the same person and line is printed once, at its first thème. */
function factorRepeats(branches: Branch[]): Branch[] {
  const first = new Map<string, { theme: Branch['theme']; person: string }>();
  const personKey = (leaf: Leaf) =>
    leaf.person ? `${leaf.person.name}|${leaf.person.role}|${leaf.person.line?.href ?? ''}` : '';
  return branches.map((branch) => {
    const leaves: Leaf[] = [];
    const also: Leaf[] = [];
    for (const leaf of branch.leaves) {
      const seen = first.get(leaf.slug);
      if (!seen) first.set(leaf.slug, { theme: branch.theme, person: personKey(leaf) });
      if (!seen || !leaf.person || seen.person !== personKey(leaf) || seen.theme.id === branch.theme.id) {
        leaves.push(leaf);
        continue;
      }
      also.push({ ...leaf, acronym: null, person: null, seeAlso: { slug: seen.theme.slug, name: seen.theme.name } });
    }
    return { ...branch, leaves, also };
  });
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
    seeAlso: null,
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

/**
 * The organisation's number with the person's poste on it, printed once after the name
 * (« 555-0123, p. 12 »), when the person is reached on the organisation's own line; else the number alone.
 */
export function mergedPhone(leaf: Leaf): LeafPhone | null {
  if (!leaf.phone) return null;
  const line = leaf.person?.line;
  if (line && line.number === '' && line.extension)
    return { ...leaf.phone, extension: line.extension, href: line.href };
  return leaf.phone;
}

/** The person's own line when it is not already merged into the organisation's number. */
export function personOwnLine(leaf: Leaf): LeafPhone | null {
  const line = leaf.person?.line ?? null;
  return line && line.number === '' && leaf.phone ? null : line;
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
    for (const leaf of [...branch.leaves, ...branch.also]) {
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
  return branches.reduce((sum, branch) => sum + branch.leaves.length + branch.also.length, 0);
}
