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
import { listCrisisLines } from './crisis-lines.js';
import { listThemeEntries } from './organisations.js';
import { findLastUpdate } from './site-meta.js';
import { listThemes } from './themes.js';

/** The Arbre's four queries: the thèmes, the entries of the selected ones, the last update, the crisis lines. */
export function loadArbreData(db: Db, themeSlugs: string[] | null): ArbreData {
  const allThemes = listThemes(db);
  const { selected } = selectThemes(allThemes, themeSlugs);
  const isSubset = selected.length < allThemes.length;
  const entries = listThemeEntries(db, isSubset ? selected.map((theme) => theme.id) : undefined);
  const crisis = listCrisisLines(db).map(({ label, number }) => ({ label, number }));
  return { allThemes, entries, lastUpdate: findLastUpdate(db), now: db.clock(), crisis };
}

/** The /arbre sheet for `input`, from the database. */
export function loadArbreSheet(db: Db, input: SheetInput): ArbreSheet {
  return buildArbreSheet(loadArbreData(db, input.themeSlugs), input);
}

/** Whether the Arbre fits one page, for the admin dashboard: the same computation as /arbre. */
export function arbreFit(db: Db, options: ArbreFitOptions = {}): ArbreFit {
  return fitOf(loadArbreSheet(db, fitInput(options)));
}
