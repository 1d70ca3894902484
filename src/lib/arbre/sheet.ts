import type { Theme } from '../../db/schema.js';
import type { ThemeEntry } from '../../queries/organisations.js';
import { buildBranches, countLeaves, dominantAreaCode, type Branch } from './content.js';
import {
  DEFAULT_PAPER,
  PAPERS_BY_SIZE,
  ORIENTATIONS,
  PAPER_FORMATS,
  pageSizePoints,
  type Paper,
  type PaperFormat,
  type Orientation,
} from './formats.js';
import {
  chooseLayout,
  fitsAtDensest,
  layoutByCount,
  MIN_FONT_PT,
  type LayoutChoice,
  type SheetTexts,
} from './layout.js';
import { formatLongDate } from '../dates.js';
import { displayUrl } from '../view-helpers.js';

export interface SheetInput {
  paper: Paper;
  /** Thème slugs asked for; null for every thème. */
  themeSlugs: string[] | null;
  /** The territory the sheet is printed for; null or absent for the whole directory. */
  territory?: string | null;
  siteName: string;
  /** The online Répertoire's address printed with the QR code. */
  directoryUrl: string;
  isDemo: boolean;
}

export interface Suggestion {
  /** The smallest paper on which everything fits at the minimum size, if any does. */
  paper: Paper | null;
  /** Thèmes split into sheets that each fit the chosen paper, if splitting helps. */
  themeGroups: { slugs: string[]; names: string[]; entries: number }[] | null;
}

/**
 * Beyond this many entries the sheet shows its branches, not its entries (decision 110): about twice what the
 * largest paper could hold if every entry took one line, so no paper fits them (a test holds this).
 */
export const ARBRE_MAX_ENTRIES = 2000;

/** A sheet beyond ARBRE_MAX_ENTRIES: how many entries each thème and each territory would print. */
export interface ArbreSummary {
  themes: { theme: Pick<Theme, 'id' | 'slug' | 'name'>; entries: number }[];
  /** Territories of the hierarchy with at least one entry, in its order, with the sheet each would print. */
  territories: { name: string; depth: number; entries: number }[];
}

export interface ArbreSheet {
  input: SheetInput;
  allThemes: Theme[];
  /** The thèmes on the sheet, in display order. */
  selectedThemes: Theme[];
  isSubset: boolean;
  unknownSlugs: string[];
  branches: Branch[];
  crisis: CrisisEntry[];
  entryCount: number;
  lastUpdate: string | null;
  texts: SheetTexts;
  /** Entries verified in the last twelve months, out of all the sheet's entries. */
  verified: { fresh: number; total: number };
  /** Area code of most numbers: the densest level prints it once, in the legend. */
  areaCode: string | null;
  layout: LayoutChoice;
  suggestion: Suggestion | null;
  /** Set when the sheet has too many entries to be drawn; its branches and plan are then empty. */
  summary: ArbreSummary | null;
}

export const LEGEND =
  'Chaque branche est un thème\u00a0; organisme en gras, personne-ressource en italique. Voir aussi\u00a0: téléphone et personne-ressource sous le thème indiqué.';
export const STALE_LEGEND = '° information non confirmée depuis plus de 12\u00a0mois.';
export const SHORT_EXTENSION_LEGEND = 'p.\u00a0= poste.';
export const areaCodeLegend = (code: string): string => `Indicatif ${code} sauf mention contraire.`;

/** What the sheet is drawn from: loaded by queries/arbre.ts (three queries), so this module stays pure. */
export interface ArbreData {
  allThemes: Theme[];
  /** Entries of the selected thèmes only (all thèmes when none is selected). */
  entries: ThemeEntry[];
  lastUpdate: string | null;
  now: Date;
  /** The coordination's crisis and 24/7 lines, in order. */
  crisis: CrisisEntry[];
  /** Instead of entries (then empty) when there are more than ARBRE_MAX_ENTRIES: counted, never read. */
  summary?: ArbreSummary;
}

export interface CrisisEntry {
  label: string;
  number: string;
}

export const CRISIS_TITLE = 'Urgence et lignes 24/7\u00a0:';

/** The crisis box as one run of text (bold numbers are measured as bold throughout, which only overestimates). */
export function crisisText(crisis: CrisisEntry[]): string {
  if (crisis.length === 0) return '';
  return `${CRISIS_TITLE} ${crisis.map((line) => `${line.number} ${line.label}`).join(' · ')}`;
}

/** Everything the /arbre page needs: the tree, its density for the paper, and what to do if it cannot fit. */
export function buildArbreSheet(data: ArbreData, input: SheetInput): ArbreSheet {
  const { allThemes, entries, lastUpdate } = data;
  const { selected, unknown } = selectThemes(allThemes, input.themeSlugs);
  const isSubset = selected.length < allThemes.length;
  if (data.summary) return summarySheet(data, data.summary, input, { selected, unknown, isSubset });
  const branches = buildBranches(selected, entries, data.now);
  const areaCode = dominantAreaCode(branches);
  const verified = verifiedShare(branches);
  const texts = sheetTexts(input, selected, isSubset, lastUpdate, verified, data.crisis);
  const layout = chooseLayout(branches, texts, input.paper, areaCode);
  return {
    input,
    allThemes,
    selectedThemes: selected,
    isSubset,
    unknownSlugs: unknown,
    branches,
    crisis: data.crisis,
    entryCount: countLeaves(branches),
    lastUpdate,
    texts,
    verified,
    areaCode,
    layout,
    summary: null,
    suggestion: layout.fits
      ? null
      : suggest(branches, texts, input.paper, areaCode, (group) =>
          sheetTexts(
            input,
            group.map((branch) => branch.theme),
            true,
            lastUpdate,
            verifiedShare(group),
            data.crisis,
          ),
        ),
  };
}

// Counts only: no entry is read, measured or rendered (a 50,000-organisation sheet was 5–6 s and 42 MB).
function summarySheet(
  data: ArbreData,
  summary: ArbreSummary,
  input: SheetInput,
  selection: { selected: Theme[]; unknown: string[]; isSubset: boolean },
): ArbreSheet {
  const entryCount = summary.themes.reduce((sum, branch) => sum + branch.entries, 0);
  const verified = { fresh: 0, total: 0 };
  const texts = sheetTexts(input, selection.selected, selection.isSubset, data.lastUpdate, verified, data.crisis);
  return {
    input,
    allThemes: data.allThemes,
    selectedThemes: selection.selected,
    isSubset: selection.isSubset,
    unknownSlugs: selection.unknown,
    branches: [],
    crisis: data.crisis,
    entryCount,
    lastUpdate: data.lastUpdate,
    texts,
    verified,
    areaCode: null,
    layout: layoutByCount(entryCount, texts, input.paper),
    suggestion: null,
    summary,
  };
}

export function selectThemes(all: Theme[], slugs: string[] | null): { selected: Theme[]; unknown: string[] } {
  if (!slugs) return { selected: all, unknown: [] };
  const wanted = new Set(slugs);
  const selected = all.filter((theme) => wanted.has(theme.slug));
  const known = new Set(all.map((theme) => theme.slug));
  const unknown = slugs.filter((slug) => !known.has(slug));
  // Only unknown slugs: better the whole tree than an empty sheet.
  return { selected: selected.length > 0 ? selected : all, unknown };
}

/** « 87 % des entrées vérifiées depuis 12 mois », or nothing on an empty sheet. */
export function verifiedShareText(verified: { fresh: number; total: number }): string {
  if (verified.total === 0) return '';
  const percent = Math.floor((100 * verified.fresh) / verified.total);
  return `${percent}\u00a0% des entrées vérifiées depuis 12\u00a0mois`;
}

export function verifiedShare(branches: Branch[]): { fresh: number; total: number } {
  const leaves = branches.flatMap((branch) => [...branch.leaves, ...branch.also]);
  return { fresh: leaves.filter((leaf) => !leaf.stale).length, total: leaves.length };
}

export function sheetTexts(
  input: SheetInput,
  selected: Pick<Theme, 'name'>[],
  isSubset: boolean,
  lastUpdate: string | null,
  verified: { fresh: number; total: number },
  crisis: CrisisEntry[] = [],
): SheetTexts {
  const meta = [
    lastUpdate ? `À jour au ${formatLongDate(lastUpdate)} (dernière modification)` : 'Répertoire vide',
    verifiedShareText(verified),
    isSubset ? `Sélection de thèmes\u00a0: ${selected.map((theme) => theme.name).join(', ')}` : '',
    input.territory ? `Territoire\u00a0: ${input.territory}` : '',
    input.isDemo ? 'Données de démonstration\u00a0: organismes et personnes fictifs' : '',
  ].filter(Boolean);
  return {
    title: `L’Arbre des ressources — ${input.siteName}`,
    meta: meta.join(' · '),
    // The longest legend (every abbreviation explained), so the estimate never falls short.
    card: `${LEGEND} ${SHORT_EXTENSION_LEGEND} ${areaCodeLegend('418')} ${STALE_LEGEND}`,
    crisis: crisisText(crisis),
    address: `Répertoire complet en ligne\u00a0: ${displayUrl(input.directoryUrl)}`,
  };
}

function suggest(
  branches: Branch[],
  texts: SheetTexts,
  paper: Paper,
  areaCode: string | null,
  subsetTexts: (group: Branch[]) => SheetTexts,
): Suggestion {
  const current = area(paper);
  const larger = PAPERS_BY_SIZE.filter((candidate) => area(candidate) >= current && !samePaper(candidate, paper)).find(
    (candidate) => fitsAtDensest(branches, texts, candidate, areaCode),
  );
  return { paper: larger ?? null, themeGroups: splitThemes(branches, paper, areaCode, subsetTexts) };
}

// Greedy: each sheet takes thèmes in order while they still fit; null if one thème alone overflows.
function splitThemes(
  branches: Branch[],
  paper: Paper,
  areaCode: string | null,
  textsFor: (group: Branch[]) => SheetTexts,
): Suggestion['themeGroups'] {
  const fits = (group: Branch[]) => fitsAtDensest(group, textsFor(group), paper, areaCode);
  const groups: Branch[][] = [];
  let group: Branch[] = [];
  for (const branch of branches) {
    if (fits([...group, branch])) {
      group.push(branch);
      continue;
    }
    if (group.length === 0) return null;
    groups.push(group);
    group = [branch];
    if (!fits(group)) return null;
  }
  if (group.length > 0) groups.push(group);
  if (groups.length < 2) return null;
  return groups.map((sheet) => ({
    slugs: sheet.map((branch) => branch.theme.slug),
    names: sheet.map((branch) => branch.theme.name),
    entries: countLeaves(sheet),
  }));
}

function area(paper: Paper): number {
  const size = pageSizePoints(paper);
  return size.width * size.height;
}

function samePaper(a: Paper, b: Paper): boolean {
  return a.format === b.format && a.orientation === b.orientation;
}

export interface ArbreFitOptions {
  format?: PaperFormat;
  orientation?: Orientation;
  /** Thème slugs; omitted for the whole tree. */
  themes?: string[];
  siteName?: string;
  directoryUrl?: string;
  isDemo?: boolean;
}

export interface ArbreFit {
  fits: boolean;
  paper: Paper;
  /** Density level chosen (1 = most comfortable), its type size in points and its column count. */
  level: number;
  fontPt: number;
  columns: number;
  entries: number;
  suggestion: Suggestion | null;
  /** One French sentence for the admin dashboard. */
  message: string;
}

/** The sheet the admin dashboard measures: a known paper, the asked thèmes, defaults for the rest. */
export function fitInput(options: ArbreFitOptions = {}): SheetInput {
  const paper: Paper = {
    format: options.format && PAPER_FORMATS.includes(options.format) ? options.format : DEFAULT_PAPER.format,
    orientation:
      options.orientation && ORIENTATIONS.includes(options.orientation)
        ? options.orientation
        : DEFAULT_PAPER.orientation,
  };
  return {
    paper,
    themeSlugs: options.themes && options.themes.length > 0 ? options.themes : null,
    siteName: options.siteName ?? 'COSMOSS Rimouski-Neigette',
    directoryUrl: options.directoryUrl ?? 'https://repertoire.example.org',
    isDemo: options.isDemo ?? false,
  };
}

/** Whether the Arbre fits one page, for the admin dashboard: the same computation as /arbre. */
export function fitOf(sheet: ArbreSheet): ArbreFit {
  const { layout } = sheet;
  return {
    fits: layout.fits,
    paper: sheet.input.paper,
    level: layout.level.id,
    fontPt: layout.level.fontPt,
    columns: layout.columns,
    entries: sheet.entryCount,
    suggestion: sheet.suggestion,
    message: fitMessage(sheet),
  };
}

export function fitMessage(sheet: ArbreSheet): string {
  const { layout, entryCount } = sheet;
  const count = entryCount === 1 ? '1 entrée' : `${entryCount} entrées`;
  if (layout.fits) {
    return `L’Arbre (${count}) tient sur une page, en caractères de ${formatPoints(layout.level.fontPt)} sur ${layout.columns} colonnes.`;
  }
  return `L’Arbre (${count}) ne tient pas sur une page de ce format, même en caractères de ${formatPoints(MIN_FONT_PT)}.`;
}

export function formatPoints(points: number): string {
  return `${String(points).replace('.', ',')}\u00a0pt`;
}
