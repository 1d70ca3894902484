import type { Db } from '../db/client.js';
import {
  buildArbreSheet,
  fitInput,
  fitOf,
  selectThemes,
  type ArbreData,
  type ArbreFit,
  type ArbreFitOptions,
  type ArbreSheet,
  type SheetInput,
} from '../lib/arbre/sheet.js';
import { PAPERS_BY_SIZE } from '../lib/arbre/formats.js';
import { listCrisisLines } from './crisis-lines.js';
import { dataVersion } from './search-cache.js';
import { listThemeEntries } from './organisations.js';
import { findLastUpdate } from './site-meta.js';
import { territoryTextsFor } from './territories.js';
import { listThemes } from './themes.js';

/**
 * The Arbre's queries: the thèmes, the entries of the selected ones (of one territory's services, and those
 * covering it, when one is asked for), the last update, the crisis lines.
 */
export function loadArbreData(db: Db, themeSlugs: string[] | null, territory: string | null = null): ArbreData {
  const allThemes = listThemes(db);
  const { selected } = selectThemes(allThemes, themeSlugs);
  const isSubset = selected.length < allThemes.length;
  const served = territory ? new Set(territoryTextsFor(db, territory)) : null;
  const entries = listThemeEntries(db, isSubset ? selected.map((theme) => theme.id) : undefined).filter(
    (entry) => served === null || (entry.organisation.territory !== null && served.has(entry.organisation.territory)),
  );
  const crisis = listCrisisLines(db).map(({ label, number }) => ({ label, number }));
  return { allThemes, entries, lastUpdate: findLastUpdate(db), now: db.clock(), crisis };
}

/** The /arbre sheet for `input`, from the database. */
export function loadArbreSheet(db: Db, input: SheetInput): ArbreSheet {
  return buildArbreSheet(loadArbreData(db, input.themeSlugs, input.territory ?? null), input);
}

/** Whether the Arbre fits one page, for the admin dashboard: the same computation as /arbre. */
export function arbreFit(db: Db, options: ArbreFitOptions = {}): ArbreFit {
  return fitOf(loadArbreSheet(db, fitInput(options)));
}

// Local to the Arbre's fit: one verdict set per connection, data version and day (the share of entries
// verified in 12 months changes with the date, and with it the sheet's head).
const fitCache = new WeakMap<object, { key: string; fits: ArbreFit[] }>();

/** The fit of the whole tree on every paper the site offers, computed once per data version. */
export function arbreFitEveryPaper(db: Db, options: Omit<ArbreFitOptions, 'format' | 'orientation'> = {}): ArbreFit[] {
  const key = `${dataVersion(db)}@${db.clock().toISOString().slice(0, 10)}|${JSON.stringify(options)}`;
  const hit = fitCache.get(db.$client);
  if (hit && hit.key === key) return hit.fits;
  const data = loadArbreData(db, options.themes ?? null);
  const fits = PAPERS_BY_SIZE.map((paper) => fitOf(buildArbreSheet(data, fitInput({ ...options, ...paper }))));
  fitCache.set(db.$client, { key, fits });
  return fits;
}
